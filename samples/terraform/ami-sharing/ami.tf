# Re-encrypt the build's root snapshot with the shareable key, register it as an AMI and
# grant the workloads account permission to launch it.

resource "aws_ebs_snapshot_copy" "root" {
  source_snapshot_id = var.base_snapshot_id
  source_region      = "us-east-1"
  description        = "Golden AMI root volume, re-encrypted with alias/golden-ami"
  encrypted          = true
  kms_key_id         = aws_kms_key.ami.arn
}

resource "aws_ami" "app" {
  name                = "app-golden"
  description         = "Application golden image"
  virtualization_type = "hvm"
  architecture        = "x86_64"
  ena_support         = true
  imds_support        = "v2.0"
  root_device_name    = "/dev/xvda"

  ebs_block_device {
    device_name           = "/dev/xvda"
    snapshot_id           = aws_ebs_snapshot_copy.root.id
    volume_type           = "gp3"
    volume_size           = 30
    encrypted             = true
    delete_on_termination = true
  }
}

# Launch permission only: the snapshot itself need not be shared for a launch, but its key
# must be (kms.tf).
resource "aws_ami_launch_permission" "workloads" {
  image_id   = aws_ami.app.id
  account_id = var.workloads_account_id
}
