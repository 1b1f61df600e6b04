"""RDS/Aurora rules."""
