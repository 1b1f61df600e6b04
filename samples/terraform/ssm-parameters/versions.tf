terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40"
    }
    # aws_ssm_parameter has no `policies` argument (terraform-provider-aws#39310), so the
    # parameter that needs an Expiration policy uses the Cloud Control provider, whose
    # awscc_ssm_parameter maps AWS::SSM::Parameter including Tier and Policies.
    awscc = {
      source  = "hashicorp/awscc"
      version = ">= 1.0"
    }
  }
}
