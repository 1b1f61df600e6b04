"""Server-side encryption of S3 object bodies with real cryptography.

* SSE-S3: AES-256-GCM under the bucket's S3 managed key.
* SSE-KMS: S3 calls ``kms:GenerateDataKey`` (PUT) / ``kms:Decrypt`` (GET) as the requester, with
  ``kms:ViaService = s3.<region>.amazonaws.com`` and encryption context ``aws:s3:arn`` = object ARN
  (bucket ARN with S3 Bucket Keys); the body is sealed under the data key.
  ("Using server-side encryption with AWS KMS keys (SSE-KMS)", encryption context section:
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html)
* DSSE-KMS: the SSE-KMS layer plus an independent second layer under S3's own key; Bucket Keys do
  not apply ("Using dual-layer server-side encryption with AWS KMS keys (DSSE-KMS)").
* SSE-C: AES-256-GCM under the customer's key, which S3 does not keep.

Every body is authenticated with the object ARN as additional data, so a body copied to another key
or bucket without re-encryption does not decrypt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iacsim.sim.errors import AccessDenied, AwsError, ClientError, InternalError, aws_error
from iacsim.sim.s3.backend import seal, unseal


def kms_error(error: ClientError) -> AwsError:
    """How S3 reports a failed KMS call: a denial is S3's ``AccessDenied`` (403) carrying KMS's
    message; other KMS errors keep their code behind a ``KMS.`` prefix (e.g. ``KMS.DisabledException``,
    ``KMS.NotFoundException``), which is what S3 returns."""
    code = error.response["Error"]["Code"]
    message = error.response["Error"]["Message"]
    if code == "AccessDeniedException":
        return AccessDenied(message)
    return aws_error(f"KMS.{code}", message)


@dataclass(frozen=True)
class KmsSealed:
    key_arn: str
    data_key_blob: bytes = field(repr=False)
    sealed: bytes = field(repr=False)


def kms_seal(kms: Any, key_id: str, context: dict[str, str], body: bytes, aad: bytes) -> KmsSealed:
    """GenerateDataKey through ``kms`` (a client S3 uses on someone's behalf), then seal ``body``."""
    try:
        response = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext=context)
    except ClientError as error:
        raise kms_error(error) from None
    return KmsSealed(response["KeyId"], response["CiphertextBlob"], seal(response["Plaintext"], body, aad))


def kms_data_key(kms: Any, data_key_blob: bytes, context: dict[str, str]) -> bytes:
    """Decrypt an object's data key (raises ClientError from KMS unchanged)."""
    plaintext: bytes = kms.decrypt(CiphertextBlob=data_key_blob, EncryptionContext=context)["Plaintext"]
    return plaintext


def open_sealed(key: bytes, sealed: bytes, aad: bytes, what: str) -> bytes:
    body = unseal(key, sealed, aad)
    if body is None:
        # Only reachable if simulator state was tampered with: S3 itself never mixes keys.
        raise InternalError(f"The stored body of {what} failed authentication.", 500)
    return body
