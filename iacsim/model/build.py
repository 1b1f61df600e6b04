"""``build_world``: loader resources → :class:`~iacsim.model.world.World`.

Three steps, each simple on its own:

1. *translate* every managed resource with the translator registered for its
   type (unknown types are counted, data sources counted and skipped);
2. *link* settings written as separate resources (key policies, bucket
   versioning/encryption/policy/replication, role policies and attachments,
   group memberships) into the object they name — a setting whose target is
   not in the scan stays in ``unattached`` with an ``unresolved-target``
   diagnostic;
3. *place* every object in its account and region, in the field its class is
   ``stored_in`` (:mod:`iacsim.model.slot`); which classes are merged settings
   is declared there too.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from iacsim.load.resource import Resource
from iacsim.model.base import ModelDiagnostic, ModelObject, NotReplayed, Policy, Unmodelled
from iacsim.model.iam import (
    ExclusivePolicies,
    GroupMembership,
    IamGroup,
    IamRole,
    IamUser,
    InlinePolicy,
    ModuleGap,
    PermissionsGap,
    PolicyAttachment,
)
from iacsim.model.iam_complete import describe, note, with_completeness
from iacsim.model.ids import AccountId, Address, Region
from iacsim.model.kms import KeyPolicy, KmsKey
from iacsim.model.registry import Translator, translator_for
from iacsim.model.s3 import (
    BucketEncryption,
    BucketPolicy,
    BucketVersioning,
    ReplicationConfiguration,
)
from iacsim.model.translate.iam_gaps import maybe_absent, unmodelled_grants, unread_module_gap
from iacsim.model.translate.not_replayed import unreplayed_ami_sharing, unreplayed_producers
from iacsim.model.world import Account, AccountRegion, World
from iacsim.values import Unknown

_T = TypeVar("_T", bound=ModelObject)

_BUCKET_FIELD: dict[type[ModelObject], str] = {
    BucketVersioning: "versioning",
    BucketEncryption: "encryption",
    BucketPolicy: "policy",
    ReplicationConfiguration: "replication",
}


def _diag(obj: ModelObject, code: str, message: str) -> ModelDiagnostic:
    return ModelDiagnostic(code=code, message=message, address=obj.address, source=obj.source)


def _translate(
    resources: Iterable[Resource],
) -> tuple[list[ModelObject], list[ModelDiagnostic], dict[str, list[Address]], int, tuple[NotReplayed, ...]]:
    objects: list[ModelObject] = []
    diagnostics: list[ModelDiagnostic] = []
    unmodelled: dict[str, list[Address]] = defaultdict(list)
    not_replayed: list[NotReplayed] = []
    data_sources = 0
    for resource in resources:
        if resource.mode == "module":  # a module call that is not downloaded: what it may grant is unknown
            objects.append(unread_module_gap(resource))
            continue
        if resource.mode == "data":
            # Data sources are reads, not resources; the few that carry what the scan must check
            # (``data "aws_kms_secrets"``: ciphertext committed to the repository) register as
            # ``data.<type>``.
            translator = translator_for(f"data.{resource.type}")
            if translator is None:
                data_sources += 1
                continue
        else:
            translator = translator_for(resource.type)
        if translator is None:
            unmodelled[resource.type].append(Address(resource.address))
            objects.extend(unmodelled_grants(resource))
            not_replayed.extend(unreplayed_producers(resource))
        else:
            _run(translator, resource, objects, diagnostics)
        # Translators registered as ``<origin>:*`` see every resource of that origin whatever its type
        # (CloudFormation dynamic references can sit in any property of any resource type). They run
        # after the type's own translator, whose object stays the main one of the address.
        every = translator_for(f"{resource.origin}:*")
        if every is not None:
            _run(every, resource, objects, diagnostics)
    not_replayed.extend(unreplayed_ami_sharing(objects))
    return objects, diagnostics, unmodelled, data_sources, tuple(not_replayed)


def _run(translator: Translator, resource: Resource, objects: list[ModelObject],
         diagnostics: list[ModelDiagnostic]) -> None:
    try:
        objects.extend(maybe_absent(list(translator(resource)), resource))
    except Exception as exc:  # a translator bug must not stop the scan; say which resource
        diagnostics.append(
            ModelDiagnostic(
                code="translate-error",
                # The exception text could quote attribute values (secrets): name its type only.
                message=f"could not translate {resource.type}: internal {type(exc).__name__}",
                address=Address(resource.address),
                source=resource.source,
            )
        )


class _Linker:
    """Merges fragments into their targets, found through a World of the main objects."""

    def __init__(self, mains: list[ModelObject]) -> None:
        self.mains = mains
        self.world = World(accounts=_place(mains))
        self.replaced: dict[int, ModelObject] = {}
        self.unattached: list[ModelObject] = []
        self.diagnostics: list[ModelDiagnostic] = []

    def current(self, obj: _T) -> _T:
        found = self.replaced.get(id(obj), obj)
        assert isinstance(found, type(obj))  # replace() keeps the class
        return found

    def update(self, original: ModelObject, **changes: Any) -> None:
        self.replaced[id(original)] = dataclasses.replace(self.current(original), **changes)

    def orphan(self, fragment: ModelObject, what: str, target: object) -> None:
        self.unattached.append(fragment)
        self.diagnostics.append(
            _diag(
                fragment,
                "unresolved-target",
                f"{what} {_describe(target)} is not in the scan; setting kept unattached",
            )
        )

    def link(self, fragment: ModelObject) -> None:
        if isinstance(fragment, KeyPolicy):
            key = self.world.find_key(fragment.key, account=fragment.account, region=fragment.region)
            if key is None:
                self.orphan(fragment, "key", fragment.key)
                return
            # Same document twice is a plan reading the separate policy back into the key: no conflict.
            if (
                self.current(key).policy_address is None
                and key.policy is not None
                and key.policy.document != fragment.policy.document
            ):
                self.diagnostics.append(
                    _diag(
                        fragment,
                        "duplicate-setting",
                        f"key {key.address} also has an inline policy; the last one applied wins",
                    )
                )
            self.update(
                key,
                policy=fragment.policy,
                policy_address=fragment.address,
                bypass_policy_lockout_safety_check=fragment.bypass_policy_lockout_safety_check,
            )
        elif isinstance(
            fragment, BucketVersioning | BucketEncryption | BucketPolicy | ReplicationConfiguration
        ):
            bucket = self.world.find_bucket(fragment.bucket)
            if bucket is None:
                self.orphan(fragment, "bucket", fragment.bucket)
                return
            name = _BUCKET_FIELD[type(fragment)]
            existing = getattr(self.current(bucket), name)
            # `terraform show -json` of applied infrastructure reads the separate resource's setting back
            # into the bucket's (computed) inline attribute: the same content twice is no conflict.
            if existing is not None and _substance(existing) != _substance(fragment):
                self.diagnostics.append(
                    _diag(
                        fragment,
                        "duplicate-setting",
                        f"bucket {bucket.address} {name} is also set by {existing.address}; "
                        "the two overwrite each other on every apply",
                    )
                )
            self.update(bucket, **{name: fragment})
        elif isinstance(fragment, InlinePolicy | PolicyAttachment):
            self._link_iam(fragment)
        elif isinstance(fragment, PermissionsGap):
            self._link_gap(fragment)
        elif isinstance(fragment, ModuleGap):
            self._link_module(fragment)
        elif isinstance(fragment, ExclusivePolicies):
            self._link_exclusive(fragment)

    def _principal(
        self, fragment: InlinePolicy | PolicyAttachment | PermissionsGap | ExclusivePolicies
    ) -> IamRole | IamUser | IamGroup | None:
        find = {"role": self.world.find_role, "user": self.world.find_user, "group": self.world.find_group}
        found: IamRole | IamUser | IamGroup | None = find[fragment.principal_kind](
            fragment.principal, account=fragment.account)
        return found

    def _note_unknown_principal(self, fragment: InlinePolicy | PolicyAttachment | PermissionsGap, why: str) -> None:
        """A grant to a principal not known statically may be to any principal of that kind in the account."""
        cls = _PRINCIPAL_CLASS[fragment.principal_kind]
        for principal in self.world.of_type(cls):
            if principal.account == fragment.account:
                self.note_gap(principal, why)

    def note_gap(self, principal: IamRole | IamUser | IamGroup, reason: str) -> None:
        self.update(principal, permissions_incomplete=note(self.current(principal).permissions_incomplete, reason))

    def _link_gap(self, gap: PermissionsGap) -> None:
        principal = self._principal(gap)
        if principal is not None:
            self.note_gap(principal, gap.reason)
        elif isinstance(gap.principal, Unknown):
            self._note_unknown_principal(gap, f"{gap.reason} (the {gap.principal_kind} is not known statically: "
                                              f"{describe(gap.principal)})")
        else:
            self.orphan(gap, gap.principal_kind, gap.principal)

    def _link_module(self, gap: ModuleGap) -> None:
        """Every principal the call is given, or — for a module of an unknown kind — every one in its account."""
        reached: list[IamRole | IamUser | IamGroup] = []
        for ref in gap.inputs:
            for find in (self.world.find_role, self.world.find_user, self.world.find_group):
                found = find(ref, account=gap.account)
                if found is not None:
                    reached.append(found)
        if gap.any_principal:
            reached += [p for cls in _PRINCIPAL_CLASS.values() for p in self.world.of_type(cls)
                        if p.account == gap.account]
        for principal in {id(p): p for p in reached}.values():
            self.note_gap(principal, gap.reason)

    def _link_exclusive(self, exclusive: ExclusivePolicies) -> None:
        """Drop the principal's policies the exclusive list does not name (run after every other fragment)."""
        principal = self._principal(exclusive)
        if principal is None:
            self.orphan(exclusive, exclusive.principal_kind, exclusive.principal)
            return
        if isinstance(exclusive.names, Unknown):
            self.note_gap(principal, f"{exclusive.address}: the {exclusive.policies} policies it keeps are not "
                                     f"known statically ({describe(exclusive.names)})")
            return
        current = self.current(principal)
        if exclusive.policies == "managed":
            kept = {self._policy_key(n, exclusive.account) for n in exclusive.names}
            if None not in kept:  # an entry not known statically could name any of them: keep all
                self.update(principal, attached_policies=tuple(
                    a for a in current.attached_policies if self._policy_key(a.policy_arn, a.account) in kept))
            return
        kept = {_ref_key(n) for n in exclusive.names}
        if None in kept:
            return
        self.update(principal, inline_policies=tuple(
            p for p in current.inline_policies if not isinstance(p.name, str) or p.name in kept))
        present = {p.name for p in current.inline_policies if isinstance(p.name, str)}
        for name in sorted(k for k in kept if k not in present and k is not None):
            # the exclusive resource only keeps inline policies; one it names comes from outside the scan
            self.note_gap(principal, f"{exclusive.address} keeps inline policy {name}, which is not in the scan")

    def _policy_key(self, ref: object, account: str) -> str | None:
        """A managed policy reference as comparable text: the scanned policy's address, else the ARN."""
        found = self.world.find_policy(ref, account=account) if isinstance(ref, str | Unknown) else None
        return found.address if found is not None else _ref_key(ref)

    def _link_iam(self, fragment: InlinePolicy | PolicyAttachment) -> None:
        principal = self._principal(fragment)
        if principal is None:
            self.orphan(fragment, fragment.principal_kind, fragment.principal)
            if isinstance(fragment.principal, Unknown):
                verb = "embeds a policy in" if isinstance(fragment, InlinePolicy) else "attaches a policy to"
                self._note_unknown_principal(fragment, f"{fragment.address} {verb} a {fragment.principal_kind} "
                                                       f"not known statically ({describe(fragment.principal)})")
            return
        current = self.current(principal)
        # A plan of applied infrastructure reads separately attached policies back into the role's
        # computed inline_policy / managed_policy_arns: replace such a read-back copy (same content,
        # written on the principal itself) by the separate resource instead of counting it twice.
        if isinstance(fragment, InlinePolicy):
            kept_inline = tuple(
                p
                for p in current.inline_policies
                if not (
                    p.address == principal.address
                    and (p.name, p.policy.document) == (fragment.name, fragment.policy.document)
                )
            )
            self.update(principal, inline_policies=(*kept_inline, fragment))
        else:
            kept_attached = tuple(
                a
                for a in current.attached_policies
                if not (a.address == principal.address and a.policy_arn == fragment.policy_arn)
            )
            self.update(principal, attached_policies=(*kept_attached, fragment))

    def link_membership(self, membership: GroupMembership) -> None:
        for user_ref in membership.users:
            user = self.world.find_user(user_ref, account=membership.account)
            if user is None:
                self.diagnostics.append(
                    _diag(membership, "unresolved-target", f"user {_describe(user_ref)} is not in the scan")
                )
                continue
            groups = self.current(user).groups
            if membership.group not in groups:
                self.update(user, groups=(*groups, membership.group))


