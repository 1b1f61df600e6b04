"""IAM: roles, managed policies, users, groups and how policies attach to them.

IAM is global: these objects live on :class:`~iacsim.model.world.Account`
(region ``global``). Inline policies and attachments written as separate
resources (``aws_iam_role_policy``, ``aws_iam_role_policy_attachment``,
``aws_iam_policy_attachment``, CFN ``AWS::IAM::Policy``…) are merged into the
principal they name and keep their own address. Each principal also says whether the policies
the model holds are all it has (``permissions_incomplete``, :mod:`iacsim.model.iam_complete`):
missing information is neither an allow nor a deny (docs/architecture.md §4). Sources: IAM user guide
"Policies and permissions", "Roles terms and concepts"; Terraform
``aws_iam_role`` & co.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from iacsim.model.base import ModelObject, Policy, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.model.slot import MERGED_IAM, Slot
from iacsim.values import Unknown

PrincipalKind = Literal["role", "user", "group"]


@dataclass(frozen=True, kw_only=True)
class InlinePolicy(ModelObject):
    """An inline (embedded) policy of a role, user or group.

    From an inline block (then ``address`` is the principal's) or a separate
    resource (``aws_iam_role_policy``, ``AWS::IAM::Policy``). A CFN
    ``AWS::IAM::Policy`` naming several principals yields one object per principal.
    """

    stored_in = MERGED_IAM

    principal_kind: PrincipalKind
    """What it is attached to."""
    principal: Ref
    """The role/user/group name (or ARN) as written."""
    name: str | Unknown | None
    """Policy name."""
    policy: Policy
    """The policy document."""


@dataclass(frozen=True, kw_only=True)
class PolicyAttachment(ModelObject):
    """A managed policy attached to a role, user or group.

    From ``managed_policy_arns`` (address = the principal's), ``aws_iam_*_policy_attachment``,
    ``aws_iam_policy_attachment`` (one object per principal) or CFN ``ManagedPolicyArns``.
    """

    stored_in = MERGED_IAM

    principal_kind: PrincipalKind
    """What it is attached to."""
    principal: Ref
    """The role/user/group name (or ARN) as written."""
    policy_arn: Ref
    """ARN of the managed policy (AWS managed ``arn:aws:iam::aws:policy/…`` or one in the scan)."""


@dataclass(frozen=True, kw_only=True)
class ExclusivePolicies(ModelObject):
    """The complete list of a principal's inline policy names or managed policy ARNs, kept exclusively.

    ``aws_iam_role_policies_exclusive`` / ``aws_iam_role_policy_attachments_exclusive`` (and the user and
    group variants): Terraform removes every inline policy (attachment) of the principal not in the list
    ("Policies attached to this role but not configured in this argument will be removed", provider docs
    ``r/iam_role_policy_attachments_exclusive``). Attachments the list names are separate
    :class:`PolicyAttachment` objects; inline policies it names must come from elsewhere.
    """

    stored_in = MERGED_IAM

    principal_kind: PrincipalKind
    """Whose policies."""
    principal: Ref
    """The role/user/group name as written."""
    policies: Literal["inline", "managed"]
    """Which of its policies the list governs."""
    names: tuple[Ref, ...] | Unknown
    """Inline policy names or managed policy ARNs kept; Unknown when the list is not known statically."""


@dataclass(frozen=True, kw_only=True)
class PermissionsGap(ModelObject):
    """A resource that may grant a principal permissions the model cannot see.

    From a policy-bearing IAM resource type iacsim does not translate (its address and type name the
    gap). Merged into the principal's ``permissions_incomplete``; a principal not known statically
    (``Unknown``) makes every principal of that kind in the account incomplete.
    """

    stored_in = MERGED_IAM

    principal_kind: PrincipalKind
    """Whose permissions."""
    principal: Ref
    """The role/user/group name (or ARN) as written."""
    reason: str
    """What is not modelled, naming the resource."""


@dataclass(frozen=True, kw_only=True)
class ModuleGap(ModelObject):
    """A ``module`` call whose source is not downloaded: it may attach policies the scan cannot see.

    Merged into ``permissions_incomplete`` of every role, user and group one of its ``inputs`` names (by
    name, ARN or address), and — when ``any_principal`` — of every one in its account: a module of a kind
    iacsim cannot vouch for could attach a policy to a principal it is not given.
    """

    stored_in = MERGED_IAM

    inputs: tuple[Ref, ...]
    """Every string and unknown value among the arguments the call gives the module."""
    any_principal: bool
    """Whether it may reach principals it is not given (its source is not of a known kind)."""
    reason: str
    """What is not modelled and how to supply it, naming the module call."""


@dataclass(frozen=True, kw_only=True)
class IamPolicy(ModelObject):
    """A customer managed policy (``aws_iam_policy`` / ``AWS::IAM::ManagedPolicy``)."""

    stored_in = Slot("account", "policies")

    name: str | Unknown
    """Policy name."""
    arn: Arn | Unknown
    """``arn:aws:iam::<account>:policy<path><name>``."""
    path: str | Unknown = "/"
    """Path."""
    description: str | Unknown | None = None
    """Description."""
    policy: Policy
    """The policy document."""
    tags: Tags = field(default_factory=dict)
    """Tags."""


@dataclass(frozen=True, kw_only=True)
class IamRole(ModelObject):
    """A role (``aws_iam_role`` / ``AWS::IAM::Role``) with every policy that applies to it."""

    stored_in = Slot("account", "roles")

    name: str | Unknown
    """Role name."""
    arn: Arn | Unknown
    """``arn:aws:iam::<account>:role<path><name>``."""
    path: str | Unknown = "/"
    """Path."""
    description: str | Unknown | None = None
    """Description."""
    trust_policy: Policy | None
    """Trust (assume-role) policy."""
    inline_policies: tuple[InlinePolicy, ...] = ()
    """Inline policies (inline blocks and separate resources)."""
    attached_policies: tuple[PolicyAttachment, ...] = ()
    """Attached managed policies."""
    permissions_boundary: Ref | None = None
    """ARN of the permissions boundary policy."""
    max_session_duration: int | Unknown | None = None
    """Maximum session duration in seconds."""
    tags: Tags = field(default_factory=dict)
    """Tags."""
    permissions_incomplete: str | None = None
    """Why the policies above may not be all the permissions it has, naming each object the scan could
    not see into (a managed policy whose document is not known, an untranslated policy-bearing resource, an
    attachment to a principal not known statically); None when the set is complete. Filled by
    ``build_world`` (:mod:`iacsim.model.iam_complete`)."""


@dataclass(frozen=True, kw_only=True)
class IamUser(ModelObject):
    """A user (``aws_iam_user`` / ``AWS::IAM::User``)."""

    stored_in = Slot("account", "users")

    name: str | Unknown
    """User name."""
    arn: Arn | Unknown
    """``arn:aws:iam::<account>:user<path><name>``."""
    path: str | Unknown = "/"
    """Path."""
    groups: tuple[Ref, ...] = ()
    """Groups the user belongs to (group names as written)."""
    inline_policies: tuple[InlinePolicy, ...] = ()
    """Inline policies."""
    attached_policies: tuple[PolicyAttachment, ...] = ()
    """Attached managed policies."""
    permissions_boundary: Ref | None = None
    """ARN of the permissions boundary policy."""
    tags: Tags = field(default_factory=dict)
    """Tags."""
    permissions_incomplete: str | None = None
    """Why the policies above may not be all the permissions it has, naming each object the scan could
    not see into (a managed policy whose document is not known, an untranslated policy-bearing resource, an
    attachment to a principal not known statically); None when the set is complete. Filled by
    ``build_world`` (:mod:`iacsim.model.iam_complete`)."""


@dataclass(frozen=True, kw_only=True)
class IamGroup(ModelObject):
    """A group (``aws_iam_group`` / ``AWS::IAM::Group``)."""

    stored_in = Slot("account", "groups")

    name: str | Unknown
    """Group name."""
    arn: Arn | Unknown
    """``arn:aws:iam::<account>:group<path><name>``."""
    path: str | Unknown = "/"
    """Path."""
    inline_policies: tuple[InlinePolicy, ...] = ()
    """Inline policies."""
    attached_policies: tuple[PolicyAttachment, ...] = ()
    """Attached managed policies."""
    permissions_incomplete: str | None = None
    """Why the policies above may not be all the permissions it has, naming each object the scan could
    not see into (a managed policy whose document is not known, an untranslated policy-bearing resource, an
    attachment to a principal not known statically); None when the set is complete. Filled by
    ``build_world`` (:mod:`iacsim.model.iam_complete`)."""


@dataclass(frozen=True, kw_only=True)
class GroupMembership(ModelObject):
    """Users added to a group by a separate resource (``aws_iam_group_membership``,
    ``aws_iam_user_group_membership``, CFN ``AWS::IAM::UserToGroupAddition``); merged into the users."""

    stored_in = Slot("account", "group_memberships")

    group: Ref
    """Group name."""
    users: tuple[Ref, ...]
    """User names."""


@dataclass(frozen=True, kw_only=True)
class InstanceProfile(ModelObject):
    """An instance profile (``aws_iam_instance_profile``): how an EC2 instance gets a role."""

    stored_in = Slot("account", "instance_profiles")

    name: str | Unknown
    """Profile name."""
    arn: Arn | Unknown
    """``arn:aws:iam::<account>:instance-profile<path><name>``."""
    role: Ref | None
    """Role name."""
