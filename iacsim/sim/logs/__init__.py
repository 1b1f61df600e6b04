"""The simulated CloudWatch Logs: log groups encrypted with a KMS key.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
