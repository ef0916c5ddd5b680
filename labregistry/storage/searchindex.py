"""The search index's definition, its tables, indexes and triggers, and their maintenance.

The index as the live code defines it (:func:`install`, :func:`uninstall`), puts back
(:func:`repair`, :func:`install_sqlite_triggers`), refills (:func:`rebuild_sqlite`) or
checks (:func:`check`), and the bulk paths' way of writing many records with it
(:func:`deferred`). The queries over it are :mod:`labregistry.inventory.textindex`. The
migrations do not call this module: revision 0003 holds the statements :func:`install` and
:func:`uninstall` ran, frozen (``tests/storage/test_frozen_migrations.py`` finds the two
ways to the same schema).

A record's *document* is its searchable columns and those of its children (a standard's
services and capability rows, a credential's items), each followed by two spaces (see
:func:`part_doc_sql`). A standard's capability rows (their parameter and conditions, since
revision 0007) are in its document rather than an index of their own: a text search asks
for standards holding every term anywhere in one (交流电压 校准器: a row's parameter and the
standard's name), which one index per record answers in one MATCH, and a row's
triggers refresh its standard's document as a service's do.

SQLite: one FTS5 table with the trigram tokenizer per record kind (``inv_fts_<name>``,
rowid = the record's id, the document stored), kept in sync by AFTER INSERT / UPDATE /
DELETE triggers on the record's table and on its child tables, so every write path (ORM
saves, the set-based inserts and deletes of :mod:`.writes`, ON DELETE CASCADE) refreshes
it inside the same transaction without knowing about it.

PostgreSQL: a pg_trgm GIN index per table on the same per-table document expression,
and a GIN index on its two-character pieces (:data:`PG_BIGRAMS`); these need no sync. Since
revision 0015 a standard's whole document is also a row of its own (:data:`PG_DOC_TABLE`,
lower-cased, with its trigram and two-character indexes), which the standards' text search
reads: statement triggers on the standard, service and capability tables keep it exact (one
refresh per statement, from its transition tables), and :func:`deferred` writes a bulk
block's documents once at its end. If pg_trgm cannot be created (no privilege), the
migration logs it and longer terms are found by sequential scan; :func:`check` reports the
missing index.

The document expressions here are what the indexes were built on (revision 0003; the
standard's capability rows, revision 0007): change
a spec only together with a new revision that drops the old parts and makes the new ones,
its statements written into it (copied from what :func:`uninstall` and :func:`install`
run, as revision 0003 was). A migration that rebuilds a base table on SQLite (batch
``ALTER``) drops its triggers with it, and must make them again afterwards (the statements
of :func:`install_sqlite_triggers`, written in); :func:`check` and the inventory tests
notice when it did not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

SEP = "  "  # after every column: keeps fields apart and makes short terms expandable


@dataclass(frozen=True)
class Part:
    """A table whose columns go into a record's document; ``key`` names the record's id in it."""

    table: str
    key: str
    columns: tuple[str, ...]

    @property
    def pg_index(self) -> str:
        return f"ix_inv_trgm_{self.table}"

    @property
    def pg_bigram_index(self) -> str:
        return f"ix_inv_bigram_{self.table}"


@dataclass(frozen=True)
class TextIndex:
    """The document of one record kind: its own row, then each child table's rows in turn."""

    name: str
    own: Part
    children: tuple[Part, ...] = ()

    @property
    def table(self) -> str:
        return self.own.table

    @property
    def parts(self) -> tuple[Part, ...]:
        return (self.own, *self.children)

    @property
    def fts(self) -> str:
        return f"inv_fts_{self.name}"

    @property
    def vocab(self) -> str:
        return f"inv_fts_{self.name}_vocab"


INDEXES: dict[str, TextIndex] = {
    ti.name: ti
    for ti in (
        TextIndex("standard",
                  Part("standard", "id",
                       ("name", "certificate_no", "code", "range_text", "accuracy_text", "responsible_person")),
                  (Part("service", "standard_id", ("name", "procedure")),
                   # revision 0007: a standard is found by its capability rows' parameters
                   Part("capability", "standard_id", ("parameter", "conditions")))),
        TextIndex("authorisation", Part("authorisation", "id", ("certificate_no", "authority"))),
        TextIndex("authorisation_item", Part("authorisation_item", "id", ("name", "procedure", "range_text"))),
        TextIndex("staff", Part("staff", "id", ("name", "department", "title"))),
        TextIndex("credential", Part("credential", "id", ("certificate_no",)),
                  (Part("credential_item", "credential_id", ("name",)),)),
    )
}

#: Plain indexes the inventory's queries need (both databases): name -> (table, columns), as
#: revision 0003 made them (0005 replaces this one: :data:`AUTHITEM_INDEX_0005`).
BTREE_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ix_inv_authitem_quantity": ("authorisation_item", ("quantity", "range_min", "range_max")),
}

#: SQLite only: narrow covering indexes over every column a standards search filters and
#: ranks on, so that candidates are ranked without reading the wide table rows (ten times
#: fewer pages for 10^5 candidates). The first leads with ``id`` (candidates from the text
#: index, or a scan); the second with quantity and range (a quantity search). SQLite has
#: no statistics to choose between them: the search names the one it drives by.
_RANK_COLUMNS = ("institute_id", "status", "issued_on", "valid_until", "grade", "code", "unit", "accuracy_kind",
                 "accuracy_value", "accuracy_relative", "accuracy_class")
SQLITE_RANK_INDEX = ("ix_inv_standard_rank", "standard", ("id", "quantity", "range_min", "range_max", *_RANK_COLUMNS))
RANK_INDEX_BY_QUANTITY = "ix_inv_standard_qty_rank"
SQLITE_QUANTITY_INDEX = (RANK_INDEX_BY_QUANTITY, "standard", ("quantity", "range_min", "range_max", *_RANK_COLUMNS))
#: SQLite only (revision 0005): the same columns led by institute and code, so that a province,
#: city or institute filter reads only its institutes' entries, and a code prefix within each
#: of them only its range (a code prefix alone seeks it in every institute: ``institute_id IN
#: (SELECT id FROM institute)``).
RANK_INDEX_BY_INSTITUTE = "ix_inv_standard_inst_rank"
SQLITE_INSTITUTE_INDEX = (RANK_INDEX_BY_INSTITUTE, "standard",
                          ("institute_id", "code", "id", "quantity", "range_min", "range_max",
                           *(c for c in _RANK_COLUMNS if c not in ("institute_id", "code"))))


