"""Migrations: up and down on an empty database, and data made at each revision survives, on the
engine of the pass (SQLite, or PostgreSQL in the PostgreSQL pass)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from labregistry.config import resolve_home
from labregistry.registry import open_registry
from labregistry.services import schema
from labregistry.storage import db
from tests.conftest import BACKEND

EXPECTED_TABLES = {
    "institute",
    "standard",
    "instrument",
    "service",
    "authorisation",
    "authorisation_item",
    "staff",
    "credential",
    "credential_item",
    "audit_entry",
    "setting",
}


@pytest.fixture
def empty_url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new, empty database on the engine of this pass (SQLite file, or PostgreSQL)."""
    if BACKEND == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'r.db'}"


def test_empty_database_upgrades_to_head_and_back_down(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    db.migrate(engine)
    assert db.current_revision(engine) == db.head_revision(engine)
    assert EXPECTED_TABLES <= set(db.table_names(engine))
    db.downgrade(engine, "base")
    assert db.current_revision(engine) is None
    assert set(db.table_names(engine)) <= {"alembic_version"}
    db.migrate(engine)
    assert db.current_revision(engine) == db.head_revision(engine)
    engine.dispose()


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    reg = open_registry(tmp_path / "h")
    with reg.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_data_made_at_the_first_revision_is_intact_at_head(tmp_path: Path, empty_url: str) -> None:
    """A database written by revision 0001 (raw SQL, as that version wrote it) opens at head."""
    engine = db.make_engine(empty_url)
    db.migrate(engine, "0001")
    now = dt.datetime(2025, 1, 2, 3, 4, 5)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO institute (id, uscc, name, province, city, is_own, created_at, updated_at)"
                " VALUES (1, '91350100M000100Y43', '上海市计量测试技术研究院', '上海', '上海', :yes, :t, :t)"
            ),
            {"t": now, "yes": True},
        )
        conn.execute(
            text(
                "INSERT INTO standard (id, uid, institute_id, name, code, code_temporary, grade,"
                " certificate_no, valid_until, range_text, accuracy_text, status, created_at, updated_at,"
                " quantity, range_min, range_max, unit)"
                " VALUES (7, 'u7', 1, '精密压力表标准装置', '12113100', :no, 'public',"
                " '[2023]沪量标证字第0123号', :until, '(0~60)MPa', 'U=0.02%, k=2', 'valid', :t, :t,"
                " 'pressure', 0, 60000000, 'Pa')"
            ),
            {"t": now, "no": False, "until": dt.date(2027, 5, 31)},
        )
        conn.execute(
            text(
                "INSERT INTO instrument (standard_id, position, role, name, traced_to_name)"
                " VALUES (7, 0, 'main', '数字压力计', '中国计量科学研究院')"
            )
        )
    engine.dispose()

    if BACKEND == "postgres":  # a shared server is brought forward by `db upgrade`: a client refuses it
        schema.upgrade(resolve_home(tmp_path / "h", empty_url))
    reg = open_registry(tmp_path / "h", empty_url, logging=False)
    assert db.current_revision(reg.engine) == db.head_revision(reg.engine)
    with reg.uow() as uow:
        own = uow.institutes.own()
        assert own is not None and own.name == "上海市计量测试技术研究院"
        agg = uow.standards.get(7)
        assert agg is not None
        assert agg.standard.certificate_no == "[2023]沪量标证字第0123号"
        assert agg.standard.valid_until == dt.date(2027, 5, 31)
        assert agg.standard.range_max == 60_000_000
        assert [i.traced_to_name for i in agg.instruments] == ["中国计量科学研究院"]
    reg.close()
