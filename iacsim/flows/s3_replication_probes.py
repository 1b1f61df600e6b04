"""Which objects the ``s3-replication`` replay writes into a source bucket, and how.

The probes are objects the bucket really holds: each is written the way the bucket's writers write
(docs/aws-behaviour.md §11):

* **default encryption first** — a PutObject without encryption headers is encrypted with the bucket's
  default: its customer managed key (or ``aws/s3`` when the bucket names none) with the bucket's S3
  Bucket Key setting. PutObject: "If you specify ``x-amz-server-side-encryption:aws:kms`` … but do not
  provide ``x-amz-server-side-encryption-aws-kms-key-id``, Amazon S3 uses the AWS managed key
  (``aws/s3``)", so a probe naming only ``aws:kms`` would test ``aws/s3`` — a key every principal of
  the account may use through S3 — and let a replication role without ``kms:Decrypt`` on the real key
  pass (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html,
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html);
* **then explicit headers** — when the bucket policy refuses uploads relying on default encryption (it
  requires ``s3:x-amz-server-side-encryption`` or a given ``s3:x-amz-server-side-encryption-aws-kms-key-id``),
  the writers name the key: the default key, then each key the bucket policy names in that condition
  ("Requiring SSE-KMS for all objects", https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html).

The "with and without Bucket Key" pair on a bucket whose default is SSE-KMS sends only
``x-amz-server-side-encryption-bucket-key-enabled`` with default encryption. UNCONFIRMED: the PutObject
reference documents that header for SSE-KMS uploads without saying whether it applies to default
encryption; the simulator honours it (the bucket's own setting is the first-class probe either way).

Each probe carries the key prefix and tags of the rule it exercises, so the rule's filter selects it
(PutBucketReplication ``Filter``: prefix and tags, https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationRuleFilter.html).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from iacsim.sim import Cloud

KMS_KEY_CONDITION = "s3:x-amz-server-side-encryption-aws-kms-key-id"


@dataclass(frozen=True)
class Probe:
    """One kind of object to write: a label, and the PutObject arguments to try in order."""

    label: str
    attempts: tuple[dict[str, Any], ...]
    optional: bool = False
    """True when the bucket policy may legitimately refuse every attempt (such objects then never exist)."""


def probes(cloud: Cloud, bucket_name: str) -> list[Probe]:
    """The probes for a bucket as the simulated cloud holds it (its default encryption and policy)."""
    from iacsim.sim.s3.backend import get_bucket

    bucket = get_bucket(cloud, bucket_name)
    default = bucket.encryption
    if default.kind not in ("SSE-KMS", "DSSE-KMS"):
        return [Probe("SSE-S3", ({}, {"ServerSideEncryption": "AES256"}))]
    algorithm = "aws:kms" if default.kind == "SSE-KMS" else "aws:kms:dsse"
    keys = list(dict.fromkeys([*([default.kms_key_id] if default.kms_key_id else []),
                               *policy_kms_keys(bucket.policy)]))
    found = [Probe("SSE-S3", ({"ServerSideEncryption": "AES256"},), optional=True)]
    settings = (False, True) if default.kind == "SSE-KMS" else (False,)
    for bucket_key in settings:
        flag = {"BucketKeyEnabled": bucket_key} if default.kind == "SSE-KMS" else {}
        explicit = tuple({"ServerSideEncryption": algorithm, "SSEKMSKeyId": key, **flag} for key in keys)
        label = default.kind + (" with bucket key" if bucket_key else "")
        found.append(Probe(label, ({**flag}, *explicit)))
    return found


def policy_kms_keys(policy: Mapping[str, Any] | None) -> list[str]:
    """Key ARNs a bucket policy names in ``s3:x-amz-server-side-encryption-aws-kms-key-id`` conditions (no
    wildcards): the keys uploads must name."""
    if not policy:
        return []
    statements = policy.get("Statement", [])
    found: list[str] = []
    for statement in statements if isinstance(statements, list) else [statements]:
        conditions = statement.get("Condition", {}) if isinstance(statement, dict) else {}
        for block in conditions.values() if isinstance(conditions, dict) else ():
            for name, values in block.items() if isinstance(block, dict) else ():
                if name.lower() != KMS_KEY_CONDITION:
                    continue
                for value in values if isinstance(values, list) else [values]:
                    if isinstance(value, str) and value.startswith("arn:") and not set(value) & {"*", "?"}:
                        found.append(value)
    return found


def tagging(tags: Mapping[str, str]) -> dict[str, str]:
    """PutObject's ``Tagging`` argument for ``tags`` (empty when none)."""
    return {"Tagging": urlencode(sorted(tags.items()))} if tags else {}


def describe(response: Mapping[str, Any]) -> str:
    """How S3 says it encrypted the object (the PutObject response headers)."""
    algorithm = response.get("ServerSideEncryption", "none")
    key = response.get("SSEKMSKeyId")
    if key is None:
        return f"encrypted with {algorithm}"
    bucket_key = "on" if response.get("BucketKeyEnabled") else "off"
    return f"encrypted with {algorithm} under {key} (S3 Bucket Key {bucket_key})"


def written_with(attempt: Mapping[str, Any]) -> str:
    """How the attempt asked S3 to encrypt."""
    if not attempt.keys() - {"BucketKeyEnabled"}:
        return "relying on the bucket's default encryption"
    return "with explicit headers " + ", ".join(f"{k}={v}" for k, v in attempt.items())
