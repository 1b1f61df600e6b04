"""Pure S3 rules: default-encryption and replication configurations, rule matching, eligibility.

The S3 client (``client.py``) and the replication replay (``replication.py``) use these; nothing here
touches simulated state, so the rules are testable (and reusable by static checks) on their own.

Sources:
- PutBucketEncryption / ServerSideEncryptionRule / BlockedEncryptionTypes API reference:
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html,
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_BlockedEncryptionTypes.html
- PutBucketReplication / ReplicationRule / SourceSelectionCriteria / EncryptionConfiguration:
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html
- "Replicating encrypted objects (SSE-S3, SSE-KMS, DSSE-KMS, SSE-C)":
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
- "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys" (bucket ARN as encryption context):
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
- docs/aws-behaviour.md §11.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from iacsim.aws.arn import Arn
from iacsim.aws.violation import Violation

EncryptionKind = Literal["NONE", "SSE-S3", "SSE-KMS", "DSSE-KMS", "SSE-C"]
"""How an object is encrypted at rest."""

SSE_ALGORITHMS: Final[Mapping[str, EncryptionKind]] = {
    "AES256": "SSE-S3",
    "aws:kms": "SSE-KMS",
    "aws:kms:dsse": "DSSE-KMS",
}
"""``ServerSideEncryption`` header values → kind."""
KIND_TO_ALGORITHM: Final[Mapping[EncryptionKind, str]] = {v: k for k, v in SSE_ALGORITHMS.items()}

MAX_REPLICATION_RULES: Final = 1000


def bucket_arn(partition: str, bucket: str) -> str:
    """S3 bucket ARNs carry neither region nor account."""
    return str(Arn.s3_bucket(partition, bucket))


def object_arn(partition: str, bucket: str, key: str) -> str:
    return str(Arn.s3_object(partition, bucket, key))


def kms_encryption_context(partition: str, bucket: str, key: str, bucket_key: bool) -> dict[str, str]:
    """The ``aws:s3:arn`` encryption context S3 sends to KMS for an SSE-KMS object.

    Without S3 Bucket Keys the context is the object ARN; with Bucket Keys it is the bucket ARN
    ("Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys", changes to the encryption context).
    """
    arn = bucket_arn(partition, bucket) if bucket_key else object_arn(partition, bucket, key)
    return {"aws:s3:arn": arn}


@dataclass(frozen=True)
class BucketEncryption:
    """A bucket's default encryption (one ServerSideEncryptionRule)."""

    kind: EncryptionKind
    """SSE-S3, SSE-KMS or DSSE-KMS."""
    kms_key_id: str | None = None
    """KMSMasterKeyID as given (key id, key ARN, alias); None means the AWS managed ``aws/s3``."""
    bucket_key_enabled: bool = False
    blocked_encryption_types: tuple[str, ...] = ()
    """``("SSE-C",)`` when SSE-C uploads are blocked."""

    @property
    def blocks_sse_c(self) -> bool:
        return "SSE-C" in self.blocked_encryption_types

    def to_rule(self) -> dict[str, Any]:
        """The rule as GetBucketEncryption returns it."""
        default: dict[str, Any] = {"SSEAlgorithm": KIND_TO_ALGORITHM[self.kind]}
        if self.kms_key_id is not None:
            default["KMSMasterKeyID"] = self.kms_key_id
        rule: dict[str, Any] = {
            "ApplyServerSideEncryptionByDefault": default,
            "BucketKeyEnabled": self.bucket_key_enabled,
        }
        if self.blocked_encryption_types:
            rule["BlockedEncryptionTypes"] = {"EncryptionType": list(self.blocked_encryption_types)}
        return rule


DEFAULT_BUCKET_ENCRYPTION: Final = BucketEncryption("SSE-S3", blocked_encryption_types=("SSE-C",))
"""What a new bucket gets: SSE-S3 by default (since January 2023) and, since April 2026, SSE-C
uploads blocked (docs/aws-behaviour.md §11, a newer default; BlockedEncryptionTypes API reference)."""


