resource "aws_efs_file_system" "good_example" {
  name      = "bar"
  encrypted = true
}
