"""SNS topic rules (SNS###): producers that cannot use a topic's key or policy, and open topic policies."""
