"""A page's capability rows, each judged against the search (docs/comparison.md).

The search filters and ranks in SQL (:func:`.comparability.row_figure`); the page's rows are
then judged here, in Python, by :func:`labregistry.domain.comparison.judge` from the same
stored error terms, so that what a result says (the accuracy at the requested range and the
basis) is what filtered it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import BigInteger, Connection, any_, bindparam, or_, select
from sqlalchemy.dialects.postgresql import ARRAY

from labregistry.domain.accuracy import parse_accuracy
from labregistry.domain.comparison import Judgement, Requirement, judge
from labregistry.domain.errormodel import ErrorModel, NotComparable, error_model
from labregistry.domain.quantities import MeasuredRange
from labregistry.errors import DomainError
from labregistry.inventory.criteria import Criteria
from labregistry.inventory.textindex import variants
from labregistry.storage.bulk import table_of
from labregistry.storage.models import Capability

CAP = table_of(Capability)
_ROWS = (select(CAP).where(CAP.c.standard_id.in_(bindparam("ids", expanding=True)))
         .order_by(CAP.c.standard_id, CAP.c.position))


def requirement(cr: Criteria) -> Requirement:
    """The search as a requirement; the form of the limit when the user wrote it (U=, MPE)."""
    limit = cr.max_uncertainty
    if limit is None:
        return Requirement(cr.low, cr.high)
    form = "mpe" if re.match(r"\s*(MPE|最大允许误差)", limit.text, re.I) else (
        "uncertainty" if re.match(r"\s*U", limit.text) else None)
    return Requirement(cr.low, cr.high, limit.value, limit.relative, limit.unit, form)


def capability_rows(conn: Connection, ids: Sequence[int], cr: Criteria
                    ) -> dict[int, list[tuple[dict[str, Any], Judgement]]]:
    """Per standard, its rows of the searched quantity, each with its judgement."""
    req = requirement(cr)
    out: dict[int, list[tuple[dict[str, Any], Judgement]]] = {}
    for sid, rows in stored_rows(conn, ids, cr.quantity).items():
        for row, model, rng in rows:
            out.setdefault(sid, []).append((row, judge(model, rng, req)))
    return out


StoredRow = tuple[dict[str, Any], ErrorModel | NotComparable, MeasuredRange]


def stored_rows(conn: Connection, ids: Sequence[int], quantity: str | None = None) -> dict[int, list[StoredRow]]:
    """Per standard, its rows in order (only those of ``quantity`` when given), each with its
    error model and range."""
    out: dict[int, list[StoredRow]] = {}
    for r in _rows_of(conn, ids):
        if quantity is not None and r.quantity != quantity:
            continue  # never shown by a range search: no model built (a filter in SQL took the quantity's index)
        out.setdefault(int(r.standard_id), []).append(as_stored(dict(r._mapping)))
    return out


def as_stored(row: dict[str, Any]) -> StoredRow:
    """A row (a mapping of at least :data:`SIGNATURE`'s columns) with its error model and range."""
    rng = MeasuredRange(row["range_text"], row["quantity"] or "", _float(row["range_min"]),
                        _float(row["range_max"]), row["unit"] or "")
    return row, stored_model(row, rng), rng


SIGNATURE = (CAP.c.range_text, CAP.c.quantity, CAP.c.range_min, CAP.c.range_max, CAP.c.unit, CAP.c.accuracy_text,
             CAP.c.accuracy_k, CAP.c.accuracy_class, CAP.c.accuracy_basis, CAP.c.error_constant,
             CAP.c.error_of_reading, CAP.c.error_of_span)
"""What of a row a comparison of rows reads (its range, its accuracy and their stored terms):
two rows of the same signature relate alike to any other row."""

Signature = tuple[Any, ...]


def row_signatures(conn: Connection, ids: Sequence[int], quantities: set[str | None]
                   ) -> dict[int, tuple[Signature, ...]]:
    """Per standard, the :data:`SIGNATURE` of each of its rows of one of ``quantities``, in
    order: a region's rows repeat (the same instruments everywhere), so that what compares
    them can work each distinct one out once (recognition of a pressure gauge at 200,000
    standards: 69,278 rows, 15 signatures). Asked for in the parts of :func:`id_parts`."""
    named = [q for q in quantities if q is not None]
    cond = or_(CAP.c.quantity.in_(named), CAP.c.quantity.is_(None)) if None in quantities else CAP.c.quantity.in_(named)
    out: dict[int, list[Signature]] = {}
    for part in id_parts(conn, ids) if quantities else ():
        stmt = select(CAP.c.standard_id, *SIGNATURE).where(ids_in(conn, CAP.c.standard_id, part), cond)
        for r in conn.execute(stmt.order_by(CAP.c.standard_id, CAP.c.position)).all():
            out.setdefault(int(r[0]), []).append(tuple(r[1:]))
    return {sid: tuple(rows) for sid, rows in out.items()}


def id_parts(conn: Connection, ids: Sequence[int]) -> list[list[int]]:
    """``ids`` (distinct, ascending) in the parts :func:`ids_in` takes: all at once on
    PostgreSQL (one array), :data:`IDS_AT_ONCE` at a time on SQLite."""
    ordered = sorted(set(ids))
    size = (len(ordered) or 1) if conn.dialect.name == "postgresql" else IDS_AT_ONCE
    return [ordered[start:start + size] for start in range(0, len(ordered), size)]


def ids_in(conn: Connection, column: Any, ids: Sequence[int]) -> Any:
    """``column`` among ``ids``: on PostgreSQL ``= ANY`` of one array parameter (an ``IN`` of
    20,000 parameters cost more to write and to split, in SQLAlchemy and psycopg, than the
    query took to run: 0.7 s of a recognition's 3 s), else ``IN`` (SQLite binds them cheaply)."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(BigInteger)))
    return column.in_(list(ids))


def signature_row(signature: Signature) -> StoredRow:
    """:func:`as_stored` of a row known by its signature alone."""
    return as_stored(dict(zip((c.name for c in SIGNATURE), signature, strict=True)))


IDS_AT_ONCE = 10_000
"""Standards whose rows one statement asks for: PostgreSQL takes at most 65,535 parameters (a
recognition search at national scale asked for 96,480 standards' rows at once and failed)."""


def _rows_of(conn: Connection, ids: Sequence[int]) -> Iterator[Any]:
    """The rows of ``ids``' standards in (standard, position) order, asked for in parts of
    :data:`IDS_AT_ONCE` ascending ids, so that the parts follow each other in that order."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), IDS_AT_ONCE):
        yield from conn.execute(_ROWS, {"ids": ordered[start:start + IDS_AT_ONCE]})


def stored_model(row: dict[str, Any], rng: MeasuredRange) -> ErrorModel | NotComparable:
    """The row's error model from its stored terms (what the SQL filter used); without terms,
    why not, from its text ("formula" for a row stored before its form could be compared)."""
    if row["accuracy_basis"] is not None and row["error_constant"] is not None:
        return ErrorModel(row["accuracy_basis"], row["error_constant"], row["error_of_reading"] or 0.0,
                          row["error_of_span"] or 0.0, row["accuracy_k"])
    try:
        model = error_model(parse_accuracy(row["accuracy_text"], rng), rng)
    except DomainError:
        return NotComparable("formula")
    return model if isinstance(model, NotComparable) else NotComparable("formula")


def best_row(judged: list[tuple[dict[str, Any], Judgement]], limited: bool
             ) -> tuple[dict[str, Any], Judgement]:
    """The row that answers: one meeting the requirement (the best figure), else, with a limit,
    one that cannot be compared (listed as such), else the best figure of a covering row; of
    rows alike in that, the tightest range. The row the search ranks its standard by
    (``search._capability_matches``), so that the row shown is the one that placed it."""
    def key(item: tuple[dict[str, Any], Judgement]) -> tuple[bool, bool, bool, float, float]:
        row, j = item
        return (not j.met, not j.covers, j.comparable if limited else not j.comparable,
                j.figure if j.figure is not None else float("inf"), _span(row))
    return min(judged, key=key)


def _span(row: dict[str, Any]) -> float:
    low, high = row.get("range_min"), row.get("range_max")
    return float("inf") if low is None or high is None else float(high) - float(low)


def _float(value: Any) -> float:
    return float(value) if value is not None else float("nan")


_TEXT_ROWS = (select(CAP.c.standard_id, CAP.c.parameter, CAP.c.conditions, CAP.c.range_text, CAP.c.quantity,
                     CAP.c.range_min, CAP.c.range_max, CAP.c.unit, CAP.c.accuracy_text, CAP.c.accuracy_basis)
              .where(CAP.c.standard_id.in_(bindparam("ids", expanding=True)),
                     or_(CAP.c.parameter.is_not(None), CAP.c.conditions.is_not(None)))
              .order_by(CAP.c.standard_id, CAP.c.position))


def text_rows(conn: Connection, ids: Sequence[int], terms: Sequence[str]) -> dict[int, dict[str, Any]]:
    """Per standard, its capability row whose parameter and conditions hold the most of the
    search's terms (the first such row; none when no row holds one): the row a text search
    found the standard by, shown as a range search shows the row that answered it.

    Matched as the text index matches (a substring, any case, as typed or in normal form),
    in Python over the page's rows only: a page is at most a few hundred standards."""
    needles = [[v.lower() for v in variants(t)] for t in terms]
    found: dict[int, tuple[int, dict[str, Any]]] = {}
    for r in conn.execute(_TEXT_ROWS, {"ids": list(ids)}) if needles else ():
        text = f"{r.parameter or ''}  {r.conditions or ''}".lower()
        hits = sum(any(n in text for n in alternatives) for alternatives in needles)
        if hits > found.get(r.standard_id, (0, {}))[0]:
            found[r.standard_id] = (hits, dict(r._mapping))
    return {sid: row for sid, (_hits, row) in found.items()}
