"""Acting as a principal of the scan: resolve an IaC address or ARN, and assume a role through STS.

A role is never used by its ARN alone: AWS gives its permissions only to a session made by
``sts:AssumeRole``, which the role's trust policy must allow (IAM User Guide, "Methods to assume a role"
and "Role trust policies"). So :func:`assume` calls the simulated STS as a principal the trust policy names —
the service a Lambda function or ECS task runs under (``lambda.amazonaws.com``), a role or user it names, an
account it trusts — and the test then acts as the returned session, ``arn:aws:sts::<account>:assumed-role/
<role>/<session>``. The trust policy is enforced: a principal it does not admit gets STS's AccessDenied,
with iacsim's explanation of which statement decided.
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html
https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.flows.seed import SeededCloud
from iacsim.model.iam import IamRole, IamUser
from iacsim.sim import Caller, ClientError, Cloud, Principal

_ACCOUNT = re.compile(r"^\d{12}$")


class UnknownPrincipal(LookupError):
    """The address or ARN names no principal the test can act as (with what there is instead)."""


@dataclass(frozen=True)
class Acting:
    """Who a test acts as: the ARN its calls carry, and how it came to hold it."""

    arn: str
    """The caller's ARN: an assumed-role session, a user, or an account root."""
    identity: str
    """The role, user or root ARN the session belongs to."""
    assumed_from: str | None = None
    """The principal that called ``sts:AssumeRole`` (None when the identity acts directly)."""


def principal_arn(seeded: SeededCloud, address_or_arn: str) -> str:
    """The ARN of a role or user of the scan named by IaC address, an ARN as given, or a 12-digit account's
    root. Raises :class:`UnknownPrincipal` naming the roles and users there are."""
    if address_or_arn.startswith("arn:") or address_or_arn.endswith(".amazonaws.com"):
        Principal.parse(address_or_arn)  # ValueError on what is no principal ARN
        return address_or_arn
    if _ACCOUNT.match(address_or_arn):
        return str(Arn.iam_root("aws", address_or_arn))
    world = seeded.world
    obj = world.by_address(address_or_arn) if world is not None else None
    if not isinstance(obj, IamRole | IamUser):
        known = sorted(o.address for o in (world.objects() if world is not None else ())
                       if isinstance(o, IamRole | IamUser))
        raise UnknownPrincipal(f"{address_or_arn} is no role or user of the scanned code; there are: "
                               f"{', '.join(known) or 'none'}")
    why = seeded.unknown.get(obj.address) or seeded.failed.get(obj.address)
    if why is not None:
        raise UnknownPrincipal(f"{address_or_arn} is not in the simulated cloud: {why}")
    return seeded.values[obj.address]["arn"]


def act_as(cloud: Cloud, arn: str, *, source: str | None = None, session_name: str = "iacsim-test",
           external_id: str | None = None) -> Acting:
    """Act as ``arn``: a role is assumed (from ``source`` when given, else from the first principal its trust
    policy admits); a user, root or session acts directly."""
    principal = Principal.parse(arn)
    if principal.kind != "role":
        return Acting(arn, arn)
    candidates = [source] if source is not None else list(trusted_callers(cloud, principal))
    refusals: list[str] = []
    for caller in candidates:
        try:
            return Acting(assume(cloud, caller, arn, session_name, external_id), arn, caller)
        except ClientError as err:
            if source is not None:
                raise
            refusals.append(f"{caller}: {err.response['Error']['Message']}")
    raise ClientError({"Error": {"Code": "AccessDenied", "Message": (
        f"no principal the trust policy of {arn} names may assume it"
        + (": " + "; ".join(refusals) if refusals else " (it names none the simulator can act as: "
           "pass source= the principal that assumes it)"))},
        "ResponseMetadata": {"HTTPStatusCode": 403}}, "AssumeRole")


def assume(cloud: Cloud, caller: str, role_arn: str, session_name: str, external_id: str | None) -> str:
    """``sts:AssumeRole`` on ``role_arn`` as ``caller``; the session ARN. A service caller carries
    ``aws:SourceAccount`` (the role's account), as services assuming a role for a resource do — what trust
    policies guarding against the confused deputy condition on (docs/aws-behaviour.md §5; UNCONFIRMED for
    every service): https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"""
    who = Principal.parse(caller)
    role_account = Principal.parse(role_arn).account
    context = Caller(who, source_account=role_account) if who.is_service else Caller(who)
    sts = cloud.client_for("sts", "us-east-1", context)
    args: dict[str, Any] = {"RoleArn": role_arn, "RoleSessionName": session_name}
    if external_id is not None:
        args["ExternalId"] = external_id
    session: str = sts.assume_role(**args)["AssumedRoleUser"]["Arn"]
    return session


def trusted_callers(cloud: Cloud, role: Principal) -> Iterator[str]:
    """The principals the role's trust policy allows ``sts:AssumeRole`` to, as callers to try: services
    first (where applications run), then the roles and users it names, then the accounts it trusts (as
    their root; ``*`` as the role's own account)."""
    iam = cloud.backends("iam")[role.account]["global"]
    found = iam.roles.get(role.name)
    statements = found.assume_role_policy.get("Statement", []) if found is not None else []
    services: list[str] = []
    named: list[str] = []
    accounts: list[str] = []
    for statement in statements if isinstance(statements, list) else [statements]:
        if not _allows_assume(statement):
            continue
        for kind, value in _principals(statement.get("Principal")):
            if kind == "Service":
                services.append(value)
            elif kind == "AWS" and value == "*":
                accounts.append(str(Arn.iam_root(role.partition, role.account)))
            elif kind == "AWS" and _ACCOUNT.match(value):
                accounts.append(str(Arn.iam_root(role.partition, value)))
            elif kind == "AWS" and value.endswith(":root"):
                accounts.append(value)
            elif kind == "AWS":
                named.append(value)
    seen: set[str] = set()
    for caller in (*services, *named, *accounts):
        if caller not in seen:
            seen.add(caller)
            yield caller


def _allows_assume(statement: Any) -> bool:
    if not isinstance(statement, Mapping) or statement.get("Effect") != "Allow":
        return False
    actions = statement.get("Action", [])
    return any(a.lower() in ("sts:assumerole", "sts:*", "*") for a in (actions if isinstance(actions, list)
                                                                         else [actions]) if isinstance(a, str))


def _principals(element: Any) -> Iterator[tuple[str, str]]:
    if element == "*":
        yield "AWS", "*"
        return
    if not isinstance(element, Mapping):
        return
    for kind, values in element.items():
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str):
                yield kind, value
