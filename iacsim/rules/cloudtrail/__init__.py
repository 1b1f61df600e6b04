"""CloudTrail rules (trails, their delivery bucket and KMS key)."""
