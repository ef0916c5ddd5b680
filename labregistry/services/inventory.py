"""Regional inventory use cases: search, report, region, recognition, coverage, traceability.

All read-only. Each call reads on one connection (no unit of work: nothing is written and no
operator is needed), the registry's kept read connection when it is idle (a few seconds:
:mod:`labregistry.storage.readers`), and returns plain data: dicts and lists with dates as ``date`` /
``datetime``, and names and notes the edge renders in the user's language (a search's rows:
:data:`RENDERED_FIELDS`, issue 17), for the CLI's JSON and the app's table models. The app should call
them off the GUI thread; :func:`search` is paged (``offset``/``limit``) and
:func:`search_ids` + :func:`rows_by_ids` let a table model keep only ids and fetch the
visible rows, as the record tables do; :func:`search_then_count` gives the app's first screen
before the count, both from one snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from labregistry import i18n
from labregistry.domain.dates import parse_date
from labregistry.errors import DomainError
from labregistry.inventory import recognition
from labregistry.inventory import search as _search
from labregistry.inventory import trace as _trace
from labregistry.inventory.criteria import Criteria, build_criteria
from labregistry.inventory.provenance import region_institutes
from labregistry.inventory.report import write_report
from labregistry.inventory.search import RENDERED_FIELDS, SearchPage
from labregistry.outputs import check_xlsx_target
from labregistry.registry import Registry
from labregistry.storage import db, readers, searchindex
from labregistry.storage.bulk import table_of
from labregistry.storage.models import Institute, Standard

__all__ = [
    "Criteria",
    "RENDERED_FIELDS",
    "SearchPage",
    "build_criteria",
    "count",
    "coverage",
    "equivalents",
    "export_report",
    "index_problems",
    "rebuild_index",
    "region",
    "resolve_standard",
    "rows_by_ids",
    "search",
    "search_ids",
    "search_then_count",
    "trace",
]

@contextmanager
def _reading(reg: Registry) -> Iterator[Connection]:
    """The registry's kept read connection (:mod:`labregistry.storage.readers`): a search,
    the next rows of its table and a refined search in a row open the database once."""
    with readers.reader(reg.engine).connect() as conn:
        yield conn


# ---------------------------------------------------------------- search


def search(reg: Registry, criteria: Criteria, *, offset: int = 0, limit: int | None = 50,
           with_total: bool = True) -> SearchPage:
    """One ranked page of matches with provenance (``limit=None``: all of them); the names and
    notes in its rows (:data:`RENDERED_FIELDS`) are for the edge to render
    (:func:`labregistry.i18n.render_fields`)."""
    with _reading(reg) as conn:
        return _search.search(conn, criteria, offset=offset, limit=limit, with_total=with_total)


def search_then_count(reg: Registry, criteria: Criteria, *, limit: int,
                      shown: Callable[[list[int], list[dict[str, Any]], int | None], None],
                      rows: int | None = None, comparisons: bool = False,
                      rest: Callable[[list[dict[str, Any]]], None] | None = None) -> int:
    """The ids of the first ``limit`` matches and the rows of the first ``rows`` of them (all
    when None), given to ``shown(ids, rows, total)`` as soon as they are read, then the rows
    of the other ids given to ``rest`` (when given and there are any), then how many match
    in all, returned (``total`` given to ``shown`` already when the ids are fewer than
    ``limit``: they are every match; None otherwise).

    What the app's regional search waits for is its first screen, not the count: a page
    without its total skips the pass over every match that counting takes, and the rows of
    a screen cost less than those of a block (docs/benchmarks.md, "the app's path"). So the
    first screen is shown first, the rest of its block follows (the app then reads nothing
    on its GUI thread until the user scrolls past the block) and the count after them. All
    read ONE snapshot of the registry, so the count is the number of the matches the ids are
    the head of, even with an import committed between them: one read transaction on SQLite
    (WAL), a repeatable-read one on PostgreSQL. ``comparisons``: each standard's row with its
    comparison counts (:func:`labregistry.services.comparisons.comparison_counts_on`), read
    on the same connection (a unit of work of its own opened one more: 2 to 3 ms, some 40
    on a server). The rows' names and notes are for the edge to render, as :func:`search`'s."""
    with _reading(reg) as conn:
        if conn.dialect.name == "postgresql":  # the count from the page's snapshot (read committed: its own)
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        ids = _search.search_ids(conn, criteria, 0, limit)
        first = ids if rows is None else ids[:rows]
        every = len(ids) < limit
        shown(ids, _rows(conn, criteria, first, comparisons), len(ids) if every else None)
        if rest is not None and len(first) < len(ids):
            rest(_rows(conn, criteria, ids[len(first):], comparisons))
        return len(ids) if every else _search.count(conn, criteria)[0]


def _rows(conn: Connection, criteria: Criteria, ids: Sequence[int], comparisons: bool) -> list[dict[str, Any]]:
    """The rows of ``ids`` in their order (a deleted one left out), standards' with their
    comparison counts when ``comparisons``."""
    by_id = _search.rows_by_ids(conn, criteria, ids)
    found = [by_id[i] for i in ids if i in by_id]
    if comparisons and criteria.kind == "standards" and found:
        from labregistry.services import comparisons as comparison_service

        return comparison_service.comparison_counts_on(conn, found)
    return found


def search_ids(reg: Registry, criteria: Criteria, offset: int = 0, limit: int | None = None) -> list[int]:
    """The ids of every match in rank order (standards, authorised items or staff)."""
    with _reading(reg) as conn:
        return _search.search_ids(conn, criteria, offset, limit)


def rows_by_ids(reg: Registry, criteria: Criteria, ids: Sequence[int], *,
                comparisons: bool = False) -> dict[int, dict[str, Any]]:
    """Display rows of the given ids (a table model's visible page), their names and notes
    for the edge to render; ``comparisons``: standards' with their comparison counts, read on
    the same connection."""
    with _reading(reg) as conn:
        return {int(r["id"]): r for r in _rows(conn, criteria, ids, comparisons)}


def range_label(row: dict[str, Any]) -> str:
    """A result's range after the parameter of the capability row that answered the search
    ("交流电压 (0~750)V"): which of a standard's parameters was found, said the same way by the
    command line and the app."""
    parameter = (row.get("capability") or {}).get("parameter")
    text = "" if row.get("range_text") is None else str(row["range_text"])
    return f"{parameter} {text}" if parameter else text


def count(reg: Registry, criteria: Criteria) -> tuple[int, int | None]:
    """(matches, of which not comparable with the maximum uncertainty, or None)."""
    with _reading(reg) as conn:
        return _search.count(conn, criteria)


@dataclass(frozen=True)
class ReportResult:
    path: Path
    rows: int
    total: int


def export_report(reg: Registry, criteria: Criteria, out: str | Path, *, language: i18n.DocLanguage = "zh",
                  limit: int | None = None) -> ReportResult:
    """Write every match (or the first ``limit``) to an unsigned Excel report in ``language``."""
    check_xlsx_target(reg.home, out)
    page = search(reg, criteria, limit=limit)
    path, written = write_report(out, criteria, page.rows, total=page.total, language=language)
    return ReportResult(path, written, page.total if page.total is not None else written)


# ---------------------------------------------------------------- region


def region(reg: Registry) -> list[dict[str, Any]]:
    """Every institute in the registry with its provenance and counts (the consolidated view's key)."""
    with _reading(reg) as conn:
        return region_institutes(conn)


def resolve_standard(reg: Registry, ref: str | int, institute_uscc: str | None = None) -> int:
    """A standard's id from its id or certificate number (unique, or narrowed by institute)."""
    with _reading(reg) as conn:
        return _resolve(conn, ref, institute_uscc)


def _resolve(conn: Connection, ref: str | int, institute_uscc: str | None) -> int:
    """An ``int`` is a record id (what the app passes); text is what a person types: a
    certificate number first, then an id (as :func:`labregistry.services.certificates` does)."""
    s, inst = table_of(Standard), table_of(Institute)
    text = str(ref).strip()
    stmt = select(s.c.id, inst.c.name, inst.c.uscc, inst.c.is_own).join(inst, inst.c.id == s.c.institute_id)
    if institute_uscc:
        stmt = stmt.where(inst.c.uscc == institute_uscc.strip().upper())
    if isinstance(ref, int):
        rows = list(conn.execute(stmt.where(s.c.id == ref)))
    else:
        rows = list(conn.execute(stmt.where(s.c.certificate_no == text)))
    if not rows and text.isascii() and text.isdigit():  # int('²') raises
        rows = list(conn.execute(stmt.where(s.c.id == int(text))))
    if not rows:
        raise DomainError("inventory.standard_not_found", ref=text)
    if len(rows) > 1:
        institutes = "、".join(sorted({f"{r.name} {r.uscc}" for r in rows}))
        raise DomainError("inventory.standard_ambiguous", ref=text, n=len(rows), institutes=institutes)
    return int(rows[0].id)


# ---------------------------------------------------------------- recognition, coverage, trace


def _on(valid_on: object) -> dt.date:
    """The date validity is judged on: any spelling the domain accepts, default today."""
    if valid_on is None or valid_on == "":
        return dt.date.today()
    return parse_date(valid_on, "valid_on")


def equivalents(reg: Registry, ref: str | int, *, valid_on: object = None,
                institute_uscc: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """The standard ``ref`` and its equivalents at other institutes, marked valid or not on the date."""
    with _reading(reg) as conn:
        standard_id = _resolve(conn, ref, institute_uscc)
        return recognition.equivalents(conn, standard_id, _on(valid_on), limit=limit)


def coverage(reg: Registry, *, valid_on: object = None, grade: str = "public") -> dict[str, Any]:
    """Valid public standards per discipline and province, and the gaps (names for the edge to
    render, :func:`.recognition.coverage`)."""
    with _reading(reg) as conn:
        return recognition.coverage(conn, _on(valid_on), grade=grade)


def code_coverage(reg: Registry, discipline: str, *, valid_on: object = None, grade: str = "public") -> dict[str, Any]:
    """Valid standards per catalogue item code of ``discipline`` and province, and the codes with none.

    ``catalogue_items`` says how many item codes were checked: none when the catalogue lists
    no item of ``discipline`` (the shipped one holds 01219000 only), where "0 gaps" would read
    as full coverage (trial 9); the edges say so (the CLI refuses, the app's dialog says to
    import the code table)."""
    from labregistry.services import catalogues

    items = [(c.code, c.name) for c in catalogues.current(reg).item_codes(discipline)]
    with _reading(reg) as conn:
        data = recognition.code_coverage(conn, _on(valid_on), discipline, items, grade=grade)
    data["catalogue_items"] = len(items)
    return data


def trace(reg: Registry, ref: str | int, *, valid_on: object = None, institute_uscc: str | None = None,
          max_depth: int = _trace.DEFAULT_MAX_DEPTH, ancillary: bool = False,
          roots: Sequence[str] = ()) -> dict[str, Any]:
    """The traceability tree and chains of standard ``ref``, with where each chain breaks."""
    options = _trace.TraceOptions(_on(valid_on), max_depth, ancillary, frozenset(roots))
    with _reading(reg) as conn:
        standard_id = _resolve(conn, ref, institute_uscc)
        return _trace.trace(conn, standard_id, options)


# ---------------------------------------------------------------- the text index


def index_problems(reg: Registry) -> list[str]:
    """What is wrong with the search index (empty when sound); for ``check``."""
    with _reading(reg) as conn:
        return searchindex.check(conn)


def rebuild_index(reg: Registry) -> None:
    """Repair the text index: put back its lost parts and refill it from the records.

    On a server only the owner of the tables may (making an index or a function is the
    owner's, docs/regional-server.md): another login is told so before anything is tried,
    instead of PostgreSQL's "permission denied for schema public", which read as a missing
    USAGE grant."""
    with db.write_transaction(reg.engine) as conn:
        _require_table_owner(conn)
        searchindex.repair(conn)


def _require_table_owner(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        return
    row = conn.exec_driver_sql(
        "SELECT current_user, t.tableowner, pg_has_role(current_user, t.tableowner, 'USAGE') "
        "FROM pg_tables t WHERE t.tablename = 'standard' AND t.schemaname = current_schema()").first()
    if row is not None and not row[2]:
        raise DomainError("search_index.owner_only", user=row[0], owner=row[1])
