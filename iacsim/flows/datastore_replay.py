"""What the datastore replays share (RDS, DynamoDB, EBS, EFS): one seeded cloud per scan, the identifiers
used in it, key lookup, steps with the service's KMS trace, and the outcome with its finding.

Each service's replay is its own module (:mod:`~iacsim.flows.rds`,
:mod:`~iacsim.flows.dynamodb`, :mod:`~iacsim.flows.ebs`,
:mod:`~iacsim.flows.efs`); :mod:`~iacsim.flows.datastores` runs them all as one flow.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.deployer import ActingDeployer, act_as_deployer
from iacsim.flows.keys import simulated_key
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, service_kms_steps, verdict
from iacsim.model import World
from iacsim.model.base import ModelObject
from iacsim.model.ids import Ref
from iacsim.rules.base import FlowRule
from iacsim.sim.trace import TraceStep
from iacsim.values import unknown_because

T = TypeVar("T")

ACCOUNT = re.compile(r"^\d{12}$")
KIND = "service-encryption"


class ScenarioUnknown(Exception):
    """An input of the scenario is not known statically; the message says which."""


def ident(value: object, address: str) -> str:
    """A simulated identifier: the code's own when known, else one derived from the address."""
    if isinstance(value, str) and value:
        return value
    return re.sub(r"[^a-z0-9-]+", "-", address.lower()).strip("-")[:60] or "resource"


class Names:
    """Identifiers used in the one simulated cloud of a scan: two objects of the scan that share a name
    (variants side by side, one per directory) each get their own, so neither replay sees the other."""

    def __init__(self) -> None:
        self._owner: dict[tuple[str, str, str, str], str] = {}

    def __call__(self, kind: str, obj: ModelObject, value: object) -> str:
        name = ident(value, obj.address)
        slot = (kind, obj.account, obj.region, name)
        owner = self._owner.setdefault(slot, obj.address)
        if owner == obj.address:
            return name
        suffix = hashlib.sha256(obj.address.encode()).hexdigest()[:8]
        return self(kind, obj, f"{name}-{suffix}")


class DatastoreReplay:
    """The state the datastore scenarios of one scan share: the world, its seeded cloud, what was created."""

    def __init__(self, world: World, seeded: SeededCloud, ctx: FlowContext | None = None) -> None:
        self.world = world
        self.ctx = ctx
        self.seeded = seeded
        self.cloud = seeded.cloud
        self.created: dict[str, str] = {}
        """Model address → its simulated identifier or ARN (databases and tables created once per scan)."""
        self.name = Names()
        self.ebs_defaults: dict[tuple[str, str], bool] = {}
        """(account, Region) → whether EBS encryption by default is on (applied once)."""
        self._deployers: dict[str, ActingDeployer] = {}

    def deployer(self, obj: ModelObject) -> ActingDeployer:
        """Who creates ``obj``: the deployer of its unit (:mod:`iacsim.flows.deployer`), once per object."""
        if obj.address not in self._deployers:
            if self.ctx is None:
                raise RuntimeError("a DatastoreReplay made without a FlowContext cannot act as the deployer")
            self._deployers[obj.address] = act_as_deployer(self.ctx, self.seeded, obj)
        return self._deployers[obj.address]

    def deployer_step(self, obj: ModelObject, action: str, resource: str, make: Callable[[str], Callable[[], T]],
                      ok: str, traces: Sequence[Callable[[], Sequence[TraceStep]]], *,
                      create: bool = False, independent: bool = False) -> tuple[list[FlowStep], T | None]:
        """A service call made by the deployer of ``obj`` (``make(principal)`` builds it), followed by the KMS
        calls the service made for it. ``create``: when the deployer's step is ``unknown`` the object is made
        anyway, so what depends only on its existence can still be replayed. ``independent``: the step does not
        depend on the earlier steps of its flow (``after=()``): e.g. a replica needs its source to exist, not to
        have been made by a known principal."""
        acting = self.deployer(obj)
        step, out = (acting.create if create else acting.call)(action, resource, make, ok)
        if independent:
            step = dataclasses.replace(step, after=())
        steps = [step]
        if step.decision == "unknown":
            return steps, out  # the service's KMS calls now are those of an unchecked stand-in run: not a trace
        for trace in traces:
            steps += service_kms_steps(trace())
        return steps, out

    def key(self, ref: Ref | None, obj: ModelObject, region: str | None = None) -> str | None:
        """The simulated key ARN ``ref`` names for ``obj`` (None: the service's AWS managed key)."""
        if ref is None:
            return None
        found = simulated_key(self.world, self.seeded, ref, obj.account, region or obj.region, near=obj.address)
        if found.key is not None:
            if found.arn is not None:
                return found.arn
            key = found.key
            why = self.seeded.unknown.get(key.address) or self.seeded.failed.get(key.address) or \
                "it could not be created"
            raise ScenarioUnknown(f"key {key.address} could not be recreated: {why}")
        if isinstance(ref, str) and (ref.startswith("alias/aws/") or ":alias/aws/" in ref):
            return ref  # an AWS managed key: the simulated service creates it on first use
        if isinstance(ref, str):
            raise ScenarioUnknown(f"key {ref} is not defined in the scan, so its key policy cannot be checked")
        because = unknown_because(ref)  # a module not downloaded, a variable without value: say how to supply it
        if because:
            raise ScenarioUnknown(f"key {ref.ref or ref.reason} is not known statically, so its key policy cannot "
                                  f"be checked{because}")
        raise ScenarioUnknown(f"key {ref.ref or ref.reason} is not defined in the scan, so its key policy cannot "
                              "be checked")

    def wrong_region(self, ref: Ref | None, obj: ModelObject, region: str | None = None) -> bool:
        """A key of another Region: the apply-time rules' finding (the flow adds no second one)."""
        from iacsim.rules.rds.keys import wrong_region

        return wrong_region(self.world, ref, obj, region) is not None


Scenario = tuple[ModelObject, Callable[[DatastoreReplay], FlowOutcome]]
"""A model object and its replay (a service module's ``scenarios`` lists them)."""


def outcome(obj: ModelObject, name: str, steps: list[FlowStep], rule: type[FlowRule] | None,
            fix: str) -> FlowOutcome:
    result = FlowResult(KIND, name, verdict(steps), tuple(steps))
    if result.verdict != "fail" or rule is None:
        return FlowOutcome(result)
    failing = [s for s in steps if s.decision in ("denied", "error")]
    # the KMS call that was refused says why; the service's own error only repeats it
    failed = next((s for s in failing if s.action.startswith("kms:")), failing[0])
    what = name.split(": ", 1)[-1]
    return FlowOutcome(result, (FlowFailure(rule, obj, f"{what} fails: {failed.principal} → {failed.action} on "
                                                       f"{failed.resource}: {failed.reason}", fix=fix),))


def service_step(principal: str, action: str, resource: str, call: Callable[[], T], ok: str,
                 traces: Sequence[Callable[[], Sequence[TraceStep]]]) -> tuple[list[FlowStep], T | None]:
    """One service call as a step, followed by the KMS calls the service made for it (``traces``)."""
    step, out = call_step(principal, action, resource, call, ok)
    steps = [step]
    for trace in traces:
        steps += service_kms_steps(trace())
    return steps, out
