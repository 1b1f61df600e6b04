resource "aws_launch_configuration" "bad_example" {
  root_block_device {
    encrypted = false
  }
}
