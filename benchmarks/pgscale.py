"""Benchmark: LabRegistry on PostgreSQL at regional and national scale (issue 20).

On a PostgreSQL server started for the run (tests/pgserver.py, its data on disk: the
national database is several GB), with the "10x" region of benchmarks/run.py (300
institutes, 200,000 standards, each institute's signed bundle; built and cached in
``--work`` as run.py does):

1. **Import vs floor**: ``labregistry --db URL import BUNDLES --yes --json`` (the CLI, one
   process, as a coordinator runs it) into a home that trusts every issuer, against the
   floor: python-calamine reads the same bundles and psycopg ``COPY`` writes the same rows
   into a database at the same schema (one transaction per bundle, ids given up front; no
   verification, no checks). Target: import / floor <= 2.5.
2. **Search** over the imported database (``ANALYZE`` first, as autovacuum would soon after
   a bulk load): benchmarks/search.py's query mix through ``services.inventory``, first page
   of 50 with the total, through the registry's kept read connection (as the app searches).
   Target: p95 < 50 ms.
3. **Concurrency**: ``--clients`` processes (default 20: twenty app instances), each running
   the same mix in random order with a think time of 0.5-1.5 s between searches (a person
   reading the results), while one process imports the bundles of ``--extra`` new
   institutes through the CLI into the same database. Every error counts (serialization
   failures, deadlocks, lock timeouts, anything). Target: 0 errors, p95 < 200 ms.
4. ``--size national``: the imported database copied (``CREATE DATABASE ... TEMPLATE``) and
   the region's rows written four more times by ``COPY`` under new institutes (1,500
   institutes, 1,000,000 standards), ``ANALYZE``, the search mix. Target: p95 < 100 ms.

Usage::

    .venv/bin/python benchmarks/pgscale.py [--work DIR] [--size 10x|national] [--clients 20]
        [--extra 20] [--repeat 7] [--json OUT] [--no-results] [--test-server-settings]
        [--keep-server FILE]

The server runs with docs/regional-server.md's settings for a region's server (2 GB of
shared buffers...), unless ``--test-server-settings``.

The figures go to ``--json`` and into benchmarks/results.json (key ``postgres``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import run as bench  # noqa: E402
from benchmarks.search import PASSPHRASE, QUERIES, run as search_mix  # noqa: E402

COPIES = 5  # the national size: the 10x region's rows five times
TARGETS = {"ratio": 2.5, "search_10x_p95_ms": 50.0, "search_national_p95_ms": 100.0, "concurrent_p95_ms": 200.0}
THINK_S = (0.5, 1.5)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------- the server


def start_server(regional: bool = True) -> Any:
    """A private cluster whose data lives on disk (tests/pgserver.py puts it in /dev/shm,
    too small and too dear for the national database); ``regional``: with the settings
    docs/regional-server.md gives a region's server (memory, SSD costs, no parallel workers
    per search), else the test server's defaults (the figures before 2026-12-07 afternoon)."""
    import tests.pgserver as pgserver

    folder = Path(tempfile.mkdtemp(prefix="labregistry-pgscale-"))
    folder.chmod(0o755)  # the cluster's own folder inside belongs to the server's user (as root: postgres)
    pgserver._memory_folder = lambda: str(folder)  # type: ignore[assignment]
    server = pgserver.PgServer()
    server.start()
    if regional:
        server.configure(pgserver.regional_settings())
    return server


def conninfo(url: str) -> str:
    """The libpq form of a SQLAlchemy URL (psycopg's own connections: COPY)."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    parts = {"dbname": u.database, "user": u.username, **{k: v for k, v in u.query.items() if isinstance(v, str)}}
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)


def database_of(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def clone_database(server: Any, source_url: str) -> str:
    """A copy of the database of ``source_url`` (nobody may be connected to it)."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = "t_" + os.urandom(6).hex()
    with psycopg.connect(server.admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(source_url).database}"')
    return database_of(source_url, name)


def analyze(url: str) -> None:
    import psycopg

    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        conn.execute("ANALYZE")


def size_of(url: str) -> float:
    import psycopg

    with psycopg.connect(conninfo(url)) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return round(row[0] / 1e9, 2) if row else 0.0


