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

from tests import properties

properties.load_profile()  # hypothesis' settings for the mode (LABREGISTRY_FUZZ), before any test module
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keys made in tests use cheap KDF parameters; never the production ones.
os.environ.setdefault("LABREGISTRY_TEST_FAST_KDF", "1")

PASSPHRASE = "correct horse 电池 staple"


BACKEND = os.environ.get("LABREGISTRY_TEST_BACKEND", "sqlite")
"""``postgres``: every registry a test opens (in-process or through the CLI) lives in its own
database on a private PostgreSQL server, one database per home; ``sqlite`` (default): files."""


def pytest_configure(config: pytest.Config) -> None:
    if BACKEND not in ("sqlite", "postgres"):
        raise pytest.UsageError(f"LABREGISTRY_TEST_BACKEND must be sqlite or postgres, not {BACKEND}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND == "postgres":
        skip = pytest.mark.skip(reason="about the SQLite file itself; this run is on PostgreSQL")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _backend_for_the_session(request: pytest.FixtureRequest) -> Any:
    """In a PostgreSQL run, module- and session-scoped fixtures use the server too."""
    if BACKEND != "postgres":
        yield
        return
    server = request.getfixturevalue("pg_server")
    saved = {k: os.environ.get(k) for k in ("LABREGISTRY_DB", "LABREGISTRY_DB_CREATE")}
    os.environ["LABREGISTRY_DB"] = server.url_template()
    os.environ["LABREGISTRY_DB_CREATE"] = "1"
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """No test reads the developer's real home or environment."""
    for var in ("LABREGISTRY_HOME", "LABREGISTRY_DB", "LABREGISTRY_LANG", "LABREGISTRY_OPERATOR",
                "LABREGISTRY_DB_CREATE", "LABREGISTRY_CJK_FONT", "LABREGISTRY_BACKUPS_KEEP"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LABREGISTRY_PASSPHRASE", PASSPHRASE)
    if BACKEND == "postgres":
        server = request.getfixturevalue("pg_server")
        monkeypatch.setenv("LABREGISTRY_DB", server.url_template())
        monkeypatch.setenv("LABREGISTRY_DB_CREATE", "1")


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
