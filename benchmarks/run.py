"""LabRegistry at regional scale: one command, a table, and ``benchmarks/results.json``.

    .venv/bin/python benchmarks/run.py            # full run: "region" (20,000) and "10x" (200,000)
    .venv/bin/python benchmarks/run.py --quick    # under a minute: a small region, no 10x

Builds synthetic regions with the project's own ``init``, ``demo`` and ``export`` (services,
each institute its own home, distinct valid USCCs), then measures, each heavy step in a
child process of its own so that its peak memory (RSS) is its own:

- export+sign of every institute, and of a 1,000-standard institute (best of 5);
- verify+import of the whole region (every bundle, into an empty home that trusts every
  issuer) against the floor for the same files in the same run: python-calamine parsing
  them plus plain ``sqlite3`` ``executemany`` inserting the same rows into the same schema;
- capability search p50/p95 and a table page (200 rows) over the 10x region, app cold
  start to a shown main window (offscreen), CLI start-up, certificates per second;
- the range and accuracy parsers and the sheet reader (benchmarks/units.py).

Each figure is printed with its target and met/missed, and written to results.json with the
machine and its load. Built regions are cached under ``--work`` (default: a folder in the
temp dir of this checkout's own, see benchmarks/workdir.py) and reused while the code that builds them is unchanged; imports always start
from an empty home. Keys are sealed with the test KDF (``LABREGISTRY_TEST_FAST_KDF=1``):
key unlocking (Argon2id, deliberately slow) is measured once, separately, by the CLI export.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# LABREGISTRY_BENCH_CODE=DIR measures another copy of the code (e.g. a checkout of an older
# commit) with the same regions: how the before/after figures in docs/benchmarks.md were taken
CODE = Path(os.environ.get("LABREGISTRY_BENCH_CODE") or ROOT).resolve()
if str(CODE) not in sys.path:
    sys.path.insert(0, str(CODE))
if str(ROOT) not in sys.path:  # benchmarks.workdir: this checkout's, whatever code is measured
    sys.path.append(str(ROOT))

PASSPHRASE = "benchmark passphrase"
RESULTS = Path(__file__).resolve().with_name("results.json")

# "largest": the standards of institute 0 (the 1,000-standard institute of the export target
# in "region"); others may be bigger (the distribution is skewed, see institute_sizes)
SIZES: dict[str, dict[str, int]] = {
    "quick": {"institutes": 20, "standards": 2_000, "largest": 500},
    "region": {"institutes": 300, "standards": 20_000, "largest": 1_000},
    "10x": {"institutes": 300, "standards": 200_000, "largest": 10_000},
}
PROVINCES = [("上海", "310000", "上海"), ("江苏", "320100", "南京"), ("浙江", "330100", "杭州"), ("安徽", "340100", "合肥")]
OWN_USCC_BODY = "99999999"  # the importing home's own institute

TARGETS = {
    "ratio": 2.5,  # import+verify / floor
    "export_1000_s": 1.0,
    "rss_10x_mb": 500.0,
    "search_p95_ms": 50.0,
    "certificates_per_s": 50.0,
    "cold_start_s": 2.0,
    "cli_start_s": 1.0,
}


# ---------------------------------------------------------------- small helpers


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    os_name = platform.platform()
    try:
        pretty = [x for x in Path("/etc/os-release").read_text().splitlines() if x.startswith("PRETTY_NAME=")]
        if pretty:
            os_name = pretty[0].split("=", 1)[1].strip('"')
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem_gib, "os": os_name,
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version}


def child(kind: str, payload: dict[str, Any], *, env: dict[str, str] | None = None, timeout: float = 3600
          ) -> dict[str, Any]:
    """Run ``kind`` in a child process (this file); its last stdout line is its JSON result."""
    proc = subprocess.run([sys.executable, __file__, "--child", kind, json.dumps(payload)],
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step {kind} failed:\n{proc.stderr[-4000:]}")
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    return json.loads(lines[-1])


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ---------------------------------------------------------------- the synthetic region


def institute_sizes(spec: dict[str, int]) -> list[int]:
    """Standards per institute: institute 0 has exactly ``largest`` (the 1,000-standard
    institute of the export target, in "region"), the others share the rest, skewed as
    real registries are (Zipf-like: a few provincial institutes with thousands, many with
    a handful)."""
    n, total, largest = spec["institutes"], spec["standards"], spec["largest"]
    rest = total - largest
    weights = [1 / (i ** 0.8) for i in range(1, n)]
    scale = rest / sum(weights)
    raw = [w * scale for w in weights]
    sizes = [max(1, int(x)) for x in raw]
    left = rest - sum(sizes)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in order[: max(0, left)]:
        sizes[i] += 1
    return [largest, *sizes]


def institute(i: int) -> dict[str, str]:
    from labregistry.domain.codes import build_uscc

    province, region, city = PROVINCES[i % len(PROVINCES)]
    return {"uscc": build_uscc("1", "2", region, f"{4 + i // 10_000_000}{i:07d}"),
            "name": f"{city}第{i + 1}计量检测研究所", "province": province, "city": city}


BUILD_VERSION = "2"  # bump when the way homes are built changes


def build_fingerprint() -> str:
    """Changes when the code that fills the homes changes (then they are built again)."""
    h = hashlib.sha256(BUILD_VERSION.encode())
    for rel in ("labregistry/demo/generator.py", "labregistry/demo/catalogue.py", "labregistry/domain/upstream.py",
                "labregistry/exchange/schema.py", "labregistry/storage/models.py"):
        path = ROOT / rel
        if path.exists():
            h.update(path.read_bytes())
    for path in sorted((ROOT / "labregistry/storage/migrations/versions").glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def template_db(work: Path) -> Path:
    """An empty database at the newest schema, copied into each new home (migrating 300
    homes one by one would measure Alembic, not the registry). Named by the build
    fingerprint, so that a new migration makes a new template (a stale one gave every home
    an old schema)."""
    target = work / f"template-{build_fingerprint()}.db"
    if target.exists():
        return target
    from labregistry.registry import open_registry

    home = Path(tempfile.mkdtemp(prefix="template-", dir=work))
    reg = open_registry(home, logging=False)
    reg.close()
    shutil.copyfile(home / "labregistry.db", target)
    shutil.rmtree(home, ignore_errors=True)
    return target


def new_home(path: Path, template: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    shutil.copyfile(template, path / "labregistry.db")


def build_region(work: Path, size: str, jobs: int) -> dict[str, Any]:
    """A home per institute of ``size`` (init + demo), with its key card; cached in
    ``work/size`` (the bundles are exported again by every run: :func:`export_region`)."""
    spec = SIZES[size]
    folder = work / size
    manifest_path = folder / "manifest.json"
    stamp = build_fingerprint()
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("fingerprint") == stamp and manifest.get("spec") == spec and \
                all(Path(x["home"]).exists() for x in manifest["institutes"]):
            manifest["cached"] = True
            return manifest
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    template = template_db(work)
    sizes = institute_sizes(spec)
    items = [{"index": i, "standards": n, **institute(i), "home": str(folder / "homes" / f"i{i:03d}"),
              "bundle": str(folder / "bundles" / f"i{i:03d}.xlsx"), "card": str(folder / "cards" / f"i{i:03d}.card")}
             for i, n in enumerate(sizes)]
    for sub in ("homes", "bundles", "cards"):
        (folder / sub).mkdir()
    started = time.perf_counter()
    # two workers share the institutes (largest first, alternating) on a 2-core machine
    ordered = sorted(items, key=lambda x: -x["standards"])
    chunks = [ordered[k::jobs] for k in range(jobs)]
    procs = [subprocess.Popen([sys.executable, __file__, "--child", "build",
                               json.dumps({"items": chunk, "template": str(template)})],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
             for chunk in chunks if chunk]
    results: list[dict[str, Any]] = []
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"building the region failed:\n{err[-4000:]}")
        results.extend(json.loads(out.splitlines()[-1])["institutes"])
    by_index = {r["index"]: r for r in results}
    manifest = {"size": size, "fingerprint": stamp, "built_at": now_iso(),
                "build_seconds": round(time.perf_counter() - started, 1), "spec": spec,
                "institutes": [{**item, **by_index[item["index"]]} for item in items]}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    manifest["cached"] = False
    return manifest


def child_build(payload: dict[str, Any]) -> dict[str, Any]:
    from labregistry.demo import populate_demo
    from labregistry.domain.records import InstituteInput
    from labregistry.registry import open_registry
    from labregistry.services import setup

    template = Path(payload["template"])
    out = []
    for item in payload["items"]:
        home = Path(item["home"])
        new_home(home, template)
        reg = open_registry(home, logging=False)
        setup.init_registry(reg, InstituteInput(name=item["name"], uscc=item["uscc"], province=item["province"],
                                                city=item["city"]), PASSPHRASE, operator="benchmark")
        summary = populate_demo(reg, standards=item["standards"], seed=1000 + item["index"])
        Path(item["card"]).write_bytes(setup.keystore(reg).card_bytes())
        info = setup.own_key_info(reg)
        reg.close()
        out.append({"index": item["index"], "fingerprint": info.fingerprint,
                    "records": summary.standards + summary.authorisations + summary.staff})
    return {"institutes": out}


def export_region(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Every institute exports and signs its bundle, one after the other, in one process
    (timed one by one); the import runs below read these files."""
    result = child("export_all", {"items": [{"home": x["home"], "bundle": x["bundle"]} for x in manifest["institutes"]]})
    return result["exports"]  # type: ignore[no-any-return]


