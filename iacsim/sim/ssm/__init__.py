"""The simulated Systems Manager Parameter Store (SecureString parameters encrypted with KMS).

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
