"""Lambda rules (environment variables: their KMS key and plaintext secrets)."""
