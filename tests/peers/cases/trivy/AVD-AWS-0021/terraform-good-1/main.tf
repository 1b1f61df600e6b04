resource "aws_docdb_cluster" "good_example" {
  cluster_identifier = "my-docdb-cluster"
  master_username    = "foo"
  master_password    = "mustbeeightchars"
  storage_encrypted  = true
}
