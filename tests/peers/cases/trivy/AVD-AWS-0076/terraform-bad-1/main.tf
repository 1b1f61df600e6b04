resource "aws_neptune_cluster" "bad_example" {
  storage_encrypted = false
}
