resource "aws_dynamodb_table" "bad_example" {
  name = "example"
}
