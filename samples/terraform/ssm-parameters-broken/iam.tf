data "aws_iam_policy_document" "billing_app_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "billing_app" {
  name               = "${var.app}-app"
  assume_role_policy = data.aws_iam_policy_document.billing_app_trust.json
}

# Reading a SecureString needs ssm:GetParameter* on the parameter *and* kms:Decrypt on its
# key (KMS developer guide, "How AWS Systems Manager Parameter Store uses AWS KMS").
data "aws_iam_policy_document" "billing_app_read_config" {
  statement {
    sid = "ReadBillingParameters"
    actions = [
      "ssm:GetParameter",
      "ssm:GetParameters",
      "ssm:GetParametersByPath",
    ]
    resources = ["arn:aws:ssm:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:parameter${local.prefix}/*"]
  }

  statement {
    sid       = "DecryptBillingParameters"
    actions   = ["kms:Decrypt"]
    resources = [module.kms.key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ssm.${data.aws_region.current.name}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "billing_app_read_config" {
  name   = "read-config"
  role   = aws_iam_role.billing_app.id
  policy = data.aws_iam_policy_document.billing_app_read_config.json
}
