"""The World: accounts › regions › objects, and reference resolution.

Indexed the way AWS is (``world.account(id).region(r)``, like moto's
``kms_backends[account][region]``). Model objects refer to each other by
:data:`~iacsim.model.ids.Ref` (an ARN, id, alias, name or an Unknown naming an
address); the ``find_*`` methods resolve those references the way AWS would
(an alias name is looked up in the caller's account and region, an ARN names
its own account and region).

Which field holds a class, and by which attributes references name it, is declared by the class
itself (``stored_in``, ``named_by``; see :mod:`iacsim.model.slot`): nothing here lists classes, and
the ``find_*`` methods below are resolution rules (aliases, ARNs, name spellings) over those indexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import TypeVar

from iacsim.aws.arn import Arn as AwsArn
from iacsim.model.base import ModelDiagnostic, ModelObject, NotReplayed, ServiceObject, Unmodelled
from iacsim.model.ec2 import (
    Ami,
    CreateVolumePermission,
    EbsDefaultKmsKey,
    EbsEncryptionByDefault,
    EbsSnapshot,
    EbsVolume,
    ImageDistribution,
    Instance,
    LaunchPermission,
    LaunchTemplate,
)
from iacsim.model.iam import GroupMembership, IamGroup, IamPolicy, IamRole, IamUser, InstanceProfile
from iacsim.model.ids import AccountId, Ref, Region
from iacsim.model.kms import KmsAlias, KmsGrant, KmsKey
from iacsim.model.s3 import S3Bucket
from iacsim.model.ssm import SsmParameter
from iacsim.values import Unknown

T = TypeVar("T", bound=ModelObject)

_MODULE_PREFIX = re.compile(r"^((?:module\.[^.\[]+(?:\[[^\]]*\])?\.)*)")


def _module_of(address: str) -> str:
    """``module.a["x"].module.b.aws_kms_key.k`` → ``module.a["x"].module.b.`` (``""`` at the root)."""
    match = _MODULE_PREFIX.match(address)
    return match.group(1) if match else ""


def _best_key(matches: list[KmsKey], near: str | None) -> KmsKey | None:
    """Pick among keys sharing an id/ARN (a primary and a replica in one region, which AWS rejects but
    code can say): the one in the referrer's module, then a primary, then the first."""
    if not matches:
        return None
    if near is not None:
        same_module = [k for k in matches if _module_of(k.address) == _module_of(near)]
        if same_module and len(same_module) < len(matches):
            matches = same_module
    primaries = [k for k in matches if not k.is_replica]
    return (primaries or matches)[0]


@dataclass(frozen=True)
class AccountRegion:
    """Everything one account holds in one region."""

    account: AccountId
    """The account."""
    name: Region
    """The region."""
    keys: tuple[KmsKey, ...] = ()
    """KMS keys: primaries, single-region, replicas and imported keys."""
    aliases: tuple[KmsAlias, ...] = ()
    """KMS aliases."""
    grants: tuple[KmsGrant, ...] = ()
    """KMS grants."""
    parameters: tuple[SsmParameter, ...] = ()
    """SSM parameters."""
    buckets: tuple[S3Bucket, ...] = ()
    """S3 buckets (with merged versioning, encryption, policy, replication)."""
    amis: tuple[Ami, ...] = ()
    """AMIs."""
    launch_permissions: tuple[LaunchPermission, ...] = ()
    """AMI launch permissions."""
    snapshots: tuple[EbsSnapshot, ...] = ()
    """EBS snapshots."""
    volumes: tuple[EbsVolume, ...] = ()
    """EBS volumes."""
    create_volume_permissions: tuple[CreateVolumePermission, ...] = ()
    """Snapshot create-volume permissions."""
    ebs_default_kms_key: EbsDefaultKmsKey | None = None
    """The default EBS key, when set in code (else ``aws/ebs``)."""
    ebs_encryption_by_default: EbsEncryptionByDefault | None = None
    """EBS encryption by default, when set in code."""
    launch_templates: tuple[LaunchTemplate, ...] = ()
    """Launch templates."""
    instances: tuple[Instance, ...] = ()
    """Instances."""
    image_distributions: tuple[ImageDistribution, ...] = ()
    """Image Builder distribution configurations."""
    services: tuple[ServiceObject, ...] = ()
    """Resources of services that use KMS keys (log groups, trails, topics, queues, secrets, functions,
    task definitions, databases, tables, file systems) and what connects them, in input order."""
    unattached: tuple[ModelObject, ...] = ()
    """Settings written as separate resources whose target is not in the scan (a ``KeyPolicy`` for a
    key defined elsewhere, a ``BucketVersioning`` for an unknown bucket…)."""

    def objects(self) -> Iterator[ModelObject]:
        """Every object in this region, in field order (a stable order)."""
        return _held(self)


