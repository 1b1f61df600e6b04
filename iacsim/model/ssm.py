"""SSM Parameter Store parameters.

The parameter *value* is never stored in the model: only whether one is
present and a non-reversible summary of its shape (length, whether it looks
like a secret), so rules can flag secrets kept in ``String`` parameters
without any output ever containing the value. Sources: AWS Systems Manager
user guide "Parameter Store" and API PutParameter; Terraform
``aws_ssm_parameter``; CloudFormation ``AWS::SSM::Parameter``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from iacsim.model.base import ModelObject, Policy, Tags
from iacsim.model.ids import Arn, Ref
from iacsim.model.slot import Slot
from iacsim.values import Unknown

ValueAttribute = Literal["value", "insecure_value", "value_wo", "Value"]


@dataclass(frozen=True)
class ValueShape:
    """A non-reversible summary of a parameter value (the value itself is dropped at translation)."""

    present: bool
    """Whether the code sets a value at all (even one not known statically)."""
    known: bool = False
    """Whether the value is known statically (so length and shape could be measured)."""
    attribute: ValueAttribute | None = None
    """Which argument carries it: ``value``, ``insecure_value``, ``value_wo`` (Terraform) or ``Value`` (CFN)."""
    length_bytes: int | None = None
    """UTF-8 length of the value when known (tier size limits: Standard 4 KB, Advanced 8 KB)."""
    looks_like_secret: bool | None = None
    """Heuristic: the value looks like a credential (key/token patterns, PEM, high entropy); None if unknown."""
    secret_signals: tuple[str, ...] = ()
    """Why it looks like a secret (pattern names such as ``aws-access-key-id``, ``pem-private-key``,
    ``high-entropy``); never the value or a fragment of it."""
    identifier: bool = False
    """The known value is an identifier (a key id, an ARN, an alias, a parameter name, a number) or a value
    iacsim made up (a name from a derived stack name), not a secret whatever the parameter is called."""


@dataclass(frozen=True, kw_only=True)
class SsmParameter(ModelObject):
    """A Parameter Store parameter (``aws_ssm_parameter`` / ``AWS::SSM::Parameter``)."""

    stored_in = Slot("region", "parameters")

    name: str | Unknown
    """Parameter name (``/prod/db/password``)."""
    arn: Arn | Unknown
    """Parameter ARN ``arn:aws:ssm:<region>:<account>:parameter/<name without leading slash>``."""
    type: str | Unknown
    """``String``, ``StringList`` or ``SecureString`` (as written; AWS rejects others)."""
    tier: str | Unknown = "Standard"
    """``Standard``, ``Advanced`` or ``Intelligent-Tiering`` (Terraform and AWS default Standard)."""
    key: Ref | None = None
    """KMS key for SecureString (``key_id``: id, ARN or alias); None means ``alias/aws/ssm``."""
    data_type: str | Unknown = "text"
    """``text``, ``aws:ec2:image`` or ``aws:ssm:integration``."""
    allowed_pattern: str | Unknown | None = None
    """Regular expression values must match."""
    description: str | Unknown | None = None
    """Description."""
    policies: Policy | None = None
    """Parameter policies (a JSON array: Expiration, ExpirationNotification, NoChangeNotification)."""
    value: ValueShape = field(default_factory=lambda: ValueShape(present=False))
    """Presence and shape of the value; never the value."""
    overwrite: bool | Unknown | None = None
    """Terraform ``overwrite`` (deprecated) when set."""
    tags: Tags = field(default_factory=dict)
    """Tags."""
