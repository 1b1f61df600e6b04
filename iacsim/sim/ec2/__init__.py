"""The simulated EC2: AMIs, snapshots and volumes, launch permissions and instance launches.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
