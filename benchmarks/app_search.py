"""Benchmark: the app's regional search, from ``run_search`` to the first page shown.

``benchmarks/search.py`` times the service call (``services.inventory.search``, a page of 50
and the total); a user of the app goes through ``ui/pages/inventory_page.py`` instead: the
form's inputs, the worker thread, the table model filled, the view painting its first rows.
This times that path on a region ``benchmarks/search.py`` built (offscreen Qt, the real
registry): for each query, from ``InventoryPage.run_search()`` to the ``searched`` signal and
the table's first screen painted, then what scrolling costs (the view asked for a row in the
middle, then for the last row: a block the model has not read yet, read on the GUI thread).

The app always searches on a date (the form's "Valid on"): every query here is valid on
``search.ON``. Wall clock and process CPU (``time.process_time``: the GUI thread and the
worker that searches) are given, with the load average: on a loaded machine the wall clock
measures the queue, the CPU what the search costs.

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/app_search.py --region DIR [--repeat 5] [--json OUT]

``DIR`` is a region ``benchmarks/search.py`` built (its ``--home``: ``built.json`` and
``home/``). ``LABREGISTRY_BENCH_CODE=DIR`` measures another copy of the code (e.g. a
``git archive`` of an older commit) on the same region.
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

CODE = Path(os.environ.get("LABREGISTRY_BENCH_CODE") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(CODE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ON = "2026-06-01"  # benchmarks/search.py's date

#: (label, the form's inputs): what a user types or picks; set_inputs' keys.
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("text 压力", {"text": "压力"}),
    ("text 精密压力表", {"text": "精密压力表"}),
    ("text 温度 + 浙江", {"text": "温度", "provinces": ["浙江"]}),
    ("text 砝码", {"text": "砝码"}),
    ("temperature 20~300 ℃, U <= 0.05 ℃",
     {"quantity": "temperature", "low": "20", "high": "300", "unit": "℃", "uncertainty": "0.05℃"}),
    ("pressure 0~60 MPa, U <= 0.05 %",
     {"quantity": "pressure", "low": "0", "high": "60", "unit": "MPa", "uncertainty": "0.05%"}),
    ("voltage 1~500 V", {"quantity": "voltage", "low": "1", "high": "500", "unit": "V"}),
    ("text 压力 + pressure 0~1 MPa + Urel 0.1 %",
     {"text": "压力", "quantity": "pressure", "low": "0", "high": "1", "unit": "MPa", "uncertainty": "0.1%"}),
    ("authorised: 血压计", {"kind": "authorisations", "text": "血压计"}),
    ("people: 电能表", {"kind": "staff", "text": "电能表"}),
]


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _timed(call: Any) -> tuple[float, float]:
    """(wall ms, process CPU ms) of ``call()``."""
    t, c = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000


def run(region: Path, repeat: int) -> dict[str, Any]:
    from PySide6.QtCore import QDate, QEventLoop, QTimer

    from labregistry.registry import open_registry
    from ui.app import application
    from ui.pages.inventory_page import InventoryPage

    app = application()  # noqa: F841 (kept alive for the run)
    reg = open_registry(region / "home", logging=False)
    page = InventoryPage(reg)
    page.resize(1400, 900)
    loop = QEventLoop()
    page.searched.connect(lambda _n: loop.quit())
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(loop.quit)

    def wait() -> None:
        watchdog.start(120_000)
        loop.exec()
        watchdog.stop()

    page.show()  # the first search (everything valid today) runs when shown
    wait()
    page.size_columns()
    on = QDate.fromString(ON, "yyyy-MM-dd")

    def search() -> None:
        page.run_search()
        wait()
        page.view.viewport().repaint()  # the first screen: the rows the view shows, read from the model

    results: dict[str, Any] = {"queries": []}
    walls: list[float] = []
    cpus: list[float] = []
    for label, inputs in QUERIES:
        page.set_inputs({"kind": "standards", **inputs, "valid_on": on})
        page.timer.stop()  # run by hand, not after the typing pause
        search()  # warm-up
        wall, cpu, paint, middle, last = [], [], [], [], []
        for _ in range(repeat):
            w, c = _timed(search)
            wall.append(w)
            cpu.append(c)
            paint.append(_timed(page.view.viewport().repaint)[1])  # the first screen again, its rows read
            total = page.model.rowCount()
            middle.append(_timed(lambda total=total: page.model.row(total // 2))[1])
            last.append(_timed(lambda total=total: page.model.row(total - 1))[1])
        walls += wall
        cpus += cpu
        entry = {"query": label, "matches": page.model.rowCount(), "wall_median_ms": statistics.median(wall),
                 "cpu_median_ms": statistics.median(cpu), "paint_cpu_ms": statistics.median(paint),
                 "middle_row_cpu_ms": statistics.median(middle),
                 "last_row_cpu_ms": statistics.median(last)}
        results["queries"].append(entry)
        print(f"{entry['wall_median_ms']:8.1f} {entry['cpu_median_ms']:8.1f} {entry['paint_cpu_ms']:8.1f} "
              f"{entry['middle_row_cpu_ms']:8.1f} "
              f"{entry['last_row_cpu_ms']:8.1f} {entry['matches']:>7}  {label}", flush=True)
    results.update(wall_p50_ms=_pct(walls, 0.5), wall_p95_ms=_pct(walls, 0.95), cpu_p50_ms=_pct(cpus, 0.5),
                   cpu_p95_ms=_pct(cpus, 0.95), calls=len(walls), load_average=os.getloadavg(), code=str(CODE))
    page.close()
    reg.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--region", type=Path, required=True, help="a region benchmarks/search.py built")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    print(f"code {CODE}; region {args.region}: {(args.region / 'built.json').read_text()}", flush=True)
    print("wall ms, CPU ms (run_search to the first screen), CPU ms of painting it again, of a middle row, of the "
          "last row; matches",
          flush=True)
    results = run(args.region, args.repeat)
    print(f"\nrun_search to the first screen, {results['calls']} calls: wall p50 {results['wall_p50_ms']:.1f} / "
          f"p95 {results['wall_p95_ms']:.1f} ms, CPU p50 {results['cpu_p50_ms']:.1f} / p95 "
          f"{results['cpu_p95_ms']:.1f} ms; load average {' / '.join(f'{x:.1f}' for x in results['load_average'])}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
