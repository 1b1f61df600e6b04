# Event notifications into an encrypted SNS topic and SQS queue, from four AWS services:
# S3 (bucket notification → topic), CloudWatch (alarm → topic), SNS (topic → queue subscription) and
# EventBridge (rule → queue); a worker role consumes the queue. One customer managed key encrypts both.

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
  allowed_account_ids = ["111122223333"]
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/terraform-deployer"
  }
}

locals {
  account_id = "111122223333"
  region     = "us-east-1"
  # Known before apply, so the key policy can name them without a dependency cycle.
  topic_arn = "arn:aws:sns:${local.region}:${local.account_id}:ops-alerts"
  queue_arn = "arn:aws:sqs:${local.region}:${local.account_id}:orders-work"
}
