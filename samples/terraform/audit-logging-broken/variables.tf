variable "account_id" {
  type    = string
  default = "111122223333"
}

variable "region" {
  type    = string
  default = "us-east-1"
}

locals {
  trail_name = "org-audit"
  # Built from its parts: the trail depends on the bucket policy and key, which name it (no cycle).
  trail_arn      = "arn:aws:cloudtrail:${var.region}:${var.account_id}:trail/${local.trail_name}"
  log_group_name = "/app/web"
}
