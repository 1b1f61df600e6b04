# Payments key with imported ("bring your own") key material. Compliance requires the
# material to originate in the payments HSM, so the key is EXTERNAL origin:
#   * KMS never rotates imported material automatically; the runbook rotates by importing
#     new material (on-demand rotation) or by repointing alias/payments at a new key, which
#     is why applications address the key only through the alias;
#   * the material expires at valid_to and the key is unusable until it is re-imported.
# It is a multi-Region key so the DR region can decrypt with the same material.

data "aws_caller_identity" "current" {}

locals {
  account_root         = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"
  payments_service_arn = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${aws_iam_role.payments_service.name}"
}

data "aws_iam_policy_document" "payments_service_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "payments_service" {
  name               = "payments-service"
  assume_role_policy = data.aws_iam_policy_document.payments_service_trust.json
}

data "aws_iam_policy_document" "payments_key" {
  statement {
    sid       = "EnableIAMUserPermissions"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  statement {
    sid = "AllowPaymentsServiceUse"
    actions = [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:GenerateDataKey*",
      "kms:DescribeKey",
    ]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.payments_service_arn]
    }
  }
}

resource "aws_kms_external_key" "payments" {
  description             = "Payments card-data key (imported material, multi-Region primary)"
  multi_region            = true
  deletion_window_in_days = 30
  key_material_base64     = var.payments_key_material
  valid_to                = var.key_material_valid_to
  policy                  = data.aws_iam_policy_document.payments_key.json

  tags = {
    Service        = "payments"
    MaterialSource = "payments-hsm"
  }
}

# The replica must receive the *same* material as its primary (KMS "Importing key material
# into multi-Region keys"); it expires independently, so it gets the same valid_to.
resource "aws_kms_replica_external_key" "payments" {
  region = var.replica_region

  description             = "Payments card-data key (imported material, DR replica)"
  primary_key_arn         = aws_kms_external_key.payments.arn
  deletion_window_in_days = 30
  key_material_base64     = var.payments_key_material
  valid_to                = var.key_material_valid_to
  policy                  = data.aws_iam_policy_document.payments_key.json
}

resource "aws_kms_alias" "payments" {
  name          = "alias/payments"
  target_key_id = aws_kms_external_key.payments.key_id
}

resource "aws_kms_alias" "payments_replica" {
  region = var.replica_region

  name          = "alias/payments"
  target_key_id = aws_kms_replica_external_key.payments.key_id
}
