"""The operations several migration revisions run the same way, written once (issue 17).

Frozen like the revisions themselves (docs/architecture.md, "frozen history"): a revision
calling a function here runs what that function ran the day the revision was written, so
**these functions never change**. A revision that needs something else (another column, a
statement in another order) gets a new function beside the old ones, or writes it out
itself; an unused function stays, since an old revision may call it. This module imports
only the standard library, Alembic and SQLAlchemy, never the registry's live code
(``tests/storage/test_migration_imports.py`` reads it with the revisions).

``tests/storage/test_migration_snapshots.py`` is the oracle of every revision that calls
this module: the schema and the rows after each step, up and down, on SQLite and
PostgreSQL, are those recorded before the revisions were restructured.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

# --- columns and constraints --------------------------------------------------------------


def record_head() -> list[sa.Column[object]]:
    """The first columns of a record kept per institute: its id, its uid (the same in every
    home the record travels to) and the institute that keeps it."""
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.String(length=32), nullable=False),
        sa.Column('institute_id', sa.Integer(), nullable=False),
    ]


def timestamps(timezone: bool) -> list[sa.Column[object]]:
    """``created_at`` and ``updated_at``, both required (with a time zone or without, as the
    table was first written: 0001's tables have one, 0008's and 0012's not)."""
    return [
        sa.Column('created_at', sa.DateTime(timezone=timezone), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=timezone), nullable=False),
    ]


