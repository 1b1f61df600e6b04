# Orders data key: one multi-Region primary in us-east-1, replicated to eu-west-1 and
# ap-southeast-2 so the orders service can decrypt locally in every region it runs in.
# Related multi-Region keys share key id and key material, so ciphertext produced in one
# region decrypts in the others; key policy and aliases are per key and must be set on
# each replica (KMS developer guide, "Multi-Region keys in AWS KMS").

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  # Built from the role's configured name, so the principal reads the same in review, in a
  # plan and in every region. Referencing the role keeps the dependency: KMS rejects a key
  # policy naming a principal that does not exist yet (MalformedPolicyDocumentException).
  orders_app_role_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${aws_iam_role.orders_app.name}"
  orders_alias        = "alias/orders"
}

data "aws_iam_policy_document" "orders_app_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "orders_app" {
  name               = "orders-app"
  assume_role_policy = data.aws_iam_policy_document.orders_app_trust.json
}

# The same policy is attached to the primary and to both replicas: a principal that can
# encrypt in one region must be able to decrypt in the others.
data "aws_iam_policy_document" "orders_key" {
  # Default key policy statement: lets IAM policies in this account grant access to the
  # key. Without it IAM allows are ineffective (KMS "Default key policy").
  statement {
    sid       = "EnableIAMUserPermissions"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  # The application's own use of the key, granted directly in the key policy.
  statement {
    sid = "AllowOrdersAppUse"
    actions = [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:DescribeKey",
    ]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.orders_app_role_arn]
    }
  }
}

resource "aws_kms_key" "orders" {
  description             = "Orders data key (multi-Region primary)"
  multi_region            = true
  enable_key_rotation     = true # set on the primary only; replicas share it
  rotation_period_in_days = 365
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.orders_key.json

  tags = {
    Service = "orders"
  }
}

resource "aws_kms_alias" "orders" {
  name          = local.orders_alias
  target_key_id = aws_kms_key.orders.key_id
}
