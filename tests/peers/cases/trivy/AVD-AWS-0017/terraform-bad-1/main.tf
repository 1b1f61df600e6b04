resource "aws_cloudwatch_log_group" "bad_example" {
  name = "bad_example"

}
