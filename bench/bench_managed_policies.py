"""What the AWS managed policy snapshot costs: at start-up, and on the first lookup.

Target (issue 14): the snapshot adds < 50 ms to a scan's start-up. It is loaded lazily
(``iacsim.aws.managed_policies``), so start-up pays only for importing the module; the first
:func:`document` lookup pays for decompressing and parsing the whole snapshot, once per process.

Each figure is measured in a fresh interpreter that has imported only the ``iacsim`` package and the standard
library modules every scan loads anyway (json, gzip, dataclasses, functools, pathlib), median of
``REPEAT`` runs, as CPU time (the process's own, so other load on the machine does not inflate it) and
wall time:

* ``import``        — importing ``iacsim.aws.managed_policies`` (what start-up pays);
* ``snapshot_info`` — reading the metadata side file (what a report pays);
* ``first lookup``  — the first ``document()`` (what a scan attaching an AWS managed policy pays);
* ``next lookup``   — any later one.

The probe also checks that importing ``iacsim.pipeline`` (everything a scan imports) leaves the
snapshot unread. Exits 1 when the import exceeds the target or the snapshot is read at start-up.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

REPEAT = int(os.environ.get("IACSIM_BENCH_REPEAT", "7"))
TARGET_MS = 50.0

_PROBE = """
import dataclasses, functools, gzip, json, pathlib, time
import iacsim

def now():
    return time.process_time(), time.perf_counter()

t = [now()]
from iacsim.aws import managed_policies as m
t.append(now())
m.snapshot_info()
t.append(now())
import iacsim.pipeline
assert m._policies.cache_info().currsize == 0, "importing the pipeline read the snapshot"
t.append(now())
assert m.document("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy") is not None
t.append(now())
assert m.document("arn:aws:iam::aws:policy/ReadOnlyAccess") is not None
t.append(now())
spans = [(1, 0), (2, 1), (4, 3), (5, 4)]
print(*[t[a][k] - t[b][k] for a, b in spans for k in (0, 1)])
"""


def main() -> int:
    runs = []
    for _ in range(REPEAT):
        out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(out.stderr.strip().splitlines()[-1])
            return 1
        runs.append([float(x) * 1000 for x in out.stdout.split()])
    names = ("import", "snapshot_info", "first lookup", "next lookup")
    cpu = {name: statistics.median(r[2 * i] for r in runs) for i, name in enumerate(names)}
    wall = {name: statistics.median(r[2 * i + 1] for r in runs) for i, name in enumerate(names)}
    for name in names:
        print(f"{name:>14}: {cpu[name]:8.3f} ms CPU  {wall[name]:8.3f} ms wall")
    ok = cpu["import"] < TARGET_MS
    print(f"start-up cost {cpu['import']:.1f} ms CPU (target < {TARGET_MS:.0f} ms; the snapshot is not read "
          f"until the first lookup): {'ok' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