# ---------------------------------------------------------------- homes on the server


def trusting_home(home: Path, url: str, cards: list[tuple[str, str]], name: str = "长三角区域计量数据中心") -> None:
    """A home on the server: the own institute, trusting every card given."""
    from labregistry.domain.codes import build_uscc
    from labregistry.domain.records import InstituteInput
    from labregistry.registry import open_registry
    from labregistry.services import setup

    reg = open_registry(home, url, logging=False)
    setup.init_registry(reg, InstituteInput(name=name, uscc=build_uscc("1", "2", "310000", bench.OWN_USCC_BODY),
                                            province="上海", city="上海"), PASSPHRASE, operator="benchmark")
    trust_cards(reg, cards)
    reg.close()


def trust_cards(reg: Any, cards: list[tuple[str, str]]) -> None:
    from labregistry.services import exchange

    for card, fingerprint in cards:
        exchange.trust_add(reg, card, fingerprint, operator="benchmark")


def cli_import(home: Path, url: str, folder: Path) -> dict[str, Any]:
    """``labregistry --home H --db URL import FOLDER --yes --json``: wall and CPU of the process."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "labregistry", "--home", str(home), "--db", url, "import",
                             str(folder), "--yes", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8", cwd=ROOT)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"labregistry import failed: {err[-2000:]}")
    summary = json.loads(out)
    return {"wall_s": wall, "bundles": summary["imported"], "refused": summary["refused"]}


# ---------------------------------------------------------------- the floor: COPY


class CopyWriter:
    """Writes :func:`benchmarks.run.bundle_rows` with ``COPY``, ids handed out from counters
    started at each table's ``max(id)`` (one writer)."""

    def __init__(self, url: str) -> None:
        import psycopg

        from labregistry.storage import models  # noqa: F401 - the tables' metadata
        from sqlmodel import SQLModel

        self.conn = psycopg.connect(conninfo(url), autocommit=True)  # transaction(): one per bundle
        self.tables = SQLModel.metadata.tables
        self.next: dict[str, int] = {}
        self._convert: dict[tuple[str, str], Any] = {}

    def take_ids(self, table: str, n: int) -> int:
        if table not in self.next:
            row = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
            self.next[table] = int(row[0]) + 1 if row else 1
        first = self.next[table]
        self.next[table] += n
        return first

    def converter(self, table: str, column: str) -> Any:
        """What the column's type needs of a cell python-calamine read (floats for integers...)."""
        key = (table, column)
        if key not in self._convert:
            from sqlalchemy import Boolean, Date, DateTime, Float, Integer

            kind = self.tables[table].c[column].type
            if isinstance(kind, Boolean):
                fn: Any = lambda v: v if isinstance(v, str) else bool(v)  # noqa: E731 - "true" as it is
            elif isinstance(kind, Integer):
                fn = int
            elif isinstance(kind, Float):
                fn = float
            elif isinstance(kind, DateTime):
                fn = lambda v: v  # noqa: E731
            elif isinstance(kind, Date):
                fn = lambda v: v.date() if isinstance(v, dt.datetime) else v  # noqa: E731
            else:
                self._convert[key] = lambda v: v
                return self._convert[key]
            typed = fn
            fn = lambda v: None if v is None or v == "" else typed(v)  # noqa: E731
            self._convert[key] = fn
        return self._convert[key]

    def write(self, rows_of: list[tuple[str, list[str], list[list[Any]]]]) -> int:
        count = 0
        with self.conn.transaction(), self.conn.cursor() as cur:
            for table, names, rows in rows_of:
                if not rows:
                    continue
                convert = [self.converter(table, n) for n in names]
                with cur.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([f(v) for f, v in zip(convert, row, strict=True)])
                count += len(rows)
        return count

    def fix_sequences(self) -> None:
        """Each id sequence past the ids given here, for the app's own inserts afterwards."""
        with self.conn.transaction():
            for table in self.next:
                self.conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))")

    def close(self) -> None:
        self.conn.close()


def copy_floor(url: str, bundles: list[str]) -> dict[str, Any]:
    """The floor: every bundle read by python-calamine and its rows COPYed, one transaction each."""
    wall, cpu = time.perf_counter(), time.process_time()
    writer = CopyWriter(url)
    rows = 0
    for path in bundles:
        stamp = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        rows += writer.write(bench.bundle_rows(path, writer.take_ids, stamp))
    writer.close()
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu, "rows": rows}


