"""Shared fixtures: a registry in a temp home, and the CLI run in-process or as a process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import cliproc, pgserver, properties, sqlite_template

properties.load_profile()  # hypothesis' settings for the mode (LABREGISTRY_FUZZ), before any test module
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keys made in tests use cheap KDF parameters; never the production ones.
os.environ.setdefault("LABREGISTRY_TEST_FAST_KDF", "1")

PASSPHRASE = "correct horse 电池 staple"


def as_recorded(name: str, reg: Any = None) -> str:
    """An operator's name as the audit trail records it: on PostgreSQL with the database
    login after it (labregistry.storage.uow.with_login). The engine of ``reg`` when given,
    else the pass's (its login: the private server's superuser, or the user of
    LABREGISTRY_TEST_PG)."""
    from sqlalchemy.engine import make_url

    if reg is not None:
        if reg.engine.dialect.name != "postgresql":
            return name
        login = reg.engine.url.username or ""
    elif BACKEND != "postgres":
        return name
    else:
        login = make_url(os.environ.get("LABREGISTRY_TEST_PG") or "postgresql://postgres@/x").username or ""
    return login if name == login else f"{name} ({login})"


BACKEND = os.environ.get("LABREGISTRY_TEST_BACKEND", "sqlite")
"""``postgres``: every registry a test opens (in-process or through the CLI) lives in its own
database on a private PostgreSQL server, one database per home; ``sqlite`` (default): files."""


ENGINE_INDEPENDENT = "engine_independent"
"""The marker of a test whose outcome cannot depend on the pass: it never opens the pass's
database (pure rules, readers, PDFs, help texts; or engines it names itself). The PostgreSQL
pass leaves it out (it ran in the SQLite pass); the SQLite pass checks the claim (below)."""
ALL_IN_BOTH = os.environ.get("LABREGISTRY_TEST_PG_ALL") == "1"  # the PostgreSQL pass runs them too


def pytest_configure(config: pytest.Config) -> None:
    if BACKEND not in ("sqlite", "postgres"):
        raise pytest.UsageError(f"LABREGISTRY_TEST_BACKEND must be sqlite or postgres, not {BACKEND}")
    config.pluginmanager.register(_FixtureDatabases(), "labregistry-fixture-databases")
    sqlite_template.install()
    pgserver.copy_new_databases_by_file()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _independent(item):
            _check_source(item)
    if BACKEND != "postgres":
        return
    skip = pytest.mark.skip(reason="about the SQLite file itself; this run is on PostgreSQL")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)
    if not ALL_IN_BOTH:
        independent = [item for item in items if _independent(item)]
        items[:] = [item for item in items if not _independent(item)]
        config.hook.pytest_deselected(items=independent)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The PostgreSQL pass of engine-independent tests only (``./test.sh tests/domain``) has
    nothing left to run: they ran in the SQLite pass (which still fails when it collects none)."""
    if BACKEND == "postgres" and not ALL_IN_BOTH and exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.OK


_CANARY = pytest.StashKey[Path]()


def _independent(item: pytest.Item) -> bool:
    return item.get_closest_marker(ENGINE_INDEPENDENT) is not None


def _check_source(item: pytest.Item) -> None:
    """A module that chooses by the pass cannot be independent of it."""
    source = Path(str(item.fspath)).read_text(encoding="utf-8")
    if "LABREGISTRY_TEST_BACKEND" in source or "import BACKEND" in source or "BACKEND ==" in source:
        raise pytest.UsageError(f"{item.nodeid} is marked {ENGINE_INDEPENDENT} but its module reads the pass")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Any:
    """The check of ``engine_independent`` in the SQLite pass: the pass's database (the
    LABREGISTRY_DB every registry, CLI process and fixture without a URL of its own uses)
    points into an empty folder for the test, its fixtures included; a database made there
    fails the test at teardown, naming the marker to remove."""
    _note_databases(item)
    if BACKEND == "sqlite" and _independent(item):
        canary = Path(tempfile.mkdtemp(prefix="engine-canary-"))
        item.stash[_CANARY] = canary
        os.environ["LABREGISTRY_DB"] = _canary_url(canary)
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Any:
    result = yield
    _drop_databases_made_by(item)
    canary = item.stash.get(_CANARY, None)
    if canary is None:
        return result
    os.environ.pop("LABREGISTRY_DB", None)
    made = sorted(p.name for p in canary.iterdir())
    shutil.rmtree(canary, ignore_errors=True)
    if made:
        pytest.fail(f"{item.nodeid} is marked {ENGINE_INDEPENDENT} but opened the pass's database "
                    f"({len(made)} made): its outcome can depend on the engine; remove the marker", pytrace=False)
    return result


