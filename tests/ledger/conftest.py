"""Fixtures for the ledger tests: an initialised registry home (made once, copied per test)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from labregistry.registry import Registry, open_registry
from tests.conftest import PASSPHRASE, run_cli
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
    """A home with the own institute set up (a copy of one made by ``init``)."""
    home = tmp_path / "home"
    shutil.copytree(_initialised_template, home)
    return home


@pytest.fixture
def reg(own_home: Path) -> Iterator[Registry]:
    registry = open_registry(own_home, logging=False)
    yield registry
    registry.close()


def db_dump(home: Path) -> list[tuple[object, ...]]:
    """Every row of every table, to prove that a refused import wrote nothing."""
    con = sqlite3.connect(home / "labregistry.db")
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        rows: list[tuple[object, ...]] = []
        for t in tables:
            rows.extend((t, *r) for r in con.execute(f'SELECT * FROM "{t}" ORDER BY 1'))
        return rows
    finally:
        con.close()


def query(home: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    con = sqlite3.connect(home / "labregistry.db")
    try:
        return list(con.execute(sql, params))
    finally:
        con.close()


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