def part_doc_sql(part: Part, prefix: str = "") -> str:
    """One row's share of a document as SQL: ``(coalesce(name, '') || '  ' || ...)``."""
    return "(" + " || ".join(f"coalesce({prefix}{c}, '') || '{SEP}'" for c in part.columns) + ")"


def record_doc_sql(ti: TextIndex, alias: str = "r") -> str:
    """A whole record's document (SQLite), for the row of ``ti.table`` aliased ``alias``."""
    own = part_doc_sql(ti.own, f"{alias}.")
    if not ti.children:
        return own
    aggs = "".join(f" || coalesce((SELECT group_concat({part_doc_sql(child, 'ch.')}, '') FROM {child.table} ch "
                   f"WHERE ch.{child.key} = {alias}.id), '')" for child in ti.children)
    return f"({own}{aggs})"


# ---------------------------------------------------------------- schema (as revision 0003 froze it)


def install(conn: Connection) -> None:
    """Create the text indexes and the plain indexes on ``conn``'s database, and fill them.

    What revision 0003 runs, frozen there; this live copy is what a later revision's
    statements are taken from, and what the frozen ones are tested against."""
    if conn.dialect.name == "sqlite":
        install_sqlite(conn)
    elif conn.dialect.name == "postgresql":
        install_postgres(conn)
    for name, (tbl, cols) in BTREE_INDEXES.items():
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {tbl} ({', '.join(cols)})")


#: SQLite only (revision 0005): ``ix_standard_valid_until`` that also holds what validity on a
#: date needs, so that a text search walking it for the latest valid matches reads no table row
#: for a match that is not valid (``id`` second: the walk's order is (valid_until, id)).
VALID_INDEX = "ix_inv_standard_valid"
SQLITE_VALID_INDEX = (VALID_INDEX, "standard", ("valid_until", "id", "status", "issued_on"))

#: SQLite only (revision 0013): what ranks a standard found by its capability rows (valid on
#: the date, the end of validity), by id: the matches of a quantity / range / accuracy search
#: are looked up here, in a third of the pages of :data:`SQLITE_RANK_INDEX`.
VALIDITY_INDEX = "ix_inv_standard_validity"
SQLITE_VALIDITY_INDEX = (VALIDITY_INDEX, "standard", ("id", "status", "issued_on", "valid_until"))

#: Revision 0005 (both databases): :data:`BTREE_INDEXES`' index of authorised items by quantity
#: and range with the authorisation's id, so that a quantity search reads no item row (the
#: join to the authorisation needs nothing else); it replaces ``ix_inv_authitem_quantity``.
AUTHITEM_INDEX_0005 = ("ix_inv_authitem_qty_auth", "authorisation_item",
                       ("quantity", "range_min", "range_max", "authorisation_id"))


def uninstall(conn: Connection) -> None:
    for name in BTREE_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {SQLITE_RANK_INDEX[0]}")
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {SQLITE_QUANTITY_INDEX[0]}")
        for ti in INDEXES.values():
            for name in _trigger_names(ti):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {ti.vocab}")
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {ti.fts}")
    elif conn.dialect.name == "postgresql":
        for ti in INDEXES.values():
            for part in ti.parts:
                conn.exec_driver_sql(f"DROP INDEX IF EXISTS {part.pg_index}")
                conn.exec_driver_sql(f"DROP INDEX IF EXISTS {part.pg_bigram_index}")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS inv_bigrams(text)")


def install_sqlite(conn: Connection) -> None:
    _install_sqlite_text_index(conn)
    for name, tbl, cols in (SQLITE_RANK_INDEX, SQLITE_QUANTITY_INDEX):
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {tbl} ({', '.join(cols)})")


def _install_sqlite_text_index(conn: Connection) -> None:
    """The FTS tables, their vocabularies and the sync triggers (each made when missing), filled."""
    for ti in INDEXES.values():
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {ti.fts} USING fts5(doc, tokenize='trigram')")
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {ti.vocab} USING fts5vocab({ti.fts}, 'row')")
    install_sqlite_triggers(conn)
    rebuild_sqlite(conn)


def repair(conn: Connection) -> None:
    """Put back every part :func:`check` looks for and refill the index (``search-index --rebuild``).

    Refilling alone would leave a lost trigger lost, and the index out of step again at the
    next write: on SQLite the FTS tables, vocabularies and triggers are made again where
    missing, on PostgreSQL the trigram and two-character indexes, the standards' document
    table with its indexes and triggers, and its rows written afresh, and the capability rows'
    summary likewise (revision 0016; on SQLite, revision 0019). Harmless on a sound index.
    """
    if conn.dialect.name == "sqlite":
        _install_sqlite_text_index(conn)
        for statement in sqlite_capability_ddl():
            conn.exec_driver_sql(statement)
        sqlite_refill_capabilities(conn)
    elif conn.dialect.name == "postgresql":
        install_postgres(conn)
        install_pg_documents(conn)
        pg_refill_documents(conn)
        for statement in pg_capability_ddl():
            conn.exec_driver_sql(statement)
        pg_refill_capabilities(conn)


def _trigger_names(ti: TextIndex) -> list[str]:
    return [f"{ti.fts}_{part.table}_{event}" for part in ti.parts for event in ("ai", "au", "ad")]


def install_sqlite_triggers(conn: Connection) -> None:
    """(Re)create the sync triggers; call after any migration that rebuilds a base table."""
    for ti in INDEXES.values():
        for statement in _sqlite_trigger_sql(ti):
            conn.exec_driver_sql(statement)


def _refresh(ti: TextIndex, record_id: str) -> str:
    return (f"DELETE FROM {ti.fts} WHERE rowid = {record_id}; "
            f"INSERT INTO {ti.fts}(rowid, doc) SELECT r.id, {record_doc_sql(ti)} FROM {ti.table} r "
            f"WHERE r.id = {record_id};")


