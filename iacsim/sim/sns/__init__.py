"""The simulated SNS: topics, subscriptions and server-side encryption with KMS.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
