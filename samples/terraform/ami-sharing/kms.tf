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

  # What EC2 needs, acting for a principal of the workloads account, to launch from the
  # shared AMI: decrypt the snapshot's data key, re-encrypt it for the new volume, and
  # describe the key. The workloads account delegates this further with IAM (iam.tf).
  statement {
    sid = "AllowWorkloadsAccountUseOfTheKey"
    actions = [
      "kms:Decrypt",
      "kms:ReEncrypt*",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:DescribeKey",
    ]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.workloads_account_id}:root"]
    }
  }

  # EBS attaches the key to the new volume through a grant; allow grants only when they
  # are for an AWS resource, not for arbitrary grantees.
  statement {
    sid       = "AllowWorkloadsAccountToCreateGrantsForEBS"
    actions   = ["kms:CreateGrant"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.workloads_account_id}:root"]
    }

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }
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
