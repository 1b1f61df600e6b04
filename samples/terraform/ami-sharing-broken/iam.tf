# Cross-account use needs both halves: the key policy names the workloads account (kms.tf)
# and, inside the workloads account, an IAM policy lets its principal use the key (KMS
# developer guide, "Allowing users in other accounts to use a KMS key").

data "aws_iam_policy_document" "app_launcher_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.workloads_account_id}:root"]
    }
  }
}

resource "aws_iam_role" "app_launcher" {
  provider = aws.workloads

  name               = "app-launcher"
  assume_role_policy = data.aws_iam_policy_document.app_launcher_trust.json
}

data "aws_iam_policy_document" "app_launcher" {
  statement {
    sid       = "LaunchInstances"
    actions   = ["ec2:RunInstances", "ec2:DescribeImages"]
    resources = ["*"]
  }

  statement {
    sid = "UseSharedAmiKey"
    actions = [
      "kms:DescribeKey",
      "kms:Decrypt",
      "kms:ReEncrypt*",
      "kms:GenerateDataKeyWithoutPlaintext",
    ]
    resources = [aws_kms_key.ami.arn]
  }

  statement {
    sid       = "CreateGrantsForEBS"
    actions   = ["kms:CreateGrant"]
    resources = [aws_kms_key.ami.arn]

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role_policy" "app_launcher" {
  provider = aws.workloads

  name   = "launch-golden-ami"
  role   = aws_iam_role.app_launcher.id
  policy = data.aws_iam_policy_document.app_launcher.json
}
