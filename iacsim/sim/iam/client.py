"""The simulated IAM client (boto3 ``iam``): users, roles, groups, policies, boundaries.

Calls by a non-root principal are authorized (``iam:<Operation>`` on the
entity's ARN) through the policy evaluator like any other call; the account
root is not restricted in its own account.
API reference: https://docs.aws.amazon.com/IAM/latest/APIReference/
"""

from __future__ import annotations

from typing import Any

from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import Cloud, ServiceSpec, register_service
from iacsim.sim.errors import AccessDenied
from iacsim.sim.iam.backend import (
    POLICY_NAME,
    POLICY_VERSIONS_LIMIT,
    IamBackend,
    parse_policy_document,
    policy_chars,
)
from iacsim.sim.iam.errors import (
    DeleteConflict,
    EntityAlreadyExists,
    InvalidInput,
    LimitExceeded,
    NoSuchEntity,
    UnmodifiableEntity,
    ValidationError,
)
from iacsim.sim.iam.model import Group, ManagedPolicy, Role, User
from iacsim.sim.iam.protections import (
    SERVICE_ROLE_PATH,
    check_customer_managed_policy,
    check_not_service_linked,
    is_service_linked_path,
)
from iacsim.sim.regions import GLOBAL_REGION


class IamClient(BaseClient):
    service_name = "iam"

    @property
    def backend(self) -> IamBackend:
        return self.cloud.backend(IAM, self.account, GLOBAL_REGION)

    def after_operation(self, name: str) -> None:
        # Anything but a read may change what a principal's identity policies are.
        if not name.startswith(("Get", "List")):
            self.backend.invalidate()

    def _authorize(self, action: str, resource: str) -> None:
        if not self.caller.principal.is_root:
            require(self.cloud, self.caller, f"iam:{action}", resource, resource_account=self.account,
                    error=AccessDenied)

    # -- users -----------------------------------------------------------------
    @operation("CreateUser")
    def create_user(self, *, UserName: str, Path: str = "/", PermissionsBoundary: str | None = None,
                    Tags: list[dict[str, str]] | None = None) -> dict[str, Any]:
        b = self.backend
        b.check_name(UserName, "user")
        b.check_path(Path)
        arn = b.arn_for("user", Path, UserName)
        self._authorize("CreateUser", arn)
        if UserName in b.users:
            raise EntityAlreadyExists(f"User with name {UserName} already exists.")
        user = User(UserName, Path, arn, b.new_entity_id("AIDA"), b.now(), tags=b.tags_in(Tags))
        if PermissionsBoundary is not None:
            user.boundary = b.check_boundary(PermissionsBoundary)
        b.users[UserName] = user
        return {"User": b.user_shape(user)}

    @operation("GetUser")
    def get_user(self, *, UserName: str) -> dict[str, Any]:
        user = self.backend.user(UserName)
        self._authorize("GetUser", user.arn)
        return {"User": self.backend.user_shape(user)}

    @operation("ListUsers")
    def list_users(self, *, PathPrefix: str = "/") -> dict[str, Any]:
        self._authorize("ListUsers", "*")
        users = [u for u in self.backend.users.values() if u.path.startswith(PathPrefix)]
        return {"Users": [self.backend.user_shape(u) for u in users], "IsTruncated": False}

    @operation("DeleteUser")
    def delete_user(self, *, UserName: str) -> dict[str, Any]:
        b = self.backend
        user = b.user(UserName)
        self._authorize("DeleteUser", user.arn)
        if user.inline or user.attached or user.groups:
            raise DeleteConflict("Cannot delete entity, must remove policies and groups first.")
        del b.users[UserName]
        return {}

    @operation("PutUserPolicy")
    def put_user_policy(self, *, UserName: str, PolicyName: str, PolicyDocument: str) -> dict[str, Any]:
        user = self.backend.user(UserName)
        self._authorize("PutUserPolicy", user.arn)
        self.backend.put_inline(user, "user", PolicyName, PolicyDocument)
        return {}

    @operation("GetUserPolicy")
    def get_user_policy(self, *, UserName: str, PolicyName: str) -> dict[str, Any]:
        user = self.backend.user(UserName)
        self._authorize("GetUserPolicy", user.arn)
        doc = _inline(user.inline, PolicyName, f"user {UserName}")
        return {"UserName": UserName, "PolicyName": PolicyName, "PolicyDocument": doc}

    @operation("DeleteUserPolicy")
    def delete_user_policy(self, *, UserName: str, PolicyName: str) -> dict[str, Any]:
        user = self.backend.user(UserName)
        self._authorize("DeleteUserPolicy", user.arn)
        _inline(user.inline, PolicyName, f"user {UserName}")
        del user.inline[PolicyName]
        return {}

    @operation("ListUserPolicies")
    def list_user_policies(self, *, UserName: str) -> dict[str, Any]:
        user = self.backend.user(UserName)
        self._authorize("ListUserPolicies", user.arn)
        return {"PolicyNames": list(user.inline), "IsTruncated": False}

    @operation("AttachUserPolicy")
    def attach_user_policy(self, *, UserName: str, PolicyArn: str) -> dict[str, Any]:
        user = self.backend.user(UserName)
        self._authorize("AttachUserPolicy", user.arn)
        self.backend.attach(user, PolicyArn)
        return {}

    @operation("DetachUserPolicy")
    def detach_user_policy(self, *, UserName: str, PolicyArn: str) -> dict[str, Any]:
        user = self.backend.user(UserName)
        self._authorize("DetachUserPolicy", user.arn)
        self.backend.detach(user, PolicyArn)
        return {}

    @operation("ListAttachedUserPolicies")
    def list_attached_user_policies(self, *, UserName: str) -> dict[str, Any]:
        user = self.backend.user(UserName)
        self._authorize("ListAttachedUserPolicies", user.arn)
        return {"AttachedPolicies": _attached(user.attached), "IsTruncated": False}

    @operation("PutUserPermissionsBoundary")
    def put_user_permissions_boundary(self, *, UserName: str, PermissionsBoundary: str) -> dict[str, Any]:
        user = self.backend.user(UserName)
        self._authorize("PutUserPermissionsBoundary", user.arn)
        user.boundary = self.backend.check_boundary(PermissionsBoundary)
        return {}

    @operation("DeleteUserPermissionsBoundary")
    def delete_user_permissions_boundary(self, *, UserName: str) -> dict[str, Any]:
        user = self.backend.user(UserName)
        self._authorize("DeleteUserPermissionsBoundary", user.arn)
        user.boundary = None
        return {}

    # -- roles -----------------------------------------------------------------
    @operation("CreateRole")
    def create_role(self, *, RoleName: str, AssumeRolePolicyDocument: str, Path: str = "/",
                    Description: str = "", MaxSessionDuration: int = 3600,
                    PermissionsBoundary: str | None = None,
                    Tags: list[dict[str, str]] | None = None) -> dict[str, Any]:
        b = self.backend
        b.check_name(RoleName, "role")
        b.check_path(Path)
        arn = b.arn_for("role", Path, RoleName)
        self._authorize("CreateRole", arn)
        if is_service_linked_path(Path):
            raise UnmodifiableEntity(f"The path {SERVICE_ROLE_PATH} is reserved for service-linked roles: "
                                     f"create one with CreateServiceLinkedRole")
        if RoleName in b.roles:
            raise EntityAlreadyExists(f"Role with name {RoleName} already exists.")
        if not 3600 <= MaxSessionDuration <= 43200:
            raise ValidationError("MaxSessionDuration must be between 3600 and 43200 seconds")
        trust = parse_policy_document(AssumeRolePolicyDocument, "AssumeRolePolicyDocument")
        role = Role(RoleName, Path, arn, b.new_entity_id("AROA"), b.now(), tags=b.tags_in(Tags),
                    assume_role_policy=trust, description=Description, max_session_duration=MaxSessionDuration)
        if PermissionsBoundary is not None:
            role.boundary = b.check_boundary(PermissionsBoundary)
        b.roles[RoleName] = role
        return {"Role": b.role_shape(role)}

    @operation("CreateServiceLinkedRole")
    def create_service_linked_role(self, *, AWSServiceName: str, Description: str = "",
                                   CustomSuffix: str | None = None) -> dict[str, Any]:
        """The role a service uses, at ``/aws-service-role/<service>/``, trusting only that service; its
        permissions are the service's to attach (:meth:`IamBackend.put_service_role_policy`)."""
        b = self.backend
        name = service_linked_role_name(AWSServiceName, CustomSuffix)
        path = f"{SERVICE_ROLE_PATH}{AWSServiceName}/"
        arn = b.arn_for("role", path, name)
        self._authorize("CreateServiceLinkedRole", arn)
        if name in b.roles:
            raise InvalidInput(f"Service role name {name} has been taken in this account, please try a different "
                               f"suffix.")
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                         "Principal": {"Service": [AWSServiceName]}}]}
        role = Role(name, path, arn, b.new_entity_id("AROA"), b.now(), assume_role_policy=trust,
                    description=Description)
        b.roles[name] = role
        return {"Role": b.role_shape(role)}

    @operation("GetRole")
    def get_role(self, *, RoleName: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("GetRole", role.arn)
        return {"Role": self.backend.role_shape(role)}

    @operation("ListRoles")
    def list_roles(self, *, PathPrefix: str = "/") -> dict[str, Any]:
        self._authorize("ListRoles", "*")
        roles = [r for r in self.backend.roles.values() if r.path.startswith(PathPrefix)]
        return {"Roles": [self.backend.role_shape(r) for r in roles], "IsTruncated": False}

    @operation("DeleteRole")
    def delete_role(self, *, RoleName: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("DeleteRole", role.arn)
        check_not_service_linked(role.name, role.path, "DeleteRole")
        if role.inline or role.attached:
            raise DeleteConflict("Cannot delete entity, must delete policies first.")
        del self.backend.roles[RoleName]
        return {}

    @operation("UpdateAssumeRolePolicy")
    def update_assume_role_policy(self, *, RoleName: str, PolicyDocument: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("UpdateAssumeRolePolicy", role.arn)
        check_not_service_linked(role.name, role.path, "UpdateAssumeRolePolicy")
        role.assume_role_policy = parse_policy_document(PolicyDocument, "AssumeRolePolicyDocument")
        return {}

    @operation("PutRolePolicy")
    def put_role_policy(self, *, RoleName: str, PolicyName: str, PolicyDocument: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("PutRolePolicy", role.arn)
        check_not_service_linked(role.name, role.path, "PutRolePolicy")
        self.backend.put_inline(role, "role", PolicyName, PolicyDocument)
        return {}

    @operation("GetRolePolicy")
    def get_role_policy(self, *, RoleName: str, PolicyName: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("GetRolePolicy", role.arn)
        doc = _inline(role.inline, PolicyName, f"role {RoleName}")
        return {"RoleName": RoleName, "PolicyName": PolicyName, "PolicyDocument": doc}

    @operation("DeleteRolePolicy")
    def delete_role_policy(self, *, RoleName: str, PolicyName: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("DeleteRolePolicy", role.arn)
        check_not_service_linked(role.name, role.path, "DeleteRolePolicy")
        _inline(role.inline, PolicyName, f"role {RoleName}")
        del role.inline[PolicyName]
        return {}

    @operation("ListRolePolicies")
    def list_role_policies(self, *, RoleName: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("ListRolePolicies", role.arn)
        return {"PolicyNames": list(role.inline), "IsTruncated": False}

    @operation("AttachRolePolicy")
    def attach_role_policy(self, *, RoleName: str, PolicyArn: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("AttachRolePolicy", role.arn)
        check_not_service_linked(role.name, role.path, "AttachRolePolicy")
        self.backend.attach(role, PolicyArn)
        return {}

    @operation("DetachRolePolicy")
    def detach_role_policy(self, *, RoleName: str, PolicyArn: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("DetachRolePolicy", role.arn)
        check_not_service_linked(role.name, role.path, "DetachRolePolicy")
        self.backend.detach(role, PolicyArn)
        return {}

    @operation("ListAttachedRolePolicies")
    def list_attached_role_policies(self, *, RoleName: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("ListAttachedRolePolicies", role.arn)
        return {"AttachedPolicies": _attached(role.attached), "IsTruncated": False}

    @operation("PutRolePermissionsBoundary")
    def put_role_permissions_boundary(self, *, RoleName: str, PermissionsBoundary: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("PutRolePermissionsBoundary", role.arn)
        check_not_service_linked(role.name, role.path, "PutRolePermissionsBoundary")
        role.boundary = self.backend.check_boundary(PermissionsBoundary)
        return {}

    @operation("DeleteRolePermissionsBoundary")
    def delete_role_permissions_boundary(self, *, RoleName: str) -> dict[str, Any]:
        role = self.backend.role(RoleName)
        self._authorize("DeleteRolePermissionsBoundary", role.arn)
        check_not_service_linked(role.name, role.path, "DeleteRolePermissionsBoundary")
        role.boundary = None
        return {}

    # -- groups ----------------------------------------------------------------
    @operation("CreateGroup")
    def create_group(self, *, GroupName: str, Path: str = "/") -> dict[str, Any]:
        b = self.backend
        b.check_name(GroupName, "group")
        b.check_path(Path)
        arn = b.arn_for("group", Path, GroupName)
        self._authorize("CreateGroup", arn)
        if GroupName in b.groups:
            raise EntityAlreadyExists(f"Group with name {GroupName} already exists.")
        group = Group(GroupName, Path, arn, b.new_entity_id("AGPA"), b.now())
        b.groups[GroupName] = group
        return {"Group": b.group_shape(group)}

    @operation("GetGroup")
    def get_group(self, *, GroupName: str) -> dict[str, Any]:
        b = self.backend
        group = b.group(GroupName)
        self._authorize("GetGroup", group.arn)
        return {"Group": b.group_shape(group), "Users": [b.user_shape(b.users[n]) for n in group.members],
                "IsTruncated": False}

    @operation("DeleteGroup")
    def delete_group(self, *, GroupName: str) -> dict[str, Any]:
        group = self.backend.group(GroupName)
        self._authorize("DeleteGroup", group.arn)
        if group.inline or group.attached or group.members:
            raise DeleteConflict("Cannot delete entity, must remove users and policies first.")
        del self.backend.groups[GroupName]
        return {}

    @operation("AddUserToGroup")
    def add_user_to_group(self, *, GroupName: str, UserName: str) -> dict[str, Any]:
        group = self.backend.group(GroupName)
        user = self.backend.user(UserName)
        self._authorize("AddUserToGroup", group.arn)
        if UserName not in group.members:
            group.members.append(UserName)
            user.groups.append(GroupName)
        return {}

    @operation("RemoveUserFromGroup")
    def remove_user_from_group(self, *, GroupName: str, UserName: str) -> dict[str, Any]:
        group = self.backend.group(GroupName)
        user = self.backend.user(UserName)
        self._authorize("RemoveUserFromGroup", group.arn)
        if UserName not in group.members:
            raise NoSuchEntity(f"User {UserName} is not in group {GroupName}.")
        group.members.remove(UserName)
        user.groups.remove(GroupName)
        return {}

    @operation("ListGroupsForUser")
    def list_groups_for_user(self, *, UserName: str) -> dict[str, Any]:
        b = self.backend
        user = b.user(UserName)
        self._authorize("ListGroupsForUser", user.arn)
        return {"Groups": [b.group_shape(b.groups[g]) for g in user.groups], "IsTruncated": False}

    @operation("PutGroupPolicy")
    def put_group_policy(self, *, GroupName: str, PolicyName: str, PolicyDocument: str) -> dict[str, Any]:
        group = self.backend.group(GroupName)
        self._authorize("PutGroupPolicy", group.arn)
        self.backend.put_inline(group, "group", PolicyName, PolicyDocument)
        return {}

    @operation("AttachGroupPolicy")
    def attach_group_policy(self, *, GroupName: str, PolicyArn: str) -> dict[str, Any]:
        group = self.backend.group(GroupName)
        self._authorize("AttachGroupPolicy", group.arn)
        self.backend.attach(group, PolicyArn)
        return {}

    @operation("DetachGroupPolicy")
    def detach_group_policy(self, *, GroupName: str, PolicyArn: str) -> dict[str, Any]:
        group = self.backend.group(GroupName)
        self._authorize("DetachGroupPolicy", group.arn)
        self.backend.detach(group, PolicyArn)
        return {}

    # -- managed policies ------------------------------------------------------
    @operation("CreatePolicy")
    def create_policy(self, *, PolicyName: str, PolicyDocument: str, Path: str = "/", Description: str = "",
                      Tags: list[dict[str, str]] | None = None) -> dict[str, Any]:
        b = self.backend
        b.check_name(PolicyName, "policy", POLICY_NAME)
        b.check_path(Path)
        arn = b.arn_for("policy", Path, PolicyName)
        self._authorize("CreatePolicy", arn)
        if arn in b.policies:
            raise EntityAlreadyExists(f"A policy called {PolicyName} already exists.")
        doc = _managed_doc(PolicyDocument)
        now = b.now()
        policy = ManagedPolicy(PolicyName, Path, arn, b.new_entity_id("ANPA"), now, Description,
                               {"v1": doc}, {"v1": now}, tags=b.tags_in(Tags))
        b.policies[arn] = policy
        return {"Policy": b.policy_shape(policy)}

    @operation("GetPolicy")
    def get_policy(self, *, PolicyArn: str) -> dict[str, Any]:
        self._authorize("GetPolicy", PolicyArn)
        return {"Policy": self.backend.policy_shape(self._policy(PolicyArn))}

    @operation("GetPolicyVersion")
    def get_policy_version(self, *, PolicyArn: str, VersionId: str) -> dict[str, Any]:
        self._authorize("GetPolicyVersion", PolicyArn)
        policy = self._policy(PolicyArn)
        if VersionId not in policy.versions:
            raise NoSuchEntity(f"Policy {PolicyArn} version {VersionId} does not exist.")
        return {"PolicyVersion": {"Document": policy.versions[VersionId], "VersionId": VersionId,
                                  "IsDefaultVersion": VersionId == policy.default_version,
                                  "CreateDate": policy.version_dates[VersionId]}}

    @operation("CreatePolicyVersion")
    def create_policy_version(self, *, PolicyArn: str, PolicyDocument: str,
                              SetAsDefault: bool = False) -> dict[str, Any]:
        self._authorize("CreatePolicyVersion", PolicyArn)
        check_customer_managed_policy(PolicyArn, "CreatePolicyVersion")
        policy = self._policy(PolicyArn)
        if len(policy.versions) >= POLICY_VERSIONS_LIMIT:
            raise LimitExceeded(f"A managed policy can have at most {POLICY_VERSIONS_LIMIT} versions.")
        doc = _managed_doc(PolicyDocument)
        version = f"v{policy.next_version}"
        policy.next_version += 1
        policy.versions[version] = doc
        policy.version_dates[version] = self.backend.now()
        if SetAsDefault:
            policy.default_version = version
        return {"PolicyVersion": {"VersionId": version, "IsDefaultVersion": SetAsDefault,
                                  "CreateDate": policy.version_dates[version]}}

    @operation("SetDefaultPolicyVersion")
    def set_default_policy_version(self, *, PolicyArn: str, VersionId: str) -> dict[str, Any]:
        self._authorize("SetDefaultPolicyVersion", PolicyArn)
        check_customer_managed_policy(PolicyArn, "SetDefaultPolicyVersion")
        policy = self._policy(PolicyArn)
        if VersionId not in policy.versions:
            raise NoSuchEntity(f"Policy {PolicyArn} version {VersionId} does not exist.")
        policy.default_version = VersionId
        return {}

    @operation("TagPolicy")
    def tag_policy(self, *, PolicyArn: str, Tags: list[dict[str, str]]) -> dict[str, Any]:
        self._authorize("TagPolicy", PolicyArn)
        check_customer_managed_policy(PolicyArn, "TagPolicy")
        policy = self._policy(PolicyArn)
        policy.tags.update(self.backend.tags_in(Tags))
        return {}

    @operation("DeletePolicy")
    def delete_policy(self, *, PolicyArn: str) -> dict[str, Any]:
        self._authorize("DeletePolicy", PolicyArn)
        check_customer_managed_policy(PolicyArn, "DeletePolicy")
        policy = self._policy(PolicyArn)
        if policy.attachment_count:
            raise DeleteConflict("Cannot delete a policy attached to entities.")
        del self.backend.policies[PolicyArn]
        return {}

    @operation("ListPolicies")
    def list_policies(self, *, Scope: str = "Local") -> dict[str, Any]:
        if Scope != "Local":
            raise NotImplementedError("iam.list_policies: only Scope='Local' is simulated")
        self._authorize("ListPolicies", "*")
        return {"Policies": [self.backend.policy_shape(p) for p in self.backend.policies.values()],
                "IsTruncated": False}

    def _policy(self, arn: str) -> ManagedPolicy:
        policy = self.backend.policies.get(arn)
        if policy is None:
            raise NoSuchEntity(f"Policy {arn} was not found.")
        return policy


def service_linked_role_name(service: str, suffix: str | None) -> str:
    """``AWSServiceRoleFor<Service>[_<suffix>]``. Each service documents its own role name; the simulator
    knows the ones its replays use and otherwise builds one from the service principal (UNCONFIRMED)."""
    base = _SERVICE_LINKED_ROLE_NAMES.get(service)
    if base is None:
        label = service.split(".", 1)[0]
        base = "AWSServiceRoleFor" + "".join(part.capitalize() for part in label.split("-"))
    return f"{base}_{suffix}" if suffix else base


_SERVICE_LINKED_ROLE_NAMES = {
    "autoscaling.amazonaws.com": "AWSServiceRoleForAutoScaling",
    "elasticbeanstalk.amazonaws.com": "AWSServiceRoleForElasticBeanstalk",
}
"""Documented names (https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html,
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-service-linked-roles.html)."""


def _managed_doc(text: str) -> dict[str, Any]:
    doc = parse_policy_document(text)
    if policy_chars(doc) > 6144:
        raise LimitExceeded("Cannot exceed quota for PolicySize: 6144")
    return doc


def _inline(table: dict[str, dict[str, Any]], name: str, owner: str) -> dict[str, Any]:
    doc = table.get(name)
    if doc is None:
        raise NoSuchEntity(f"The {owner} policy with name {name} cannot be found.")
    return doc


def _attached(arns: list[str]) -> list[dict[str, str]]:
    return [{"PolicyName": arn.rsplit("/", 1)[1], "PolicyArn": arn} for arn in arns]


def _backend(cloud: Cloud, account: str, region: str) -> IamBackend:
    return IamBackend(cloud, account, region)


IAM: ServiceSpec[IamBackend] = register_service(ServiceSpec("iam", _backend, IamClient, global_service=True))
