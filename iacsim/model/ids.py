"""Typed identifiers used across the model.

``NewType`` keeps ids apart in the type checker (a :data:`KeyId` is not an
:data:`Arn`) at no runtime cost. References between model objects are
:data:`Ref` values: the string as written in the code (an ARN, key id, alias
name, bucket name, role name…) or an :class:`~iacsim.values.Unknown` whose
``ref`` names the address it came from (``aws_kms_key.db.arn``). Resolve them
with the ``World.find_*`` methods, never by string comparison in rules.
"""

from __future__ import annotations

from typing import NewType

from iacsim.values import Unknown

AccountId = NewType("AccountId", str)
"""A 12-digit AWS account id, or :data:`UNKNOWN_ACCOUNT`."""

Region = NewType("Region", str)
"""An AWS region name such as ``us-east-1``, or :data:`UNKNOWN_REGION`; IAM objects use ``global``."""

Arn = NewType("Arn", str)
"""An Amazon Resource Name."""

KeyId = NewType("KeyId", str)
"""A KMS key id: a UUID, or ``mrk-`` + 32 hex digits for multi-region keys."""

Address = NewType("Address", str)
"""The IaC address of the resource an object came from (``module.kms.aws_kms_key.this[0]``,
``stack.yaml#Resources/Key``)."""

Ref = str | Unknown
"""A reference to another object as written in the code; resolve with ``World.find_*``."""

UNKNOWN_ACCOUNT = AccountId("unknown")
"""Index key for objects whose account could not be determined (see ``placement_unknown``)."""

UNKNOWN_REGION = Region("unknown")
"""Index key for objects whose region could not be determined (see ``placement_unknown``)."""

GLOBAL_REGION = Region("global")
"""Region of global services' objects (IAM)."""
