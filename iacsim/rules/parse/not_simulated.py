from __future__ import annotations

from typing import ClassVar

from iacsim.rules.parse.rule import ParseRule


class NotSimulated(ParseRule):
    """Valid input that iacsim reads but does not simulate — reported in the coverage section, not as findings.

    What it does:
        Notes input that iacsim reads but deliberately does not expand: CloudFormation transforms (SAM,
        macros, ``Fn::ForEach``), nested stack templates (``AWS::CloudFormation::Stack``), Terraform
        modules from a registry or a remote source that are not downloaded (``terraform init`` has not run),
        a ``count`` or ``for_each`` that depends on such a value, data sources that read live
        infrastructure, and a ``--cfn-param`` a template does not declare. Each is said once, at the line
        that introduces it, as a *notice* in the report's coverage section with what to do about it — never
        as a finding, so ``--fail-on low`` does not fail valid code. Resource types iacsim does not model
        and the reasons flows are unknown are counted in the same section.
    Why it matters:
        The resources these produce at deploy time are not in the simulated accounts, so the scan cannot
        check them or the flows that use them. The notice says where the scan stops seeing the deployment
        and how to let it see further.
    Example:
        module "kms" {
          source  = "terraform-aws-modules/kms/aws"
          version = "~> 3.0"
        }
    Fix:
        Run ``terraform init`` before the scan so modules are downloaded, scan nested stack templates and
        processed (``sam build``) templates directly, give unknown values with ``--var``/``--cfn-param``, or
        accept the gap: notices never change the verdict.
    References:
        https://developer.hashicorp.com/terraform/cli/commands/init
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros.html
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-nested-stacks.html
    """

    id = "PARSE003"
    name = "not-simulated"
    summary = "Valid input iacsim reads but does not simulate (reported in the coverage section, not as findings)"
    severity = "info"
    reported_in: ClassVar[str] = "coverage"
