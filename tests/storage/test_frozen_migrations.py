"""Migrations are frozen history: each runs the DDL it ran the day it was written.

A revision that called live code (revision 0003 ran the search index's live ``install``)
would change what it does whenever that code changes: a database brought forward later
would get another schema than one brought forward before, with no revision saying so.
Revision 0003's statements are now written into it; here a database migrated to head
through them is compared with one whose 0003 step is the live code of the day it was
frozen (``storage.searchindex.install``, then stamped): tables, their SQL, triggers, FTS
tables and their rows on SQLite; columns, indexes, functions, triggers, extensions on
PostgreSQL, also for a role that may not create pg_trgm. That no revision imports the
registry's code is tests/storage/test_migration_imports.py.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from sqlalchemy import Connection, Engine, make_url, text

from labregistry.storage import db, searchindex
from tests.conftest import BACKEND
from tests.storage.test_schema_matches_models import _fill_at_0003

_PG_CATALOGUE = (
    "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default "
    "FROM information_schema.columns WHERE table_schema = 'public'",
    "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE connamespace = 'public'::regnamespace",
    "SELECT p.proname, pg_get_function_identity_arguments(p.oid), p.prosrc FROM pg_proc p "
    "WHERE p.pronamespace = 'public'::regnamespace",
    "SELECT event_object_table, trigger_name, action_timing, event_manipulation, action_statement "
    "FROM information_schema.triggers",
    "SELECT extname FROM pg_extension",
)


def _schema(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a migration makes, as sorted rows; on SQLite also the search index's rows."""
    if conn.dialect.name == "sqlite":
        found = {"schema": sorted(tuple(r) for r in conn.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))}
        for ti in searchindex.INDEXES.values():
            found[ti.fts] = sorted(tuple(r) for r in conn.exec_driver_sql(f"SELECT rowid, doc FROM {ti.fts}"))
        if any(row[1] == searchindex.PG_CAP_TABLE for row in found["schema"]):  # revision 0019
            found[searchindex.PG_CAP_TABLE] = sorted(tuple(r) for r in conn.exec_driver_sql(
                f"SELECT * FROM {searchindex.PG_CAP_TABLE}"))
        return found
    found = {sql: sorted(tuple(r) for r in conn.exec_driver_sql(sql)) for sql in _PG_CATALOGUE}
    if conn.exec_driver_sql(f"SELECT to_regclass('{searchindex.PG_DOC_TABLE}')").scalar_one() is not None:
        found[searchindex.PG_DOC_TABLE] = sorted(tuple(r) for r in conn.exec_driver_sql(
            f"SELECT * FROM {searchindex.PG_DOC_TABLE}"))  # with the validity of 0017
    if conn.exec_driver_sql(f"SELECT to_regclass('{searchindex.PG_CAP_TABLE}')").scalar_one() is not None:
        found[searchindex.PG_CAP_TABLE] = sorted(tuple(r) for r in conn.exec_driver_sql(
            f"SELECT * FROM {searchindex.PG_CAP_TABLE}"))
    return found


def _migrated(url: str, step_0003: Callable[[Engine], None], step_0007: Callable[[Engine], None] | None = None
              ) -> dict[str, list[tuple[Any, ...]]]:
    """A database with records written at 0002, brought to 0003 by ``step_0003``, then to head
    (to 0007 by ``step_0007`` when given; the rows of revision 0006's capability table with it)."""
    engine = db.make_engine(url)
    try:
        db.migrate(engine, "0002")
        _fill_at_0003(engine)  # revision 0003 added no column: the rows of 0002
        step_0003(engine)
        if step_0007 is not None:
            db.migrate(engine, "0006")
            _add_capability_rows(engine)
            step_0007(engine)
        db.migrate(engine)
        with engine.connect() as conn:
            return _schema(conn)
    finally:
        engine.dispose()


def _frozen(engine: Engine) -> None:
    db.migrate(engine, "0003")


def _live(engine: Engine) -> None:
    """The live ``install`` with the standard's document as it was when 0003 was frozen
    (its services only: revision 0007 added the capability rows, whose table 0006 makes)."""
    standard = searchindex.INDEXES["standard"]
    then = dict(searchindex.INDEXES, standard=replace(standard, children=standard.children[:1]))
    with patch.object(searchindex, "INDEXES", then), engine.begin() as conn:
        searchindex.install(conn)
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0003'")


def _add_capability_rows(engine: Engine) -> None:
    """A second capability row with a parameter and conditions, written at 0006."""
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO capability (standard_id, position, parameter, range_text, accuracy_text, conditions) "
            "VALUES (7, 1, '绝对压力', '(0~6)MPa', 'U=0.01%, k=2', '环境温度（20±2）℃')"))


def _frozen_0007(engine: Engine) -> None:
    db.migrate(engine, "0007")


def _live_0007(engine: Engine) -> None:
    """Revision 0007 as the live code does it: ``search-index --rebuild`` (repair) on a 0006 database."""
    with engine.begin() as conn:
        searchindex.repair(conn)
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0007'")


def _differences(frozen: dict[str, list[tuple[Any, ...]]],
                 live: dict[str, list[tuple[Any, ...]]]) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Per catalogue query, the rows only the frozen database has and those only the live one has."""
    return {key: {"frozen only": [r for r in frozen.get(key, []) if r not in live.get(key, [])],
                  "live only": [r for r in live.get(key, []) if r not in frozen.get(key, [])]}
            for key in frozen.keys() | live.keys() if frozen.get(key) != live.get(key)}


def _new_url(tmp_path: Path, name: str, request: pytest.FixtureRequest) -> str:
    if BACKEND == "postgres":
        return str(request.getfixturevalue("pg_server").new_database())
    return f"sqlite:///{tmp_path / name}"


def test_the_frozen_0003_builds_what_the_live_index_code_builds(tmp_path: Path,
                                                               request: pytest.FixtureRequest) -> None:
    frozen = _migrated(_new_url(tmp_path, "frozen.db", request), _frozen)
    live = _migrated(_new_url(tmp_path, "live.db", request), _live)
    assert _differences(frozen, live) == {}
    names = str(frozen)
    for part in ("inv_fts_credential_vocab", "inv_fts_standard_service_au", "ix_inv_standard_qty_rank") \
            if BACKEND != "postgres" else ("ix_inv_trgm_credential_item", "ix_inv_bigram_staff", "pg_trgm"):
        assert part in names  # the comparison saw the index, not two empty lists
    if BACKEND != "postgres":
        assert any("精密压力表标准装置" in doc for _rowid, doc in frozen["inv_fts_standard"])


def test_the_frozen_0007_builds_what_the_live_index_code_builds(tmp_path: Path,
                                                               request: pytest.FixtureRequest) -> None:
    """Capability rows stored at 0006 are in the standard's document after 0007, as after a rebuild."""
    frozen = _migrated(_new_url(tmp_path, "frozen.db", request), _frozen, _frozen_0007)
    live = _migrated(_new_url(tmp_path, "live.db", request), _frozen, _live_0007)
    assert _differences(frozen, live) == {}
    names = str(frozen)
    for part in (("inv_fts_standard_capability_au",) if BACKEND != "postgres"
                 else ("ix_inv_trgm_capability", "ix_inv_bigram_capability")):
        assert part in names
    if BACKEND != "postgres":
        [(_rowid, doc)] = frozen["inv_fts_standard"]
        assert "绝对压力" in doc and "环境温度" in doc


def _live_0015(engine: Engine) -> None:
    """Revision 0015 as the live code does it: ``search-index --rebuild`` (repair) on a 0014 database."""
    with engine.begin() as conn:
        searchindex.repair(conn)
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0015'")


def _live_from(url: str, revision: str, live_step: Callable[[Engine], None]) -> dict[str, list[tuple[Any, ...]]]:
    """The schema of a database with records written at 0002, migrated to ``revision``, taken
    one revision further by ``live_step`` (the live code), then to head."""
    engine = db.make_engine(url)
    try:
        db.migrate(engine, "0002")
        _fill_at_0003(engine)
        db.migrate(engine, revision)
        live_step(engine)
        db.migrate(engine)
        with engine.connect() as conn:
            return _schema(conn)
    finally:
        engine.dispose()


