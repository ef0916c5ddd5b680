"""The core type-checks under ``mypy --strict`` (configured in pyproject.toml).

The core is the part other code builds on (the app, the CLI, the benchmarks); strict types
there caught real mix-ups during development, such as a local variable shadowing sqlmodel's
``col()``. Run once per suite run: it does not depend on the database.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

ROOT = Path(__file__).resolve().parents[1]


def test_the_core_passes_mypy_strict(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
