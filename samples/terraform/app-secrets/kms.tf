resource "aws_kms_key" "app" {
  description         = "app secrets, parameters and Lambda environment"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Account", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        # The reporting account reads the database secret through Secrets Manager only.
        Sid       = "ReportingViaSecretsManager"
        Effect    = "Allow"
        Principal = { AWS = local.reporting_arn }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.us-east-1.amazonaws.com" } }
      },
    ]
  })
}

resource "aws_kms_alias" "app" {
  name          = "alias/app"
  target_key_id = aws_kms_key.app.key_id
}

# KMS keys are regional: the eu-west-1 replica of the secret needs a key in eu-west-1.
resource "aws_kms_key" "app_eu" {
  provider            = aws.eu
  description         = "app secrets, eu-west-1 replicas"
  enable_key_rotation = true
}
