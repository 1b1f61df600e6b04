provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  assume_role {
    role_arn = "arn:aws:iam::${var.account_id}:role/terraform-deployer"
  }
}

provider "aws" {
  alias               = "dr"
  region              = var.dr_region
  allowed_account_ids = [var.account_id]

  assume_role {
    role_arn = "arn:aws:iam::${var.account_id}:role/terraform-deployer"
  }
}
