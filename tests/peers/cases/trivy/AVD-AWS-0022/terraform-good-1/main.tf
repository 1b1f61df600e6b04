resource "aws_kms_key" "docdb_encryption" {
  enable_key_rotation = true
}

resource "aws_docdb_cluster" "docdb" {
  cluster_identifier = "my-docdb-cluster"
  master_username    = "foo"
  master_password    = "mustbeeightchars"
  kms_key_id         = aws_kms_key.docdb_encryption.arn
}
