# The database password is committed only as ciphertext. Terraform decrypts it on every plan
# (as the deploying role) and writes it to a SecureString the workers read at boot.
#
# The payload is a test fixture in iacsim's simulated ciphertext format, made for
# aws_kms_key.config of account 111122223333 with the context below, scanning samples/ (README.md):
#   printf '%s' "$PASSWORD" | iacsim encrypt samples --world terraform/code-secrets \
#     --key aws_kms_key.config --context app=billing --context purpose=db-password
# In a real repository it is the CiphertextBlob printed by
#   aws kms encrypt --key-id alias/billing-config --encryption-context app=billing,purpose=db-password ...
data "aws_kms_secrets" "billing" {
  secret {
    name    = "db_password"
    payload = "ATExMTEyMjIyMzMzMyRkZjJiMWJiMS0wMzcyLTU5YjgtYmYwMS01YTk2OTVjMWZlMTPTD/4AZotZW+9ORKSMVT3sHPsGgSPtJyQQiMIp2aoMc6NUmsHJf+v45ja4bRDrQcc18wXjWPIB0BHbfm4bBhvOFB0mkIomjHvTC3U6I9Ezgwe4O9kxleI+sDaxHg=="
    key_id  = aws_kms_key.config.arn

    context = {
      app     = "billing"
      purpose = "db-password"
    }
  }
}

resource "aws_ssm_parameter" "db_password" {
  name   = "/billing/prod/db-password"
  type   = "SecureString"
  key_id = aws_kms_key.config.arn
  value  = data.aws_kms_secrets.billing.plaintext["db_password"]
}
