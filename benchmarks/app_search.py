"""Benchmark: the app's regional search, from ``run_search`` to the first page shown.

``benchmarks/search.py`` times the service call (``services.inventory.search``, a page of 50
and the total); a user of the app goes through ``ui/pages/inventory_page.py`` instead: the
form's inputs, the worker thread, the table model filled, the view painting its first rows.
This times that path on a region ``benchmarks/search.py`` built (offscreen Qt, the real
registry): for each query, from ``InventoryPage.run_search()`` to the first screen (the
``shown`` signal: the first rows in the table, then the paints Qt posted processed, the
table's viewport painted once) and to the count shown (the ``searched`` signal, the label and
the rows it adds painted); then what scrolling costs (the view asked for a row in the
middle, then for the last row: a block the model has not read yet, read on the GUI thread).
Code from before the count followed the first rows (no ``shown``) shows both at once.

The app always searches on a date (the form's "Valid on"): every query here is valid on
``search.ON``. Wall clock and process CPU (``time.process_time``: the GUI thread and the
worker that searches) are given, with the load average: on a loaded machine the wall clock
measures the queue, the CPU what the search costs. The process CPU of the first screen
includes the count the worker runs meanwhile, so the CPU of the work the first screen waited
for is given too: the GUI thread's, and the worker's until it handed the first rows over.

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/app_search.py --region DIR [--repeat 5] [--json OUT]

``DIR`` is a region ``benchmarks/search.py`` built (its ``--home``: ``built.json`` and
``home/``). ``LABREGISTRY_BENCH_CODE=DIR`` measures another copy of the code (e.g. a
``git archive`` of an older commit) on the same region.
"""

from __future__ import annotations

