"""CloudTrail for the simulated cloud: every API call becomes a CloudTrail-shaped record.

Every ``@operation`` call of every simulated client (see :mod:`iacsim.sim.client`)
is recorded in :attr:`Cloud.audit <iacsim.sim.cloud.Cloud.audit>` the way
CloudTrail records a management event: ``eventTime`` on the simulated clock,
``eventSource``, ``eventName``, ``awsRegion``, ``userIdentity`` (with
``invokedBy`` when a service calls as itself or on the caller's behalf),
``requestParameters``, ``responseElements``, ``errorCode``/``errorMessage`` for
failed calls, and ``recipientAccountId``.

A call that reaches a resource in another account is delivered to *both*
accounts, as CloudTrail does: one record per account, each with its own
``eventID`` and ``recipientAccountId``, sharing one ``sharedEventID``
("CloudTrail record contents", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html;
"Logging AWS KMS API calls", https://docs.aws.amazon.com/kms/latest/developerguide/logging-using-cloudtrail.html).
The accounts a call reached are the resource accounts it was authorized
against (:func:`iacsim.sim.authz.authorize` reports them through
:func:`note_resource_account`).

Secrets never reach a record: request parameters are recorded only when they
are on a safe list (key ids, encryption context, algorithms, names…) or named
by the operation (``@operation("X", record=(...))``); parameters that carry
secrets (plaintext, values, ciphertext, key material) are shown as
``HIDDEN_DUE_TO_SECURITY_REASONS`` like CloudTrail shows SSM parameter values,
and anything else is left out. Response elements keep only identifiers.

:func:`capture` collects the records made inside a block (flows link each trace
step to its records); :func:`paused` stops recording (the world→cloud seeding
is setup, not a replayed flow).
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from iacsim.aws.arn import Arn

if TYPE_CHECKING:
    from iacsim.sim.client import BaseClient

HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"

SAFE_PARAMETERS = frozenset({
    # KMS
    "KeyId", "EncryptionContext", "EncryptionAlgorithm", "KeySpec", "KeyUsage", "NumberOfBytes",
    "AliasName", "TargetKeyId", "GranteePrincipal", "RetiringPrincipal", "Operations", "GrantId",
    "SourceKeyId", "DestinationKeyId", "SourceEncryptionContext", "DestinationEncryptionContext",
    "SourceEncryptionAlgorithm", "DestinationEncryptionAlgorithm", "ReplicaRegion", "PendingWindowInDays",
    "MultiRegion", "Origin", "SigningAlgorithm", "MessageType", "MacAlgorithm", "ExpirationModel",
    "RotationPeriodInDays", "KeyMaterialId", "WrappingAlgorithm", "WrappingKeySpec",
    # SSM / Secrets Manager / generic names
    "Name", "Names", "Type", "Overwrite", "WithDecryption", "Tier", "SecretId", "VersionId", "VersionStage",
    # S3
    "Bucket", "Key", "ServerSideEncryption", "SSEKMSKeyId", "BucketKeyEnabled",
    # EC2
    "ImageId", "SourceImageId", "SourceRegion", "Encrypted", "KmsKeyId", "SnapshotId", "VolumeId",
    "Attribute", "OperationType", "UserIds", "MinCount", "MaxCount", "InstanceType", "AvailabilityZone",
    # IAM / STS
    "RoleArn", "RoleName", "RoleSessionName", "UserName", "PolicyArn", "PolicyName",
})
"""Request parameters safe to record for any operation (identifiers and settings, never values)."""

SECRET_PARAMETERS = frozenset({
    "Plaintext", "CiphertextBlob", "Value", "SecretString", "SecretBinary", "EncryptedKeyMaterial",
    "ImportToken", "Body", "SSECustomerKey", "SSECustomerKeyMD5", "Message", "Signature", "Mac",
    "Environment", "UserData", "PublicKey", "GrantTokens",
})
"""Parameters that carry secrets or data: recorded as present, never by value."""

_RESPONSE_SUFFIXES = ("Id", "Arn", "ARN", "Url", "Name")
_READ_ONLY = ("Get", "Describe", "List", "Decrypt", "Verify")
_OPAQUE_RESPONSES = frozenset({
    # KMS cryptographic operations: CloudTrail records ``responseElements: null``.
    "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
    "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateRandom", "Sign", "Verify",
    "GenerateMac", "VerifyMac",
})

_frame: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("iacsim_audit_frame", default=None)
_captures: contextvars.ContextVar[tuple[list[dict[str, Any]], ...]] = contextvars.ContextVar(
    "iacsim_audit_captures", default=())
_paused: contextvars.ContextVar[bool] = contextvars.ContextVar("iacsim_audit_paused", default=False)


class AuditLog:
    """The records of one simulated cloud, in call order (across all accounts)."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self._sequence = 0
        # Ids unique to this log (a random UUID prefix and a counter); flows replace them with ids derived
        # from the flow, so reports stay identical from run to run. Formatting an int is far cheaper than
        # hashing a name for every call (the simulator's hot path).
        self._prefix = str(uuid.uuid4())[:24]  # "xxxxxxxx-xxxx-xxxx-xxxx-": the last group counts calls
        self._time_cache: tuple[Any, str] | None = None

    def next_id(self) -> str:
        self._sequence += 1
        return f"{self._prefix}{self._sequence:012x}"

    def timestamp(self, now: Any) -> str:
        """``eventTime`` (ISO 8601, UTC, seconds), formatted once per simulated instant."""
        cached = self._time_cache
        if cached is None or cached[0] != now:
            cached = (now, now.strftime("%Y-%m-%dT%H:%M:%SZ"))
            self._time_cache = cached
        return cached[1]

    def for_account(self, account: str) -> list[dict[str, Any]]:
        """What the trail of ``account`` would hold (its ``recipientAccountId`` records)."""
        return [e for e in self.events if e["recipientAccountId"] == account]


