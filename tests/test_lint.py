"""The tree passes ruff and the layer contracts (both configured in pyproject.toml).

``ruff check`` with the rules named in ``[tool.ruff.lint]``; ``lint-imports`` with the
contracts in ``[tool.importlinter]`` (docs/architecture.md): each layer imports only those
below it, the app and the command line reach the database through services, nothing below
services imports the demo, the core never imports Qt. Run once per suite run, in the SQLite
pass: neither depends on the database. Together about two seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(os.environ.get("LABREGISTRY_TEST_BACKEND") == "postgres",
                                reason="the lint runs once, in the SQLite pass")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=False)


def test_the_tree_passes_ruff() -> None:
    proc = _run("-m", "ruff", "check", "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_import_keeps_to_the_layers() -> None:
    proc = _run("-c", "import sys; from importlinter.cli import lint_imports; "
                      "sys.exit(lint_imports(no_cache=True, no_logo=True))")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout
