"""Shared helpers for seeding: policy text, and running a create call that may fail as AWS would."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from iacsim.flows.seed import SeededCloud
from iacsim.model.base import Policy
from iacsim.policy.unknowns import policy_json
from iacsim.sim import ClientError, Undecidable
from iacsim.values import Unknown

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
        return policy.document
    document = seeded.resolve(policy.document) if seeded is not None else policy.document
    return policy_json(document)


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