@contextmanager
def capture() -> Iterator[list[dict[str, Any]]]:
    """Collect the records made inside the block (by any cloud), in order."""
    got: list[dict[str, Any]] = []
    token = _captures.set((*_captures.get(), got))
    try:
        yield got
    finally:
        _captures.reset(token)


@contextmanager
def paused() -> Iterator[None]:
    """Record nothing inside the block (setup calls that are not part of a replay)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def enter_call() -> tuple[set[str], contextvars.Token[set[str] | None]]:
    """Open the frame of one call: the set :func:`note_resource_account` fills with the accounts whose
    resources the call reached, and the token :func:`leave_call` restores the caller's frame with (a
    nested call, KMS under SSM, has its own frame). Two plain calls rather than a context manager: this
    runs for every simulated call."""
    accounts: set[str] = set()
    return accounts, _frame.set(accounts)


def leave_call(token: contextvars.Token[set[str] | None]) -> None:
    _frame.reset(token)


def note_resource_account(account: str | None) -> None:
    """Called by the authorizer: the current call touches a resource owned by ``account``."""
    frame = _frame.get()
    if frame is not None and account:
        frame.add(account)


_LOWER: dict[str, str] = {}


def _lower_first(name: str) -> str:
    lowered = _LOWER.get(name)
    if lowered is None:
        lowered = _LOWER[name] = name[:1].lower() + name[1:]
    return lowered


def recordable(record: Iterable[str] = ()) -> frozenset[str]:
    """The parameters an operation may record by value: the safe list plus the operation's own."""
    return SAFE_PARAMETERS.union(record)


