"""Replay S3 replication of one object version, as S3 does it with the replication role.

``cloud.s3_replicate(bucket, key)`` returns a :class:`ReplicationResult` with every step S3 takes —
principal, action, resource, decision, reason — and never raises for an AWS-side failure: a flow
that breaks is a result with a denied step, which is what iacsim reports.

The steps follow "Replicating encrypted objects"
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html) and
"Setting up permissions for live replication"
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html):

1. the rule that selects the object (highest priority) and whether its encryption is eligible
   (SSE-KMS/DSSE-KMS only with ``SseKmsEncryptedObjects`` and ``ReplicaKmsKeyID``);
2. S3 (``s3.amazonaws.com``) assumes the role (its trust policy);
3. the role reads the source: ``s3:GetReplicationConfiguration``, ``s3:ListBucket``,
   ``s3:GetObjectVersionForReplication``, ``s3:GetObjectVersionAcl`` (+ ``…Tagging`` for tagged objects);
4. ``kms:Decrypt`` of the object's data key with the source key (ViaService ``s3.<source region>``);
5. the replica key must be in the destination bucket's region; ``kms:Encrypt`` of the data key with
   it (ViaService ``s3.<destination region>``) — ``kms:GenerateDataKey`` when an unencrypted object
   lands in an SSE-KMS destination. An encrypted replica keeps the *source object's* S3 Bucket Key
   setting, whatever the destination bucket's default says, so its encryption context is the destination
   bucket ARN when the source object used a Bucket Key and the replica's object ARN when it did not; only
   an unencrypted source object takes the destination's default (and its Bucket Key setting) ("Using S3
   Bucket Keys with replication", https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html);
   (a source with Object Lock needs it on the destination: failure reason
   ``DstBucketObjectLockConfigMissing``, https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html);
6. ``s3:ReplicateObject`` (+ ``ReplicateTags``, ``ObjectOwnerOverrideToBucketOwner``) on the
   destination, authorized by the role's IAM policies and, across accounts, the destination bucket policy;
   a destination that blocks SSE-C refuses SSE-C replicas (403).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from iacsim.aws.arn import Arn
from iacsim.policy.request import region_of_arn
from iacsim.sim.audit import capture
from iacsim.sim.authz import authorize
from iacsim.sim.errors import AwsError, ClientError, Undecidable
from iacsim.sim.iam.sts import trust_as_resource_policy
from iacsim.sim.kms.managed import aws_managed_key
from iacsim.sim.principal import Caller, Principal
from iacsim.sim.s3.backend import Bucket, ObjectVersion, find_bucket, seal, unseal
from iacsim.sim.s3.rules import (
    ReplicationRule,
    kms_encryption_context,
    matching_rule,
    replication_eligibility,
)
from iacsim.sim.trace import TraceStep

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

S3_SERVICE = "s3.amazonaws.com"
SESSION_NAME = "s3-replication"

Status = Literal["COMPLETED", "FAILED", "NOT_REPLICATED", "UNDECIDED"]


ReplicationStep = TraceStep
"""Kept under this name for callers; the record is shared with the other replays."""


@dataclass(frozen=True)
class ReplicationResult:
    """What happened to one object version.

    ``status``: ``COMPLETED`` (a replica exists), ``FAILED`` (S3 tried and a step was denied — the
    source's ReplicationStatus becomes FAILED) or ``NOT_REPLICATED`` (no rule selects the object, or
    its encryption makes it ineligible: S3 silently skips it). ``UNDECIDED`` is not an S3 status: a step
    depends on what the scan does not know (:class:`~iacsim.sim.errors.Undecidable`, the role's permissions
    are incomplete) and the replay stops at that ``unknown`` step, neither failed nor replicated.
    """

    bucket: str
    key: str
    version_id: str | None
    status: Status
    steps: tuple[ReplicationStep, ...]
    rule_id: str | None = None
    destination_bucket: str | None = None
    replica_version_id: str | None = None

    @property
    def replicated(self) -> bool:
        return self.status == "COMPLETED"

    @property
    def failed_step(self) -> ReplicationStep | None:
        for step in self.steps:
            if step.decision == "denied":
                return step
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "bucket": self.bucket,
            "key": self.key,
            "version_id": self.version_id,
            "status": self.status,
            "rule_id": self.rule_id,
            "destination_bucket": self.destination_bucket,
            "replica_version_id": self.replica_version_id,
            "steps": [step.to_dict() for step in self.steps],
        }


class _Stop(Exception):
    """A denied step ends the replay with this status."""

    def __init__(self, status: Status) -> None:
        super().__init__(status)
        self.status = status


class _Replay:
    def __init__(self, cloud: Cloud, bucket: str, key: str, version_id: str | None) -> None:
        self.cloud = cloud
        self.bucket_name = bucket
        self.key = key
        self.version_id = version_id
        self.steps: list[ReplicationStep] = []
        self.rule: ReplicationRule | None = None
        self.version: ObjectVersion | None = None

    # -- step recording -------------------------------------------------------------
    def step(
        self, principal: str, action: str, resource: str, allowed: bool, reason: str, status: Status
    ) -> None:
        self.steps.append(
            ReplicationStep(principal, action, resource, "allowed" if allowed else "denied", reason)
        )
        if not allowed:
            raise _Stop(status)

    def deny(self, principal: str, action: str, resource: str, reason: str, status: Status) -> NoReturn:
        self.steps.append(ReplicationStep(principal, action, resource, "denied", reason))
        raise _Stop(status)

    def undecided(self, principal: str, action: str, resource: str, reason: str,
                  events: tuple[str, ...] = ()) -> NoReturn:
        """The step depends on what the scan does not know: record it ``unknown`` and stop (never a deny)."""
        self.steps.append(ReplicationStep(principal, action, resource, "unknown", reason, events))
        raise _Stop("UNDECIDED")

    def check(self, caller: Caller, label: str, action: str, resource: str, bucket: Bucket) -> None:
        """An S3 permission of the role, with the bucket's policy (both needed across accounts)."""
        try:
            decision = authorize(
                self.cloud,
                caller,
                action,
                resource,
                resource_account=bucket.account,
                resource_policy=bucket.policy,
                resource_policy_name=f"bucket policy of {bucket.name}",
                region=bucket.region,
            )
        except Undecidable as undecided:
            self.undecided(label, action, resource, undecided.reason)
        if not decision.allowed and action == "s3:GetObjectVersionForReplication":
            self._older_read_permission(caller, label, resource, bucket)
        self.step(label, action, resource, decision.allowed, decision.summary or decision.outcome, "FAILED")

    def _older_read_permission(self, caller: Caller, label: str, resource: str, bucket: Bucket) -> None:
        """A role granted ``s3:GetObjectVersion`` but not ``s3:GetObjectVersionForReplication``: undecided.

        The replication-permissions page lists ``s3:GetObjectVersionForReplication``; older AWS examples (and
        many published modules) grant ``s3:GetObjectVersion`` instead, and whether S3 still accepts it for
        replication is not documented (UNCONFIRMED, docs/aws-behaviour.md §11), so the replay will not call
        it a failure."""
        try:
            older = authorize(self.cloud, caller, "s3:GetObjectVersion", resource, resource_account=bucket.account,
                              resource_policy=bucket.policy, resource_policy_name=f"bucket policy of {bucket.name}",
                              region=bucket.region)
        except Undecidable:
            return
        if older.allowed:
            self.undecided(label, "s3:GetObjectVersionForReplication", resource,
                           "the role is not granted s3:GetObjectVersionForReplication but is granted "
                           "s3:GetObjectVersion; whether S3 replication accepts the older permission is not "
                           "documented (grant s3:GetObjectVersionForReplication to be sure)")

    def kms_call(self, label: str, action: str, key: str, call: Any, context: dict[str, str]) -> Any:
        err: dict[str, Any] | None = None
        with capture() as recorded:
            try:
                response = call()
            except ClientError as error:
                err = error.response["Error"]
            except Undecidable as undecided:
                self.undecided(label, action, key, undecided.reason, tuple(e["eventID"] for e in recorded))
        events = tuple(e["eventID"] for e in recorded)
        if err is not None:
            self.steps.append(ReplicationStep(label, action, key, "denied", f"{err['Code']}: {err['Message']}",
                                              events=events))
            raise _Stop("FAILED")
        self.steps.append(ReplicationStep(label, action, key, "allowed",
                                          f"{action} succeeded with encryption context {context}", events=events))
        return response

    # -- the replay -----------------------------------------------------------------------
    def run(self) -> ReplicationResult:
        status: Status = "COMPLETED"
        replica_id: str | None = None
        try:
            source, version = self.select()
            replica_id = self.replicate(source, version)
        except _Stop as stop:
            status = stop.status
        selected = self.version
        if selected is not None and selected.replication_status != "REPLICA" and status != "UNDECIDED":
            # S3 sets x-amz-replication-status only on objects a rule selects for replication.
            selected.replication_status = None if status == "NOT_REPLICATED" else status
        return ReplicationResult(
            bucket=self.bucket_name,
            key=self.key,
            version_id=selected.version_id if selected is not None else self.version_id,
            status=status,
            steps=tuple(self.steps),
            rule_id=self.rule.rule_id if self.rule else None,
            destination_bucket=self.rule.destination_bucket if self.rule else None,
            replica_version_id=replica_id,
        )

    def select(self) -> tuple[Bucket, ObjectVersion]:
        partition = self.cloud.partition
        arn = str(Arn.s3_object(partition, self.bucket_name, self.key))
        source = find_bucket(self.cloud, self.bucket_name)
        if source is None:
            self.deny(S3_SERVICE, "s3:Replication", arn, "the source bucket does not exist", "NOT_REPLICATED")
        try:
            version = source.version(self.key, self.version_id)
        except AwsError as error:
            self.deny(S3_SERVICE, "s3:Replication", arn, error.message, "NOT_REPLICATED")
        self.version = version
        config = source.replication
        if config is None:
            self.deny(
                S3_SERVICE,
                "s3:Replication",
                arn,
                "the bucket has no replication configuration",
                "NOT_REPLICATED",
            )
        if version.replication_status == "REPLICA":
            self.deny(S3_SERVICE, "s3:Replication", arn, "the object is itself a replica", "NOT_REPLICATED")
        rule = matching_rule(config, self.key, version.tags)
        if rule is None:
            self.deny(
                S3_SERVICE,
                "s3:Replication",
                arn,
                "no enabled replication rule selects this key",
                "NOT_REPLICATED",
            )
        self.rule = rule
        eligibility = replication_eligibility(rule, version.kind)
        self.step(
            S3_SERVICE,
            "s3:Replication",
            arn,
            eligibility.eligible,
            f"rule {rule.rule_id!r} (priority {rule.priority}) selects the object; {eligibility.reason}",
            "NOT_REPLICATED",
        )
        return source, version

    def assume_role(self, role_arn: str) -> Caller:
        parsed = Arn.parse(role_arn)
        account = parsed.account if parsed is not None and ":" not in parsed.resource else ""
        name = role_arn.rsplit("/", 1)[-1]
        try:
            role = self.cloud.backends("iam")[account]["global"].role(name)
        except (AwsError, KeyError, ValueError):
            self.deny(S3_SERVICE, "sts:AssumeRole", role_arn, "the replication role does not exist", "FAILED")
        decision = authorize(
            self.cloud,
            Caller(Principal.service(S3_SERVICE)),
            "sts:AssumeRole",
            role.arn,
            resource_account=account,
            resource_policy=trust_as_resource_policy(role.assume_role_policy, role.arn),
            resource_policy_name=f"trust policy of {role.arn}",
        )
        self.step(
            S3_SERVICE,
            "sts:AssumeRole",
            role.arn,
            decision.allowed,
            decision.summary or decision.outcome,
            "FAILED",
        )
        session = str(Arn(self.cloud.partition, "sts", "", account, f"assumed-role/{name}/{SESSION_NAME}"))
        return Caller(Principal.parse(session))

    def replicate(self, source: Bucket, version: ObjectVersion) -> str:
        assert self.rule is not None and source.replication is not None
        rule = self.rule
        partition = self.cloud.partition
        role_arn = source.replication.role
        caller = self.assume_role(role_arn)
        label = role_arn
        src_bucket_arn = source.arn(partition)
        src_object_arn = source.object_arn(partition, version.key)
        for action, resource in (
            ("s3:GetReplicationConfiguration", src_bucket_arn),
            ("s3:ListBucket", src_bucket_arn),
            ("s3:GetObjectVersionForReplication", src_object_arn),
            ("s3:GetObjectVersionAcl", src_object_arn),
        ):
            self.check(caller, label, action, resource, source)
        if version.tags:
            self.check(caller, label, "s3:GetObjectVersionTagging", src_object_arn, source)

        destination = find_bucket(self.cloud, rule.destination_bucket)
        dest_arn = str(Arn.s3_bucket(partition, rule.destination_bucket))
        if destination is None:
            self.deny(
                label, "s3:ReplicateObject", dest_arn, "the destination bucket does not exist", "FAILED"
            )
        if destination.versioning != "Enabled":
            self.deny(
                label,
                "s3:ReplicateObject",
                dest_arn,
                "versioning is not enabled on the destination",
                "FAILED",
            )
        if source.object_lock_enabled and not destination.object_lock_enabled:
            # Replication failure reason DstBucketObjectLockConfigMissing ("Amazon S3 replication failure
            # reasons"): the configuration is accepted, every object's replication fails.
            self.deny(
                label,
                "s3:ReplicateObject",
                dest_arn,
                "DstBucketObjectLockConfigMissing: the source bucket has Object Lock enabled and the "
                "destination bucket does not",
                "FAILED",
            )
        if rule.destination_account is not None and rule.destination_account != destination.account:
            self.deny(
                label,
                "s3:ReplicateObject",
                dest_arn,
                f"Destination.Account {rule.destination_account} does not own the destination bucket "
                f"(owner {destination.account})",
                "FAILED",
            )

        plaintext_key: bytes | None = None
        if version.kind in ("SSE-KMS", "DSSE-KMS"):
            plaintext_key = self.decrypt_source(caller, label, source, version)

        dest_object_arn = destination.object_arn(partition, version.key)
        self.check(caller, label, "s3:ReplicateObject", dest_object_arn, destination)
        if version.tags:
            self.check(caller, label, "s3:ReplicateTags", dest_object_arn, destination)
        if rule.owner_override:
            self.check(caller, label, "s3:ObjectOwnerOverrideToBucketOwner", dest_object_arn, destination)
        if version.kind == "SSE-C" and destination.encryption.blocks_sse_c:
            self.deny(
                label,
                "s3:ReplicateObject",
                dest_object_arn,
                "403 AccessDenied: the destination bucket blocks SSE-C (BlockedEncryptionTypes)",
                "FAILED",
            )
        replica = self.build_replica(caller, label, source, destination, version, plaintext_key)
        destination.store(replica)
        return replica.version_id

    def decrypt_source(self, caller: Caller, label: str, source: Bucket, version: ObjectVersion) -> bytes:
        assert version.kms_key_arn is not None and version.data_key_blob is not None
        kms = self.cloud.via("s3", "kms", source.region, caller)
        blob, context = version.data_key_blob, version.encryption_context
        response = self.kms_call(
            label,
            "kms:Decrypt",
            version.kms_key_arn,
            lambda: kms.decrypt(CiphertextBlob=blob, EncryptionContext=context),
            context,
        )
        plaintext: bytes = response["Plaintext"]
        return plaintext

    def build_replica(
        self,
        caller: Caller,
        label: str,
        source: Bucket,
        destination: Bucket,
        version: ObjectVersion,
        data_key: bytes | None,
    ) -> ObjectVersion:
        assert self.rule is not None
        partition = self.cloud.partition
        src_aad = source.object_arn(partition, version.key).encode()
        dst_aad = destination.object_arn(partition, version.key).encode()
        # With the default Object Ownership (bucket owner enforced) the destination bucket owner owns
        # replicas; AccessControlTranslation only matters for buckets with ACLs, which are not simulated,
        # but its permission (s3:ObjectOwnerOverrideToBucketOwner) is still checked above.
        owner = destination.account
        replica = replace(
            version,
            owner=owner,
            replication_status="REPLICA",
            tags=dict(version.tags) if version.tags else {},
            encryption_context=dict(version.encryption_context),
        )
        kms = self.cloud.via("s3", "kms", destination.region, caller)
        if version.kind in ("SSE-KMS", "DSSE-KMS"):
            assert data_key is not None and self.rule.replica_kms_key_id is not None
            replica_key = self.rule.replica_kms_key_id
            key_region = region_of_arn(replica_key) if replica_key.startswith("arn:") else None
            if key_region != destination.region:
                where = f"in {key_region}" if key_region else "not a key ARN or alias ARN"
                self.deny(
                    label,
                    "kms:Encrypt",
                    replica_key,
                    f"the replica key must be in the destination bucket's region {destination.region}; it is {where}",
                    "FAILED",
                )
            bucket_key = version.kind == "SSE-KMS" and version.bucket_key_enabled
            context = kms_encryption_context(partition, destination.name, version.key, bucket_key)
            context.update({k: v for k, v in version.encryption_context.items() if k != "aws:s3:arn"})
            response = self.kms_call(
                label,
                "kms:Encrypt",
                replica_key,
                lambda: kms.encrypt(KeyId=replica_key, Plaintext=data_key, EncryptionContext=context),
                context,
            )
            inner = self._reseal_kms(source, version, data_key, src_aad, dst_aad)
            replica.sealed = (
                seal(destination.s3_owned_key, inner, dst_aad) if version.kind == "DSSE-KMS" else inner
            )
            replica.kms_key_arn = response["KeyId"]
            replica.data_key_blob = response["CiphertextBlob"]
            replica.encryption_context = context
            replica.bucket_key_enabled = bucket_key
            return replica
        if version.kind == "SSE-C":
            # S3 copies SSE-C objects still encrypted: it never holds the customer's key.
            return replica
        body = (
            version.sealed if version.kind == "NONE" else unseal(source.s3_owned_key, version.sealed, src_aad)
        )
        assert body is not None
        default = destination.encryption
        if version.kind == "NONE" and default.kind in ("SSE-KMS", "DSSE-KMS"):
            key_id = default.kms_key_id or "alias/aws/s3"
            if default.kms_key_id is None:
                aws_managed_key(self.cloud, destination.account, destination.region, "s3")
            bucket_key = default.kind == "SSE-KMS" and default.bucket_key_enabled
            context = kms_encryption_context(partition, destination.name, version.key, bucket_key)
            response = self.kms_call(
                label,
                "kms:GenerateDataKey",
                key_id,
                lambda: kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext=context),
                context,
            )
            sealed = seal(response["Plaintext"], body, dst_aad)
            replica.kind = default.kind
            replica.sealed = (
                seal(destination.s3_owned_key, sealed, dst_aad) if default.kind == "DSSE-KMS" else sealed
            )
            replica.kms_key_arn = response["KeyId"]
            replica.data_key_blob = response["CiphertextBlob"]
            replica.encryption_context = context
            replica.bucket_key_enabled = bucket_key
            return replica
        replica.kind = "SSE-S3"
        replica.sealed = seal(destination.s3_owned_key, body, dst_aad)
        return replica

    @staticmethod
    def _reseal_kms(
        source: Bucket, version: ObjectVersion, data_key: bytes, src_aad: bytes, dst_aad: bytes
    ) -> bytes:
        inner = version.sealed
        if version.kind == "DSSE-KMS":
            outer = unseal(source.s3_owned_key, inner, src_aad)
            assert outer is not None
            inner = outer
        body = unseal(data_key, inner, src_aad)
        assert body is not None
        return seal(data_key, body, dst_aad)


def replicate(cloud: Cloud, bucket: str, key: str, version_id: str | None = None) -> ReplicationResult:
    """Replay the replication of ``bucket/key`` (latest version unless ``version_id``)."""
    return _Replay(cloud, bucket, key, version_id).run()
