"""Benchmark: export+sign and verify+import of one institute's bundle.

    .venv/bin/python benchmarks/exchange.py [--standards 5000]

Builds two homes in a temp folder (A with N demo standards, B trusting A), then times
A's export and B's verify and import, each in its own process so that peak memory
(RSS) is the command's own. Prints a table and the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

USCC_A = "12310000425011296P"
USCC_B = "12320000466002712H"


def run(home: Path, *args: str) -> tuple[float, float, str]:
    """Seconds and peak RSS (MB) of one CLI command run as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "labregistry", "--home", str(home), *args],
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--standards", type=int, default=5000)
    args = parser.parse_args()
    os.environ.setdefault("LABREGISTRY_PASSPHRASE", "benchmark passphrase")
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "A", Path(tmp) / "B"
        run(a, "init", "--name", "上海市计量测试技术研究院", "--uscc", USCC_A, "--province", "上海", "--city", "上海")
        run(a, "demo", "--standards", str(args.standards))
        run(b, "init", "--name", "江苏省计量科学研究院", "--uscc", USCC_B, "--province", "江苏", "--city", "南京")
        bundle = Path(tmp) / "a.xlsx"
        export_s, export_mb, _ = run(a, "export", str(bundle))
        key = json.loads(run(a, "keys", "show", "--json")[2])
        run(a, "keys", "export-public", str(Path(tmp) / "a.card"))
        run(b, "trust", "add", str(Path(tmp) / "a.card"), "--fingerprint", key["fingerprint"])
        verify_s, verify_mb, _ = run(b, "verify", str(bundle))
        import_s, import_mb, _ = run(b, "import", str(bundle), "--yes")
        startup_s, _, _ = run(b, "stats")
        figures = {
            "standards": args.standards,
            "bundle_mb": round(bundle.stat().st_size / 1e6, 2),
            "export_sign_s": round(export_s, 2),
            "verify_s": round(verify_s, 2),
            "verify_import_s": round(import_s, 2),
            "cli_startup_s (stats)": round(startup_s, 2),
        }
    print(f"{'figure':28} value")
    for k, v in figures.items():
        print(f"{k:28} {v}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
