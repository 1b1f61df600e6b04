"""The question asked of the evaluator, and the request context AWS would build for it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from iacsim.aws.arn import Arn
from iacsim.policy.principals import Principal, parse_principal

ContextValue = str | Sequence[str]


@dataclass(frozen=True)
class AuthorizationRequest:
    """Can ``principal`` do ``action`` on ``resource``?

    Only ``principal``, ``action`` and ``resource`` are required; everything else refines the
    request context (IAM User Guide, "Policy evaluation logic: the request context").
    """

    principal: str
    """IAM user/role ARN, assumed-role session ARN, account root ARN or bare account id, service
    principal (``s3.amazonaws.com``) or ``"anonymous"``."""
    action: str
    """``service:Operation``, e.g. ``kms:Decrypt`` (case-insensitive)."""
    resource: str
    """Resource ARN (``*`` for actions without a resource)."""
    resource_account: str | None = None
    """Account owning the resource; derived from the ARN when absent (S3 bucket ARNs carry none)."""
    context: Mapping[str, ContextValue] = field(default_factory=dict)
    """Condition keys (case-insensitive names) to str or list-of-str values. Values given here
    override the automatically filled ones."""
    encryption_context: Mapping[str, str] | None = None
    """KMS encryption context of the request; fills ``kms:EncryptionContext:<k>`` and
    ``kms:EncryptionContextKeys`` and is what grant constraints are checked against."""
    key_spec: str | None = None
    """KMS key spec (``SYMMETRIC_DEFAULT``, ``RSA_2048``, ``HMAC_256``...): limits grant operations."""
    key_usage: str | None = None
    """KMS key usage (``ENCRYPT_DECRYPT``, ``SIGN_VERIFY``, ``GENERATE_VERIFY_MAC``, ``KEY_AGREEMENT``)."""
    key_manager: str | None = None
    """``"AWS"`` for AWS managed keys (``alias/aws/s3``...), ``"CUSTOMER"`` otherwise."""
    aws_managed_key_service: str | None = None
    """For an AWS managed key, the service it belongs to (``s3`` for ``aws/s3``); the key is then
    usable only through that service (kms:ViaService) by callers in its own account."""
    principal_id: str | None = None
    """Unique id of the IAM user or role (``AIDA…``/``AROA…``) when known: fills ``aws:userid``
    (``AROA…:session`` for a role session). Unknown statically in general, hence optional."""
    unknown_accounts: Mapping[str, str] = field(default_factory=dict)
    """Stand-in accounts (placeholders for accounts the caller does not know) → how to supply the real one.
    A decision that would change had a stand-in been an account named elsewhere in the request or the
    policies is ``unknown`` (:mod:`iacsim.policy.standins`), never an allow or a deny."""

    @property
    def caller(self) -> Principal:
        return parse_principal(self.principal)

    @property
    def service(self) -> str:
        """The action's service prefix, lower-cased (``kms``)."""
        return self.action.partition(":")[0].lower()

    @property
    def operation(self) -> str:
        """The action's operation name as written (``Decrypt``)."""
        return self.action.partition(":")[2]

    @property
    def owning_account(self) -> str | None:
        if self.resource_account:
            return self.resource_account
        return account_of_arn(self.resource)


def account_of_arn(arn: str) -> str | None:
    """The account field of an ARN, None when absent (S3 buckets) or not an ARN."""
    parsed = Arn.parse(arn)
    return parsed.account or None if parsed else None


def region_of_arn(arn: str) -> str | None:
    parsed = Arn.parse(arn)
    return parsed.region or None if parsed else None
