output "key_arn" {
  description = "ARN of the replica key"
  value       = aws_kms_replica_key.this.arn
}

output "key_id" {
  description = "Key id (shared with the primary: mrk-...)"
  value       = aws_kms_replica_key.this.key_id
}

output "alias_arns" {
  description = "Alias ARNs by alias name"
  value       = { for name, alias in aws_kms_alias.this : name => alias.arn }
}
