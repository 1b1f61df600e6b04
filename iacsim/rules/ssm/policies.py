from __future__ import annotations

import json
from collections.abc import Iterator

from iacsim.aws.ssm_limits import parse_policies
from iacsim.aws.violation import Violation
from iacsim.model.ssm import SsmParameter
from iacsim.rules._values import text
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class PolicyOnStandardParameter(Rule):
    """Parameter policies on a Standard-tier parameter.

    What it does:
        Flags ``policies`` / ``Policies`` on parameters whose tier is Standard (the default). In
        Terraform, parameter policies are written with ``awscc_ssm_parameter`` (the ``aws`` provider's
        ``aws_ssm_parameter`` has no ``policies`` argument).
    Why it matters:
        Parameter policies (Expiration, ExpirationNotification, NoChangeNotification) are available
        only for Advanced parameters; PutParameter fails. Intelligent-Tiering would choose Advanced.
    Example:
        resource "awscc_ssm_parameter" "banner" {
          name     = "/app/banner"
          type     = "String"
          value    = "Winter sale"
          policies = jsonencode([{ Type = "Expiration", Version = "1.0", Attributes = { Timestamp = "2027-01-01T00:00:00.000Z" } }])
        }
    Fix:
        ``tier = "Advanced"`` (charged per parameter-month) or ``"Intelligent-Tiering"``, or drop the policies.
    References:
        https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-policies.html
        https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html
    """

    id = "SSM001"
    name = "policy-on-standard-parameter"
    summary = "Parameter policies on a Standard-tier parameter"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for p in ctx.world.of_type(SsmParameter):
            if p.policies is not None and p.tier == "Standard":
                yield Hit(p, "parameter policies need the Advanced tier; this parameter is Standard",
                          fix=fix_for(p, 'tier = "Advanced"', "Tier: Advanced"), attr="policies")


class ParameterPolicyInvalid(Rule):
    """Parameter policies that are not valid JSON or not a valid policy list.

    What it does:
        Validates ``policies`` as PutParameter does: a JSON array of at most 10 policies (4096
        characters), each with Type Expiration, ExpirationNotification or NoChangeNotification,
        Version "1.0" and the attributes that type needs.
    Why it matters:
        PutParameter rejects the parameter (InvalidPolicyTypeException, InvalidPolicyAttributeException,
        PoliciesLimitExceededException…), so the apply fails.
    Example:
        policies = jsonencode([{ Type = "Expire", Version = "1.0", Attributes = {} }])
    Fix:
        Use the documented policy shapes, e.g.
        ``{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2027-01-01T00:00:00.000Z"}}``.
    References:
        https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-policies.html
        https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
    """

    id = "SSM002"
    name = "parameter-policy-invalid"
    summary = "Parameter policies that are malformed JSON or not valid policies"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for p in ctx.world.of_type(SsmParameter):
            if p.policies is None:
                continue
            if p.policies.parse_error:
                yield Hit(p, f"policies are not valid JSON: {p.policies.parse_error}", attr="policies")
                continue
            doc = p.policies.document
            if not isinstance(doc, list):
                if isinstance(doc, dict):
                    yield Hit(p, "policies must be a JSON array of policy objects", attr="policies")
                continue
            verdict = parse_policies(json.dumps(doc, separators=(",", ":")))
            if isinstance(verdict, Violation):
                yield Hit(p, f"{verdict.code}: {verdict.message}", attr="policies")


class ValueOverTierLimit(Rule):
    """A parameter value larger than its tier allows.

    What it does:
        Compares the value's size with the tier's limit: Standard 4 KB, Advanced and
        Intelligent-Tiering 8 KB. The value itself is never printed, only its size.
    Why it matters:
        PutParameter fails (ValidationException / ParameterMaxVersionLimitExceeded is not involved:
        the value is simply too large for the tier).
    Example:
        A PEM certificate chain of 6 KB in a Standard parameter.
    Fix:
        ``tier = "Advanced"`` (up to 8 KB) or ``"Intelligent-Tiering"``; beyond 8 KB use Secrets
        Manager (64 KB) or S3.
    References:
        https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html
    """

    id = "SSM003"
    name = "value-over-tier-limit"
    summary = "Parameter value larger than its tier allows"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for p in ctx.world.of_type(SsmParameter):
            size = p.value.length_bytes
            tier = text(p.tier)
            if size is None or tier is None:
                continue
            limit = 4096 if tier == "Standard" else 8192
            if size > limit:
                yield Hit(p, f"value is {size:,} bytes; the {tier} tier allows {limit:,}",
                          fix='tier = "Advanced"' if tier == "Standard" and size <= 8192 else
                          "store it in Secrets Manager or S3 instead")
