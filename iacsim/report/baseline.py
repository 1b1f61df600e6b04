"""Baselines: adopt iacsim on an existing repository without fixing everything first.

``--create-baseline FILE`` records the fingerprint of every current finding;
``--baseline FILE`` then marks findings that are in it as suppressed (reason
"in baseline"), so only new problems fail the build. Fingerprints are the
SARIF ones (:mod:`iacsim.report.fingerprint`): rule, file, resource and flow —
not the line or the message, so unrelated edits and reworded messages do not
resurrect baselined findings.

Version 2 files hold those fingerprints. Version 1 files (written before the
message left the fingerprint) keep working: a finding is in the baseline when
either its fingerprint or its version-1 fingerprint is recorded.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from iacsim.errors import IacsimUserError
from iacsim.findings import Finding
from iacsim.report.data import Report
from iacsim.report.fingerprint import fingerprint, legacy_fingerprint

BASELINE_VERSION = 2
READABLE_VERSIONS = (1, 2)


class BaselineError(IacsimUserError, ValueError):
    """The baseline file is unreadable or not an iacsim baseline; the message names the file."""


def write_baseline(report: Report, path: Path) -> int:
    entries = sorted({fingerprint(f): {"rule_id": f.rule_id, "resource": f.resource, "file": f.file,
                                       **({"flow": f.flow} if f.flow else {})}
                      for f in report.active_findings()}.items())
    path.write_text(json.dumps({"iacsim_baseline": BASELINE_VERSION,
                                "findings": [{"fingerprint": k, **v} for k, v in entries]}, indent=2) + "\n",
                    encoding="utf-8")
    return len(entries)


def read_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or data.get("iacsim_baseline") not in READABLE_VERSIONS:
        raise BaselineError(f"{path}: not an iacsim baseline (expected \"iacsim_baseline\": {BASELINE_VERSION})")
    return {e["fingerprint"] for e in data.get("findings", []) if isinstance(e, dict) and "fingerprint" in e}


def apply_baseline(findings: list[Finding], known: set[str]) -> list[Finding]:
    return [dataclasses.replace(f, suppressed=True, suppression_reason="in baseline")
            if not f.suppressed and (fingerprint(f) in known or legacy_fingerprint(f) in known) else f
            for f in findings]
