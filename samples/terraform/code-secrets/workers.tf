# Billing workers fetch the password at boot with their instance role; nothing secret is
# written into user data.
data "aws_iam_policy_document" "assume_ec2" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "billing-worker"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json
}

resource "aws_iam_role_policy" "worker" {
  name = "read-db-password"
  role = aws_iam_role.worker.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ssm:GetParameter"]
        Resource = aws_ssm_parameter.db_password.arn
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = aws_kms_key.config.arn
        Condition = {
          StringEquals = { "kms:ViaService" = "ssm.us-east-1.amazonaws.com" }
        }
      },
    ]
  })
}

resource "aws_iam_instance_profile" "worker" {
  name = "billing-worker"
  role = aws_iam_role.worker.name
}

resource "aws_launch_template" "worker" {
  name     = "billing-worker"
  image_id = "ami-0123456789abcdef0"

  iam_instance_profile {
    name = aws_iam_instance_profile.worker.name
  }

  user_data = base64encode(<<-EOT
    #!/bin/bash
    set -euo pipefail
    DB_PASSWORD="$(aws ssm get-parameter --name /billing/prod/db-password --with-decryption \
      --query Parameter.Value --output text)"
    export DB_PASSWORD
    exec /opt/billing/worker
  EOT
  )
}
