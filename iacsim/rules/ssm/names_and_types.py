from __future__ import annotations

from collections.abc import Iterator

from iacsim.aws.ssm_limits import check_parameter_name
from iacsim.model.kms import KmsKey
from iacsim.model.ssm import SsmParameter
from iacsim.rules._values import text
from iacsim.rules.base import Hit, Rule, RuleContext


class ParameterNameInvalid(Rule):
    """A parameter name Parameter Store refuses.

    What it does:
        Applies PutParameter's naming constraints: only ``a-zA-Z0-9_.-/``, a leading ``/`` for
        hierarchies, at most 15 levels and 1011 characters, and no name beginning with ``aws`` or
        ``ssm`` (case-insensitive).
    Why it matters:
        PutParameter fails with ValidationException (AccessDeniedException under ``/aws/``).
    Example:
        resource "aws_ssm_parameter" "p" { name = "ssm-db-password" ... }
    Fix:
        Rename, e.g. ``/app/db/password``.
    References:
        https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
        https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
    """

    id = "SSM004"
    name = "parameter-name-invalid"
    summary = "Parameter name that Parameter Store refuses"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for p in ctx.world.of_type(SsmParameter):
            name = text(p.name)
            if name is None:
                continue
            violation = check_parameter_name(name)
            if violation is not None:
                yield Hit(p, f"{violation.code}: {violation.message}")


class InsecureValueOnSecureString(Rule):
    """``insecure_value`` used on a SecureString parameter.

    What it does:
        Flags Terraform ``aws_ssm_parameter`` resources of type SecureString whose value is given with
        ``insecure_value``.
    Why it matters:
        The provider refuses the combination (``insecure_value`` is for non-sensitive String values
        shown in plans), so the plan fails; a secret in it would also be shown in plain text.
    Example:
        resource "aws_ssm_parameter" "p" {
          type           = "SecureString"
          insecure_value = "..."
        }
    Fix:
        Use ``value`` (sensitive) or ``value_wo`` (write-only, never stored in state).
    References:
        https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ssm_parameter
    """

    id = "SSM005"
    name = "insecure-value-on-secure-string"
    summary = "insecure_value on a SecureString parameter"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for p in ctx.world.of_type(SsmParameter):
            if p.type == "SecureString" and p.value.attribute == "insecure_value":
                yield Hit(p, "insecure_value cannot be used with type SecureString", fix="use value_wo or value")


class SecureStringInCloudFormation(Rule):
    """A SecureString parameter declared in CloudFormation.

    What it does:
        Flags ``AWS::SSM::Parameter`` resources with ``Type: SecureString``.
    Why it matters:
        CloudFormation supports only String and StringList for AWS::SSM::Parameter; the stack
        operation fails. (Templates can *read* SecureStrings with ``{{resolve:ssm-secure:...}}``.)
    Example:
        Password:
          Type: AWS::SSM::Parameter
          Properties: {Type: SecureString, Value: ...}
    Fix:
        Create the SecureString outside the template (CLI, Terraform), or use an
        ``AWS::SecretsManager::Secret`` with a generated secret.
    References:
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ssm-parameter.html
    """

    id = "SSM006"
    name = "secure-string-in-cloudformation"
    summary = "SecureString parameter declared in CloudFormation"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for p in ctx.world.of_type(SsmParameter):
            if p.type == "SecureString" and p.value.attribute == "Value":
                yield Hit(p, "CloudFormation cannot create SecureString parameters (String and StringList only)",
                          fix="create it outside the template, or use AWS::SecretsManager::Secret", attr="type")


class SecureStringOnUnsupportedKey(Rule):
    """A SecureString encrypted with a key that is not a symmetric encryption key.

    What it does:
        Resolves the parameter's ``key_id`` / ``KeyId`` in the scan and checks the key's spec and usage.
    Why it matters:
        Parameter Store encrypts with symmetric KMS keys only (as every KMS-integrated service does);
        PutParameter fails with an asymmetric or HMAC key.
    Example:
        key_id = aws_kms_key.rsa_signing.arn
    Fix:
        Use a symmetric encryption key (``SYMMETRIC_DEFAULT``, ``ENCRYPT_DECRYPT``).
    References:
        https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html
        https://docs.aws.amazon.com/kms/latest/developerguide/symmetric-asymmetric.html
    """

    id = "SSM007"
    name = "secure-string-on-unsupported-key"
    summary = "SecureString encrypted with an asymmetric or HMAC key"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for p in ctx.world.of_type(SsmParameter):
            if p.type != "SecureString" or p.key is None:
                continue
            key = ctx.world.find_key(p.key, account=p.account, region=p.region)
            if key is None:
                continue
            shared: KmsKey = (ctx.world.primary_of(key) or key) if key.replica_of is not None else key
            if shared.spec not in ("SYMMETRIC_DEFAULT",) and isinstance(shared.spec, str):
                yield Hit(p, f"{key.address} is a {shared.spec} key; SecureString needs a symmetric encryption key",
                          attr="key")
            elif shared.usage != "ENCRYPT_DECRYPT" and isinstance(shared.usage, str):
                yield Hit(p, f"{key.address} has usage {shared.usage}; SecureString needs ENCRYPT_DECRYPT", attr="key")