def _sqlite_trigger_sql(ti: TextIndex) -> list[str]:
    out = [f"DROP TRIGGER IF EXISTS {name}" for name in _trigger_names(ti)]
    own, prefix = ti.own, f"{ti.fts}_{ti.own.table}"
    watched = ", ".join(("id", *own.columns))
    out += [
        f"CREATE TRIGGER {prefix}_ai AFTER INSERT ON {own.table} BEGIN {_refresh(ti, 'new.id')} END",
        (f"CREATE TRIGGER {prefix}_au AFTER UPDATE OF {watched} ON {own.table} "
         f"BEGIN DELETE FROM {ti.fts} WHERE rowid = old.id; {_refresh(ti, 'new.id')} END"),
        f"CREATE TRIGGER {prefix}_ad AFTER DELETE ON {own.table} BEGIN DELETE FROM {ti.fts} WHERE rowid = old.id; END",
    ]
    for child in ti.children:
        prefix = f"{ti.fts}_{child.table}"
        watched = ", ".join((child.key, *child.columns))
        out += [
            f"CREATE TRIGGER {prefix}_ai AFTER INSERT ON {child.table} BEGIN {_refresh(ti, f'new.{child.key}')} END",
            (f"CREATE TRIGGER {prefix}_au AFTER UPDATE OF {watched} ON {child.table} "
             f"BEGIN {_refresh(ti, f'old.{child.key}')} {_refresh(ti, f'new.{child.key}')} END"),
            f"CREATE TRIGGER {prefix}_ad AFTER DELETE ON {child.table} BEGIN {_refresh(ti, f'old.{child.key}')} END",
        ]
    return out


@contextmanager
def deferred(conn: Connection) -> Iterator[None]:
    """Index new records once at the end of a block of set-based INSERTs, not row by row.

    For bulk paths (demo data, ledger and bundle imports): row triggers re-index a standard
    for each service added to it; indexing the block's new rows in one statement per table
    costs about a tenth. Inside the block: INSERTs only (deletes and updates must run
    outside it, with the triggers on). Everything happens in the caller's transaction: if
    the block fails and the transaction rolls back, the triggers come back with it.

    On PostgreSQL the same for the standards' documents (:data:`PG_DOC_TABLE`): their
    statement triggers only note the standards they touched (a transaction-local setting) and
    those documents are written once at the end (a merge COPYs standards, then their services,
    then their rows: each statement's refresh would write the same documents again). There
    updates and deletes inside the block are followed too (:func:`_pg_deferred`). On SQLite the
    capability rows' summary (revision 0019) likewise: its insert trigger is dropped for the
    block and the block's new capability rows summarised in one statement at its end."""
    if conn.dialect.name == "postgresql":
        with _pg_deferred(conn):
            yield
        return
    if conn.dialect.name != "sqlite":
        yield
        return
    tables = {part.table for ti in INDEXES.values() for part in ti.parts}
    before = {t: int(conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {t}").scalar_one()) for t in tables}
    for ti in INDEXES.values():
        for name in _trigger_names(ti):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    # the capability rows' summary (revision 0019): the block's new rows written once at its end
    summary = conn.exec_driver_sql(f"SELECT 1 FROM sqlite_master WHERE name = '{SQLITE_CAP_TRIGGERS[0]}'").first()
    if summary is not None:
        conn.exec_driver_sql(f"DROP TRIGGER {SQLITE_CAP_TRIGGERS[0]}")
    yield
    if summary is not None:
        sqlite_refill_capabilities(conn, after=before["capability"])
        conn.exec_driver_sql(next(s for s in sqlite_capability_ddl() if s.startswith(
            f"CREATE TRIGGER {SQLITE_CAP_TRIGGERS[0]} ")))
    for ti in INDEXES.values():
        # records touched: new ones, and older ones that got new children
        touched = f"SELECT id FROM {ti.table} WHERE id > {before[ti.table]}"
        for child in ti.children:
            touched += f" UNION SELECT {child.key} FROM {child.table} WHERE id > {before[child.table]}"
        conn.exec_driver_sql(f"DELETE FROM {ti.fts} WHERE rowid IN ({touched})")
        conn.exec_driver_sql(f"INSERT INTO {ti.fts}(rowid, doc) SELECT r.id, {record_doc_sql(ti)} "
                             f"FROM {ti.table} r WHERE r.id IN ({touched})")
    install_sqlite_triggers(conn)


@contextmanager
def _pg_deferred(conn: Connection) -> Iterator[None]:
    """The standards' documents of a block written once at its end: while the setting is on, the
    statement triggers note the standards each statement touched (inserts, updates, deletes and
    their cascades, whatever the ids) in a temporary table of the transaction (the writers'
    ``TEMPORARY`` right on the database, docs/regional-server.md step 2), and the end refreshes
    those. If the block raises, the triggers are put back and its notes written all the same
    when the transaction can still run statements (a caller may catch the error and commit
    what the block wrote); when it cannot, it rolls back, the setting and the notes with it."""
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE IF NOT EXISTS {PG_DOC_TOUCHED} (standard_id integer) "
                         "ON COMMIT DROP")
    conn.exec_driver_sql(f"SELECT set_config('{PG_DOC_DEFERRED}', 'on', true)")
    try:
        yield
    except BaseException:
        try:
            _pg_end_deferred(conn)
        except DBAPIError:
            pass  # the transaction has failed: the block's error is the one to report
        raise
    _pg_end_deferred(conn)


def _pg_end_deferred(conn: Connection) -> None:
    conn.exec_driver_sql(f"SELECT set_config('{PG_DOC_DEFERRED}', '', true)")
    pg_refill_documents(conn, f"SELECT DISTINCT standard_id FROM pg_temp.{PG_DOC_TOUCHED}")
    conn.exec_driver_sql(f"DROP TABLE pg_temp.{PG_DOC_TOUCHED}")


def rebuild_sqlite(conn: Connection) -> None:
    """Empty and refill every FTS table from its base tables (repair, or first fill)."""
    for ti in INDEXES.values():
        conn.exec_driver_sql(f"DELETE FROM {ti.fts}")
        conn.exec_driver_sql(f"INSERT INTO {ti.fts}(rowid, doc) SELECT r.id, {record_doc_sql(ti)} FROM {ti.table} r")


#: PostgreSQL: the distinct two-character pieces of a text, lower-cased. pg_trgm needs three
#: characters; a GIN index on this answers two-character terms ("压力"), checked by ILIKE.
PG_BIGRAMS = (
    "CREATE OR REPLACE FUNCTION inv_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    "$$ SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}'::text[]) "
    "FROM generate_series(1, length(t) - 1) AS i $$"
)


