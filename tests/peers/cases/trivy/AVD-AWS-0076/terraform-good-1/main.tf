resource "aws_neptune_cluster" "good_example" {
  kms_key_arn       = "test"
  storage_encrypted = true
}
