"""Substring search over record texts, on SQLite and PostgreSQL, and the index behind it.

Chinese has no spaces between words, so free text is matched as a substring ("压力" in
"精密压力表标准装置"), case-insensitively. A record's *document* is its searchable columns
and those of its children (a standard's services, a credential's items), each followed by
two spaces (see :func:`part_doc_sql`).

SQLite: one FTS5 table with the trigram tokenizer per record kind (``inv_fts_<name>``,
rowid = the record's id, the document stored), kept in sync by AFTER INSERT / UPDATE /
DELETE triggers on the record's table and on its child table, so every write path (ORM
saves, the demo's and the bundle merge's set-based inserts and deletes, ON DELETE
CASCADE) refreshes it inside the same transaction without knowing about it. A term of
three or more characters is one trigram phrase ``MATCH``. A shorter one is expanded
through the index's vocabulary (``inv_fts_<name>_vocab``, fts5vocab): because every
column ends with two spaces, every occurrence of a one- or two-character term starts
some trigram, so "压力" matches exactly the documents holding a trigram in [``压力``,
``压力\U0010FFFF``). If a term expands to more than :data:`MAX_EXPANSION` trigrams, the
query falls back to ``LIKE`` over the base tables (correct, slower).

PostgreSQL: a pg_trgm GIN index per table on the same per-table document expression,
used by ``ILIKE '%term%'`` for terms of three or more characters, and a GIN index on its
two-character pieces (:data:`PG_BIGRAMS`) for two-character terms (one character scans);
a record matches when its own row or one of its children does. No sync is needed. If
pg_trgm cannot be created (no privilege), the migration logs it and longer terms are
found by sequential scan; :func:`check` reports the missing index.

The document expressions here are what the indexes were built on (revision 0003): change
a spec only together with a new migration that calls :func:`uninstall` and
:func:`install` again. A migration that rebuilds a base table on SQLite (batch
``ALTER``) drops its triggers with it, and must call :func:`install_sqlite_triggers`
afterwards; :func:`check` and the inventory tests notice when it did not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ARRAY,
    Connection,
    Integer,
    Text,
    and_,
    any_,
    bindparam,
    column,
    intersect,
    literal_column,
    or_,
    select,
    table,
    text,
    union,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from labregistry.domain.text import normalise

log = logging.getLogger(__name__)

SEP = "  "  # after every column: keeps fields apart and makes short terms expandable
MAX_EXPANSION = 400  # trigrams a one- or two-character term may expand to before LIKE takes over
_TOP = "\U0010ffff"


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
    """The document of one record kind: its own row, then (optionally) its children's rows."""

    name: str
    own: Part
    child: Part | None = None

    @property
    def table(self) -> str:
        return self.own.table

    @property
    def parts(self) -> tuple[Part, ...]:
        return (self.own,) if self.child is None else (self.own, self.child)

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
                  Part("service", "standard_id", ("name", "procedure"))),
        TextIndex("authorisation", Part("authorisation", "id", ("certificate_no", "authority"))),
        TextIndex("authorisation_item", Part("authorisation_item", "id", ("name", "procedure", "range_text"))),
        TextIndex("staff", Part("staff", "id", ("name", "department", "title"))),
        TextIndex("credential", Part("credential", "id", ("certificate_no",)),
                  Part("credential_item", "credential_id", ("name",))),
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
    if ti.child is None:
        return own
    child = ti.child
    agg = (f"(SELECT group_concat({part_doc_sql(child, 'ch.')}, '') FROM {child.table} ch "
           f"WHERE ch.{child.key} = {alias}.id)")
    return f"({own} || coalesce({agg}, ''))"


# ---------------------------------------------------------------- schema (migration 0003)