def parse_encryption_configuration(config: Any) -> BucketEncryption | Violation:
    """Validate PutBucketEncryption's ``ServerSideEncryptionConfiguration``.

    One rule; ``SSEAlgorithm`` AES256 | aws:kms | aws:kms:dsse; ``KMSMasterKeyID`` only with the KMS
    algorithms; ``BlockedEncryptionTypes.EncryptionType`` values NONE | SSE-C. Bucket Keys apply to
    SSE-KMS only: "S3 Bucket Keys aren't supported for DSSE-KMS" (bucket-key page), so the flag is kept
    but never changes a DSSE-KMS object's encryption context.
    """
    if not isinstance(config, dict) or set(config) - {"Rules"}:
        return Violation("MalformedXML", "ServerSideEncryptionConfiguration must contain only Rules.")
    rules = config.get("Rules")
    if not isinstance(rules, list) or len(rules) != 1 or not isinstance(rules[0], dict):
        return Violation("MalformedXML", "ServerSideEncryptionConfiguration needs exactly one rule.")
    rule = rules[0]
    unknown = set(rule) - {"ApplyServerSideEncryptionByDefault", "BucketKeyEnabled", "BlockedEncryptionTypes"}
    if unknown:
        return Violation("MalformedXML", f"Unsupported element(s) in the encryption rule: {sorted(unknown)}.")
    default = rule.get("ApplyServerSideEncryptionByDefault", {"SSEAlgorithm": "AES256"})
    if not isinstance(default, dict):
        return Violation("MalformedXML", "ApplyServerSideEncryptionByDefault must be a structure.")
    algorithm = default.get("SSEAlgorithm")
    kind = SSE_ALGORITHMS.get(algorithm) if isinstance(algorithm, str) else None
    if kind is None:
        return Violation(
            "MalformedXML", f"SSEAlgorithm {algorithm!r} is not AES256, aws:kms or aws:kms:dsse."
        )
    key_id = default.get("KMSMasterKeyID")
    if key_id is not None and kind == "SSE-S3":
        return Violation(
            "InvalidArgument",
            "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
        )
    blocked: tuple[str, ...] = ()
    if "BlockedEncryptionTypes" in rule:
        types = rule["BlockedEncryptionTypes"]
        values = types.get("EncryptionType", []) if isinstance(types, dict) else None
        if not isinstance(values, list) or any(v not in ("NONE", "SSE-C") for v in values):
            return Violation(
                "InvalidArgument", "BlockedEncryptionTypes.EncryptionType accepts NONE or SSE-C."
            )
        if "NONE" in values and "SSE-C" in values:
            return Violation("InvalidArgument", "BlockedEncryptionTypes cannot both block and unblock SSE-C.")
        blocked = ("SSE-C",) if "SSE-C" in values else ()
    return BucketEncryption(kind, key_id, bool(rule.get("BucketKeyEnabled", False)), blocked)


@dataclass(frozen=True)
class ReplicationRule:
    """One rule of a replication configuration, normalized."""

    rule_id: str
    priority: int
    enabled: bool
    prefix: str
    """Key prefix filter ("" = every object)."""
    tags: tuple[tuple[str, str], ...]
    """Tag filter: every tag must be on the object."""
    destination_bucket: str
    """Bucket name (from the destination bucket ARN)."""
    destination_account: str | None
    replica_kms_key_id: str | None
    """``Destination.EncryptionConfiguration.ReplicaKmsKeyID``."""
    sse_kms_encrypted_objects: bool
    """``SourceSelectionCriteria.SseKmsEncryptedObjects.Status == "Enabled"``."""
    owner_override: bool
    """``AccessControlTranslation.Owner == "Destination"``."""
    filter_based: bool
    """V2 rule (``Filter``) rather than the legacy ``Prefix`` form."""


@dataclass(frozen=True)
class ReplicationConfiguration:
    role: str
    rules: tuple[ReplicationRule, ...]
    raw: Mapping[str, Any]
    """The configuration as given, returned by GetBucketReplication."""


