"""``service-encryption`` for datastores: RDS/Aurora, DynamoDB, EBS volumes, Auto Scaling launches and EFS.

Every encrypted database, table (and each global table replica), volume, Auto Scaling group and file
system of the scan is created in one simulated cloud seeded from the world, with the KMS calls its
service documents (see :mod:`iacsim.sim.kms.storage_services`, :mod:`iacsim.sim.ec2.launch`). Each service's replay
is its own module — :mod:`~iacsim.flows.rds`, :mod:`~iacsim.flows.dynamodb`,
:mod:`~iacsim.flows.ebs`, :mod:`~iacsim.flows.efs` — sharing
:mod:`~iacsim.flows.datastore_replay`; this flow runs their scenarios in that order.

A key outside the scan, or a value known only after apply that the seed cannot resolve, gives an
``unknown`` step, never a guess. Failures caused by a key of another Region are the apply-time rules'
findings (RDS001, DDB001, EBS001, EFS001): the flow shows the trace but adds no second finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacsim.flows import dynamodb, ebs, efs, rds
from iacsim.flows.base import Flow, FlowContext, FlowOutcome
from iacsim.flows.datastore_replay import ACCOUNT, DatastoreReplay, Scenario, ScenarioUnknown
from iacsim.flows.steps import root
from iacsim.flows.unknown import unknown
from iacsim.model.base import ModelObject
from iacsim.model.ec2 import AutoScalingGroup


class DatastoreEncryptionFlow(Flow):
    kind = "service-encryption"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        world = ctx.world
        scenarios: list[Scenario] = [*rds.scenarios(world), *dynamodb.scenarios(world),
                                     *ebs.scenarios(world), *efs.scenarios(world)]
        if not scenarios:
            return
        replay = DatastoreReplay(world, ctx.new_cloud(), ctx)
        for obj, scenario in scenarios:
            if not ACCOUNT.match(obj.account) or obj.region in ("unknown", "global"):
                yield self._unknown(obj, "ec2:RunInstances" if isinstance(obj, AutoScalingGroup) else "create",
                                    f"the account or Region of {obj.address} is not known statically")
                continue
            try:
                yield scenario(replay)
            except ScenarioUnknown as why:
                yield self._unknown(obj, "create", str(why))
            except (NotImplementedError, ValueError) as exc:  # a call or value the simulator does not model
                yield self._unknown(obj, "create", f"not simulated: {exc}")

    def _unknown(self, obj: ModelObject, action: str, why: str) -> FlowOutcome:
        principal = root(obj.account) if ACCOUNT.match(obj.account) else "unknown"
        return unknown(self.kind, f"{obj.address}: encryption", principal, action, obj.address, why)