def national(url: str, bundles: list[str], copies: int) -> dict[str, Any]:
    """``copies - 1`` more copies of the region's rows under new institutes (new USCCs and names)."""
    from labregistry.domain.codes import build_uscc
    from labregistry.exchange import schema

    started = time.perf_counter()
    writer = CopyWriter(url)
    stamp = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    parsed = [bench.bundle_rows(path, lambda _t, _n: 0, stamp) for path in bundles]
    log(f"national: {len(parsed)} bundles read in {time.perf_counter() - started:.0f} s")
    keys = list(schema.INSTITUTE.keys)
    uscc_at, name_at = 1 + keys.index("uscc"), 1 + keys.index("name")
    rows = 0
    for copy in range(1, copies):
        for i, tables in enumerate(parsed):
            rows += writer.write(renumbered(writer, tables, copy, i, uscc_at, name_at, build_uscc))
        log(f"national: copy {copy + 1} of {copies} written ({rows:,} rows so far)")
    writer.fix_sequences()
    writer.close()
    return {"wall_s": time.perf_counter() - started, "rows": rows}


def renumbered(writer: CopyWriter, tables: list[tuple[str, list[str], list[list[Any]]]], copy: int, index: int,
               uscc_at: int, name_at: int, build_uscc: Any) -> list[tuple[str, list[str], list[list[Any]]]]:
    """One bundle's rows as a new institute's: ids from the writer's counters, parent links
    moved along with them, a new USCC (institute ``copy * 300 + index``) and name."""
    base: dict[str, int] = {}
    out = []
    links = {"standard_id": "standard", "authorisation_id": "authorisation", "staff_id": "staff",
             "credential_id": "credential", "institute_id": "institute"}
    for table, names, rows in tables:
        first_given = min((r[0] for r in rows), default=0) if names[0] == "id" else 0
        if names[0] == "id":
            base[table] = writer.take_ids(table, len(rows)) - first_given
        moved = []
        for row in rows:
            new = list(row)
            for k, name in enumerate(names):
                if name == "id":
                    new[k] = row[k] + base[table]
                elif name in links and links[name] in base:
                    new[k] = row[k] + base[links[name]]
            if table == "institute":
                province, region, city = bench.PROVINCES[index % len(bench.PROVINCES)]
                n = copy * 300 + index
                new[uscc_at] = build_uscc("1", "2", region, f"{4 + n // 10_000_000}{n:07d}")
                new[name_at] = f"{city}第{n + 1}计量检测研究所"
            moved.append(new)
        out.append((table, names, moved))
    return out


# ---------------------------------------------------------------- search, alone and concurrent


def search_figures(home: Path, url: str, repeat: int) -> dict[str, Any]:
    from labregistry.registry import open_registry

    reg = open_registry(home, url, logging=False, migrate=False)
    try:
        return search_mix(reg, repeat)
    finally:
        reg.close()


def child_client(payload: dict[str, Any]) -> dict[str, Any]:
    """One app instance: the search mix in random order, a think time between searches,
    from the start file's appearance until the stop file's; every error kept."""
    from labregistry.inventory.criteria import build_criteria
    from labregistry.registry import open_registry
    from labregistry.services import inventory

    rng = random.Random(payload["seed"])
    reg = open_registry(Path(payload["home"]), payload["url"], logging=False, migrate=False)
    criteria = [build_criteria(**kw) for _label, kw in QUERIES]
    inventory.search(reg, criteria[0], limit=50)  # connected once before the start
    Path(payload["ready"]).touch()
    start, stop = Path(payload["start"]), Path(payload["stop"])
    while not start.exists():
        time.sleep(0.05)
    times: list[float] = []
    errors: list[str] = []
    while not stop.exists():
        cr = rng.choice(criteria)
        t = time.perf_counter()
        try:
            inventory.search(reg, cr, limit=50)
            times.append((time.perf_counter() - t) * 1000)
        except Exception as exc:  # noqa: BLE001 - every error is a finding
            errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
        time.sleep(rng.uniform(*THINK_S))
    reg.close()
    return {"times_ms": times, "errors": errors}


