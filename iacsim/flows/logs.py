"""``service-encryption`` for CloudWatch Logs: every log group with a KMS key, created, written and read.

Replay per log group (on the seeded cloud: keys, roles and buckets as the code declares them):

1. CreateLogGroup with ``kmsKeyId`` as the deploying account (its root: the deploying role is not in the
   model; the step says so). CloudWatch Logs tries the key as ``logs.<region>.amazonaws.com`` with the
   context ``aws:logs:arn`` = the group ARN.
2. CreateLogStream + PutLogEvents (a placeholder message): the service generates a data key.
3. GetLogEvents/FilterLogEvents as every role or user in the scan whose IAM policies allow it (the account
   root when none does): the service decrypts.

Source: "Encrypt log data in CloudWatch Logs using AWS Key Management Service",
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

from iacsim.aws.arn import Arn
from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import LogsClient, client
from iacsim.flows.keys import key_arn_for
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, clouds_by_name, intends, principals_in, root, verdict
from iacsim.flows.unknown import unknown
from iacsim.model.iam import IamRole, IamUser
from iacsim.model.logs import LogGroup
from iacsim.rules._service_keys import key_ref_form
from iacsim.rules.logs.flow import LogsServiceCannotDecrypt, LogsServiceNotAdmitted
from iacsim.sim import Caller, Principal

PLACEHOLDER = "iacsim replayed log event"
STREAM = "iacsim-replay"
_CREATE = "logs:CreateLogGroup (kmsKeyId)"


class LogGroupEncryptionFlow(Flow):
    kind = "service-encryption"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        groups = [g for g in ctx.world.of_type(LogGroup) if g.kms_key is not None]
        if not groups:
            return
        readers: list[IamRole | IamUser] | None = None
        for seeded, group in clouds_by_name(ctx, groups, lambda g: g.name):
            if readers is None:
                readers = principals_in(ctx, seeded)
            yield self._group(ctx, seeded, group, readers)

    def _group(self, ctx: FlowContext, seeded: SeededCloud, g: LogGroup, readers: list[IamRole | IamUser]) -> FlowOutcome:
        deployer = root(g.account) if g.account != "unknown" else "deploying account"
        label = g.name if isinstance(g.name, str) else "generated name"
        title = f"CloudWatch Logs {g.address} ({label})"
        if g.placement_unknown:
            return unknown(self.kind, title, deployer, _CREATE, g.address, f"placement unknown: {g.placement_unknown}")
        form = key_ref_form(g.kms_key)
        if form in ("key-id", "alias-name"):
            return FlowOutcome(FlowResult(self.kind, title, "fail", (FlowStep(
                deployer, "logs:CreateLogGroup (kmsKeyId)", g.address, "error",
                f"kmsKeyId is a {form.replace('-', ' ')}, not an ARN: CloudWatch Logs refuses it (see LOG002)"),)))
        key_id, why = key_arn_for(ctx.world, seeded, g.kms_key, g.account, g.region)
        if key_id is None:
            return unknown(self.kind, title, deployer, _CREATE, g.address, why)
        assumed = not isinstance(g.name, str)
        name = seeded.values.get(g.address, {}).get("name") or g.replay_name()
        arn = str(Arn.log_group(g.partition, g.region, g.account, name))
        logs = client(seeded.cloud, LogsClient, region=g.region, account=g.account)
        note = f" (name generated at apply; replayed as {name})" if assumed else ""
        create, _ = call_step(
            deployer, "logs:CreateLogGroup (kmsKeyId)", arn,
            partial(logs.create_log_group, logGroupName=name, kmsKeyId=key_id),
            f"created by the deploying account (assumed: {deployer}); CloudWatch Logs may use {key_id} as "
            f"logs.{g.region}.amazonaws.com with aws:logs:arn = {arn}{note}")
        steps = [create]
        failures: list[FlowFailure] = []
        if create.decision != "allowed":
            # A name known only at apply is replayed under its stand-in: a key policy pattern that would need the
            # real name has made the key unknown above (flows/seed/patterns.py), so a denial here is AWS's.
            if create.decision == "denied":
                failures.append(FlowFailure(
                    LogsServiceNotAdmitted, g,
                    f"CloudWatch Logs cannot use {key_id} for {arn}: {create.reason}",
                    fix=f"allow Service logs.{g.region}.amazonaws.com kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, "
                        f"kms:GenerateDataKey*, kms:Describe* in the key policy, with ArnLike "
                        f"kms:EncryptionContext:aws:logs:arn = arn:{g.partition}:logs:{g.region}:{g.account}:log-group:*"))
            else:
                steps[0] = replace(create, reason=create.reason + " (an apply-time error; see LOG001)")
            return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))
        logs.create_log_stream(logGroupName=name, logStreamName=STREAM)
        event = {"timestamp": int(seeded.cloud.clock.now().timestamp() * 1000), "message": PLACEHOLDER}
        put, _ = call_step(
            deployer, "logs:PutLogEvents", f"{arn}:log-stream:{STREAM}",
            partial(logs.put_log_events, logGroupName=name, logStreamName=STREAM, logEvents=[event]),
            f"ingested; logs.{g.region}.amazonaws.com generated a data key under {key_id}")
        steps.append(put)
        if put.decision != "allowed":
            failures.append(FlowFailure(LogsServiceNotAdmitted, g, f"CloudWatch Logs cannot encrypt events of {arn}: "
                                                                   f"{put.reason}"))
            return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))
        allowed = [(str(r.arn), action) for r in readers if r.account == g.account
                   for action in [self._read_action(seeded, r, arn, g)] if action is not None]
        for who, action in allowed or [(deployer, "GetLogEvents")]:
            reader = (client(seeded.cloud, LogsClient, region=g.region, principal=who) if who != deployer else logs)
            call = (partial(reader.get_log_events, logGroupName=name, logStreamName=STREAM)
                    if action == "GetLogEvents" else partial(reader.filter_log_events, logGroupName=name))
            read, out = call_step(
                who, f"logs:{action}", f"{arn}:log-stream:{STREAM}" if action == "GetLogEvents" else f"{arn}:*",
                call,
                f"read; logs.{g.region}.amazonaws.com decrypted the event with {key_id}"
                + ("" if allowed else " (no role or user in the scan may read the group: read as the account root)"))
            if out is not None and [e["message"] for e in out["events"]] != [PLACEHOLDER]:
                read = replace(read, decision="error", reason="decrypted event differs")
            steps.append(read)
            if read.decision != "allowed":
                failures.append(FlowFailure(
                    LogsServiceCannotDecrypt, g,
                    f"{who} may read {arn} but CloudWatch Logs cannot decrypt its events: {read.reason}",
                    fix=f"add kms:Decrypt* for Service logs.{g.region}.amazonaws.com to the key policy of {key_id}"))
                break  # the service's decrypt fails the same way for every reader
        return FlowOutcome(FlowResult(self.kind, title, verdict(steps), tuple(steps)), tuple(failures))

    @staticmethod
    def _read_action(seeded: SeededCloud, reader: IamRole | IamUser, arn: str, g: LogGroup) -> str | None:
        """The read the reader's IAM policies allow (GetLogEvents on the stream, else FilterLogEvents)."""
        caller = Caller(Principal.parse(str(reader.arn)))
        for action, resource in (("GetLogEvents", f"{arn}:log-stream:{STREAM}"), ("FilterLogEvents", f"{arn}:*")):
            if intends(seeded.cloud, caller, f"logs:{action}", resource, resource_account=g.account,
                       region=g.region):
                return action
        return None
