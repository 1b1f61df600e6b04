variable "base_snapshot_id" {
  description = "Root volume snapshot produced by the image build (encrypted with aws/ebs, so not shareable as is)"
  type        = string
  default     = "snap-0a1b2c3d4e5f67890"
}

variable "workloads_account_id" {
  description = "Account the golden AMI is shared with"
  type        = string
  default     = "444455556666"
}
