"""Acting as the deployer in a replay: the identity Terraform or CloudFormation uses (docs/architecture.md §4).

Every step that AWS makes as whoever deploys (creating a key, enabling rotation, writing a parameter or a
secret, creating a log group, a topic, a table, encrypting a value at apply) is made through
:meth:`ActingDeployer.call` — one helper, not a copy per flow:

* a **known** deployer acts as itself (:mod:`iacsim.model.deployer`): a role or user of the scan with its
  seeded policies, so policy decides (a key policy admitting only ``role/terraform`` is fine when Terraform
  runs as it). One outside the scan is created as a stand-in holding what a deploy role holds (an identity
  policy allowing every action, :data:`DEPLOY_POLICY`): its unseen IAM policies are assumed to grant the
  deployment, as every AWS guide assumes (the step says so), and the resource policies decide — a key policy
  naming only another role refuses it;
* an **unknown** deployer is played by the account root of the object's account. What the root is allowed
  from the policies passes with that same stated assumption; a denial is ``unknown`` with
  :data:`~iacsim.model.deployer.DEPLOYER_UNKNOWN` when the real deployer might escape it (the refusing key
  policy names a role, a user or any principal, or conditions on who calls), and stays a denial when no
  deployer could (the key policy grants the account less than the call needs and names nobody else).

:meth:`ActingDeployer.create` also makes sure the object exists when its creation is ``unknown``: it is made
again without authorization, outside the audit trail (as :func:`_stand_in` is set up), so the steps of its
readers are replayed against it and depend only on the object existing (``FlowStep.after``), not on the
undecided write: a reader lacking ``kms:Decrypt`` still fails.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from iacsim.aws.arn import Arn
from iacsim.findings import FlowStep
from iacsim.flows.base import FlowContext
from iacsim.flows.clients import KmsClient, client
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, kms_failures, kms_refused
from iacsim.model.base import ModelObject
from iacsim.model.deployer import DEPLOYER_UNKNOWN, Deployer, deployer_of
from iacsim.sim import ClientError, Cloud, Undecidable, unchecked
from iacsim.sim.audit import paused
from iacsim.values import Unknown

T = TypeVar("T")

THROUGH_IAM = ("the policies grant the account, and a deploying role is assumed to get that through its IAM "
               "policies, as every AWS guide assumes")
"""The assumption a step states when the account root played a deployer the scan cannot see."""


@dataclass(frozen=True)
class ActingDeployer:
    arn: str
    """The principal the replay acts as (the root of the object's account when the deployer is not known)."""
    unknown: str | None = None
    """Why the deployer's identity is not known (None when it is)."""
    outside: str | None = None
    """Why a known deployer's IAM policies are not known (it is not a role or user of the scan): they are
    assumed to allow the deployment."""
    cloud: Cloud | None = dataclasses.field(default=None, compare=False, repr=False)
    """The simulated cloud the steps run on (to read the key policy that refused the root standing in)."""

    def call(self, action: str, resource: str, make: Callable[[str], Callable[[], T]],
             ok_reason: str) -> tuple[FlowStep, T | None]:
        """One step as the deployer: ``make(principal)`` builds the call acting as ``principal``."""
        step, out = call_step(self.arn, action, resource, make(self.arn), ok_reason)
        if self.unknown is not None:
            if step.decision == "allowed":
                return dataclasses.replace(step, reason=f"{step.reason} ({self.unknown}; the account root stands "
                                                        f"in: {THROUGH_IAM})"), out
            # a service reports the key's refusal as its own error (RDS: KMSKeyNotAccessibleFault)
            refused = step.decision == "denied" or (step.decision == "error" and self.cloud is not None
                                                    and kms_refused(self.cloud, step, access_denied=True))
            if refused and _escapable(self.cloud, step):
                return dataclasses.replace(step, decision="unknown", reason=(
                    f"{self.unknown}; the account root standing in is refused, and the real deployer may be a "
                    f"principal the policy admits ({step.reason})")), out
            return step, out
        if step.decision == "allowed" and self.outside is not None:
            return dataclasses.replace(step, reason=f"{step.reason} ({self.outside}; it is assumed to hold a "
                                                    "deploy role's IAM permissions, as every AWS guide assumes)"), out
        return step, out

    def create(self, action: str, resource: str, make: Callable[[str], Callable[[], T]],
               ok_reason: str) -> tuple[FlowStep, T | None]:
        """:meth:`call` for a step that makes an object; when the step is ``unknown``, the object is made
        anyway, without authorization and outside the audit trail, so its readers' steps can be replayed
        (they depend on the object existing, not on who made it: give them ``after=()``)."""
        step, out = self.call(action, resource, make, ok_reason)
        if step.decision == "unknown":
            try:
                with paused(), unchecked():
                    out = make(self.arn)()
            except (ClientError, Undecidable):
                out = None
        return step, out


_NAMES_SOMEONE = (":role/", ":user/", ":assumed-role/", ":federated-user/", "aws:principal", "aws:userid",
                  "aws:username", "aws:sourceidentity", "kms:calleraccount")
"""Text in a key policy that may admit a principal other than the account root standing in."""


def _escapable(cloud: Cloud | None, step: FlowStep) -> bool:
    """Whether the deployer the scan does not know might escape the denial of the root standing in: yes
    unless every key policy that refused the step (by its audit records) names nobody but accounts."""
    if cloud is None:
        return True
    refused = kms_failures(cloud, step, access_denied=True)
    if not refused:
        return True  # not a key policy: whatever refused the root may admit the real deployer
    if all((e.get("userIdentity") or {}).get("type") == "AWSService" for e in refused):
        return False  # the service's own principal was refused (Logs, CloudTrail): who deploys changes nothing
    for event in refused:
        key_id = (event.get("requestParameters") or {}).get("keyId")
        if not isinstance(key_id, str):
            return True
        arn = Arn.parse(key_id) if key_id.startswith("arn:") else None
        account = arn.account if arn is not None else event["recipientAccountId"]
        try:
            with paused(), unchecked():
                kms = client(cloud, KmsClient, region=event["awsRegion"], account=account)
                policy = json.loads(kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"])
        except (ClientError, Undecidable, ValueError, TypeError):
            return True
        text = json.dumps(policy).lower()
        statements = policy.get("Statement", [])
        anyone = any(isinstance(st, dict) and st.get("Effect") == "Allow"
                     and st.get("Principal") in ("*", {"AWS": "*"}) for st in
                     (statements if isinstance(statements, list) else [statements]))
        if anyone or any(name in text for name in _NAMES_SOMEONE):
            return True
    return False


def act_as_deployer(ctx: FlowContext, seeded: SeededCloud, obj: ModelObject) -> ActingDeployer:
    """The deployer of ``obj`` as a principal of ``seeded``'s cloud (created there if it is not)."""
    account_root = str(Arn.iam_root(obj.partition, obj.account))
    found = deployer_of(ctx.world, obj)
    if isinstance(found, Deployer):
        arn = Arn.parse_iam(found.arn)
        if arn is not None and arn.resource == "root":
            return ActingDeployer(found.arn)
        if found.modelled is not None and found.modelled.address not in seeded.unknown | seeded.failed:
            return ActingDeployer(found.arn)
        _stand_in(seeded, found.arn)
        return ActingDeployer(found.arn, outside=f"the deployer {found.arn} is not in the scan")
    why = found.reason if isinstance(found, Unknown) else DEPLOYER_UNKNOWN
    return ActingDeployer(account_root, unknown=why, cloud=seeded.cloud)


DEPLOY_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "AssumedDeployPermissions", "Effect": "Allow", "Action": "*", "Resource": "*"}]})
"""What a deployer outside the scan is assumed to hold through IAM: what deploying the code needs."""


