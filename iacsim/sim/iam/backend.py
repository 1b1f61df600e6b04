"""The simulated IAM of one account: users, roles, groups, managed policies.

IAM is global: one backend per account (``cloud.backends("iam")[acct]["global"]``).
Besides the API, the backend answers the question every other service asks:
"which identity policies and which permissions boundary apply to this
principal?" (:meth:`IamBackend.identity`).

Limits and name rules: IAM User Guide, "IAM and AWS STS quotas"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
"""

from __future__ import annotations

import json
import re
import secrets
import string
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from iacsim.aws import managed_policies
from iacsim.aws.arn import Arn
from iacsim.policy.unknowns import decode_unknown
from iacsim.sim.iam.errors import (
    LimitExceeded,
    MalformedPolicyDocument,
    NoSuchEntity,
    UnrecognizedClientException,
    ValidationError,
)
from iacsim.sim.iam.model import (
    Entity,
    Group,
    Identity,
    ManagedPolicy,
    NamedPolicy,
    PolicyDocument,
    Role,
    User,
)
from iacsim.sim.principal import Principal

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

E = TypeVar("E", bound=Entity)

_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")
POLICY_NAME = re.compile(r"^[\w+=,.@-]{1,128}$")
_PATH = re.compile(r"^/([\x21-\x7e]*/)?$")

# Aggregate inline-policy size per entity, and managed-policy size, in
# characters excluding whitespace (IAM quotas page).
INLINE_LIMITS = {"user": 2048, "role": 10240, "group": 5120}
MANAGED_POLICY_LIMIT = 6144
MANAGED_POLICIES_PER_ENTITY = 10
POLICY_VERSIONS_LIMIT = 5

def policy_chars(document: PolicyDocument) -> int:
    return sum(1 for c in json.dumps(document, separators=(",", ":")) if not c.isspace())


def _new_id(prefix: str) -> str:
    alphabet = string.ascii_uppercase + string.digits
    return prefix + "".join(secrets.choice(alphabet) for _ in range(17))


def parse_policy_document(text: str, what: str = "policy") -> PolicyDocument:
    """Parse and structurally check an IAM JSON policy (MalformedPolicyDocument otherwise)."""
    if not isinstance(text, str):
        raise ValidationError(f"{what} document must be a JSON string")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise MalformedPolicyDocument(f"{what} is not valid JSON: {err.msg}") from None
    if not isinstance(doc, dict):
        raise MalformedPolicyDocument(f"{what} must be a JSON object")
    statements = doc.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise MalformedPolicyDocument(f"{what} has no Statement")
    for i, st in enumerate(statements):
        if decode_unknown(st) is not None:
            continue  # a statement known only after apply (iacsim.policy.unknowns): evaluated as unknown
        if not isinstance(st, dict):
            raise MalformedPolicyDocument(f"{what} Statement[{i}] is not an object")
        if st.get("Effect") not in ("Allow", "Deny") and decode_unknown(st.get("Effect")) is None:
            raise MalformedPolicyDocument(f"{what} Statement[{i}] has no valid Effect")
        if "Action" not in st and "NotAction" not in st:
            raise MalformedPolicyDocument(f"{what} Statement[{i}] has no Action")
    return doc