_PRINCIPAL_CLASS: dict[str, type[IamRole | IamUser | IamGroup]] = {
    "role": IamRole, "user": IamUser, "group": IamGroup}


def _ref_key(ref: object) -> str | None:
    """What identifies a policy name or ARN for comparison: the string, or an Unknown's address."""
    if isinstance(ref, Unknown):
        return ref.ref
    return ref if isinstance(ref, str) else None


_PROVENANCE = frozenset(f.name for f in dataclasses.fields(ModelObject))
_SUBSTANCE_SKIP = _PROVENANCE | {"legacy_inline", "bucket"}


def _substance(setting: ModelObject) -> dict[str, Any]:
    """A setting's content without where it was written (to tell a read-back copy from a conflict)."""
    return {
        f.name: getattr(setting, f.name) for f in dataclasses.fields(setting) if f.name not in _SUBSTANCE_SKIP
    }


def _describe(ref: object) -> str:
    if isinstance(ref, Unknown):
        return ref.ref or f"<unknown: {ref.reason}>"
    return repr(ref)


def _place(objects: Iterable[ModelObject]) -> dict[AccountId, Account]:
    """Objects into the account or region field their class is ``stored_in``."""
    per_region: dict[tuple[AccountId, Region], dict[str, Any]] = defaultdict(lambda: defaultdict(list))
    per_account: dict[AccountId, dict[str, Any]] = defaultdict(lambda: defaultdict(list))
    assumed: dict[AccountId, bool] = {}
    singles: set[str] = set()
    for obj in objects:
        assumed[obj.account] = assumed.get(obj.account, False) or obj.account_assumed
        slot = type(obj).stored_in
        if slot.scope == "account":
            per_account[obj.account][slot.field].append(obj)
        else:
            per_region[(obj.account, obj.region)][slot.field].append(obj)
            if slot.single:
                singles.add(slot.field)
    regions: dict[AccountId, dict[Region, AccountRegion]] = defaultdict(dict)
    for (account_id, region), groups in per_region.items():
        kwargs: dict[str, Any] = {}
        for name, items in groups.items():
            # Singletons: the last one written wins (a duplicate is reported by the caller).
            kwargs[name] = items[-1] if name in singles else tuple(items)
        regions[account_id][region] = AccountRegion(account=account_id, name=region, **kwargs)
    accounts: dict[AccountId, Account] = {}
    for account_id in sorted(set(per_account) | set(regions)):
        groups = per_account.get(account_id, {})
        accounts[account_id] = Account(
            id=account_id,
            assumed=assumed.get(account_id, False),
            regions=dict(sorted(regions.get(account_id, {}).items())),
            **{name: tuple(items) for name, items in groups.items()},
        )
    return accounts


