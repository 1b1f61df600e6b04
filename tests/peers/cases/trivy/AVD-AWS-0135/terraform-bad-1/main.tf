resource "aws_sqs_queue" "bad_example" {
  kms_master_key_id = "alias/aws/sqs"
}
