"""EFS rules."""
