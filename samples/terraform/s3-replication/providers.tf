# Source bucket in us-east-1, its replica in us-west-2, same account.

provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]

  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/terraform-deployer"
  }
}

provider "aws" {
  alias               = "replica"
  region              = "us-west-2"
  allowed_account_ids = ["111122223333"]

  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/terraform-deployer"
  }
}
