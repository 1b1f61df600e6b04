"""The simulated CloudTrail: trails delivering log files to S3, optionally encrypted with KMS.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
