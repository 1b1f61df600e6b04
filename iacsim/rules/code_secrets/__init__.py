"""Secrets in code: committed or Terraform-produced ciphertext, CloudFormation dynamic references,
secrets in EC2 user data (rule ids CODE###)."""
