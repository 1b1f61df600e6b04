resource "aws_efs_file_system" "exports" {
  creation_token = "orders-exports"
  # BROKEN: `encrypted = true` dropped while kms_key_id stays: CreateFileSystem accepts KmsKeyId only
  # with Encrypted (EFS002).
  kms_key_id = aws_kms_key.data.arn

  tags = {
    Name = "orders-exports"
  }
}
