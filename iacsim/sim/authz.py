"""Authorization of simulated calls through the policy evaluator.

Every simulated service authorizes through :func:`authorize` / :func:`require`:
it gathers the caller's identity policies and permissions boundary from the
simulated IAM, adds the resource's policy (key policy, bucket policy) and
KMS grants, builds the request context AWS would build (``kms:ViaService``
and ``aws:CalledVia`` when a service calls on the principal's behalf,
``kms:EncryptionContext:*``, ``kms:CallerAccount``, ``aws:SourceArn``,
``kms:GrantIsForAWSResource``...) and asks :func:`iacsim.policy.evaluate`.

Policy evaluation logic:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
KMS condition keys: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from iacsim.aws import managed_policies
from iacsim.policy import AuthorizationRequest, Decision, NamedPolicy, evaluate
from iacsim.policy import Grant as PolicyGrant
from iacsim.sim.audit import note_resource_account
from iacsim.sim.errors import AccessDeniedException, CodedError, PermissionsUnknown, Undecidable
from iacsim.sim.iam.model import Identity
from iacsim.sim.principal import Caller, Principal

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

ContextValue = str | Sequence[str]

_unchecked: contextvars.ContextVar[bool] = contextvars.ContextVar("iacsim_sim_unchecked", default=False)


@contextmanager
def unchecked() -> Iterator[None]:
    """Allow every call inside the block without asking the evaluator: setting up an object a replay needs
    when the call that makes it could not be decided (a write by a deployer the scan does not know). The
    object's state checks still apply; only authorization is skipped. Replayed steps never run in it."""
    token = _unchecked.set(True)
    try:
        yield
    finally:
        _unchecked.reset(token)


def identity_of(cloud: Cloud, principal: Principal) -> Identity | None:
    """The caller's identity policies from the simulated IAM (None for service principals)."""
    if principal.is_service:
        return None
    backend = cloud.backends("iam")[principal.account]["global"]
    identity: Identity = backend.identity(principal)
    return identity


def request_context(
    caller: Caller,
    extra: Mapping[str, ContextValue] | None = None,
    *,
    cloud: Cloud | None = None,
    region: str | None = None,
    identity: Identity | None = None,
) -> dict[str, ContextValue]:
    """Condition keys that come from how the call was made (not from the resource).

    ``aws:CurrentTime``/``aws:EpochTime`` come from the simulated clock (so
    ``DateLessThan`` conditions follow ``cloud.clock.advance``), ``aws:RequestedRegion``
    is the region the request was sent to, ``aws:SecureTransport`` is true (SDK
    calls use TLS), ``aws:PrincipalTag/<k>`` carries the IAM entity's tags.
    """
    context: dict[str, ContextValue] = {"aws:SecureTransport": "true"}
    if cloud is not None:
        current, epoch = cloud.clock.condition_values()
        context["aws:CurrentTime"] = current
        context["aws:EpochTime"] = epoch
    if region is not None:
        context["aws:RequestedRegion"] = region
    if identity is not None:
        for tag_key, tag_value in identity.tags:
            context[f"aws:PrincipalTag/{tag_key}"] = tag_value
    if caller.via_service is not None:
        context["kms:ViaService"] = caller.via_service
        context["aws:CalledVia"] = [caller.via_service.split(".", 1)[0] + ".amazonaws.com"]
    if caller.source_arn is not None:
        context["aws:SourceArn"] = caller.source_arn
    if caller.source_account is not None:
        context["aws:SourceAccount"] = caller.source_account
    if caller.grant_is_for_aws_resource:
        context["kms:GrantIsForAWSResource"] = "true"
    for key, value in caller.extra_context:
        context[key] = value
    if extra:
        context.update(extra)
    return context


