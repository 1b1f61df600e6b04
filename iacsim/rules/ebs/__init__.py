"""EBS volume, launch template and Auto Scaling rules."""
