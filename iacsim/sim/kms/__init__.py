"""The simulated KMS: keys, aliases, grants, rotation, imported material and real cryptography.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
