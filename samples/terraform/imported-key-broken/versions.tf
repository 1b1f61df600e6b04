terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.x: resources accept a per-resource `region` argument, used below for the replica
      # instead of a second aliased provider.
      version = ">= 6.0"
    }
  }
}