def install_postgres(conn: Connection) -> None:
    conn.exec_driver_sql(PG_BIGRAMS)
    for ti in INDEXES.values():
        for part in ti.parts:
            conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {part.pg_bigram_index} ON {part.table} "
                                 f"USING gin (inv_bigrams({part_doc_sql(part)}))")
    if not _ensure_pg_trgm(conn):
        return
    for ti in INDEXES.values():
        for part in ti.parts:
            conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {part.pg_index} ON {part.table} "
                                 f"USING gin ({part_doc_sql(part)} gin_trgm_ops)")


# ---------------------------------------------------------------- PostgreSQL: one document per standard (0015)

#: PostgreSQL (revision 0015): each standard's whole document (its own columns, its services'
#: and its capability rows', as SQLite's ``inv_fts_standard`` holds it) in one row keyed by the
#: standard's id, with its own trigram and two-character indexes. A text term's standards then
#: come from one index over standard ids: through the three tables' indexes a broad term (压力:
#: 29,794 standards of 206,000) read every candidate row of three tables for its standard id
#: (GIN has no index-only scan) and merged the three sets. The per-table indexes stay (the
#: other record kinds use them, and a role without pg_trgm still finds text by scanning).
PG_DOC_TABLE = "inv_doc_standard"
#: Revision 0017: each document row also holds its standard's validity, ``valid_from`` and
#: ``valid_until`` as the capability rows' summary holds them (:func:`pg_cap_validity_sql`), so
#: that free text on a date finds, ranks and counts its standards from the documents alone: the
#: text's ids were each looked up in ``standard`` to judge their validity (砝码 valid on a date:
#: 10,841 ids, 45,000 buffers, 58 of 86 ms in ``EXPLAIN ANALYZE``; from the documents 36 ms).
#: Revision 0018: and its standard's institute (``institute_id``, :func:`pg_standard_sql`), so that
#: free text in a place (a province, a city, an institute, the own institute) is read from the
#: documents alone as well: the text's ids were each looked up in ``standard`` for the institute
#: (温度 + 浙江 at 200,000 standards: 76.7 ms median on the quiet machine, 370.8 at 1,000,000).
PG_DOC_COLUMNS = ("standard_id", "doc", "valid_from", "valid_until", "institute_id")
PG_DOC_TRGM = "ix_inv_doc_standard_trgm"
PG_DOC_BIGRAM = "ix_inv_doc_standard_bigram"
#: Revision 0020: the documents in the order a text search ranks them (walked backwards: the later
#: end of validity, then the newer record), so that a first page of many matches is walked from
#: the top and stops at its end (``inventory.search._pg_walked_page``) instead of sorting them all.
PG_DOC_RANK = "ix_inv_doc_standard_rank"
#: Set (transaction-local) by :func:`deferred`: the document triggers leave the rows to the block's end,
#: noting the standards each statement touched in a temporary table (:data:`PG_DOC_TOUCHED`).
PG_DOC_DEFERRED = "labregistry.doc_deferred"
PG_DOC_TOUCHED = "inv_doc_touched"


def pg_document_sql(alias: str = "r") -> str:
    """A standard's document on PostgreSQL, for the row of ``standard`` aliased ``alias``: the
    children's rows in id order, so that :func:`check` compares it with the stored one.

    Lower-cased once here, as ``ILIKE`` lowers both sides (PostgreSQL's ``lower()``, in
    multi-byte encodings) each time it compares: a term is then matched by ``LIKE`` of its
    ``lower()``, the same answer, without lowering each candidate's whole document again (交流
    电压: 14,458 documents of about 200 bytes; ILIKE made it slower than the three tables)."""
    ti = INDEXES["standard"]
    aggs = "".join(f" || coalesce((SELECT string_agg({part_doc_sql(child, 'ch.')}, '' ORDER BY ch.id) "
                   f"FROM {child.table} ch WHERE ch.{child.key} = {alias}.id), '')" for child in ti.children)
    return f"lower({part_doc_sql(ti.own, f'{alias}.')}{aggs})"


def _pg_changed(part: Part) -> str:
    """The ids of the standards whose document an UPDATE of ``part``'s table changed."""
    old, new = part_doc_sql(part, "o."), part_doc_sql(part, "n.")
    return (f"SELECT DISTINCT unnest(ARRAY[o.{part.key}, n.{part.key}]) FROM old_rows o "
            f"JOIN new_rows n ON n.id = o.id WHERE (o.{part.key}, {old}) IS DISTINCT FROM (n.{part.key}, {new})")


#: The two-character pieces of a stored document (lower-cased already): :data:`PG_BIGRAMS`'
#: answer for it, in PL/pgSQL over the text's characters split once. :data:`PG_BIGRAMS` lowers
#: the whole text again for each position and cuts each piece from the start of the multi-byte
#: text (about 520 us a document of 200 bytes at load 5, most of an import's cost of the
#: documents: 16 s of server CPU for 20,600 of them); this takes 65 us. Duplicates are left in:
#: the index keeps each piece once.
PG_DOC_BIGRAMS = (
    "CREATE OR REPLACE FUNCTION inv_doc_bigrams(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT "
    "PARALLEL SAFE AS $$ DECLARE c text[] := string_to_array(t, NULL); o text[] := '{}'; BEGIN "
    "FOR i IN 1 .. cardinality(c) - 1 LOOP o := o || (c[i] || c[i + 1]); END LOOP; RETURN o; END $$"
)


