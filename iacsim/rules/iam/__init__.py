"""IAM identity-policy rules."""