def concurrency(home: Path, url: str, folder: Path, clients: int) -> dict[str, Any]:
    """``clients`` searching processes while the CLI imports ``folder`` into the same database."""
    signals = Path(tempfile.mkdtemp(prefix="pgscale-signals-"))
    start, stop = signals / "start", signals / "stop"
    procs = []
    for k in range(clients):
        payload = {"home": str(home), "url": url, "seed": k, "ready": str(signals / f"ready-{k}"),
                   "start": str(start), "stop": str(stop)}
        procs.append(subprocess.Popen([sys.executable, __file__, "--child", "client", json.dumps(payload)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"))
    while sum(1 for _ in signals.glob("ready-*")) < clients:
        if any(p.poll() is not None for p in procs):
            raise SystemExit("a client died before the start: " + next(
                p.stderr.read()[-2000:] for p in procs if p.poll() is not None and p.stderr))
        time.sleep(0.1)
    start.touch()
    time.sleep(2)  # the clients under way before the import begins
    load_before = os.getloadavg()
    imported = cli_import(home, url, folder)
    stop.touch()
    times: list[float] = []
    errors: list[str] = []
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode != 0:
            errors.append(f"client exited {proc.returncode}: {err[-300:]}")
            continue
        result = json.loads(out.splitlines()[-1])
        times += result["times_ms"]
        errors += result["errors"]
    shutil.rmtree(signals, ignore_errors=True)
    return {"clients": clients, "think_s": list(THINK_S), "import": imported, "searches": len(times),
            "p50_ms": bench.percentile(times, 0.5) if times else None,
            "p95_ms": bench.percentile(times, 0.95) if times else None, "max_ms": max(times, default=None),
            "errors": len(errors), "error_samples": sorted(set(errors))[:10],
            "load_at_import_start": [round(x, 2) for x in load_before], "load_after": bench.loadavg()}


# ---------------------------------------------------------------- extra institutes for the concurrent import


def extra_bundles(work: Path, count: int, standards: int) -> tuple[Path, list[tuple[str, str]]]:
    """``count`` new institutes of ``standards`` each (USCCs after the region's), exported:
    the bundles the concurrent import brings. Cached in ``work/extra-<count>x<standards>``."""
    folder = work / f"extra-{count}x{standards}"
    manifest = folder / "manifest.json"
    if manifest.exists() and json.loads(manifest.read_text()).get("fingerprint") == bench.build_fingerprint():
        cards = [tuple(c) for c in json.loads(manifest.read_text())["cards"]]
        return folder / "bundles", cards  # type: ignore[return-value]
    shutil.rmtree(folder, ignore_errors=True)
    for sub in ("homes", "bundles", "cards"):
        (folder / sub).mkdir(parents=True)
    items = [{"index": 300 + k, "standards": standards, **bench.institute(300 + k),
              "home": str(folder / "homes" / f"x{k:03d}"), "card": str(folder / "cards" / f"x{k:03d}.card")}
             for k in range(count)]
    built = bench.child("build", {"items": items, "template": str(bench.template_db(work))})
    bench.child("export_all", {"items": [{"home": x["home"], "bundle": str(folder / "bundles" / f"x{k:03d}.xlsx")}
                                         for k, x in enumerate(items)]})
    by_index = {r["index"]: r["fingerprint"] for r in built["institutes"]}
    cards = [(x["card"], by_index[x["index"]]) for x in items]
    manifest.write_text(json.dumps({"fingerprint": bench.build_fingerprint(), "cards": cards}))
    return folder / "bundles", cards


def region(work: Path, size: str) -> dict[str, Any]:
    """The region's manifest (``size``: one of benchmarks/run.py's sizes), its bundles exported. Bundles already exported are used
    whatever code built them (run.py would build the homes again after any schema change,
    which changes nothing in a bundle); else the region is built and exported as run.py does."""
    path = work / size / "manifest.json"
    if path.exists():
        manifest: dict[str, Any] = json.loads(path.read_text())
        if manifest.get("spec") == bench.SIZES[size] and all(Path(x["bundle"]).exists()
                                                             for x in manifest["institutes"]):
            return manifest
    manifest = bench.build_region(work, size, 2)
    bench.export_region(manifest)
    return manifest


# ---------------------------------------------------------------- the write check's cost


def write_check_cost(url: str, samples: int = 200) -> dict[str, float]:
    """What ``storage.db._role_may_write`` costs each write transaction (one query of the catalogue)."""
    from labregistry.storage import db

    engine = db.make_engine(url)
    times = []
    with engine.connect() as conn:
        for _ in range(samples):
            t = time.perf_counter()
            db._role_may_write(conn)
            times.append((time.perf_counter() - t) * 1000)
        connect = []
    for _ in range(20):
        t = time.perf_counter()
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        connect.append((time.perf_counter() - t) * 1000)
    engine.dispose()
    return {"role_may_write_median_ms": statistics.median(times), "role_may_write_p95_ms": bench.percentile(times, 0.95),
            "connect_and_select_1_median_ms": statistics.median(connect)}


# ---------------------------------------------------------------- main


def main() -> int:
    from benchmarks.workdir import work_folder

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", type=Path, default=work_folder("labregistry-bench"),
                    help="where the 10x region is built and cached (benchmarks/run.py's --work)")
    ap.add_argument("--size", choices=("10x", "national"), default="10x",
                    help="national: also the region's rows five times (1,000,000 standards from 10x)")
    ap.add_argument("--region", choices=tuple(bench.SIZES), default="10x",
                    help="the region imported (quick: a smoke run of this script in minutes)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--extra", type=int, default=20, help="new institutes (1,000 standards each) imported concurrently")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--no-results", action="store_true", help="do not write benchmarks/results.json")
    ap.add_argument("--test-server-settings", action="store_true",
                    help="the server as the tests start it (128 MB shared buffers...), not as docs/regional-server.md says")
    ap.add_argument("--keep-server", type=Path, metavar="FILE",
                    help="leave the server running with its databases (to read plans at scale afterwards) "
                         "and write how to reach them to FILE (JSON); stop it with pg_ctl as FILE says")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ.setdefault("LABREGISTRY_TEST_FAST_KDF", "1")
    os.environ.setdefault("LABREGISTRY_PASSPHRASE", PASSPHRASE)
    if args.child:
        kind, payload = args.child
        print(json.dumps({"client": child_client}[kind](json.loads(payload))))
        return 0
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"started": bench.now_iso(), "size": args.size, "region": args.region, "load_at_start": bench.loadavg(),
                           "machine": bench.machine()}
    log(f"the {args.region} region in {work} ...")
    manifest = region(work, args.region)
    bundles = [x["bundle"] for x in manifest["institutes"]]
    extra_folder, extra_cards = extra_bundles(work, args.extra, 1000)
    cards = [(x["card"], x["fingerprint"]) for x in manifest["institutes"]]
    server = start_server(not args.test_server_settings)
    try:
        out["server"] = {"version": server_version(server), "settings": "tests/pgserver.py: fsync=off, "
                         "synchronous_commit=off, full_page_writes=off; " + (
                             "shared_buffers default (128 MB)" if args.test_server_settings else
                             "docs/regional-server.md's: " + json.dumps(server_settings(server)))}
        home = Path(tempfile.mkdtemp(prefix="pgscale-home-"))
        url = server.new_database()
        trusting_home(home, url, cards + extra_cards)
        log("CLI import of the 10x region ...")
        out["import"] = cli_import(home, url, Path(bundles[0]).parent)
        floor_url = server.new_database()
        from labregistry.storage import db

        engine = db.make_engine(floor_url)
        db.migrate(engine)
        engine.dispose()
        log(f"import {out['import']['wall_s']:.1f} s; the floor (COPY) ...")
        out["floor"] = copy_floor(floor_url, bundles)
        out["ratio"] = out["import"]["wall_s"] / out["floor"]["wall_s"]
        log(f"floor {out['floor']['wall_s']:.1f} s: ratio {out['ratio']:.2f}")
        server.drop({floor_url.rsplit("/", 1)[1].split("?")[0]})
        analyze(url)
        out["database_gb_10x"] = size_of(url)
        out["write_check"] = write_check_cost(url)
        log("search mix over 10x ...")
        out["search_10x"] = search_figures(home, url, args.repeat)
        if args.size == "national":
            nat_url = clone_database(server, url)
            out["national"] = national(nat_url, bundles, COPIES)
            analyze(nat_url)
            out["database_gb_national"] = size_of(nat_url)
            log("search mix over national ...")
            out["search_national"] = search_figures(home, nat_url, args.repeat)
        log(f"concurrency: {args.clients} clients while {args.extra} bundles are imported ...")
        out["concurrency"] = concurrency(home, url, extra_folder, args.clients)
        if args.keep_server:
            keep_server(args.keep_server, server, home, {"10x": url, **({"national": nat_url} if args.size == "national"
                                                                          else {})})
    finally:
        if not args.keep_server:
            server.stop()
    out["load_at_end"] = bench.loadavg()
    report(out)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    if not args.no_results:  # beside run.py's figures when it ran; a file of its own otherwise
        results = json.loads(bench.RESULTS.read_text(encoding="utf-8")) if bench.RESULTS.exists() else {}
        results["postgres"] = summary(out)
        bench.RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def keep_server(path: Path, server: Any, home: Path, urls: dict[str, str]) -> None:
    """What a person needs to reach the kept server, and to stop it (its data is several GB)."""
    stop = [*server._run_as, str(server._bindir / "pg_ctl"), "-D", str(server.dir / "data"), "-m", "fast", "stop"]
    path.write_text(json.dumps({"admin_conninfo": server.admin_conninfo(), "home": str(home), "urls": urls,
                                "folder": str(server.dir), "stop": " ".join(stop)}, indent=1))
    log(f"the server is left running: {path}")


def server_settings(server: Any) -> dict[str, str]:
    """What the server runs with, of the settings docs/regional-server.md gives."""
    import psycopg

    from tests.pgserver import regional_settings

    with psycopg.connect(server.admin_conninfo()) as conn:
        return {name: str(conn.execute(f"SHOW {name}").fetchone()[0]) for name in regional_settings()}  # type: ignore[index]


def server_version(server: Any) -> str:
    import psycopg

    with psycopg.connect(server.admin_conninfo()) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


def summary(out: dict[str, Any]) -> dict[str, Any]:
    """The figures with their targets, for results.json."""
    figures = [
        {"name": "10x: CLI import into PostgreSQL / COPY floor", "value": out["ratio"], "unit": "x",
         "target": f"<= {TARGETS['ratio']}", "met": out["ratio"] <= TARGETS["ratio"],
         "note": f"import {out['import']['wall_s']:.1f} s, floor {out['floor']['wall_s']:.1f} s"},
        {"name": "search p95 over 10x on PostgreSQL", "value": out["search_10x"]["search_p95_ms"], "unit": "ms",
         "target": f"< {TARGETS['search_10x_p95_ms']:.0f}",
         "met": out["search_10x"]["search_p95_ms"] < TARGETS["search_10x_p95_ms"]},
    ]
    if "search_national" in out:
        p95 = out["search_national"]["search_p95_ms"]
        figures.append({"name": "search p95 over 1,000,000 standards on PostgreSQL", "value": p95, "unit": "ms",
                        "target": f"< {TARGETS['search_national_p95_ms']:.0f}",
                        "met": p95 < TARGETS["search_national_p95_ms"]})
    c = out["concurrency"]
    figures.append({"name": f"{c['clients']} clients searching during an import: p95", "value": c["p95_ms"],
                    "unit": "ms", "target": f"< {TARGETS['concurrent_p95_ms']:.0f}, 0 errors",
                    "met": c["p95_ms"] is not None and c["p95_ms"] < TARGETS["concurrent_p95_ms"] and not c["errors"],
                    "note": f"{c['searches']} searches, {c['errors']} errors"})
    return {"started": out["started"], "load_at_start": out["load_at_start"], "load_at_end": out["load_at_end"],
            "figures": figures, "details": out}


def report(out: dict[str, Any]) -> None:
    for f in summary(out)["figures"]:
        verdict = "met" if f["met"] else "MISSED"
        print(f"{f['name']}: {f['value']:.2f} {f['unit']} (target {f['target']}: {verdict}) {f.get('note', '')}")


if __name__ == "__main__":
    raise SystemExit(main())
