resource "aws_ebs_volume" "example" {}
