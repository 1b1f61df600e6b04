"""The simulated EFS: encrypted file systems.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
