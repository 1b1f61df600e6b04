output "primary_key_arn" {
  description = "ARN of the multi-Region primary key"
  value       = aws_kms_key.orders.arn
}

output "replica_key_arns" {
  description = "Replica key ARNs by region"
  value = {
    "eu-west-1"      = module.replica_eu.key_arn
    "ap-southeast-2" = module.replica_ap.key_arn
  }
}
