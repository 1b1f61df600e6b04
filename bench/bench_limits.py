"""The cost of the scan's limits on the normal benchmark (bench_scan's synthetic repository).

Three in-process loads of the same repository (parse cache off, best of ``REPEAT``):

* ``off``      — evaluation budgets disabled (the meter's step and size checks replaced by no-ops);
* ``limits``   — the defaults: budgets on, isolation only for files >= 256 KiB (none here);
* ``isolated`` — every file parsed in its own worker process (``isolate_above_kb: 0``), the worst case.

Prints wall time of each and the overhead against ``off``. The defaults should be lost in the noise.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_scan import generate

from iacsim.config import Budgets, Config
from iacsim.load import LoadOptions, load_paths
from iacsim.load.budget import Meter

ROOTS = int(os.environ.get("IACSIM_BENCH_LIMIT_ROOTS", "60"))
REPEAT = int(os.environ.get("IACSIM_BENCH_REPEAT", "3"))


def _best(repo: Path, config: Config) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        load_paths([repo], LoadOptions(config=config, use_cache=False, workers=1))
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="iacsim-bench-limits-") as tmp:
        repo = Path(tmp)
        files = generate(repo, ROOTS)
        _best(repo, Config())  # warm-up: imports and first-call caches are nobody's cost
        real = (Meter.step, Meter.check_collection, Meter.check_string, Meter.check_value)
        Meter.step = Meter.check_collection = Meter.check_string = Meter.check_value = (  # type: ignore[method-assign]
            lambda *_a, **_k: None)
        off = _best(repo, Config())
        Meter.step, Meter.check_collection, Meter.check_string, Meter.check_value = real  # type: ignore[method-assign]
        limits = _best(repo, Config())
        isolated = _best(repo, dataclasses.replace(Config(), budgets=Budgets(isolate_above_kb=0)))
    print(f"{files} files, {ROOTS} roots, best of {REPEAT}, parse cache off, one process")
    for name, t in (("budgets off", off), ("defaults", limits), ("every file isolated", isolated)):
        print(f"  {name:<20} {t:7.2f} s  {100 * (t - off) / off:+6.1f} %")


if __name__ == "__main__":
    main()
