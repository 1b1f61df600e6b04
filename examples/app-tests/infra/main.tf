# The infrastructure of the example application (app.py): a customer managed key, the role the
# application runs as (a Lambda function's), and its parameters. The tests in tests/ run app.py against
# the simulated cloud iacsim builds from this file.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = [local.account_id]
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = null
}

locals {
  account_id = "123456789012"
}

resource "aws_kms_key" "app" {
  description         = "app secrets"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIAMPolicies"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
    ]
  })
}

resource "aws_kms_alias" "app" {
  name          = "alias/app-secrets"
  target_key_id = aws_kms_key.app.key_id
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "app" {
  name = "app"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "UseAppKey"
        Effect   = "Allow"
        Action   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.app.arn
      },
      {
        Sid      = "AppParameters"
        Effect   = "Allow"
        Action   = ["ssm:PutParameter", "ssm:GetParameter"]
        Resource = "arn:aws:ssm:us-east-1:${local.account_id}:parameter/app/*"
      },
    ]
  })
}

resource "aws_ssm_parameter" "db_password" {
  name   = "/app/db-password"
  type   = "SecureString"
  key_id = aws_kms_key.app.arn
  value  = var.db_password
}

resource "aws_ssm_parameter" "db_host" {
  name  = "/app/db-host"
  type  = "String"
  value = "db.internal.example.com"
}
