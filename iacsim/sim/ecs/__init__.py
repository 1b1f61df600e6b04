"""The simulated ECS: task definitions whose secrets come from SSM and Secrets Manager.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