def _duplicate_singletons(objects: list[ModelObject]) -> Iterator[ModelDiagnostic]:
    seen: dict[tuple[type[ModelObject], str, str], ModelObject] = {}
    for obj in objects:
        if type(obj).stored_in.single:
            slot = (type(obj), obj.account, obj.region)
            if slot in seen:
                yield _diag(
                    obj,
                    "duplicate-setting",
                    f"{seen[slot].address} sets the same account+region setting; the last applied wins",
                )
            seen[slot] = obj


def _policy_diagnostics(obj: ModelObject) -> Iterator[ModelDiagnostic]:
    for policy in _policies_in(obj):
        if policy.parse_error is not None:
            yield _diag(obj, "invalid-json", policy.parse_error)
    # Other JSON documents a model keeps parsed (ECS container definitions) say why they are not valid in a
    # ``<name>_parse_error`` field.
    for name in _parse_error_fields(type(obj)):
        error = getattr(obj, name)
        if isinstance(error, str):
            yield _diag(obj, "invalid-json", error)


_PARSE_ERROR_FIELDS: dict[type, tuple[str, ...]] = {}


def _parse_error_fields(cls: type) -> tuple[str, ...]:
    names = _PARSE_ERROR_FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name.endswith("_parse_error"))
        _PARSE_ERROR_FIELDS[cls] = names
    return names


