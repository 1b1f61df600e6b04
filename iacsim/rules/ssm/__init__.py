"""SSM Parameter Store rules."""
