"""Secrets written into EC2 user data."""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.code_secrets import UserDataShape
from iacsim.model.ssm import ValueShape
from iacsim.rules._secrets import secret_reasons
from iacsim.rules.base import Hit, Rule, RuleContext

_NAMED = ValueShape(present=True, known=True, length_bytes=1)
"""A known, non-empty literal: the user data summary kept the names of such assignments only."""


class SecretInUserData(Rule):
    """A plaintext secret in EC2 user data.

    What it does:
        Judges the user data of instances and launch templates (``user_data``, ``user_data_base64``,
        ``UserData``, ``LaunchTemplateData.UserData``: base64 and gzip decoded, and plain text read as written
        even where base64 is required, CODE003) by value shape (access
        keys, private keys, tokens, ``password=…`` assignments) and by the names of variables assigned a
        literal (``DB_PASSWORD=…``), with the shared detector of SSM201/LAMBDA201. The value is never
        printed; high entropy alone is not enough (AMI, subnet and volume ids are random-looking too).
        Secrets in ``String`` parameters are SSM201's, in Lambda/ECS environments LAMBDA201/ECS201's.
    Why it matters:
        User data is not protected: anyone allowed ``ec2:DescribeInstanceAttribute`` or
        ``ec2:DescribeLaunchTemplateVersions`` reads it, every process on the instance can fetch it from
        the instance metadata service, and it is kept in the Terraform state and CloudFormation template.
    Example:
        user_data = "#!/bin/bash\\nexport DB_PASSWORD=hunter2hunter2\\n..."
    Fix:
        Store the secret as an SSM SecureString or a Secrets Manager secret and fetch it at boot
        (``aws ssm get-parameter --with-decryption`` / ``aws secretsmanager get-secret-value``) with the
        instance profile's role, allowed ``kms:Decrypt`` on the key.
    References:
        https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html
        https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html
    """

    id = "CODE202"
    name = "secret-in-user-data"
    summary = "Plaintext secret in EC2 user data"
    category = "security"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for shape in ctx.world.of_type(UserDataShape):
            reasons: list[str] = []
            strong = [s for s in shape.secret_signals if s != "high-entropy"]
            if strong:
                reasons.append("it contains what looks like a credential (" + ", ".join(strong) + ")")
            names = [n for n in shape.secret_names if secret_reasons(n, _NAMED)]
            if names:
                reasons.append("it assigns literal values to " + ", ".join(names))
            if reasons:
                yield Hit(shape, f"{shape.attribute} of {shape.target}: {' and '.join(reasons)}; user data is "
                                 "readable through the EC2 API and instance metadata (the value is not shown)",
                          fix="keep the secret in an SSM SecureString or Secrets Manager and fetch it at boot "
                              "with the instance role (aws ssm get-parameter --with-decryption)")


class UserDataNotBase64(Rule):
    """User data that must be base64-encoded is not.

    What it does:
        Flags a launch template's ``user_data`` (Terraform), an instance's ``user_data_base64``, and
        CloudFormation ``UserData`` / ``LaunchTemplateData.UserData`` whose known value is not valid
        base64 (typically a script written without ``base64encode(…)`` or ``Fn::Base64``).
    Why it matters:
        The EC2 API takes user data base64-encoded in these places; it rejects the request
        (``InvalidUserData.Malformed``: invalid BASE64 encoding of user data), so the launch template
        or instance is not created. ``aws_instance.user_data`` is the only argument that takes plain text
        (the provider encodes it).
    Example:
        resource "aws_launch_template" "web" { user_data = "#!/bin/bash\\n..." }
    Fix:
        ``user_data = base64encode(<<-EOT … EOT)`` (Terraform), ``UserData: !Base64 …`` (CloudFormation).
    References:
        https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/launch_template
        https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-launchtemplate-launchtemplatedata.html
        https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RequestLaunchTemplateData.html
    """

    id = "CODE003"
    name = "user-data-not-base64"
    summary = "User data that the EC2 API takes base64-encoded is not valid base64"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for shape in ctx.world.of_type(UserDataShape):
            if shape.encoding == "invalid-base64":
                cfn = shape.attribute[:1].isupper()
                yield Hit(shape, f"{shape.attribute} of {shape.target} is not valid base64: EC2 rejects it "
                                 "(InvalidUserData.Malformed)",
                          fix="UserData: !Base64 <script>" if cfn else "user_data = base64encode(<script>)")