def _stand_in(seeded: SeededCloud, arn_text: str) -> None:
    """Create the role or user ``arn_text`` in the simulated IAM with :data:`DEPLOY_POLICY`, outside the
    replay's audit trail (a role of the same ARN seeded from the code is left as it is)."""
    arn = Arn.parse_iam(arn_text)
    if arn is None or "/" not in arn.resource:
        return
    kind, _, rest = arn.resource.partition("/")
    path, _, name = ("/" + rest).rpartition("/")
    iam = seeded.cloud.client("iam", account=arn.account)
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
        "AWS": str(Arn.iam_root(arn.partition, arn.account))}, "Action": "sts:AssumeRole"}]})
    try:
        with paused():  # setting up the stand-in is not part of the replay's audit trail
            if kind == "role":
                iam.create_role(RoleName=name, Path=path + "/", AssumeRolePolicyDocument=trust)
                iam.put_role_policy(RoleName=name, PolicyName="iacsim-assumed-deploy", PolicyDocument=DEPLOY_POLICY)
            else:
                iam.create_user(UserName=name, Path=path + "/")
                iam.put_user_policy(UserName=name, PolicyName="iacsim-assumed-deploy", PolicyDocument=DEPLOY_POLICY)
    except ClientError:
        pass  # already there (seeded from the code, or set up by an earlier step)
