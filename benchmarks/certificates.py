"""Benchmark: capability certificates per second, one at a time and in batches.

Makes a fresh registry with ``--standards`` demo standards (default 300), unlocks the key,
then times through the services (what the CLI and the app call):

1. single: ``issue_standard`` for each of ``--single`` standards, one PDF each, every step
   included (find the record, load it, sign, lay out, embed the font subset, write the file);
2. batch into one PDF: ``issue_batch(out=...)`` over every standard in force;
3. batch one file each: ``issue_batch(out_dir=...)`` over the same standards;
4. the institute's statement (all standards in force and authorised items in one PDF).

Prints wall-clock and CPU seconds and certificates per second (CPU-based rates are what to
compare on a shared machine). Usage::

    .venv/bin/python benchmarks/certificates.py [--standards 300] [--single 100] [--font builtin] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("LABREGISTRY_TEST_FAST_KDF", "1")  # key unlocking is not what is measured

from labregistry.certificates import fonts as fontmod
from labregistry.demo import populate_demo
from labregistry.domain.records import InstituteInput
from labregistry.registry import open_registry
from labregistry.services import certificates as svc
from labregistry.services import setup

PASSPHRASE = "benchmark passphrase"
USCC = "12320000466002712H"


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--standards", type=int, default=300)
    ap.add_argument("--single", type=int, default=100)
    ap.add_argument("--font", default=None, help="a font spec (path, path#N, builtin); default: the system's")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="lr-cert-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    reg = open_registry(folder / "home", logging=False)
    setup.init_registry(
        reg,
        InstituteInput(
            name="江苏省计量科学研究院", uscc=USCC, province="江苏", city="南京", address="南京市光华路1号"
        ),
        PASSPHRASE,
    )
    populate_demo(reg, standards=args.standards, seed=1)
    key = svc.unlock(reg, PASSPHRASE)
    fonts = fontmod.resolve_fonts(args.font) if args.font else svc.certificate_fonts(reg)
    today = dt.date.today()
    ids = svc.select_standards(reg, on=today)
    refs = [str(i) for i in ids[: args.single]]
    svc.issue_standard(reg, refs[0], folder / "warm.pdf", key, fonts=fonts)  # font parsed, caches warm

    out: dict[str, Any] = {"standards_in_force": len(ids), "font": fonts.describe(), "cpus": os.cpu_count()}

    def single() -> None:
        for n, ref in enumerate(refs):
            svc.issue_standard(reg, ref, folder / f"single-{n}.pdf", key, fonts=fonts)

    _, wall, cpu = timed(single)
    out["single"] = {"count": len(refs), "wall_s": wall, "cpu_s": cpu}

    result, wall, cpu = timed(lambda: svc.issue_batch(reg, ids, key, out=folder / "batch.pdf", fonts=fonts))
    out["batch_one_pdf"] = {
        "count": len(ids),
        "pages": result.pages,
        "wall_s": wall,
        "cpu_s": cpu,
        "bytes": (folder / "batch.pdf").stat().st_size,
    }

    result, wall, cpu = timed(lambda: svc.issue_batch(reg, ids, key, out_dir=folder / "each", fonts=fonts))
    out["batch_one_file_each"] = {
        "count": len(result.files),
        "pages": result.pages,
        "wall_s": wall,
        "cpu_s": cpu,
    }

    issued, wall, cpu = timed(
        lambda: svc.issue_statement(reg, USCC, folder / "statement.pdf", key, fonts=fonts)
    )
    out["statement"] = {"standards": len(ids), "pages": issued.pages, "wall_s": wall, "cpu_s": cpu}

    checks, wall, cpu = timed(lambda: svc.verify_source(reg, folder / "batch.pdf"))
    assert all(c.genuine for c in checks), "a batch certificate did not verify"
    out["verify_batch_pdf"] = {"count": len(checks), "wall_s": wall, "cpu_s": cpu}
    reg.close()

    for name in ("single", "batch_one_pdf", "batch_one_file_each", "verify_batch_pdf"):
        row = out[name]
        row["per_s_wall"] = row["count"] / row["wall_s"]
        row["per_s_cpu"] = row["count"] / row["cpu_s"]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(f"font: {fonts.describe()['name']} (embedded: {fonts.embedded}); {len(ids)} standards in force")
        for name in ("single", "batch_one_pdf", "batch_one_file_each", "verify_batch_pdf"):
            row = out[name]
            print(
                f"{name:22s} {row['count']:5d} certificates  wall {row['wall_s']:6.2f} s  "
                f"cpu {row['cpu_s']:6.2f} s  {row['per_s_wall']:6.1f}/s wall  {row['per_s_cpu']:6.1f}/s cpu"
            )
        st = out["statement"]
        print(
            f"statement of {st['standards']} standards: {st['pages']} pages, wall {st['wall_s']:.2f} s, "
            f"cpu {st['cpu_s']:.2f} s"
        )
    if not args.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
