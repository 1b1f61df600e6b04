"""The simulated S3: buckets, objects, default encryption (SSE-S3/SSE-KMS) and replication.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
