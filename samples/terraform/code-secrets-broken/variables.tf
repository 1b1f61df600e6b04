variable "account_id" {
  description = "Account the billing workers run in."
  type        = string
  default     = "111122223333"
}
