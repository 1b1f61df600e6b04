resource "aws_efs_file_system" "exports" {
  creation_token = "orders-exports"
  encrypted      = true
  kms_key_id     = aws_kms_key.data.arn

  tags = {
    Name = "orders-exports"
  }
}