@dataclass(frozen=True)
class Account:
    """One AWS account: its global IAM objects and its regions."""

    id: AccountId
    """Account id (``unknown`` for objects whose account could not be determined)."""
    assumed: bool = False
    """True when this is the labelled default account, not one named by the code."""
    regions: Mapping[Region, AccountRegion] = field(default_factory=dict)
    """Regions with at least one object, by name."""
    roles: tuple[IamRole, ...] = ()
    """IAM roles (with merged inline and attached policies)."""
    policies: tuple[IamPolicy, ...] = ()
    """Customer managed IAM policies."""
    users: tuple[IamUser, ...] = ()
    """IAM users (group memberships merged)."""
    groups: tuple[IamGroup, ...] = ()
    """IAM groups."""
    instance_profiles: tuple[InstanceProfile, ...] = ()
    """Instance profiles."""
    group_memberships: tuple[GroupMembership, ...] = ()
    """Separate group-membership resources (already merged into ``users``; kept for their addresses)."""
    unattached: tuple[ModelObject, ...] = ()
    """IAM settings whose principal is not in the scan (a role policy for a role defined elsewhere…)."""

    def region(self, name: str) -> AccountRegion:
        """The region's contents (empty when nothing in the scan lives there)."""
        found = self.regions.get(Region(name))
        return found if found is not None else AccountRegion(account=self.id, name=Region(name))

    def objects(self) -> Iterator[ModelObject]:
        """Every object in this account, IAM first (in field order), then regions by name."""
        yield from _held(self)
        for name in sorted(self.regions):
            yield from self.regions[name].objects()


def _held(holder: AccountRegion | Account) -> Iterator[ModelObject]:
    """The model objects in ``holder``'s fields (its slots, see :mod:`iacsim.model.slot`), in field order."""
    for name in _slot_fields(type(holder)):
        value = getattr(holder, name)
        if isinstance(value, ModelObject):
            yield value
        elif isinstance(value, tuple):
            yield from value


_SLOT_FIELDS: dict[type, tuple[str, ...]] = {}


def _slot_fields(cls: type[AccountRegion | Account]) -> tuple[str, ...]:
    """Fields of ``cls`` that hold model objects (not its id, name, flags or regions)."""
    names = _SLOT_FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in fields(cls) if f.name not in _NOT_SLOTS)
        _SLOT_FIELDS[cls] = names
    return names


_NOT_SLOTS = frozenset({"account", "name", "id", "assumed", "regions"})


def _ref_address(ref: Ref) -> str | None:
    """The address an Unknown reference names (``aws_kms_key.db.arn`` → ``aws_kms_key.db``)."""
    if isinstance(ref, Unknown):
        return ref.ref
    return ref


_SERVICE_OF = {"SnsTopic": "sns", "SqsQueue": "sqs", "LogGroup": "logs", "Secret": "secretsmanager"}
"""The ARN service of the service objects whose unknown names are found by template (see :meth:`World._by_template`)."""

_TEMPLATE_REF = re.compile(r"\$\{[^}]*\}")


