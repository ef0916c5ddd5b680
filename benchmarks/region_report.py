"""Benchmark: the coordinator's region report of a 300-institute region, as the CLI makes it.

The region is the one benchmarks/run.py builds ("region": 300 institutes, 20,000 standards,
each institute's own home and signed bundle, cached in the work folder); every bundle is
imported into one home, which is then given the authority's list of designations (50
industry test centres, 10 technical committees, through ``institutes import-excel``) and 60
comparisons of 12 participants each (``COMPARISONS``: results tables naming each
participant's credit code and a standard's certificate number, recorded by the home as
pilot; a region's bundles carry about as many, from their pilots). Then
``labregistry region-report -o OUT.xlsx`` and ``-o OUT.pdf`` run as processes, start-up
included, best of ``--repeat``. Target: under 5 s each (issue 22). Usage::

    .venv/bin/python benchmarks/region_report.py [--size region|quick] [--repeat 3]

benchmarks/run.py calls :func:`measure_region_report` on the home it imported.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("LABREGISTRY_TEST_FAST_KDF", "1")

TARGET_S = 5.0
CENTRES, COMMITTEES = 50, 10
COMPARISONS, PARTICIPANTS = 60, 12


def designation_list(path: Path, usccs: list[str]) -> Path:
    """The authority's list: the first 50 institutes as industry test centres, ten committees
    hosted by the next ten."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "机构名称", "类别", "名称", "批准单位", "批准日期"])
    for i, uscc in enumerate(usccs[:CENTRES]):
        ws.append([uscc, None, "产业计量测试中心", f"第{i + 1}产业计量测试中心", "市场监管总局", "2024-01-15"])
    for i, uscc in enumerate(usccs[CENTRES:CENTRES + COMMITTEES]):
        ws.append([uscc, None, "区域计量技术委员会", f"长三角第{i + 1}计量技术委员会", "长三角三省一市市场监管局", "2024-06-01"])
    wb.save(path)
    return path


def record_comparisons(home: Path, work: Path, count: int = COMPARISONS, per: int = PARTICIPANTS) -> int:
    """``count`` DCV comparisons piloted by the home, each with ``per`` institutes of the region
    (one standard of each, by certificate number), dated 2022 to 2025; the scores are computed
    by the importer (|En| > 1 for about one result in four). Returns the results recorded."""
    from openpyxl import Workbook
    from sqlalchemy import text

    from labregistry.registry import open_registry
    from labregistry.services import comparisons
    from labregistry.services.institutes import own_institute

    reg = open_registry(home, logging=False)
    try:
        with reg.engine.connect() as conn:
            labs = list(conn.execute(text(
                "SELECT i.uscc, i.name, min(s.certificate_no) FROM institute i JOIN standard s ON s.institute_id = i.id "
                "GROUP BY i.uscc, i.name ORDER BY i.uscc")))
        pilot = str((own_institute(reg) or {})["name"])
        recorded = 0
        for j in range(count):
            wb = Workbook()
            ws = wb.active
            for label, value in (("比对名称", f"长三角直流电压计量比对 {j + 1}"), ("比对编号", f"BENCH-DCV-{j + 1:03d}"),
                                 ("主导实验室", pilot), ("被测量", "直流电压"), ("报告日期", f"{2022 + j % 4}-06-{1 + j % 28:02d}"),
                                 ("参考值", "1.000000 V"), ("参考值扩展不确定度", "2 μV")):
                ws.append([label, value])
            ws.append([])
            ws.append(["实验室代码", "参加实验室", "统一社会信用代码", "测得值(V)", "扩展不确定度U/(μV)", "k", "计量标准证书编号"])
            for i in range(per):
                uscc, name, cert = labs[(j * 7 + i * 13) % len(labs)]
                ws.append([f"Lab {i + 1}", name, uscc, round(1.0 + ((i * 5 + j) % 15 - 7) * 1e-6, 6), 5, 2, cert])
            path = work / f"comparison-{j + 1:03d}.xlsx"
            wb.save(path)
            recorded += comparisons.import_results_table(reg, path).participants
    finally:
        reg.close()
    return recorded


def _run(home: Path, *args: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one ``labregistry`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "labregistry", "--home", str(home), *args], capture_output=True,
                          text=True, encoding="utf-8")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"labregistry {' '.join(args)} failed: {proc.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure_region_report(home: Path, work: Path, usccs: list[str], repeat: int = 3) -> dict[str, Any]:
    """Designations and comparisons recorded in ``home``, then the report's CLI runs timed (best of
    ``repeat``)."""
    _run(home, "institutes", "import-excel", str(designation_list(work / "designations.xlsx", usccs)))
    out: dict[str, Any] = {"target_s": TARGET_S, "repeat": repeat, "comparison_results": record_comparisons(home, work)}
    for suffix in ("xlsx", "pdf"):
        target = work / f"region-report.{suffix}"
        runs = [_run(home, "region-report", "-o", str(target)) for _ in range(repeat)]
        walls = [wall for wall, _cpu in runs]
        out[suffix] = {"best_s": round(min(walls), 3), "median_s": round(statistics.median(walls), 3),
                       "cpu_best_s": round(min(cpu for _wall, cpu in runs), 3),
                       "bytes": target.stat().st_size, "met": min(walls) < TARGET_S, "load": run_load()}
    out["start_up_s"] = round(min(_run(home, "--version")[0] for _ in range(repeat)), 3)
    out["figures"] = _figures(home)
    return out


def run_load() -> float:
    return round(os.getloadavg()[0], 2)


def _figures(home: Path) -> dict[str, Any]:
    from labregistry.registry import open_registry
    from labregistry.services import region_report

    reg = open_registry(home, logging=False)
    try:
        started = time.perf_counter()
        report = region_report.build(reg, language="zh")
        counted = time.perf_counter() - started
    finally:
        reg.close()
    return {"count_s": round(counted, 3), "institutes": report.institutes,
            "rows": {s.key: len(s.rows) for s in report.sections},
            "targets": {t.label: t.reached for s in report.sections for t in s.targets}}


def main(argv: list[str] | None = None) -> int:
    from benchmarks import run
    from benchmarks.workdir import work_folder

    ap = argparse.ArgumentParser(description="the region report of a 300-institute region (issue 22)")
    ap.add_argument("--size", default="region", choices=sorted(run.SIZES))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, default=work_folder("labregistry-bench"))
    args = ap.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    load = run.loadavg()
    manifest = run.build_region(work, args.size, 2)
    run.export_region(manifest)
    home = run.fresh_copy(run.trusting_home(work, manifest), work / args.size / "report-home")
    imported = run.child("import", {"home": str(home), "bundles": [x["bundle"] for x in manifest["institutes"]]})
    result = measure_region_report(home, work, [x["uscc"] for x in manifest["institutes"]], args.repeat)
    result.update(size=args.size, spec=manifest["spec"], import_s=round(imported["wall_s"], 1),
                  load_at_start=load, load_at_end=run.loadavg(), machine=run.machine())
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0 if result["xlsx"]["met"] and result["pdf"]["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
