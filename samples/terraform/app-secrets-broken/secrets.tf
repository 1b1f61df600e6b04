resource "aws_secretsmanager_secret" "db" {
  name       = "app/db"
  kms_key_id = aws_kms_key.app.arn

  replica {
    region     = "eu-west-1"
    kms_key_id = aws_kms_key.app_eu.arn
  }
}

# Rotated monthly by the database's rotation function (SM203: a secret nobody rotates stays valid forever).
resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:us-east-1:111122223333:function:app-db-rotation"
  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = var.db_password
}

# BROKEN: the secret's resource policy was dropped, so the reporting role in 444455556666 is
# refused by Secrets Manager even though the key policy and its own policy allow it (SM102).
# resource "aws_secretsmanager_secret_policy" "db" {
#   secret_arn          = aws_secretsmanager_secret.db.arn
#   block_public_policy = true
#   policy = jsonencode({
#     Version = "2012-10-17"
#     Statement = [{
#       Sid       = "ReportingReads"
#       Effect    = "Allow"
#       Principal = { AWS = local.reporting_arn }
#       Action    = "secretsmanager:GetSecretValue"
#       Resource  = "*"
#     }]
#   })
# }

resource "aws_ssm_parameter" "api_token" {
  name   = "/app/api-token"
  type   = "SecureString"
  key_id = aws_kms_key.app.arn
  value  = var.api_token
}
