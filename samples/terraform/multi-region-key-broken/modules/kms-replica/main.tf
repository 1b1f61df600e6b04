# A replica of a multi-Region primary key, in whatever region the caller's `aws` provider
# points at, plus its aliases. Aliases are regional, so every replica needs its own even
# when the name is the same as the primary's.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

resource "aws_kms_replica_key" "this" {
  description             = var.description
  primary_key_arn         = var.primary_key_arn
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = var.policy
}

resource "aws_kms_alias" "this" {
  for_each = toset(var.aliases)

  name          = each.value
  target_key_id = aws_kms_replica_key.this.key_id
}
