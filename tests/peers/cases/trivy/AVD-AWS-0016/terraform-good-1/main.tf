resource "aws_cloudtrail" "good_example" {
  enable_log_file_validation = true
}
