"""CloudFormation dynamic references (``{{resolve:ssm|ssm-secure|secretsmanager:…}}``)."""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.code_secrets import CfnDynamicReference
from iacsim.model.ssm import SsmParameter
from iacsim.rules.base import FlowRule, Hit, Rule, RuleContext

SSM_SECURE_PROPERTIES: dict[str, tuple[tuple[str, ...], ...]] = {
    "AWS::DirectoryService::MicrosoftAD": (("Password",),),
    "AWS::DirectoryService::SimpleAD": (("Password",),),
    "AWS::ElastiCache::ReplicationGroup": (("AuthToken",),),
    "AWS::IAM::User": (("LoginProfile", "Password"),),
    "AWS::KinesisFirehose::DeliveryStream": (("RedshiftDestinationConfiguration", "Password"),),
    "AWS::OpsWorks::App": (("AppSource", "Password"),),
    "AWS::OpsWorks::Stack": (("CustomCookbooksSource", "Password"), ("RdsDbInstances", "DbPassword")),
    "AWS::RDS::DBCluster": (("MasterUserPassword",),),
    "AWS::RDS::DBInstance": (("MasterUserPassword",),),
    "AWS::Redshift::Cluster": (("MasterUserPassword",),),
}
"""The resource properties that accept ``ssm-secure`` ("Resources that support dynamic parameter
patterns for secure strings", CloudFormation User Guide); list indexes are not path segments."""


def is_custom_resource(resource_type: str) -> bool:
    return resource_type == "AWS::CloudFormation::CustomResource" or resource_type.startswith("Custom::")


def cfn_path(ref: CfnDynamicReference) -> str:
    """The property path as CloudFormation's error names it: ``AWS::SQS::Queue/Properties/QueueName``."""
    return "/".join((ref.resource_type, "Properties", *ref.property_path))


class SecureReferenceUnsupported(Rule):
    """A secure dynamic reference where CloudFormation does not accept one.

    What it does:
        Flags ``{{resolve:ssm-secure:…}}`` in any resource property outside CloudFormation's list of
        properties that support it (RDS/Redshift ``MasterUserPassword``, IAM user ``LoginProfile.Password``,
        ElastiCache ``AuthToken``, Directory Service ``Password``…), and ``ssm-secure`` or
        ``secretsmanager`` references in custom resources.
    Why it matters:
        CloudFormation rejects the template at CreateStack/UpdateStack ("SSM Secure reference is not
        supported in: [<type>/Properties/<path>]"): the deployment fails before any resource is created.
    Example:
        QueueName: !Sub "q-{{resolve:ssm-secure:/app/token}}"  # AWS::SQS::Queue does not accept ssm-secure
    Fix:
        Use ``{{resolve:secretsmanager:…}}`` (accepted in any property of a non-custom resource), or let
        the application read the SecureString at run time; custom resources should receive the parameter
        name and read it themselves.
    References:
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm-secure-strings.html
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
    """

    id = "CODE001"
    name = "secure-reference-unsupported-here"
    summary = "ssm-secure (or a secure reference in a custom resource) where CloudFormation rejects it"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for ref in ctx.world.of_type(CfnDynamicReference):
            if ref.service in ("ssm-secure", "secretsmanager") and is_custom_resource(ref.resource_type):
                yield Hit(ref, f"{ref.reference} in a custom resource ({cfn_path(ref)}): CloudFormation does not "
                               "resolve secure dynamic references for custom resources",
                          fix="pass the parameter or secret name to the custom resource and read it there")
            elif ref.service == "ssm-secure" and ref.property_path not in SSM_SECURE_PROPERTIES.get(
                    ref.resource_type, ()):
                yield Hit(ref, f"{ref.reference}: SSM Secure reference is not supported in: [{cfn_path(ref)}] "
                               "(CreateStack fails with a ValidationError)",
                          fix="use {{resolve:secretsmanager:<secret>:SecretString:<key>}} here, or read the "
                              "SecureString at run time")


class PlainReferenceToSecureString(Rule):
    """``{{resolve:ssm:…}}`` names a SecureString parameter.

    What it does:
        Flags ``ssm`` dynamic references whose parameter is in the scan and is a ``SecureString``.
    Why it matters:
        The ``ssm`` pattern resolves String and StringList parameters only; SecureString parameters need
        ``ssm-secure`` (and only in the properties that support it). The stack operation fails on the
        reference.
    Example:
        MasterUserPassword: "{{resolve:ssm:/prod/db/password}}"  # /prod/db/password is a SecureString
    Fix:
        ``{{resolve:ssm-secure:/prod/db/password}}`` where supported, otherwise a Secrets Manager secret
        with ``{{resolve:secretsmanager:…}}``.
    References:
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm.html
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm-secure-strings.html
    """

    id = "CODE002"
    name = "plain-reference-to-secure-string"
    summary = "{{resolve:ssm:…}} names a SecureString parameter"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for ref in ctx.world.of_type(CfnDynamicReference):
            if ref.service != "ssm":
                continue
            param = ctx.world.find_parameter(ref.target, account=ref.account, region=ref.region)
            if isinstance(param, SsmParameter) and param.type == "SecureString":
                yield Hit(ref, f"{ref.reference} names {param.address}, a SecureString: the ssm pattern resolves "
                               "String and StringList parameters only",
                          fix=f"{ref.reference.replace('resolve:ssm:', 'resolve:ssm-secure:')} (in a property "
                              "that supports it)")


class DeployerCannotResolveReference(FlowRule):
    """The stack's deployer cannot read or decrypt a dynamic reference.

    What it does:
        Replays what CloudFormation does for each ``{{resolve:…}}`` whose parameter or secret is in the
        scan: ``ssm:GetParameters`` (WithDecryption for ``ssm-secure``) or
        ``secretsmanager:GetSecretValue``, as the principal deploying the stack (the account root,
        assumed), which makes KMS decrypt through the service with the parameter's or secret's key.
    Why it matters:
        The stack operation fails and rolls back on the resource holding the reference, typically because
        the key policy keeps ``kms:Decrypt`` to the application role only.
    Example:
        A SecureString encrypted with a key whose policy denies ``kms:Decrypt`` to everyone but the app role,
        referenced as ``{{resolve:ssm-secure:/prod/db/password}}`` in ``MasterUserPassword``.
    Fix:
        Allow the deploying role (or the stack's service role) ``kms:Decrypt`` on the key, through the
        service (``kms:ViaService = ssm.<region>.amazonaws.com`` / ``secretsmanager.<region>…``).
    References:
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm-secure-strings.html
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html
        https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html
    """

    id = "CODE103"
    name = "deployer-cannot-resolve-reference"
    summary = "The stack deployer cannot read or decrypt a dynamic reference"
    severity = "high"
