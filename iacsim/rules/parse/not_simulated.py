from __future__ import annotations

from iacsim.rules.parse.rule import ParseRule


class NotSimulated(ParseRule):
    """Input that iacsim reads but does not simulate (transforms, unsupported types).

    What it does:
        Notes input that iacsim reads but deliberately does not expand: CloudFormation transforms (SAM,
        macros, ``Fn::ForEach``), nested stack templates (``AWS::CloudFormation::Stack``), and Terraform
        modules from a registry or a remote source that are not downloaded (``terraform init`` has not run).
        Each is said once, at the line that introduces it.
    Why it matters:
        The resources these produce at deploy time are not in the simulated accounts, so the scan cannot
        check them or the flows that use them. The note says where the scan stops seeing the deployment.
    Example:
        module "kms" {
          source  = "terraform-aws-modules/kms/aws"
          version = "~> 3.0"
        }
    Fix:
        Run ``terraform init`` before the scan so modules are downloaded, scan nested stack templates
        directly, or accept the gap (a baseline records the note like any finding).
    References:
        https://developer.hashicorp.com/terraform/cli/commands/init
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros.html
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-nested-stacks.html
    """

    id = "PARSE003"
    name = "not-simulated"
    summary = "Input that iacsim reads but does not simulate (transforms, unsupported types)"
    severity = "low"
