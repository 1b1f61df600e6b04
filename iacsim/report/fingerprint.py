"""A finding's identity across runs: what baselines record and SARIF ``partialFingerprints`` carry.

The fingerprint hashes the rule, the file, the resource and the replayed flow —
never the line (unrelated edits move it) and never the message (rewording a
message must not resurrect a baselined finding or reopen a code-scanning
alert). Two findings of one rule on one resource in one flow are one problem.
"""

from __future__ import annotations

import hashlib

from iacsim.findings import Finding

SARIF_KEY = "iacsimFindingHash/v2"
"""The ``partialFingerprints`` property; its version changes whenever :func:`fingerprint` does."""


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def fingerprint(f: Finding) -> str:
    """Stable across runs, line moves and message rewording: rule, file, resource and flow."""
    return _hash(f.rule_id, f.file, f.resource, f.flow or "")


def legacy_fingerprint(f: Finding) -> str:
    """The version-1 fingerprint (rule, file, resource and message), which baselines written by iacsim
    before the message left the fingerprint hold; read only, so those baselines keep working."""
    return _hash(f.rule_id, f.file, f.resource, f.message)