def parse_replication_configuration(config: Any) -> ReplicationConfiguration | Violation:
    """Validate PutBucketReplication's ``ReplicationConfiguration``.

    Checked as S3 checks at PutBucketReplication: ``Role`` and 1–1000 rules; destination bucket ARN;
    V2 (``Filter``) rules need unique ``Priority`` and ``DeleteMarkerReplication``;
    ``SseKmsEncryptedObjects`` enabled needs ``ReplicaKmsKeyID`` and vice versa (a failed apply
    reported in terraform-provider-aws#26241); ``AccessControlTranslation`` needs ``Account``.
    The replica key itself is *not* validated here, exactly like S3 (docs/aws-behaviour.md §11): a key in the
    wrong region makes replication fail later, which the replay reports.
    """
    if not isinstance(config, dict):
        return Violation("MalformedXML", "ReplicationConfiguration must be a structure.")
    role = config.get("Role")
    if not isinstance(role, str) or not role.startswith("arn:"):
        return Violation("InvalidArgument", "ReplicationConfiguration.Role must be an IAM role ARN.")
    rules = config.get("Rules")
    if not isinstance(rules, list) or not 1 <= len(rules) <= MAX_REPLICATION_RULES:
        return Violation(
            "InvalidArgument", f"A replication configuration has 1 to {MAX_REPLICATION_RULES} rules."
        )
    parsed: list[ReplicationRule] = []
    for index, rule in enumerate(rules):
        result = _parse_rule(index, rule)
        if isinstance(result, Violation):
            return result
        parsed.append(result)
    v2 = [rule for rule in parsed if rule.filter_based]
    if v2 and len(v2) != len(parsed):
        return Violation("InvalidRequest", "Rules with Filter and rules with Prefix cannot be mixed.")
    if len({rule.priority for rule in v2}) != len(v2):
        return Violation("InvalidRequest", "Found two rules with same priority.")
    if len({rule.rule_id for rule in parsed}) != len(parsed):
        return Violation("InvalidRequest", "Rule IDs must be unique.")
    return ReplicationConfiguration(role, tuple(parsed), config)


