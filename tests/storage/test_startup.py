"""Start-up without the heavy parts: the schema check without Alembic when at head, and
commands that load only what they need."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from labregistry import cli
from labregistry.registry import open_registry
from labregistry.storage import db


def test_cheap_head_is_alembics_head(tmp_path: Path) -> None:
    reg = open_registry(tmp_path / "home", logging=False)
    try:
        assert db.head_revision_cheap() == db.head_revision(reg.engine)
        assert db.current_revision_cheap(reg.engine) == (True, db.current_revision(reg.engine))
        assert db.at_head(reg.engine)
    finally:
        reg.close()


def test_not_at_head_is_noticed(tmp_path: Path) -> None:
    reg = open_registry(tmp_path / "home", logging=False)
    try:
        with reg.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        assert db.current_revision_cheap(reg.engine) == (True, "0001")
        assert not db.at_head(reg.engine)
        with reg.engine.begin() as conn:
            conn.execute(text("INSERT INTO alembic_version VALUES ('0002')"))
        assert db.current_revision_cheap(reg.engine)[0] is False  # two rows: ask Alembic
        assert not db.at_head(reg.engine)
    finally:
        reg.close()
    empty = db.make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        assert db.current_revision_cheap(empty) == (True, None)
        assert not db.at_head(empty)
    finally:
        empty.dispose()


@pytest.mark.sqlite_only  # a server is never migrated by a client: tests/server/test_schema_upgrade.py
def test_an_old_database_is_still_migrated(tmp_path: Path) -> None:
    reg = open_registry(tmp_path / "home", logging=False)
    head = db.head_revision(reg.engine)
    db.downgrade(reg.engine, "0002")
    reg.close()
    reg = open_registry(tmp_path / "home", logging=False)
    try:
        assert db.current_revision(reg.engine) == head
    finally:
        reg.close()


@pytest.mark.parametrize(("argv", "command"), [
    (["stats"], "stats"),
    (["--home", "H", "--lang", "en", "list", "standards"], "list"),
    (["--home=H", "export", "out.xlsx"], "export"),
    (["--passphrase-file", "p", "keys", "show"], "keys"),
    ([], ""),
    (["--home", "H", "--version"], ""),  # answered before any command module is imported
    (["--help"], None),
    (["--ho", "H", "stats"], None),  # an abbreviation: the whole parser decides
])
def test_the_command_is_found_before_parsing(argv: list[str], command: str | None) -> None:
    assert cli._requested_command(argv) == command


def test_commands_load_only_their_own_area(tmp_path: Path) -> None:
    """``stats`` never imports openpyxl, reportlab, pint, cryptography or Alembic; every
    command is still there for ``--help`` and for an unknown one."""
    home = tmp_path / "home"
    open_registry(home, logging=False).close()
    probe = (
        "import sys, json\n"
        "from labregistry.cli import main\n"
        f"code = main(['--home', {str(home)!r}, 'stats', '--json'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'openpyxl', 'reportlab', 'pint', 'cryptography', 'alembic', 'PySide6'})\n"
        "print(json.dumps({'code': code, 'heavy': heavy}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "heavy": []}
    helped = subprocess.run([sys.executable, "-m", "labregistry", "--help"], capture_output=True, text=True,
                            timeout=120)
    for name in ("stats", "export", "import", "certificate", "import-excel", "check", "search"):
        assert name in helped.stdout
    wrong = subprocess.run([sys.executable, "-m", "labregistry", "--home", str(home), "no-such-command"],
                           capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 2 and "无效的选择" in wrong.stderr and "export" in wrong.stderr  # --lang zh by default


def test_the_defusedxml_check_still_refuses(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False"}
    proc = subprocess.run([sys.executable, "-m", "labregistry", "--home", str(tmp_path / "h"), "stats"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error:") and "defusedxml" in proc.stderr
