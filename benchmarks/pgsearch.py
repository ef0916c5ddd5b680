"""Benchmark: the search mix of ``benchmarks/search.py`` on a kept PostgreSQL region, with the
server's CPU counted beside the client's.

``benchmarks/search.py --pg`` builds its region into a throwaway server; to compare two versions
of the search on the same data, build it once into a server that stays (``--db`` and ``--home``
of ``search.py``), then run this against it, as often as needed. For each of the mix's 24 queries
(a page of 50 and the total through ``services.inventory``, the registry's kept read connection):
a warm-up, then ``--repeat`` calls, each timed by the wall clock and by CPU: the client's thread
time plus the CPU of every process of the server (``/proc/<pid>/stat`` of the postmaster's
children, and the postmaster's ``cutime``/``cstime`` for those that ended: parallel workers
included). That is every process of the server, not only the client backends: the
checkpointer, the WAL writer, the background writer, the autovacuum launcher and any
autovacuum worker that ran or ended during a call are counted in that call's CPU. Kept so,
and said here, so that runs stay comparable with the sixth round (docs/benchmarks.md): a
read-only mix on a kept, vacuumed server should leave those nearly idle (not measured), but after an import or a rebuild let autovacuum finish first, or
its work lands in the queries' figures. Reading another user's ``/proc`` needs the server on
this machine and the right to read it (as root, or as the server's user). Prints p50 / p95 over all calls and per-query
medians; ``--json`` also writes each query's first page and total, to check that two versions
answer the same.

Usage::

    .venv/bin/python benchmarks/pgsearch.py --db URL --home DIR [--repeat 5] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.search import QUERIES, _decisions, _pct, search  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def _postmaster(conn: Any) -> int:
    folder = conn.exec_driver_sql("SHOW data_directory").scalar_one()
    return int(Path(folder, "postmaster.pid").read_text().split()[0])


def server_cpu(postmaster: int) -> float:
    """Seconds of CPU of the server so far: every live process (background ones included:
    checkpointer, WAL writer, autovacuum), and the ended ones."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile: counted in the parent's cutime next time
        pid, ppid = int(entry.name), int(fields[1])
        if pid == postmaster:
            total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
        elif ppid == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def run(reg: Any, repeat: int) -> dict[str, Any]:
    from labregistry.inventory.criteria import build_criteria

    with reg.engine.connect() as conn:
        postmaster = _postmaster(conn)
    _decisions(reg)
    out: dict[str, Any] = {"queries": []}
    walls: list[float] = []
    cpus: list[float] = []
    for label, kw in QUERIES:
        criteria = build_criteria(**kw)
        page = search(reg, criteria, limit=50)
        wall, cpu, client = [], [], []
        for _ in range(repeat):
            s0, c0, t0 = server_cpu(postmaster), time.thread_time(), time.perf_counter()
            search(reg, criteria, limit=50)
            t1, c1, s1 = time.perf_counter(), time.thread_time(), server_cpu(postmaster)
            wall.append((t1 - t0) * 1000)
            client.append((c1 - c0) * 1000)
            cpu.append((c1 - c0 + s1 - s0) * 1000)
        walls += wall
        cpus += cpu
        out["queries"].append({"query": label, "matches": page.total, "not_comparable": page.not_comparable,
                               "page": [r["id"] for r in page.rows], "wall_median_ms": statistics.median(wall),
                               "cpu_median_ms": statistics.median(cpu),
                               "client_cpu_median_ms": statistics.median(client)})
        print(f"{statistics.median(cpu):7.1f} ms CPU {statistics.median(wall):7.1f} ms wall {page.total:>7}  {label}",
              flush=True)
    out.update(cpu_p50_ms=_pct(cpus, 0.5), cpu_p95_ms=_pct(cpus, 0.95), wall_p50_ms=_pct(walls, 0.5),
               wall_p95_ms=_pct(walls, 0.95), calls=len(walls), load_average=os.getloadavg())
    print(f"CPU (client + server) p50 {out['cpu_p50_ms']:.1f} ms, p95 {out['cpu_p95_ms']:.1f} ms; wall p50 "
          f"{out['wall_p50_ms']:.1f} ms, p95 {out['wall_p95_ms']:.1f} ms over {len(walls)} calls; load "
          f"{' / '.join(f'{x:.1f}' for x in out['load_average'])}", flush=True)
    return out


def main() -> int:
    from labregistry.registry import open_registry

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of the region's home database")
    parser.add_argument("--home", type=Path, required=True, help="the region's home folder (search.py's --home/home)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    reg = open_registry(args.home, args.db, logging=False)
    try:
        results = run(reg, args.repeat)
    finally:
        reg.close()
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
