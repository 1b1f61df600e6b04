"""EC2 image (AMI) rules."""
