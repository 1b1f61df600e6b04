# One key per region. S3 cannot use a key from another region, and it treats multi-Region
# keys as single-Region keys, so the destination gets its own key: the "replica key" that
# replication re-encrypts objects with (S3 user guide, "Replicating encrypted objects").

data "aws_caller_identity" "current" {}

# Both keys keep the default key policy: access is granted by IAM (the replication role's
# policy), which the root statement enables.
data "aws_iam_policy_document" "key_default" {
  statement {
    sid       = "EnableIAMUserPermissions"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_kms_key" "source" {
  description             = "Invoices bucket key (us-east-1)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.key_default.json
}

resource "aws_kms_alias" "source" {
  name          = "alias/invoices-source"
  target_key_id = aws_kms_key.source.key_id
}

resource "aws_kms_key" "replica" {
  provider = aws.replica

  description             = "Invoices replica bucket key (us-west-2)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.key_default.json
}

resource "aws_kms_alias" "replica" {
  provider = aws.replica

  name          = "alias/invoices-replica"
  target_key_id = aws_kms_key.replica.key_id
}