def _template_name(template: str, service: str) -> str | None:
    """The name a template says (``${var.app}-logs``), also when it is the ARN of a ``service`` object
    (``arn:aws:logs:us-east-1:111111111111:log-group:${var.app}-logs:*``); None for another service's ARN.
    The unknown parts (``${template.yaml#Parameters/AppName}``) may hold ``/`` and ``:``: never separators."""
    if not template.startswith("arn:"):
        return template
    masked = _TEMPLATE_REF.sub(lambda m: "x" * len(m.group()), template)
    cut = [i for i, c in enumerate(masked) if c == ":"][:5]
    if len(cut) != 5 or template[cut[1] + 1 : cut[2]] != service:
        return None
    start = cut[4] + 1
    rest, masked_rest = template[start:], masked[start:]
    if service == "s3":  # arn:aws:s3:::bucket[/key]
        end = masked_rest.find("/")
        return rest if end < 0 else rest[:end]
    if service == "logs":  # …:log-group:name[:*]
        if not masked_rest.startswith("log-group:"):
            return None
        name, masked_name = rest[len("log-group:"):], masked_rest[len("log-group:"):]
        return name[:-2] if masked_name.endswith(":*") else name
    if service == "secretsmanager":  # …:secret:name-AbCdEf: the suffix is random, the name cannot be read back
        return None
    last = max(masked_rest.rfind("/"), masked_rest.rfind(":"))
    return rest[last + 1 :]


def _address_candidates(text: str) -> Iterator[str]:
    """``aws_kms_key.db.arn`` → itself, ``aws_kms_key.db``, ``aws_kms_key`` (attribute suffixes stripped)."""
    yield text
    current = text
    for _ in range(3):
        head, sep, tail = current.rpartition(".")
        # Stop inside an index such as ["a.b"]: a valid attribute name has no quotes or brackets.
        if not sep or not tail or any(c in tail for c in "[]\"'"):
            return
        current = head
        yield current


