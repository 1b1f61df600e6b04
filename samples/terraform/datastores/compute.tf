resource "aws_launch_template" "worker" {
  name     = "orders-worker"
  image_id = "ami-0123456789abcdef0"

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 30
      volume_type = "gp3"
      encrypted   = true
      kms_key_id  = aws_kms_key.data.arn
    }
  }
}

resource "aws_autoscaling_group" "worker" {
  name               = "orders-worker"
  min_size           = 1
  max_size           = 4
  availability_zones = ["${var.region}a", "${var.region}b"]

  launch_template {
    id      = aws_launch_template.worker.id
    version = "$Latest"
  }
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "${var.region}a"
  size              = 100
  type              = "gp3"
  encrypted         = true
  kms_key_id        = aws_kms_key.data.arn
}
