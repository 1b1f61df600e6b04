"""The simulated CloudWatch Logs client (boto3 ``logs``): log groups encrypted with KMS keys.

CloudWatch Logs uses a log group's KMS key *as itself*: the service principal
``logs.<region>.amazonaws.com`` calls KMS with the encryption context
``{"aws:logs:arn": "arn:<p>:logs:<region>:<account>:log-group:<name>"}`` when a key is associated
(CreateLogGroup with ``kmsKeyId``, AssociateKmsKey), when events are ingested (PutLogEvents: a data key
per batch) and when they are read back (GetLogEvents/FilterLogEvents: Decrypt). Callers need only
``logs:*`` permissions; the key policy must admit the service. Sources:

* "Encrypt log data in CloudWatch Logs using AWS Key Management Service"
  https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html — the key policy
  statement for ``logs.<region>.amazonaws.com`` (kms:Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey*,
  Describe*) scoped by ``kms:EncryptionContext:aws:logs:arn``; only symmetric keys.
* API AssociateKmsKey https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html
  — "If you attempt to associate a KMS key with a log group but the KMS key does not exist or the KMS key
  is disabled, you receive an InvalidParameterException error"; ``kmsKeyId`` is the key's ARN.
* A key policy that does not admit the service gives, as users report it (terraform-provider-aws#29282):
  ``AccessDeniedException: The specified KMS key does not exist or is not allowed to be used with Arn
  '<log group ARN>'``.

Event messages are sealed with AES-256-GCM under the data key (real cryptography); messages never
appear in any repr.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from iacsim.aws.arn import Arn
from iacsim.sim.authz import require
from iacsim.sim.client import BaseClient, operation
from iacsim.sim.cloud import Cloud, ServiceSpec, register_service
from iacsim.sim.errors import (
    AccessDeniedException,
    ClientError,
    CodedError,
    InvalidParameterException,
    ResourceNotFoundException,
)
from iacsim.sim.logs.errors import ResourceAlreadyExistsException, ServiceUnavailableException
from iacsim.sim.principal import Caller, Principal
from iacsim.sim.s3.backend import seal, unseal

_NAME = re.compile(r"^[\.\-_/#A-Za-z0-9]{1,512}$")
_REGION = re.compile(r"[a-z0-9-]+")
_ACCOUNT = re.compile(r"\d{12}")


def _key_arn(key_id: str) -> Arn | None:
    """``key_id`` if it is a full KMS key or alias ARN (region and account present), else None."""
    arn = Arn.parse(key_id)
    if (arn is None or arn.service != "kms" or not _REGION.fullmatch(arn.region)
            or not _ACCOUNT.fullmatch(arn.account) or not arn.resource.startswith(("key/", "alias/"))
            or not arn.resource_id):
        return None
    return arn


def logs_service(region: str) -> str:
    """The regional service principal CloudWatch Logs uses with KMS (``logs.<region>.amazonaws.com``)."""
    return f"logs.{region}.amazonaws.com"


@dataclass
class StoredEvent:
    timestamp: int
    sealed: bytes = field(repr=False)
    """The message: plain bytes without a key, AES-GCM sealed under the data key with one."""
    data_key_blob: bytes | None = field(default=None, repr=False)
    key_arn: str | None = None


@dataclass
class LogGroupState:
    name: str
    arn: str
    """Without ``:*``: the ``aws:logs:arn`` encryption context value."""
    created: int
    kms_key_id: str | None = None
    streams: dict[str, list[StoredEvent]] = field(default_factory=dict)

    @property
    def context(self) -> dict[str, str]:
        return {"aws:logs:arn": self.arn}


class LogsBackend:
    """Log groups of one account and region."""

    def __init__(self, cloud: Cloud, account: str, region: str) -> None:
        self.cloud = cloud
        self.account = account
        self.region = region
        self.groups: dict[str, LogGroupState] = {}

    def group_arn(self, name: str) -> str:
        return str(Arn.log_group(self.cloud.partition, self.region, self.account, name))

    def get(self, name: str) -> LogGroupState:
        group = self.groups.get(name)
        if group is None:
            raise ResourceNotFoundException("The specified log group does not exist.")
        return group


def _key_refused(group_arn: str) -> AccessDeniedException:
    return AccessDeniedException(
        f"The specified KMS key does not exist or is not allowed to be used with Arn '{group_arn}'",
    )


class LogsClient(BaseClient):
    """boto3 ``logs``."""

    service_name = "logs"

    @property
    def backend(self) -> LogsBackend:
        return self.cloud.backend(LOGS, self.account, self.region)

    # -- the service's own KMS calls -------------------------------------------------------
    def _service_kms(self, group_arn: str, key_arn: str) -> Any:
        """KMS as CloudWatch Logs itself, in the key's region (an ARN names its own region)."""
        caller = Caller(Principal.service(logs_service(self.region)), source_arn=group_arn,
                        source_account=self.account)
        parsed = Arn.parse(key_arn)
        region = parsed.region if parsed is not None else self.region
        return self.cloud.client_for("kms", region, caller)

    def _kms_failure(self, error: ClientError, group_arn: str) -> CodedError:
        code = error.response["Error"]["Code"]
        if code == "AccessDeniedException":
            return _key_refused(group_arn)
        # Missing, disabled or unusable keys: "you receive an InvalidParameterException error".
        return InvalidParameterException(
            f"A parameter is specified incorrectly: KMS key for {group_arn}: {code}: "
            f"{error.response['Error']['Message']}")

    def _check_key(self, key_id: str, group_arn: str) -> None:
        """What association verifies: an ARN, of an enabled symmetric encryption key the service may use."""
        arn = _key_arn(key_id)
        if arn is None:
            # kmsKeyId "The Amazon Resource Name (ARN) of the KMS key"; a bare key id or alias name is
            # looked up as nothing (users report the AccessDenied wording for it).
            raise _key_refused(group_arn)
        if arn.region != self.region:
            # KMS keys are regional: the service calls KMS in the log group's region.
            raise InvalidParameterException(
                f"A parameter is specified incorrectly: the KMS key {key_id} is not in {self.region}, "
                f"the Region of {group_arn}")
        # No DescribeKey: the documented key policy scopes kms:Describe* by the aws:logs:arn context, which
        # DescribeKey never carries, so the service checks the key by using it. An asymmetric or HMAC key
        # fails here (InvalidKeyUsageException: "CloudWatch Logs supports only symmetric KMS keys").
        kms = self._service_kms(group_arn, key_id)
        try:
            kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext={"aws:logs:arn": group_arn})
        except ClientError as error:
            raise self._kms_failure(error, group_arn) from None

    # -- log groups ----------------------------------------------------------------------------
    @operation("CreateLogGroup", record=("logGroupName", "kmsKeyId", "logGroupClass"))
    def create_log_group(self, *, logGroupName: str, kmsKeyId: str | None = None,
                         tags: dict[str, str] | None = None, logGroupClass: str | None = None) -> dict[str, Any]:
        if not _NAME.match(logGroupName):
            raise InvalidParameterException(f"1 validation error detected: Value '{logGroupName}' at "
                           "'logGroupName' failed to satisfy constraint: Member must satisfy regular expression "
                           "pattern: [\\.\\-_/#A-Za-z0-9]+")
        backend = self.backend
        arn = backend.group_arn(logGroupName)
        require(self.cloud, self.caller, "logs:CreateLogGroup", arn + ":*", resource_account=self.account,
                region=self.region)
        if logGroupName in backend.groups:
            raise ResourceAlreadyExistsException("The specified log group already exists")
        if kmsKeyId is not None:
            self._check_key(kmsKeyId, arn)
        backend.groups[logGroupName] = LogGroupState(logGroupName, arn, self._now_ms(), kmsKeyId)
        return {}

    @operation("AssociateKmsKey", record=("logGroupName", "kmsKeyId"))
    def associate_kms_key(self, *, logGroupName: str, kmsKeyId: str) -> dict[str, Any]:
        group = self.backend.get(logGroupName)
        require(self.cloud, self.caller, "logs:AssociateKmsKey", group.arn + ":*", resource_account=self.account,
                region=self.region)
        self._check_key(kmsKeyId, group.arn)
        group.kms_key_id = kmsKeyId
        return {}

    @operation("DisassociateKmsKey", record=("logGroupName",))
    def disassociate_kms_key(self, *, logGroupName: str) -> dict[str, Any]:
        group = self.backend.get(logGroupName)
        require(self.cloud, self.caller, "logs:DisassociateKmsKey", group.arn + ":*",
                resource_account=self.account, region=self.region)
        # Events already ingested stay encrypted under the old key (their blobs name it).
        group.kms_key_id = None
        return {}

    @operation("DescribeLogGroups", record=("logGroupNamePrefix",))
    def describe_log_groups(self, *, logGroupNamePrefix: str | None = None) -> dict[str, Any]:
        require(self.cloud, self.caller, "logs:DescribeLogGroups", "*", resource_account=self.account,
                region=self.region)
        out = []
        for name in sorted(self.backend.groups):
            if logGroupNamePrefix and not name.startswith(logGroupNamePrefix):
                continue
            group = self.backend.groups[name]
            entry: dict[str, Any] = {"logGroupName": name, "arn": group.arn + ":*", "creationTime": group.created}
            if group.kms_key_id is not None:
                entry["kmsKeyId"] = group.kms_key_id
            out.append(entry)
        return {"logGroups": out}

    # -- streams and events ----------------------------------------------------------------------
    def _stream_arn(self, group: LogGroupState, stream: str) -> str:
        return f"{group.arn}:log-stream:{stream}"

    @operation("CreateLogStream", record=("logGroupName", "logStreamName"))
    def create_log_stream(self, *, logGroupName: str, logStreamName: str) -> dict[str, Any]:
        group = self.backend.get(logGroupName)
        require(self.cloud, self.caller, "logs:CreateLogStream", self._stream_arn(group, logStreamName),
                resource_account=self.account, region=self.region)
        if logStreamName in group.streams:
            raise ResourceAlreadyExistsException("The specified log stream already exists")
        group.streams[logStreamName] = []
        return {}

    @operation("PutLogEvents", record=("logGroupName", "logStreamName"))
    def put_log_events(self, *, logGroupName: str, logStreamName: str,
                       logEvents: list[dict[str, Any]]) -> dict[str, Any]:
        group = self.backend.get(logGroupName)
        require(self.cloud, self.caller, "logs:PutLogEvents", self._stream_arn(group, logStreamName),
                resource_account=self.account, region=self.region)
        stream = group.streams.get(logStreamName)
        if stream is None:
            raise ResourceNotFoundException("The specified log stream does not exist.")
        stored: list[StoredEvent] = []
        for event in logEvents:
            message = str(event["message"]).encode()
            timestamp = int(event["timestamp"])
            if group.kms_key_id is None:
                stored.append(StoredEvent(timestamp, message))
                continue
            kms = self._service_kms(group.arn, group.kms_key_id)
            try:
                data_key = kms.generate_data_key(KeyId=group.kms_key_id, KeySpec="AES_256",
                                                 EncryptionContext=group.context)
            except ClientError as error:
                raise self._kms_failure(error, group.arn) from None
            stored.append(StoredEvent(timestamp, seal(data_key["Plaintext"], message, group.arn.encode()),
                                      data_key["CiphertextBlob"], data_key["KeyId"]))
        stream.extend(stored)
        return {"nextSequenceToken": str(len(stream))}

    def _open(self, group: LogGroupState, event: StoredEvent) -> str:
        if event.data_key_blob is None or event.key_arn is None:
            return event.sealed.decode()
        kms = self._service_kms(group.arn, event.key_arn)
        try:
            plaintext = kms.decrypt(CiphertextBlob=event.data_key_blob, KeyId=event.key_arn,
                                    EncryptionContext=group.context)["Plaintext"]
        except ClientError as error:
            raise self._kms_failure(error, group.arn) from None
        body = unseal(plaintext, event.sealed, group.arn.encode())
        if body is None:
            raise ServiceUnavailableException("The stored event failed authentication.")
        return body.decode()

    @operation("GetLogEvents", record=("logGroupName", "logStreamName"))
    def get_log_events(self, *, logGroupName: str, logStreamName: str,
                       startFromHead: bool | None = None) -> dict[str, Any]:
        group = self.backend.get(logGroupName)
        require(self.cloud, self.caller, "logs:GetLogEvents", self._stream_arn(group, logStreamName),
                resource_account=self.account, region=self.region)
        stream = group.streams.get(logStreamName)
        if stream is None:
            raise ResourceNotFoundException("The specified log stream does not exist.")
        events = [{"timestamp": e.timestamp, "message": self._open(group, e)} for e in stream]
        return {"events": events}

    @operation("FilterLogEvents", record=("logGroupName",))
    def filter_log_events(self, *, logGroupName: str, filterPattern: str | None = None) -> dict[str, Any]:
        group = self.backend.get(logGroupName)
        require(self.cloud, self.caller, "logs:FilterLogEvents", group.arn + ":*", resource_account=self.account,
                region=self.region)
        events = []
        for stream_name, stream in sorted(group.streams.items()):
            for event in stream:
                message = self._open(group, event)
                if filterPattern and filterPattern not in message:
                    continue
                events.append({"logStreamName": stream_name, "timestamp": event.timestamp, "message": message})
        return {"events": events}

    def _now_ms(self) -> int:
        return int(self.cloud.clock.now().timestamp() * 1000)


LOGS: ServiceSpec[LogsBackend] = register_service(ServiceSpec("logs", LogsBackend, LogsClient))
