# Configuration of the billing service in Parameter Store:
#   * two secrets as SecureString under a customer managed key (not aws/ssm: a customer
#     managed key is needed to share or audit access per application), one of them in the
#     Advanced tier because the payment provider's key blob can exceed 4 KB;
#   * a plain String for a non-secret endpoint;
#   * a temporary promotion banner that deletes itself through an Expiration policy
#     (parameter policies exist only in the Advanced tier).
# The billing-app role reads everything under /billing/prod/.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  prefix       = "/${var.app}/${var.environment}"
  app_role_arn = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${var.app}-app"

  # Secret parameters and their tier; values come from var.secure_values (a sensitive
  # map cannot itself drive for_each).
  secure_parameters = {
    "db-password"     = "Standard"
    "payment-api-key" = "Advanced"
  }
}

module "kms" {
  source = "./modules/kms"

  alias_name    = "alias/${var.app}-${var.environment}-parameters"
  description   = "Encrypts ${local.prefix}/* SecureString parameters"
  key_user_arns = [local.app_role_arn]
  # Key users may decrypt only through Parameter Store in this region.
  via_services = ["ssm.${data.aws_region.current.name}.amazonaws.com"]
}

resource "aws_ssm_parameter" "secure" {
  for_each = local.secure_parameters

  name   = "${local.prefix}/${each.key}"
  type   = "SecureString"
  tier   = each.value
  key_id = module.kms.key_arn
  value  = var.secure_values[each.key]

  tags = {
    App = var.app
  }
}

resource "aws_ssm_parameter" "db_host" {
  name  = "${local.prefix}/db-host"
  type  = "String"
  tier  = "Standard"
  value = "billing-prod.cluster-c1xaq2bzjk7d.us-east-1.rds.amazonaws.com"
}

resource "awscc_ssm_parameter" "promo_banner" {
  name  = "${local.prefix}/promo-banner"
  type  = "String"
  tier  = "Advanced"
  value = "Winter sale: 20% off annual plans until January 5"

  # Parameter Store deletes the parameter at the Expiration timestamp and notifies
  # EventBridge 15 days before (Systems Manager user guide, "Assigning parameter policies").
  policies = jsonencode([
    {
      Type       = "Expiration"
      Version    = "1.0"
      Attributes = { Timestamp = "2027-01-05T00:00:00.000Z" }
    },
    {
      Type       = "ExpirationNotification"
      Version    = "1.0"
      Attributes = { Before = "15", Unit = "Days" }
    },
  ])
}
