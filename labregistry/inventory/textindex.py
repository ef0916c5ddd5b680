"""Substring search over record texts, on SQLite and PostgreSQL: the queries.

Chinese has no spaces between words, so free text is matched as a substring ("压力" in
"精密压力表标准装置"), case-insensitively, against each record's *document*. The index
itself (its definition, DDL, triggers and maintenance) lives in storage
(:mod:`labregistry.storage.searchindex`, re-exported here for the callers that still
import it from this module).

SQLite: a term of three or more characters is one trigram phrase ``MATCH``. A shorter one
is expanded through the index's vocabulary (``inv_fts_<name>_vocab``, fts5vocab): because
every column ends with two spaces, every occurrence of a one- or two-character term starts
some trigram, so "压力" matches exactly the documents holding a trigram in [``压力``,
``压力\U0010FFFF``). If a term expands to more than :data:`MAX_EXPANSION` trigrams, the
query falls back to ``LIKE`` over the base tables (correct, slower).

PostgreSQL: ``ILIKE '%term%'`` over the per-table document expressions, found through the
pg_trgm index for terms of three or more characters and the two-character index for
two-character terms (one character scans); a record matches when its own row or one of
its children does. A standard's whole document is also one row of its own (revision 0015,
``storage.searchindex.PG_DOC_TABLE``) with the same two indexes: standards are found there.
"""


from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import (
    ARRAY,
    Connection,
    Integer,
    Text,
    any_,
    bindparam,
    column,
    func,
    intersect,
    literal_column,
    or_,
    select,
    table,
    text,
    union,
)
from sqlalchemy.dialects.postgresql import array as pg_array
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from labregistry.domain.text import normalise
from labregistry.storage.searchindex import (
    AUTHITEM_INDEX_0005,
    BTREE_INDEXES,
    INDEXES,
    PG_BIGRAMS,
    PG_DOC_TABLE,
    RANK_INDEX_BY_INSTITUTE,
    RANK_INDEX_BY_QUANTITY,
    SEP,
    SQLITE_INSTITUTE_INDEX,
    SQLITE_QUANTITY_INDEX,
    SQLITE_RANK_INDEX,
    SQLITE_VALID_INDEX,
    SQLITE_VALIDITY_INDEX,
    VALID_INDEX,
    VALIDITY_INDEX,
    Part,
    TextIndex,
    check,
    deferred,
    install,
    install_postgres,
    install_sqlite,
    install_sqlite_triggers,
    part_doc_sql,
    rebuild_sqlite,
    record_doc_sql,
    repair,
    uninstall,
)

MAX_EXPANSION = 400  # trigrams a one- or two-character term may expand to before LIKE takes over
_TOP = "\U0010ffff"


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


def matching_ids(conn: Connection, index: TextIndex, terms: str | Sequence[str],
                 within: Select[Any] | None = None) -> Select[Any]:
    """A SELECT of the ids of the records (``index.table``) whose document holds every term.

    ``within`` (PostgreSQL): a select of the only records that may match (a few institutes'
    standards): each part's rows are read for those alone, not for every record holding the
    term (温度 + 浙江: 36,139 candidates collected for 2,000 standards)."""
    terms = [terms] if isinstance(terms, str) else list(terms)
    if conn.dialect.name == "postgresql" and index.name == "standard":
        return _pg_document_ids(terms, within)
    if conn.dialect.name == "sqlite":
        queries = [_sqlite_term(conn, index, t) for t in terms]
        if all(q is not None for q in queries):
            fts = table(index.fts, column("rowid"))
            match = " AND ".join(f"({q})" for q in queries) if len(queries) > 1 else queries[0]
            return select(fts.c.rowid).where(literal_column(index.fts).op("MATCH")(bindparam(None, match)))
    if len(terms) == 1:
        return _like_ids(conn, index, terms[0], within)
    return intersect(*(_like_ids(conn, index, t, within) if conn.dialect.name != "sqlite"
                       else matching_ids(conn, index, t) for t in terms))  # type: ignore[return-value]


def _sqlite_term(conn: Connection, index: TextIndex, term: str) -> str | None:
    queries = [_sqlite_match(conn, index, v) for v in variants(term)]
    if any(q is None for q in queries):
        return None
    return queries[0] if len(queries) == 1 else " OR ".join(f"({q})" for q in queries)


def _like_ids(conn: Connection, index: TextIndex, term: str, within: Select[Any] | None = None) -> Select[Any]:
    selects = []
    for part in index.parts:
        key = table(part.table, column(part.key)).c[part.key]
        selects.append(select(key).where(part_holds(conn, part, term, by_index=within is None),
                                         *([key.in_(within)] if within is not None else [])))
    return selects[0] if len(selects) == 1 else union(*selects)  # type: ignore[return-value]


