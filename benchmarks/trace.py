"""Benchmark: a standard's trace (``labregistry trace``) at the region of ``benchmarks/search.py``.

    .venv/bin/python benchmarks/trace.py [--home DIR] [--repeat 5]

Builds the region as ``search.py`` does (once; the same folder and marker, so a region built by
either serves both), then traces the five standards ``search.py``'s figure traces (the first
three of 精密压力表, the first two of 铂电阻) ``--repeat`` times after one warm-up, and prints
each one's median wall clock and CPU (``time.thread_time``: on a loaded machine the wall clock
measures the queue), the median of the five, and a digest of each trace's JSON, so that code
before and after a change can be shown to give the same answers (run the older code from a
``git archive`` with this checkout's venv).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    from benchmarks import search as region
    from benchmarks.workdir import work_folder
    from labregistry.inventory.criteria import build_criteria
    from labregistry.services import inventory

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, default=work_folder("labregistry-bench-search"),
                        help="the region's folder (default: search.py's, %(default)s)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("LABREGISTRY_PASSPHRASE", region.PASSPHRASE)
    reg = region.build(args.home, 200_000, 3, 2000, None)
    refs = [r["id"] for r in inventory.search(reg, build_criteria(text="精密压力表"), limit=3).rows]
    refs += [r["id"] for r in inventory.search(reg, build_criteria(text="铂电阻"), limit=2).rows]
    wall: dict[int, list[float]] = {ref: [] for ref in refs}
    cpu: dict[int, list[float]] = {ref: [] for ref in refs}
    digest: dict[int, str] = {}
    for run in range(args.repeat + 1):
        for ref in refs:
            t, c = time.perf_counter(), time.thread_time()
            data = inventory.trace(reg, str(ref), valid_on=region.ON)
            if run:  # the first round warms the caches
                wall[ref].append((time.perf_counter() - t) * 1000)
                cpu[ref].append((time.thread_time() - c) * 1000)
            text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
            digest[ref] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    for ref in refs:
        print(f"standard {ref}: wall {statistics.median(wall[ref]):.1f} ms, CPU {statistics.median(cpu[ref]):.1f} ms, "
              f"answer {digest[ref]}")
    print(f"median of the five: wall {statistics.median(statistics.median(v) for v in wall.values()):.1f} ms, "
          f"CPU {statistics.median(statistics.median(v) for v in cpu.values()):.1f} ms; load average "
          f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    reg.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