def request_parameters(params: Mapping[str, Any], allowed: frozenset[str] = SAFE_PARAMETERS) -> dict[str, Any] | None:
    """CloudTrail's ``requestParameters``: safe parameters by value, secret ones hidden, others left out."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        if name in SECRET_PARAMETERS:
            out[_lower_first(name)] = HIDDEN
        elif name in allowed:
            out[_lower_first(name)] = value if isinstance(value, str) else _plain(value)
    return out or None


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return HIDDEN
    if isinstance(value, Mapping):
        return {str(k): v if isinstance(v, str) else _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def response_elements(operation: str, response: Any) -> dict[str, Any] | None:
    """Identifiers from the response (``KeyId``, ``Arn``, ``Name``…); null for KMS cryptographic calls."""
    if operation in _OPAQUE_RESPONSES or not isinstance(response, Mapping):
        return None
    out: dict[str, Any] = {}
    for name, value in response.items():
        if isinstance(value, Mapping):
            inner = {_lower_first(k): v for k, v in value.items()
                     if isinstance(v, str) and k.endswith(_RESPONSE_SUFFIXES) and k not in SECRET_PARAMETERS}
            if inner:
                out[_lower_first(name)] = inner
        elif isinstance(value, str) and name.endswith(_RESPONSE_SUFFIXES) and name not in SECRET_PARAMETERS:
            out[_lower_first(name)] = value
    return out or None


def _service_host(host: str) -> str:
    """``ssm.us-east-1.amazonaws.com`` → ``ssm.amazonaws.com`` (CloudTrail's ``invokedBy`` form)."""
    service = host.split(".", 1)[0]
    return f"{service}.amazonaws.com"


def user_identity(client: BaseClient) -> dict[str, Any]:
    """CloudTrail's ``userIdentity`` for the client's caller."""
    caller = client.caller
    p = caller.principal
    identity: dict[str, Any]
    if p.kind == "service":
        identity = {"type": "AWSService", "invokedBy": _service_host(p.name)}
    elif p.kind == "root":
        identity = {"type": "Root", "principalId": p.account, "arn": p.arn, "accountId": p.account}
    elif p.kind == "user":
        identity = {"type": "IAMUser", "arn": p.arn, "accountId": p.account, "userName": p.name}
    else:
        role_arn = str(Arn.iam_role(p.partition, p.account, p.name))
        session = p.session_name or "iacsim-replay"
        identity = {
            "type": "AssumedRole",
            "arn": p.arn if p.kind == "assumed-role" else
            str(Arn(p.partition, "sts", "", p.account, f"assumed-role/{p.name}/{session}")),
            "accountId": p.account,
            "sessionContext": {"sessionIssuer": {"type": "Role", "arn": role_arn, "accountId": p.account,
                                                 "userName": p.name}},
        }
    if caller.via_service is not None and p.kind != "service":
        identity["invokedBy"] = _service_host(caller.via_service)
    return identity


def record(client: BaseClient, operation: str, params: Mapping[str, Any], *, response: Any = None,
           error: tuple[str, str] | None = None, reached: Iterable[str] = (),
           allowed: frozenset[str] = SAFE_PARAMETERS) -> list[dict[str, Any]]:
    """Append the CloudTrail records of one call to its cloud's log (one per account it reached)."""
    if _paused.get():
        return []
    cloud = client.cloud
    log: AuditLog = cloud.audit
    caller = client.caller
    own = caller.principal.account or caller.source_account or ""
    others = sorted(a for a in reached if a and a != own)
    identity = client.__dict__.get("_audit_identity")
    if identity is None:  # a client's caller never changes: build its userIdentity and source once
        identity = user_identity(client)
        service_made = identity["type"] == "AWSService" or caller.via_service is not None
        client.__dict__["_audit_identity"] = identity
        client.__dict__["_audit_source"] = (
            identity.get("invokedBy", "AWS Internal") if service_made else "iacsim-simulated-client",
            identity.get("invokedBy", "iacsim"),
        )
    source_ip, user_agent = client.__dict__["_audit_source"]
    base: dict[str, Any] = {
        "eventVersion": "1.08",
        "userIdentity": identity,
        "eventTime": log.timestamp(cloud.clock.now()),
        "eventSource": f"{client.service_name}.amazonaws.com",
        "eventName": operation,
        "awsRegion": client.region if client.region != "global" else "us-east-1",
        "sourceIPAddress": source_ip,
        "userAgent": user_agent,
        "requestParameters": request_parameters(params, allowed),
        "responseElements": None if error is not None else response_elements(operation, response),
    }
    if error is not None:
        base["errorCode"], base["errorMessage"] = error
    base["requestID"] = log.next_id()
    base["readOnly"] = operation.startswith(_READ_ONLY)
    base["eventType"] = "AwsApiCall"
    base["managementEvent"] = True
    base["eventCategory"] = "Management"
    if not others:  # the common case: one record, delivered to the caller's account
        base["eventID"] = log.next_id()
        base["recipientAccountId"] = own
        made = [base]
    else:
        shared = log.next_id()
        made = [dict(base, eventID=log.next_id(), recipientAccountId=account, sharedEventID=shared)
                for account in sorted({own, *others} - {""})]
    log.events.extend(made)
    for sink in _captures.get():
        sink.extend(made)
    return made
