"""What the AWS managed policy snapshot costs: at start-up, and on the first lookup.

Target (issue 14): the snapshot adds < 50 ms to a scan's start-up. It is loaded lazily
(``iacsim.aws.managed_policies``), so start-up pays only for importing the module; the first
:func:`document` lookup pays for decompressing and parsing the whole snapshot, once per process.

Each figure is measured in a fresh interpreter that has already imported ``iacsim.pipeline`` (what a
scan imports anyway), median of ``REPEAT`` runs:

* ``import``        — importing ``iacsim.aws.managed_policies`` (what start-up pays);
* ``snapshot_info`` — reading the metadata side file (what a report pays);
* ``first lookup``  — the first ``document()`` (what a scan attaching an AWS managed policy pays);
* ``next lookup``   — any later one.

Exits 1 when the import exceeds the target.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

REPEAT = int(os.environ.get("IACSIM_BENCH_REPEAT", "7"))
TARGET_MS = 50.0

_PROBE = """
import time
import iacsim.pipeline
t0 = time.perf_counter()
from iacsim.aws import managed_policies as m
t1 = time.perf_counter()
m.snapshot_info()
t2 = time.perf_counter()
assert m.document("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy") is not None
t3 = time.perf_counter()
assert m.document("arn:aws:iam::aws:policy/ReadOnlyAccess") is not None
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""


def main() -> int:
    runs = []
    for _ in range(REPEAT):
        out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
        runs.append([float(x) * 1000 for x in out.stdout.split()])
    names = ("import", "snapshot_info", "first lookup", "next lookup")
    medians = {name: statistics.median(r[i] for r in runs) for i, name in enumerate(names)}
    for name, ms in medians.items():
        print(f"{name:>14}: {ms:8.3f} ms")
    ok = medians["import"] < TARGET_MS
    print(f"start-up cost {medians['import']:.1f} ms (target < {TARGET_MS:.0f} ms): {'ok' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
