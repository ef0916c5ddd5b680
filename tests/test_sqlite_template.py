"""The copied SQLite template (tests/sqlite_template.py) is what the migrations make."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from pathlib import Path

import pytest

from labregistry.storage import db
from tests import sqlite_template
from tests.conftest import run_cli

def _dump(path: Path) -> list[str]:
    """Schema and every row, in a stable order (what a registry would find in the file)."""
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def _fresh(path: Path, migrate: object) -> Path:
    engine = db.make_engine(db.sqlite_url(path))
    try:
        migrate(engine)  # type: ignore[operator]
        assert db.at_head(engine)
    finally:
        engine.dispose()
    return path


@pytest.mark.engine_independent
def test_the_copy_equals_a_migrated_database(tmp_path: Path) -> None:
    if "original" not in sqlite_template._state:
        pytest.fail(f"the template is not installed ({sqlite_template.ENV}=0?)")
    copied = _fresh(tmp_path / "copied.db", db.migrate)
    migrated = _fresh(tmp_path / "migrated.db", sqlite_template._state["original"])
    assert _dump(copied) == _dump(migrated)
    with sqlite3.connect(copied) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.engine_independent
def test_a_database_with_tables_is_migrated_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE mine (x)")
        conn.execute("INSERT INTO mine VALUES (1)")
    engine = db.make_engine(db.sqlite_url(path))
    try:
        db.migrate(engine)
    finally:
        engine.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT x FROM mine").fetchall() == [(1,)]


def _orphans(since: float) -> list[Path]:
    """Templates made since ``since`` by a process that has ended (each is named after its maker)."""
    found = []
    for folder in Path(tempfile.gettempdir()).glob(f"{sqlite_template.PREFIX}*"):
        pid = int(folder.name[len(sqlite_template.PREFIX):].split("-")[0])
        if folder.stat().st_mtime >= since and not Path(f"/proc/{pid}").exists():
            found.append(folder)
    return found


@pytest.mark.sqlite_only
def test_a_home_made_by_a_cli_command_is_a_copy_and_leaves_no_template_behind(tmp_path: Path) -> None:
    """The zygote made its template before forking: a command's new home is a copy of it, and
    the command neither leaves one of its own nor removes the zygote's when it exits."""
    since = time.time() - 1
    for key, (name, uscc, province, city) in enumerate((("上海市计量测试技术研究院", "12310000425011296P", "上海", "上海"),
                                                         ("江苏省计量科学研究院", "12320000466002712H", "江苏", "南京"))):
        result = run_cli("--home", str(tmp_path / f"home{key}"), "init", "--name", name, "--uscc", uscc,
                         "--province", province, "--city", city)
        assert result.code == 0, result.err
    assert _orphans(since) == []
    mine = list(Path(tempfile.gettempdir()).glob(f"{sqlite_template.PREFIX}{os.getpid()}-*"))
    assert [f.name for f in mine if (f / "template.db").is_file()] == [f.name for f in mine] != []
