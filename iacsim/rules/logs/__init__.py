"""CloudWatch Logs rules (log groups encrypted with KMS keys)."""
