"""``ssm-secure-string``: every SecureString written by its deployer and read by every allowed principal.

The writer is the parameter's deployer (``iacsim/flows/deployer.py``): when it is
not known, the account root stands in and a denied write is ``unknown``; the
parameter is then written anyway outside the audit trail, so each reader's step
depends only on the parameter existing (``after=()``), and a reader lacking
``kms:Decrypt`` still fails. Readers are the roles and users in the scan whose
identity policies allow ``ssm:GetParameter`` on the parameter's ARN, as the
policy evaluator decides. The value written is a placeholder: the real value is
never read or printed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import partial
from typing import Any

from iacsim.findings import FlowResult
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import SsmClient, client
from iacsim.flows.deployer import act_as_deployer
from iacsim.flows.keys import key_as_passed
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, intends, principals_in, verdict
from iacsim.flows.unknown import unknown
from iacsim.model.iam import IamRole, IamUser
from iacsim.model.ssm import SsmParameter
from iacsim.rules.ssm.secure_string_flow import SecureStringUnreadable, SecureStringUnwritable
from iacsim.sim import Caller, Principal

PLACEHOLDER = "iacsim-simulated-value"


class SsmSecureStringFlow(Flow):
    kind = "ssm-secure-string"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        params = [p for p in ctx.world.of_type(SsmParameter) if p.type == "SecureString"]
        if not params:
            return
        seeded = ctx.new_cloud()
        readers = principals_in(ctx, seeded)
        for p in params:
            yield self._parameter(ctx, seeded, p, readers)

    def _key_id(self, ctx: FlowContext, seeded: SeededCloud, p: SsmParameter) -> str | None:
        if p.key is None:
            return None
        key = key_as_passed(ctx.world, seeded, p.key, p.account, p.region)
        return key if key is not None else "unknown"

    def _parameter(self, ctx: FlowContext, seeded: SeededCloud, p: SsmParameter,
                   readers: list[IamRole | IamUser]) -> FlowOutcome:
        name = f"{p.address} ({p.name if isinstance(p.name, str) else '?'})"
        deployer = act_as_deployer(ctx, seeded, p)
        writer = deployer.arn
        key_id = self._key_id(ctx, seeded, p)
        if not isinstance(p.name, str) or not isinstance(p.arn, str) or key_id == "unknown":
            return unknown(self.kind, name, writer, "ssm:PutParameter", p.address,
                           "the parameter name or its key is not known statically")
        key = ctx.world.find_key(p.key, account=p.account, region=p.region) if p.key is not None else None
        if key is not None and (key.address in seeded.unknown or key.address in seeded.failed):
            why = seeded.unknown.get(key.address) or f"the key is rejected at apply time ({seeded.failed[key.address]})"
            return unknown(self.kind, name, writer, "ssm:PutParameter", p.arn, f"{key.address}: {why}")
        args: dict[str, Any] = {"Name": p.name, "Value": PLACEHOLDER, "Type": "SecureString", "Overwrite": True}
        if key_id:
            args["KeyId"] = key_id
        if isinstance(p.tier, str):
            args["Tier"] = p.tier
        write, made = deployer.create("ssm:PutParameter", p.arn, lambda who: partial(
            client(seeded.cloud, SsmClient, region=p.region, principal=who).put_parameter, **args),
            f"written by the deployer with {key_id or 'the AWS managed key alias/aws/ssm'}")
        steps = [write]
        failures: list[FlowFailure] = []
        if write.decision in ("denied", "error"):
            failures.append(FlowFailure(SecureStringUnwritable, p, f"the deployer cannot encrypt {p.name}: "
                                                                   f"{write.reason}"))
            return FlowOutcome(FlowResult(self.kind, name, "fail", tuple(steps)), tuple(failures))
        if made is None:  # not even made outside the replay: there is nothing to read
            return FlowOutcome(FlowResult(self.kind, name, "unknown", tuple(steps)))
        for reader in readers:
            reader_arn = str(reader.arn)  # principals_in keeps readers with a known ARN
            caller = Caller(Principal.parse(reader_arn))
            if not intends(seeded.cloud, caller, "ssm:GetParameter", p.arn, resource_account=p.account):
                continue
            reader_ssm = client(seeded.cloud, SsmClient, region=p.region, principal=reader_arn)
            step, out = call_step(reader_arn, "ssm:GetParameter (WithDecryption)", p.arn,
                                  partial(reader_ssm.get_parameter, Name=p.name, WithDecryption=True),
                                  "read and decrypted through Parameter Store (kms:Decrypt via "
                                  f"ssm.{p.region}.amazonaws.com)")
            step = dataclasses.replace(step, after=())  # needs the parameter to exist, not who wrote it
            if out is not None and out["Parameter"]["Value"] != PLACEHOLDER:
                step = dataclasses.replace(step, decision="error", reason="decrypted value differs")
            steps.append(step)
            if step.decision in ("denied", "error"):
                failures.append(FlowFailure(SecureStringUnreadable, p,
                                            f"{reader.address} may call ssm:GetParameter on {p.name} but cannot "
                                            f"decrypt it: {step.reason}",
                                            fix=f"allow kms:Decrypt on the parameter's key for {reader.arn}"))
        if len(steps) == 1:
            steps[0] = dataclasses.replace(write, reason=write.reason + "; no role or user in the scan is allowed to "
                                                                  "read it")
        return FlowOutcome(FlowResult(self.kind, name, verdict(steps), tuple(steps)), tuple(failures))