def pg_document_ddl() -> list[str]:
    """The document table, its indexes, its refresh function and the statement triggers that
    keep it exact on every write (ORM saves, COPY, set-based deletes, ON DELETE CASCADE): one
    refresh per statement for all the rows it wrote (transition tables), not one per row, and
    none for a statement that changed no document's text.
    Without the trigram index (no pg_trgm) see :func:`pg_document_trgm_ddl`. Frozen in
    revisions 0015 and 0017 (the standard's validity beside its document): change together
    with a new revision (0020: the rank index)."""
    out = [
        (f"CREATE TABLE IF NOT EXISTS {PG_DOC_TABLE} (standard_id integer PRIMARY KEY, doc text NOT NULL, "
         "valid_from date, valid_until date, institute_id integer)"),
        PG_DOC_BIGRAMS,
        f"CREATE INDEX IF NOT EXISTS {PG_DOC_BIGRAM} ON {PG_DOC_TABLE} USING gin (inv_doc_bigrams(doc))",
        f"CREATE INDEX IF NOT EXISTS {PG_DOC_RANK} ON {PG_DOC_TABLE} (valid_until, standard_id)",
        ("CREATE OR REPLACE FUNCTION inv_doc_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$ "
         f"DELETE FROM {PG_DOC_TABLE} d WHERE d.standard_id IN (SELECT unnest(ids)) "
         "AND NOT EXISTS (SELECT 1 FROM standard s WHERE s.id = d.standard_id); "
         f"INSERT INTO {PG_DOC_TABLE} ({', '.join(PG_DOC_COLUMNS)}) SELECT {pg_document_row_sql()} FROM standard r "
         "WHERE r.id IN (SELECT unnest(ids)) ON CONFLICT (standard_id) DO UPDATE SET doc = excluded.doc, "
         "valid_from = excluded.valid_from, valid_until = excluded.valid_until, institute_id = excluded.institute_id "
         f"WHERE ({PG_DOC_TABLE}.doc, {PG_DOC_TABLE}.valid_from, {PG_DOC_TABLE}.valid_until, "
         f"{PG_DOC_TABLE}.institute_id) IS DISTINCT FROM (excluded.doc, excluded.valid_from, excluded.valid_until, "
         "excluded.institute_id); $$"),
    ]
    for part in INDEXES["standard"].parts:
        fn = f"inv_doc_{part.table}_sync"
        out.append(
            f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE ids integer[]; BEGIN "
            f"IF TG_OP = 'INSERT' THEN ids := ARRAY(SELECT DISTINCT {part.key} FROM new_rows); "
            f"ELSIF TG_OP = 'DELETE' THEN ids := ARRAY(SELECT DISTINCT {part.key} FROM old_rows); "
            f"ELSE ids := ARRAY({_pg_changed(part)}); END IF; "
            # most UPDATEs change no text (updated_at, a status): calling the refresh for no
            # standard cost each of them about 1 ms (1.61 against 0.47 ms a row)
            "IF cardinality(ids) = 0 THEN RETURN NULL; END IF; "
            f"IF coalesce(current_setting('{PG_DOC_DEFERRED}', true), '') = 'on' THEN "
            f"INSERT INTO pg_temp.{PG_DOC_TOUCHED} (standard_id) SELECT unnest(ids); "
            "ELSE PERFORM inv_doc_refresh(ids); END IF; "
            "RETURN NULL; END $$")
        for event, refs in (("insert", "NEW TABLE AS new_rows"), ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                            ("delete", "OLD TABLE AS old_rows")):
            name = f"inv_doc_{part.table}_{event}"
            out.append(f"DROP TRIGGER IF EXISTS {name} ON {part.table}")
            out.append(f"CREATE TRIGGER {name} AFTER {event.upper()} ON {part.table} REFERENCING {refs} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}()")
    return [*out, *_pg_document_validity_ddl()]


def _pg_document_validity_ddl() -> list[str]:
    """Revision 0017: a standard's update writes its document's validity when it changed (a
    revocation, a new end of validity), in deferred blocks too: a document not written yet is
    written whole, validity included, at the block's end. The text triggers above refresh only
    for a text change (most updates change none). Revision 0018: its institute likewise (the
    function keeps its name: the trigger and its function are those of 0017)."""
    return [
        ("CREATE OR REPLACE FUNCTION inv_doc_validity_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
         f"{_pg_follow_standard(PG_DOC_TABLE, 'd', 'standard_id')} RETURN NULL; END $$"),
        f"DROP TRIGGER IF EXISTS {PG_DOC_VALIDITY_TRIGGER} ON standard",
        (f"CREATE TRIGGER {PG_DOC_VALIDITY_TRIGGER} AFTER UPDATE ON standard REFERENCING OLD TABLE AS old_rows "
         "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_doc_validity_sync()"),
    ]


PG_DOC_VALIDITY_TRIGGER = "inv_doc_standard_validity"


def pg_document_row_sql(alias: str = "r") -> str:
    """A document row's select list (:data:`PG_DOC_COLUMNS`) from the ``standard`` row aliased ``alias``."""
    return ", ".join([f"{alias}.id", pg_document_sql(alias), *pg_standard_sql(alias)])


def _pg_follow_standard(table: str, alias: str, key: str) -> str:
    """The statement of a standard's update trigger (transition tables ``old_rows`` and
    ``new_rows``) that writes what ``table``'s rows hold of their standard (``key``: its id),
    :data:`PG_STANDARD_COLUMNS`, where it changed: the documents' (0017, 0018) and the capability
    rows' summary's (0016, 0018)."""
    old, new = pg_standard_sql("o"), pg_standard_sql("n")
    sets = ", ".join(f"{col} = {value}" for col, value in zip(PG_STANDARD_COLUMNS, new, strict=True))
    return (f"UPDATE {table} {alias} SET {sets} FROM new_rows n JOIN old_rows o ON o.id = n.id "
            f"WHERE {alias}.{key} = n.id AND ({', '.join(old)}) IS DISTINCT FROM ({', '.join(new)});")


#: The trigram index of the documents, made where pg_trgm is (as revision 0003 made the tables').
PG_DOC_TRGM_DDL = f"CREATE INDEX IF NOT EXISTS {PG_DOC_TRGM} ON {PG_DOC_TABLE} USING gin (doc gin_trgm_ops)"


def pg_document_triggers() -> list[str]:
    return [*(f"inv_doc_{part.table}_{event}" for part in INDEXES["standard"].parts
              for event in ("insert", "update", "delete")), PG_DOC_VALIDITY_TRIGGER]


def install_pg_documents(conn: Connection) -> None:
    """Make what :func:`pg_document_ddl` makes where missing (and the trigram index where
    pg_trgm is); the rows are :func:`pg_refill_documents`'."""
    for statement in pg_document_ddl():
        conn.exec_driver_sql(statement)
    if conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first() is not None:
        conn.exec_driver_sql(PG_DOC_TRGM_DDL)


def pg_refill_documents(conn: Connection, touched: str | None = None) -> None:
    """Write the documents of the standards ``touched`` selects (SQL; all when None) afresh."""
    if touched is None:
        conn.exec_driver_sql(f"DELETE FROM {PG_DOC_TABLE}")
        conn.exec_driver_sql(f"INSERT INTO {PG_DOC_TABLE} ({', '.join(PG_DOC_COLUMNS)}) "
                             f"SELECT {pg_document_row_sql()} FROM standard r")
    else:
        conn.exec_driver_sql(f"SELECT inv_doc_refresh(ARRAY({touched}))")


