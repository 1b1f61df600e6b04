# The database password is committed only as ciphertext. Terraform decrypts it on every plan
# (as the deploying role) and writes it to a SecureString the workers read at boot.
#
# The payload is a test fixture in iacsim's simulated ciphertext format, made for
# aws_kms_key.config of account 111122223333 with the context below, scanning samples/ (README.md):
#   printf '%s' "$PASSWORD" | iacsim encrypt samples --world terraform/code-secrets-broken \
#     --key aws_kms_key.config --context app=billing --context purpose=db-password
# In a real repository it is the CiphertextBlob printed by
#   aws kms encrypt --key-id alias/billing-config --encryption-context app=billing,purpose=db-password ...
data "aws_kms_secrets" "billing" {
  secret {
    name    = "db_password"
    payload = "ATExMTEyMjIyMzMzMyQzODlmYWZkZi0yMDJlLTU4OTYtYmFmYi0xZGRjZjc3NzFjMTiMKDSPlqkHNJi56zJilHsvu4hj72Ynjr1OTt38dLDeVEUqstleyTVNY+i4EshOkaXaEL3CS/mvfojeZ4ZPQAnIegtzXIH+x4/uvcyPcBrPNgcwj6AJYSYNmlZ6Jg=="
    key_id  = aws_kms_key.config.arn

    # BROKEN: the payload was encrypted with purpose = "db-password"; KMS binds the ciphertext to
    # the exact context, so every plan fails with InvalidCiphertextException (CODE101).
    context = {
      app     = "billing"
      purpose = "database-password"
    }
  }
}

resource "aws_ssm_parameter" "db_password" {
  name   = "/billing/prod/db-password"
  type   = "SecureString"
  key_id = aws_kms_key.config.arn
  value  = data.aws_kms_secrets.billing.plaintext["db_password"]
}

# BROKEN: the payment provider's token is encrypted by Terraform itself; aws_kms_ciphertext keeps
# the plaintext in the Terraform state (and it must be in the configuration or a variable), so the
# key protects nothing (CODE201).
variable "payment_token" {
  description = "Payment provider API token."
  type        = string
  sensitive   = true
}

resource "aws_kms_ciphertext" "payment_token" {
  key_id    = aws_kms_key.config.key_id
  plaintext = var.payment_token

  context = {
    app     = "billing"
    purpose = "payment-token"
  }
}
