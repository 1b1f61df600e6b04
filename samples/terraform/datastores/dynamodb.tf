# Global table (version 2019.11.21): the replica in the DR Region is encrypted with the replica key there.
resource "aws_dynamodb_table" "sessions" {
  name             = "sessions"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "id"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }

  replica {
    region_name = var.dr_region
    kms_key_arn = aws_kms_replica_key.data_dr.arn
  }
}
