resource "aws_sns_topic" "alerts" {
  name              = "ops-alerts"
  kms_master_key_id = aws_kms_alias.notifications.name
}

# Producers of the topic: the uploads bucket (S3) and the queue-depth alarm (CloudWatch).
resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "S3Uploads"
        Effect    = "Allow"
        Principal = { Service = "s3.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.alerts.arn
        Condition = {
          ArnLike      = { "aws:SourceArn" = aws_s3_bucket.uploads.arn }
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      },
      {
        Sid       = "CloudWatchAlarms"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.alerts.arn
        Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:cloudwatch:${local.region}:${local.account_id}:alarm:*" } }
      },
    ]
  })
}

resource "aws_s3_bucket" "uploads" {
  bucket = "example-uploads-111122223333"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  topic {
    topic_arn = aws_sns_topic.alerts.arn
    events    = ["s3:ObjectCreated:*"]
  }
  depends_on = [aws_sns_topic_policy.alerts]
}

resource "aws_cloudwatch_metric_alarm" "queue_depth" {
  alarm_name          = "orders-work-backlog"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 300
  statistic           = "Maximum"
  threshold           = 1000
  dimensions          = { QueueName = aws_sqs_queue.orders.name }
  alarm_actions       = [aws_sns_topic.alerts.arn]
}