def authorize(
    cloud: Cloud,
    caller: Caller,
    action: str,
    resource: str,
    *,
    resource_account: str | None = None,
    resource_policy: Mapping[str, Any] | None = None,
    resource_policy_name: str | None = None,
    grants: Sequence[PolicyGrant] = (),
    encryption_context: Mapping[str, str] | None = None,
    key_spec: str | None = None,
    key_usage: str | None = None,
    key_manager: str | None = None,
    aws_managed_key_service: str | None = None,
    context: Mapping[str, ContextValue] | None = None,
    region: str | None = None,
) -> Decision:
    """Ask the policy evaluator whether ``caller`` may do ``action`` on ``resource``."""
    note_resource_account(resource_account)
    if _unchecked.get():
        return Decision("allowed", summary="allowed: set up outside the replay, without authorization")
    identity = identity_of(cloud, caller.principal)
    request = AuthorizationRequest(
        principal=caller.principal.arn,
        action=action,
        resource=resource,
        resource_account=resource_account,
        context=request_context(caller, context, cloud=cloud, region=region, identity=identity),
        encryption_context=encryption_context,
        key_spec=key_spec,
        key_usage=key_usage,
        key_manager=key_manager,
        aws_managed_key_service=aws_managed_key_service,
        unknown_accounts=cloud.unknown_accounts,
    )
    policy = None
    if resource_policy is not None:
        policy = NamedPolicy(resource_policy_name, resource_policy) if resource_policy_name else resource_policy
    decision = evaluate(
        request,
        identity_policies=identity.evaluator_policies if identity else (),
        resource_policy=policy,
        permission_boundaries=identity.evaluator_boundaries if identity else (),
        grants=grants,
    )
    if decision.outcome == "unknown":
        # A policy statement holds a value known only after apply and it could change the answer.
        raise Undecidable(f"whether {caller.principal.arn} may {action} on {resource} is not known: "
                          f"{decision.summary.removeprefix('unknown: ')}")
    if decision.outcome == "implicit_deny" and identity is not None and identity.incomplete is not None:
        # Missing information is not a deny: would an Allow the scan cannot see change the answer?
        could_allow = evaluate(
            request,
            identity_policies=(*identity.evaluator_policies, _MISSING_ALLOW),
            resource_policy=policy,
            permission_boundaries=identity.evaluator_boundaries,
            grants=grants,
        )
        if could_allow.outcome in ("allowed", "unknown"):
            raise PermissionsUnknown(f"whether {caller.principal.arn} may {action} on {resource} depends on "
                                     f"permissions the scan does not know: {identity.incomplete}")
    if decision.outcome == "implicit_deny" and identity is not None:
        return _with_aws_managed(decision, identity)
    return decision


def _with_aws_managed(decision: Decision, identity: Identity) -> Decision:
    """An identity-side implicit deny that names what the principal's AWS managed policies allow.

    Those documents are not in the user's code (iacsim evaluates its snapshot of them,
    :mod:`iacsim.aws.managed_policies`), so "no identity policy allows" would hide what was evaluated.
    """
    decisive = decision.decisive
    if decisive is None or decisive.kind != "identity":
        return decision
    notes = []
    for policy in identity.policies:
        described = managed_policies.describe(policy.source) if managed_policies.is_aws_managed(policy.source) \
            else None
        if described is not None:
            notes.append(f"AWS managed policy {policy.source} ({managed_policies.version(policy.source)} in "
                         f"iacsim's snapshot of {managed_policies.snapshot_info().snapshot_date}) was evaluated: "
                         f"{described}")
    if not notes:
        return decision
    return replace(decision, summary=f"{decision.summary}; {'; '.join(notes)}")


_MISSING_ALLOW = NamedPolicy("permissions the scan does not know", {
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
"""Stands for identity policies that exist but are not modelled: everything they could allow."""


def access_denied(caller: Caller, action: str, resource: str, decision: Decision,
                  error: type[CodedError] = AccessDeniedException) -> CodedError:
    """The AWS-style denial message, carrying the evaluator's explanation, as the service's ``error``.

    The status stays 400 for every service, as the simulator has always answered a policy denial
    (S3 and IAM answer their own ``AccessDenied`` with 403 elsewhere).
    """
    why = decision.summary.removeprefix("denied: ")
    return error(
        f"User: {caller.principal.arn} is not authorized to perform: {action} on resource: {resource} "
        f"because {why}",
        400,
    )


def require(
    cloud: Cloud,
    caller: Caller,
    action: str,
    resource: str,
    *,
    error: type[CodedError] = AccessDeniedException,
    **kwargs: Any,
) -> Decision:
    """:func:`authorize`, raising ``AccessDeniedException`` (or the service's ``error``) on denial."""
    decision = authorize(cloud, caller, action, resource, **kwargs)
    if not decision.allowed:
        raise access_denied(caller, action, resource, decision, error)
    return decision
