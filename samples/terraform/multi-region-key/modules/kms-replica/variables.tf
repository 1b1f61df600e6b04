variable "primary_key_arn" {
  description = "ARN of the multi-Region primary key to replicate"
  type        = string
}

variable "description" {
  description = "Description of the replica key"
  type        = string
  default     = null
}

variable "policy" {
  description = "Key policy JSON for the replica (not copied from the primary by AWS)"
  type        = string
}

variable "aliases" {
  description = "Alias names (alias/...) to create for the replica in its region"
  type        = list(string)
  default     = []
}

variable "deletion_window_in_days" {
  description = "Waiting period before the replica is deleted (7-30)"
  type        = number
  default     = 30
}
