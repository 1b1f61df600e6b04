# One replica per region. A module instance cannot switch provider per for_each key, so
# each region is its own module call with its own provider mapping.

module "replica_eu" {
  source = "./modules/kms-replica"

  providers = {
    aws = aws.eu_west_1
  }

  primary_key_arn = aws_kms_key.orders.arn
  description     = "Orders data key (replica, eu-west-1)"
  policy          = data.aws_iam_policy_document.orders_key.json
  aliases         = [local.orders_alias]
}

module "replica_ap" {
  source = "./modules/kms-replica"

  providers = {
    aws = aws.ap_southeast_2
  }

  primary_key_arn = aws_kms_key.orders.arn
  description     = "Orders data key (replica, ap-southeast-2)"
  policy          = data.aws_iam_policy_document.orders_key.json
  aliases         = [local.orders_alias]
}
