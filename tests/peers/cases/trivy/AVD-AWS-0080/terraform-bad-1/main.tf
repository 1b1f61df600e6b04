resource "aws_db_instance" "bad_example" {

}
