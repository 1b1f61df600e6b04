# Two accounts: "tooling" (111122223333) builds and owns the golden AMI, "workloads"
# (444455556666) launches it.

provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]

  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/terraform-deployer"
  }
}

provider "aws" {
  alias               = "workloads"
  region              = "us-east-1"
  allowed_account_ids = ["444455556666"]

  assume_role {
    role_arn = "arn:aws:iam::444455556666:role/terraform-deployer"
  }
}
