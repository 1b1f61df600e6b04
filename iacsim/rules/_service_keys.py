"""Shared by the CloudWatch Logs and CloudTrail rules: how a key reference is written, and whether a key
policy lets a service use the key — asked of the policy engine with the request the service really makes
(its principal, encryption context and source), so a rule and the replay never disagree on a statement."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from iacsim.aws.arn import Arn
from iacsim.model.effective import effective_key_policy
from iacsim.model.kms import KmsKey
from iacsim.policy import AuthorizationRequest, PolicyError, evaluate
from iacsim.policy.request import account_of_arn
from iacsim.values import Unknown, first_unknown

KeyRefForm = Literal["key-arn", "alias-arn", "key-id", "alias-name", "unknown"]

_ID_ATTRIBUTES = {"id": "key-id", "key_id": "key-id", "keyid": "key-id", "ref": "key-id", "name": "alias-name"}


def key_ref_form(ref: Any) -> KeyRefForm:
    """What a reference to a key gives the service: an ARN, a key id or an alias name.

    Terraform ``aws_kms_key.x.arn`` / CloudFormation ``!GetAtt Key.Arn`` are ARNs; ``.key_id``, ``.id`` and
    CloudFormation ``!Ref Key`` are key ids; ``aws_kms_alias.x.name`` is an alias name.
    """
    if isinstance(ref, str):
        if ref.startswith("arn:"):
            return "alias-arn" if ":alias/" in ref else "key-arn"
        return "alias-name" if ref.startswith("alias/") else "key-id"
    if isinstance(ref, Unknown) and ref.ref:
        attribute = ref.ref.rsplit(".", 1)[-1].lower() if "." in ref.ref.rsplit("/", 1)[-1] else ""
        if attribute in ("arn", "target_key_arn"):
            return "alias-arn" if "aws_kms_alias" in ref.ref and attribute == "arn" else "key-arn"
        form = _ID_ATTRIBUTES.get(attribute)
        if form == "key-id" and "aws_kms_alias" in ref.ref:
            return "alias-name"  # aws_kms_alias.x.id is the alias name
        if form is not None:
            return form  # type: ignore[return-value]
    return "unknown"


FOREIGN_ACCOUNT = "000000000000"
"""An account that is not in the scan, for asking whether a service would use a key for *someone else's*
resource (the confused deputy). No real account has this id."""


@dataclass(frozen=True)
class ServiceKeyUse:
    """The KMS request a service really makes when it uses a key for one of its resources.

    ``principal`` is the service principal it calls as (CloudWatch Logs: ``logs.<region>.amazonaws.com``,
    CloudTrail: ``cloudtrail.amazonaws.com``), ``context_key`` the encryption context key naming the
    resource (``aws:logs:arn``); ``aws:SourceArn``/``aws:SourceAccount`` name the resource and its account.
    """

    principal: str
    action: str
    context_key: str
    resource_arn: str
    """The ARN of the service's resource (a log group, a trail) the key is used for."""

    def request(self, key_arn: str) -> AuthorizationRequest:
        account = account_of_arn(self.resource_arn) or ""
        return AuthorizationRequest(
            principal=self.principal, action=self.action, resource=key_arn,
            encryption_context={self.context_key: self.resource_arn},
            context={"aws:SourceArn": self.resource_arn, "aws:SourceAccount": account})


def key_arn_of(key: KmsKey) -> str | None:
    """The key's ARN as the policy engine needs it (a stand-in id when the id is known only after apply:
    ``Resource: "*"`` in a key policy means the key whatever its id); None when its placement is unknown."""
    if isinstance(key.arn, str):
        return key.arn
    if not isinstance(key.account, str) or not isinstance(key.region, str) or "unknown" in (key.account, key.region):
        return None
    return str(Arn.kms_key(key.partition, key.region, key.account, "00000000-0000-0000-0000-000000000000"))


def key_policy_allows(key: KmsKey, use: ServiceKeyUse) -> bool | None:
    """Does the key's (effective) key policy let the service make ``use``? Asked of the policy engine — the
    same evaluation the replay's KMS does — never by matching principal strings. None when the policy (or
    a value in it) is not known statically, or the key's ARN is not."""
    document = effective_key_policy(key)
    arn = key_arn_of(key)
    if not isinstance(document, Mapping) or arn is None or first_unknown(document) is not None:
        return None
    try:
        return evaluate(use.request(arn), resource_policy=dict(document)).allowed
    except PolicyError:
        return None  # a malformed policy is reported by its own rules