def part_holds(conn: Connection, part: Part, term: str, by_index: bool = True) -> ColumnElement[bool]:
    """The condition that a row of ``part.table`` (the only table of the select it is put in:
    its columns are named bare, as the indexes name them) holds ``term``. ``by_index`` False: a
    few rows, each checked by ILIKE (inv_bigrams() of a row costs 80 us: 温度 + 浙江 107 -> 267 ms)."""
    doc: Any = literal_column(part_doc_sql(part))
    conds = []
    for v in variants(term):
        pattern: Any = bindparam(None, f"%{escape_like(v)}%")
        if conn.dialect.name == "sqlite":
            conds.append(doc.like(pattern, escape="\\"))
        elif len(v) == 2 and by_index:
            conds.append(_holds_bigram(part, v))
        else:
            conds.append(doc.ilike(pattern, escape="\\"))
    return or_(*conds)


def _pg_document_ids(terms: Sequence[str], within: Select[Any] | None) -> Select[Any]:
    """PostgreSQL: the standards whose document (revision 0015: one row per standard, its
    services' and capability rows' text with it) holds every term, from that table's indexes
    alone: one set of standard ids instead of three tables' candidate rows merged (压力: 29,794
    standards). A term is held by the whole document exactly when one of its parts holds it:
    every part ends with two spaces, and a term has no run of two (:func:`split_terms`).
    ``within``: as in :func:`matching_ids`, each document of those standards checked by LIKE."""
    return select(PG_DOCS.c.standard_id).where(*pg_document_conds(terms, within))


#: The standards' documents (revision 0015), with their standard's validity (0017) and institute (0018).
PG_DOCS = table(PG_DOC_TABLE, column("standard_id"), column("doc"), column("valid_from"), column("valid_until"),
                column("institute_id"))


def pg_document_conds(terms: Sequence[str], within: Select[Any] | None = None,
                      by_index: bool = True) -> list[ColumnElement[bool]]:
    """The conditions on :data:`PG_DOCS` of :func:`_pg_document_ids`: its document holds every term.
    ``by_index`` False: each term by LIKE alone (the same answer), for rows read by another index,
    each then checked: the two-character pieces of a document cost some 65 us to compute, LIKE
    about one."""
    docs = PG_DOCS
    conds: list[ColumnElement[bool]] = []
    for term in terms:
        held = []
        for v in variants(term):
            if len(v) == 2 and within is None and by_index:
                held.append(_bigrams_hold(func.inv_doc_bigrams(docs.c.doc), v))
            else:  # the document is lower-cased: LIKE of the lowered term is its ILIKE
                pattern: Any = func.lower(bindparam(None, f"%{escape_like(v)}%", type_=Text))
                held.append(docs.c.doc.like(pattern, escape="\\"))
        conds.append(or_(*held))
    if within is not None:
        conds.append(docs.c.standard_id.in_(within))
    return conds


def _bigrams_hold(bigrams: Any, term: str) -> ColumnElement[bool]:
    """A document's two-character pieces (``bigrams``) hold the two-character ``term``
    (:func:`_holds_bigram`)."""
    wanted: Any = pg_array([func.lower(bindparam(None, term, type_=Text))])
    return bigrams.op("@>")(wanted)  # type: ignore[no-any-return]


def _holds_bigram(part: Part, term: str) -> ColumnElement[bool]:
    """PostgreSQL: the part's document holds the two-character ``term``, case-insensitively.

    Below pg_trgm's three characters the two-character index answers, and exactly:
    :data:`PG_BIGRAMS` is every two characters of ``lower(document)``, so holding
    ``lower(term)`` among them IS ``document ILIKE '%term%'`` (PostgreSQL's ILIKE compares
    the ``lower()`` of both sides; the term lowered here by the same function). The index's
    ``@>`` needs no recheck, so no candidate's document is computed again: for a broad term
    (压力, one standard in seven) that recheck was most of the search (29 of 46 ms at
    200,000 standards)."""
    return _bigrams_hold(literal_column(f"inv_bigrams({part_doc_sql(part)})"), term)


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
    "AUTHITEM_INDEX_0005",
    "BTREE_INDEXES",
    "INDEXES",
    "MAX_EXPANSION",
    "PG_BIGRAMS",
    "RANK_INDEX_BY_INSTITUTE",
    "RANK_INDEX_BY_QUANTITY",
    "SEP",
    "SQLITE_INSTITUTE_INDEX",
    "SQLITE_QUANTITY_INDEX",
    "SQLITE_RANK_INDEX",
    "SQLITE_VALID_INDEX",
    "SQLITE_VALIDITY_INDEX",
    "VALID_INDEX",
    "VALIDITY_INDEX",
    "Part",
    "TextIndex",
    "check",
    "deferred",
    "escape_like",
    "fts_count",
    "id_in",
    "install",
    "install_postgres",
    "install_sqlite",
    "install_sqlite_triggers",
    "institute_ids",
    "match_expression",
    "matching_ids",
    "one_search",
    "part_doc_sql",
    "part_holds",
    "rebuild_sqlite",
    "record_doc_sql",
    "repair",
    "split_terms",
    "uninstall",
    "variants",
)