def record_tail(table: str, timezone: bool) -> list[sa.Column[object] | sa.Constraint]:
    """The last columns and the constraints of a record kept per institute: its timestamps,
    the institute (its records go with it), the id, and one uid per institute
    (``uq_<table>_uid``)."""
    return [
        *timestamps(timezone),
        sa.ForeignKeyConstraint(['institute_id'], ['institute.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('institute_id', 'uid', name=f'uq_{table}_uid'),
    ]


def child_head(parent: str) -> list[sa.Column[object]]:
    """The first columns of a record's child row: its id, the parent (``<parent>_id``) and
    its position among the parent's rows."""
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column(f'{parent}_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
    ]


def child_tail(parent: str) -> list[sa.Constraint]:
    """A child row's constraints: it goes with its parent; its id is the key."""
    return [
        sa.ForeignKeyConstraint([f'{parent}_id'], [f'{parent}.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    ]


def range_columns(required: bool) -> list[sa.Column[object]]:
    """A measuring range as written (``range_text``: required or not) and as read: the
    quantity, its ends in SI units, the unit shown (a standard's, an authorised item's, a
    capability row's: the same five columns)."""
    return [
        sa.Column('range_text', sa.String(length=300), nullable=not required),
        sa.Column('quantity', sa.String(length=40), nullable=True),
        sa.Column('range_min', sa.Float(), nullable=True),
        sa.Column('range_max', sa.Float(), nullable=True),
        sa.Column('unit', sa.String(length=40), nullable=True),
    ]


def accuracy_columns() -> list[sa.Column[object]]:
    """An accuracy as written (required) and as read: its kind, value, relative or not, the
    coverage factor, a class (a standard's and a capability row's: the same six columns)."""
    return [
        sa.Column('accuracy_text', sa.String(length=300), nullable=False),
        sa.Column('accuracy_kind', sa.String(length=12), nullable=True),
        sa.Column('accuracy_value', sa.Float(), nullable=True),
        sa.Column('accuracy_relative', sa.Boolean(), nullable=True),
        sa.Column('accuracy_k', sa.Float(), nullable=True),
        sa.Column('accuracy_class', sa.String(length=20), nullable=True),
    ]


def import_source_columns() -> list[sa.Column[object]]:
    """Where a row brought in from a file came from: the source it names, the file, and when
    (a catalogue's rows, revision 0009)."""
    return [
        sa.Column('source', sa.String(length=300), nullable=True),
        sa.Column('imported_from', sa.String(length=300), nullable=True),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    ]


# --- indexes ------------------------------------------------------------------------------


def batch_create_indexes(table: str, indexes: Sequence[tuple[str, list[str], bool]]) -> None:
    """``create_index`` of each (name, columns, unique) in one ``batch_alter_table`` block of
    ``table``, in order (Alembic's autogenerated form of revision 0001 and 0002)."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name, columns, unique in indexes:
            batch_op.create_index(name, columns, unique=unique)


def batch_drop_indexes_and_table(table: str, indexes: Iterable[str]) -> None:
    """``drop_index`` of each name, in order, in one ``batch_alter_table`` block, then
    ``drop_table`` (the autogenerated downgrade of revisions 0001 and 0002)."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name in indexes:
            batch_op.drop_index(name)
    op.drop_table(table)


def create_indexes(table: str, indexes: Mapping[str, list[str]]) -> None:
    """``op.create_index(name, table, columns, unique=False)`` of each, in order."""
    for name, columns in indexes.items():
        op.create_index(name, table, columns, unique=False)


def drop_indexes_and_table(table: str, indexes: Iterable[str]) -> None:
    """``op.drop_index`` of each name, in order, then ``op.drop_table``."""
    for name in indexes:
        op.drop_index(name, table_name=table)
    op.drop_table(table)


# --- statements run on the revision's connection (0003, 0007; PostgreSQL-only: 0015, 0016) ---


def pg_connection() -> Connection | None:
    """The revision's connection on PostgreSQL; None on SQLite, where a PostgreSQL-only
    revision (0015, 0016) does nothing."""
    conn = op.get_bind()
    return conn if conn.dialect.name == "postgresql" else None


def run(conn: Connection, statements: Iterable[str]) -> None:
    """Each statement, in order, on the migration's connection."""
    for statement in statements:
        conn.exec_driver_sql(statement)


def run_then_trgm_index(conn: Connection, statements: Iterable[str], trgm_index: str, analyse: str) -> None:
    """Each statement, then ``trgm_index`` where pg_trgm is (made when it could: revision 0003),
    then ``ANALYZE`` of the table ``analyse`` (revisions 0015 and 0017, the standards' documents)."""
    run(conn, statements)
    if conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first() is not None:
        conn.exec_driver_sql(trgm_index)
    conn.exec_driver_sql(f"ANALYZE {analyse}")


def created_pg_trgm(conn: Connection, log: logging.Logger) -> bool:
    """pg_trgm is there (made now, or before); False when this role may not create it (the
    warning goes to the revision's ``log``)."""
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        return True
    except DBAPIError as exc:  # no privilege, or the contrib package is missing
        log.warning("pg_trgm unavailable (%s): free-text search will scan instead of using an index", exc)
        return False


# --- the search index's statements (revisions 0003 and 0007) ------------------------------


def sqlite_fts_tables(fts: str) -> tuple[str, ...]:
    """An FTS5 trigram table ``fts`` of one column ``doc``, and its vocabulary ``<fts>_vocab``."""
    return (f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(doc, tokenize='trigram')",
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts}_vocab USING fts5vocab({fts}, 'row')")


def sqlite_drop_fts_triggers(fts: str, tables: Iterable[str]) -> tuple[str, ...]:
    """``DROP TRIGGER IF EXISTS`` of the triggers ``<fts>_<table>_ai``, ``_au`` and ``_ad``
    of each table, in order."""
    return tuple(f"DROP TRIGGER IF EXISTS {fts}_{table}_{event}" for table in tables for event in ("ai", "au", "ad"))


def sqlite_fts_triggers(fts: str, table: str, columns: Sequence[str], document: str,
                        children: Sequence[tuple[str, str, Sequence[str]]] = ()) -> tuple[str, ...]:
    """The triggers that keep ``fts`` in step with ``table`` and its child tables, each
    dropped first (the drops of all, then the creations of all, ``table``'s first).

    ``document`` is the SELECT of a record's row id and document, ``SELECT r.id, (...) FROM
    <table> r``; a trigger narrows it to one record (``WHERE r.id = new.id``). ``columns``
    are the record's columns its document reads (an UPDATE OF them, or of ``id``, refreshes
    it); each child is (its table, its column naming the record, the columns it adds)."""

    def insert(record: str) -> str:
        return f"INSERT INTO {fts}(rowid, doc) {document} WHERE r.id = {record};"

    made = [
        f"CREATE TRIGGER {fts}_{table}_ai AFTER INSERT ON {table} BEGIN DELETE FROM {fts} WHERE rowid = new.id; "
        f"{insert('new.id')} END",
        f"CREATE TRIGGER {fts}_{table}_au AFTER UPDATE OF id, {', '.join(columns)} ON {table} BEGIN DELETE FROM "
        f"{fts} WHERE rowid = old.id; DELETE FROM {fts} WHERE rowid = new.id; {insert('new.id')} END",
        f"CREATE TRIGGER {fts}_{table}_ad AFTER DELETE ON {table} BEGIN DELETE FROM {fts} WHERE rowid = old.id; END",
    ]
    for child, key, child_columns in children:
        made += [
            f"CREATE TRIGGER {fts}_{child}_ai AFTER INSERT ON {child} BEGIN DELETE FROM {fts} WHERE rowid = "
            f"new.{key}; {insert(f'new.{key}')} END",
            f"CREATE TRIGGER {fts}_{child}_au AFTER UPDATE OF {key}, {', '.join(child_columns)} ON {child} BEGIN "
            f"DELETE FROM {fts} WHERE rowid = old.{key}; {insert(f'old.{key}')} DELETE FROM {fts} WHERE rowid = "
            f"new.{key}; {insert(f'new.{key}')} END",
            f"CREATE TRIGGER {fts}_{child}_ad AFTER DELETE ON {child} BEGIN DELETE FROM {fts} WHERE rowid = "
            f"old.{key}; {insert(f'old.{key}')} END",
        ]
    return (*sqlite_drop_fts_triggers(fts, [table, *(c[0] for c in children)]), *made)


def sqlite_fts_refill(fts: str, document: str) -> tuple[str, str]:
    """``fts`` emptied, then filled with every record's document (``document`` as above)."""
    return f"DELETE FROM {fts}", f"INSERT INTO {fts}(rowid, doc) {document}"


def sqlite_fts_drop(fts: str, tables: Iterable[str]) -> tuple[str, ...]:
    """The triggers of ``fts`` on each table dropped, then its vocabulary and itself."""
    return (*sqlite_drop_fts_triggers(fts, tables), f"DROP TABLE IF EXISTS {fts}_vocab", f"DROP TABLE IF EXISTS {fts}")


def search_up(conn: Connection, sqlite: Iterable[str], pg: Iterable[str], pg_trgm: Iterable[str],
              log: logging.Logger) -> None:
    """SQLite: ``sqlite``. PostgreSQL: ``pg``, then ``pg_trgm`` when pg_trgm can be had."""
    if conn.dialect.name == "sqlite":
        run(conn, sqlite)
    elif conn.dialect.name == "postgresql":
        run(conn, pg)
        if created_pg_trgm(conn, log):
            run(conn, pg_trgm)


def search_down(conn: Connection, sqlite: Iterable[str], pg: Iterable[str]) -> None:
    """SQLite: ``sqlite``. PostgreSQL: ``pg``."""
    if conn.dialect.name == "sqlite":
        run(conn, sqlite)
    elif conn.dialect.name == "postgresql":
        run(conn, pg)
