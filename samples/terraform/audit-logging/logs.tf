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

# The trail's events also go to CloudWatch Logs (for metric filters and alarms), in a log group under
# the same key. CloudTrail assumes trail-to-logs and writes <account>_CloudTrail_<region> streams
# ("Sending events to CloudWatch Logs").
resource "aws_cloudwatch_log_group" "trail_events" {
  name              = "/audit/cloudtrail"
  kms_key_id        = aws_kms_key.logs.arn
  retention_in_days = 365
}

resource "aws_iam_role" "trail_to_logs" {
  name = "trail-to-logs"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "trail_to_logs" {
  name = "write-trail-events"
  role = aws_iam_role.trail_to_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.trail_events.arn}:log-stream:${var.account_id}_CloudTrail_*"
    }]
  })
}
