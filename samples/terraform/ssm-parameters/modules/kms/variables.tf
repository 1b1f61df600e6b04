variable "description" {
  description = "Description of the key"
  type        = string
}

variable "alias_name" {
  description = "Alias to create (alias/...), or null for none"
  type        = string
  default     = null
}

variable "key_user_arns" {
  description = "IAM principals allowed to decrypt with the key (key policy statement)"
  type        = list(string)
  default     = []
}

variable "via_services" {
  description = "If set, key users may use the key only through these service endpoints (kms:ViaService)"
  type        = list(string)
  default     = []
}

variable "deletion_window_in_days" {
  description = "Waiting period before deletion (7-30)"
  type        = number
  default     = 30
}