def _ensure_pg_trgm(conn: Connection) -> bool:
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        return True
    except DBAPIError as exc:  # no privilege, or the contrib package is missing
        log.warning("pg_trgm unavailable (%s): free-text search will scan instead of using an index", exc)
        return False


def check(conn: Connection) -> list[str]:
    """Problems with the text index (empty when sound): missing parts, records out of sync."""
    problems: list[str] = []
    if conn.dialect.name == "sqlite":
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE name LIKE 'inv_fts_%'"))}
        for ti in INDEXES.values():
            missing = [n for n in (ti.fts, ti.vocab, *_trigger_names(ti)) if n not in names]
            if missing:
                problems.append(f"{ti.table}: missing {', '.join(missing)}")
                continue
            problems.extend(_out_of_step(conn, ti.table, ti.fts, "rowid", record_doc_sql(ti), "IS NOT"))
        names = {r[0] for r in conn.exec_driver_sql(
            f"SELECT name FROM sqlite_master WHERE name LIKE '%{PG_CAP_TABLE}%'")}
        problems.extend(_sqlite_capability_problems(conn, names))
    elif conn.dialect.name == "postgresql":
        names = {r[0] for r in conn.execute(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_inv_%'"))}
        problems.extend(f"{part.table}: missing index {name}" for ti in INDEXES.values() for part in ti.parts
                        for name in (part.pg_index, part.pg_bigram_index) if name not in names)
        problems.extend(_pg_document_problems(conn, names))
        problems.extend(_pg_capability_problems(conn, names))
    return problems


def _pg_parts(conn: Connection, part: str, table: str, index_names: Iterable[str], trigger_names: Iterable[str],
              indexes: set[str]) -> tuple[bool, list[str]]:
    """Whether a derived table (the documents of 0015, the summary of 0016) is there, and its
    missing indexes and triggers as one problem of ``part``; its rows are the caller's to check."""
    if conn.exec_driver_sql(f"SELECT to_regclass('{table}')").scalar_one() is None:
        return False, [f"{part}: missing table {table}"]
    triggers = {r[0] for r in conn.exec_driver_sql("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    missing = [n for n in index_names if n not in indexes] + [n for n in trigger_names if n not in triggers]
    return True, [f"{part}: missing {', '.join(missing)}"] if missing else []


def _pg_document_problems(conn: Connection, indexes: set[str]) -> list[str]:
    """The standards' documents (revision 0015): table, indexes and triggers there, every row as
    :func:`pg_document_sql` computes it now, none left over."""
    there, problems = _pg_parts(conn, "standard", PG_DOC_TABLE, (PG_DOC_TRGM, PG_DOC_BIGRAM, PG_DOC_RANK),
                                pg_document_triggers(), indexes)
    if not there:
        return problems
    # the document and (revisions 0017, 0018) the standard's validity and institute beside it
    stored = f"(f.doc, {', '.join(f'f.{col}' for col in PG_STANDARD_COLUMNS)})"
    now = f"({pg_document_sql()}, {', '.join(pg_standard_sql('r'))})"
    return problems + _out_of_step(conn, "standard", PG_DOC_TABLE, "standard_id", now, "IS DISTINCT FROM", stored)


def _out_of_step(conn: Connection, records: str, docs: str, key: str, doc_sql: str, differs: str,
                 stored: str = "f.doc") -> list[str]:
    """The records whose stored document (``stored`` of ``docs``, the record's id in ``key``) is
    not ``doc_sql`` of them now, and the stored documents of records that are gone."""
    stale = conn.exec_driver_sql(f"SELECT count(*) FROM {records} r LEFT JOIN {docs} f ON f.{key} = r.id "
                                 f"WHERE {stored} {differs} {doc_sql}").scalar_one()
    extra = conn.exec_driver_sql(f"SELECT count(*) FROM {docs} f "
                                 f"WHERE NOT EXISTS (SELECT 1 FROM {records} r WHERE r.id = f.{key})").scalar_one()
    return [f"{records}: {stale} records not indexed as they are, {extra} index rows left over"] if stale or extra else []


# ---------------------------------------------------------------- PostgreSQL: capability rows with their standard's validity (0016)

#: PostgreSQL (revision 0016): each capability row's searched columns (quantity, range, unit,
#: error terms) beside its standard's validity, in one table with one covering index, so that a
#: capability search finds, ranks and counts its standards without joining ``standard``. The
#: capability rows must still be grouped per standard (a standard matches when ONE row covers
#: the range: a per-standard envelope cannot decide it), but the join is what cost most there:
#: "temperature 20~300 ℃, U <= 0.05 ℃ valid on" grouped its 30,726 rows in 15 ms and then
#: hash-joined the 10,844 groups to a scan of all 206,000 standards to judge their validity
#: (130 ms of server CPU; 30 ms from this table). ``valid_from`` is the first day the standard
#: is valid (its issue date, or 0001-01-01 without one: no date a client can hold is before it) and NULL when it is suspended or
#: revoked: "valid on D" is ``valid_from <= D AND valid_until >= D``, the search's
#: ``_valid_cond``. SQLite: the same table since revision 0019 (:func:`sqlite_capability_ddl`):
#: grouped, it gave the same 35 ms there (the grouping is SQLite's cost); a first page read from
#: its rows without grouping them is what it is for.
PG_CAP_TABLE = "inv_cap_row"
PG_CAP_INDEX = "ix_inv_cap_row_search"
PG_CAP_STANDARD_INDEX = "ix_inv_cap_row_standard"
#: The statuses that make a standard invalid whatever the date: ``inventory.search.INVALID_STATUSES``
#: (tested equal; storage cannot import the search).
PG_CAP_INVALID = ("suspended", "revoked")
#: What a summary row and a document row hold of their standard: its validity (revisions 0016
#: and 0017) and its institute (0018: a search in a place, by province, city, institute or the
#: own institute, filters the rows by their institute's id, without joining ``standard``).
PG_STANDARD_COLUMNS = ("valid_from", "valid_until", "institute_id")
PG_CAP_COLUMNS = ("id", "standard_id", "quantity", "range_min", "range_max", "unit", "error_constant",
                  "error_of_reading", "error_of_span", *PG_STANDARD_COLUMNS)


def pg_cap_validity_sql(s: str) -> tuple[str, str]:
    """``valid_from`` and ``valid_until`` of the standard row aliased ``s``."""
    invalid = ", ".join(f"'{x}'" for x in PG_CAP_INVALID)
    return (f"CASE WHEN {s}.status NOT IN ({invalid}) THEN coalesce({s}.issued_on, '0001-01-01'::date) END",
            f"{s}.valid_until")


def pg_standard_sql(s: str) -> tuple[str, ...]:
    """:data:`PG_STANDARD_COLUMNS` of the standard row aliased ``s``."""
    return (*pg_cap_validity_sql(s), f"{s}.institute_id")


def pg_cap_row_sql(c: str = "c", s: str = "s") -> str:
    """The select list of a summary row, from the capability row ``c`` and its standard ``s``."""
    return ", ".join([*(f"{c}.{col}" for col in PG_CAP_COLUMNS[:9]), *pg_standard_sql(s)])


def pg_capability_ddl() -> list[str]:
    """The table, its two indexes, and the statement triggers that keep it exact on every write
    (ORM saves, COPY, set-based deletes and ON DELETE CASCADE, inside :func:`deferred` blocks
    too): a capability row's insert, update or delete writes its summary row; a standard's
    update writes its rows' validity (and, revision 0018, institute) when it changed. A
    standard's insert has no rows yet; its delete cascades to its capability rows. Frozen in
    revisions 0016 and 0018 (the standard's institute, also at the end of the covering
    index: a search in a place filters the index's entries, not the table's rows): change
    together with a new revision."""
    cols = ", ".join(PG_CAP_COLUMNS)
    out = [
        (f"CREATE TABLE IF NOT EXISTS {PG_CAP_TABLE} (id integer PRIMARY KEY, standard_id integer NOT NULL, "
         "quantity varchar(40), range_min double precision, range_max double precision, unit varchar(40), "
         "error_constant double precision, error_of_reading double precision, error_of_span double precision, "
         "valid_from date, valid_until date, institute_id integer)"),
        (f"CREATE INDEX IF NOT EXISTS {PG_CAP_INDEX} ON {PG_CAP_TABLE} (quantity, range_min, range_max, standard_id, "
         "unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until, institute_id)"),
        f"CREATE INDEX IF NOT EXISTS {PG_CAP_STANDARD_INDEX} ON {PG_CAP_TABLE} (standard_id)",
        ("CREATE OR REPLACE FUNCTION inv_cap_row_capability_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
         f"IF TG_OP <> 'INSERT' THEN DELETE FROM {PG_CAP_TABLE} WHERE id IN (SELECT id FROM old_rows); END IF; "
         f"IF TG_OP <> 'DELETE' THEN INSERT INTO {PG_CAP_TABLE} ({cols}) SELECT {pg_cap_row_sql()} "
         "FROM new_rows c JOIN standard s ON s.id = c.standard_id; END IF; "
         "RETURN NULL; END $$"),
        ("CREATE OR REPLACE FUNCTION inv_cap_row_standard_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
         f"{_pg_follow_standard(PG_CAP_TABLE, 'r', 'standard_id')} RETURN NULL; END $$"),
    ]
    for event, refs in (("insert", "NEW TABLE AS new_rows"), ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                        ("delete", "OLD TABLE AS old_rows")):
        name = f"inv_cap_row_capability_{event}"
        out.append(f"DROP TRIGGER IF EXISTS {name} ON capability")
        out.append(f"CREATE TRIGGER {name} AFTER {event.upper()} ON capability REFERENCING {refs} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION inv_cap_row_capability_sync()")
    out.append("DROP TRIGGER IF EXISTS inv_cap_row_standard_update ON standard")
    out.append("CREATE TRIGGER inv_cap_row_standard_update AFTER UPDATE ON standard REFERENCING OLD TABLE AS old_rows "
               "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_cap_row_standard_sync()")
    return out


def pg_capability_triggers() -> list[str]:
    return [*(f"inv_cap_row_capability_{e}" for e in ("insert", "update", "delete")), "inv_cap_row_standard_update"]


def pg_refill_capabilities(conn: Connection) -> None:
    """Write every summary row afresh (``search-index --rebuild``, and revision 0016's fill)."""
    conn.exec_driver_sql(f"DELETE FROM {PG_CAP_TABLE}")
    conn.exec_driver_sql(f"INSERT INTO {PG_CAP_TABLE} ({', '.join(PG_CAP_COLUMNS)}) SELECT {pg_cap_row_sql()} "
                         "FROM capability c JOIN standard s ON s.id = c.standard_id")


def _pg_capability_problems(conn: Connection, indexes: set[str]) -> list[str]:
    """The capability rows' summary (revision 0016): table, indexes and triggers there, one row
    per capability row as :func:`pg_cap_row_sql` computes it now, none left over."""
    there, problems = _pg_parts(conn, "capability", PG_CAP_TABLE, (PG_CAP_INDEX, PG_CAP_STANDARD_INDEX),
                                pg_capability_triggers(), indexes)
    if not there:
        return problems
    return problems + _cap_rows_out_of_step(conn, "IS DISTINCT FROM", pg_cap_row_sql())


def _cap_rows_out_of_step(conn: Connection, differs: str, row_sql: str,
                          columns: tuple[str, ...] = PG_CAP_COLUMNS) -> list[str]:
    """The capability rows whose summary row (``columns``) is not ``row_sql`` of them and their
    standard now (``differs``: the database's null-safe "differs"), missing ones included, and
    summary rows whose capability row is gone, as one problem (none when in step)."""
    cols = ", ".join(f"r.{col}" for col in columns)
    stale = conn.exec_driver_sql(
        f"SELECT count(*) FROM capability c JOIN standard s ON s.id = c.standard_id "
        f"LEFT JOIN {PG_CAP_TABLE} r ON r.id = c.id WHERE ({cols}) {differs} ({row_sql})").scalar_one()
    extra = conn.exec_driver_sql(f"SELECT count(*) FROM {PG_CAP_TABLE} r "
                                 "WHERE NOT EXISTS (SELECT 1 FROM capability c WHERE c.id = r.id)").scalar_one()
    if stale or extra:
        return [f"capability: {stale} rows not summarised as they are, {extra} summary rows left over"]
    return []


# ---------------------------------------------------------------- SQLite: the same capability rows (0019)

#: SQLite (revision 0019): :data:`PG_CAP_TABLE` there too, the same columns and indexes, kept by
#: row triggers. A capability search's first page is then read from the ROWS, each carrying the
#: whole ranking key (valid today, its figure, its span, its standard's end of validity and id)
#: and the date filter: ``ORDER BY key LIMIT n`` (a bounded sort, no grouping of every match),
#: the distinct standards taken in order (``inventory.search._rows_page``). Measured on the
#: region (docs/benchmarks.md, "third night"); revision 0016 did not make it on SQLite because
#: the grouping of the rows per standard, which this page no longer does, was the cost there.
SQLITE_CAP_TRIGGERS = ("inv_cap_row_capability_ai", "inv_cap_row_capability_au", "inv_cap_row_capability_ad",
                       "inv_cap_row_standard_au")
#: The capability columns a summary row copies (and whose change rewrites it).
_CAP_COPIED = PG_CAP_COLUMNS[:9]
#: SQLite's summary row: the copied columns and the standard's validity, not its institute
#: (PostgreSQL's revision 0018: no SQLite search reads a place from the summary).
SQLITE_CAP_COLUMNS = (*_CAP_COPIED, "valid_from", "valid_until")


def sqlite_cap_validity_sql(s: str) -> tuple[str, str]:
    """``valid_from`` and ``valid_until`` of the standard row aliased ``s`` (SQLite keeps a date
    as its ISO text: ``0001-01-01`` sorts before any other)."""
    invalid = ", ".join(f"'{x}'" for x in PG_CAP_INVALID)
    return f"CASE WHEN {s}.status NOT IN ({invalid}) THEN coalesce({s}.issued_on, '0001-01-01') END", f"{s}.valid_until"


def _sqlite_cap_row_sql(c: str, s: str = "s") -> str:
    return ", ".join([*(f"{c}.{col}" for col in _CAP_COPIED), *sqlite_cap_validity_sql(s)])


def sqlite_capability_ddl() -> list[str]:
    """The table, its two indexes and the four row triggers that keep it exact: a capability
    row inserted, changed (in a copied column) or deleted (ON DELETE CASCADE of its standard
    included: SQLite fires the child's triggers for a cascade) writes its summary row; a
    standard's status, issue date or end of validity changed rewrites its rows' validity.
    Frozen in revision 0019: change together with a new revision. A later revision that
    rebuilds ``capability`` or ``standard`` (SQLite's batch ``ALTER``) drops their triggers with
    the table, and must make these again, as :func:`install_sqlite_triggers` for the text's;
    :func:`check` reports them missing."""
    cols = ", ".join(SQLITE_CAP_COLUMNS)
    copied = ", ".join(_CAP_COPIED)
    from_o, until_o = sqlite_cap_validity_sql("old")
    from_n, until_n = sqlite_cap_validity_sql("new")

    def insert(c: str) -> str:
        return (f"INSERT OR REPLACE INTO {PG_CAP_TABLE} ({cols}) SELECT {_sqlite_cap_row_sql(c)} "
                f"FROM standard s WHERE s.id = {c}.standard_id;")

    return [
        (f"CREATE TABLE IF NOT EXISTS {PG_CAP_TABLE} (id INTEGER PRIMARY KEY, standard_id INTEGER NOT NULL, "
         "quantity VARCHAR(40), range_min FLOAT, range_max FLOAT, unit VARCHAR(40), error_constant FLOAT, "
         "error_of_reading FLOAT, error_of_span FLOAT, valid_from DATE, valid_until DATE)"),
        (f"CREATE INDEX IF NOT EXISTS {PG_CAP_INDEX} ON {PG_CAP_TABLE} (quantity, range_min, range_max, standard_id, "
         "unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until)"),
        f"CREATE INDEX IF NOT EXISTS {PG_CAP_STANDARD_INDEX} ON {PG_CAP_TABLE} (standard_id)",
        *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_CAP_TRIGGERS),
        f"CREATE TRIGGER {SQLITE_CAP_TRIGGERS[0]} AFTER INSERT ON capability BEGIN {insert('new')} END",
        (f"CREATE TRIGGER {SQLITE_CAP_TRIGGERS[1]} AFTER UPDATE OF {copied} ON capability BEGIN "
         f"DELETE FROM {PG_CAP_TABLE} WHERE id = old.id; {insert('new')} END"),
        f"CREATE TRIGGER {SQLITE_CAP_TRIGGERS[2]} AFTER DELETE ON capability BEGIN "
        f"DELETE FROM {PG_CAP_TABLE} WHERE id = old.id; END",
        (f"CREATE TRIGGER {SQLITE_CAP_TRIGGERS[3]} AFTER UPDATE OF status, issued_on, valid_until ON standard "
         f"WHEN ({from_o}) IS NOT ({from_n}) OR {until_o} IS NOT {until_n} BEGIN "
         f"UPDATE {PG_CAP_TABLE} SET valid_from = {from_n}, valid_until = {until_n} WHERE standard_id = new.id; END"),
    ]


def sqlite_refill_capabilities(conn: Connection, after: int | None = None) -> None:
    """Write the summary rows afresh: all of them (``search-index --rebuild``, revision 0019's
    fill), or those of the capability rows with an id above ``after`` (a :func:`deferred` block's)."""
    where = "" if after is None else f" WHERE c.id > {int(after)}"
    if after is None:
        conn.exec_driver_sql(f"DELETE FROM {PG_CAP_TABLE}")
    conn.exec_driver_sql(f"INSERT OR REPLACE INTO {PG_CAP_TABLE} ({', '.join(SQLITE_CAP_COLUMNS)}) "
                         f"SELECT {_sqlite_cap_row_sql('c')} FROM capability c JOIN standard s ON s.id = c.standard_id"
                         + where)


def _sqlite_capability_problems(conn: Connection, names: set[str]) -> list[str]:
    """:func:`_pg_capability_problems` on SQLite: table, indexes and triggers there, one row per
    capability row as it and its standard say now, none left over."""
    if PG_CAP_TABLE not in names:
        return [f"capability: missing table {PG_CAP_TABLE}"]
    missing = [n for n in (PG_CAP_INDEX, PG_CAP_STANDARD_INDEX, *SQLITE_CAP_TRIGGERS) if n not in names]
    problems = [f"capability: missing {', '.join(missing)}"] if missing else []
    return problems + _cap_rows_out_of_step(conn, "IS NOT", _sqlite_cap_row_sql("c"), SQLITE_CAP_COLUMNS)