import argparse
import faulthandler
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
    from PySide6.QtCore import QDate, QEvent, QEventLoop, QObject, QTimer

    from labregistry.registry import open_registry
    from labregistry.services import inventory
    from ui.app import application
    from ui.pages.inventory_page import InventoryPage

    app = application()
    reg = open_registry(region / "home", logging=False)
    page = InventoryPage(reg)
    page.resize(1400, 900)
    # The code before the count followed the first rows has no ``shown``: its first screen
    # came with the count (``searched``).
    two_steps = hasattr(page, "shown")
    first_signal = page.shown if two_steps else page.searched
    loop = QEventLoop()
    first_signal.connect(lambda _n: loop.quit())
    if two_steps:
        page.searched.connect(lambda _n: loop.quit())
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(loop.quit)
    worker_cpu: list[float] = []  # the worker's thread CPU until it handed the first rows over
    if two_steps:
        search_then_count = inventory.search_then_count

        def timed_search(*args: Any, shown: Any, **kwargs: Any) -> Any:
            start = time.thread_time()

            def handed(*first: Any) -> None:
                shown(*first)  # the page's: renders the rows, hands them over (and may wait for their paint)
                worker_cpu.append((time.thread_time() - start) * 1000)

            return search_then_count(*args, shown=handed, **kwargs)

        inventory.search_then_count = timed_search  # type: ignore[assignment]

    def wait() -> None:
        watchdog.start(120_000)
        loop.exec()
        watchdog.stop()

    def counted() -> bool:
        return not page.searching

    class Paints(QObject):
        """Counts the paints of the table's viewport."""

        n = 0

        def eventFilter(self, _obj: Any, event: Any) -> bool:  # Qt's name
            if event.type() == QEvent.Type.Paint:
                self.n += 1
            return False

    paints = Paints()
    page.view.viewport().installEventFilter(paints)

    def painted(before: int) -> None:
        """What the app does after a change: the updates it asked for painted (posted events).
        A paint of the table's viewport is made when none came (the first screen must be
        painted, once)."""
        app.processEvents()
        if paints.n == before:
            page.view.viewport().repaint()

    page.show()  # the first search (everything valid today) runs when shown
    wait()
    while two_steps and not counted():
        wait()
    page.size_columns()
    on = QDate.fromString(ON, "yyyy-MM-dd")

    def search() -> dict[str, float]:
        """One search: the first screen (wall, process CPU, and the CPU of the work it waited
        for: the GUI thread's and the worker's until the first rows), then the count shown."""
        worker_cpu.clear()
        before = paints.n
        t, c, g = time.perf_counter(), time.process_time(), time.thread_time()
        page.run_search()
        wait()
        painted(before)  # the first screen: the rows the view shows, read from the model
        first_paints.append(paints.n - before)
        out = {"wall": (time.perf_counter() - t) * 1000, "cpu": (time.process_time() - c) * 1000}
        gui = (time.thread_time() - g) * 1000
        while two_steps and not worker_cpu:  # noted when the worker goes on: after the paint, if it waits for it
            time.sleep(0.0005)
        out["work"] = gui + sum(worker_cpu) if two_steps else out["cpu"]
        while two_steps and not counted():
            wait()
        if not two_steps:  # the count came with the first screen
            out["count_wall"], out["count_cpu"] = out["wall"], out["cpu"]
            return out
        painted(paints.n)  # the count and the scroll bar (and the first screen again, unless unchanged)
        out["count_wall"] = (time.perf_counter() - t) * 1000
        out["count_cpu"] = (time.process_time() - c) * 1000
        return out

    first_paints: list[int] = []  # the table's paints in each first screen: one, unless another was pending
    results: dict[str, Any] = {"queries": []}
    every: dict[str, list[float]] = {k: [] for k in ("wall", "cpu", "work", "count_wall", "count_cpu")}
    for label, inputs in QUERIES:
        page.set_inputs({"kind": "standards", **inputs, "valid_on": on})
        page.timer.stop()  # run by hand, not after the typing pause
        search()  # warm-up
        calls: dict[str, list[float]] = {k: [] for k in every}
        first_paints.clear()
        paint, middle, last = [], [], []
        for _ in range(repeat):
            for key, value in search().items():
                calls[key].append(value)
            paint.append(_timed(page.view.viewport().repaint)[1])  # the first screen again, its rows read
            total = page.model.rowCount()
            middle.append(_timed(lambda total=total: page.model.row(total // 2))[1])
            last.append(_timed(lambda total=total: page.model.row(total - 1))[1])
        for key, values in calls.items():
            every[key] += values
        entry = {"query": label, "matches": page.model.rowCount(),
                 **{f"{key}_median_ms": statistics.median(values) for key, values in calls.items()},
                 "paint_cpu_ms": statistics.median(paint), "middle_row_cpu_ms": statistics.median(middle),
                 "last_row_cpu_ms": statistics.median(last), "first_screen_paints": max(first_paints)}
        results["queries"].append(entry)
        print(f"{entry['wall_median_ms']:8.1f} {entry['cpu_median_ms']:8.1f} {entry['work_median_ms']:8.1f} "
              f"{entry['count_wall_median_ms']:8.1f} {entry['count_cpu_median_ms']:8.1f} "
              f"{entry['paint_cpu_ms']:8.1f} {entry['middle_row_cpu_ms']:8.1f} "
              f"{entry['last_row_cpu_ms']:8.1f} {entry['matches']:>7}  {label}", flush=True)
    for key, values in every.items():
        results[f"{key}_p50_ms"], results[f"{key}_p95_ms"] = _pct(values, 0.5), _pct(values, 0.95)
    results.update(calls=len(every["wall"]), load_average=os.getloadavg(), code=str(CODE), two_steps=two_steps)
    page.close()
    reg.close()
    return results


def main() -> int:
    faulthandler.dump_traceback_later(600, exit=True)  # a search that never ends stops the run, with where
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--region", type=Path, required=True, help="a region benchmarks/search.py built")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    print(f"code {CODE}; region {args.region}: {(args.region / 'built.json').read_text()}", flush=True)
    print("first screen: wall ms, process CPU ms, CPU ms of the work it waited for (the GUI thread's, the "
          "worker's until it handed the rows over); count shown: wall ms, process CPU ms; CPU ms of painting "
          "the first screen again, of a middle row, of the last row; matches", flush=True)
    results = run(args.region, args.repeat)
    r = results
    print(f"\n{r['calls']} calls, p50 / p95 ms: first screen wall {r['wall_p50_ms']:.1f} / {r['wall_p95_ms']:.1f}, "
          f"process CPU {r['cpu_p50_ms']:.1f} / {r['cpu_p95_ms']:.1f}, its work's CPU {r['work_p50_ms']:.1f} / "
          f"{r['work_p95_ms']:.1f}; count shown wall {r['count_wall_p50_ms']:.1f} / {r['count_wall_p95_ms']:.1f}, "
          f"process CPU {r['count_cpu_p50_ms']:.1f} / {r['count_cpu_p95_ms']:.1f}; "
          f"load average {' / '.join(f'{x:.1f}' for x in r['load_average'])}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
