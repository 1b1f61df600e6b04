"""Terraform resource types (``aws_*``) → model objects."""
