"""The simulated STS client (boto3 ``sts``): GetCallerIdentity and AssumeRole.

AssumeRole is authorized the way AWS does it (IAM User Guide, "Granting a
user permissions to switch roles" and "How IAM roles differ from
resource-based policies"): the role's trust policy must allow the caller
(naming it, or its account — which then delegates to the caller's identity
policies), and across accounts the caller's identity policies must also allow
``sts:AssumeRole`` on the role. The session ARN returned
(``arn:aws:sts::<acct>:assumed-role/<role>/<session>``) can be used as the
``principal`` of any client; it maps to the role's policies.
API reference: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
"""

from __future__ import annotations

import copy
import re
import secrets
import string
from datetime import timedelta
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.policy import Decision
from iacsim.sim.authz import access_denied, authorize
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import Cloud, ServiceSpec, register_service
from iacsim.sim.errors import AccessDenied
from iacsim.sim.iam.errors import ValidationError
from iacsim.sim.principal import Principal
from iacsim.sim.regions import GLOBAL_REGION

_SESSION_NAME = re.compile(r"^[\w+=,.@-]{2,64}$")


def _token(length: int, alphabet: str = string.ascii_uppercase + string.digits) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def trust_as_resource_policy(trust: dict[str, Any], role_arn: str) -> dict[str, Any]:
    """Trust policies have no Resource element; the evaluator expects one on resource policies,
    so each statement gets the role ARN as its resource (the only resource a trust policy governs)."""
    doc = copy.deepcopy(trust)
    statements = doc.get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        if isinstance(statement, dict) and "Resource" not in statement and "NotResource" not in statement:
            statement["Resource"] = role_arn
    return doc


class StsState:
    """STS keeps no state; the backend exists so STS registers like every service."""

    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account


class StsClient(BaseClient):
    service_name = "sts"

    @operation("GetCallerIdentity")
    def get_caller_identity(self) -> dict[str, Any]:
        principal = self.caller.principal
        if principal.is_root:
            user_id = principal.account
        else:
            iam = self.cloud.backends("iam")[principal.account][GLOBAL_REGION]
            if principal.kind == "user":
                user_id = iam.user(principal.name).entity_id
            else:
                user_id = f"{iam.role(principal.name).entity_id}:{principal.session_name or principal.name}"
        return {"UserId": user_id, "Account": principal.account, "Arn": principal.arn}

    @operation("AssumeRole")
    def assume_role(self, *, RoleArn: str, RoleSessionName: str, DurationSeconds: int = 3600,
                    ExternalId: str | None = None) -> dict[str, Any]:
        if not isinstance(RoleSessionName, str) or not _SESSION_NAME.match(RoleSessionName):
            raise ValidationError("RoleSessionName must be 2-64 characters of [\\w+=,.@-]")
        try:
            target = Principal.parse(RoleArn)
        except ValueError:
            raise ValidationError(f"{RoleArn} is not a role ARN") from None
        if target.kind != "role":
            raise ValidationError(f"{RoleArn} is not a role ARN")
        iam = self.cloud.backends("iam")[target.account][GLOBAL_REGION]
        role = iam.roles.get(target.name)
        action = "sts:AssumeRole"
        if role is None or role.arn != RoleArn:
            raise AccessDenied(f"User: {self.caller.principal.arn} is not authorized to perform: "
                               f"{action} on resource: {RoleArn} (no such role)")
        if not 900 <= DurationSeconds <= role.max_session_duration:
            raise ValidationError(
                f"DurationSeconds must be between 900 and the role's MaxSessionDuration "
                f"({role.max_session_duration})")
        context = {"sts:ExternalId": ExternalId} if ExternalId is not None else None
        decision = authorize(self.cloud, self.caller, action, RoleArn, resource_account=target.account,
                             resource_policy=trust_as_resource_policy(role.assume_role_policy, RoleArn),
                             resource_policy_name=f"trust policy of {RoleArn}", context=context)
        # The trust policy must allow in every case; an identity allow alone does not let
        # anyone assume a role.
        trusted = any(r.role == "allow" and r.kind == "resource" for r in decision.reasons)
        if not decision.allowed or not trusted:
            if decision.allowed:
                decision = Decision("implicit_deny", decision.reasons,
                                          f"denied: the trust policy of {RoleArn} does not allow "
                                          f"{self.caller.principal.arn} to assume the role")
            raise access_denied(self.caller, action, RoleArn, decision, AccessDenied)
        session = str(Arn(self.cloud.partition, "sts", "", target.account,
                          f"assumed-role/{role.name}/{RoleSessionName}"))
        expiration = self.cloud.clock.now() + timedelta(seconds=DurationSeconds)
        return {
            "Credentials": {"AccessKeyId": "ASIA" + _token(16), "SecretAccessKey": _token(40, string.ascii_letters),
                            "SessionToken": _token(64, string.ascii_letters + string.digits),
                            "Expiration": expiration},
            "AssumedRoleUser": {"AssumedRoleId": f"{role.entity_id}:{RoleSessionName}", "Arn": session},
            "PackedPolicySize": 0,
        }


STS: ServiceSpec[StsState] = register_service(ServiceSpec("sts", StsState, StsClient, global_service=True))