def child_export_all(payload: dict[str, Any]) -> dict[str, Any]:
    from labregistry.registry import open_registry
    from labregistry.services import exchange

    out = []
    for item in payload["items"]:
        reg = open_registry(Path(item["home"]), logging=False)
        wall, cpu = time.perf_counter(), time.process_time()
        exchange.export_bundle(reg, item["bundle"], PASSPHRASE)
        out.append({"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu,
                    "bytes": Path(item["bundle"]).stat().st_size})
        reg.close()
    return {"exports": out}


def trusting_home(work: Path, manifest: dict[str, Any]) -> Path:
    """An empty home (own institute, no records) trusting every issuer of the region: the
    starting point of every import run, kept as a copy."""
    folder = work / manifest["size"]
    seed = folder / "trusting-home"
    stamp = folder / "trusting-home.json"
    if stamp.exists() and json.loads(stamp.read_text()).get("built_at") == manifest["built_at"]:
        return seed
    if seed.exists():
        shutil.rmtree(seed)
    child("trust", {"home": str(seed), "template": str(template_db(work)),
                    "cards": [[x["card"], x["fingerprint"]] for x in manifest["institutes"]]})
    stamp.write_text(json.dumps({"built_at": manifest["built_at"]}))
    return seed


def child_trust(payload: dict[str, Any]) -> dict[str, Any]:
    from labregistry.domain.codes import build_uscc
    from labregistry.domain.records import InstituteInput
    from labregistry.registry import open_registry
    from labregistry.services import exchange, setup

    home = Path(payload["home"])
    new_home(home, Path(payload["template"]))
    reg = open_registry(home, logging=False)
    setup.init_registry(reg, InstituteInput(name="长三角区域计量数据中心", uscc=build_uscc("1", "2", "310000", OWN_USCC_BODY),
                                            province="上海", city="上海"), PASSPHRASE, operator="benchmark")
    for card, fp in payload["cards"]:
        exchange.trust_add(reg, card, fp, operator="benchmark")
    reg.close()
    return {"trusted": len(payload["cards"])}


