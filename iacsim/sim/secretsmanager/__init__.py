"""The simulated Secrets Manager: secrets encrypted with KMS, replicated across Regions.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
