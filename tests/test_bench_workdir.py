"""The benchmarks' default work folder belongs to the checkout that runs them.

Two worktrees running ``./bench.sh`` at once shared ``/tmp/labregistry-bench`` and broke
each other's runs (one built, reused or removed the regions the other was measuring). Each
checkout now has its own default, named with a hash of its path, and ``--help`` says so.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.workdir import work_folder

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

ROOT = Path(__file__).resolve().parents[1]


def test_two_checkouts_get_two_folders_and_one_checkout_always_the_same(tmp_path: Path) -> None:
    one, other = tmp_path / "wt" / "a", tmp_path / "wt" / "b"
    assert work_folder("labregistry-bench", one) != work_folder("labregistry-bench", other)
    assert work_folder("labregistry-bench", one) == work_folder("labregistry-bench", one)
    assert work_folder("labregistry-bench", ROOT).name.startswith("labregistry-bench-")


def test_help_names_this_checkouts_folder() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--help"], cwd="/",
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    text = " ".join(proc.stdout.split())
    assert str(work_folder("labregistry-bench", ROOT)) in text
    assert "hash of the checkout's path" in text
    assert "/labregistry-bench " not in text and "/labregistry-bench)" not in text  # no shared default