def _frozen_is_live(tmp_path: Path, request: pytest.FixtureRequest, before: str,
                    live_step: Callable[[Engine], None], parts: tuple[str, ...]) -> dict[str, list[tuple[Any, ...]]]:
    """The schema at head of a database migrated by the frozen revisions, asserted the same as
    one taken past ``before`` by ``live_step`` (the live code), and holding every one of ``parts``
    (the comparison saw them, not two empty lists); returned for the caller's own checks."""
    frozen = _migrated(_new_url(tmp_path, "frozen.db", request), _frozen)
    live = _live_from(_new_url(tmp_path, "live.db", request), before, live_step)
    assert _differences(frozen, live) == {}
    assert [part for part in parts if part not in str(frozen)] == []
    return frozen


def _live_0016(engine: Engine) -> None:
    """Revision 0016 as the live code does it: the summary's DDL and its refill on a 0015 database."""
    with engine.begin() as conn:
        for statement in searchindex.pg_capability_ddl():
            conn.exec_driver_sql(statement)
        searchindex.pg_refill_capabilities(conn)
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0016'")


@pytest.mark.skipif(BACKEND != "postgres", reason="the standards' documents are PostgreSQL's")
def test_the_frozen_0015_builds_what_the_live_document_code_builds(tmp_path: Path,
                                                                  request: pytest.FixtureRequest) -> None:
    """The standards' documents (table, functions, indexes, triggers and rows) made by revision
    0015's frozen statements are what ``search-index --rebuild``'s live ones make."""
    frozen = _frozen_is_live(tmp_path, request, "0014", _live_0015, (
        "ix_inv_doc_standard_bigram", "ix_inv_doc_standard_trgm", "inv_doc_capability_update", "inv_doc_bigrams"))
    assert any("精密压力表标准装置" in row[1] for row in frozen[searchindex.PG_DOC_TABLE])


@pytest.mark.skipif(BACKEND != "postgres", reason="the capability rows' summary is PostgreSQL's")
def test_the_frozen_0016_builds_what_the_live_summary_code_builds(tmp_path: Path,
                                                                 request: pytest.FixtureRequest) -> None:
    """The capability rows' summary (table, rows, indexes, functions, triggers) made by revision
    0016's frozen statements is what the live ``pg_capability_ddl`` and its refill make."""
    frozen = _frozen_is_live(tmp_path, request, "0015", _live_0016, (
        "ix_inv_cap_row_search", "ix_inv_cap_row_standard", "inv_cap_row_standard_update", "inv_cap_row_capability_sync"))
    assert frozen[searchindex.PG_CAP_TABLE]  # rows were compared


def _live_0017(engine: Engine) -> None:
    """Revision 0017 as the live code does it: the documents made afresh (table, functions,
    indexes, triggers, rows with their validity) by ``search-index --rebuild``'s code on a 0016
    database whose documents were dropped."""
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE {searchindex.PG_DOC_TABLE}")
        searchindex.install_pg_documents(conn)
        searchindex.pg_refill_documents(conn)
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0017'")


@pytest.mark.skipif(BACKEND != "postgres", reason="the standards' documents are PostgreSQL's")
def test_the_frozen_0017_builds_what_the_live_document_code_builds(tmp_path: Path,
                                                                  request: pytest.FixtureRequest) -> None:
    """The documents with their standard's validity (columns, rows, indexes, the refresh, the
    validity trigger) made by revision 0017's frozen statements over 0016's documents are what
    the live ``pg_document_ddl`` and its refill make."""
    frozen = _frozen_is_live(tmp_path, request, "0016", _live_0017, (
        "inv_doc_standard_validity", "inv_doc_validity_sync", "ix_inv_doc_standard_bigram", "ix_inv_doc_standard_trgm"))
    assert all(len(row) >= 4 and row[3] is not None for row in frozen[searchindex.PG_DOC_TABLE])  # validity compared


def _live_0018(engine: Engine) -> None:
    """Revision 0018 as the live code does it: the documents and the capability rows' summary made
    afresh (tables, functions, indexes, triggers, rows with their standard's institute) by
    ``search-index --rebuild``'s code on a 0017 database whose two tables were dropped."""
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE {searchindex.PG_DOC_TABLE}, {searchindex.PG_CAP_TABLE}")
        searchindex.repair(conn)
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0018'")


