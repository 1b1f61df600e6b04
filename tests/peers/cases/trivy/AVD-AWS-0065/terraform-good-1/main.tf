resource "aws_kms_key" "good_example" {
  enable_key_rotation = true
}
