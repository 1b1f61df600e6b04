"""S3 encryption and replication rules."""
