# An application's secrets end to end: a database secret in Secrets Manager (customer managed key,
# replicated to eu-west-1, shared with a reporting role in another account), an API token as an SSM
# SecureString, a Lambda function whose environment is encrypted with the same key, and an ECS task
# whose execution role injects both secrets into the container at start.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/terraform-deployer"
  }
}

provider "aws" {
  alias               = "eu"
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/terraform-deployer"
  }
}

provider "aws" {
  alias               = "reporting"
  region              = "us-east-1"
  allowed_account_ids = ["444455556666"]
  assume_role {
    role_arn = "arn:aws:iam::444455556666:role/terraform-deployer"
  }
}

variable "db_password" {
  description = "Database password; set by the pipeline, never committed."
  type        = string
  sensitive   = true
}

variable "api_token" {
  description = "Upstream API token; set by the pipeline, never committed."
  type        = string
  sensitive   = true
}

locals {
  account_id    = "111122223333"
  reporting_arn = "arn:aws:iam::444455556666:role/reporting"
}
