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

# BROKEN: no `providers = { aws = aws.ap_southeast_2 }` here, so this module call
# inherits the default `aws` provider (us-east-1): the "Sydney" replica is created in the
# primary's own region, which KMS ReplicateKey rejects. Its alias/orders then collides with
# aws_kms_alias.orders in 111122223333/us-east-1. See README.md.
module "replica_ap" {
  source = "./modules/kms-replica"

  primary_key_arn = aws_kms_key.orders.arn
  description     = "Orders data key (replica, ap-southeast-2)"
  policy          = data.aws_iam_policy_document.orders_key.json
  aliases         = [local.orders_alias]
}