def _parse_rule(index: int, rule: Any) -> ReplicationRule | Violation:
    if not isinstance(rule, dict):
        return Violation("MalformedXML", f"Rule {index} must be a structure.")
    status = rule.get("Status")
    if status not in ("Enabled", "Disabled"):
        return Violation("MalformedXML", f"Rule {index}: Status must be Enabled or Disabled.")
    destination = rule.get("Destination")
    if not isinstance(destination, dict) or not isinstance(destination.get("Bucket"), str):
        return Violation("InvalidArgument", f"Rule {index}: Destination.Bucket is required.")
    dest_arn: str = destination["Bucket"]
    if not dest_arn.startswith("arn:") or ":s3:::" not in dest_arn:
        return Violation("InvalidArgument", f"Rule {index}: Destination.Bucket must be a bucket ARN.")
    filter_based = "Filter" in rule
    prefix = ""
    tags: list[tuple[str, str]] = []
    if filter_based:
        flt = rule["Filter"]
        if not isinstance(flt, dict):
            return Violation("MalformedXML", f"Rule {index}: Filter must be a structure.")
        inner = flt.get("And", flt)
        if not isinstance(inner, dict):
            return Violation("MalformedXML", f"Rule {index}: Filter.And must be a structure.")
        prefix = str(inner.get("Prefix", ""))
        tag_items = inner.get("Tags", [inner["Tag"]] if "Tag" in inner else [])
        for tag in tag_items:
            if not isinstance(tag, dict) or "Key" not in tag or "Value" not in tag:
                return Violation("MalformedXML", f"Rule {index}: every Tag needs Key and Value.")
            tags.append((str(tag["Key"]), str(tag["Value"])))
        if "DeleteMarkerReplication" not in rule:
            return Violation(
                "InvalidRequest",
                f"Rule {index}: DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema.",
            )
        if "Priority" not in rule:
            return Violation(
                "InvalidRequest",
                f"Rule {index}: Priority must be specified for this version of Cross Region Replication configuration schema.",
            )
    else:
        prefix = str(rule.get("Prefix", ""))
    criteria = rule.get("SourceSelectionCriteria", {})
    sse_kms = (
        isinstance(criteria, dict)
        and isinstance(criteria.get("SseKmsEncryptedObjects"), dict)
        and criteria["SseKmsEncryptedObjects"].get("Status") == "Enabled"
    )
    encryption = destination.get("EncryptionConfiguration")
    replica_key = encryption.get("ReplicaKmsKeyID") if isinstance(encryption, dict) else None
    if sse_kms and not replica_key:
        return Violation(
            "InvalidRequest",
            f"Rule {index}: ReplicaKmsKeyID must be specified if SseKmsEncryptedObjects tag is present.",
        )
    if replica_key and not sse_kms:
        return Violation(
            "InvalidRequest",
            f"Rule {index}: SseKmsEncryptedObjects must be specified if EncryptionConfiguration is present.",
        )
    translation = destination.get("AccessControlTranslation")
    owner_override = isinstance(translation, dict) and translation.get("Owner") == "Destination"
    account = destination.get("Account")
    if translation is not None and not owner_override:
        return Violation("MalformedXML", f"Rule {index}: AccessControlTranslation.Owner must be Destination.")
    if owner_override and not account:
        return Violation(
            "InvalidRequest",
            f"Rule {index}: Destination.Account is required when AccessControlTranslation is specified.",
        )
    return ReplicationRule(
        rule_id=str(rule.get("ID", f"rule-{index}")),
        priority=int(rule.get("Priority", 0)),
        enabled=status == "Enabled",
        prefix=prefix,
        tags=tuple(tags),
        destination_bucket=dest_arn.split(":::", 1)[1],
        destination_account=str(account) if account else None,
        replica_kms_key_id=str(replica_key) if replica_key else None,
        sse_kms_encrypted_objects=sse_kms,
        owner_override=owner_override,
        filter_based=filter_based,
    )


def matching_rule(
    config: ReplicationConfiguration, key: str, tags: Mapping[str, str]
) -> ReplicationRule | None:
    """The enabled rule that applies to ``key``: among matches, the highest Priority wins.

    PutBucketReplication ``Priority``: "If two or more rules identify the same object based on a
    specified filter, the rule with higher priority takes precedence."
    """
    matches = [
        rule
        for rule in config.rules
        if rule.enabled and key.startswith(rule.prefix) and all(tags.get(k) == v for k, v in rule.tags)
    ]
    if not matches:
        return None
    return max(matches, key=lambda rule: rule.priority)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str


def replication_eligibility(rule: ReplicationRule, kind: EncryptionKind) -> Eligibility:
    """Whether S3 replicates an object of this encryption kind under ``rule``.

    "Replicating encrypted objects": unencrypted, SSE-S3 and SSE-C objects replicate by default;
    SSE-KMS and DSSE-KMS objects only when ``SourceSelectionCriteria.SseKmsEncryptedObjects`` is
    Enabled *and* ``ReplicaKmsKeyID`` names the key for the replicas; otherwise they are silently
    skipped (no failure status, no replica).
    """
    if kind in ("SSE-KMS", "DSSE-KMS"):
        if not rule.sse_kms_encrypted_objects:
            return Eligibility(
                False,
                f"{kind} objects are not replicated: rule {rule.rule_id!r} does not enable "
                "SourceSelectionCriteria.SseKmsEncryptedObjects",
            )
        if not rule.replica_kms_key_id:
            return Eligibility(
                False,
                f"{kind} objects are not replicated: rule {rule.rule_id!r} has no "
                "Destination.EncryptionConfiguration.ReplicaKmsKeyID",
            )
        return Eligibility(True, f"{kind} object selected by SseKmsEncryptedObjects with a replica key")
    if kind == "SSE-C":
        return Eligibility(True, "SSE-C objects replicate by default")
    return Eligibility(True, f"{'unencrypted' if kind == 'NONE' else kind} objects replicate by default")