@pytest.mark.skipif(BACKEND != "postgres", reason="the documents and the summary are PostgreSQL's")
def test_the_frozen_0018_builds_what_the_live_document_and_summary_code_builds(
        tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Each standard's institute beside its document and its capability rows (columns, rows, the
    covering index, the refresh and trigger functions) made by revision 0018's frozen statements
    over 0017's tables are what the live ``pg_document_ddl``, ``pg_capability_ddl`` and their
    refills make."""
    frozen = _frozen_is_live(tmp_path, request, "0017", _live_0018, (
        "inv_doc_validity_sync", "inv_cap_row_standard_sync", "ix_inv_cap_row_search", "ix_inv_doc_standard_trgm"))
    assert all(len(row) == 5 and row[4] is not None for row in frozen[searchindex.PG_DOC_TABLE])  # institutes compared
    assert frozen[searchindex.PG_CAP_TABLE] and all(row[-1] is not None for row in frozen[searchindex.PG_CAP_TABLE])


def _live_0019(engine: Engine) -> None:
    """Revision 0019 as the live code does it: SQLite's summary (table, indexes, triggers) and its
    refill on a 0018 database."""
    with engine.begin() as conn:
        for statement in searchindex.sqlite_capability_ddl():
            conn.exec_driver_sql(statement)
        searchindex.sqlite_refill_capabilities(conn)
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0019'")


@pytest.mark.skipif(BACKEND == "postgres", reason="revision 0019's summary is SQLite's (0016 made PostgreSQL's)")
def test_the_frozen_0019_builds_what_the_live_sqlite_summary_code_builds(tmp_path: Path,
                                                                        request: pytest.FixtureRequest) -> None:
    """SQLite's capability rows' summary (table, rows, indexes, triggers) made by revision 0019's
    frozen statements is what the live ``sqlite_capability_ddl`` and its refill make."""
    frozen = _frozen_is_live(tmp_path, request, "0018", _live_0019, (
        "ix_inv_cap_row_search", "ix_inv_cap_row_standard", "inv_cap_row_standard_au", "inv_cap_row_capability_ai"))
    assert frozen[searchindex.PG_CAP_TABLE]  # rows were compared


def _live_0020(engine: Engine) -> None:
    """Revision 0020 as the live code does it: the documents made afresh (their rank index with
    them) by ``search-index --rebuild``'s code on a 0019 database whose documents were dropped."""
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE {searchindex.PG_DOC_TABLE}")
        searchindex.repair(conn)
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0020'")


@pytest.mark.skipif(BACKEND != "postgres", reason="the standards' documents are PostgreSQL's")
def test_the_frozen_0020_builds_what_the_live_document_code_builds(tmp_path: Path,
                                                                  request: pytest.FixtureRequest) -> None:
    """The documents' rank index (a text search's bounded first page) made by revision 0020's
    frozen statement is what the live ``pg_document_ddl`` makes."""
    frozen = _frozen_is_live(tmp_path, request, "0019", _live_0020, (
        searchindex.PG_DOC_RANK, "ix_inv_doc_standard_bigram", "ix_inv_doc_standard_trgm"))
    assert frozen[searchindex.PG_DOC_TABLE]  # rows were compared


@pytest.mark.skipif(BACKEND != "postgres", reason="pg_trgm is PostgreSQL's")
def test_without_the_right_to_create_pg_trgm_both_build_the_index_without_it(
        request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> None:
    """A role that may create tables but not extensions: the migration carries on without
    the trigram indexes, frozen as live."""
    server = request.getfixturevalue("pg_server")
    role = f"t_noext_{uuid.uuid4().hex[:8]}"
    urls = [server.new_database(), server.new_database()]
    admin = db.make_engine(urls[0])
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
    admin.dispose()
    try:
        for url in urls:
            engine = db.make_engine(url)
            with engine.begin() as conn:
                conn.exec_driver_sql(f"GRANT CREATE ON SCHEMA public TO {role}")
            engine.dispose()
        as_role = [make_url(u).set(username=role).render_as_string(hide_password=False) for u in urls]
        with caplog.at_level(logging.WARNING):
            frozen = _migrated(as_role[0], _frozen)
        assert "pg_trgm unavailable" in caplog.text
        live = _migrated(as_role[1], _live)
        assert _differences(frozen, live) == {}
        assert "ix_inv_bigram_staff" in str(frozen) and "ix_inv_trgm_" not in str(frozen)
        assert "pg_trgm" not in str(frozen)
    finally:
        server.drop({make_url(u).database for u in urls})
        admin = db.make_engine(server.new_database())
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
        admin.dispose()
