"""Shared helpers for seeding: policy text, and running a create call that may fail as AWS would."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

from iacsim.flows.placement import placement_problem
from iacsim.flows.seed import SeededCloud
from iacsim.model.base import ModelObject, Policy
from iacsim.sim import ClientError
from iacsim.values import Unknown, first_unknown

T = TypeVar("T")


def policy_text(policy: Policy | None, seeded: SeededCloud | None = None) -> str | Unknown | None:
    """JSON text of a model policy; None when absent; Unknown when not statically known.

    With ``seeded``, references to objects already created (a key ARN known only after apply) are
    replaced by their simulated values first.
    """
    if policy is None:
        return None
    if isinstance(policy.document, Unknown):
        return policy.document
    document = seeded.resolve(policy.document) if seeded is not None else policy.document
    nested = first_unknown(document)
    if nested is not None:  # e.g. a Resource ARN of an object outside the scan
        return nested
    return json.dumps(document)


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
    return None


def unplaceable(seeded: SeededCloud, obj: ModelObject) -> bool:
    """Whether ``obj`` cannot be created because its account or Region is not known or not simulated
    (recorded in :attr:`SeededCloud.unknown`, so the flows touching it say ``unknown`` and why)."""
    why = placement_problem(obj)
    if why is not None:
        seeded.unknown.setdefault(obj.address, why)
    return why is not None
