provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]

  assume_role {
    role_arn     = "arn:aws:iam::111122223333:role/terraform-deployer"
    session_name = "payments-kms"
  }
}
