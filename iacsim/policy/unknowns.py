"""Values of a policy that are not known before apply, and how they travel as JSON.

docs/architecture.md §4: "Evaluation is three-valued per statement and per principal entry: one
unknown value blanks out only what it can change." A policy document may hold an
:class:`iacsim.values.Unknown` wherever JSON has a value (a principal entry, an action, a
resource, a condition value, an Effect, a whole statement). Policies reach the simulator as JSON
text (boto3's ``Policy=`` strings), so an Unknown is written there as a *marker object*
``{"iacsim:unknown": reason, "ref": address}`` — a shape no AWS policy element accepts, so it can
never be mistaken for a real value — and the compiler reads it back as the Unknown it was.
"""

from __future__ import annotations

import json
from typing import Any

from iacsim.values import Unknown

MARKER = "iacsim:unknown"
"""The key of the object standing for an Unknown inside policy JSON text."""


def encode_unknown(value: Unknown) -> dict[str, str]:
    """The marker object for ``value``."""
    marker = {MARKER: value.reason}
    if value.ref:
        marker["ref"] = value.ref
    return marker


def decode_unknown(value: Any) -> Unknown | None:
    """The Unknown a value stands for (an Unknown itself or its marker object), else None."""
    if isinstance(value, Unknown):
        return value
    if type(value) is dict and MARKER in value:
        ref = value.get("ref")
        return Unknown(str(value[MARKER]), ref if isinstance(ref, str) else None)
    return None


def _default(value: object) -> object:
    if isinstance(value, Unknown):
        return encode_unknown(value)
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def policy_json(document: Any, **dumps: Any) -> str:
    """JSON text of a policy document, its Unknowns written as marker objects."""
    return json.dumps(document, default=_default, **dumps)


UNDOCUMENTED = "undocumented by AWS"
"""The ``ref`` of an Unknown that stands for AWS behaviour its documentation does not give (not for a
value missing before apply): reasons then say what is undocumented instead of "not known before apply"."""


def describe_unknown(part: str, value: Unknown) -> str:
    """How a reason names an unknown part: ``principal data.aws_caller_identity.current.arn is not
    known before apply (data source ... reads live infrastructure)``."""
    if value.ref == UNDOCUMENTED:
        return f"{part}: {value.reason}" if part else value.reason
    if not part:  # the whole statement
        return (f"is not known before apply ({value.ref}: {value.reason})" if value.ref
                else f"is not known before apply: {value.reason}")
    if value.ref:
        return f"{part} {value.ref} is not known before apply ({value.reason})"
    return f"{part} is not known before apply: {value.reason}"
