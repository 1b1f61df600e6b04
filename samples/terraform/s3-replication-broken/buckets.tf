# Replication requires versioning on both buckets (S3 user guide, "Requirements for
# replication"). Default encryption is SSE-KMS with each bucket's own regional key; bucket
# keys cut KMS request costs (and change the encryption context to the bucket ARN).

resource "aws_s3_bucket" "source" {
  bucket = "acme-invoices-111122223333-use1"
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "source" {
  bucket = aws_s3_bucket.source.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.source.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket" "destination" {
  provider = aws.replica

  bucket = "acme-invoices-111122223333-usw2"
}

resource "aws_s3_bucket_versioning" "destination" {
  provider = aws.replica

  bucket = aws_s3_bucket.destination.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "destination" {
  provider = aws.replica

  bucket = aws_s3_bucket.destination.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.replica.arn
    }
    bucket_key_enabled = true
  }
}