@dataclass(frozen=True)
class World:
    """The whole simulated estate built from one scan."""

    accounts: Mapping[AccountId, Account] = field(default_factory=dict)
    """Accounts with at least one object, by id."""
    unmodelled: tuple[Unmodelled, ...] = ()
    """Resource types seen but not modelled, with counts (for the summary)."""
    not_replayed: tuple[NotReplayed, ...] = ()
    """Producers (a topic, queue or log group given to an unmodelled type) and AMI sharing no replay exercises."""
    data_sources: int = 0
    """Number of data-source instances seen (resolved by the loader, not modelled)."""
    diagnostics: tuple[ModelDiagnostic, ...] = ()
    """What the builder noticed (invalid policy JSON, targets not in the scan, duplicate settings)."""
    _by_address: dict[str, ModelObject] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_type: dict[type, list[ModelObject]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _by_name: dict[tuple[type, str], list[ModelObject]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Lookup indexes (each object by the attributes its class is ``named_by``, by class), built once:
    resolution must stay linear in the size of the scan, not quadratic."""

    def __post_init__(self) -> None:
        by_address: dict[str, ModelObject] = {}
        by_type: dict[type, list[ModelObject]] = {}
        by_name: dict[tuple[type, str], list[ModelObject]] = {}
        for obj in self.objects():
            # First object wins: a resource's main object precedes the settings merged into it.
            by_address.setdefault(obj.address, obj)
            by_type.setdefault(type(obj), []).append(obj)
            for attr in type(obj).named_by:
                value = getattr(obj, attr, None)
                if isinstance(value, str):
                    by_name.setdefault((type(obj), value), []).append(obj)
        object.__setattr__(self, "_by_address", by_address)
        object.__setattr__(self, "_by_type", by_type)
        object.__setattr__(self, "_by_name", by_name)

    def _named(self, cls: type[T], value: str) -> list[T]:
        """Objects of ``cls`` whose arn, id or name equals ``value``."""
        return [o for o in self._by_name.get((cls, value), []) if isinstance(o, cls)]

    # -- navigation ---------------------------------------------------------------------------

    def account(self, account_id: str) -> Account:
        """The account (an empty one when nothing in the scan lives in it)."""
        found = self.accounts.get(AccountId(account_id))
        return found if found is not None else Account(id=AccountId(account_id))

    def objects(self) -> Iterator[ModelObject]:
        """Every object, accounts by id."""
        for account_id in sorted(self.accounts):
            yield from self.accounts[account_id].objects()

    def of_type(self, cls: type[T]) -> Iterator[T]:
        """Every object of one class or its subclasses (``world.of_type(KmsKey)``), in world order."""
        for kind, objs in self._by_type.items():
            if issubclass(kind, cls):
                for obj in objs:
                    if isinstance(obj, cls):
                        yield obj

    def by_address(self, address: str) -> ModelObject | None:
        """The object built from the resource at ``address`` (its main object)."""
        return self._by_address.get(address)

    def deref(self, ref: Ref | None) -> tuple[ModelObject, str] | None:
        """The object an address-style reference names, and the attribute path after the address.

        ``Unknown(ref="aws_kms_key.db.arn")`` → ``(<KmsKey aws_kms_key.db>, "arn")``;
        ``"aws_s3_bucket.logs"`` → ``(<S3Bucket>, "")``. Flows use it to replace a value known only
        after apply by the simulated one (the ARN the simulated KMS gave that key). None when the
        reference names no object of the scan.
        """
        text = _ref_address(ref) if ref is not None else None
        if text is None:
            return None
        for candidate in _address_candidates(text):
            obj = self._by_address.get(candidate)
            if obj is not None:
                return obj, text[len(candidate) :].lstrip(".")
        return None

    def _find_by_address(self, ref: Ref, cls: type[T]) -> T | None:
        text = _ref_address(ref)
        if text is None:
            return None
        for candidate in _address_candidates(text):
            obj = self._by_address.get(candidate)
            if isinstance(obj, cls):
                return obj
        return None

    def find_service(
        self, cls: type[T], ref: Ref | None, *, account: str | None = None, region: str | None = None
    ) -> T | None:
        """The ``cls`` object (a log group, topic, secret…) that ``ref`` names, or None.

        ``ref`` may be its address (or an Unknown naming it, as ``aws_sns_topic.alerts.arn``), its ARN,
        id or name. A bare name is looked up in ``account``/``region`` when given, as AWS resolves
        names in the caller's account and region; an ARN names its own.
        """
        if ref is None:
            return None
        found = self._find_by_address(ref, cls)
        if found is None and isinstance(ref, Unknown):
            # a name or ARN built from values known only at apply: the object whose name is the same string
            service = _SERVICE_OF.get(cls.__name__)
            return self._by_template(ref, cls, service) if service is not None else None
        if found is not None or not isinstance(ref, str):
            return found
        matches = self._named(cls, ref)
        if not ref.startswith("arn:"):
            matches = [o for o in matches
                       if (account is None or o.account == account) and (region is None or o.region == region)]
        return matches[0] if matches else None

    # -- KMS ------------------------------------------------------------------------------------

    def kms_keys(self) -> Iterator[KmsKey]:
        """Every KMS key."""
        return self.of_type(KmsKey)

    def find_key(
        self,
        ref: Ref | None,
        *,
        account: str | None = None,
        region: str | None = None,
        near: str | None = None,
    ) -> KmsKey | None:
        """Resolve a key reference the way KMS does.

        Accepts a key ARN, alias ARN, alias name (``alias/x``, looked up in ``account``/``region``),
        key id (``mrk-`` ids are shared by a primary and its replicas: the one in ``region`` wins,
        else the primary), or an IaC address (also inside an Unknown's ``ref``). Returns None when the
        key is not in the scan or the reference is an Unknown without an address. ``near`` is the
        address of the referring object: when two keys share an id in one region, the one in the same
        module wins.
        """
        if ref is None:
            return None
        by_addr = self._find_by_address(ref, KmsKey)
        if by_addr is not None or isinstance(ref, Unknown):
            return by_addr
        arn = AwsArn.parse(ref)
        if arn is not None:
            arn_region, arn_account, resource = arn.region, arn.account, arn.resource
            if arn.service != "kms":
                return None
            if resource.startswith("alias/"):
                return self._key_for_alias(resource, arn_account, arn_region)
            if resource.startswith("key/"):
                by_arn = self._named(KmsKey, ref)
                if by_arn:
                    return _best_key(by_arn, near)
                return self._key_by_id(resource[len("key/") :], arn_account, arn_region, near)
            return None
        if ref.startswith("alias/"):
            return self._key_for_alias(ref, account, region)
        return self._key_by_id(ref, account, region, near)

    def _key_by_id(
        self, key_id: str, account: str | None, region: str | None, near: str | None
    ) -> KmsKey | None:
        matches = [
            k
            for k in self._named(KmsKey, key_id)
            if k.key_id == key_id
            and (account is None or k.account == account)
            and (region is None or k.region == region)
        ]
        return _best_key(matches, near)

    def find_alias(
        self, name: str, *, account: str | None = None, region: str | None = None
    ) -> KmsAlias | None:
        """The alias ``alias/<name>`` (or alias ARN) in ``account``/``region`` (first match when not given)."""
        arn = AwsArn.parse(name)
        if arn is not None:
            region, account, name = arn.region, arn.account, arn.resource
        for alias in self._named(KmsAlias, name):
            if (
                alias.name == name
                and (account is None or alias.account == account)
                and (region is None or alias.region == region)
            ):
                return alias
        return None

    def _key_for_alias(self, name: str, account: str | None, region: str | None) -> KmsKey | None:
        alias = self.find_alias(name, account=account, region=region)
        if alias is None:
            return None
        return self.find_key(alias.target_key, account=alias.account, region=alias.region, near=alias.address)

    def aliases_of(self, key: KmsKey) -> tuple[KmsAlias, ...]:
        """Aliases (in the key's account and region) that point at ``key``."""
        return tuple(
            a
            for a in self.of_type(KmsAlias)
            if a.account == key.account
            and a.region == key.region
            and self.find_key(a.target_key, account=a.account, region=a.region, near=a.address) is key
        )

    def grants_of(self, key: KmsKey) -> tuple[KmsGrant, ...]:
        """Grants on ``key``."""
        return tuple(
            g
            for g in self.of_type(KmsGrant)
            if self.find_key(g.key, account=g.account, region=g.region, near=g.address) is key
        )

    def primary_of(self, key: KmsKey) -> KmsKey | None:
        """A replica's primary key (None when not in the scan); a non-replica is its own primary."""
        if key.replica_of is None:
            return key
        # No ``near``: a replica's primary is never itself, so primaries must win the tie.
        return self.find_key(key.replica_of, account=key.account)

    def replicas_of(self, key: KmsKey) -> tuple[KmsKey, ...]:
        """Replica keys whose primary is ``key``."""
        return tuple(
            k
            for k in self.kms_keys()
            if k.replica_of is not None and self.find_key(k.replica_of, account=k.account) is key
        )

    # -- other services -------------------------------------------------------------------------

    def find_bucket(self, ref: Ref | None) -> S3Bucket | None:
        """A bucket by name, ARN (``arn:aws:s3:::name``) or address."""
        if ref is None:
            return None
        by_addr = self._find_by_address(ref, S3Bucket)
        if by_addr is not None:
            return by_addr
        if isinstance(ref, Unknown):
            return self._by_template(ref, S3Bucket, "s3")
        name = ref
        arn = AwsArn.parse(ref)
        if arn is not None:
            if arn.service != "s3":
                return None
            name = arn.resource.split("/", 1)[0]
        found = [b for b in self._named(S3Bucket, name) if b.name == name]
        return found[0] if found else None

    def _by_template(self, ref: Unknown, cls: type[T], service: str, account: str | None = None) -> T | None:
        """The one object whose unknown name is the same string as ``ref`` (the name, or an ARN ending in it):
        a bucket named ``replica-${random_pet.this.id}`` is the one ``arn:aws:s3:::replica-${random_pet.this.id}``
        names, a role named ``repl-${random_pet.this.id}`` the one a policy attachment lists by that name."""
        text = _template_name(ref.template, service) if ref.template is not None else None
        if text is None:
            return None
        found = [o for o in self.of_type(cls) if isinstance(getattr(o, "name", None), Unknown)
                 and o.name.template == text and (account is None or o.account == account)]  # type: ignore[attr-defined]
        return found[0] if len(found) == 1 else None

    def find_parameter(
        self, ref: Ref | None, *, account: str | None = None, region: str | None = None
    ) -> SsmParameter | None:
        """A parameter by name (``/prod/db``, with or without the leading slash), ARN or address."""
        if ref is None:
            return None
        by_addr = self._find_by_address(ref, SsmParameter)
        if by_addr is not None or isinstance(ref, Unknown):
            return by_addr
        arn = AwsArn.parse(ref)
        name = ref
        if arn is not None:
            region, account = arn.region, arn.account
            if arn.service != "ssm" or not arn.resource.startswith("parameter/"):
                return None
            name = arn.resource[len("parameter") :]
        wanted = name.lstrip("/")
        candidates = [*self._named(SsmParameter, wanted), *self._named(SsmParameter, "/" + wanted)]
        for param in candidates:
            if (
                isinstance(param.name, str)
                and param.name.lstrip("/") == wanted
                and (account is None or param.account == account)
                and (region is None or param.region == region)
            ):
                return param
        return None

    def _find_iam(self, ref: Ref | None, cls: type[T], kind: str, account: str | None) -> T | None:
        if ref is None:
            return None
        by_addr = self._find_by_address(ref, cls)
        if by_addr is not None:
            return by_addr
        if isinstance(ref, Unknown):
            return self._by_template(ref, cls, "iam", account)
        arn = AwsArn.parse(ref)
        for obj in self._named(cls, ref):
            if arn is not None:
                if getattr(obj, "arn", None) == ref:
                    return obj
                continue
            if getattr(obj, "name", None) == ref and (account is None or obj.account == account):
                return obj
        if arn is not None and arn.service == "iam" and arn.resource.startswith(kind + "/"):
            # ARN with a different path spelling: match account + final name segment.
            name = arn.resource.rsplit("/", 1)[-1]
            for obj in self._named(cls, name):
                if obj.account == arn.account and getattr(obj, "name", None) == name:
                    return obj
        return None

    def find_role(self, ref: Ref | None, *, account: str | None = None) -> IamRole | None:
        """A role by name (in ``account`` when given), ARN or address."""
        return self._find_iam(ref, IamRole, "role", account)

    def find_policy(self, ref: Ref | None, *, account: str | None = None) -> IamPolicy | None:
        """A customer managed policy by ARN, name or address (AWS managed policies are not in the scan)."""
        return self._find_iam(ref, IamPolicy, "policy", account)

    def find_user(self, ref: Ref | None, *, account: str | None = None) -> IamUser | None:
        """A user by name, ARN or address."""
        return self._find_iam(ref, IamUser, "user", account)

    def find_group(self, ref: Ref | None, *, account: str | None = None) -> IamGroup | None:
        """A group by name, ARN or address."""
        return self._find_iam(ref, IamGroup, "group", account)

    def find_instance_profile(self, ref: Ref | None, *, account: str | None = None) -> InstanceProfile | None:
        """An instance profile by name, ARN or address."""
        return self._find_iam(ref, InstanceProfile, "instance-profile", account)

    def find_ami(self, ref: Ref | None, *, region: str | None = None) -> Ami | None:
        """An image by id (``ami-…``), ARN or address."""
        if ref is None:
            return None
        by_addr = self._find_by_address(ref, Ami)
        if by_addr is not None or isinstance(ref, Unknown):
            return by_addr
        for ami in self._named(Ami, ref):
            if (ami.image_id == ref or ami.arn == ref) and (region is None or ami.region == region):
                return ami
        return None

    def find_snapshot(self, ref: Ref | None) -> EbsSnapshot | None:
        """A snapshot by id or address."""
        if ref is None:
            return None
        by_addr = self._find_by_address(ref, EbsSnapshot)
        if by_addr is not None or isinstance(ref, Unknown):
            return by_addr
        found = [snap for snap in self._named(EbsSnapshot, ref) if snap.snapshot_id == ref]
        return found[0] if found else None
