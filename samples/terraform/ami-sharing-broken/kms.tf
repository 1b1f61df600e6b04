# An AMI backed by encrypted snapshots can be shared only if every KMS key behind them is
# shared too, and never when the key is the AWS managed aws/ebs key (EC2 user guide,
# "Share an AMI with specific AWS accounts"; EBS user guide, "Share a KMS key"). Hence a
# customer managed key whose policy lets the workloads account use it.

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "ami_key" {
  statement {
    sid       = "EnableIAMUserPermissions"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  # BROKEN: no statement for the workloads account (444455556666). The AMI is still
  # shared with it (ami.tf), but its principals cannot use this key, so launching the
  # AMI there fails. See README.md.
}

resource "aws_kms_key" "ami" {
  description             = "Golden AMI snapshots (shared with the workloads account)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.ami_key.json
}

resource "aws_kms_alias" "ami" {
  name          = "alias/golden-ami"
  target_key_id = aws_kms_key.ami.key_id
}
