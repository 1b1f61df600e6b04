"""``s3-replication``: replay each replication configuration with SSE-S3 and SSE-KMS objects.

For every bucket with a replication configuration, put probe objects as the
bucket owner — SSE-S3, and SSE-KMS with the bucket's default key with and
without an S3 Bucket Key when the bucket encrypts with KMS — replay
replication (``cloud.s3_replicate``) as the replication role, and read the
replica back as the destination account. S3's own steps and every policy
decision come from the simulator. SSE-C is not probed: new buckets block it
(docs/aws-behaviour.md §11) and the simulator follows that default.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.findings import FlowResult, FlowStep
from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.clients import S3Client, client
from iacsim.flows.seed import SeededCloud
from iacsim.flows.steps import call_step, root, trace_step, verdict
from iacsim.flows.unknown import unknown
from iacsim.model.s3 import S3Bucket
from iacsim.rules.base import fix_for
from iacsim.rules.s3.replication_flow import ReplicationDenied, SseKmsObjectsNotReplicated


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
        # the reference finds the role (also one with a generated name), else the ARN it resolves to
        role = ctx.world.find_role(repl.role, account=bucket.account) or ctx.world.find_role(
            seeded.resolve(repl.role), account=bucket.account)
        watched = (bucket.address, repl.address, *((role.address,) if role is not None else ()))
        blocked = next((f"{a}: {seeded.unknown[a]}" for a in watched if a in seeded.unknown), None)
        if blocked:
            yield unknown(self.kind, name, root(bucket.account), "s3:PutReplicationConfiguration", bucket.address,
                          blocked)
            return
        failed = next((seeded.failed.get(a) for a in (bucket.address, repl.address) if a in seeded.failed), None)
        if failed:
            # the configuration itself is rejected at apply time (static rules report why)
            yield FlowOutcome(FlowResult(self.kind, name, "fail", (
                FlowStep(root(bucket.account), "s3:PutReplicationConfiguration", bucket.address, "error",
                         f"rejected at apply time: {failed}"),)))
            return
        enc = bucket.encryption
        probes: list[tuple[str, dict[str, Any]]] = [("SSE-S3", {"ServerSideEncryption": "AES256"})]
        if enc is not None and enc.sse_algorithm in ("aws:kms", "aws:kms:dsse"):
            probes.append(("SSE-KMS", {"ServerSideEncryption": "aws:kms", "BucketKeyEnabled": False}))
            probes.append(("SSE-KMS with bucket key", {"ServerSideEncryption": "aws:kms", "BucketKeyEnabled": True}))
        prefix = ""
        if isinstance(repl.rules, tuple) and repl.rules and isinstance(repl.rules[0].prefix, str):
            prefix = repl.rules[0].prefix
        s3 = client(seeded.cloud, S3Client, region=bucket.region, account=bucket.account)
        bucket_name = seeded.values[bucket.address]["name"]
        for label, args in probes:
            key = f"{prefix}iacsim-probe/{label.lower().replace(' ', '-')}"
            put, _ = call_step(root(bucket.account), "s3:PutObject", str(Arn.s3_object("aws", bucket_name, key)),
                               partial(s3.put_object, Bucket=bucket_name, Key=key, Body=b"probe", **args),
                               f"object written with {label}")
            steps = [put]
            failures: list[FlowFailure] = []
            if put.decision == "allowed":
                result = seeded.cloud.s3_replicate(bucket_name, key)
                steps += [trace_step(s) for s in result.steps]
                if result.status == "NOT_REPLICATED" and label.startswith("SSE-KMS"):
                    steps.append(FlowStep(repl.role if isinstance(repl.role, str) else "replication role",
                                          "s3:ReplicateObject", str(Arn.s3_object("aws", bucket_name, key)), "denied",
                                          "S3 skipped the object: no rule opts in to SSE-KMS objects with a replica key"))
                    failures.append(FlowFailure(SseKmsObjectsNotReplicated, repl,
                                                f"{label} objects of {bucket.address} are not replicated: no rule "
                                                "enables sse_kms_encrypted_objects with a replica key",
                                                fix=fix_for(repl, 'source_selection_criteria { sse_kms_encrypted_objects '
                                                            '{ status = "Enabled" } } and encryption_configuration '
                                                            '{ replica_kms_key_id = <destination-region key ARN> }',
                                                            "SourceSelectionCriteria: {SseKmsEncryptedObjects: {Status: "
                                                            "Enabled}} and Destination.EncryptionConfiguration."
                                                            "ReplicaKmsKeyID: <destination-region key ARN>")))
                elif result.status == "FAILED":
                    denied = next((s for s in result.steps if s.decision == "denied"), None)
                    failures.append(FlowFailure(ReplicationDenied, repl,
                                                f"{label} object fails to replicate: "
                                                + (f"{denied.action} on {denied.resource} is denied for "
                                                   f"{denied.principal} ({denied.reason})" if denied else "a step failed"),
                                                fix=f"allow {denied.action} for {denied.principal}" if denied else None))
                elif result.replicated and result.destination_bucket:
                    steps.append(self._read_replica(seeded, result.destination_bucket, key))
            yield FlowOutcome(FlowResult(self.kind, f"{name}: {label} object", verdict(steps), tuple(steps)),
                              tuple(failures))

    @staticmethod
    def _read_replica(seeded: SeededCloud, dest_bucket: str, key: str) -> FlowStep:
        from iacsim.sim.s3.backend import get_bucket

        dest = get_bucket(seeded.cloud, dest_bucket)
        s3 = client(seeded.cloud, S3Client, region=dest.region, account=dest.account)
        step, _ = call_step(root(dest.account), "s3:GetObject", str(Arn.s3_object("aws", dest_bucket, key)),
                            lambda: s3.get_object(Bucket=dest_bucket, Key=key)["Body"].read(),
                            "the destination account reads (and decrypts) the replica")
        return step
