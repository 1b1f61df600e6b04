# The key that protects the billing configuration kept in this repository: the database
# password is committed only as ciphertext (secrets.tf), bound to an encryption context.
resource "aws_kms_key" "config" {
  description         = "Billing configuration committed as ciphertext"
  enable_key_rotation = true
}

resource "aws_kms_alias" "config" {
  name          = "alias/billing-config"
  target_key_id = aws_kms_key.config.key_id
}