def _policies_in(value: object) -> Iterator[Policy]:
    if value is None or isinstance(value, str | bool | int | Unknown):
        return
    if isinstance(value, Policy):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _policies_in(item)
    elif hasattr(type(value), "__dataclass_fields__"):
        for name in _policy_fields(type(value)):
            yield from _policies_in(getattr(value, name))


_POLICY_FIELDS: dict[type, tuple[str, ...]] = {}


def _policy_fields(cls: type) -> tuple[str, ...]:
    """Fields of ``cls`` whose declared type can hold a :class:`Policy` (``Policy``, ``BucketPolicy``,
    ``tuple[InlinePolicy, ...]``…): only those are searched for invalid policy JSON."""
    names = _POLICY_FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if "Policy" in str(f.type))
        _POLICY_FIELDS[cls] = names
    return names


ROTATION_PERIOD_DEFAULT_DAYS = 365
"""KMS EnableKeyRotation: "RotationPeriodInDays … The default value is 365 days" (AWS KMS API reference)."""


def _aws_defaults(obj: ModelObject) -> ModelObject:
    """Fill values AWS itself applies, so every input format states them the same way.

    (A plan shows the provider's computed ``rotation_period_in_days = 365``; HCL and CloudFormation
    leave it out.) Only defaults AWS documents are filled; nothing is guessed.
    """
    if isinstance(obj, KmsKey) and obj.rotation_enabled is True and obj.rotation_period_days is None:
        return dataclasses.replace(obj, rotation_period_days=ROTATION_PERIOD_DEFAULT_DAYS)
    return obj


