"""Benchmark: the desktop app's standards table at 200,000 rows (issue #5).

    .venv/bin/python benchmarks/table_open.py [--home HOME] [--work DIR] [--repeat 3] [--steps 50] [--json]

Without ``--home``, a home whose own institute has 200,000 demo standards (``populate_demo``,
with their instruments and services, 20,000 authorisations and 50,000 people) is built
once under ``--work``/table-200k (about a minute) and reused while the code that fills it
is unchanged. With ``--home``, the home's own standards are listed (the standards page
lists the own institute's, not the region's).

Each run is a fresh child process (offscreen Qt), timed from its first line (after the
interpreter's start-up), through the real app (``ui.app.start``, ``MainWindow``):

- start: the app started as a user starts it, on its default page, the standards list:
  until the main window is shown and its first screen of rows is fetched and painted;
- open: the app started on the overview, then the standards page chosen: until its first
  screen is painted (the 200,000 sorted ids queried, the visible rows fetched);
- in the same process: ``--steps`` jumps of the scroll bar to random positions, each until
  the rows it shows are fetched and painted (p50, p95, max over every run's steps); then
  sorting by validity, newest first, and the requery of a search ("压力"), each until painted.

Best and median of ``--repeat`` runs. Every run starts from the app's default settings (no
remembered sort or column widths): the home's ui-settings.ini is set aside for the runs and
put back afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# as in benchmarks/run.py: LABREGISTRY_BENCH_CODE=DIR measures another copy of the code
CODE = Path(os.environ.get("LABREGISTRY_BENCH_CODE") or ROOT).resolve()
if str(CODE) not in sys.path:
    sys.path.insert(0, str(CODE))
if str(ROOT) not in sys.path:  # benchmarks.workdir: this checkout's, whatever code is measured
    sys.path.append(str(ROOT))

from benchmarks.run import percentile  # noqa: E402  (the paths above first)

STANDARDS = 200_000
PASSPHRASE = "benchmark passphrase"
SETTINGS_FILE = "ui-settings.ini"  # ui.settings.SETTINGS_FILE
BUILD_VERSION = "1"  # bump when the way the home is built changes
SEARCH = "压力"
TARGETS = {"open_s": 1.0, "scroll_p95_ms": 100.0}  # no stall a user notices


# ---------------------------------------------------------------- the home


def fingerprint(standards: int) -> str:
    """Changes when the code that fills the home changes (then it is built again)."""
    h = hashlib.sha256(f"{BUILD_VERSION}:{standards}".encode())
    for rel in ("labregistry/demo/generator.py", "labregistry/demo/catalogue.py", "labregistry/storage/models.py"):
        path = CODE / rel
        if path.exists():
            h.update(path.read_bytes())
    for path in sorted((CODE / "labregistry/storage/migrations/versions").glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def ensure_home(work: Path, standards: int) -> tuple[Path, dict[str, Any]]:
    """The cached home with ``standards`` own standards, built (in a child process) if missing
    or made by other code."""
    folder = work / "table-200k" if standards == STANDARDS else work / f"table-{standards}"
    home, stamp = folder / "home", folder / "home.json"
    wanted = fingerprint(standards)
    if stamp.exists() and home.exists():
        info = json.loads(stamp.read_text())
        if info.get("fingerprint") == wanted:
            return home, {**info, "cached": True}
    if home.exists():
        shutil.rmtree(home)
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    built = run_child("build", {"home": str(home), "standards": standards})
    info = {"fingerprint": wanted, "standards": built["standards"], "build_s": round(time.perf_counter() - started, 1)}
    stamp.write_text(json.dumps(info))
    return home, {**info, "cached": False}


def child_build(payload: dict[str, Any]) -> dict[str, Any]:
    from labregistry.demo import populate_demo
    from labregistry.domain.records import InstituteInput
    from labregistry.registry import open_registry
    from labregistry.services import setup

    reg = open_registry(Path(payload["home"]), logging=False)
    institute = InstituteInput(name="上海市计量测试技术研究院", uscc="12310000425011296P", province="上海", city="上海")
    setup.init_registry(reg, institute, PASSPHRASE, operator="benchmark")
    summary = populate_demo(reg, standards=payload["standards"], seed=5)
    reg.close()
    return {"standards": summary.standards}


# ---------------------------------------------------------------- one run of the app


class PaintCounter:
    """Counts the paint events of a widget (here: the table's viewport)."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def __init__(self, parent: Any) -> None:
                super().__init__(parent)
                self.count = 0

            def eventFilter(self, _obj: Any, event: Any) -> bool:  # Qt's name
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        self._filter = Filter(widget)
        widget.installEventFilter(self._filter)

    @property
    def count(self) -> int:
        return int(self._filter.count)


def paint(qapp: Any, view: Any, paints: PaintCounter) -> bool:
    """Let the app process its events (the repaint a change posted among them); if the
    platform painted nothing, paint the table now. True if the events painted it."""
    before = paints.count
    qapp.processEvents()
    if paints.count > before:
        return True
    view.viewport().repaint()
    return False


def visible_rows_fetched(view: Any, model: Any) -> bool:
    """Whether every row on screen was fetched by the paint (reading them fetches nothing)."""
    if model.rowCount() == 0:
        return True
    first = max(0, view.rowAt(0))
    last = view.rowAt(view.viewport().height() - 1)
    last = model.rowCount() - 1 if last < 0 else last
    calls = model.fetch_calls
    for row in range(first, last + 1):
        model.row_dict(row)
    return bool(model.fetch_calls == calls)


def child_app(payload: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    from PySide6.QtCore import Qt

    from ui import app as uiapp
    from ui import settings as opts
    from ui.settings import Settings

    home, mode = payload["home"], payload["mode"]
    settings = Settings.in_home(home)
    settings.set(opts.LAST_PAGE, "standards" if mode == "start" else "overview")
    settings.sync()
    qapp = uiapp.application([])
    controller = uiapp.start(home=home)
    if controller is None or controller.window is None:
        raise SystemExit("the registry did not open")
    window = controller.window
    page = window.record_pages["standards"]
    view, model = page.view, page.model
    paints = PaintCounter(view.viewport())
    out: dict[str, Any] = {"mode": mode}
    if mode == "start":
        out["painted_by_events"] = paint(qapp, view, paints)
        out["start_s"] = time.perf_counter() - started
        out["rows"] = model.rowCount()
    else:
        qapp.processEvents()
        out["shown_s"] = time.perf_counter() - started
        if model.loaded:
            raise SystemExit("the standards page was queried before it was chosen")
        begun = time.perf_counter()
        window.show_page("standards")
        out["painted_by_events"] = paint(qapp, view, paints)
        out["open_s"] = time.perf_counter() - begun
        out["rows"] = model.rowCount()
        out.update(scroll(qapp, view, model, paints, payload["steps"], payload["seed"]))
        out.update(timed_change(qapp, view, model, paints, "sort",
                                lambda: view.sortByColumn(model.column_index("valid_until"),
                                                          Qt.SortOrder.DescendingOrder)))
        out.update(timed_change(qapp, view, model, paints, "search", lambda: model.set_text(SEARCH)))
        out["search_rows"] = model.rowCount()
    out["visible_rows_fetched"] = visible_rows_fetched(view, model)
    out["fetched_rows"], out["cached_rows"] = model.fetched_rows, model.cached_rows()
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    controller.close()
    return out


def scroll(qapp: Any, view: Any, model: Any, paints: PaintCounter, steps: int, seed: int) -> dict[str, Any]:
    """Jumps of the scroll bar to random positions, each until the rows shown are painted."""
    bar = view.verticalScrollBar()
    rng = random.Random(seed)
    times: list[float] = []
    fetched = 0
    for _ in range(steps):
        target = rng.randrange(0, max(1, bar.maximum()))
        calls = model.fetch_calls
        begun = time.perf_counter()
        bar.setValue(target)
        paint(qapp, view, paints)
        times.append(time.perf_counter() - begun)
        fetched += model.fetch_calls > calls
        if not visible_rows_fetched(view, model):
            raise SystemExit(f"scrolled to {target}: rows on screen were not fetched")
    return {"scroll_ms": [round(t * 1000, 2) for t in times], "scroll_steps_fetching": fetched}


def timed_change(qapp: Any, view: Any, model: Any, paints: PaintCounter, name: str, change: Any) -> dict[str, Any]:
    """``change`` made at the top of the list, until the rows it brings are painted."""
    view.scrollToTop()
    paint(qapp, view, paints)
    begun = time.perf_counter()
    change()
    paint(qapp, view, paints)
    return {f"{name}_s": time.perf_counter() - begun}


# ---------------------------------------------------------------- the runs


def run_child(kind: str, payload: dict[str, Any], timeout: float = 1800) -> dict[str, Any]:
    """``kind`` in a child process (this file); its last stdout line is its JSON result."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LABREGISTRY_TEST_FAST_KDF": "1"}
    proc = subprocess.run([sys.executable, __file__, "--child", kind, json.dumps(payload)], check=False,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, env=env, cwd=CODE)
    if proc.returncode != 0:
        raise SystemExit(f"table benchmark step {kind} failed:\n{proc.stderr[-4000:]}")
    return json.loads([line for line in proc.stdout.splitlines() if line.strip()][-1])  # type: ignore[no-any-return]


def measure(home: Path, repeat: int, steps: int) -> dict[str, Any]:
    """``repeat`` runs of each mode, every one from the default settings."""
    settings = home / SETTINGS_FILE
    saved = settings.read_bytes() if settings.exists() else None
    starts: list[dict[str, Any]] = []
    opens: list[dict[str, Any]] = []
    try:
        for k in range(repeat):
            for mode, runs in (("start", starts), ("open", opens)):
                settings.unlink(missing_ok=True)
                runs.append(run_child("app", {"home": str(home), "mode": mode, "steps": steps, "seed": k}))
            print(f"  run {k + 1}/{repeat}: start {starts[-1]['start_s']:.2f} s, open {opens[-1]['open_s']:.2f} s, "
                  f"scroll p95 {percentile(opens[-1]['scroll_ms'], 0.95):.0f} ms", file=sys.stderr, flush=True)
    finally:
        settings.unlink(missing_ok=True)
        if saved is not None:
            settings.write_bytes(saved)
    scroll_ms = [t for run in opens for t in run["scroll_ms"]]
    start_s = [r["start_s"] for r in starts]
    open_s = [r["open_s"] for r in opens]
    return {
        "rows": opens[0]["rows"],
        "start_best_s": min(start_s), "start_median_s": statistics.median(start_s),
        "open_best_s": min(open_s), "open_median_s": statistics.median(open_s),
        "shown_on_overview_best_s": min(r["shown_s"] for r in opens),
        "scroll_steps": len(scroll_ms), "scroll_p50_ms": percentile(scroll_ms, 0.5),
        "scroll_p95_ms": percentile(scroll_ms, 0.95), "scroll_max_ms": max(scroll_ms),
        "sort_best_s": min(r["sort_s"] for r in opens), "search_best_s": min(r["search_s"] for r in opens),
        "search": SEARCH, "search_rows": opens[0]["search_rows"],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in opens + starts),
        "painted_by_events": all(r["painted_by_events"] for r in opens + starts),
        "visible_rows_fetched": all(r["visible_rows_fetched"] for r in opens + starts),
        "targets": TARGETS,
        "runs": {"start": starts, "open": opens},
    }  # fmt: skip


def report(figures: dict[str, Any]) -> str:
    f = figures
    lines = [
        f"standards table at {f['rows']:,} rows (best of {len(f['runs']['open'])} runs, offscreen):",
        f"  start on the standards page, until painted  {f['start_best_s']:.2f} s (median {f['start_median_s']:.2f} s)",
        f"  open the standards page from the overview   {f['open_best_s']:.2f} s (median {f['open_median_s']:.2f} s; "
        + f"target < {TARGETS['open_s']:.0f} s)",
        f"  scroll to a random position, until painted  p50 {f['scroll_p50_ms']:.0f} ms, "
        + f"p95 {f['scroll_p95_ms']:.0f} ms, max {f['scroll_max_ms']:.0f} ms over {f['scroll_steps']} steps "
        + f"(target p95 < {TARGETS['scroll_p95_ms']:.0f} ms)",
        f"  sort by validity, newest first              {f['sort_best_s']:.2f} s",
        f"  search {f['search']} ({f['search_rows']:,} rows)                  {f['search_best_s']:.2f} s",
        f"  peak RSS {f['peak_rss_mb']:.0f} MB; load average {f['load'][0]} -> {f['load'][1]}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.workdir import work_folder

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, help="an existing home (default: build or reuse one under --work)")
    ap.add_argument("--work", type=Path, default=work_folder("labregistry-bench"),
                    help="where the 200,000-standard home is built and kept (default: %(default)s, this "
                         "checkout's own: the name ends in a hash of the checkout's path)")
    ap.add_argument("--standards", type=int, default=STANDARDS, help="standards in the built home")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--steps", type=int, default=50, help="scroll steps per run")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        kind, payload = args.child
        result = {"build": child_build, "app": child_app}[kind](json.loads(payload))
        print(json.dumps(result, ensure_ascii=False))
        return 0
    if args.home:
        home, info = args.home.resolve(), {"given": True}
    else:
        print(f"home with {args.standards:,} standards under {args.work} ...", file=sys.stderr, flush=True)
        home, info = ensure_home(args.work.resolve(), args.standards)
    load = [round(x, 2) for x in os.getloadavg()]
    figures = {"home": str(home), "home_info": info, **measure(home, args.repeat, args.steps)}
    figures["load"] = [load, [round(x, 2) for x in os.getloadavg()]]  # shared machines: before -> after
    print(json.dumps(figures, ensure_ascii=False, indent=1) if args.json else report(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
