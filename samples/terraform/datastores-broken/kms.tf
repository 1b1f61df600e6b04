# One multi-Region key for the workload's data at rest, with a replica in the DR Region: every
# regional resource (DB instance, read replica, replicated backups, table replica) uses the key of
# its own Region.
locals {
  data_key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIAMPolicies"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      # BROKEN: no statement for AWSServiceRoleForAutoScaling. The root statement lets IAM policies
      # grant use of the key, but the service-linked role's permissions cannot be edited and do not
      # cover customer managed keys: every launch of the group terminates with Client.InternalError (EBS102).
    ]
  })
}

resource "aws_kms_key" "data" {
  description         = "Orders data at rest"
  multi_region        = true
  enable_key_rotation = true
  policy              = local.data_key_policy
}

resource "aws_kms_replica_key" "data_dr" {
  provider        = aws.dr
  description     = "Orders data at rest (DR replica)"
  primary_key_arn = aws_kms_key.data.arn
  policy          = local.data_key_policy
}

resource "aws_kms_alias" "data" {
  name          = "alias/orders-data"
  target_key_id = aws_kms_key.data.key_id
}