class IamBackend:
    """IAM state of one account."""

    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.partition = cloud.partition
        self.users: dict[str, User] = {}
        self.roles: dict[str, Role] = {}
        self.groups: dict[str, Group] = {}
        self.policies: dict[str, ManagedPolicy] = {}
        """Customer managed policies by ARN."""
        self._identities: dict[str, Identity] = {}
        """Identity per principal ARN, dropped by :meth:`invalidate` after any IAM change."""
        self.incomplete: dict[str, str] = {}
        """User/role/group ARN → why its permissions may include policies the simulation does not have."""

    def mark_incomplete(self, entity_arn: str, reason: str) -> None:
        """Say that ``entity_arn`` may hold permissions the simulation does not know (and why)."""
        self.incomplete[entity_arn] = reason
        self.invalidate()

    def invalidate(self) -> None:
        """Forget cached identities; call after changing IAM state other than through the client."""
        self._identities.clear()

    # -- helpers ---------------------------------------------------------------
    def arn_for(self, kind: str, path: str, name: str) -> str:
        return str(Arn.iam(self.partition, self.account, kind, name, path))

    @staticmethod
    def check_name(name: str, what: str, pattern: re.Pattern[str] = _NAME) -> str:
        if not isinstance(name, str) or not pattern.match(name):
            raise ValidationError(f"invalid {what} name {name!r}")
        return name

    @staticmethod
    def check_path(path: str) -> str:
        if not isinstance(path, str) or len(path) > 512 or not _PATH.match(path):
            raise ValidationError(f"invalid path {path!r}: must start and end with '/'")
        return path

    def _find(self, table: dict[str, E], name: str, what: str) -> E:
        entity = table.get(name)
        if entity is None:
            raise NoSuchEntity(f"The {what} with name {name} cannot be found.")
        return entity

    def user(self, name: str) -> User:
        return self._find(self.users, name, "user")

    def role(self, name: str) -> Role:
        return self._find(self.roles, name, "role")

    def group(self, name: str) -> Group:
        return self._find(self.groups, name, "group")

    def managed_policy(self, arn: str) -> tuple[str, PolicyDocument]:
        """(arn, default document) of a customer managed policy or an AWS managed one.

        An AWS managed policy's document is its default version in iacsim's snapshot
        (:mod:`iacsim.aws.managed_policies`). One the snapshot lacks may still exist in AWS (published
        after the snapshot), so it is not refused as NoSuchEntity: NotImplementedError says the simulator
        cannot know, and the seeder marks the principal incomplete instead.
        """
        if managed_policies.is_aws_managed(arn):
            document = managed_policies.document(arn)
            if document is None:
                raise NotImplementedError(managed_policies.missing_reason(arn))
            return arn, document
        parsed = Arn.parse(arn)
        account = parsed.account if parsed is not None else ""
        # Customer managed policies attach only within their own account.
        policy = self.policies.get(arn) if account == self.account else None
        if policy is None:
            raise NoSuchEntity(f"Policy {arn} does not exist or is not attachable.")
        return arn, policy.document

    def now(self) -> datetime:
        return self.cloud.clock.now()

    def new_entity_id(self, prefix: str) -> str:
        return _new_id(prefix)

    # -- inline / attached policies shared by users, roles, groups -------------
    def put_inline(self, entity: Entity, kind: str, policy_name: str, document_text: str) -> None:
        self.check_name(policy_name, "policy", POLICY_NAME)
        doc = parse_policy_document(document_text)
        others = sum(policy_chars(d) for n, d in entity.inline.items() if n != policy_name)
        if others + policy_chars(doc) > INLINE_LIMITS[kind]:
            raise LimitExceeded(
                f"Maximum policy size of {INLINE_LIMITS[kind]} bytes exceeded for {kind} {entity.name}",
            )
        entity.inline[policy_name] = doc

    def put_service_role_policy(self, role_name: str, policy_name: str, document_text: str) -> None:
        """The service's own call putting its permissions on its service-linked role: the one way a policy
        reaches such a role (customers' calls are refused, :mod:`iacsim.sim.iam.protections`)."""
        role = self.role(role_name)
        self.put_inline(role, "role", policy_name, document_text)
        self.invalidate()

    def attach(self, entity: Entity, policy_arn: str) -> None:
        self.managed_policy(policy_arn)
        if policy_arn in entity.attached:
            return
        if len(entity.attached) >= MANAGED_POLICIES_PER_ENTITY:
            raise LimitExceeded(f"Cannot exceed quota for PoliciesPerEntity: {MANAGED_POLICIES_PER_ENTITY}")
        entity.attached.append(policy_arn)
        if policy_arn in self.policies:
            self.policies[policy_arn].attachment_count += 1

    def detach(self, entity: Entity, policy_arn: str) -> None:
        if policy_arn not in entity.attached:
            raise NoSuchEntity(f"Policy {policy_arn} was not found.")
        entity.attached.remove(policy_arn)
        if policy_arn in self.policies:
            self.policies[policy_arn].attachment_count -= 1

    def check_boundary(self, policy_arn: str) -> str:
        self.managed_policy(policy_arn)
        return policy_arn

    # -- the question every service asks --------------------------------------
    def identity(self, principal: Principal) -> Identity:
        """Cached :meth:`compute_identity`."""
        found = self._identities.get(principal.arn)
        if found is None:
            found = self.compute_identity(principal)
            self._identities[principal.arn] = found
        return found

    def compute_identity(self, principal: Principal) -> Identity:
        """Identity policies and boundary of ``principal`` (a principal of this account).

        An assumed-role session ARN (``arn:aws:sts::<acct>:assumed-role/<role>/<session>``)
        maps to its role by name: session ARNs omit the role's path.
        A principal that does not exist is refused as AWS refuses unknown credentials.
        """
        if principal.account != self.account:
            raise ValueError(f"{principal.arn} is not a principal of account {self.account}")
        if principal.is_root:
            # The root user has no identity policies: the evaluator gives it its account's
            # full permissions, still limited by resource policies (a key policy without
            # the root statement locks it out).
            return Identity(principal.arn, self.account, (), None, principal.arn)
        policies: list[NamedPolicy] = []
        if principal.kind == "user":
            user = self.users.get(principal.name)
            if user is None or user.arn != principal.arn:
                raise _unknown_principal(principal)
            self._collect(user, "user", policies)
            for group_name in user.groups:
                self._collect(self.groups[group_name], "group", policies)
            missing = [self.incomplete[a] for a in (user.arn, *(self.groups[g].arn for g in user.groups))
                       if a in self.incomplete]
            return Identity(principal.arn, self.account, tuple(policies), self._boundary(user.boundary),
                            user.arn, tuple(sorted(user.tags.items())), "; ".join(missing) or None)
        role = self.roles.get(principal.name)
        if role is None or (principal.kind == "role" and role.arn != principal.arn):
            raise _unknown_principal(principal)
        self._collect(role, "role", policies)
        return Identity(principal.arn, self.account, tuple(policies), self._boundary(role.boundary), role.arn,
                        tuple(sorted(role.tags.items())), self.incomplete.get(role.arn))

    def _collect(self, entity: Entity, kind: str, out: list[NamedPolicy]) -> None:
        for name, doc in entity.inline.items():
            out.append(NamedPolicy(f"{kind}/{entity.name} inline {name}", doc))
        for arn in entity.attached:
            out.append(NamedPolicy(arn, self.managed_policy(arn)[1]))

    def _boundary(self, arn: str | None) -> NamedPolicy | None:
        if arn is None:
            return None
        return NamedPolicy(f"permissions boundary {arn}", self.managed_policy(arn)[1])

    # -- response shapes -------------------------------------------------------
    @staticmethod
    def tags_out(tags: dict[str, str]) -> list[dict[str, str]]:
        return [{"Key": k, "Value": v} for k, v in tags.items()]

    @staticmethod
    def tags_in(tags: list[dict[str, str]] | None) -> dict[str, str]:
        out: dict[str, str] = {}
        for tag in tags or []:
            if not isinstance(tag, dict) or "Key" not in tag or "Value" not in tag:
                raise ValidationError("each tag needs Key and Value")
            out[tag["Key"]] = tag["Value"]
        if len(out) > 50:
            raise LimitExceeded("an IAM entity can have at most 50 tags")
        return out

    def user_shape(self, user: User) -> dict[str, Any]:
        out: dict[str, Any] = {
            "Path": user.path, "UserName": user.name, "UserId": user.entity_id, "Arn": user.arn,
            "CreateDate": user.created,
        }
        if user.boundary:
            out["PermissionsBoundary"] = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": user.boundary}
        if user.tags:
            out["Tags"] = self.tags_out(user.tags)
        return out

    def role_shape(self, role: Role) -> dict[str, Any]:
        out: dict[str, Any] = {
            "Path": role.path, "RoleName": role.name, "RoleId": role.entity_id, "Arn": role.arn,
            "CreateDate": role.created, "AssumeRolePolicyDocument": role.assume_role_policy,
            "MaxSessionDuration": role.max_session_duration,
        }
        if role.description:
            out["Description"] = role.description
        if role.boundary:
            out["PermissionsBoundary"] = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": role.boundary}
        if role.tags:
            out["Tags"] = self.tags_out(role.tags)
        return out

    def group_shape(self, group: Group) -> dict[str, Any]:
        return {"Path": group.path, "GroupName": group.name, "GroupId": group.entity_id, "Arn": group.arn,
                "CreateDate": group.created}

    @staticmethod
    def policy_shape(policy: ManagedPolicy) -> dict[str, Any]:
        out: dict[str, Any] = {
            "PolicyName": policy.name, "PolicyId": policy.policy_id, "Arn": policy.arn, "Path": policy.path,
            "DefaultVersionId": policy.default_version, "AttachmentCount": policy.attachment_count,
            "PermissionsBoundaryUsageCount": 0, "IsAttachable": True, "CreateDate": policy.created,
            "UpdateDate": max(policy.version_dates.values()),
        }
        if policy.description:
            out["Description"] = policy.description
        if policy.tags:
            out["Tags"] = IamBackend.tags_out(policy.tags)
        return out


def _unknown_principal(principal: Principal) -> UnrecognizedClientException:
    return UnrecognizedClientException(
        f"The security token included in the request is invalid: {principal.arn} does not exist in the simulated IAM",
    )
