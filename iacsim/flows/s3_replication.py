"""``s3-replication``: replay each replication configuration with the objects the source bucket really holds.

For every bucket with a replication configuration and every enabled rule, write probe objects the rule
selects (its prefix and tags) the way the bucket encrypts them (:mod:`iacsim.flows.s3_replication_probes`:
default encryption with the bucket's own key, with and without an S3 Bucket Key, or the key a bucket
policy requires), replay replication (``cloud.s3_replicate``) as the replication role, and read the
replica back as the destination account. S3's own steps and every policy decision come from the
simulator: ``kms:Decrypt`` on the source key, ``kms:Encrypt`` on the replica key, with the encryption
context S3 really sends (the bucket ARN with Bucket Keys), and Object Lock on the destination when the
source has it (docs/aws-behaviour.md §11). What the scan does not know — the default key, a rule's
filter, Object Lock — makes the scenario ``unknown``, never ``aws/s3``. SSE-C is not probed: new buckets
block it and the simulator follows that default.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import S3Client, client
from iacsim.flows.s3_replication_probes import Probe, describe, probes, tagging, written_with
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, root, trace_step, verdict
from iacsim.flows.unknown import unknown
from iacsim.model.s3 import ReplicationConfiguration, ReplicationRule, S3Bucket
from iacsim.model.standin import standin_accounts_may_differ
from iacsim.rules.base import fix_for
from iacsim.rules.s3.replication_flow import (
    ReplicationDenied,
    ReplicationObjectLockMissing,
    SseKmsObjectsNotReplicated,
)
from iacsim.sim import Undecidable
from iacsim.values import Unknown


class S3ReplicationFlow(Flow):
    kind = "s3-replication"

    def run(self, ctx: FlowContext) -> Iterator[FlowOutcome]:
        sources = [b for b in ctx.world.of_type(S3Bucket) if b.replication is not None]
        if not sources:
            return
        seeded = ctx.new_cloud()
        for bucket in sources:
            yield from self._bucket(ctx, seeded, bucket)

    def _bucket(self, ctx: FlowContext, seeded: SeededCloud, bucket: S3Bucket) -> Iterator[FlowOutcome]:
        repl = bucket.replication
        assert repl is not None
        name = f"{bucket.address} replication"
        owner = root(bucket.account)
        # the reference finds the role (also one with a generated name), else the ARN it resolves to
        role = ctx.world.find_role(repl.role, account=bucket.account) or ctx.world.find_role(
            seeded.resolve(repl.role), account=bucket.account)
        watched = (bucket.address, repl.address, *((role.address,) if role is not None else ()))
        blocked = next((f"{a}: {seeded.unknown[a]}" for a in watched if a in seeded.unknown), None)
        if blocked:
            yield unknown(self.kind, name, owner, "s3:PutReplicationConfiguration", bucket.address, blocked)
            return
        failed = next((seeded.failed.get(a) for a in (bucket.address, repl.address) if a in seeded.failed), None)
        if failed:
            # the configuration itself is rejected at apply time (static rules report why)
            yield FlowOutcome(FlowResult(self.kind, name, "fail", (
                FlowStep(owner, "s3:PutReplicationConfiguration", bucket.address, "error",
                         f"rejected at apply time: {failed}"),)))
            return
        rules = self._enabled_rules(ctx, bucket, repl)
        if isinstance(rules, str):
            yield unknown(self.kind, name, owner, "s3:Replication", bucket.address, rules)
            return
        bucket_name = seeded.values[bucket.address]["name"]
        found = probes(seeded.cloud, bucket_name)
        key_unknown = (bucket.encryption.address if bucket.encryption is not None
                       and bucket.encryption.address in seeded.unknown else None)
        if key_unknown is not None:
            # the bucket encrypts with a key the scan cannot name: its KMS objects cannot be replayed
            found = [p for p in found if p.label == "SSE-S3"]
        for rule, prefix, tags in rules:
            suffix = f" (rule {rule.id})" if len(rules) > 1 and isinstance(rule.id, str) else ""
            if key_unknown is not None:
                yield unknown(self.kind, f"{name}: SSE-KMS object{suffix}", owner, "s3:PutObject", bucket.address,
                              f"{key_unknown}: {seeded.unknown[key_unknown]} — the key of the bucket's SSE-KMS "
                              "objects, so whether the replication role may decrypt them is unknown (give the key "
                              "with --var, or run on a plan)")
            unbuilt = self._unbuilt_destination(ctx, seeded, bucket, rule)
            for probe in found:
                yield from self._probe(seeded, bucket, repl, bucket_name, probe, prefix, tags, f"{name}: {probe.label} "
                                  f"object{suffix}", unbuilt)

    @staticmethod
    def _enabled_rules(ctx: FlowContext, bucket: S3Bucket, repl: ReplicationConfiguration
                       ) -> list[tuple[ReplicationRule, str, dict[str, str]]] | str:
        """Each enabled rule with the prefix and tags of an object it selects, or why the replay cannot go on.

        No enabled rule is no flow at all: the configuration says to replicate nothing, which is known, so
        it is neither a failure nor ``unknown`` — as for a bucket without replication."""
        if not isinstance(repl.rules, tuple):
            return "the replication rules are not known statically"
        enabled: list[tuple[ReplicationRule, str, dict[str, str]]] = []
        for i, rule in enumerate(repl.rules):
            label = f"rule {rule.id}" if isinstance(rule.id, str) else f"rule {i}"
            if isinstance(rule.status, Unknown):
                return f"whether {label} is enabled is not known statically"
            if rule.status != "Enabled":
                continue
            tags = rule.filter_tags
            if isinstance(rule.prefix, Unknown) or isinstance(tags, Unknown) or any(
                    isinstance(v, Unknown) for v in (tags or {}).values()):
                return f"the filter of {label} (prefix or tags) is not known statically"
            destination = ctx.world.find_bucket(rule.destination.bucket)
            if isinstance(bucket.object_lock_enabled, Unknown) or (
                    bucket.object_lock_enabled and destination is not None
                    and isinstance(destination.object_lock_enabled, Unknown)):
                return f"whether Object Lock is enabled on the source or the destination of {label} is unknown"
            known_tags = {k: v for k, v in (tags or {}).items() if isinstance(v, str)}
            enabled.append((rule, rule.prefix or "", known_tags))
        if not enabled:
            return []  # every rule Disabled: S3 replicates nothing, so there is no flow (nor a failure) to replay
        seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        distinct = []
        for rule, prefix, tags in enabled:
            if (prefix, tuple(sorted(tags.items()))) not in seen:
                seen.add((prefix, tuple(sorted(tags.items()))))
                distinct.append((rule, prefix, tags))
        return distinct

    @staticmethod
    def _unbuilt_destination(ctx: FlowContext, seeded: SeededCloud, bucket: S3Bucket,
                             rule: ReplicationRule) -> dict[str, str]:
        """Why a denial of a step on the rule's destination is not a fact, keyed by the actions that reach it.

        The destination bucket or replica key is defined by the scan but the replay could not build it (a key
        policy naming a variable without value): the object exists once applied, so "does not exist" would be
        the replay's verdict, not AWS's. Or the source and the destination name no account and their
        providers' credentials differ: both sit in the one stand-in account, so a denial that turns on whose
        account the role is in is the stand-in's (docs/architecture.md §4, "Unknown names are stand-ins")."""
        unbuilt: dict[str, str] = {}
        destination = ctx.world.find_bucket(rule.destination.bucket)
        key_ref = rule.destination.replica_kms_key_id
        key = ctx.world.find_key(key_ref, account=destination.account if destination is not None else None,
                                 region=destination.region if destination is not None else None)
        for obj, actions, what in (
                (destination, ("s3:ReplicateObject", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"),
                 "the destination bucket"),
                (key, ("kms:Encrypt", "kms:GenerateDataKey"), "the replica key")):
            if obj is None:
                continue
            if obj.address in seeded.unknown:
                why = f"{obj.address} ({what}) could not be built: {seeded.unknown[obj.address]}"
            else:
                differ = standin_accounts_may_differ(bucket, obj)
                if differ is None:
                    continue
                why = f"whether the replication role may reach {what} depends on the accounts: {differ}"
            unbuilt.update(dict.fromkeys(actions, why))
        return unbuilt

    def _probe(self, seeded: SeededCloud, bucket: S3Bucket, repl: ReplicationConfiguration, bucket_name: str,
               probe: Probe, prefix: str, tags: dict[str, str], name: str,
               unbuilt: dict[str, str]) -> Iterator[FlowOutcome]:
        key = f"{prefix}iacsim-probe/{probe.label.lower().replace(' ', '-')}"
        put = self._write(seeded, bucket, bucket_name, key, probe, tags)
        if put.decision != "allowed":
            if probe.optional:
                return  # the bucket policy refuses such objects: none exist to replicate
            yield FlowOutcome(FlowResult(self.kind, name, "unknown", (
                FlowStep(put.principal, put.action, put.resource, "unknown",
                         f"the bucket policy refuses every way iacsim writes a {probe.label} object "
                         f"({put.reason}), so it cannot replay how the bucket's writers store objects; "
                         "declare the flow in .iacsim.yml (expectations) to have it checked", put.events),)))
            return
        steps = [put]
        failures: list[FlowFailure] = []
        object_arn = str(Arn.s3_object("aws", bucket_name, key))
        try:
            result = seeded.cloud.s3_replicate(bucket_name, key)
        except Undecidable as exc:  # a policy value known only after apply decides a replication step
            steps.append(FlowStep(repl.role if isinstance(repl.role, str) else "replication role",
                                  "s3:ReplicateObject", object_arn, "unknown", exc.reason))
            yield FlowOutcome(FlowResult(self.kind, name, verdict(steps), tuple(steps)))
            return
        # A step the stand-in account left undecided on the destination says why in the scan's words (the
        # providers' credentials that may be two accounts) when the destination says it.
        steps += [replace(s, reason=unbuilt[s.action]) if s.decision == "unknown" and s.action in unbuilt else s
                  for s in map(trace_step, result.steps)]
        if result.status == "NOT_REPLICATED" and probe.label.startswith(("SSE-KMS", "DSSE-KMS")):
            steps.append(FlowStep(repl.role if isinstance(repl.role, str) else "replication role",
                                  "s3:ReplicateObject", object_arn, "denied",
                                  "S3 skipped the object: no rule opts in to SSE-KMS objects with a replica key"))
            failures.append(FlowFailure(SseKmsObjectsNotReplicated, repl,
                                        f"{probe.label} objects of {bucket.address} are not replicated: no rule "
                                        "enables sse_kms_encrypted_objects with a replica key",
                                        fix=fix_for(repl, 'source_selection_criteria { sse_kms_encrypted_objects '
                                                    '{ status = "Enabled" } } and encryption_configuration '
                                                    '{ replica_kms_key_id = <destination-region key ARN> }',
                                                    "SourceSelectionCriteria: {SseKmsEncryptedObjects: {Status: "
                                                    "Enabled}} and Destination.EncryptionConfiguration."
                                                    "ReplicaKmsKeyID: <destination-region key ARN>")))
        elif result.status == "FAILED":
            denied = next((s for s in result.steps if s.decision == "denied"), None)
            if denied is not None and denied.action in unbuilt:
                steps[-1] = FlowStep(denied.principal, denied.action, denied.resource, "unknown",
                                     unbuilt[denied.action], steps[-1].events)
            elif denied is not None and denied.reason.startswith("DstBucketObjectLockConfigMissing"):
                failures.append(FlowFailure(ReplicationObjectLockMissing, repl,
                                            f"{probe.label} objects of {bucket.address} fail to replicate: the "
                                            f"source has Object Lock and {denied.resource} does not",
                                            fix=fix_for(repl, "object_lock_enabled = true on the destination "
                                                        "bucket (set when the bucket is created)",
                                                        "ObjectLockEnabled: true on the destination bucket (set "
                                                        "when the bucket is created)")))
            else:
                failures.append(FlowFailure(ReplicationDenied, repl,
                                            f"{probe.label} object fails to replicate: "
                                            + (f"{denied.action} on {denied.resource} is denied for "
                                               f"{denied.principal} ({denied.reason})" if denied else
                                               "a step failed"),
                                            fix=f"allow {denied.action} for {denied.principal}" if denied else None))
        elif result.replicated and result.destination_bucket:
            steps.append(self._read_replica(seeded, result.destination_bucket, key))
        yield FlowOutcome(FlowResult(self.kind, name, verdict(steps), tuple(steps)), tuple(failures))

    @staticmethod
    def _write(seeded: SeededCloud, bucket: S3Bucket, bucket_name: str, key: str, probe: Probe,
               tags: dict[str, str]) -> FlowStep:
        """The first attempt the bucket accepts (or the last refusal), as the bucket owner."""
        s3 = client(seeded.cloud, S3Client, region=bucket.region, account=bucket.account)
        step: FlowStep | None = None
        for args in probe.attempts:
            attempt: dict[str, Any] = {**args, **tagging(tags)}
            step, out = call_step(root(bucket.account), "s3:PutObject", str(Arn.s3_object("aws", bucket_name, key)),
                                  partial(s3.put_object, Bucket=bucket_name, Key=key, Body=b"probe", **attempt),
                                  f"{probe.label} object written {written_with(args)}")
            if out is not None:
                return FlowStep(step.principal, step.action, step.resource, step.decision,
                                f"{step.reason}: {describe(out)}", step.events)
        assert step is not None
        return step

    @staticmethod
    def _read_replica(seeded: SeededCloud, dest_bucket: str, key: str) -> FlowStep:
        from iacsim.sim.s3.backend import get_bucket

        dest = get_bucket(seeded.cloud, dest_bucket)
        s3 = client(seeded.cloud, S3Client, region=dest.region, account=dest.account)
        step, _ = call_step(root(dest.account), "s3:GetObject", str(Arn.s3_object("aws", dest_bucket, key)),
                            lambda: s3.get_object(Bucket=dest_bucket, Key=key)["Body"].read(),
                            "the destination account reads (and decrypts) the replica")
        return step
