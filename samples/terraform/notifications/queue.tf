resource "aws_sqs_queue" "orders" {
  name                              = "orders-work"
  kms_master_key_id                 = aws_kms_key.notifications.arn
  kms_data_key_reuse_period_seconds = 300
}

# Producers of the queue: the ops-alerts topic (SNS) and the EC2 state-change rule (EventBridge).
resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "FromTheAlertsTopic"
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.orders.arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.alerts.arn } }
      },
      {
        Sid       = "FromEventBridge"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.orders.arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.ec2_state.arn } }
      },
    ]
  })
}

resource "aws_sns_topic_subscription" "orders" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.orders.arn
}

resource "aws_cloudwatch_event_rule" "ec2_state" {
  name          = "ec2-state-changes"
  event_pattern = jsonencode({ source = ["aws.ec2"], "detail-type" = ["EC2 Instance State-change Notification"] })
}

resource "aws_cloudwatch_event_target" "ec2_state" {
  rule = aws_cloudwatch_event_rule.ec2_state.name
  arn  = aws_sqs_queue.orders.arn
}

# The consumer: receives from the queue and decrypts through SQS.
resource "aws_iam_role" "worker" {
  name = "orders-worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "worker" {
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource = aws_sqs_queue.orders.arn },
      { Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.notifications.arn },
    ]
  })
}
