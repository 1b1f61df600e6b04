"""IAM: roles, managed policies, users, groups and how policies attach to them.

IAM is global: these objects live on :class:`~iacsim.model.world.Account`
(region ``global``). Inline policies and attachments written as separate
resources (``aws_iam_role_policy``, ``aws_iam_role_policy_attachment``,
``aws_iam_policy_attachment``, CFN ``AWS::IAM::Policy``…) are merged into the
principal they name and keep their own address. Sources: IAM user guide
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
