"""The simulated RDS: encrypted DB instances, clusters and snapshots.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
