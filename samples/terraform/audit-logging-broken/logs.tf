resource "aws_cloudwatch_log_group" "app" {
  name              = local.log_group_name
  kms_key_id        = aws_kms_key.logs.arn
  retention_in_days = 90
}

# On-call engineers read the application's logs; CloudWatch Logs decrypts for them.
resource "aws_iam_role" "log_reader" {
  name = "log-reader"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "log_reader" {
  name = "read-app-logs"
  role = aws_iam_role.log_reader.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:GetLogEvents", "logs:FilterLogEvents", "logs:DescribeLogStreams"]
      Resource = "${aws_cloudwatch_log_group.app.arn}:*"
    }]
  })
}
