from __future__ import annotations

from iacsim.rules.base import FlowRule


class SseKmsObjectsNotReplicated(FlowRule):
    """SSE-KMS objects in the source bucket are silently not replicated.

    What it does:
        Replays S3 replication of an object encrypted with the source bucket's KMS key and reports the
        rule when S3 skips it: the rule lacks ``source_selection_criteria { sse_kms_encrypted_objects {
        status = "Enabled" } }`` (with a replica key).
    Why it matters:
        S3 replicates SSE-KMS objects only when the rule opts in. Without it the configuration applies
        cleanly, unencrypted and SSE-S3 objects replicate, and every SSE-KMS object stays behind with no
        error: the replica bucket is silently incomplete.
    Example:
        rule {
          status = "Enabled"
          destination { bucket = aws_s3_bucket.replica.arn }   # no source_selection_criteria
        }
    Fix:
        Add ``source_selection_criteria { sse_kms_encrypted_objects { status = "Enabled" } }`` and
        ``destination { encryption_configuration { replica_kms_key_id = <key in the destination region> } }``.
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
    """

    id = "S3101"
    name = "sse-kms-objects-not-replicated"
    summary = "SSE-KMS objects are silently left out of replication"
    severity = "high"


class ReplicationDenied(FlowRule):
    """S3 replication fails: the replication role or a key policy denies a step.

    What it does:
        Replays replication of an SSE-S3 and an SSE-KMS object as the replication role: reading the
        source object, ``kms:Decrypt`` with the source key (via ``s3.<source-region>``),
        ``kms:Encrypt``/``GenerateDataKey`` with the replica key (via ``s3.<destination-region>``), and
        writing the replica, then reports the first denied step with the policy evaluator's reason.
    Why it matters:
        PutBucketReplication does not check any of this: the apply succeeds and objects end in
        ReplicationStatus FAILED, found only when someone needs the replica.
    Example:
        A role policy allowing ``kms:Encrypt`` on the replica key only with
        ``kms:ViaService = s3.us-east-1.amazonaws.com`` while the replica key is in us-west-2.
    Fix:
        Follow the trace: grant the denied action to the replication role on the named key (in the
        role's policy, and in the key policy when the key is in another account), with conditions that
        match the region the call is made in.
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
    """

    id = "S3102"
    name = "replication-denied"
    summary = "The replication role cannot complete replication (a step is denied)"
    severity = "high"


class ReplicationObjectLockMissing(FlowRule):
    """Replication from a bucket with Object Lock to a destination without it fails for every object.

    What it does:
        Replays S3 replication from a source bucket whose Object Lock is enabled and reports the rule when
        the destination bucket of a rule does not have Object Lock enabled.
    Why it matters:
        S3 accepts the replication configuration, then fails every object with the replication failure
        reason ``DstBucketObjectLockConfigMissing``: "To replicate objects from a source bucket with Object
        Lock enabled, the destination bucket must also have Object Lock enabled." The locked source is
        never copied, which defeats the reason for replicating it.
    Example:
        resource "aws_s3_bucket" "source" { bucket = "records", object_lock_enabled = true }
        resource "aws_s3_bucket" "replica" { bucket = "records-replica" }   # no object_lock_enabled
    Fix:
        Create the destination bucket with ``object_lock_enabled = true`` (CloudFormation
        ``ObjectLockEnabled: true``); Object Lock is set when a bucket is created.
    References:
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html
        https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html
    """

    id = "S3103"
    name = "replication-object-lock-missing"
    summary = "The source bucket has Object Lock and the replication destination does not"
    severity = "high"
