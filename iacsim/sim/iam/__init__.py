"""The simulated IAM (users, roles, groups, policies) and STS (AssumeRole, caller identity).

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
