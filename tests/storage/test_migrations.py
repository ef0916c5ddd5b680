"""Migrations: up and down on an empty database, and data made at each revision survives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from labregistry.registry import open_registry
from labregistry.storage import db

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


def test_empty_database_upgrades_to_head_and_back_down(tmp_path: Path) -> None:
    engine = db.make_engine(str(tmp_path / "r.db"))
    db.migrate(engine)
    assert db.current_revision(engine) == db.head_revision(engine)
    assert EXPECTED_TABLES <= set(db.table_names(engine))
    db.downgrade(engine, "base")
    assert db.current_revision(engine) is None
    assert set(db.table_names(engine)) <= {"alembic_version"}
    db.migrate(engine)
    assert db.current_revision(engine) == db.head_revision(engine)


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    reg = open_registry(tmp_path / "h")
    with reg.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_data_made_at_the_first_revision_is_intact_at_head(tmp_path: Path) -> None:
    """A database written by revision 0001 (raw SQL, as that version wrote it) opens at head."""
    engine = db.make_engine(str(tmp_path / "old.db"))
    db.migrate(engine, "0001")
    now = dt.datetime(2025, 1, 2, 3, 4, 5)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO institute (id, uscc, name, province, city, is_own, created_at, updated_at)"
                " VALUES (1, '91350100M000100Y43', '上海市计量测试技术研究院', '上海', '上海', 1, :t, :t)"
            ),
            {"t": now},
        )
        conn.execute(
            text(
                "INSERT INTO standard (id, uid, institute_id, name, code, code_temporary, grade,"
                " certificate_no, valid_until, range_text, accuracy_text, status, created_at, updated_at,"
                " quantity, range_min, range_max, unit)"
                " VALUES (7, 'u7', 1, '精密压力表标准装置', '12113100', 0, 'public',"
                " '[2023]沪量标证字第0123号', '2027-05-31', '(0~60)MPa', 'U=0.02%, k=2', 'valid', :t, :t,"
                " 'pressure', 0, 60000000, 'Pa')"
            ),
            {"t": now},
        )
        conn.execute(
            text(
                "INSERT INTO instrument (standard_id, position, role, name, traced_to_name)"
                " VALUES (7, 0, 'main', '数字压力计', '中国计量科学研究院')"
            )
        )
    engine.dispose()

    reg = open_registry(tmp_path / "h", f"sqlite:///{tmp_path / 'old.db'}")
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


@pytest.mark.postgres
def test_postgresql_upgrades_to_head_and_back_down(pg_url: str) -> None:
    engine = db.make_engine(pg_url)
    db.migrate(engine)
    assert EXPECTED_TABLES <= set(db.table_names(engine))
    db.downgrade(engine, "base")
    assert set(db.table_names(engine)) <= {"alembic_version"}
    db.migrate(engine)
    assert db.current_revision(engine) == db.head_revision(engine)
    engine.dispose()
