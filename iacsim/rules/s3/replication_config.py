from __future__ import annotations

from collections.abc import Iterator

from iacsim.model.s3 import S3Bucket
from iacsim.rules.base import Hit, Rule, RuleContext, fix_for


class ReplicationWithoutVersioning(Rule):
    """S3 replication configured where the source or destination bucket is not versioned.

    What it does:
        For every replication configuration, checks that versioning is Enabled on the source bucket
        and on each destination bucket declared in the scan.
    Why it matters:
        PutBucketReplication fails on an unversioned source; replication to an unversioned
        destination fails. Both buckets must have versioning enabled.
    Example:
        resource "aws_s3_bucket_replication_configuration" "r" { bucket = aws_s3_bucket.src.id ... }
        # no aws_s3_bucket_versioning for aws_s3_bucket.src
    Fix:
        Add ``aws_s3_bucket_versioning`` with ``status = "Enabled"`` for both buckets (and
        ``depends_on`` it from the replication configuration).
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html
        https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html
    """

    id = "S3001"
    name = "replication-without-versioning"
    summary = "Replication where the source or destination bucket is not versioned"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for bucket in ctx.world.of_type(S3Bucket):
            repl = bucket.replication
            if repl is None:
                continue
            if bucket.versioning is None or bucket.versioning.enabled is False:
                yield Hit(repl, f"source bucket {bucket.address} does not have versioning enabled",
                          fix=fix_for(repl, f"aws_s3_bucket_versioning for {bucket.address} with status = \"Enabled\"",
                                      "VersioningConfiguration: {Status: Enabled} on the source bucket"))
            if not isinstance(repl.rules, tuple):
                continue
            reported: set[str] = set()
            for rule in repl.rules:
                dest = ctx.world.find_bucket(rule.destination.bucket)
                if dest is None or dest.address in reported:
                    continue
                if dest.versioning is None or dest.versioning.enabled is False:
                    reported.add(dest.address)
                    yield Hit(repl, f"destination bucket {dest.address} does not have versioning enabled",
                              fix=fix_for(repl, f"aws_s3_bucket_versioning for {dest.address} with status = \"Enabled\"",
                                          f"VersioningConfiguration: {{Status: Enabled}} on {dest.address}"))


class SseKmsCriteriaWithoutReplicaKey(Rule):
    """SSE-KMS objects are selected for replication but no replica key is given.

    What it does:
        Flags replication rules with ``source_selection_criteria { sse_kms_encrypted_objects { status =
        "Enabled" } }`` whose destination has no ``encryption_configuration { replica_kms_key_id }``.
    Why it matters:
        S3 needs to know which key encrypts the replicas: PutBucketReplication rejects a rule that
        selects SSE-KMS objects without ``ReplicaKmsKeyID``.
    Example:
        rule {
          source_selection_criteria { sse_kms_encrypted_objects { status = "Enabled" } }
          destination { bucket = aws_s3_bucket.dst.arn }
        }
    Fix:
        Add ``encryption_configuration { replica_kms_key_id = <key ARN in the destination region> }``
        to the destination.
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
    """

    id = "S3002"
    name = "sse-kms-criteria-without-replica-key"
    summary = "SSE-KMS objects selected for replication without a replica key"
    category = "apply-error"
    severity = "high"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for bucket in ctx.world.of_type(S3Bucket):
            repl = bucket.replication
            if repl is None or not isinstance(repl.rules, tuple):
                continue
            for rule in repl.rules:
                if rule.sse_kms_encrypted_objects is True and rule.destination.replica_kms_key_id is None:
                    label = f"rule {rule.id}" if isinstance(rule.id, str) else "a rule"
                    yield Hit(repl, f"{label} replicates SSE-KMS objects but names no replica key",
                              fix=fix_for(repl, "encryption_configuration { replica_kms_key_id = "
                                                "<destination-region key ARN> }",
                                          "Destination: {EncryptionConfiguration: {ReplicaKmsKeyID: "
                                          "<destination-region key ARN>}}"))
