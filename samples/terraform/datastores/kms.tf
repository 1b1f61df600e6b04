# One multi-Region key for the workload's data at rest, with a replica in the DR Region: every
# regional resource (DB instance, read replica, replicated backups, table replica) uses the key of
# its own Region.
locals {
  asg_role = "arn:aws:iam::${var.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"

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
      {
        # Auto Scaling launches as its service-linked role, whose own permissions do not cover
        # customer managed keys (key-policy-requirements-EBS-encryption).
        Sid       = "AutoScalingUse"
        Effect    = "Allow"
        Principal = { AWS = local.asg_role }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
      },
      {
        Sid       = "AutoScalingGrants"
        Effect    = "Allow"
        Principal = { AWS = local.asg_role }
        Action    = "kms:CreateGrant"
        Resource  = "*"
        Condition = { Bool = { "kms:GrantIsForAWSResource" = "true" } }
      },
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
