variable "account_id" {
  description = "Account the configuration is deployed to"
  type        = string
}

variable "app" {
  description = "Application name, first level of the parameter hierarchy"
  type        = string
}

variable "environment" {
  description = "Environment name, second level of the parameter hierarchy"
  type        = string
}

variable "secure_values" {
  description = "Secret values by parameter key; passed by the pipeline (TF_VAR_secure_values), never committed"
  type        = map(string)
  sensitive   = true
}
