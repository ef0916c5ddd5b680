"""Shared fixtures: a registry in a temp home, and the CLI run in-process or as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keys made in tests use cheap KDF parameters; never the production ones.
os.environ.setdefault("LABREGISTRY_TEST_FAST_KDF", "1")

PASSPHRASE = "correct horse 电池 staple"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's real home or environment."""
    for var in ("LABREGISTRY_HOME", "LABREGISTRY_DB", "LABREGISTRY_LANG", "LABREGISTRY_OPERATOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LABREGISTRY_PASSPHRASE", PASSPHRASE)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> Result:
    """Run ``labregistry`` as a real process, as a user or a script would."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "labregistry", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli() -> Any:
    return run_cli


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture(scope="session")
def pg_server() -> Any:
    from tests.pgserver import PgServer

    server = PgServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: Any) -> str:
    """A fresh, empty PostgreSQL database on the test server."""
    return str(pg_server.new_database())
