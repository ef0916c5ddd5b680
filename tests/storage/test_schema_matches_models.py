"""The schema the migrations build is the one the models describe, whether a database is new
or brought forward from an older revision (revision 0004: indexes on ``uid``), and the one
the field registry declares (:mod:`labregistry.domain.fields`): column types, lengths and
nullability, which the comparison with the models leaves out (``compare_type``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, MetaData, inspect, text
from sqlmodel import SQLModel

from labregistry.domain import fields as registry
from labregistry.inventory import textindex
from labregistry.inventory.criteria import build_criteria
from labregistry.config import resolve_home
from labregistry.registry import open_registry
from labregistry.services import inventory, schema
from labregistry.storage import db
from tests.conftest import BACKEND
from tests.domain.registry_checks import NOT_FIELDS, registry_disagreements

UID_INDEXED = ("standard", "authorisation", "staff")


@pytest.fixture
def db_url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty database of the backend this run is on."""
    if BACKEND == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'r.db'}"


def _not_a_model(name: str | None, type_: str, _parents: Any) -> bool:
    """The search index's parts are made with raw SQL by revisions 0003, 0015, 0016 and 0019, not by models."""
    if name is None:
        return True
    return not ((type_ == "table" and name.startswith(("inv_fts_", "inv_doc_", "inv_cap_"))) or
                (type_ == "index" and name.startswith("ix_inv_")))


def _differences(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _not_a_model, "compare_type": False})
        return list(compare_metadata(context, SQLModel.metadata))


def _indexes(engine: Engine) -> set[tuple[str, str | None, tuple[str, ...], bool]]:
    found = inspect(engine)
    return {(t, ix["name"], tuple(c or "" for c in ix["column_names"]), bool(ix["unique"]))
            for t in found.get_table_names() for ix in found.get_indexes(t)}


def test_a_new_database_is_what_the_models_say(db_url: str) -> None:
    engine = db.make_engine(db_url)
    try:
        db.migrate(engine)
        assert _differences(engine) == []
        indexes = _indexes(engine)
        for table in UID_INDEXED:
            assert (table, f"ix_{table}_uid", ("uid",), False) in indexes
    finally:
        engine.dispose()


def test_a_new_database_holds_the_registry_fields(db_url: str) -> None:
    """Every stored field has its column, of its type, length and nullability, as the migrations make it."""
    engine = db.make_engine(db_url)
    try:
        db.migrate(engine)
        tables = MetaData()
        tables.reflect(engine, only=[rt.name for rt in registry.RECORD_TYPES])
        found = [d for rt in registry.RECORD_TYPES
                 for d in registry_disagreements(rt, tables.tables[rt.name], NOT_FIELDS[rt.name])]
        assert found == []
    finally:
        engine.dispose()


def _fill_at_0003(engine: Engine) -> None:
    """Records written at revision 0003 (raw SQL, as that version wrote them)."""
    now = dt.datetime(2025, 1, 2, 3, 4, 5)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO institute (id, uscc, name, province, city, is_own, stale, created_at, updated_at)"
            " VALUES (1, '91350100M000100Y43', '上海市计量测试技术研究院', '上海', '上海', true, false, :t, :t)"),
            {"t": now})
        conn.execute(text(
            "INSERT INTO standard (id, uid, institute_id, name, code, code_temporary, grade, certificate_no,"
            " valid_until, range_text, accuracy_text, status, created_at, updated_at)"
            " VALUES (7, 'u7', 1, '精密压力表标准装置', '12113100', false, 'public', '[2023]沪量标证字第0123号',"
            " '2027-05-31', '(0~60)MPa', 'U=0.02%, k=2', 'valid', :t, :t)"), {"t": now})
        conn.execute(text("INSERT INTO service (standard_id, position, name, procedure, kind)"
                          " VALUES (7, 0, '精密压力表检定', 'JJG 49-2013', 'verification')"))
        conn.execute(text(
            "INSERT INTO authorisation (id, uid, institute_id, certificate_no, form, valid_until, status,"
            " created_at, updated_at) VALUES (3, 'a3', 1, '(沪)法计(2024)00001号', 'legal_verification',"
            " '2028-01-01', 'valid', :t, :t)"), {"t": now})
        conn.execute(text(
            "INSERT INTO staff (id, uid, institute_id, name, status, created_at, updated_at)"
            " VALUES (5, 's5', 1, '王力', 'active', :t, :t)"), {"t": now})


def test_a_database_at_0003_with_records_becomes_the_same_as_a_new_one(tmp_path: Path, db_url: str,
                                                                       request: pytest.FixtureRequest) -> None:
    old = db.make_engine(db_url)
    db.migrate(old, "0003")
    _fill_at_0003(old)
    old.dispose()

    if BACKEND == "postgres":  # a shared server is brought forward by `db upgrade`: a client refuses it
        schema.upgrade(resolve_home(tmp_path / "h", db_url))
    reg = open_registry(tmp_path / "h", db_url, logging=False)
    fresh_url = str(request.getfixturevalue("pg_url")) if BACKEND == "postgres" else \
        f"sqlite:///{tmp_path / 'fresh.db'}"
    fresh = db.make_engine(fresh_url)
    try:
        assert db.current_revision(reg.engine) == db.head_revision(reg.engine)
        db.migrate(fresh)
        assert _indexes(reg.engine) == _indexes(fresh)
        assert _differences(reg.engine) == []
        with reg.engine.connect() as conn:
            assert textindex.check(conn) == []  # no table was rebuilt: the search triggers are all there
        page = inventory.search(reg, build_criteria(text="精密压力表"))
        assert [r["certificate_no"] for r in page.rows] == ["[2023]沪量标证字第0123号"]
        with reg.engine.begin() as conn:  # a write after the migration still reaches the search index
            conn.execute(text("UPDATE standard SET name = '活塞式压力计标准装置' WHERE id = 7"))
        assert inventory.search(reg, build_criteria(text="精密压力表标准")).rows == []
        assert inventory.search(reg, build_criteria(text="活塞式")).total == 1
    finally:
        fresh.dispose()
        reg.close()


@pytest.mark.sqlite_only
def test_records_are_looked_up_by_uid_through_its_index(tmp_path: Path) -> None:
    """What the bundle merge's foreign-records check asks: one index lookup per uid, not a scan."""
    reg = open_registry(tmp_path / "h", logging=False)
    try:
        with reg.engine.connect() as conn:
            for table in UID_INDEXED:
                plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
                    f"EXPLAIN QUERY PLAN SELECT id FROM {table} WHERE uid IN ('a', 'b')"))
                assert f"USING INDEX ix_{table}_uid (uid=?)" in plan or f"USING COVERING INDEX ix_{table}_uid (uid=?)" \
                    in plan, plan
    finally:
        reg.close()
