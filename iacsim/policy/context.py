"""The request context AWS builds for a request, filled from the request itself.

IAM User Guide, "AWS global condition context keys"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
``aws:PrincipalArn`` (a role session reports its role's ARN), ``aws:PrincipalAccount``,
``aws:PrincipalType`` (Account, User, FederatedUser, AssumedRole, Anonymous),
``aws:username`` (IAM users only), ``aws:userid`` (root: the account id; federated user:
``account:name``; IAM user: its unique id; role session: ``role-unique-id:session-name`` — unique ids
only when ``AuthorizationRequest.principal_id`` gives them),
``aws:PrincipalIsAWSService`` / ``aws:PrincipalServiceName`` (service principals),
``aws:ResourceAccount``, ``aws:RequestedRegion``.
AWS KMS Developer Guide, "AWS KMS condition keys"
(https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html):
``kms:CallerAccount``, ``kms:EncryptionContext:<key>`` (key part case-insensitive),
``kms:EncryptionContextKeys`` (multi-valued).

Keys are stored lower-cased because condition key names are case-insensitive. Values the
caller puts in ``AuthorizationRequest.context`` win over the filled ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from iacsim.aws.arn import Arn
from iacsim.policy.principals import parse_principal
from iacsim.policy.request import AuthorizationRequest

Context = dict[str, tuple[str, ...]]


def _values(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, bool):
        return ("true" if value else "false",)
    if isinstance(value, int | float):
        return (str(value),)
    if isinstance(value, Sequence):
        return tuple(_values(v)[0] for v in value if _values(v))
    return (str(value),)


def build_context(request: AuthorizationRequest, resource_account: str | None = None,
                  region: str | None = None) -> Context:
    """The request context. ``resource_account``/``region`` may be passed when already known
    (the evaluator derives them once per request); otherwise they come from the resource ARN."""
    context = dict(_principal_context(request.principal, request.principal_id))
    if resource_account is None and region is None:
        arn = Arn.parse(request.resource)
        if arn is not None:
            resource_account, region = arn.account or None, arn.region or None
    resource_account = request.resource_account or resource_account
    if resource_account:
        context["aws:resourceaccount"] = (resource_account,)
    if region:
        context["aws:requestedregion"] = (region,)
    if request.action[:4].lower() == "kms:":
        caller_account = context.get("aws:principalaccount")
        if caller_account:
            context["kms:calleraccount"] = caller_account
        if request.encryption_context is not None:
            for ec_key, ec_value in request.encryption_context.items():
                context["kms:encryptioncontext:" + ec_key.lower()] = (ec_value,)
            context["kms:encryptioncontextkeys"] = tuple(request.encryption_context)
    for key, value in request.context.items():
        context[key.lower()] = (value,) if type(value) is str else _values(value)
    return context


@lru_cache(maxsize=4096)
def _principal_context(principal: str, principal_id: str | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The part of the context that depends only on the caller (cached: few callers, many calls)."""
    caller = parse_principal(principal)
    context: Context = {}
    if caller.kind == "service":
        context["aws:principalisawsservice"] = ("true",)
        context["aws:principalservicename"] = (caller.raw.strip(),)
    else:
        context["aws:principalisawsservice"] = ("false",)
    if caller.kind not in ("service", "anonymous", "other"):
        context["aws:principalarn"] = (caller.principal_arn,)
    if caller.account:
        context["aws:principalaccount"] = (caller.account,)
    if caller.kind != "other":
        context["aws:principaltype"] = (caller.principal_type,)
    if caller.kind == "user" and caller.name:
        context["aws:username"] = (caller.name,)
    if caller.kind == "root" and caller.account:
        context["aws:userid"] = (caller.account,)
    if caller.kind == "anonymous":
        context["aws:userid"] = ("anonymous",)
    if caller.kind == "federated_user" and caller.account and caller.name:
        context["aws:userid"] = (f"{caller.account}:{caller.name}",)
    if principal_id and caller.kind == "user":
        context["aws:userid"] = (principal_id,)
    if principal_id and caller.kind == "assumed_role":
        session = caller.arn.rsplit("/", 1)[-1]
        context["aws:userid"] = (f"{principal_id}:{session}",)
    return tuple(context.items())
