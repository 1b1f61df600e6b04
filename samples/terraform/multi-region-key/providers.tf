# One account (111122223333), three regions. Every provider states its account twice:
# the deployment role it assumes and allowed_account_ids, so a plan run with the wrong
# credentials fails before touching anything.

locals {
  account_id      = "111122223333"
  deployment_role = "arn:aws:iam::111122223333:role/terraform-deployer"
}

# Primary region: the multi-Region primary key lives here.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = [local.account_id]

  assume_role {
    role_arn     = local.deployment_role
    session_name = "orders-kms"
  }
}

provider "aws" {
  alias               = "eu_west_1"
  region              = "eu-west-1"
  allowed_account_ids = [local.account_id]

  assume_role {
    role_arn     = local.deployment_role
    session_name = "orders-kms"
  }
}

provider "aws" {
  alias               = "ap_southeast_2"
  region              = "ap-southeast-2"
  allowed_account_ids = [local.account_id]

  assume_role {
    role_arn     = local.deployment_role
    session_name = "orders-kms"
  }
}
