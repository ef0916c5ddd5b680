"""Benchmark: import a 20,000-row Excel ledger of standards with ``labregistry import-excel``.

Builds a ledger as institutes keep them (a title row, a header, one standard per row with
its main instrument, every fifth standard with an ancillary instrument on a continuation
row, varied ranges and accuracies), initialises a fresh registry, then runs the CLI as a
real process, timing:

1. the first import (everything added),
2. a re-import of the same file (everything unchanged: matched, compared, nothing written),
3. optionally (``--report``) a dry run that also writes the annotated report copy.

Prints rows/s and the peak RSS of each run. Usage::

    .venv/bin/python benchmarks/ledger_import.py [--rows 20000] [--keep DIR] [--report]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

USCC = "12310000425011296P"
HEADERS = ["计量标准台账"]
COLUMNS = [
    "序号", "考核证书编号", "计量标准名称", "计量标准代码", "类别", "测量范围", "不确定度/准确度等级/最大允许误差",
    "发证日期", "有效期至", "负责人", "设备名称", "型号", "出厂编号", "溯源机构", "检定证书编号", "检定有效期至", "备注",
]
KINDS = [
    ("精密压力表标准装置", "12113100", "({lo}~{hi})MPa", ["0.05级", "MPE: ±0.1%", "U=0.02%, k=2"]),
    ("直流电压标准装置", "15113100", "{lo}mV～{hi}V", ["Urel=1×10⁻⁶ (k=2)", "U=5×10⁻⁶, k=2", "0.01级"]),
    ("频率计检定装置", "25111100", "{lo}Hz-{hi}GHz", ["U=0.02%, k=2", "Urel=1×10⁻⁹ (k=2)"]),
    ("数字多用表检定装置", "15119900", "（{lo}～{hi}）V", ["MPE: ±0.1%", "0.02级"]),
    ("电子天平检定装置", "12211100", "({lo}~{hi})g", ["MPE: ±0.5mg", "E2等"]),
]


def build_ledger(path: Path, rows: int, seed: int = 1) -> int:
    """Write the ledger; returns the number of standards in it."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("计量标准")
    ws.append(HEADERS)
    ws.append(COLUMNS)
    written = 0
    standards = 0
    base = dt.date(2021, 1, 1)
    while written < rows:
        standards += 1
        name, code, rng_text, accs = KINDS[standards % len(KINDS)]
        lo, hi = rng.choice([0, 1, 2, 5]), rng.choice([10, 60, 100, 250, 600, 1000])
        issued = base + dt.timedelta(days=rng.randrange(0, 1200))
        valid = issued + dt.timedelta(days=4 * 365)
        issued_cell: object = issued.strftime("%Y/%-m/%-d") if standards % 3 == 0 else dt.datetime.combine(
            issued, dt.time())
        ws.append([
            standards, f"[{issued.year}]沪量标证字第{standards:05d}号", name, code, "社会公用",
            rng_text.format(lo=lo, hi=hi), rng.choice(accs), issued_cell, valid.isoformat(), "王质量",
            "精密数字压力计", "CPG2500", f"SN{standards:06d}", "中国计量科学研究院", f"LS{standards:06d}",
            (valid - dt.timedelta(days=800)).isoformat(), None,
        ])
        written += 1
        if standards % 5 == 0 and written < rows:
            ws.append([None] * 10 + ["温湿度计", "WSB-1", f"T{standards:06d}", "上海市计量测试技术研究院",
                                     f"WS{standards:06d}", None, None])
            written += 1
    wb.save(path)
    return standards


def run(args: list[str], env: dict[str, str]) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Run the CLI as a process; (seconds, its own peak RSS in KiB, result)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "labregistry", *args], stdout=out, stderr=err, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(proc.args, proc.returncode, out.read(), err.read())
    return seconds, int(usage.ru_maxrss), result  # ru_maxrss is in KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temp folder)")
    parser.add_argument("--report", action="store_true", help="also time a dry run that writes the report copy")
    opts = parser.parse_args()
    work = Path(opts.keep) if opts.keep else Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LABREGISTRY_PASSPHRASE": "benchmark passphrase", "LABREGISTRY_TEST_FAST_KDF": "1",
           "LABREGISTRY_HOME": str(work / "home")}
    env.pop("LABREGISTRY_DB", None)
    ledger = work / "ledger.xlsx"
    t0 = time.perf_counter()
    standards = build_ledger(ledger, opts.rows)
    print(f"built {opts.rows} rows ({standards} standards), {ledger.stat().st_size / 1e6:.1f} MB "
          f"in {time.perf_counter() - t0:.1f} s")
    init = run(["init", "--name", "基准测试计量院", "--uscc", USCC, "--province", "上海", "--city", "上海"], env)
    if init[2].returncode != 0:
        print(init[2].stderr, file=sys.stderr)
        return 1
    results = {}
    for label, extra in (("first import", []), ("re-import (unchanged)", [])):
        seconds, peak, res = run(["import-excel", str(ledger), "--kind", "standards", "--json", *extra], env)
        if res.returncode != 0:
            print(res.stderr, file=sys.stderr)
            return 1
        data = json.loads(res.stdout)
        results[label] = (seconds, peak, data)
        print(f"{label}: {seconds:.1f} s, {opts.rows / seconds:,.0f} rows/s, {data['rows'] / seconds:,.0f} "
              f"records/s, added {data['added']}, updated {data['updated']}, unchanged {data['unchanged']}, "
              f"peak RSS {peak / 1024:.0f} MiB")
    if opts.report:
        seconds, peak, res = run(["import-excel", str(ledger), "--kind", "standards", "--dry-run", "--report",
                                  str(work / "report.xlsx")], env)
        print(f"dry run + report: {seconds:.1f} s (exit {res.returncode}), peak RSS {peak / 1024:.0f} MiB")
    print(f"work folder: {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
