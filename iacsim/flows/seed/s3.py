"""Buckets with their versioning, default encryption, bucket policy and replication configuration."""

from __future__ import annotations

from functools import partial
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.flows.clients import S3Client, client
from iacsim.flows.keys import key_as_passed
from iacsim.flows.seed import SeededCloud
from iacsim.flows.seed.common import attempt, policy_text, unplaceable, why_policy_unknown
from iacsim.model import World
from iacsim.model.s3 import ReplicationConfiguration, S3Bucket
from iacsim.values import Unknown


def seed_s3(world: World, seeded: SeededCloud) -> None:
    buckets = [b for b in world.of_type(S3Bucket) if not unplaceable(seeded, b)]
    for b in buckets:
        s3 = client(seeded.cloud, S3Client, region=b.region, account=b.account)
        name = seeded.values[b.address]["name"]
        cfg = None if b.region == "us-east-1" else {"LocationConstraint": b.region}
        extra: dict[str, Any] = {"CreateBucketConfiguration": cfg} if cfg else {}
        if b.object_lock_enabled is True:
            extra["ObjectLockEnabledForBucket"] = True
        if attempt(seeded, b.address, partial(s3.create_bucket, Bucket=name, **extra)) is None:
            continue
        if b.versioning is not None and isinstance(b.versioning.status, str):
            attempt(seeded, b.versioning.address, partial(s3.put_bucket_versioning, Bucket=name,
                                                          VersioningConfiguration={"Status": b.versioning.status}))
        enc = b.encryption
        if enc is not None and isinstance(enc.sse_algorithm, str):
            default: dict[str, Any] = {"SSEAlgorithm": enc.sse_algorithm}
            if enc.kms_key is not None:
                arn = key_as_passed(world, seeded, enc.kms_key, b.account, b.region)
                if arn is None:
                    seeded.unknown[enc.address] = "the default encryption key is not known statically"
                else:
                    default["KMSMasterKeyID"] = arn
            rule = {"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": enc.bucket_key_enabled is True}
            attempt(seeded, enc.address, partial(s3.put_bucket_encryption, Bucket=name,
                                                 ServerSideEncryptionConfiguration={"Rules": [rule]}))
        if b.policy is not None:
            text = policy_text(b.policy.policy, seeded)
            if isinstance(text, str):
                attempt(seeded, b.policy.address, partial(s3.put_bucket_policy, Bucket=name, Policy=text))
            else:
                seeded.unknown[b.policy.address] = why_policy_unknown(text, "the bucket policy is not known statically")
    # replication last: it names destination buckets and keys created above
    for b in buckets:
        if b.replication is not None:
            _seed_replication(world, seeded, b, b.replication)


def _seed_replication(world: World, seeded: SeededCloud, bucket: S3Bucket, repl: ReplicationConfiguration) -> None:
    role = seeded.resolve(repl.role)
    if not isinstance(role, str) or not isinstance(repl.rules, tuple):
        seeded.unknown[repl.address] = "the replication role or rules are not known statically"
        return
    rules = []
    for i, rule in enumerate(repl.rules):
        dest = rule.destination
        dest_bucket = world.find_bucket(dest.bucket)
        # a destination named by a value known only at deploy time is another bucket than the scan's only when
        # the scan does not have it: a stand-in made up for it would decide for a bucket nobody has seen
        dest_arn = seeded.values[dest_bucket.address]["arn"] if dest_bucket else (
            dest.bucket if isinstance(dest.bucket, Unknown) else seeded.resolve(dest.bucket))
        if not isinstance(dest_arn, str):
            why = dest_arn.reason if isinstance(dest_arn, Unknown) else "not a string"
            seeded.unknown[repl.address] = (f"rule {i}: the destination bucket is not known statically ({why}) and "
                                            "is not a bucket of the scan")
            return
        if not isinstance(rule.status, str):
            seeded.unknown[repl.address] = f"rule {i}: the status is not known statically"
            return
        destination: dict[str, Any] = {"Bucket": dest_arn if dest_arn.startswith("arn:") else str(Arn.s3_bucket("aws", dest_arn))}
        if isinstance(dest.account, str):
            destination["Account"] = dest.account
        elif isinstance(dest.account, Unknown):
            seeded.unknown[repl.address] = f"rule {i}: the destination account is not known statically ({dest.account.reason})"
            return
        if dest.replica_kms_key_id is not None:
            region = dest_bucket.region if dest_bucket else bucket.region
            account = dest_bucket.account if dest_bucket else bucket.account
            key = key_as_passed(world, seeded, dest.replica_kms_key_id, account, region)
            if key is None:
                seeded.unknown[repl.address] = "the replica key is not known statically"
                return
            destination["EncryptionConfiguration"] = {"ReplicaKmsKeyID": key}
        if dest.access_control_translation_owner == "Destination":
            destination["AccessControlTranslation"] = {"Owner": "Destination"}
        entry: dict[str, Any] = {"ID": rule.id if isinstance(rule.id, str) else f"rule-{i}", "Status": rule.status,
                                 "Destination": destination}
        if rule.has_filter or isinstance(rule.prefix, str):
            entry["Filter"] = {"Prefix": rule.prefix if isinstance(rule.prefix, str) else ""}
            # the V2 schema (with Filter) requires Priority; the provider sends its default, 0
            entry["Priority"] = rule.priority if isinstance(rule.priority, int) else 0
            entry["DeleteMarkerReplication"] = {"Status": "Enabled" if rule.delete_marker_replication else "Disabled"}
        if rule.sse_kms_encrypted_objects is not None:
            entry["SourceSelectionCriteria"] = {"SseKmsEncryptedObjects": {
                "Status": "Enabled" if rule.sse_kms_encrypted_objects is True else "Disabled"}}
        rules.append(entry)
    s3 = client(seeded.cloud, S3Client, region=bucket.region, account=bucket.account)
    attempt(seeded, repl.address, lambda: s3.put_bucket_replication(
        Bucket=seeded.values[bucket.address]["name"], ReplicationConfiguration={"Role": role, "Rules": rules}))
