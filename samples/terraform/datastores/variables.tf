variable "account_id" {
  description = "Workload account that owns the databases and their keys."
  type        = string
  default     = "111122223333"
}

variable "region" {
  description = "Primary Region."
  type        = string
  default     = "us-east-1"
}

variable "dr_region" {
  description = "Disaster-recovery Region (read replica, replicated backups, table replica)."
  type        = string
  default     = "us-west-2"
}
