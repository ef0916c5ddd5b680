"""The copied SQLite template (tests/sqlite_template.py) is what the migrations make."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from labregistry.storage import db
from tests import sqlite_template

pytestmark = pytest.mark.engine_independent


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


def test_the_copy_equals_a_migrated_database(tmp_path: Path) -> None:
    if "original" not in sqlite_template._state:
        pytest.fail(f"the template is not installed ({sqlite_template.ENV}=0?)")
    copied = _fresh(tmp_path / "copied.db", db.migrate)
    migrated = _fresh(tmp_path / "migrated.db", sqlite_template._state["original"])
    assert _dump(copied) == _dump(migrated)
    with sqlite3.connect(copied) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


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
