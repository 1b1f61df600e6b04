# The key of the topic and the queue. AWS services that publish to them are producers: SNS/SQS call
# kms:GenerateDataKey and kms:Decrypt as *their* service principal, so each needs a statement here
# (the AWS managed aws/sns and aws/sqs keys cannot have one: their policy cannot be changed).
resource "aws_kms_key" "notifications" {
  description         = "Encrypts the ops-alerts topic and the orders-work queue"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIAMUserPermissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "S3EventNotifications"
        Effect    = "Allow"
        Principal = { Service = "s3.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
      {
        Sid       = "CloudWatchAlarms"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:cloudwatch:${local.region}:${local.account_id}:alarm:*" } }
      },
      # BROKEN: no statement for sns.amazonaws.com. The topic's subscription delivers to the queue as the SNS
      # service principal, which then cannot get a data key of this key: every delivery fails with
      # KMS.AccessDeniedException (SQS101). The statement removed was:
      #   Principal = { Service = "sns.amazonaws.com" }, Action = ["kms:GenerateDataKey*", "kms:Decrypt"],
      #   Condition = { StringEquals = { "kms:EncryptionContext:aws:sqs:arn" = local.queue_arn } }
      {
        Sid       = "EventBridgeRules"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
      },
    ]
  })
}

resource "aws_kms_alias" "notifications" {
  name          = "alias/notifications"
  target_key_id = aws_kms_key.notifications.key_id
}
