resource "aws_instance" "bad_example" {
  ami           = "ami-7f89a64f"
  instance_type = "t1.micro"

  root_block_device {
    encrypted = false
  }

  ebs_block_device {
    device_name = "/dev/sdg"
    encrypted   = false
  }
}
