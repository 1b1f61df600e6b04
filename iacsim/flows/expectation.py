"""``expectation``: the access checks a user declares in ``.iacsim.yml`` ``expect``.

Principals and resources may be IaC addresses (``aws_iam_role.app``,
``module.kms.aws_kms_key.this[0]``), ARNs, or — for resources — SSM parameter
names. Each is evaluated by the policy evaluator in the simulated cloud with the
policies that apply to that resource (key policy and grants for keys, bucket
policy for buckets).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacsim.config import Expectation
from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.seed import SeededCloud
from iacsim.flows.unknown import internal_error, unknown
from iacsim.model.base import ModelObject
from iacsim.model.effective import effective_key_policy
from iacsim.model.kms import KmsKey
from iacsim.model.s3 import S3Bucket
from iacsim.rules.expect.expectation import ExpectationNotMet
from iacsim.sim import Caller, Principal, Undecidable, authorize
from iacsim.values import Unknown


class ExpectationFlow(Flow):
    kind = "expectation"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        if not ctx.config.expect:
            return
        seeded = ctx.new_cloud()
        for exp in ctx.config.expect:
            yield self._check(ctx, seeded, exp)

    def _principal(self, ctx: FlowContext, seeded: SeededCloud, ref: str) -> tuple[str | None, ModelObject | None]:
        if ref.startswith("arn:"):
            return ref, None
        obj = ctx.world.by_address(ref)
        if obj is None:
            return None, None
        arn = seeded.values.get(obj.address, {}).get("arn")
        return arn, obj

    def _resource(self, ctx: FlowContext, seeded: SeededCloud, ref: str) -> tuple[str | None, ModelObject | None]:
        obj = ctx.world.by_address(ref) or (ctx.world.find_parameter(ref) if ref.startswith("/") else None)
        if obj is None and ref.startswith("arn:"):
            obj = ctx.world.find_key(ref) or ctx.world.find_bucket(ref) or ctx.world.find_parameter(ref)
            return ref, obj
        if obj is None:
            return None, None
        arn = seeded.values.get(obj.address, {}).get("arn")
        if arn is None and isinstance(getattr(obj, "arn", None), str):
            arn = obj.arn  # type: ignore[attr-defined]
        return arn, obj

    def _check(self, ctx: FlowContext, seeded: SeededCloud, exp: Expectation) -> FlowOutcome:
        name = f"{exp.principal} {exp.action} {exp.resource} → {'allowed' if exp.allowed else 'denied'}"
        principal, p_obj = self._principal(ctx, seeded, exp.principal)
        resource, r_obj = self._resource(ctx, seeded, exp.resource)
        missing = [what for what, value in (("principal", principal), ("resource", resource)) if value is None]
        if missing:
            return unknown(self.kind, name, exp.principal, exp.action, exp.resource,
                           f"the {' and '.join(missing)} is neither an ARN nor an address or name in the scan")
        assert principal is not None and resource is not None
        kwargs: dict[str, Any] = {"resource_account": getattr(r_obj, "account", None) if r_obj else None}
        if isinstance(r_obj, KmsKey):
            policy = seeded.resolve(effective_key_policy(r_obj))
            if isinstance(policy, Unknown):
                return unknown(self.kind, name, principal, exp.action, resource,
                               "the key policy is not known statically")
            kwargs["resource_policy"] = policy  # values inside it may be unknown: evaluated three-valued
        elif isinstance(r_obj, S3Bucket) and r_obj.policy is not None:
            policy = seeded.resolve(r_obj.policy.policy.document)
            if not isinstance(policy, Unknown):
                kwargs["resource_policy"] = policy
        context = {str(k): (v if isinstance(v, list) else str(v)) for k, v in exp.context.items()}
        try:
            decision = authorize(seeded.cloud, Caller(Principal.parse(principal)), exp.action, resource,
                                 context=context or None, **kwargs)
        except Undecidable as exc:  # a policy value known only after apply, or permissions the scan lacks
            return unknown(self.kind, name, principal, exp.action, resource, exc.reason)
        except Exception as exc:  # an ARN the simulator cannot place, a malformed policy…
            return internal_error(self.kind, name, principal, exp.action, resource, exc)
        step = FlowStep(principal, exp.action, resource, "allowed" if decision.allowed else "denied", str(decision))
        if decision.allowed == exp.allowed:
            return FlowOutcome(FlowResult(self.kind, name, "pass", (step,)))
        target = r_obj or p_obj
        failures: tuple[FlowFailure, ...] = ()
        if target is not None:
            failures = (FlowFailure(ExpectationNotMet, target,
                                    f"expected {exp.principal} to be {'allowed' if exp.allowed else 'denied'} "
                                    f"{exp.action} on {exp.resource}, but it is "
                                    f"{'allowed' if decision.allowed else 'denied'}: {decision}"),)
        return FlowOutcome(FlowResult(self.kind, name, "fail", (step,)), failures)
