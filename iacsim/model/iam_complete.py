"""Whether the model holds every permission of a role, user or group, and if not, what is missing.

Missing information is neither an allow nor a deny (docs/architecture.md §4): a principal whose
permissions may come from something the scan did not model has an *incomplete* permission set, and
the simulator answers ``unknown`` for every denial an unseen Allow could lift
(``IamBackend.mark_incomplete``). ``build_world`` records the reason on each principal's
``permissions_incomplete``, naming the object it could not see into:

* an attached managed policy that is AWS managed but not in iacsim's snapshot of AWS managed policies
  (:mod:`iacsim.aws.managed_policies`: a misspelt name or one published since), not in the scan, or
  whose ARN or document is not known statically;
* an inline policy whose document is not known statically;
* for a user, a group that is not in the scan or is itself incomplete;
* gaps noted while linking (:func:`note`): an untranslated policy-bearing resource, an attachment or
  inline policy whose principal is not known statically, an exclusive policy list naming a policy
  the scan does not hold.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from iacsim.aws import managed_policies
from iacsim.model.base import ModelObject
from iacsim.model.iam import IamGroup, IamRole, IamUser, InlinePolicy, PolicyAttachment
from iacsim.model.ids import Ref
from iacsim.model.world import World
from iacsim.values import Unknown

Principal = IamRole | IamUser | IamGroup


def note(existing: str | None, reason: str) -> str:
    """``existing`` with ``reason`` added (once), ``; ``-separated."""
    if existing is None:
        return reason
    parts = existing.split("; ")
    return existing if reason in parts else f"{existing}; {reason}"


def describe(ref: Ref) -> str:
    """A reference as a reader can look it up: the string, or the Unknown's address or reason."""
    if isinstance(ref, Unknown):
        return ref.ref or ref.reason
    return ref


def _unreadable(document: object) -> bool:
    """A document the replay cannot use at all. One known in part (``jsonencode`` with an ARN known only
    after apply) or as text with names the replay stands in for (a heredoc naming a ``random_pet`` bucket)
    is seeded as far as it is known, and the seed itself notes whatever it still cannot create."""
    return isinstance(document, Unknown) and document.partial is None and document.template is None


def _inline_gap(policy: InlinePolicy, owner: str) -> str | None:
    if not _unreadable(policy.policy.document):
        return None
    if policy.address == owner:
        name = policy.name if isinstance(policy.name, str) else "?"
        return f"{owner}: inline policy {name}: the policy document is not known statically"
    return f"{policy.address}: the policy document is not known statically"


def _attachment_gap(world: World, attachment: PolicyAttachment) -> str | None:
    arn = attachment.policy_arn
    if managed_policies.is_aws_managed(arn):
        return None if managed_policies.document(arn) is not None else managed_policies.missing_reason(arn)
    found = world.find_policy(arn, account=attachment.account)
    if found is not None:
        if _unreadable(found.policy.document):
            return f"{found.address}: the policy document is not known statically"
        return None
    if isinstance(arn, Unknown):
        return f"{attachment.address}: the attached policy's ARN is not known statically ({describe(arn)})"
    return f"the managed policy {arn} (attached by {attachment.address}) is not in the scan"


def _own_gaps(world: World, principal: Principal) -> Iterator[str]:
    for policy in principal.inline_policies:
        gap = _inline_gap(policy, principal.address)
        if gap is not None:
            yield gap
    for attachment in principal.attached_policies:
        gap = _attachment_gap(world, attachment)
        if gap is not None:
            yield gap


def _reason(existing: str | None, gaps: Iterable[str]) -> str | None:
    out = existing
    for gap in gaps:
        out = note(out, gap)
    return out


def with_completeness(objects: list[ModelObject], world: World) -> list[ModelObject]:
    """``objects`` with ``permissions_incomplete`` filled on every role, user and group; ``world`` holds
    these same objects (for finding policies and groups).

    Groups first: a user's permission set includes its groups', so an incomplete group makes its
    members incomplete too (naming the group).
    """
    groups: dict[int, IamGroup] = {}
    for obj in objects:
        if isinstance(obj, IamGroup):
            groups[id(obj)] = dataclasses.replace(
                obj, permissions_incomplete=_reason(obj.permissions_incomplete, _own_gaps(world, obj)))
    out: list[ModelObject] = []
    for obj in objects:
        if isinstance(obj, IamGroup):
            out.append(groups[id(obj)])
        elif isinstance(obj, IamRole):
            out.append(dataclasses.replace(
                obj, permissions_incomplete=_reason(obj.permissions_incomplete, _own_gaps(world, obj))))
        elif isinstance(obj, IamUser):
            gaps = [*_own_gaps(world, obj), *_group_gaps(world, obj, groups)]
            out.append(dataclasses.replace(obj, permissions_incomplete=_reason(obj.permissions_incomplete, gaps)))
        else:
            out.append(obj)
    return out


def _group_gaps(world: World, user: IamUser, completed: dict[int, IamGroup]) -> Iterator[str]:
    for ref in user.groups:
        group = world.find_group(ref, account=user.account)
        if group is None:
            yield f"group {describe(ref)} of {user.address} is not in the scan: its policies are not known"
            continue
        reason = completed[id(group)].permissions_incomplete
        if reason is not None:
            yield f"group {group.address}: {reason}"
