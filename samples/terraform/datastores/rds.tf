resource "aws_db_instance" "orders" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "orders_admin"
  manage_master_user_password = true
  storage_encrypted           = true
  kms_key_id                  = aws_kms_key.data.arn
  backup_retention_period     = 7
  skip_final_snapshot         = true
}

# Cross-Region read replica: the source is named by ARN and the key is the DR Region's replica key.
resource "aws_db_instance" "orders_dr" {
  provider            = aws.dr
  identifier          = "orders-dr"
  instance_class      = "db.t4g.medium"
  replicate_source_db = aws_db_instance.orders.arn
  kms_key_id          = aws_kms_replica_key.data_dr.arn
  skip_final_snapshot = true
}

resource "aws_db_instance_automated_backups_replication" "orders" {
  provider               = aws.dr
  source_db_instance_arn = aws_db_instance.orders.arn
  kms_key_id             = aws_kms_replica_key.data_dr.arn
  retention_period       = 7
}
