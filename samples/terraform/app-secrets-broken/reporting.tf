# Account 444455556666 reads the database secret by ARN (cross-account: resource policy on the
# secret + the customer managed key's policy + this role's own policy).
resource "aws_iam_role" "reporting" {
  provider = aws.reporting
  name     = "reporting"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "reporting" {
  provider = aws.reporting
  role     = aws_iam_role.reporting.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = aws_secretsmanager_secret.db.arn },
      { Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.app.arn },
    ]
  })
}
