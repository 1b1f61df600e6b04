"""Secrets kept in code: ciphertext committed or produced by Terraform, CloudFormation dynamic
references, and secrets written into EC2 user data.

No plaintext is ever stored here: for ``aws_kms_ciphertext`` only that a plaintext exists and its
length; for user data only its shape (length, which secret patterns matched, the *names* of the
variables that look like secrets). A committed ciphertext (``data "aws_kms_secrets"``) is kept in a
private field the JSON form and the schema skip: it is already in the repository, and the
code-secret flow needs it to replay the Decrypt.

Sources:
* Terraform ``aws_kms_ciphertext``
  (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_ciphertext):
  "the plaintext … will be stored in the state file".
* Terraform ``data "aws_kms_secrets"``
  (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/kms_secrets):
  ``secret { name, payload (base64 ciphertext), context, grant_tokens, key_id, encryption_algorithm }``.
* CloudFormation dynamic references
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html and the
  ``ssm``, ``ssm-secure`` and ``secretsmanager`` pages under it).
* EC2 user data (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html): readable by
  anyone who can call DescribeInstanceAttribute and by every process on the instance through IMDS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from iacsim.model.base import ServiceObject
from iacsim.model.ids import Address, Ref
from iacsim.values import Unknown

Context = Mapping[str, str | Unknown]
"""A KMS encryption context (values may be unknown)."""


@dataclass(frozen=True)
class PlaintextShape:
    """That a plaintext is given, never the plaintext."""

    present: bool
    """Whether the code sets a plaintext at all."""
    known: bool = False
    """Whether it is known statically (a literal, or a variable with a default)."""
    length_bytes: int | None = None
    """UTF-8 length when known (KMS Encrypt takes at most 4096 bytes)."""


@dataclass(frozen=True, kw_only=True)
class KmsCiphertext(ServiceObject):
    """``aws_kms_ciphertext``: Terraform encrypts a plaintext given in code with a KMS key at apply.

    The resulting ``ciphertext_blob`` is stable, and the plaintext is stored in the Terraform state.
    """

    key: Ref
    """``key_id``: key id, ARN, alias name or alias ARN."""
    context: Context | Unknown | None = None
    """``context``: the encryption context the blob is bound to (None when not given)."""
    plaintext: PlaintextShape = field(default_factory=lambda: PlaintextShape(present=False))
    """Presence and length of ``plaintext``; never the value."""


BlobEncoding = Literal["base64", "invalid-base64", "unknown"]


@dataclass(frozen=True, kw_only=True)
class CommittedCiphertext(ServiceObject):
    """One ``secret`` block of ``data "aws_kms_secrets"``: a ciphertext committed to the repository,
    decrypted by Terraform (as the deploying principal) on every plan."""

    name: str | Unknown
    """``name``: the key the plaintext is exported under in ``plaintext``."""
    key: Ref | None = None
    """``key_id`` when given (required by KMS only for asymmetric keys); None: the key named in the
    ciphertext."""
    context: Context | Unknown | None = None
    """``context``: must equal the context the blob was encrypted with."""
    encryption_algorithm: str | Unknown | None = None
    """``encryption_algorithm`` (SYMMETRIC_DEFAULT unless the key is asymmetric)."""
    grant_tokens: tuple[str | Unknown, ...] | Unknown = ()
    """``grant_tokens``."""
    encoding: BlobEncoding = "unknown"
    """Whether ``payload`` is valid base64 (``unknown`` when it is not known statically)."""
    length_bytes: int | None = None
    """Length of the decoded ciphertext when known."""
    _payload: str | Unknown | None = field(default=None, repr=False, compare=False)
    """The base64 ciphertext as committed (private: not in JSON output; the flow replays it)."""


ReferenceService = Literal["ssm", "ssm-secure", "secretsmanager"]


@dataclass(frozen=True, kw_only=True)
class CfnDynamicReference(ServiceObject):
    """A CloudFormation dynamic reference ``{{resolve:service:reference-key}}`` in a resource property."""

    resource: Address
    """Address of the resource whose property holds the reference (also ``address``)."""
    resource_type: str
    """That resource's type (``AWS::RDS::DBInstance``)."""
    property_path: tuple[str, ...]
    """Property path without list indexes (``("LoginProfile", "Password")``), as CloudFormation names
    it in its error message."""
    service: str
    """``ssm``, ``ssm-secure``, ``secretsmanager`` (anything else is written as found)."""
    reference: str
    """The reference as written (names a parameter or secret, never holds a value); a deploy-time value
    inside it is shown as ``${<address>.<attribute>}``."""
    target: str | Unknown
    """Parameter name, or secret id (name or ARN); Unknown (naming the resource when it is one in the
    template, ``ref="stack.yaml#Resources/Secret.Ref"``) when written with a deploy-time value
    (``{{resolve:secretsmanager:${Secret}:SecretString:password}}``)."""
    version: str | None = None
    """Parameter version (``ssm``/``ssm-secure``) or secret ``version-id``."""
    json_key: str | None = None
    """``secretsmanager``: the JSON key selected from the secret string."""
    version_stage: str | None = None
    """``secretsmanager``: the version stage (AWSCURRENT when neither stage nor id is given)."""


UserDataEncoding = Literal["plain", "base64", "gzip", "invalid-base64", "unknown"]


@dataclass(frozen=True, kw_only=True)
class UserDataShape(ServiceObject):
    """The shape of an instance's or launch template's user data; never the user data."""

    target: Address
    """The instance or launch template it belongs to (also ``address``)."""
    attribute: str
    """Which argument carries it (``user_data``, ``user_data_base64``, ``UserData``,
    ``LaunchTemplateData.UserData``)."""
    known: bool
    """Whether its text is known statically."""
    encoding: UserDataEncoding = "plain"
    """How it is written: ``plain`` text, ``base64``, ``gzip`` (base64 of gzip, decompressed to inspect),
    ``invalid-base64`` (an argument that must be base64 is not; its text is read as written), ``unknown`` (not
    known statically)."""
    length_bytes: int | None = None
    """Decoded length when known."""
    secret_signals: tuple[str, ...] = ()
    """Secret patterns its text matched (``aws-access-key-id``, ``pem-private-key``, ``high-entropy``…)."""
    secret_names: tuple[str, ...] = ()
    """Names of variables or settings assigned a literal that look like secrets (``DB_PASSWORD``):
    names only, never the values."""
    fetches_secret: bool = False
    """Whether it fetches secrets at boot (``aws ssm get-parameter --with-decryption``,
    ``aws secretsmanager get-secret-value``) rather than carrying them."""
