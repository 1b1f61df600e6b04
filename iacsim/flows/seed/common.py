"""Shared helpers for seeding: policy text, and running a create call that may fail as AWS would."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from iacsim.flows.placement import placement_problem
from iacsim.flows.seed import SeededCloud
from iacsim.flows.seed.patterns import undecided_pattern
from iacsim.model.base import ModelObject, Policy
from iacsim.policy.unknowns import policy_json
from iacsim.sim import ClientError, Undecidable
from iacsim.values import Unknown, unknown_because

T = TypeVar("T")


def policy_text(policy: Policy | None, seeded: SeededCloud | None = None) -> str | Unknown | None:
    """JSON text of a model policy; None when absent; Unknown when the whole document is not known.

    With ``seeded``, references to objects already created (a key ARN known only after apply) are
    replaced by their simulated values first. A value still unknown inside (an ARN read from
    ``data.aws_caller_identity``, an object outside the scan) is written as the policy evaluator's
    marker: the object is created, and only the decisions that value could change are ``unknown``
    (docs/architecture.md §4).
    """
    if policy is None:
        return None
    if isinstance(policy.document, Unknown):
        return _stand_in_text(policy.document, seeded)
    document = seeded.resolve(policy.document) if seeded is not None else policy.document
    # stand-in names are in (seeded.resolve renders them); what is still unknown becomes the evaluator's marker
    return _decided(document, policy_json(document), seeded)


def _decided(document: Any, text: str, seeded: SeededCloud | None) -> str | Unknown:
    """``text``, unless a pattern in the policy would need a name the scan does not know."""
    why = undecided_pattern(document, seeded.unknown_names) if seeded is not None else None
    return Unknown(why, _NEEDS_REAL_NAME) if why is not None else text


_NEEDS_REAL_NAME = "<a name known only after apply>"
"""The ref of a policy that is unknown only because a pattern in it needs a real name."""


def why_policy_unknown(text: object, default: str) -> str:
    """What to record for a policy :func:`policy_text` could not give: the pattern that needs a real name (so
    the verdict says which name to supply), else ``default`` with the variable or parameter the document is
    missing and the option that supplies it, when one does (``--var dest_account=…``)."""
    if not isinstance(text, Unknown):
        return default
    return text.reason if text.ref == _NEEDS_REAL_NAME else default + unknown_because(text)


def attempt(seeded: SeededCloud, address: str, call: Callable[[], T]) -> T | None:
    """Run a create call; an AWS error is recorded against the model object (the apply would fail too)."""
    try:
        return call()
    except ClientError as exc:
        if address not in seeded.failed:
            seeded.failed[address] = f"{exc.response['Error']['Code']}: {exc.response['Error']['Message']}"
            seeded.error_codes[address] = exc.response["Error"]["Code"]
    except (NotImplementedError, ValueError) as exc:
        seeded.unknown.setdefault(address, f"not simulated: {exc}")
    except Undecidable as exc:  # whether the apply succeeds depends on what the scan does not know
        seeded.unknown.setdefault(address, exc.reason)
    return None


def _stand_in_text(document: Unknown, seeded: SeededCloud | None) -> str | Unknown:
    """A policy written as text with unknown names in it (a heredoc naming ``${local.bucket_name}``): the
    same text with the stand-in names the replay gave those objects, when that is valid JSON."""
    if seeded is None or document.template is None:
        return document
    text = seeded.stand_in(document.template)
    if text is None:
        return document
    try:
        parsed = json.loads(text)
    except ValueError:
        return document
    return _decided(parsed, text, seeded)


def unplaceable(seeded: SeededCloud, obj: ModelObject) -> bool:
    """Whether ``obj`` cannot be created because its account or Region is not known or not simulated
    (recorded in :attr:`SeededCloud.unknown`, so the flows touching it say ``unknown`` and why)."""
    why = placement_problem(obj)
    if why is not None:
        seeded.unknown.setdefault(obj.address, why)
    return why is not None
