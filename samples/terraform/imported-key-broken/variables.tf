variable "payments_key_material" {
  description = <<-EOT
    Base64 of the 256-bit symmetric key material generated in the payments HSM. Never
    committed: the pipeline passes it as TF_VAR_payments_key_material from the HSM export.
  EOT
  type        = string
  sensitive   = true
}

variable "key_material_valid_to" {
  description = "RFC 3339 time at which KMS deletes the imported material (it must be re-imported before then)"
  type        = string
}

variable "replica_region" {
  description = "Region of the replica key used by the disaster-recovery deployment"
  type        = string
  default     = "us-west-2"
}
