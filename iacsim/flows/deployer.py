"""Acting as the deployer in a replay: the identity Terraform or CloudFormation uses (docs/architecture.md §4).

Steps that depend on who deploys (enabling rotation, writing a parameter, encrypting a value at apply) are
made as the deployer the model names (:mod:`iacsim.model.deployer`). A deployer role or user of the scan is
the one seeded from the code. One outside the scan is created as a stand-in whose permissions are marked
incomplete (``mark_incomplete``), so what its IAM policies would decide is ``unknown`` while what the key
policy alone decides (no statement for the account or the role, an explicit Deny) still shows. When the
deployer is not known at all, a stand-in of the object's account plays it the same way, and a denial that
a principal the policy names might escape is ``unknown`` too: the real deployer may be that principal.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass

from iacsim.aws.arn import Arn
from iacsim.findings import FlowStep
from iacsim.flows.base import FlowContext
from iacsim.flows.seed import SeededCloud
from iacsim.model.base import ModelObject
from iacsim.model.deployer import DEPLOYER_UNKNOWN, Deployer, deployer_of
from iacsim.sim import ClientError
from iacsim.sim.audit import paused
from iacsim.values import Unknown

STAND_IN = "iacsim-unknown-deployer"
"""Name of the role that stands in for a deployer the scan does not know."""


@dataclass(frozen=True)
class ActingDeployer:
    arn: str
    """The principal the replay acts as."""
    unknown: str | None = None
    """Why the deployer's identity is not known (None when it is)."""

    def judge(self, steps: Sequence[FlowStep]) -> list[FlowStep]:
        """Denials of the deployer's steps are ``unknown`` when its identity is not known."""
        if self.unknown is None:
            return list(steps)
        return [dataclasses.replace(s, decision="unknown", reason=f"{self.unknown} ({s.reason})")
                if s.decision == "denied" and s.principal == self.arn else s for s in steps]


def act_as_deployer(ctx: FlowContext, seeded: SeededCloud, obj: ModelObject) -> ActingDeployer:
    """The deployer of ``obj`` as a principal of ``seeded``'s cloud (created there if it is not)."""
    found = deployer_of(ctx.world, obj)
    if isinstance(found, Deployer):
        arn = Arn.parse_iam(found.arn)
        if arn is not None and arn.resource == "root":
            return ActingDeployer(found.arn)
        if found.modelled is not None and found.modelled.address not in seeded.unknown | seeded.failed:
            return ActingDeployer(found.arn)
        _stand_in(seeded, found.arn, f"the deployer {found.arn} is not in the scan, so its permissions are unknown")
        return ActingDeployer(found.arn)
    why = found.reason if isinstance(found, Unknown) else DEPLOYER_UNKNOWN
    arn_text = str(Arn.iam(obj.partition, obj.account, "role", STAND_IN, "/"))
    _stand_in(seeded, arn_text, why)
    return ActingDeployer(arn_text, why)


def _stand_in(seeded: SeededCloud, arn_text: str, why: str) -> None:
    """Create the role or user ``arn_text`` in the simulated IAM, with permissions marked incomplete."""
    arn = Arn.parse_iam(arn_text)
    if arn is None or "/" not in arn.resource:
        return
    kind, _, rest = arn.resource.partition("/")
    path, _, name = ("/" + rest).rpartition("/")
    iam = seeded.cloud.client("iam", account=arn.account)
    backend = seeded.cloud.backends("iam")[arn.account]["global"]
    if arn_text in backend.incomplete:
        return
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
        "AWS": str(Arn.iam_root(arn.partition, arn.account))}, "Action": "sts:AssumeRole"}]})
    try:
        with paused():  # setting up the stand-in is not part of the replay's audit trail
            if kind == "role":
                iam.create_role(RoleName=name, Path=path + "/", AssumeRolePolicyDocument=trust)
            else:
                iam.create_user(UserName=name, Path=path + "/")
    except ClientError:
        pass  # already there (seeded from the code): only its permissions are in doubt
    backend.mark_incomplete(arn_text, why)
