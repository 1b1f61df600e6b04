"""What applies to an object once AWS fills in the gaps: effective key policies and identity policies.

Flows and rules evaluate *documents*; the model keeps *references* (a role's attached
policy ARN, a key with no policy written). These helpers turn one into the other,
saying ``Unknown`` (with why) whenever the document is not in the scan, never guessing. An AWS
managed policy's document comes from iacsim's snapshot (:mod:`iacsim.aws.managed_policies`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from iacsim.aws import managed_policies
from iacsim.model.iam import IamGroup, IamRole, IamUser, PolicyAttachment
from iacsim.model.kms import KmsKey
from iacsim.model.world import World
from iacsim.policy.kms_rules import default_key_policy
from iacsim.values import Unknown

Document = Mapping[str, Any] | list[Any] | Unknown


def effective_key_policy(key: KmsKey) -> Document:
    """The key policy in force: the written one, or AWS's default when none is written."""
    if key.policy is not None:
        return key.policy.document
    if key.placement_unknown is not None and key.account == "unknown":
        return Unknown(
            f"default key policy names the owning account, which is unknown: {key.placement_unknown}"
        )
    return default_key_policy(key.account, key.partition)


PolicyKind = Literal["inline", "managed", "group-inline", "group-managed"]


@dataclass(frozen=True)
class IdentityPolicy:
    """One identity-based policy that applies to a principal."""

    kind: PolicyKind
    """How it applies: the principal's own inline or managed policy, or one of a group it belongs to."""
    source: str
    """Address of the resource that attached it, or the managed policy ARN when that is all we have."""
    name: str | Unknown | None
    """Policy name (inline) or managed policy ARN."""
    document: Document
    """The document; Unknown when the policy is not in the scan (AWS managed, another repository)."""
    via_group: str | None = None
    """For group policies: the group's name."""


def _managed(
    world: World, attachment: PolicyAttachment, kind: PolicyKind, group: str | None
) -> IdentityPolicy:
    policy = world.find_policy(attachment.policy_arn, account=attachment.account)
    arn = attachment.policy_arn
    if policy is not None:
        return IdentityPolicy(kind, attachment.address, arn, policy.policy.document, group)
    if managed_policies.is_aws_managed(arn):
        document = managed_policies.document(arn)
        known: Document = document if document is not None else Unknown(managed_policies.missing_reason(arn), arn)
        return IdentityPolicy(kind, attachment.address, arn, known, group)
    described = arn.ref or arn.reason if isinstance(arn, Unknown) else arn
    return IdentityPolicy(
        kind, attachment.address, arn, Unknown(f"managed policy {described} is not in the scan",
                                               arn if isinstance(arn, str) else arn.ref), group
    )


def identity_policies(world: World, principal: IamRole | IamUser | IamGroup) -> tuple[IdentityPolicy, ...]:
    """Every identity policy of ``principal``: inline, attached managed and (for users) its groups'."""
    out: list[IdentityPolicy] = [
        IdentityPolicy("inline", p.address, p.name, p.policy.document) for p in principal.inline_policies
    ]
    out.extend(_managed(world, a, "managed", None) for a in principal.attached_policies)
    if isinstance(principal, IamUser):
        for group_ref in principal.groups:
            group = world.find_group(group_ref, account=principal.account)
            group_name = group_ref if isinstance(group_ref, str) else (group_ref.ref or group_ref.reason)
            if group is None:
                out.append(
                    IdentityPolicy(
                        "group-inline",
                        principal.address,
                        None,
                        Unknown(f"group {group_name} is not in the scan: its policies are unknown"),
                        group_name,
                    )
                )
                continue
            out.extend(
                IdentityPolicy("group-inline", p.address, p.name, p.policy.document, group_name)
                for p in group.inline_policies
            )
            out.extend(_managed(world, a, "group-managed", group_name) for a in group.attached_policies)
    return tuple(out)


def permissions_boundary(world: World, principal: IamRole | IamUser) -> Document | None:
    """The permissions boundary document, None when there is none, Unknown when it is not in the scan."""
    ref = principal.permissions_boundary
    if ref is None:
        return None
    policy = world.find_policy(ref, account=principal.account)
    if policy is not None:
        return policy.policy.document
    if managed_policies.is_aws_managed(ref):
        document = managed_policies.document(ref)
        return document if document is not None else Unknown(managed_policies.missing_reason(ref), ref)
    described = ref if isinstance(ref, str) else (ref.ref or ref.reason)
    return Unknown(
        f"permissions boundary {described} is not in the scan", ref if isinstance(ref, str) else ref.ref
    )
