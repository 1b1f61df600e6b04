"""What EBS does with KMS when it creates volumes, copies snapshots and launches instances.

Each KMS call is made as the requesting principal through ``ec2.<region>.amazonaws.com`` (what
``kms:ViaService`` sees) and recorded as a :class:`LaunchStep` (principal, action, resource, decision,
reason), so a failed launch says which permission on which key was missing.

Sources: "How Amazon EBS uses AWS KMS" and "Share a KMS key" for EBS snapshots / AMIs
(https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modify-snapshot-permissions.html#share-kms-key):
the account that launches from a shared encrypted AMI needs on the shared key ``kms:DescribeKey``,
``kms:CreateGrant`` (EBS creates grants for its own resources: ``kms:GrantIsForAWSResource``),
``kms:ReEncrypt*`` (to re-encrypt to its own key or its default EBS key), ``kms:Decrypt`` and
``kms:GenerateDataKeyWithoutPlaintext``. The simulation's sequence for a volume made from an
encrypted snapshot: DescribeKey(source) → CreateGrant(source) → ReEncrypt (ReEncryptFrom source,
ReEncryptTo target key, new
``aws:ebs:id`` context) → CreateGrant(target) → Decrypt(target) when the volume is attached; a new
blank encrypted volume: GenerateDataKeyWithoutPlaintext(target). A launch whose KMS calls fail
terminates the instance with ``Client.InternalError: Client error on launch`` (EC2 troubleshooting,
"Instance terminates immediately").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from iacsim.aws.arn import Arn
from iacsim.sim.audit import capture
from iacsim.sim.ec2.backend import DataKey
from iacsim.sim.errors import ClientError, Undecidable
from iacsim.sim.kms.managed import aws_managed_key
from iacsim.sim.principal import Caller
from iacsim.sim.trace import KmsSteps, TraceStep

if TYPE_CHECKING:
    from iacsim.sim.cloud import Cloud

LAUNCH_FAILURE = ("Client.InternalError", "Client.InternalError: Client error on launch")


LaunchStep = TraceStep
"""Kept under this name for callers; the record is shared with the other replays."""


@dataclass
class EbsKms(KmsSteps):
    """KMS as EBS uses it for one request in one region."""

    cloud: Cloud
    caller: Caller
    region: str
    steps: list[LaunchStep] = field(default_factory=list)

    def _client(self, grant: bool = False) -> Any:
        caller = Caller(self.caller.principal, grant_is_for_aws_resource=grant) if grant else self.caller
        return self.cloud.via("ec2", "kms", self.region, caller)

    def default_key(self, account: str) -> str:
        """The account's default EBS key in this region (ModifyEbsDefaultKmsKeyId, else aws/ebs)."""
        backend = self.cloud.backends("ec2")[account][self.region]
        configured: str | None = backend.default_kms_key_id
        if configured is not None:
            return configured
        return aws_managed_key(self.cloud, account, self.region, "ebs")

    def describe(self, key_id: str) -> str:
        """kms:DescribeKey → the key ARN (EBS accepts key id, alias, key ARN or alias ARN)."""
        kms = self._client()
        response = self._call(
            "kms:DescribeKey", key_id, lambda: kms.describe_key(KeyId=key_id), "EBS looks up the key"
        )
        metadata = response["KeyMetadata"]
        if metadata.get("KeySpec") != "SYMMETRIC_DEFAULT":
            self._fail(
                "kms:DescribeKey",
                metadata["Arn"],
                "EBS supports symmetric encryption KMS keys only",
                "InvalidKMSKey.InvalidState",
            )
        arn: str = metadata["Arn"]
        return arn

    def grant(self, key_arn: str, operations: list[str]) -> None:
        kms = self._client(grant=True)
        grantee = self.caller.principal.arn
        self._call(
            "kms:CreateGrant",
            key_arn,
            lambda: kms.create_grant(KeyId=key_arn, GranteePrincipal=grantee, Operations=operations),
            "EBS creates a grant for its own resource (kms:GrantIsForAWSResource = true)",
        )

    def new_data_key(self, key_arn: str, resource_id: str) -> DataKey:
        kms = self._client()
        context = {"aws:ebs:id": resource_id}
        response = self._call(
            "kms:GenerateDataKeyWithoutPlaintext",
            key_arn,
            lambda: kms.generate_data_key_without_plaintext(
                KeyId=key_arn, KeySpec="AES_256", EncryptionContext=context
            ),
            f"EBS creates the data key of {resource_id}",
        )
        return DataKey(response["KeyId"], response["CiphertextBlob"], context)

    def re_encrypt(self, source: DataKey, target_arn: str, resource_id: str) -> DataKey:
        """One ReEncrypt call, recorded as its two permissions: ``kms:ReEncryptFrom`` on the source key
        and ``kms:ReEncryptTo`` on the target key (KMS authorizes both)."""
        kms = self._client()
        context = {"aws:ebs:id": resource_id}
        with capture() as recorded:
            try:
                response = kms.re_encrypt(
                    CiphertextBlob=source.blob,
                    SourceEncryptionContext=source.context,
                    DestinationKeyId=target_arn,
                    DestinationEncryptionContext=context,
                )
            except ClientError as error:
                err = error.response["Error"]
            except Undecidable as undecided:
                self.undecided("kms:ReEncryptFrom", source.key_arn, undecided.reason,
                               tuple(e["eventID"] for e in recorded))
            else:
                err = None
        events = tuple(e["eventID"] for e in recorded)
        if err is not None:
            to_failed = "ReEncryptTo" in err["Message"]
            action, key = (
                ("kms:ReEncryptTo", target_arn) if to_failed else ("kms:ReEncryptFrom", source.key_arn)
            )
            self._fail(action, key, f"{err['Code']}: {err['Message']}", err["Code"], events)
        principal = self.caller.principal.arn
        detail = f"EBS re-encrypts the data key of {resource_id} from {source.key_arn} to {target_arn}"
        # one call, two permissions: both steps point at the same CloudTrail record(s)
        self.steps.append(LaunchStep(principal, "kms:ReEncryptFrom", source.key_arn, "allowed", detail, events))
        self.steps.append(LaunchStep(principal, "kms:ReEncryptTo", target_arn, "allowed", detail, events))
        return DataKey(response["KeyId"], response["CiphertextBlob"], context)

    def decrypt(self, data_key: DataKey, purpose: str) -> None:
        kms = self._client()
        self._call(
            "kms:Decrypt",
            data_key.key_arn,
            lambda: kms.decrypt(CiphertextBlob=data_key.blob, EncryptionContext=data_key.context),
            purpose,
        )

    def volume_key(
        self,
        source: DataKey | None,
        encrypt: bool,
        requested_key: str | None,
        volume_id: str,
        attach: bool,
    ) -> DataKey | None:
        """The data key of a new volume, from an (optionally encrypted) snapshot.

        Target key: the requested ``KmsKeyId``, else — for an encrypted snapshot of this account
        and region — its own key, else the account's default EBS key.
        """
        if source is None and not encrypt:
            return None
        account = self.caller.principal.account
        if source is not None:
            self.describe(source.key_arn)
            self.grant(source.key_arn, ["Decrypt", "ReEncryptFrom", "DescribeKey"])
        if requested_key is not None:
            target = self.describe(requested_key)
        elif source is not None and (source_key := Arn.parse(source.key_arn)) is not None and source_key.account == account:
            target = source.key_arn
        else:
            target = self.describe(self.default_key(account))
        if source is None:
            key = self.new_data_key(target, volume_id)
        else:
            key = self.re_encrypt(source, target, volume_id)
        if attach:
            self.grant(key.key_arn, ["Decrypt", "DescribeKey"])
            self.decrypt(key, f"EBS decrypts the data key of {volume_id} to attach it to the instance")
        return key
