"""ECS rules (task definitions: container secrets and plaintext environment)."""
