"""Benchmark: the hot small pieces whose speed unit tests used to assert (issue 24).

    .venv/bin/python benchmarks/units.py [--json]

A unit test that asserts a wall-clock or CPU limit fails on a loaded CI machine for no fault
of the code, and passes on a fast one whatever the code does; the figures live here, with
the limits those tests had as targets:

- parsing a measurement range, and a range plus an accuracy, per call (a 20,000-row ledger
  parses one of each per row): under 0.5 ms each;
- writing and reading a 5,000 x 25 sheet (CPU): under 15 s and 20 s;
- refusing a sheet with one cell at row 1,048,576 (CPU): under 20 s (the reader must not walk
  a million empty rows).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGETS = {"range_ms": 0.5, "range_accuracy_ms": 0.5, "sheet_write_s": 15.0, "sheet_read_s": 20.0,
           "far_row_refusal_s": 20.0}


def parsers(calls: int = 3000) -> dict[str, float]:
    from labregistry.domain.accuracy import parse_accuracy
    from labregistry.domain.quantities import parse_range

    parse_range("(0~60)MPa")  # warm up the unit registry and its cache
    parse_accuracy("U=0.02%, k=2", parse_range("(0~60)MPa"))
    started = time.perf_counter()
    for i in range(calls):
        parse_range(f"({i}~{i + 60}) MPa")
    range_ms = (time.perf_counter() - started) / calls * 1000
    started = time.perf_counter()
    for i in range(calls):
        rng = parse_range(f"({i}~{i + 60})MPa")
        parse_accuracy(f"U={i}.5 kPa, k=2", rng)
    both_ms = (time.perf_counter() - started) / calls * 1000
    return {"range_ms": range_ms, "range_accuracy_ms": both_ms}


def big_sheet(folder: Path) -> dict[str, float]:
    from labregistry.xlsx.workbook import ColumnSpec, SheetSpec, read_workbook, write_workbook

    columns = [ColumnSpec(f"t{i}", f"文本{i}", f"Text {i}") for i in range(15)]
    columns += [ColumnSpec(f"i{i}", f"整数{i}", f"Int {i}", "int") for i in range(3)]
    columns += [ColumnSpec(f"f{i}", f"数值{i}", f"Float {i}", "float") for i in range(4)]
    columns += [ColumnSpec(f"d{i}", f"日期{i}", f"Date {i}", "date") for i in range(3)]
    spec = SheetSpec("计量标准 Standards", columns)
    rows = [[f"JJG {r}-{c} 压力表 =A1" for c in range(15)] + [r, -r, r * 1000]
            + [r / 7, r * 1.5, -r / 3, 1e-6 * r] + [dt.date(2020, 1, 1) + dt.timedelta(days=r % 3000)] * 3
            for r in range(5000)]
    path = folder / "big.xlsx"
    started = time.process_time()
    write_workbook(path, [], [(spec, rows)], ("签名 Signature", [("k", "v")]))
    wrote = time.process_time() - started
    started = time.process_time()
    read_workbook(path, [spec], "签名 Signature")
    read = time.process_time() - started

    import openpyxl

    from labregistry.errors import DomainError

    wb = openpyxl.load_workbook(path)
    wb[spec.name]["A1048576"] = "x"
    far = folder / "far.xlsx"
    wb.save(far)
    started = time.process_time()
    try:
        read_workbook(far, [spec], "签名 Signature")
    except DomainError as err:
        assert err.code == "bundle.too_many_rows", err.code
    refused = time.process_time() - started
    return {"sheet_write_s": wrote, "sheet_read_s": read, "far_row_refusal_s": refused}


def measure() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        figures = {**parsers(), **big_sheet(Path(tmp))}
    return {"figures": figures, "targets": TARGETS}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    result = measure()
    if args.json:
        print(json.dumps(result))
    else:
        for name, value in result["figures"].items():
            target = TARGETS[name]
            print(f"{name:22} {value:10.3f}  target < {target}  {'met' if value < target else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
