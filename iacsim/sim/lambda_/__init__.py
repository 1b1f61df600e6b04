"""The simulated Lambda (boto3 ``lambda``): functions whose environment is encrypted with KMS.

``client.py`` registers the service; :class:`~iacsim.sim.cloud.Cloud` imports it on first use."""