def fresh_copy(seed: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(seed, target, ignore=shutil.ignore_patterns("backups", "logs"))
    return target


# ---------------------------------------------------------------- import and its floor


def child_import(payload: dict[str, Any]) -> dict[str, Any]:
    from labregistry.registry import open_registry
    from labregistry.services import exchange

    wall, cpu = time.perf_counter(), time.process_time()
    reg = open_registry(Path(payload["home"]), logging=False)
    paths = payload["bundles"]
    counts = {"added": 0, "changed": 0, "withdrawn": 0}
    batch = getattr(exchange, "import_bundles", None)
    if batch is not None:
        results = batch(reg, paths, operator="benchmark")
    else:  # before the batch service: one import (and one backup) per bundle
        results = [exchange.import_bundle(reg, p, confirm=lambda _plan: True, operator="benchmark") for p in paths]
    for result in results:
        if not result.applied:
            raise SystemExit(f"not imported: {result.verification.reason}")
        for k, v in result.plan.counts().items():
            counts[k] += v
    reg.close()
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu, "peak_rss_mb": peak_rss_mb(),
            "bundles": len(paths), "records": counts, "batch": batch is not None}


def child_cli_import(payload: dict[str, Any]) -> dict[str, Any]:
    """``labregistry import FOLDER --yes --json`` as a coordinator runs it (issue 19): one
    process, start-up included; its own peak RSS (this child's only child)."""
    wall = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "labregistry", "--home", payload["home"], "import", payload["folder"],
                           "--yes", "--json"], capture_output=True, text=True, encoding="utf-8", cwd=CODE)
    elapsed = time.perf_counter() - wall
    if proc.returncode != 0:
        raise SystemExit(f"labregistry import failed: {proc.stderr[-2000:]}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = json.loads(proc.stdout)
    return {"wall_s": elapsed, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "bundles": summary["imported"],
            "refused": summary["refused"]}


def bundle_rows(path: str, take_ids: Any, stamp: dt.datetime) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The rows the floor writes for one bundle: (table, columns, rows) in insertion order,
    parents first. python-calamine reads every sheet; ``take_ids(table, n)`` hands out the
    first of ``n`` new ids of ``table`` (given up front, so children link without a query)."""
    import io

    from python_calamine import CalamineWorkbook

    from labregistry.exchange import schema

    with open(path, "rb") as f:
        data = f.read()
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = {name: wb.get_sheet_by_name(name).to_python()[1:] for name in wb.sheet_names}
    out: list[tuple[str, list[str], list[list[Any]]]] = []
    inst_id = take_ids("institute", 1)
    out.append(("institute", ["id", *schema.INSTITUTE.keys, "is_own", "created_at", "updated_at"],
                [[inst_id, *sheets[schema.INSTITUTE.spec.name][0], 0, stamp, stamp]]))

    def parents(sheet: Any, table: str) -> dict[Any, int]:
        rows_of = sheets[sheet.spec.name]
        base, ids, rows = take_ids(table, len(rows_of)), {}, []
        for k, row in enumerate(rows_of):
            ids[row[0]] = base + k
            rows.append([base + k, inst_id, stamp, stamp, *row])
        out.append((table, ["id", "institute_id", "created_at", "updated_at", *sheet.keys], rows))
        return ids

    def children(sheet: Any, table: str, fk: str, ids: dict[Any, int]) -> None:
        out.append((table, [fk, *sheet.keys[1:]], [[ids[r[0]], *r[1:]] for r in sheets[sheet.spec.name]]))

    standards = parents(schema.STANDARDS, "standard")
    children(schema.INSTRUMENTS, "instrument", "standard_id", standards)
    children(schema.SERVICES, "service", "standard_id", standards)
    capabilities = getattr(schema, "CAPABILITIES", None)  # bundle format 3 on: the rows are in the file
    if capabilities is not None and capabilities.spec.name in sheets:
        # as the import stores them: with the accuracy's figures and error terms derived from its
        # text (without them every row of the floor and of pgscale's national copies compared as
        # "not comparable", found by h-recog)
        from labregistry.exchange import capabilities as caps

        out.append(("capability", ["standard_id", *caps.STORED],
                    caps.stored_rows(sheets[capabilities.spec.name], standards)))
    children(schema.AUTHORISED_ITEMS, "authorisation_item", "authorisation_id",
             parents(schema.AUTHORISATIONS, "authorisation"))
    staff = parents(schema.STAFF, "staff")
    credentials = sheets[schema.CREDENTIALS.spec.name]
    base, cred_ids, rows = take_ids("credential", len(credentials)), {}, []
    for k, row in enumerate(credentials):
        cred_ids[(row[0], row[1])] = base + k
        rows.append([base + k, staff[row[0]], *row[1:]])
    out.append(("credential", ["id", "staff_id", *schema.CREDENTIALS.keys[1:]], rows))
    out.append(("credential_item", ["credential_id", "position", "name", "discipline"],
                [[cred_ids[(r[0], r[1])], *r[2:]] for r in sheets[schema.CREDENTIAL_ITEMS.spec.name]]))
    return out


def child_floor(payload: dict[str, Any]) -> dict[str, Any]:
    """The floor: python-calamine reads every sheet of every bundle, and plain sqlite3
    ``executemany`` inserts the same rows into the same schema (one transaction per bundle,
    ids assigned up front so children link without a query). No verification, no checks."""
    sqlite3.register_adapter(dt.date, dt.date.isoformat)
    sqlite3.register_adapter(dt.datetime, lambda d: d.isoformat(" "))
    wall, cpu = time.perf_counter(), time.process_time()
    con = sqlite3.connect(Path(payload["home"]) / "labregistry.db", isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=30000", "synchronous=NORMAL"):
        con.execute(f"PRAGMA {pragma}")

    def next_id(table: str, _n: int) -> int:
        return int(con.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]) + 1

    rows_in = 0
    for path in payload["bundles"]:
        stamp = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        con.execute("BEGIN")
        for table, names, rows in bundle_rows(path, next_id, stamp):
            con.executemany(f"INSERT INTO {table} ({','.join(names)}) VALUES ({','.join('?' * len(names))})", rows)
            rows_in += len(rows) if table != "institute" else 0
        con.execute("COMMIT")
    con.close()
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu, "peak_rss_mb": peak_rss_mb(),
            "bundles": len(payload["bundles"]), "rows": rows_in}


def measure_import(work: Path, manifest: dict[str, Any], repeat: int, keep_last: bool = False) -> dict[str, Any]:
    seed = trusting_home(work, manifest)
    bundles = [x["bundle"] for x in manifest["institutes"]]
    template = template_db(work)
    runs_import: list[dict[str, Any]] = []
    runs_floor: list[dict[str, Any]] = []
    runs_cli: list[dict[str, Any]] = []
    folder = Path(bundles[0]).parent  # every bundle of the region, and nothing else
    target = work / manifest["size"] / "imported-home"
    floor_home = work / manifest["size"] / "floor-home"
    for k in range(repeat):
        new_home(floor_home, template)
        runs_floor.append(child("floor", {"home": str(floor_home), "bundles": bundles}))
        fresh_copy(seed, target)
        runs_import.append(child("import", {"home": str(target), "bundles": bundles}))
        if has_folder_import():
            fresh_copy(seed, target)
            runs_cli.append(child("cli_import", {"home": str(target), "folder": str(folder)}))
        print(f"  {manifest['size']} run {k + 1}/{repeat}: import {runs_import[-1]['wall_s']:.1f} s, "
              + (f"CLI import {runs_cli[-1]['wall_s']:.1f} s, " if runs_cli else "")
              + f"floor {runs_floor[-1]['wall_s']:.1f} s", flush=True)
    shutil.rmtree(floor_home, ignore_errors=True)
    if not keep_last:
        shutil.rmtree(target, ignore_errors=True)
    best_i = min(runs_import, key=lambda r: r["wall_s"])
    best_f = min(runs_floor, key=lambda r: r["wall_s"])
    best_c = min(runs_cli, key=lambda r: r["wall_s"]) if runs_cli else None
    return {
        "import": best_i, "floor": best_f, "runs_import": runs_import, "runs_floor": runs_floor,
        "cli": best_c, "runs_cli": runs_cli,
        "ratio_cli_wall": best_c["wall_s"] / best_f["wall_s"] if best_c else None,
        "ratio_wall": best_i["wall_s"] / best_f["wall_s"],
        "ratio_cpu": min(r["cpu_s"] for r in runs_import) / min(r["cpu_s"] for r in runs_floor),
        "home": str(target) if keep_last else None,
    }


def has_folder_import() -> bool:
    """Whether the code measured imports a folder in one command (issue 19)."""
    return (CODE / "labregistry" / "services" / "regionimport.py").exists()


# ---------------------------------------------------------------- export


def child_export(payload: dict[str, Any]) -> dict[str, Any]:
    from labregistry.registry import open_registry
    from labregistry.services import exchange

    reg = open_registry(Path(payload["home"]), logging=False)
    out = Path(payload["out"])
    walls, cpus = [], []
    for _ in range(payload["repeat"]):
        wall, cpu = time.perf_counter(), time.process_time()
        exchange.export_bundle(reg, out, PASSPHRASE)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    reg.close()
    out.unlink(missing_ok=True)
    return {"best_wall_s": min(walls), "median_wall_s": statistics.median(walls), "best_cpu_s": min(cpus),
            "runs": len(walls)}


def measure_cli(home: Path, *args: str, repeat: int = 5, env: dict[str, str] | None = None) -> dict[str, Any]:
    walls = []
    for _ in range(repeat):
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "labregistry", "--home", str(home), *args],
                              capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=CODE)
        walls.append(time.perf_counter() - started)
        if proc.returncode != 0:
            raise SystemExit(f"labregistry {' '.join(args)} failed: {proc.stderr}")
    return {"best_s": min(walls), "median_s": statistics.median(walls), "runs": repeat}


def cli_export_production_key(work: Path) -> dict[str, Any]:
    """``labregistry export`` of a 1,000-standard institute whose key is sealed with the
    production KDF: start-up + unlocking the key + export + sign, as a user runs it."""
    home = work / "cli-export-home"
    env = {k: v for k, v in os.environ.items() if k != "LABREGISTRY_TEST_FAST_KDF"}
    env["LABREGISTRY_PASSPHRASE"] = PASSPHRASE
    if not (home / "ready").exists():
        if home.exists():
            shutil.rmtree(home)
        info = institute(0)
        for args in (["init", "--name", info["name"], "--uscc", info["uscc"], "--province", info["province"],
                      "--city", info["city"]], ["demo", "--standards", "1000", "--seed", "7"]):
            proc = subprocess.run([sys.executable, "-m", "labregistry", "--home", str(home), *args],
                                  capture_output=True, text=True, env=env, cwd=ROOT)
            if proc.returncode != 0:
                raise SystemExit(proc.stderr)
        (home / "ready").write_text("1")
    out = work / "cli-export.xlsx"
    return measure_cli(home, "export", str(out), repeat=3,
                       env={"LABREGISTRY_PASSPHRASE": PASSPHRASE, "LABREGISTRY_TEST_FAST_KDF": ""})


# ---------------------------------------------------------------- search, table, cold start, certificates


def child_queries(payload: dict[str, Any]) -> dict[str, Any]:
    import random

    from labregistry.registry import open_registry
    from labregistry.services import listing
    from labregistry.storage.queries import RecordQuery

    reg = open_registry(Path(payload["home"]), logging=False, migrate=False)
    out: dict[str, Any] = {}
    # the table model: every id of the list (sorted), then one 200-row page at a time
    id_times, page_times = [], []
    ids: list[int] = []
    for _ in range(3):
        started = time.perf_counter()
        ids = listing.record_ids(reg, RecordQuery(kind="standards"))
        id_times.append(time.perf_counter() - started)
    rng = random.Random(9)
    for _ in range(40):
        start = rng.randrange(0, max(1, len(ids) - 200))
        started = time.perf_counter()
        listing.rows_by_ids(reg, "standards", ids[start:start + 200])
        page_times.append(time.perf_counter() - started)
    out["table"] = {"rows": len(ids), "ids_ms": [round(t * 1000, 1) for t in id_times],
                    "page_p50_ms": percentile(page_times, 0.5) * 1000, "page_p95_ms": percentile(page_times, 0.95) * 1000}
    # capability search: benchmarks/search.py's query mix when it is there
    try:
        from labregistry.services import inventory
    except ImportError:
        inventory = None  # type: ignore[assignment]
    times: list[float] = []
    per_query: list[dict[str, Any]] = []
    search_script = Path(__file__).with_name("search.py")
    if inventory is not None and search_script.exists():
        import importlib.util

        spec = importlib.util.spec_from_file_location("_bench_search", search_script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        figures = module.run(reg, payload.get("repeat", 5))
        out["search"] = {"how": "benchmarks/search.py run(): its query mix through labregistry.services.inventory, "
                                "first page of 50 with the total, fresh connection per call",
                         "samples": figures["calls"], "p50_ms": figures["search_p50_ms"],
                         "p95_ms": figures["search_p95_ms"], "first_page_p95_ms": figures["first_page_p95_ms"],
                         "queries": figures["queries"], "others_ms": figures.get("others")}
    elif inventory is not None:
        queries = [
            {"text": "压力"}, {"text": "温度"}, {"text": "数字多用表"}, {"text": "砝码"}, {"text": "流量"},
            {"quantity": "压力", "low": "0.5", "high": "10", "unit": "MPa"},
            {"quantity": "温度", "low": "100", "high": "300", "unit": "℃"},
            {"quantity": "电压", "low": "1", "high": "100", "unit": "V", "max_uncertainty": "0.01%"},
            {"quantity": "质量", "low": "1", "high": "20", "unit": "kg"},
            {"text": "检定装置", "provinces": "江苏"}, {"code": "12"}, {"discipline": "力学"},
            {"text": "校准", "valid_on": dt.date.today().isoformat()},
            {"kind": "authorisations", "text": "压力"}, {"kind": "staff", "text": "王"},
        ]
        for q in queries:
            try:
                criteria = inventory.build_criteria(**q)
            except Exception as exc:  # noqa: BLE001 - a criterion this version does not know
                per_query.append({"query": q, "error": str(exc)[:120]})
                continue
            samples = []
            hits = None
            for _ in range(5):
                started = time.perf_counter()
                page = inventory.search(reg, criteria, limit=50)
                samples.append(time.perf_counter() - started)
                hits = page.total
            times.extend(samples)
            per_query.append({"query": q, "p50_ms": round(percentile(samples, 0.5) * 1000, 1),
                              "max_ms": round(max(samples) * 1000, 1), "total": hits})
        out["search"] = {"how": "labregistry.services.inventory.search, 50-row first page with total",
                         "samples": len(times), "p50_ms": percentile(times, 0.5) * 1000,
                         "p95_ms": percentile(times, 0.95) * 1000, "queries": per_query}
    else:  # no inventory service yet: the list queries instead
        for _ in range(20):
            started = time.perf_counter()
            listing.list_records(reg, RecordQuery(kind="standards", text="压力"), limit=50)
            times.append(time.perf_counter() - started)
        out["search"] = {"how": "no labregistry.services.inventory: listing.list_records(text=压力)",
                         "samples": len(times), "p50_ms": percentile(times, 0.5) * 1000,
                         "p95_ms": percentile(times, 0.95) * 1000}
    reg.close()
    return out


_COLD_START = r"""
import json, os, sys, time
started = time.perf_counter()
from ui import app as uiapp
qapp = uiapp.application([])
controller = uiapp.start(home=sys.argv[1])
if controller is None:
    raise SystemExit("the registry did not open")
window = controller.window
qapp.processEvents()
shown = time.perf_counter() - started
ok = bool(window is not None and window.isVisible())
controller.close()
print(json.dumps({"shown_s": shown, "visible": ok}))
"""


def measure_cold_start(home: Path, repeat: int) -> dict[str, Any] | None:
    try:
        import PySide6  # noqa: F401
    except ImportError:
        return None
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    walls, inner, cpus = [], [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _COLD_START, str(home)], capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=300)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if proc.returncode != 0:
            return {"error": proc.stderr[-600:]}
        inner.append(json.loads(proc.stdout.splitlines()[-1])["shown_s"])
    return {"process_to_shown_best_s": min(inner), "process_total_best_s": min(walls),
            "process_cpu_best_s": min(cpus), "load": loadavg(),
            "how": "python -c: import ui.app, application(), start(home) (opens the registry, builds and "
                   "shows MainWindow), processEvents; offscreen; time from interpreter start to shown "
                   "(process_total includes interpreter start-up and tear-down)"}


FROZEN_APP = ROOT / "dist" / "linux" / "labregistry" / "labregistry"


def measure_frozen_cold_start(work: Path, repeat: int) -> dict[str, Any] | None:
    """The installed app (packaging/build.sh linux) from launch to its shown main window,
    offscreen: the time a lab manager waits. Only when dist/linux holds a build. Its home
    is made by the frozen CLI itself (init, demo 200); the window reports when it is shown
    (LABREGISTRY_SMOKE, see ui/smoke.py), against a clock read just before the launch."""
    if not FROZEN_APP.exists():
        return None
    home = work / "frozen-home"
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "LABREGISTRY_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LABREGISTRY_TEST_FAST_KDF", None)  # the frozen app as shipped
    for args in (["init", "--name", "上海市计量测试技术研究院", "--uscc", "12310000425011296P", "--province", "上海",
                  "--city", "上海"], ["demo", "--standards", "200"]):
        proc = subprocess.run([str(FROZEN_APP), "--home", str(home), *args], capture_output=True, text=True, env=env,
                              timeout=300)
        if proc.returncode != 0:
            return {"error": proc.stderr[-600:]}
    shown, walls, cpus = [], [], []
    for _ in range(repeat):
        report = work / "frozen-smoke.json"
        report.unlink(missing_ok=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.time()
        proc = subprocess.run([str(FROZEN_APP), "--home", str(home), "gui"], capture_output=True, text=True,
                              env={**env, "LABREGISTRY_SMOKE": str(report)}, timeout=300)
        walls.append(time.time() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if proc.returncode != 0 or not report.exists():
            return {"error": proc.stderr[-600:] or "no report"}
        shown.append(json.loads(report.read_text(encoding="utf-8"))["shown_at"] - started)
    shutil.rmtree(home, ignore_errors=True)
    return {"shown_best_s": min(shown), "shown_median_s": statistics.median(shown), "process_best_s": min(walls),
            "process_cpu_best_s": min(cpus), "runs": len(shown), "app": str(FROZEN_APP), "load": loadavg(),
            "how": "dist/linux/labregistry/labregistry --home H gui, offscreen, 200 demo standards: from just "
                   "before the launch to the main window shown (first run after the others' page cache, so "
                   "the first of the runs is the coldest)"}


def measure_table_open(work: Path) -> dict[str, Any] | None:
    """benchmarks/table_open.py: the app's standards page over 200,000 own standards (its own
    home, built once under ``work``: the region's homes list other institutes' standards)."""
    script = ROOT / "benchmarks" / "table_open.py"
    try:
        import PySide6  # noqa: F401
    except ImportError:
        return None
    proc = subprocess.run([sys.executable, str(script), "--work", str(work), "--json"], check=False,
                          capture_output=True, text=True, cwd=ROOT, timeout=3600)
    if proc.returncode != 0:
        return {"error": proc.stderr[-600:]}
    return {k: v for k, v in json.loads(proc.stdout).items() if k != "runs"}


def measure_units() -> dict[str, Any]:
    """benchmarks/units.py: the parsers and the sheet reader (limits unit tests used to assert)."""
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "units.py"), "--json"], capture_output=True,
                          text=True, cwd=ROOT, timeout=1800)
    if proc.returncode != 0:
        return {"error": proc.stderr[-600:]}
    return dict(json.loads(proc.stdout))


UNIT_FIGURES = {  # units.py's figure -> (what, unit)
    "range_ms": ("parse a measurement range, per call", "ms"),
    "range_accuracy_ms": ("parse a range and an accuracy, per call", "ms"),
    "sheet_write_s": ("write a 5,000 x 25 sheet (CPU)", "s"),
    "sheet_read_s": ("read a 5,000 x 25 sheet (CPU)", "s"),
    "far_row_refusal_s": ("refuse a sheet with a cell at row 1,048,576 (CPU)", "s"),
}


def measure_certificates(quick: bool) -> dict[str, Any] | None:
    script = ROOT / "benchmarks" / "certificates.py"
    if not script.exists():
        return None
    args = ["--standards", "60", "--single", "20"] if quick else ["--standards", "300", "--single", "100"]
    proc = subprocess.run([sys.executable, str(script), *args, "--json"], capture_output=True, text=True, cwd=ROOT,
                          timeout=1800)
    if proc.returncode != 0:
        return {"error": proc.stderr[-600:]}
    data = json.loads(proc.stdout[proc.stdout.index("{"):])
    return {"single_per_s": data["single"]["per_s_wall"], "batch_one_file_each_per_s": data["batch_one_file_each"]
            ["per_s_wall"], "batch_one_pdf_per_s": data["batch_one_pdf"]["per_s_wall"],
            "single_per_s_cpu": data["single"]["per_s_cpu"], "args": args}


# ---------------------------------------------------------------- the run


class Table:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, name: str, value: float | None, unit: str, target: str | None = None, met: bool | None = None,
            note: str = "") -> None:
        self.rows.append({"name": name, "value": None if value is None else round(value, 4), "unit": unit,
                          "target": target, "met": met, "note": note})

    def render(self) -> str:
        lines = [f"{'figure':58} {'value':>12}  {'target':>10}  result", "-" * 96]
        for r in self.rows:
            value = "-" if r["value"] is None else f"{r['value']:,.3f}".rstrip("0").rstrip(".")
            result = {True: "met", False: "MISSED", None: ""}[r["met"]]
            lines.append(f"{r['name'][:58]:58} {value:>9} {r['unit']:<3} {r['target'] or '':>10}  {result}"
                         + (f"  ({r['note']})" if r["note"] else ""))
        return "\n".join(lines)


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [f"Run of {results['started']} ({results['mode']}, {results['seconds']:.0f} s): {m['cpu']}, "
             f"{m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, Python {m['python']}, SQLite {m['sqlite']}; "
             f"load average {results['load_at_start']} -> {results['load_at_end']}.", "",
             "| figure | value | target | result | notes |", "|---|---:|---:|---|---|"]
    for r in results["figures"]:
        value = "-" if r["value"] is None else f"{r['value']:,.3f}".rstrip("0").rstrip(".") + f" {r['unit']}"
        result = {True: "met", False: "**missed**", None: ""}[r["met"]]
        lines.append(f"| {r['name']} | {value} | {r['target'] or ''} | {result} | {r['note']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.workdir import work_folder

    ap = argparse.ArgumentParser(description="LabRegistry regional benchmarks (issue 9)")
    ap.add_argument("--quick", action="store_true", help="a small region only; under a minute")
    ap.add_argument("--work", type=Path, default=work_folder("labregistry-bench"),
                    help="where regions are built and cached (default: %(default)s, this checkout's own: "
                         "the name ends in a hash of the checkout's path, so that runs from two checkouts "
                         "never share a folder)")
    ap.add_argument("--sizes", default=None, help="comma-separated sizes to run (quick, region, 10x)")
    ap.add_argument("--repeat", type=int, default=None,
                    help="import/floor runs per size, the best kept (default: 3 for region, 1 otherwise)")
    ap.add_argument("--jobs", type=int, default=2, help="processes that build a region")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--markdown", type=Path, metavar="RESULTS",
                    help="print the table of a results.json as Markdown (for docs/benchmarks.md) and stop")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--frozen-only", action="store_true",
                    help="only the installed app's start-up (needs packaging/build.sh linux first)")
    args = ap.parse_args(argv)
    if args.frozen_only:
        args.work.mkdir(parents=True, exist_ok=True)
        figure = measure_frozen_cold_start(args.work.resolve(), 5)
        print(json.dumps(figure if figure is not None else {"error": f"no build at {FROZEN_APP}"}, indent=1))
        return 0 if figure is not None and "error" not in figure else 1
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text(encoding="utf-8"))))
        return 0
    os.environ.setdefault("LABREGISTRY_TEST_FAST_KDF", "1")
    if args.child:
        kind, payload = args.child
        fn = {"build": child_build, "trust": child_trust, "import": child_import, "floor": child_floor,
              "cli_import": child_cli_import,
              "export": child_export, "export_all": child_export_all, "queries": child_queries}[kind]
        print(json.dumps(fn(json.loads(payload)), ensure_ascii=False, default=str))
        return 0

    started = time.perf_counter()
    sizes = args.sizes.split(",") if args.sizes else (["quick"] if args.quick else ["region", "10x"])
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"mode": "quick" if args.quick else "full", "started": now_iso(),
                               "machine": machine(), "load_at_start": loadavg(), "sizes": {}, "figures": []}
    table = Table()
    print(f"LabRegistry benchmarks ({results['mode']}), work folder {work}", flush=True)

    exports_1000: dict[str, Any] | None = None
    last_home: Path | None = None
    for size in sizes:
        spec = SIZES[size]
        print(f"building {size}: {spec['institutes']} institutes, {spec['standards']:,} standards ...", flush=True)
        manifest = build_region(work, size, args.jobs)
        insts = manifest["institutes"]
        print(f"exporting {size} ({len(insts)} bundles) ...", flush=True)
        exports = export_region(manifest)
        walls = [x["wall_s"] for x in exports]
        per_k = [x["wall_s"] / max(1, i["standards"]) * 1000 for x, i in zip(exports, insts, strict=True)]
        size_out: dict[str, Any] = {"spec": spec, "homes_cached": manifest["cached"],
                                    "build_seconds": manifest["build_seconds"],
                                    "bundle_mb_total": round(sum(x["bytes"] for x in exports) / 1e6, 1),
                                    "export_s": {"median": statistics.median(walls), "p95": percentile(walls, 0.95),
                                                 "max": max(walls), "total": sum(walls),
                                                 "cpu_total": sum(x["cpu_s"] for x in exports),
                                                 "institute_0": {"standards": insts[0]["standards"], "wall_s": exports[0]["wall_s"]},
                                                 "per_1000_standards_median": statistics.median(per_k)}}
        biggest = max(range(len(insts)), key=lambda i: insts[i]["standards"])
        size_out["export_s"]["biggest_institute"] = {"standards": insts[biggest]["standards"],
                                                     "wall_s": exports[biggest]["wall_s"]}
        table.add(f"{size}: export+sign per institute, median", statistics.median(walls), "s",
                  note=f"p95 {percentile(walls, 0.95):.2f} s; {insts[biggest]['standards']:,} std "
                       f"{exports[biggest]['wall_s']:.2f} s; all {sum(walls):.0f} s")
        if exports_1000 is None and (insts[0]["standards"] == 1000 or args.quick):
            exports_1000 = child("export", {"home": insts[0]["home"], "out": str(work / "export-probe.xlsx"),
                                            "repeat": 5})
            exports_1000["standards"] = insts[0]["standards"]
        keep = size == sizes[-1]
        results_institutes = insts
        print(f"importing {size} (x{args.repeat or (3 if size == 'region' else 1)}, with the floor) ...", flush=True)
        imp = measure_import(work, manifest, args.repeat or (3 if size == "region" else 1), keep_last=keep)
        if keep and imp["home"]:
            last_home = Path(imp["home"])
        size_out["import"] = imp
        results["sizes"][size] = size_out
        ratio_ok = imp["ratio_wall"] < TARGETS["ratio"]
        table.add(f"{size}: verify+import of {len(insts)} bundles", imp["import"]["wall_s"], "s",
                  note=f"cpu {imp['import']['cpu_s']:.1f} s, peak RSS {imp['import']['peak_rss_mb']:.0f} MB")
        table.add(f"{size}: floor (calamine + sqlite3 executemany)", imp["floor"]["wall_s"], "s",
                  note=f"cpu {imp['floor']['cpu_s']:.1f} s, peak RSS {imp['floor']['peak_rss_mb']:.0f} MB")
        table.add(f"{size}: import / floor", imp["ratio_wall"], "x", f"< {TARGETS['ratio']}", ratio_ok,
                  note=f"cpu ratio {imp['ratio_cpu']:.2f}")
        if imp["cli"] is not None:
            cli_ok = imp["ratio_cli_wall"] <= TARGETS["ratio"]
            table.add(f"{size}: CLI import FOLDER --yes ({len(insts)} bundles)", imp["cli"]["wall_s"], "s",
                      note=f"one process, start-up included; peak RSS {imp['cli']['peak_rss_mb']:.0f} MB")
            table.add(f"{size}: CLI import / floor", imp["ratio_cli_wall"], "x", f"<= {TARGETS['ratio']}", cli_ok)
        if size == "10x":
            rss = imp["import"]["peak_rss_mb"]
            table.add("10x: import peak RSS", rss, "MB", f"< {TARGETS['rss_10x_mb']:.0f}", rss < TARGETS["rss_10x_mb"])

    if exports_1000 is not None:
        n = exports_1000["standards"]
        best = exports_1000["best_wall_s"]
        met = best < TARGETS["export_1000_s"] if n == 1000 else None
        table.add(f"export+sign, {n:,}-standard institute (best of 5)", best, "s",
                  f"< {TARGETS['export_1000_s']:.0f}" if n == 1000 else None, met,
                  note=f"median {exports_1000['median_wall_s']:.2f} s, cpu {exports_1000['best_cpu_s']:.2f} s; "
                       "service call, key unlocked with the test KDF")
        results["export_1000"] = exports_1000
    if not args.quick:
        cli_export = cli_export_production_key(work)
        results["cli_export_production_key"] = cli_export
        table.add("CLI export 1,000 std (process, Argon2id key unlock)", cli_export["best_s"], "s",
                  note="informative: start-up + KDF + export + sign")

    if last_home is not None:
        print("queries, table page, start-up ...", flush=True)
        q = child("queries", {"home": str(last_home), "repeat": 3 if args.quick else 7})
        results["queries"] = q
        s = q["search"]
        met = s["p95_ms"] < TARGETS["search_p95_ms"] if "inventory" in s["how"] else None
        table.add(f"search p50 over {sizes[-1]} ({q['table']['rows']:,} standards)", s["p50_ms"], "ms",
                  note=f"{s['samples']} calls of benchmarks/search.py's query mix, first page of 50 with the total")
        table.add(f"search p95 over {sizes[-1]}", s["p95_ms"], "ms", f"< {TARGETS['search_p95_ms']:.0f}", met)
        t = q["table"]
        table.add(f"table page of 200 rows at {t['rows']:,} rows, p95", t["page_p95_ms"], "ms",
                  note=f"p50 {t['page_p50_ms']:.1f} ms; all ids once: {min(t['ids_ms']):.0f} ms")
        cli = measure_cli(last_home, "stats", repeat=5)
        results["cli_stats"] = cli
        table.add("CLI start-up: labregistry stats (best of 5)", cli["best_s"], "s",
                  f"< {TARGETS['cli_start_s']:.0f}", cli["best_s"] < TARGETS["cli_start_s"],
                  note=f"median {cli['median_s']:.2f} s")
        print("region report (CLI, xlsx and pdf) ...", flush=True)
        from benchmarks.region_report import measure_region_report

        rr = results["region_report"] = measure_region_report(
            last_home, work, [x["uscc"] for x in results_institutes], repeat=2 if args.quick else 3)
        for suffix in ("xlsx", "pdf"):
            table.add(f"region-report -o OUT.{suffix} over {sizes[-1]} (CLI, best)", rr[suffix]["best_s"], "s",
                      f"< {rr['target_s']:.0f}", rr[suffix]["met"],
                      note=f"median {rr[suffix]['median_s']:.2f} s; figures counted in {rr['figures']['count_s']:.2f} s")
        cold = measure_cold_start(last_home, 2 if args.quick else 3)
        results["cold_start"] = cold
        if cold and "error" not in cold:
            table.add("app cold start to shown main window (offscreen)", cold["process_to_shown_best_s"], "s",
                      f"< {TARGETS['cold_start_s']:.0f}", cold["process_to_shown_best_s"] < TARGETS["cold_start_s"],
                      note=f"whole process {cold['process_total_best_s']:.2f} s, its CPU {cold['process_cpu_best_s']:.2f} s")
        elif cold:
            table.add("app cold start", None, "s", note="failed: " + cold["error"][-80:].replace("\n", " "))
        shutil.rmtree(last_home, ignore_errors=True)

    if not args.quick:
        print("standards table at 200,000 rows ...", flush=True)
        tbl = results["table_open"] = measure_table_open(work)
        if tbl and "error" not in tbl:
            goal = tbl["targets"]
            table.add(f"app cold start on the standards page, {tbl['rows']:,} rows", tbl["start_best_s"], "s",
                      f"< {TARGETS['cold_start_s']:.0f}", tbl["start_best_s"] < TARGETS["cold_start_s"],
                      note="until the first rows are painted")
            table.add(f"open the standards page at {tbl['rows']:,} rows", tbl["open_best_s"], "s",
                      f"< {goal['open_s']:.0f}", tbl["open_best_s"] < goal["open_s"],
                      note=f"sort {tbl['sort_best_s']:.2f} s, search {tbl['search_best_s']:.2f} s")
            table.add("standards table: scroll to a random row, p95", tbl["scroll_p95_ms"], "ms",
                      f"< {goal['scroll_p95_ms']:.0f}", tbl["scroll_p95_ms"] < goal["scroll_p95_ms"],
                      note=f"p50 {tbl['scroll_p50_ms']:.0f} ms, max {tbl['scroll_max_ms']:.0f} ms, until painted")
        elif tbl:
            table.add("standards table", None, "s", note="failed: " + tbl["error"][-80:].replace("\n", " "))

    if FROZEN_APP.exists():
        print("installed app (dist/linux) start-up ...", flush=True)
    frozen = measure_frozen_cold_start(work, 3 if args.quick else 5)
    if frozen is not None:
        results["frozen_cold_start"] = frozen
        if "error" not in frozen:
            table.add("installed app (dist/linux) start to shown main window", frozen["shown_best_s"], "s",
                      f"< {TARGETS['cold_start_s']:.0f}", frozen["shown_best_s"] < TARGETS["cold_start_s"],
                      note=f"median {frozen['shown_median_s']:.2f} s of {frozen['runs']}; whole process "
                           f"{frozen['process_cpu_best_s']:.2f} s CPU; PyInstaller build, offscreen")
        else:
            table.add("installed app start", None, "s", note="failed: " + frozen["error"][-80:].replace("\n", " "))

    print("parsers and the sheet reader ...", flush=True)
    units = results["units"] = measure_units()
    if "error" in units:
        table.add("parsers and sheet reader", None, "s", note="failed: " + units["error"][-80:].replace("\n", " "))
    else:
        for key, (what, unit) in UNIT_FIGURES.items():
            value, target = units["figures"][key], units["targets"][key]
            table.add(what, value, unit, f"< {target:g}", value < target)

    print("certificates ...", flush=True)
    certs = measure_certificates(args.quick)
    results["certificates"] = certs
    if certs and "error" not in certs:
        table.add("certificates per second (one PDF each, single calls)", certs["single_per_s"], "/s",
                  f">= {TARGETS['certificates_per_s']:.0f}", certs["single_per_s"] >= TARGETS["certificates_per_s"],
                  note=f"batch, one file each {certs['batch_one_file_each_per_s']:.0f}/s; "
                       f"one PDF {certs['batch_one_pdf_per_s']:.0f}/s")
    elif certs:
        table.add("certificates per second", None, "/s", note="failed: " + certs["error"][-80:].replace("\n", " "))

    results["figures"] = table.rows
    results["load_at_end"] = loadavg()
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n")
    print()
    print(table.render())
    print(f"\nload average {results['load_at_start']} -> {results['load_at_end']}; {results['seconds']} s; "
          f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