def build_world(resources: list[Resource]) -> World:
    """Translate, link and place ``resources`` into a :class:`World` (never raises on bad input)."""
    objects, diagnostics, unmodelled, data_sources, not_replayed = _translate(resources)
    objects = [_aws_defaults(o) for o in objects]
    mains = [o for o in objects if not type(o).stored_in.merged and not isinstance(o, GroupMembership)]
    memberships = [o for o in objects if isinstance(o, GroupMembership)]
    fragments = [o for o in objects if type(o).stored_in.merged]
    linker = _Linker([*mains, *memberships])
    # An exclusive policy list removes what the other fragments added: it goes last.
    for fragment in sorted(fragments, key=lambda f: isinstance(f, ExclusivePolicies)):
        linker.link(fragment)
    for membership in memberships:
        linker.link_membership(membership)
    final = [linker.current(o) for o in linker.mains]
    final = with_completeness(final, World(accounts=_place(final)))
    diagnostics.extend(linker.diagnostics)
    diagnostics.extend(_duplicate_singletons(final))
    for obj in objects:
        diagnostics.extend(_policy_diagnostics(obj))
    return World(
        accounts=_place([*final, *linker.unattached]),
        unmodelled=tuple(
            Unmodelled(type=t, count=len(addrs), addresses=tuple(addrs))
            for t, addrs in sorted(unmodelled.items())
        ),
        not_replayed=not_replayed,
        data_sources=data_sources,
        diagnostics=tuple(diagnostics),
    )
