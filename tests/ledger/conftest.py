"""Fixtures for the ledger tests: an initialised registry home (made once, copied per test)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sqlalchemy import text

from labregistry.config import resolve_home
from labregistry.registry import Registry, open_registry
from labregistry.storage import db
from tests.conftest import BACKEND, PASSPHRASE, run_cli
from tests.dbstate import dump_home
from tests.ledger.ledgers import USCC

INIT = ["init", "--name", "上海市计量测试技术研究院", "--uscc", USCC, "--province", "上海", "--city", "上海",
        "--operator", "王质量"]


@pytest.fixture(scope="session")
def _initialised_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("ledger-template-home") / "home"
    result = run_cli("--home", str(home), *INIT, env={"LABREGISTRY_PASSPHRASE": PASSPHRASE})
    assert result.code == 0, result.err
    return home


@pytest.fixture
def own_home(tmp_path: Path, _initialised_template: Path) -> Path:
    """A home with the own institute set up (a copy of one made by ``init``; on a server,
    where the database is not in the folder, a fresh ``init``)."""
    home = tmp_path / "home"
    if BACKEND == "postgres":
        result = run_cli("--home", str(home), *INIT, env={"LABREGISTRY_PASSPHRASE": PASSPHRASE})
        assert result.code == 0, result.err
        return home
    shutil.copytree(_initialised_template, home)
    return home


@pytest.fixture
def reg(own_home: Path) -> Iterator[Registry]:
    registry = open_registry(own_home, logging=False)
    yield registry
    registry.close()


def db_dump(home: Path) -> list[tuple[object, ...]]:
    """Every row of every table, to prove that a refused import wrote nothing."""
    return dump_home(home)


def query(home: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Run ``sql`` (``?`` placeholders) on the home's database; values as SQLite gives them
    (dates as ISO text, booleans as 0/1), whichever database the run uses."""
    engine = db.make_engine(resolve_home(home).db_url)
    try:
        parts = sql.split("?")
        named = "".join(f"{part}:p{i}" if i < len(parts) - 1 else part for i, part in enumerate(parts))
        with engine.connect() as conn:
            rows = conn.execute(text(named), {f"p{i}": v for i, v in enumerate(params)})
            return [tuple(_sqlite_like(v) for v in row) for row in rows]
    finally:
        engine.dispose()


def _sqlite_like(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return str(value.replace(tzinfo=None))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def libreoffice_resave(files: list[Path], outdir: Path) -> list[Path]:
    """Open each file in LibreOffice and save it as .xlsx again (one headless run), like a user would."""
    import os
    import subprocess

    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.fail("LibreOffice is not installed: ledgers saved by LibreOffice/WPS must be checked. Install it "
                    "with `apt-get install -y libreoffice-calc-nogui` (scripts/venv.sh).", pytrace=False)
    profile = outdir / "lo-profile"
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", "xlsx",
           "--outdir", str(outdir), *(str(f) for f in files)]
    env = {**os.environ, "HOME": str(profile), "SAL_USE_VCLPLUGIN": "svp"}
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=240, env=env)
    out = [outdir / f.name for f in files]
    assert proc.returncode == 0 and all(p.exists() for p in out), proc.stderr
    return out
