"""The simulated DynamoDB: tables encrypted with an AWS owned, AWS managed or customer key.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
