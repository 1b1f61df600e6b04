# A symmetric customer managed key with rotation on, an optional alias, and a key policy
# made of the account root statement plus one statement for the key's users.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "EnableIAMUserPermissions"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  # Only when there are users: a statement without principals is invalid.
  dynamic "statement" {
    for_each = length(var.key_user_arns) > 0 ? [var.key_user_arns] : []

    content {
      sid       = "AllowKeyUsers"
      actions   = ["kms:Decrypt", "kms:DescribeKey"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = statement.value
      }

      dynamic "condition" {
        for_each = length(var.via_services) > 0 ? [var.via_services] : []

        content {
          test     = "StringEquals"
          variable = "kms:ViaService"
          values   = condition.value
        }
      }
    }
  }
}

resource "aws_kms_key" "this" {
  description             = var.description
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.this.json
}

resource "aws_kms_alias" "this" {
  count = var.alias_name == null ? 0 : 1

  name          = var.alias_name
  target_key_id = aws_kms_key.this.key_id
}
