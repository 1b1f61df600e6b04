"""How SNS and SQS use a KMS key for server-side encryption (shared by both services).

Both services use envelope encryption with a data key they get from KMS *as the producer*
(the principal calling Publish/SendMessage, or the AWS service principal delivering an event),
through the service (``kms:ViaService = sns|sqs.<region>.amazonaws.com``):

* SQS: "the producer's next call to SendMessage … triggers calls to kms:GenerateDataKey and
  kms:Decrypt. The call to kms:Decrypt is to verify the integrity of the new data key before using
  it"; a consumer's ReceiveMessage triggers ``kms:Decrypt``. Encryption context
  ``{"aws:sqs:arn": <queue ARN>}``.
  https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
* SNS: "The publisher must have the kms:GenerateDataKey and kms:Decrypt permissions"; AWS service
  event sources need ``kms:GenerateDataKey*`` and ``kms:Decrypt`` for their service principal in the
  key policy, on a customer managed key. Encryption context ``{"aws:sns:topicArn": <topic ARN>}``
  (the condition key ``kms:EncryptionContext:aws:sns:topicArn`` AWS's service guides use).
  https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html

The data key reuse period (SQS 60 s–24 h, SNS 5 min) is not simulated: every message asks KMS, so a
permission problem shows on the first message instead of after the cache expires.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from iacsim.aws.arn import Arn
from iacsim.sim.errors import (
    ClientError,
    CodedError,
    InternalError,
    KmsAccessDenied,
    KMSAccessDeniedException,
    KmsDisabled,
    KMSDisabledException,
    KmsInvalidKeyUsage,
    KmsInvalidState,
    KMSInvalidStateException,
    KmsNotFound,
    KMSNotFoundException,
)

_MAGIC: Final = b"iacsim-sse-1"


@dataclass(frozen=True)
class SealedMessage:
    """A message body as the service stores it: never the plaintext when a key is set."""

    envelope: bytes
    """magic | u16 length | KMS data-key blob | 12-byte nonce | AES-256-GCM ciphertext+tag (AAD = resource ARN)."""

    def __repr__(self) -> str:
        return f"SealedMessage({len(self.envelope)} bytes)"


def key_arn(partition: str, region: str, account: str, key_ref: str) -> str:
    """The full ARN of ``key_ref`` (key id, key ARN, alias name or alias ARN) in the resource's account+region.

    The services resolve the key in the topic's/queue's account; an AWS service principal calling KMS has
    no account of its own, so it must name the key by ARN.
    """
    if key_ref.startswith("arn:"):
        return key_ref
    if key_ref.startswith("alias/"):
        return str(Arn.kms_alias(partition, region, account, key_ref))
    return str(Arn.kms_key(partition, region, account, key_ref))


def managed_alias(key_ref: str, service: str) -> bool:
    """Whether ``key_ref`` names the AWS managed key ``alias/aws/<service>`` (by alias or alias ARN)."""
    return key_ref == f"alias/aws/{service}" or key_ref.endswith(f":alias/aws/{service}")


def seal(kms: Any, key: str, context: dict[str, str], body: str, aad: str,
         failure: type[KmsFailure]) -> SealedMessage:
    """GenerateDataKey + Decrypt (integrity check of the new data key) + local AES-256-GCM."""
    try:
        data_key = kms.generate_data_key(KeyId=key, KeySpec="AES_256", EncryptionContext=context)
    except ClientError as error:
        raise failure.from_kms(error) from None
    try:
        kms.decrypt(CiphertextBlob=data_key["CiphertextBlob"], EncryptionContext=context, KeyId=key)
    except ClientError as error:
        raise failure.from_kms(error) from None
    nonce = os.urandom(12)
    sealed = AESGCM(data_key["Plaintext"]).encrypt(nonce, body.encode(), aad.encode())
    wrapped: bytes = data_key["CiphertextBlob"]
    return SealedMessage(_MAGIC + struct.pack(">H", len(wrapped)) + wrapped + nonce + sealed)


def unseal(kms: Any, message: SealedMessage, context: dict[str, str], aad: str,
           failure: type[KmsFailure]) -> str:
    """kms:Decrypt of the data key, then AES-256-GCM."""
    body = message.envelope[len(_MAGIC):]
    (length,) = struct.unpack(">H", body[:2])
    wrapped, nonce, sealed = body[2:2 + length], body[2 + length:14 + length], body[14 + length:]
    try:
        data_key: bytes = kms.decrypt(CiphertextBlob=wrapped, EncryptionContext=context)["Plaintext"]
    except ClientError as error:
        raise failure.from_kms(error) from None
    try:
        return AESGCM(data_key).decrypt(nonce, sealed, aad.encode()).decode()
    except InvalidTag:
        raise InternalError("The stored message could not be decrypted.") from None


class KmsFailure:
    """Maps a KMS error to the calling service's error code and wording (subclassed per service); KMS's own
    explanation follows in parentheses, as the services quote it."""

    codes: ClassVar[Mapping[str, tuple[type[CodedError], str]]] = {}
    default: ClassVar[tuple[type[CodedError], str]]

    @classmethod
    def from_kms(cls, error: ClientError) -> CodedError:
        code = error.response["Error"]["Code"]
        message = error.response["Error"]["Message"]
        mapped, wording = cls.codes.get(code, cls.default)
        return mapped(f"{wording} ({message}; Service: AWSKMS; Status Code: 400; Error Code: {code})")


_SQS_STATE = (KmsInvalidState,
              "The request was rejected because the state of the specified resource is not valid for this request.")
_SQS_USAGE = (KmsInvalidKeyUsage,
              "The request was rejected for one of the following reasons: the KeyUsage value of the KMS key is "
              "incompatible with the API operation, or the encryption algorithm or signing algorithm specified for "
              "the operation is incompatible with the type of key material in the KMS key (KeySpec).")


class SqsKmsFailure(KmsFailure):
    """SQS API reference, SendMessage/ReceiveMessage errors (``KmsAccessDenied`` … ``KmsThrottled``), with their
    codes ``KMS.AccessDeniedException``, ``KMS.DisabledException``, ``KMS.InvalidKeyUsageException``,
    ``KMS.InvalidStateException``, ``KMS.NotFoundException`` and AWS's descriptions."""

    codes: ClassVar[Mapping[str, tuple[type[CodedError], str]]] = {
        "AccessDeniedException": (KmsAccessDenied, "The caller doesn't have the required KMS access."),
        "DisabledException": (KmsDisabled,
                              "The request was rejected because the specified key is disabled."),
        "InvalidKeyUsageException": _SQS_USAGE,
        "KMSInvalidStateException": _SQS_STATE,
        "NotFoundException": (KmsNotFound,
                              "The request was rejected because the specified entity or resource could not be found."),
        "InvalidCiphertextException": _SQS_USAGE,
        "IncorrectKeyException": _SQS_USAGE,
    }
    default: ClassVar[tuple[type[CodedError], str]] = _SQS_STATE


_SNS_STATE = (KMSInvalidStateException,
              "The request was rejected because the state of the specified resource isn't valid for this request.")


class SnsKmsFailure(KmsFailure):
    """SNS Publish errors, with the wording of the SNS developer guide ("AWS KMS errors"): ``KMSAccessDeniedException``,
    ``KMSDisabledException``, ``KMSInvalidStateException``, ``KMSNotFoundException``."""

    codes: ClassVar[Mapping[str, tuple[type[CodedError], str]]] = {
        "AccessDeniedException": (KMSAccessDeniedException,
                                  "The ciphertext references a key that doesn't exist or that you don't have access to."),
        "DisabledException": (KMSDisabledException,
                              "The request was rejected because the specified KMS isn't enabled."),
        "KMSInvalidStateException": _SNS_STATE,
        "NotFoundException": (KMSNotFoundException,
                              "The request was rejected because the specified entity or resource can't be found."),
        "InvalidKeyUsageException": _SNS_STATE,
        "InvalidCiphertextException": (KMSAccessDeniedException,
                                       "The ciphertext references a key that doesn't exist or that you don't have "
                                       "access to."),
    }
    default: ClassVar[tuple[type[CodedError], str]] = _SNS_STATE
