"""KMS rules: keys, replicas, aliases, grants, key policies."""