def install(conn: Connection) -> None:
    """Create the text indexes and the plain indexes on ``conn``'s database, and fill them."""
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
    missing, on PostgreSQL the trigram and two-character indexes. Harmless on a sound index.
    """
    if conn.dialect.name == "sqlite":
        _install_sqlite_text_index(conn)
    elif conn.dialect.name == "postgresql":
        install_postgres(conn)


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
    if ti.child is not None:
        child, prefix = ti.child, f"{ti.fts}_{ti.child.table}"
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
    the block fails and the transaction rolls back, the triggers come back with it. A no-op
    on PostgreSQL.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    tables = {part.table for ti in INDEXES.values() for part in ti.parts}
    before = {t: int(conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {t}").scalar_one()) for t in tables}
    for ti in INDEXES.values():
        for name in _trigger_names(ti):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    yield
    for ti in INDEXES.values():
        # records touched: new ones, and older ones that got new children
        touched = f"SELECT id FROM {ti.table} WHERE id > {before[ti.table]}"
        if ti.child is not None:
            touched += (f" UNION SELECT {ti.child.key} FROM {ti.child.table} "
                        f"WHERE id > {before[ti.child.table]}")
        conn.exec_driver_sql(f"DELETE FROM {ti.fts} WHERE rowid IN ({touched})")
        conn.exec_driver_sql(f"INSERT INTO {ti.fts}(rowid, doc) SELECT r.id, {record_doc_sql(ti)} "
                             f"FROM {ti.table} r WHERE r.id IN ({touched})")
    install_sqlite_triggers(conn)


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
            stale = conn.exec_driver_sql(
                f"SELECT count(*) FROM {ti.table} r LEFT JOIN {ti.fts} f ON f.rowid = r.id "
                f"WHERE f.doc IS NOT {record_doc_sql(ti)}").scalar_one()
            extra = conn.exec_driver_sql(
                f"SELECT count(*) FROM {ti.fts} f WHERE NOT EXISTS (SELECT 1 FROM {ti.table} r WHERE r.id = f.rowid)"
            ).scalar_one()
            if stale or extra:
                problems.append(f"{ti.table}: {stale} records not indexed as they are, {extra} index rows left over")
    elif conn.dialect.name == "postgresql":
        names = {r[0] for r in conn.execute(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_inv_%'"))}
        problems.extend(f"{part.table}: missing index {name}" for ti in INDEXES.values() for part in ti.parts
                        for name in (part.pg_index, part.pg_bigram_index) if name not in names)
    return problems


# ---------------------------------------------------------------- queries


class ArrayOf(ColumnElement[Any]):
    """PostgreSQL ``ARRAY(SELECT ...)``: the subquery runs once, and ``= ANY`` of it probes an index."""

    inherit_cache = True
    _traverse_internals = [("stmt", InternalTraversal.dp_clauseelement)]  # noqa: RUF012  (SQLAlchemy's own)

    def __init__(self, stmt: Any) -> None:
        self.stmt = stmt
        self.type = ARRAY(Integer())


@compiles(ArrayOf)
def _compile_array_of(element: ArrayOf, compiler: Any, **kw: Any) -> str:
    return f"ARRAY({compiler.process(element.stmt, **kw)})"


def id_in(col: Any, ids: Any, dialect: str) -> ColumnElement[bool]:
    """``col IN (subquery)``; on PostgreSQL ``col = ANY(ARRAY(subquery))``, which looks the few
    candidates up by index where ``IN`` would hash-join them against a scan of the table."""
    if dialect == "postgresql":
        return col == any_(ArrayOf(ids))  # type: ignore[no-any-return]
    return col.in_(ids)  # type: ignore[no-any-return]


def escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def variants(term: str) -> list[str]:
    """The term as typed, and in the registry's normal form when that differs (ＭＰａ -> MPa, ℃ -> °C):
    records keep the text as typed, so either spelling may be stored."""
    normal = " ".join(normalise(term).split())
    return [term] if normal == term or not normal else [term, normal]


def matching_ids(conn: Connection, index: TextIndex, terms: str | Sequence[str]) -> Select[Any]:
    """A SELECT of the ids of the records (``index.table``) whose document holds every term."""
    terms = [terms] if isinstance(terms, str) else list(terms)
    if conn.dialect.name == "sqlite":
        queries = [_sqlite_term(conn, index, t) for t in terms]
        if all(q is not None for q in queries):
            fts = table(index.fts, column("rowid"))
            match = " AND ".join(f"({q})" for q in queries) if len(queries) > 1 else queries[0]
            return select(fts.c.rowid).where(literal_column(index.fts).op("MATCH")(bindparam(None, match)))
    if len(terms) == 1:
        return _like_ids(conn, index, terms[0])
    return intersect(*(_like_ids(conn, index, t) if conn.dialect.name != "sqlite" else matching_ids(conn, index, t)
                       for t in terms))  # type: ignore[return-value]


def _sqlite_term(conn: Connection, index: TextIndex, term: str) -> str | None:
    queries = [_sqlite_match(conn, index, v) for v in variants(term)]
    if any(q is None for q in queries):
        return None
    return queries[0] if len(queries) == 1 else " OR ".join(f"({q})" for q in queries)


def _like_ids(conn: Connection, index: TextIndex, term: str) -> Select[Any]:
    selects = []
    for part in index.parts:
        doc: Any = literal_column(part_doc_sql(part))
        conds = []
        for v in variants(term):
            pattern: Any = bindparam(None, f"%{escape_like(v)}%")
            if conn.dialect.name == "sqlite":
                conds.append(doc.like(pattern, escape="\\"))
            elif len(v) == 2:  # below pg_trgm's three characters: the bigram index finds the candidates
                bigrams: Any = literal_column(f"inv_bigrams({part_doc_sql(part)})")
                conds.append(and_(bigrams.op("@>")(bindparam(None, [v.lower()], type_=ARRAY(Text))),
                                  doc.ilike(pattern, escape="\\")))
            else:
                conds.append(doc.ilike(pattern, escape="\\"))
        selects.append(select(table(part.table, column(part.key)).c[part.key]).where(or_(*conds)))
    return selects[0] if len(selects) == 1 else union(*selects)  # type: ignore[return-value]


def match_expression(conn: Connection, index: TextIndex, terms: Sequence[str]) -> str | None:
    """The FTS5 query for records holding every term (SQLite); None when LIKE must do."""
    if conn.dialect.name != "sqlite" or not terms:
        return None
    queries = [_sqlite_term(conn, index, t) for t in terms]
    if any(q is None for q in queries):
        return None
    return " AND ".join(f"({q})" for q in queries) if len(queries) > 1 else queries[0]


def fts_count(conn: Connection, index: TextIndex, terms: Sequence[str], match: str | None = None,
              cap: int | None = None) -> int | None:
    """How many records hold every term, from the text index alone (SQLite); None if it cannot say.

    With ``cap``, counting stops there: an estimate for choosing a plan, cheap for common terms.
    """
    match = match or match_expression(conn, index, terms)
    if match is None:
        return None
    inner = f"SELECT rowid FROM {index.fts} WHERE {index.fts} MATCH :m" + (" LIMIT :cap" if cap else "")
    params: dict[str, Any] = {"m": match, "cap": cap} if cap else {"m": match}
    return int(conn.execute(text(f"SELECT count(*) FROM ({inner})"), params).scalar_one())


#: Expansions already read during one search (see :func:`one_search`); None outside one.
_EXPANSIONS: ContextVar[dict[tuple[str, str], list[str]] | None] = ContextVar("inv_fts_expansions", default=None)


@contextmanager
def one_search() -> Iterator[None]:
    """Within the block, a short term's expansion is read from the vocabulary once.

    A search asks for it more than once (the plan's estimate, then the query), and the
    vocabulary counts every document of each trigram it lists: milliseconds for a common
    one. Only for the length of one search, which reads one state of the index."""
    token = _EXPANSIONS.set({}) if _EXPANSIONS.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _EXPANSIONS.reset(token)


def _sqlite_match(conn: Connection, index: TextIndex, term: str) -> str | None:
    """The FTS5 query for ``term``; None when LIKE must do (a term too common to expand)."""
    if len(term) >= 3:
        return _fts_phrase(term)
    low = term.lower()
    known = _EXPANSIONS.get()
    trigrams = None if known is None else known.get((index.vocab, low))
    if trigrams is None:
        trigrams = [r[0] for r in conn.execute(
            text(f"SELECT term FROM {index.vocab} WHERE term >= :lo AND term < :hi LIMIT :n"),
            {"lo": low, "hi": low + _TOP, "n": MAX_EXPANSION + 1},
        )]
        if known is not None:
            known[(index.vocab, low)] = trigrams
    if len(trigrams) > MAX_EXPANSION:
        return None
    if not trigrams:
        return _fts_phrase(low + _TOP)  # a phrase no document holds: no match, same query shape
    return " OR ".join(_fts_phrase(t) for t in trigrams)


def split_terms(text_: str) -> list[str]:
    """Free text into terms (all must match): whitespace separates, "double quotes" keep a phrase."""
    terms: list[str] = []
    for i, part in enumerate(text_.split('"')):
        if i % 2:
            phrase = " ".join(part.split())
            if phrase:
                terms.append(phrase)
        else:
            terms.extend(part.split())
    seen: set[str] = set()
    unique = []
    for t in terms:
        if t.lower() not in seen:
            seen.add(t.lower())
            unique.append(t)
    return unique


def institute_ids(conn: Connection, term: str) -> list[int]:
    """Institutes whose name, English name or city holds ``term`` (a few hundred rows: LIKE)."""
    found: list[int] = []
    for v in variants(term):
        rows = conn.execute(
            text("SELECT id FROM institute WHERE lower(name) LIKE :p ESCAPE '\\' OR lower(coalesce(name_en, '')) "
                 "LIKE :p ESCAPE '\\' OR lower(city) LIKE :p ESCAPE '\\'"),
            {"p": f"%{escape_like(v.lower())}%"},
        )
        found.extend(r[0] for r in rows if r[0] not in found)
    return found


__all__: Sequence[str] = (
    "INDEXES",
    "Part",
    "TextIndex",
    "check",
    "install",
    "install_sqlite_triggers",
    "institute_ids",
    "matching_ids",
    "part_doc_sql",
    "rebuild_sqlite",
    "record_doc_sql",
    "repair",
    "split_terms",
    "uninstall",
)
