"""Secrets Manager rules (secrets encrypted with KMS keys, their replicas and resource policies)."""