def _canary_url(folder: Path) -> str:
    return f"sqlite:///{folder}/{{home_id}}.db"


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
    monkeypatch.setenv("LABREGISTRY_CONFIG_DIR", str(tmp_path / "app-config"))  # the app's remembered folder
    canary = request.node.stash.get(_CANARY, None)
    if canary is not None:  # an engine-independent test in the SQLite pass: see pytest_runtest_setup
        monkeypatch.setenv("LABREGISTRY_DB", _canary_url(canary))
    elif BACKEND == "postgres":
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


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300, stdin: str | None = None,
            drop: tuple[str, ...] = ()) -> Result:
    """Run ``labregistry`` as a real process, as a user or a script would (forked from a
    zygote that has imported it once, or a fresh interpreter: tests/cliproc.py says when).
    ``stdin``: the text it reads (else /dev/null); ``drop``: variables it must not see."""
    full_env = {k: v for k, v in {**os.environ, **(env or {})}.items() if k not in drop}
    data = None if stdin is None else stdin.encode("utf-8")
    forked = cliproc.run(list(args), full_env, timeout, data)
    if forked is not None:
        code, out, err = forked
        return Result(code, _text(out), _text(err))
    proc = subprocess.run(
        [sys.executable, "-m", "labregistry", *args],
        capture_output=True,
        input=data,
        stdin=subprocess.DEVNULL if data is None else None,
        env=full_env,
        timeout=timeout,
    )
    return Result(proc.returncode, _text(proc.stdout), _text(proc.stderr))


def _text(data: bytes) -> str:
    """As ``subprocess.run(..., text=True, encoding="utf-8")`` decodes (universal newlines)."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture(scope="session", autouse=True)
def _cli_zygote() -> Any:
    """The zygote of :func:`run_cli` ends with the test process's session."""
    yield
    cliproc.close()


@pytest.fixture
def cli() -> Any:
    return run_cli


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture(scope="session")
def pg_server() -> Any:
    from tests.pgserver import PgServer

    global _PG
    server = PgServer()
    server.start()
    _PG = server
    yield server
    _PG = None
    server.stop()


# --- each test's PostgreSQL databases are dropped at its end -------------------------------
# A database per home is about 12 MB; a pass makes well over a thousand. What a test made
# (in its call and its function-scoped fixtures) goes when it ends; what module and session
# fixtures made stays for the tests after it.

_PG: Any = None
_KEPT: set[str] = set()
_MADE_BEFORE = pytest.StashKey[set[str]]()


class _FixtureDatabases:
    """Notes the databases module and session fixtures make. A plugin object, not a conftest
    hook: a conftest's ``pytest_fixture_setup`` is not called for fixtures of wider scope
    (their node is the session, above this folder)."""

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef: Any) -> Any:
        server = _PG
        if server is None or fixturedef.scope == "function":
            return (yield)
        before = server.databases()
        try:
            return (yield)
        finally:
            _KEPT.update(server.databases() - before)


def _note_databases(item: pytest.Item) -> None:
    if _PG is not None:
        item.stash[_MADE_BEFORE] = _PG.databases()


def _drop_databases_made_by(item: pytest.Item) -> None:
    before = item.stash.get(_MADE_BEFORE, None)
    if _PG is not None and before is not None:
        _PG.drop(_PG.databases() - before - _KEPT)


@pytest.fixture
def pg_url(pg_server: Any) -> str:
    """A fresh, empty PostgreSQL database on the test server."""
    return str(pg_server.new_database())
