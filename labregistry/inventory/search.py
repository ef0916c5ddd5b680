"""Region-wide search: standards, authorised items and people, ranked and paged.

Two phases, as the table views do: :func:`search_ids` (or the page inside :func:`search`)
runs the filter and the ranking in SQL and returns only ids; :func:`rows_by_ids` fetches
the display columns, the provenance and the comparability of those rows alone. A table
model can keep the ids of every match and fetch rows as they scroll into view.

What a term of free text matches (every term must match, in any of these):

* standards: name, certificate number, code, range and accuracy as typed, the responsible
  person; the names and procedures of its services (开展的检定或校准项目); the name, English
  name or city of its institute;
* authorised items: the item's name, procedure and range; the authorisation's certificate
  number and authority; the institute;
* people: name, department, title; the professional items of a qualifying credential; the
  institute.

Validity on a date D: the certificate was issued on or before D (or has no issue date),
is valid until D or later, and is not suspended or revoked (a suspension has no dates, so
it counts whatever D is). For people: a credential issued on or before D and valid until
D or later (a credential without an end date does not count), and the person is active.
Without ``--valid-on`` nothing is filtered by date, but validity today ranks first.

Quantity, range and maximum uncertainty (standards) ask of the capability rows
(docs/comparison.md): a standard matches when one of its rows of the quantity covers the
range and, with a limit, its error at the requested values is within it (or, unless
``comparable_only``, cannot be compared with it). The result shows the row that answered,
its accuracy at the requested range and the basis of the comparison. Free text finds a
standard by its rows' parameter and conditions too (they are in its text document); the
result of a text search then shows the row whose parameter or conditions hold the terms.

Ranking (standards): valid on the date first (today when no date is asked); with a
maximum uncertainty, comparable ones before the not comparable ones, then the better
accuracy (the best row's smaller figure, :func:`.comparability.row_figure`); with a
quantity but no limit, the better accuracy too (figures rank only within one quantity:
across quantities they say nothing, so a text search does not rank by them); with a
required range, the tighter range; then the later end of validity (the most recently
examined); then the newest record. A standard ranks by the row that answers best: of its
rows that answer (cover the range and, with a limit, are within it or cannot be compared),
the one with the best figure, and of those the tightest range; its figure and its range
rank it, as they are the row the result shows (since 8 Dec 2026: before, the best figure and
the tightest range were taken from any two rows, and a row outside the limit could lend its
range). The own institute is not preferred: this is
a search of the region's capabilities (``own_only`` narrows to it). Authorised items: valid,
tighter range, later end of validity. People: holding a valid qualifying credential, the
later end of validity, name.

Not comparable standards (a maximum uncertainty was asked, and their accuracy cannot be
compared with it) are listed after the comparable ones with ``comparable: false`` and the
reason, unless ``comparable_only`` excludes them; the page says how many there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Float,
    Integer,
    Select,
    String,
    and_,
    any_,
    bindparam,
    case,
    cast,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    union,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import array as pg_array
from sqlalchemy.sql.elements import BindParameter, ColumnElement, Null

from labregistry import i18n
from labregistry.domain import usability
from labregistry.domain.codes import DISCIPLINES
from labregistry.domain.quantities import QUANTITY_NAMES
from labregistry.inventory import comparability as cmp
from labregistry.inventory import planner
from labregistry.domain.comparison import Judgement
from labregistry.inventory.capability_rows import CAP, best_row, capability_rows, text_rows
from labregistry.inventory.criteria import Criteria
from labregistry.inventory.provenance import institute_provenance
from labregistry.inventory.recognised import recognised_by_own, recognised_institutes
from labregistry.inventory.textindex import (
    INDEXES,
    PG_DOCS,
    VALID_INDEX,
    TextIndex,
    fts_count,
    id_in,
    institute_ids,
    match_expression,
    matching_ids,
    one_search,
    part_holds,
    pg_document_conds,
    variants,
)
from labregistry.storage import queries
from labregistry.storage.searchindex import PG_CAP_TABLE
from labregistry.storage.bulk import table_of
from labregistry.storage.models import (
    Authorisation,
    AuthorisationItem,
    Credential,
    CredentialItem,
    Institute,
    Service,
    Staff,
    Standard,
)

S = table_of(Standard)
SV = table_of(Service)
I = table_of(Institute)  # noqa: E741 - the institute table, named like S, SV and A in every query
A = table_of(Authorisation)
AI = table_of(AuthorisationItem)
ST = table_of(Staff)
C = table_of(Credential)
CI = table_of(CredentialItem)
C2 = C.alias("c2")
ST2 = ST.alias("st2")
I_ALL = I.alias("every_institute")
S_RECOGNISED = S.alias("recognised_standard")
#: PostgreSQL (revision 0016): each capability row's searched columns beside its standard's validity.
CR = table(PG_CAP_TABLE, column("id", Integer), column("standard_id", Integer), column("quantity", String),
           column("range_min", Float), column("range_max", Float), column("unit", String),
           column("error_constant", Float), column("error_of_reading", Float), column("error_of_span", Float),
           column("valid_from", Date), column("valid_until", Date), column("institute_id", Integer))

INVALID_STATUSES = ("suspended", "revoked")
ESTIMATE_CAP = 5000  # text candidates counted to choose a plan; more than this counts as "many"
_EPS = 1e-9


@dataclass
class SearchPage:
    """One page of results, and how many there are in all."""

    kind: str
    rows: list[dict[str, Any]]
    offset: int
    limit: int | None
    total: int | None = None
    not_comparable: int | None = None  # with a maximum uncertainty: how many of ``total`` cannot be compared
    criteria: Criteria | None = field(default=None, repr=False)


# ---------------------------------------------------------------- shared pieces


def _valid_cond(table: Any, on: dt.date) -> ColumnElement[bool]:
    return and_(table.c.status.not_in(INVALID_STATUSES),
                or_(table.c.issued_on.is_(None), table.c.issued_on <= on),
                table.c.valid_until >= on)


def valid_on(table: Any, on: dt.date) -> ColumnElement[bool]:
    """A record of ``table`` (standards, authorisations) in force on ``on``, as a search "valid
    on" a date judges it: the overview's map counts what a click on a city then finds."""
    return _valid_cond(table, on)


def is_valid_on(row: dict[str, Any], on: dt.date) -> bool:
    """:func:`_valid_cond` in Python, for rows already fetched."""
    issued, until = row.get("issued_on"), row.get("valid_until")
    return (row.get("status") not in INVALID_STATUSES and (issued is None or issued <= on)
            and until is not None and until >= on)


def mark_calibration(conn: Connection, rows: Sequence[dict[str, Any]], on: dt.date) -> None:
    """Mark standards by the instrument rule (:mod:`labregistry.domain.usability`) on ``on``:
    ``main_calibration_due``, ``ancillary_calibration_due``, ``needs_recalibration`` (in force,
    but a main standard instrument is past its calibration due date), ``ancillary_overdue``
    (a warning only), and ``usable`` (valid on the date and not needing recalibration).
    Rows need ``id`` and, for ``usable``, ``valid``."""
    dues = queries.calibration_dues(conn, [int(r["id"]) for r in rows])
    for row in rows:
        row.update(dues.get(int(row["id"]), {}))
        row["needs_recalibration"] = usability.row_state(row, on) == usability.NEEDS_RECALIBRATION
        row["ancillary_overdue"] = usability.overdue(row.get("ancillary_calibration_due"), on)
        row["usable"] = bool(row.get("valid", is_valid_on(row, on))) and not row["needs_recalibration"]


def _institute_conds(cr: Criteria) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if cr.provinces:
        conds.append(I.c.province.in_(cr.provinces))
    if cr.cities:
        names = [*cr.cities, *(f"{c}市" for c in cr.cities)]
        conds.append(I.c.city.in_(names))
    if cr.institute_uscc:
        conds.append(I.c.uscc == cr.institute_uscc)
    if cr.own_only:
        conds.append(I.c.is_own.is_(True))
    return conds


def _range_conds(table: Any, cr: Criteria) -> list[ColumnElement[bool]]:
    if cr.quantity is None:
        return []
    conds: list[ColumnElement[bool]] = [table.c.quantity == cr.quantity]
    low = cr.low if cr.low is not None else cr.high
    high = cr.high if cr.high is not None else cr.low
    if low is not None and high is not None:
        conds.append(table.c.range_min <= low + abs(low) * _EPS)
        conds.append(table.c.range_max >= high - abs(high) * _EPS)
    return conds


@dataclass(frozen=True)
class _Key:
    """One ranking key: an expression, its direction, and whether NULLs go after every value."""

    expr: ColumnElement[Any]
    desc: bool = False
    nulls_last: bool = False

    def clause(self, expr: Any = None) -> ColumnElement[Any]:
        """The ORDER BY term, of ``expr`` when given (the key's column in a materialised CTE).

        ``NULLS LAST`` (SQLite 3.30+, PostgreSQL) evaluates the expression once per row, where
        ``CASE WHEN x IS NULL ...`` before ``x`` evaluated it twice: same order."""
        target = self.expr if expr is None else expr
        term = target.desc() if self.desc else target.asc()
        return term.nulls_last() if self.nulls_last else term


def _nulls_last(expr: ColumnElement[Any]) -> list[_Key]:
    return [_Key(expr, nulls_last=True)]


def _term_cond(conn: Connection, term: str, own: ColumnElement[bool], institute_col: Any) -> ColumnElement[bool]:
    inst = institute_ids(conn, term)
    return or_(own, institute_col.in_(inst)) if inst else own


def _page(stmt: Select[Any], offset: int, limit: int | None) -> Select[Any]:
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt


# ---------------------------------------------------------------- standards


@dataclass
class _Plan:
    """The filter and ranking of one search, built once, used by the page and the count."""

    from_: Any
    key: Any
    where: list[ColumnElement[bool]]
    order: Sequence[_Key]
    figure: ColumnElement[Any] | None = None
    group: Any = None
    text_only: tuple[TextIndex, tuple[str, ...]] | None = None  # nothing but text filters: count from the index
    text_count: int | None = None
    match: str | None = None
    #: The capability rows' per-standard matches (``_capability_matches``), and what of ``where``
    #: asks of them alone.
    caps: Any = None
    caps_where: list[ColumnElement[bool]] = field(default_factory=list)
    #: Conditions of ``where`` that only ask whether the standard's id is in a select (free text),
    #: with that select: asked of the capability rows' standard id instead, in :func:`_summary_rows`.
    id_sets: list[tuple[ColumnElement[bool], Select[Any]]] = field(default_factory=list)
    #: PostgreSQL, a capability search whose other filters are a date, a place and free text (no
    #: code, grade or recognition): the criteria, ranked and counted from the capability rows'
    #: summary alone (:func:`_pg_capability_matches`).
    pg_caps: Criteria | None = None
    #: Either database, the same searches (on SQLite, unless the text's index drives): the
    #: criteria, whose first pages are read from the summary's rows (:func:`_rows_page`).
    caps_alone: Criteria | None = None
    #: PostgreSQL, ``pg_caps`` with free text: the text's ids joined to the capability rows before
    #: they are grouped (the text rarer than the rows), else to the groups (:func:`_pg_text_first`).
    pg_text_first: bool = False
    #: PostgreSQL, free text (perhaps on a date and in a place) and nothing else: the terms, the
    #: date (None: any) and the day "valid today" is judged on, searched in the documents alone
    #: (:func:`_pg_dated_text`).
    pg_text_on: tuple[tuple[str, ...], dt.date | None, dt.date] | None = None
    #: PostgreSQL, ``pg_caps`` or ``pg_text_on`` in a place: the ids of its institutes (None: no
    #: place), which the summary's and the documents' rows hold (revision 0018); with free text,
    #: ``pg_within``: their standards when few (:func:`_few_institute_standards`), else None.
    pg_institutes: list[int] | None = None
    pg_within: Select[Any] | None = None
    #: PostgreSQL, ``pg_text_on`` recognised by the own institute: the day the decisions are in
    #: force on (:func:`recognised.recognised_by_own`), else None.
    pg_recognised: dt.date | None = None


def _standards_plan(conn: Connection, cr: Criteria) -> _Plan:
    dialect = conn.dialect.name
    index = INDEXES["standard"]
    by_institute = {t: institute_ids(conn, t) for t in cr.terms}
    pure_text = bool(cr.terms) and not any(by_institute.values())
    institutes = _filtered_institutes(conn, cr)
    if cr.recognised_by_own:  # only the institutes the own decisions name can match: they drive
        named = recognised_institutes(conn, cr.on)
        institutes = named if institutes is None else [i for i in institutes if i in set(named)]
    match = match_expression(conn, index, cr.terms) if pure_text else None
    by_rows = cr.quantity is not None or cr.max_uncertainty is not None
    # PostgreSQL: free text (on a date, in a place, recognised by own) read from the documents
    # alone (_pg_dated_text), a capability search (with a date, a place, free text) from the
    # capability rows' summary alone (_pg_capability_matches)
    pg = dialect == "postgresql"
    pg_text_on = pg and pure_text and not (by_rows or cr.code_prefix or cr.grade)
    pg_caps = pg and by_rows and not any(by_institute.values()) and not (
        cr.code_prefix or cr.grade or cr.recognised_by_own)
    driver = None
    T: Any = S
    candidates: int | None = None
    # free text, perhaps with a date, and nothing else: its own path (see _text_only_ids)
    text_path = match is not None and institutes is None and not (
        cr.quantity or cr.code_prefix or cr.grade or cr.max_uncertainty or cr.recognised_by_own)
    text_alone = text_path and not cr.valid_on
    if dialect == "sqlite":
        if match is not None:
            # exact when it is also the total; else an estimate that stops counting early
            candidates = fts_count(conn, index, cr.terms, match, cap=None if text_alone else ESTIMATE_CAP)
            if not text_alone and candidates is not None and candidates >= ESTIMATE_CAP:
                candidates = ESTIMATE_CAP * 4  # "many": a more selective filter should drive
        elif cr.terms:
            candidates = planner.stats(conn).total  # terms naming institutes: broad, but still a driver
        # the capability rows filter by quantity and range (their own index): the standard's
        # quantity index has nothing left to drive
        # the capability rows are grouped whatever drives: many text matches are then only checked
        many = by_rows and candidates is not None and candidates >= ESTIMATE_CAP
        driver = planner.choose(conn, text_candidates=None if many else candidates,
                                quantity=None if by_rows else cr.quantity,
                                institute_ids=institutes, code_prefix=cr.code_prefix, capabilities=by_rows)
        T = planner.table_for(driver, conn)
    caps = _capability_matches(cr, dialect, _few_standards(conn, institutes, match, candidates)) if by_rows else None
    # no join to the institute: its filters are institute ids by now (and every standard has one)
    from_: Any = T
    where: list[ColumnElement[bool]] = []
    id_sets: list[tuple[ColumnElement[bool], Select[Any]]] = []
    caps_where: list[ColumnElement[bool]] = []
    within: Select[Any] | None = None  # PostgreSQL: a few institutes' standards, the only ones the text may find
    by_text_index = match is not None and driver == "text"
    if by_text_index:
        fts = table(index.fts, column("rowid"))
        from_ = fts.join(T, T.c.id == fts.c.rowid)
        where.append(literal_column(index.fts).op("MATCH")(bindparam(None, match)))
    elif pure_text:
        within = _few_institute_standards(conn, institutes,
                                          FEW_PLACE_DOCUMENTS if pg_text_on or pg_caps else FEW_STANDARDS)
        ids = matching_ids(conn, index, cr.terms, within)
        where.append(id_in(T.c.id, ids, dialect))
        id_sets.append((where[-1], ids))
    else:
        for term in cr.terms:
            ids = matching_ids(conn, index, term)
            hits = id_in(T.c.id, ids, dialect)
            where.append(or_(hits, T.c.institute_id.in_(by_institute[term])) if by_institute[term] else hits)
            if not by_institute[term]:
                id_sets.append((hits, ids))
    if caps is not None:
        from_ = from_.join(caps, caps.c.standard_id == T.c.id)
    if cr.code_prefix:
        where.append(T.c.code.between(cr.code_prefix.ljust(8, "0"), cr.code_prefix.ljust(8, "9")))
    if cr.grade:
        where.append(T.c.grade == cr.grade)
    if cr.valid_on:
        where.append(_valid_cond(T, cr.valid_on))
    if cr.recognised_by_own:
        where.append(recognised_by_own(T, cr.on))
    if institutes is not None:
        where.append(T.c.institute_id.in_(institutes))
    elif driver == "code" and planner.covers(driver, conn):
        # the index leads with the institute: one range of codes per institute
        where.append(T.c.institute_id.in_(select(I_ALL.c.id)))
    order: list[_Key] = [_Key(case((_valid_cond(T, cr.on), 0), else_=1))]
    figure = None
    if caps is not None and cr.max_uncertainty is not None:
        figure = caps.c.figure  # the best row within the limit; NULL: no row within it, one not comparable
        where.append(figure.is_not(None) if cr.comparable_only else or_(figure.is_not(None), caps.c.not_comparable == 1))
        caps_where.append(where[-1])
        order.extend(_nulls_last(figure))
    elif caps is not None and cr.quantity is not None:
        # Accuracy ranks only within one quantity: across quantities the figures say nothing.
        order.extend(_nulls_last(caps.c.figure))
    if caps is not None and cr.quantity is not None and cr.has_range:
        order.extend(_nulls_last(caps.c.span))
    order.extend([_Key(T.c.valid_until, desc=True), _Key(T.c.id, desc=True)])
    plan = _Plan(from_, T.c.id, where, order, figure)
    if caps is not None and not by_text_index:  # the capability rows joined to the standards alone
        plan.caps, plan.caps_where, plan.id_sets = caps, caps_where, id_sets
        if institutes is None and not any(by_institute.values()) and not (
                cr.code_prefix or cr.grade or cr.recognised_by_own):
            plan.caps_alone = cr
    if text_path and dialect == "sqlite":
        plan.match = match
    if text_alone:
        plan.text_only = (index, cr.terms)
        plan.text_count = candidates
    # in a place, the institutes' ids, which the summary's and the documents' rows hold (revision 0018)
    if pg_caps:
        plan.pg_caps, plan.pg_institutes = cr, institutes  # its text: plan.id_sets, as _rows_page's
        plan.pg_text_first = bool(id_sets) and _pg_text_first(conn, cr, id_sets, institutes)
    if pg_text_on:
        plan.pg_text_on = (cr.terms, cr.valid_on, cr.on)
        plan.pg_institutes, plan.pg_within = institutes, within
        plan.pg_recognised = cr.on if cr.recognised_by_own else None
    return plan


#: A standards filter that leaves at most this many (its institutes' standards, or the text's
#: matches below :data:`ESTIMATE_CAP`) narrows the capability rows before they are grouped.
FEW_STANDARDS = 20000


def _few_standards(conn: Connection, institutes: list[int] | None, match: str | None,
                   candidates: int | None) -> Select[Any] | None:
    """SQLite: the ids a selective standards filter leaves (a select), else None. The
    capability rows of a quantity are grouped per standard before the join: 388 matches in
    two provinces grouped the region's 25,000 pressure standards for them (60 ms)."""
    if conn.dialect.name != "sqlite":
        return None
    if institutes is not None and sum(planner.stats(conn).by_institute.get(i, 0) for i in institutes) <= FEW_STANDARDS:
        return select(S.c.id).where(S.c.institute_id.in_(institutes))
    if match is not None and candidates is not None and candidates < ESTIMATE_CAP:
        fts = table(INDEXES["standard"].fts, column("rowid"))
        return select(fts.c.rowid).where(literal_column(fts.name).op("MATCH")(bindparam(None, match)))
    return None


#: PostgreSQL, a search read from the documents or the capability rows' summary, which hold each
#: standard's institute (revision 0018): a place's standards are read alone for the text when at
#: most this many; else the text's documents from its index, filtered by their institute. Read
#: alone, each document is looked up by its standard's id and checked by LIKE, about ten times a
#: document from the index (text 压力 recognised by own, two institutes' 15,595 standards: 111 ms
#: in ``EXPLAIN ANALYZE`` at load 5, where the term's 35,134 documents from the bigram index took
#: 15-20): the bound is where a broad term's documents cost as much.
FEW_PLACE_DOCUMENTS = 2000


def _few_institute_standards(conn: Connection, institutes: list[int] | None,
                             bound: int = FEW_STANDARDS) -> Select[Any] | None:
    """PostgreSQL: the standards of the institutes a search is narrowed to, as a select, when
    they are at most ``bound`` (counted up to one more); else None. A text term's rows are then
    read for them alone (:func:`textindex.matching_ids`), :func:`_few_standards`' counterpart
    for text."""
    if institutes is None or conn.dialect.name != "postgresql":
        return None
    theirs = select(S.c.id).where(_pg_among(S.c.institute_id, institutes))
    counted = select(func.count()).select_from(theirs.limit(bound + 1).subquery())
    return theirs if int(conn.execute(counted).scalar_one()) <= bound else None


def _capability_conds(cr: Criteria, within: Select[Any] | None = None, rows: Any = CAP) -> list[ColumnElement[bool]]:
    """The capability rows that may answer: of the quantity, covering the range (and of the
    standards ``within``, when given). ``rows``: the capability table, or its summary (:data:`CR`)."""
    conds = [rows.c.quantity == cr.quantity] if cr.quantity is not None else []
    if within is not None:
        conds.append(rows.c.standard_id.in_(within))
    low = cr.low if cr.low is not None else cr.high
    high = cr.high if cr.high is not None else cr.low
    if low is not None and high is not None:
        conds += [rows.c.range_min <= low + abs(low) * _EPS, rows.c.range_max >= high - abs(high) * _EPS]
    return conds


def _pg_capability_matches(plan: _Plan) -> tuple[Any, list[ColumnElement[Any]]] | None:
    """PostgreSQL: the matches of ``plan.pg_caps`` from the capability rows' summary alone
    (revision 0016, ``storage.searchindex.PG_CAP_TABLE``), with their ranking keys, and the
    ranking's ORDER BY; None when the search has other filters of the standards.

    The general plan grouped the capability rows per standard (:func:`_capability_matches`)
    and joined the groups to ``standard`` for validity and the end of validity: the planner
    hash-joined them to a scan of every standard ("temperature 20~300 ℃, U <= 0.05 ℃ valid
    on": 10,844 groups, 206,000 standards scanned, 130 ms of server CPU at load 4.5). Each
    summary row holds its standard's validity, so the same groups come with their keys from one
    index: valid on the date (``valid_from <= D AND valid_until >= D``, the standard's
    :func:`_valid_cond`), valid today to rank, the end of validity; 30 ms. Same matches, same
    order: the keys are the plan's (``plan.order``), the figure and the limit
    :func:`_capability_matches`', the text's ids those of the plan (``_held_by``).

    Free text without a date came from a page read group by group of the rows' keys (the
    best groups' standards then looked up in ``standard`` for validity: 1,807 look-ups for the
    first group of 压力 + pressure 0~1 MPa + Urel 0.1 %); it is read here in one statement, on a
    date or not (and a first page from the rows, :func:`_rows_page`). The text's ids are joined to the rows before they are grouped when the text is
    the rarer (``plan.pg_text_first``), else to the groups (docs/benchmarks.md, ninth round)."""
    cr = plan.pg_caps
    if cr is None:
        return None
    rows = _summary_rows(plan, cr, "postgresql", text=plan.pg_text_first)
    # a standard's validity is the same in each of its rows (written for all of them by one
    # statement): grouped by, not aggregated, and "valid today" judged once a group, not a row
    # (with bool_or for count() < count(): temperature 20~300 ℃ 26.6 -> 23.1 ms of server CPU).
    # Rows of one standard with different validity are a damaged summary (``search-index`` and
    # ``check`` report them): such a standard would be listed once for each. Only the rows that
    # answer are grouped; the best of them ranks the standard (:func:`_capability_matches`)
    valid_today = case((and_(rows.c.valid_from <= cr.on, rows.c.valid_until >= cr.on), 0), else_=1)
    grouped = (select(rows.c.standard_id.label("id"), valid_today.label("k0"), _pg_best_row(rows).label("best"),
                      rows.c.valid_until)
               .where(*_answering(rows.c.figure, cr))
               .group_by(rows.c.standard_id, rows.c.valid_from, rows.c.valid_until))
    if plan.id_sets and not plan.pg_text_first:
        # the groups joined to the text's ids (the rows grouped first)
        by_standard = grouped.subquery("caps_grouped")
        grouped = select(*by_standard.c)
        for n, (_c, ids) in enumerate(plan.id_sets):
            grouped = _held_by(grouped, by_standard, by_standard.c.id, ids, "postgresql", n)
    best = grouped.subquery("caps_best")
    g = select(best.c.id, best.c.k0, *_best_columns(best.c.best[1], best.c.best[2]),
               best.c.valid_until).subquery("caps_summary")
    order: list[ColumnElement[Any]] = [g.c.k0.asc()]
    for key in plan.order[1:-2]:  # the rows' keys: the best figure, the tightest span
        order.append(key.clause(g.c[key.expr.name]))
    order += [g.c.valid_until.desc(), g.c.id.desc()]
    return g, order


def _summary_rows(plan: _Plan, cr: Criteria, dialect: str, text: bool = True) -> Any:
    """The summary's rows (:data:`CR`) that may answer ``cr`` (:func:`_pg_summary_conds`), each
    with its figure and span beside its standard's validity, as a subquery; ``text``: narrowed
    to the standards of the plan's free text (:func:`_held_by`; else the caller joins the text).

    The rows stay a subquery of their own (SQLite: LIMIT -1; PostgreSQL: OFFSET 0): pulled up
    into the grouping or the sort, the figure was computed again from the columns (min and
    count: twice a row)."""
    figure = cmp.row_figure(CR.c, cr.max_uncertainty, cr.low, cr.high)
    if isinstance(figure, Null):
        figure = cast(figure, Float)
    each = (select(CR.c.standard_id, figure.label("figure"), (CR.c.range_max - CR.c.range_min).label("span"),
                   CR.c.valid_from, CR.c.valid_until).where(*_pg_summary_conds(cr, plan.pg_institutes)))
    if text:
        # "+ 0": the text's ids only probed, never driving through the summary's index of standard
        # ids (PostgreSQL: hash-joined; looked up one by one, 29,794 ids of 压力, the planner
        # expecting 200 of them: 60 -> 460 ms; SQLite: each row's standard looked for in the
        # list, 41-44 -> 32-33 ms: docs/benchmarks.md, second night)
        for n, (_c, ids) in enumerate(plan.id_sets):
            each = _held_by(each, CR, CR.c.standard_id + 0, ids, dialect, n)
    return (each.limit(-1) if dialect == "sqlite" else each.offset(0)).subquery("cap_rows")


#: The first page of a capability search is read from the rows (:func:`_rows_page`) with at
#: first this many rows for each standard the page needs (then twice as many, as long as the
#: rows read hold too few standards).
ROWS_PER_STANDARD = 2


def _rows_page(conn: Connection, plan: _Plan, offset: int, limit: int | None, counted: bool = False
               ) -> tuple[list[int], tuple[int, int | None] | None] | None:
    """The ids of a page of a capability search whose other filters are a date and free text
    (``plan.caps_alone``), read from the summary's rows without grouping them, and with
    ``counted`` its counts (matches, of which not comparable; None past the last
    match); None for any other search, or a page ending past :data:`TOP_LAST` (the full
    ranking then).

    Each row carries its standard's whole ranking key (valid today, the row's figure and span,
    the standard's end of validity and id) and the date filter, and a standard ranks by its
    best row (:func:`_capability_matches`): so the standards in the order of their rows' keys,
    each at its first row, are the ranking. The rows that answer are sorted by their keys with
    a bounded sort (``ORDER BY ... LIMIT n``: no temporary B-tree of every match, no grouping)
    and their distinct standards taken in order; when ``n`` rows hold fewer standards than the
    page's end (a standard's rows tie), ``n`` is doubled. The grouping of some 30,000 rows
    into 14,000 standards and their validity looked up took 31-35 ms of SQLite's CPU for the
    app's first block (docs/benchmarks.md, third night). Counted, the rows that answer are
    written once (a materialised CTE) and both the page and the counts read from them: as two
    statements, the rows and a text's ids were read twice (text 压力 + pressure 0~1 MPa + Urel
    0.1 %: 44 -> 25 ms); on PostgreSQL too, where the page and :func:`_rows_count` scanned the
    summary's index twice (pressure 0~60 MPa, U <= 0.05 % on a date at 1,000,000 standards:
    228 + 273 -> 217 ms in ``EXPLAIN ANALYZE`` at load 7)."""
    cr = plan.caps_alone
    if cr is None or limit is None or offset + limit > TOP_LAST:
        return None
    if conn.dialect.name == "postgresql" and plan.id_sets and not plan.pg_text_first:
        return None  # a text broader than the rows: joined to the groups (the ninth round's plan)
    end = offset + limit
    rows = _summary_rows(plan, cr, conn.dialect.name)
    answering = select(rows.c.standard_id, rows.c.figure, rows.c.span, rows.c.valid_from,
                       rows.c.valid_until).where(*_answering(rows.c.figure, cr))
    src = answering.cte("answering").prefix_with("MATERIALIZED") if counted else answering.subquery("answering")
    # the plan's keys (valid today, the rows' figure and span, end of validity, id) of each row
    exprs = [case((and_(src.c.valid_from <= cr.on, src.c.valid_until >= cr.on), 0), else_=1),
             *(src.c[key.expr.name] for key in plan.order[1:-2]), src.c.valid_until, src.c.standard_id]
    n = ROWS_PER_STANDARD * end
    while True:
        ranked = (select(src.c.standard_id, *(x.label(f"k{i}") for i, x in enumerate(exprs)))
                  .order_by(*(key.clause(x) for key, x in zip(plan.order, exprs))).limit(n))
        counts: tuple[int, int | None] | None = None
        if counted:
            page = ranked.subquery("page")
            per = select(func.min(src.c.figure).label("figure")).group_by(src.c.standard_id).subquery("per_standard")
            totals = select(func.count().label("n"), (func.count() - func.count(per.c.figure)).label("nc")).subquery()
            got = conn.execute(select(page.c.standard_id, totals.c.n, totals.c.nc).select_from(totals)
                               .join(page, literal(True))
                               .order_by(*(key.clause(page.c[f"k{i}"]) for i, key in enumerate(plan.order)))).all()
            if got:
                counts = int(got[0][1]), (int(got[0][2]) if plan.figure is not None else None)
        else:
            got = conn.execute(ranked).all()
        ids = list(dict.fromkeys(int(r[0]) for r in got))
        if len(ids) >= end or len(got) < n:
            return ids[offset:end], counts
        n *= 2


def _rows_count(conn: Connection, plan: _Plan) -> tuple[int, int | None] | None:
    """The counts of a search :func:`_rows_page` reads (matches, of which not comparable), from
    the summary's rows grouped per standard by their best figure alone (no look-up of a
    standard; on PostgreSQL no array of each row's keys, which ranking the groups needs); None
    for another search. PostgreSQL's page with its total, read so, took voltage 1~500 V valid on
    21-23 -> 30-31 ms of CPU as the summary's one statement with those arrays (docs/benchmarks.md,
    third night)."""
    cr = plan.caps_alone
    if cr is None or (conn.dialect.name == "postgresql" and plan.id_sets and not plan.pg_text_first):
        return None
    rows = _summary_rows(plan, cr, conn.dialect.name)
    per = (select(func.min(rows.c.figure).label("figure")).where(*_answering(rows.c.figure, cr))
           .group_by(rows.c.standard_id).subquery("per_standard"))
    row = conn.execute(select(func.count(), func.count() - func.count(per.c.figure))).one()
    return int(row[0]), (int(row[1]) if plan.figure is not None else None)


def _pg_summary_conds(cr: Criteria, institutes: list[int] | None = None) -> list[ColumnElement[bool]]:
    """The summary's rows (:data:`CR`) that may answer ``cr``: of the quantity, covering the
    range, of a standard valid on the date when it asks for one, and of one of ``institutes``
    when given (a place: revision 0018 holds each row's institute, at the end of the covering
    index, so the entries are filtered there; pressure at 500 kPa in 江苏/浙江 looked every group
    up in ``standard`` for its institute)."""
    conds = _capability_conds(cr, rows=CR)
    if cr.valid_on:
        conds += [CR.c.valid_from <= cr.valid_on, CR.c.valid_until >= cr.valid_on]
    if institutes is not None:
        conds.append(_pg_among(CR.c.institute_id, institutes))
    return conds


def _pg_among(col: Any, ids: Sequence[int]) -> ColumnElement[bool]:
    """PostgreSQL: ``col = ANY(:ids)``, the ids one array parameter: what ``IN (...)`` of as many
    parameters plans to (a scalar array condition), in a statement that :func:`_pg_text_first`
    can send to ``EXPLAIN`` as it is (an expanding ``IN`` is rendered only at execution)."""
    return col == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))  # type: ignore[no-any-return]


def _pg_text_first(conn: Connection, cr: Criteria, id_sets: list[tuple[ColumnElement[bool], Select[Any]]],
                   institutes: list[int] | None = None) -> bool:
    """Whether a summary search (:func:`_pg_capability_matches`) joins the text's ids to the
    capability rows before grouping them (True) or to the groups (False), decided by the
    planner's own estimates (one ``EXPLAIN``, nothing run): the text's ids against the rows.

    Joined first, every row is probed against the ids and only the text's rows are grouped:
    the rare text wins (出租汽车计价器, 3,617 ids, + pressure: 70,494 rows grouped for 58
    standards, 85 -> 55 ms of CPU). A broad text (压力, 29,794 ids) over fewer rows (pressure
    0~1 MPa: 28,930 rows, every one of a standard holding 压力) gains nothing from the probe, and
    the planner, misjudging how many rows the join keeps, merge-joined them with two sorts
    (53 -> 67 ms); grouped first, the 7,228 groups are hashed and the ids probe them."""
    rows = select(CR.c.standard_id).where(*_pg_summary_conds(cr, institutes))
    stmt = union_all(*(select(list(ids.subquery().c)[0]) for _c, ids in id_sets), rows)
    compiled = stmt.compile(conn)
    explained = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params).scalar_one()
    estimates = _union_estimates(explained[0]["Plan"])
    if len(estimates) != len(id_sets) + 1:  # a plan not read as expected: the order is speed, never the answer
        return False
    return min(estimates[:-1]) < estimates[-1]


def _union_estimates(node: dict[str, Any]) -> list[float]:
    """Each part's estimated rows in the union's plan: its ``Append``, under the ``Gather`` a
    server planning in parallel puts above it (PostgreSQL's default settings do; review 9 found
    the top node read as the Append, and every such search failing)."""
    while node.get("Node Type") in ("Gather", "Gather Merge") and len(node.get("Plans", ())) == 1:
        node = node["Plans"][0]
    if node.get("Node Type") != "Append":
        return []
    return [float(part["Plan Rows"]) for part in node.get("Plans", ())]


def _pg_dated_text(plan: _Plan, by_index: bool = True
                   ) -> tuple[list[ColumnElement[bool]], list[ColumnElement[Any]]] | None:
    """PostgreSQL, free text (perhaps on a date and in a place) and nothing else
    (``plan.pg_text_on``): the conditions on the standards' documents (:data:`PG_DOCS`) that
    find the matches, and the ranking's ORDER BY; None for any other search.

    On a date the general plan collected the text's ids from the documents and looked each one
    up in ``standard`` to judge its validity on the date and today (砝码 valid on a date: 10,841
    ids, 45,000 buffers, 58 of 86 ms in ``EXPLAIN ANALYZE`` at load 4). Each document row holds
    its standard's validity (revision 0017: ``valid_from``, NULL when suspended or revoked, and
    ``valid_until``, as the capability rows' summary holds them), so the rows the text's index
    points to answer it all: valid on the date is ``valid_from <= D AND valid_until >= D``
    (:func:`_valid_cond`), and the ranking is the general plan's for text (valid today first,
    then the later end of validity, then the newer record), a bounded sort of the matches.
    Without a date this replaced a walk of the standards valid today in order of validity,
    semi-joined to the text's ids and counted apart (出租汽车计价器 31 -> 19 ms of CPU,
    交流电压 42 -> 29; 压力, 29,794 matches, about the same: docs/benchmarks.md, seventh round).

    In a place (``plan.pg_institutes``) each document row holds its standard's institute too
    (revision 0018): the rows the text's index points to are filtered by it, where the text's
    ids were each looked up in ``standard`` (温度 + 浙江); a few institutes' standards
    (``plan.pg_within``) are read alone, each document checked by LIKE, as
    :func:`textindex.matching_ids` reads them. Recognised by the own institute
    (``plan.pg_recognised``), the place is the institutes its decisions name, and each match's
    standard is asked the decisions' question (:func:`recognised.recognised_by_own`: its code's
    discipline, its certificate) in ``standard``: the text's few matches there, not the standards
    of those institutes. ``by_index`` False: the terms checked by LIKE alone (:func:`_pg_walked_page`).
    """
    if plan.pg_text_on is None:
        return None
    terms, on_date, today = plan.pg_text_on
    D = PG_DOCS
    where = pg_document_conds(terms, plan.pg_within, by_index)
    if plan.pg_institutes is not None and plan.pg_within is None:
        where.append(_pg_among(D.c.institute_id, plan.pg_institutes))
    if on_date:
        where += [D.c.valid_from <= on_date, D.c.valid_until >= on_date]
    if plan.pg_recognised is not None:
        # each match's standard asked once (OFFSET 0: not made a join, which the planner, expecting
        # 3 recognised standards of 3,797, drove by a scan of every standard: 239 ms at 200,000)
        where.append(select(S_RECOGNISED.c.id).where(S_RECOGNISED.c.id == D.c.standard_id,
                                                     recognised_by_own(S_RECOGNISED, plan.pg_recognised))
                     .offset(0).exists())
    valid_today = case((and_(D.c.valid_from <= today, D.c.valid_until >= today), 0), else_=1)
    return where, [valid_today, D.c.valid_until.desc(), D.c.standard_id.desc()]


#: PostgreSQL, free text read from the documents: pages ending past this are always sorted whole
#: (a walk's cost grows with the page's end).
WALK_LAST = 500


def _pg_documents_estimate() -> Any:
    """The planner's count of the documents (``pg_class.reltuples``; -1 before the first ANALYZE),
    as a scalar subquery."""
    return literal_column(f"(SELECT reltuples FROM pg_class WHERE oid = '{PG_DOCS.name}'::regclass)")


def _pg_walk_pays(end: int, matches: float, documents: float) -> bool:
    """Whether walking the documents in rank order to the page's ``end`` reads fewer rows than the
    ``matches`` the sort would read: about ``end * documents / matches`` rows are walked (one match
    in ``documents / matches``), each costing about what a match costs the bitmap and the sort
    (出租汽车计价器 at 1,000,000: 2,477 rows walked in 13 ms, 17,665 sorted in 109, at load 7)."""
    return documents > 0 and matches > 0 and end * documents / matches < matches


def _pg_walked_page(conn: Connection, plan: _Plan, offset: int, limit: int | None,
                    counted: tuple[int, float] | None) -> list[int] | None:
    """PostgreSQL, free text read from the documents (:func:`_pg_dated_text`): a page's ids walked
    down the documents' rank index (revision 0020, ``ix_inv_doc_standard_rank``: ``valid_until``,
    ``standard_id``) and stopped at the page's end, when the matches are many enough that this
    reads fewer rows than sorting them all; else None (the bitmap of the text's index and a sort).

    The rank (valid today first, the later end of validity, the newer record) is split as the
    index holds it: the documents valid today (``valid_until >= today`` from the top, ``valid_from
    <= today`` checked), then, when the page reaches past them, the others in the same order. Each
    row walked is checked against the text by LIKE (``by_index`` False), and the date and place of
    the search. ``counted``: (matches, documents) when the total was counted; else the planner's
    estimate of the matches decides. The sort of every match cost a first page in proportion to
    them: 压力 at 1,000,000, 145,815 matches: 185 ms with its total (docs/benchmarks.md)."""
    if limit is None or offset + limit > WALK_LAST or not _pg_may_walk(plan):
        return None
    dated = _pg_dated_text(plan, by_index=False)
    assert dated is not None and plan.pg_text_on is not None
    where, today = dated[0], plan.pg_text_on[2]
    matches, documents = counted if counted is not None else _pg_estimates(conn, plan)
    if not _pg_walk_pays(offset + limit, matches, documents):
        return None
    D = PG_DOCS
    valid = and_(D.c.valid_from <= today, D.c.valid_until >= today)
    ranked = (D.c.valid_until.desc(), D.c.standard_id.desc())
    first = [r[0] for r in conn.execute(_page(select(D.c.standard_id).where(*where, valid).order_by(*ranked),
                                              offset, limit))]
    if len(first) >= limit:
        return first
    if first or offset == 0:
        n_valid = offset + len(first)
    else:  # the page starts past the valid ones: how many they are
        n_valid = int(conn.execute(select(func.count()).select_from(D).where(*where, valid)).scalar_one())
    # the others (NULL dates too: "valid today" is false for them, as the sort's CASE judged it)
    others = or_(D.c.valid_from.is_(None), D.c.valid_until.is_(None), D.c.valid_from > today, D.c.valid_until < today)
    rest = select(D.c.standard_id).where(*where, others).order_by(*ranked)
    return first + [r[0] for r in conn.execute(_page(rest, max(0, offset - n_valid), limit - len(first)))]


def _pg_may_walk(plan: _Plan) -> bool:
    """Whether a documents search's page may be walked (:func:`_pg_walked_page`): not on a date,
    not in a few institutes (``plan.pg_within``: their standards are at most
    :data:`FEW_PLACE_DOCUMENTS`, too few matches to pay), not recognised by the own institute (each
    row walked would be asked the decisions' question in ``standard``; the text's candidates,
    counted first, too: 压力 recognised by own checks 145,815 of them at 1,000,000 for 1,235).

    On a date D the documents ending latest were mostly issued after D (an end of validity
    follows its issue by some years): walked from the top, 砝码 valid on 2026-06-01 read 122,971
    rows failing ``valid_from <= D`` before its 50th match at 1,000,000 (1.1 s, where its sort
    takes 0.1-0.2): a date's search is sorted whole, as before."""
    assert plan.pg_text_on is not None
    return plan.pg_text_on[1] is None and plan.pg_within is None and plan.pg_recognised is None


def _pg_estimates(conn: Connection, plan: _Plan) -> tuple[float, float]:
    """The planner's estimates of a documents search's matches (``EXPLAIN``, nothing run) and of the
    documents, for a page asked without its total."""
    dated = _pg_dated_text(plan)
    assert dated is not None
    stmt = select(PG_DOCS.c.standard_id).where(*dated[0])
    compiled = stmt.compile(conn)
    explained = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params).scalar_one()
    documents = conn.execute(select(_pg_documents_estimate())).scalar_one()
    return float(explained[0]["Plan"]["Plan Rows"]), float(documents or 0)


def _answering(figure: Any, cr: Criteria) -> list[ColumnElement[bool]]:
    """Whether a capability row that covers the range answers the search: with a limit, its
    figure within it, or (unless ``comparable_only``) no figure (it cannot be compared). A
    standard matches when one of its rows answers, and ranks by its best one."""
    if cr.max_uncertainty is None:
        return []
    within = figure <= literal(cr.max_uncertainty.value * (1 + _EPS))
    return [within] if cr.comparable_only else [or_(within, figure.is_(None))]


def _capability_matches(cr: Criteria, dialect: str, within: Select[Any] | None = None) -> Any:
    """Per standard, its capability rows that answer (docs/comparison.md: of the quantity,
    covering the range, :func:`_answering`), ranked by the best of them: ``figure``, its figure
    (within the limit; NULL: it cannot be compared, nor can any of the standard's rows that
    answer), ``not_comparable``: 1 then, ``span``: its range's, the tightest of the rows with
    that figure. ``within``: the ids of the only standards the rest of the search can leave
    (rows of others are not grouped)."""
    conds = _capability_conds(cr, within)
    # Each row's figure once, in a subquery that SQLite may not merge into the grouping (its
    # LIMIT -1: no limit; PostgreSQL needs none): merged, the figure's expression ran three
    # times a row and the grouping's sort carried every column it reads (30,000 rows: 30 -> 25 ms).
    figure = cmp.row_figure(CAP.c, cr.max_uncertainty, cr.low, cr.high)
    if isinstance(figure, Null):  # no figure at all (a range of zeros): typed, or PostgreSQL has no min() of it
        figure = cast(figure, Float)
    each = (select(CAP.c.standard_id, figure.label("figure"), (CAP.c.range_max - CAP.c.range_min).label("span"))
            .where(*conds))
    rows = (each.limit(-1) if dialect == "sqlite" else each).subquery("cap_rows")
    if dialect == "postgresql":
        best = _pg_best_row(rows)
        g = (select(rows.c.standard_id, best.label("best")).where(*_answering(rows.c.figure, cr))
             .group_by(rows.c.standard_id).subquery("caps_best"))
        return select(g.c.standard_id, *_best_columns(g.c.best[1], g.c.best[2])).subquery("caps")
    # SQLite: the tightest span of each of a standard's figures, then the best figure's: min() of
    # one aggregate takes the query's bare columns from the row of the minimum (SQLite's rule for
    # a lone min()), and each (standard, figure) is one row by then
    classes = (select(rows.c.standard_id, rows.c.figure, func.min(rows.c.span).label("span"))
               .where(*_answering(rows.c.figure, cr)).group_by(rows.c.standard_id, rows.c.figure)
               .subquery("cap_classes"))
    return (select(classes.c.standard_id, *_best_columns(func.min(classes.c.figure), classes.c.span))
            .group_by(classes.c.standard_id).subquery("caps"))


def _best_columns(figure: Any, span: Any) -> list[ColumnElement[Any]]:
    """A standard's ranking columns from its best row's figure and span (``not_comparable``: no
    row that answers can be compared)."""
    return [figure.label("figure"), case((figure.is_(None), 1), else_=0).label("not_comparable"), span.label("span")]


def _pg_best_row(rows: Any) -> Any:
    """PostgreSQL: the least (figure, span) of ``rows``' group as one array: arrays compare
    element by element, a NULL after every value (the ranking's NULLS LAST), so its first
    element is the best figure and its second the tightest span among the rows of that figure."""
    return func.min(pg_array([rows.c.figure, rows.c.span]), type_=ARRAY(Float))


def _text_only_ids(conn: Connection, cr: Criteria, plan: _Plan, offset: int, limit: int | None) -> list[int]:
    """Free text (and perhaps a date) alone, on SQLite: the matches valid today straight from the
    index on ``valid_until`` (latest first, no sort: the first page costs a few hundred index
    entries), then, when the page reaches past them, the others. The general plan's order."""
    fts = table(INDEXES["standard"].fts, column("rowid"))
    hits = select(fts.c.rowid).where(literal_column(fts.name).op("MATCH")(bindparam(None, plan.match)))
    V = planner.table_for_index(VALID_INDEX if VALID_INDEX in planner.stats(conn).indexes
                                else "ix_standard_valid_until", conn)
    on_date = [_valid_cond(V, cr.valid_on)] if cr.valid_on else []
    valid = and_(_valid_cond(V, cr.on), *on_date)
    first = [r[0] for r in conn.execute(_page(
        select(V.c.id).where(V.c.id.in_(hits), valid).order_by(V.c.valid_until.desc(), V.c.id.desc()),
        offset, limit))]
    if limit is not None and len(first) >= limit:
        return first
    if limit is None or first or offset == 0:
        n_valid = offset + len(first)
    else:
        n_valid = int(conn.execute(select(func.count()).select_from(V).where(V.c.id.in_(hits), valid)).scalar_one())
    R = planner.table_for("text", conn)
    rest = select(R.c.id).where(R.c.id.in_(hits), ~_valid_cond(R, cr.on),
                                *([_valid_cond(R, cr.valid_on)] if cr.valid_on else [])
                                ).order_by(R.c.valid_until.desc(), R.c.id.desc())
    second = [r[0] for r in conn.execute(_page(rest, max(0, offset - n_valid),
                                               None if limit is None else limit - len(first)))]
    return first + second


def _filtered_institutes(conn: Connection, cr: Criteria) -> list[int] | None:
    """The institutes the province / city / institute / own filters leave (None: no such filter)."""
    conds = _institute_conds(cr)
    if not conds:
        return None
    return [r[0] for r in conn.execute(select(I.c.id).where(*conds))]


#: The display rows of a page, built once (``ids``: an expanding parameter): building and
#: keying a 29-column statement for every page cost more than running it.
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_STANDARD_ROWS = select(
    S.c.id, S.c.uid, S.c.institute_id, I.c.uscc.label("institute_uscc"), I.c.name.label("institute_name"),
    I.c.province, I.c.city, I.c.is_own.label("own"), S.c.certificate_no, S.c.code, S.c.code_temporary, S.c.name,
    S.c.grade, S.c.range_text, S.c.quantity, S.c.range_min, S.c.range_max, S.c.unit, S.c.accuracy_text,
    S.c.accuracy_kind, S.c.accuracy_value, S.c.accuracy_relative, S.c.accuracy_k, S.c.accuracy_class,
    S.c.certificate_authority, S.c.issued_on, S.c.valid_until, S.c.status, S.c.responsible_person,
).select_from(S.join(I, I.c.id == S.c.institute_id)).where(S.c.id.in_(_IDS))
_SERVICES = (select(SV.c.standard_id, SV.c.name, SV.c.procedure, SV.c.kind)
             .where(SV.c.standard_id.in_(_IDS)).order_by(SV.c.standard_id, SV.c.position))


def _standard_rows(conn: Connection, ids: Sequence[int], cr: Criteria,
                   now: dt.datetime | None) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = {r.id: dict(r._mapping) for r in conn.execute(_STANDARD_ROWS, {"ids": list(ids)})}
    services: dict[int, list[dict[str, Any]]] = {}
    for standard_id, name, procedure, kind in conn.execute(_SERVICES, {"ids": list(ids)}):
        services.setdefault(standard_id, []).append({"name": name, "procedure": procedure, "kind": kind})
    prov = institute_provenance(conn, {r["institute_id"] for r in rows.values()}, now)
    by_range = cr.quantity is not None or cr.max_uncertainty is not None
    matched = capability_rows(conn, list(ids), cr) if by_range else {}
    by_text = text_rows(conn, list(ids), cr.terms) if not by_range else {}
    for row in rows.values():
        row["own"] = bool(row["own"])
        row["code_temporary"] = bool(row["code_temporary"])
        row["uncertainty"] = row["accuracy_text"]
        row["uncertainty_value"] = row["accuracy_value"]
        row["uncertainty_kind"] = row["accuracy_kind"]
        row["uncertainty_relative"] = None if row["accuracy_relative"] is None else bool(row["accuracy_relative"])
        row["discipline"] = row["code"][:2] if row["code"] else None
        row["discipline_name"] = _DISCIPLINE_NAMES.get(row["discipline"])
        row["quantity_name"] = _quantity_name(row["quantity"])
        row["valid"] = is_valid_on(row, cr.on)
        row["comparable"] = row["comparability"] = row["comparability_note"] = None
        row["capability"] = row["accuracy_at_range"] = None
        if by_range:
            _show_matched_row(row, matched.get(row["id"], []), cr)
        elif row["id"] in by_text:
            _show_row(row, by_text[row["id"]])
        row["services"] = services.get(row["id"], [])
        row["provenance"] = prov.get(row["institute_id"])
    mark_calibration(conn, list(rows.values()), cr.on)
    return rows


def _show_matched_row(row: dict[str, Any], judged: list[tuple[dict[str, Any], Judgement]], cr: Criteria) -> None:
    """The row that answers the search, its accuracy at the requested range and the basis,
    in place of the standard's own range and accuracy (docs/comparison.md). The basis is a
    :class:`~labregistry.domain.comparison.Note` the edge renders in the user's language
    (issue 17): one object in ``accuracy_at_range`` and ``comparability_note``."""
    if not judged:
        return
    cap, verdict = best_row(judged, cr.max_uncertainty is not None)
    _show_row(row, cap)
    row["accuracy_at_range"] = verdict.note(cr.given_unit)
    if cr.max_uncertainty is not None:
        row["comparable"] = verdict.comparable
        row["comparability"] = verdict.reason
        row["comparability_note"] = row["accuracy_at_range"]


def _show_row(row: dict[str, Any], cap: dict[str, Any]) -> None:
    """A capability row's parameter, range and accuracy in place of the standard's own: the
    row that answered a range search, or whose parameter a text search found."""
    row.update({k: cap[k] for k in ("range_text", "quantity", "range_min", "range_max", "unit")})
    row["uncertainty"] = cap["accuracy_text"]
    row["capability"] = {k: cap[k] for k in ("parameter", "range_text", "accuracy_text", "accuracy_basis")}


#: The fields of a row holding a :class:`~labregistry.i18n.Renderable` (a name in zh and en, a
#: comparison's note), for the edge to render in the user's language before showing the rows
#: (:func:`labregistry.i18n.render_fields`; issue 17). No other field of a row holds one.
RENDERED_FIELDS = ("discipline_name", "quantity_name", "accuracy_at_range", "comparability_note")

#: A row's ``discipline_name`` and ``quantity_name``: names in zh and en the edge renders in the
#: user's language (issue 17), made once and shared by every row (a page builds none).
_DISCIPLINE_NAMES: dict[str, i18n.Label] = {code: i18n.Label(zh, en) for code, (zh, en) in DISCIPLINES.items()}
_QUANTITY_NAMES: dict[str, i18n.Label] = {name: i18n.Label(zh, en) for name, (zh, en) in QUANTITY_NAMES.items()}


def _quantity_name(quantity: str | None) -> i18n.Label | None:
    """The quantity's name (one the table does not know: itself, in both languages)."""
    if not quantity:
        return None
    return _QUANTITY_NAMES.get(quantity) or i18n.Label(quantity, quantity)


# ---------------------------------------------------------------- authorised items


#: With text and an institute filter (SQLite): the institutes' authorisations drive when they
#: are at most this many (their items, about ten each, are read and checked against the
#: text's matches); else the text's matches drive and the institute is checked.
FEW_AUTHORISATIONS = 500


def _authorisations_plan(conn: Connection, cr: Criteria) -> _Plan:
    where: list[ColumnElement[bool]] = []
    institutes = _filtered_institutes(conn, cr)
    by_text = _pg_authorised_by_text(conn, cr)
    if by_text is not None:
        return _authorised_text_plan(cr, institutes, *by_text)
    by_institute = _few_authorisations(conn, institutes) if cr.terms else None
    # SQLite, left to itself with both, sought every (authorisation, text match) pair: 200
    # authorisations x 5,000 matches of 出租汽车计价器 cost 130 ms. "+ 0" keeps a column's
    # index out of the plan, so that one side drives and the other is only checked.
    item_id = AI.c.id + 0 if by_institute else AI.c.id
    for term in cr.terms:
        by_auth = matching_ids(conn, INDEXES["authorisation"], term)
        hits = union(matching_ids(conn, INDEXES["authorisation_item"], term),
                     select(AI.c.id).where(AI.c.authorisation_id.in_(by_auth)))
        where.append(_term_cond(conn, term, id_in(item_id, hits, conn.dialect.name), A.c.institute_id))
    where.extend(_range_conds(AI, cr))
    if cr.form:
        where.append(A.c.form == cr.form)
    if cr.valid_on:
        where.append(_valid_cond(A, cr.valid_on))
    if institutes is not None:  # ids, not a join to the institute for every candidate
        where.append((A.c.institute_id + 0 if by_institute is False else A.c.institute_id).in_(institutes))
    order: list[_Key] = [_Key(case((_valid_cond(A, cr.on), 0), else_=1))]
    if cr.quantity is not None and cr.has_range:
        order.extend(_nulls_last(AI.c.range_max - AI.c.range_min))
    order.extend([_Key(A.c.valid_until, desc=True), _Key(AI.c.id)])
    frm = AI.join(A, A.c.id == AI.c.authorisation_id)
    return _Plan(frm, AI.c.id, where, order)


def _authorisation_conds(cr: Criteria, institutes: list[int] | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if cr.form:
        where.append(A.c.form == cr.form)
    if cr.valid_on:
        where.append(_valid_cond(A, cr.valid_on))
    if institutes is not None:
        where.append(A.c.institute_id.in_(institutes))
    return where


def _pg_authorised_by_text(conn: Connection, cr: Criteria) -> tuple[Any, list[ColumnElement[bool]]] | None:
    """PostgreSQL, authorised items searched by free text without a quantity, no term naming an
    institute: the items the first term finds, with their authorisation's id (a subquery
    ``hits``), and the other terms' conditions on ``hits.id``; else None.

    The items are read once, where the text's index finds them, and joined to their
    authorisation by the id read with them: as a set of item ids (``id = ANY(...)``) each of
    血压计's 8,814 items was looked up again by its id (32,641 buffers, 55 of 149 ms in
    ``EXPLAIN ANALYZE`` at load 6) only to be joined to its authorisation."""
    if conn.dialect.name != "postgresql" or not cr.terms or cr.quantity is not None:
        return None
    if any(institute_ids(conn, term) for term in cr.terms):
        return None
    item, auth = INDEXES["authorisation_item"].own, INDEXES["authorisation"]
    first = cr.terms[0]
    rows = select(AI.c.id, AI.c.authorisation_id)
    hits = union(rows.where(part_holds(conn, item, first)),
                 rows.where(AI.c.authorisation_id.in_(matching_ids(conn, auth, first)))).subquery("hits")
    more = [id_in(hits.c.id, union(matching_ids(conn, INDEXES["authorisation_item"], term),
                                   select(AI.c.id).where(AI.c.authorisation_id.in_(matching_ids(conn, auth, term)))),
                  "postgresql") for term in cr.terms[1:]]
    return hits, more


def _authorised_text_plan(cr: Criteria, institutes: list[int] | None, hits: Any,
                          more: list[ColumnElement[bool]]) -> _Plan:
    """:func:`_authorisations_plan` ranked from the text's items (:func:`_pg_authorised_by_text`):
    the same ranking (valid today, later end of validity, item id)."""
    order = [_Key(case((_valid_cond(A, cr.on), 0), else_=1)), _Key(A.c.valid_until, desc=True), _Key(hits.c.id)]
    frm = hits.join(A, A.c.id == hits.c.authorisation_id)
    return _Plan(frm, hits.c.id, [*more, *_authorisation_conds(cr, institutes)], order)


def _few_authorisations(conn: Connection, institutes: list[int] | None) -> bool | None:
    """SQLite with an institute filter: True when its institutes hold few authorisations
    (:data:`FEW_AUTHORISATIONS`; they drive), False when many (the text drives); None otherwise."""
    if institutes is None or conn.dialect.name != "sqlite":
        return None
    few = select(A.c.id).where(A.c.institute_id.in_(institutes)).limit(FEW_AUTHORISATIONS + 1).subquery()
    return int(conn.execute(select(func.count()).select_from(few)).scalar_one()) <= FEW_AUTHORISATIONS


_AUTHORISATION_ROWS = select(
    AI.c.id, AI.c.authorisation_id, A.c.uid, A.c.institute_id, I.c.uscc.label("institute_uscc"),
    I.c.name.label("institute_name"), I.c.province, I.c.city, I.c.is_own.label("own"), AI.c.name,
    AI.c.range_text, AI.c.quantity, AI.c.range_min, AI.c.range_max, AI.c.unit, AI.c.accuracy_text,
    AI.c.procedure, A.c.certificate_no, A.c.form, A.c.authority, A.c.issued_on, A.c.valid_until, A.c.status,
).select_from(AI.join(A, A.c.id == AI.c.authorisation_id).join(I, I.c.id == A.c.institute_id)
              ).where(AI.c.id.in_(_IDS))


def _authorisation_rows(conn: Connection, ids: Sequence[int], cr: Criteria,
                        now: dt.datetime | None) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = {r.id: dict(r._mapping) for r in conn.execute(_AUTHORISATION_ROWS, {"ids": list(ids)})}
    prov = institute_provenance(conn, {r["institute_id"] for r in rows.values()}, now)
    for row in rows.values():
        row["own"] = bool(row["own"])
        row["uncertainty"] = row["accuracy_text"]
        row["quantity_name"] = _quantity_name(row["quantity"])
        row["valid"] = is_valid_on(row, cr.on)
        row["provenance"] = prov.get(row["institute_id"])
    return rows


# ---------------------------------------------------------------- people


def _credential_conds(conn: Connection, cr: Criteria) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    institutes = _filtered_institutes(conn, cr)
    theirs = _few_institute_staff(conn, institutes)
    staff_within, credentials_within = theirs if theirs is not None else (None, None)
    if cr.credential_kinds:
        where.append(C.c.kind.in_(cr.credential_kinds))
    if cr.valid_on:
        where.append(_credential_valid(cr.valid_on))
    if cr.code_prefix:
        where.append(C.c.id.in_(select(CI.c.credential_id).where(CI.c.discipline == cr.code_prefix[:2])))
    if cr.quantity:
        # People have no quantities: a quantity is looked for in the names of their items (压力 -> 压力表 ...).
        label = QUANTITY_NAMES.get(cr.quantity, (cr.quantity, cr.quantity))[0]
        where.append(id_in(C.c.id, matching_ids(conn, INDEXES["credential"], label, credentials_within),
                           conn.dialect.name))
    for term in cr.terms:
        # one set of credential ids per term, so that the text index drives the query
        by_person = select(C2.c.id).where(C2.c.staff_id.in_(matching_ids(conn, INDEXES["staff"], term, staff_within)))
        parts = [matching_ids(conn, INDEXES["credential"], term, credentials_within), by_person]
        inst = institute_ids(conn, term)
        if inst:
            parts.append(select(C2.c.id).join(ST2, ST2.c.id == C2.c.staff_id).where(ST2.c.institute_id.in_(inst)))
        where.append(id_in(C.c.id, union(*parts), conn.dialect.name))
    if institutes is not None:  # ids, not a join to the institute for every candidate
        where.append(ST.c.institute_id.in_(institutes))
    return where


#: A staff search narrowed to institutes whose people are at most this many reads a text term's
#: rows for their people and credentials alone (:func:`_few_institute_staff`).
FEW_STAFF = 5000


def _few_institute_staff(conn: Connection, institutes: list[int] | None) -> tuple[Select[Any], Select[Any]] | None:
    """PostgreSQL: the people of the institutes a staff search is narrowed to and their
    credentials (two selects of ids), when they are at most :data:`FEW_STAFF` people (counted
    up to one more); else None. A text term's rows are then read for them alone, each checked
    by ILIKE (:func:`textindex.matching_ids`), as :func:`_few_institute_standards` does for
    standards: people 压力 in 浙江 and 安徽 collected the 14,659 credentials of the whole
    region holding 压力 from the bigram index, then looked each up, for 1,000 people."""
    if institutes is None or conn.dialect.name != "postgresql":
        return None
    people = select(ST2.c.id).where(ST2.c.institute_id.in_(institutes))
    counted = select(func.count()).select_from(people.limit(FEW_STAFF + 1).subquery())
    if int(conn.execute(counted).scalar_one()) > FEW_STAFF:
        return None
    return people, select(C2.c.id).where(C2.c.staff_id.in_(people))


def _credential_valid(on: dt.date) -> ColumnElement[bool]:
    return and_(ST.c.status == "active", or_(C.c.issued_on.is_(None), C.c.issued_on <= on), C.c.valid_until >= on)


def _staff_plan(conn: Connection, cr: Criteria) -> _Plan:
    where = _credential_conds(conn, cr)
    valid = func.max(case((_credential_valid(cr.on), 1), else_=0))
    order = [_Key(valid, desc=True), _Key(func.max(C.c.valid_until), desc=True), _Key(ST.c.name), _Key(ST.c.id)]
    frm = C.join(ST, ST.c.id == C.c.staff_id)
    return _Plan(frm, ST.c.id, where, order, group=ST.c.id)


_STAFF_ROWS = select(
    ST.c.id, ST.c.uid, ST.c.institute_id, I.c.uscc.label("institute_uscc"), I.c.name.label("institute_name"),
    I.c.province, I.c.city, I.c.is_own.label("own"), ST.c.name, ST.c.department, ST.c.title, ST.c.status,
).select_from(ST.join(I, I.c.id == ST.c.institute_id)).where(ST.c.id.in_(_IDS))
_CREDENTIALS = (select(C.c.id, C.c.staff_id, C.c.kind, C.c.certificate_no, C.c.registration, C.c.issued_on,
                       C.c.valid_until).where(C.c.staff_id.in_(_IDS)).order_by(C.c.staff_id, C.c.position))
_CREDENTIAL_ITEMS = (select(CI.c.credential_id, CI.c.name, CI.c.discipline).where(CI.c.credential_id.in_(_IDS))
                     .order_by(CI.c.credential_id, CI.c.position))
_INSTITUTE_NAMES = select(I.c.id, I.c.name, I.c.name_en, I.c.city).where(I.c.id.in_(_IDS))


def _staff_rows(conn: Connection, ids: Sequence[int], cr: Criteria,
                now: dt.datetime | None) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = {r.id: dict(r._mapping) for r in conn.execute(_STAFF_ROWS, {"ids": list(ids)})}
    creds: dict[int, list[dict[str, Any]]] = {}
    cred_rows = list(conn.execute(_CREDENTIALS, {"ids": list(ids)}))
    items: dict[int, list[dict[str, Any]]] = {}
    if cred_rows:
        for credential_id, name, discipline in conn.execute(_CREDENTIAL_ITEMS, {"ids": [c.id for c in cred_rows]}):
            items.setdefault(credential_id, []).append({"name": name, "discipline": discipline})
    names = {r.id: (r.name, r.name_en, r.city) for r in conn.execute(
        _INSTITUTE_NAMES, {"ids": sorted({r["institute_id"] for r in rows.values()})})}
    for c in cred_rows:
        cred = {
            "kind": c.kind, "certificate_no": c.certificate_no, "registration": c.registration,
            "issued_on": c.issued_on, "valid_until": c.valid_until, "items": items.get(c.id, []),
            "valid": c.valid_until is not None and c.valid_until >= cr.on
            and (c.issued_on is None or c.issued_on <= cr.on),
        }
        person = rows.get(c.staff_id)
        cred["qualifies"] = person is not None and _qualifies(cred, person, names.get(person["institute_id"]), cr)
        creds.setdefault(c.staff_id, []).append(cred)
    prov = institute_provenance(conn, {r["institute_id"] for r in rows.values()}, now)
    for row in rows.values():
        row["own"] = bool(row["own"])
        all_creds = creds.get(row["id"], [])
        chosen = [c for c in all_creds if c["qualifies"]] or all_creds
        best = max(chosen, key=lambda c: (c["valid"], c["valid_until"] or dt.date.min), default=None)
        row["credential_kind"] = best["kind"] if best else None
        row["certificate_no"] = best["certificate_no"] if best else None
        row["issued_on"] = best["issued_on"] if best else None
        row["valid_until"] = best["valid_until"] if best else None
        row["valid"] = bool(best and best["valid"] and row["status"] == "active")
        row["items"] = list(dict.fromkeys(i["name"] for c in chosen for i in c["items"]))
        row["credentials"] = all_creds
        row["provenance"] = prov.get(row["institute_id"])
    return rows


def _qualifies(cred: dict[str, Any], person: dict[str, Any], institute: tuple[Any, ...] | None,
               cr: Criteria) -> bool:
    """:func:`_credential_conds` for one fetched credential (the page's people only)."""
    if cr.credential_kinds and cred["kind"] not in cr.credential_kinds:
        return False
    if cr.valid_on and not (person["status"] == "active" and cred["valid_until"] is not None
                            and cred["valid_until"] >= cr.valid_on
                            and (cred["issued_on"] is None or cred["issued_on"] <= cr.valid_on)):
        return False
    item_names = [i["name"] or "" for i in cred["items"]]
    if cr.code_prefix and not any(i["discipline"] == cr.code_prefix[:2] for i in cred["items"]):
        return False
    if cr.quantity:
        label = QUANTITY_NAMES.get(cr.quantity, (cr.quantity, cr.quantity))[0]
        if not _holds([cred["certificate_no"], *item_names], label):
            return False
    texts = [cred["certificate_no"], *item_names, person["name"], person["department"], person["title"],
             *(institute or ())]
    return all(_holds(texts, term) for term in cr.terms)


def _holds(texts: Sequence[str | None], term: str) -> bool:
    needles = [v.lower() for v in variants(term)]
    return any(n in (t or "").lower() for t in texts for n in needles)


# ---------------------------------------------------------------- entry points

_PLANS = {"standards": _standards_plan, "authorisations": _authorisations_plan, "staff": _staff_plan}
_ROWS = {"standards": _standard_rows, "authorisations": _authorisation_rows, "staff": _staff_rows}


def _plan(conn: Connection, cr: Criteria) -> _Plan:
    return _PLANS[cr.kind](conn, cr)


def _ids_stmt(plan: _Plan) -> Select[Any]:
    stmt = select(plan.key).select_from(plan.from_).where(*plan.where)
    if plan.group is not None:
        stmt = stmt.group_by(plan.group)
    return stmt.order_by(*(k.clause() for k in plan.order))


def _ids(conn: Connection, cr: Criteria, plan: _Plan, offset: int, limit: int | None) -> list[int]:
    if plan.match is not None and conn.dialect.name == "sqlite":
        return _text_only_ids(conn, cr, plan, offset, limit)
    by_rows = _rows_page(conn, plan, offset, limit)
    if by_rows is not None:
        return by_rows[0]
    summary = _pg_capability_matches(plan)
    if summary is not None:
        g, order = summary
        return [r[0] for r in conn.execute(_page(select(g.c.id).order_by(*order), offset, limit))]
    dated = _pg_dated_text(plan)
    if dated is not None:
        walked = _pg_walked_page(conn, plan, offset, limit, None)
        if walked is not None:
            return walked
        where, order = dated
        return [r[0] for r in conn.execute(_page(select(PG_DOCS.c.standard_id).where(*where).order_by(*order),
                                                 offset, limit))]
    return [r[0] for r in conn.execute(_page(_ids_stmt(plan), offset, limit))]


def search_ids(conn: Connection, cr: Criteria, offset: int = 0, limit: int | None = None) -> list[int]:
    """The ids of the matches in rank order (standards, authorised items or people)."""
    with one_search():
        return _ids(conn, cr, _plan(conn, cr), offset, limit)


def count(conn: Connection, cr: Criteria, plan: _Plan | None = None) -> tuple[int, int | None]:
    """(matches, of which not comparable - None without a maximum uncertainty)."""
    with one_search():
        return _count(conn, cr, plan or _plan(conn, cr))


def _count(conn: Connection, cr: Criteria, plan: _Plan) -> tuple[int, int | None]:
    if plan.text_only is not None:
        quick = plan.text_count if plan.text_count is not None else fts_count(conn, *plan.text_only)
        if quick is not None:
            return quick, None
    by_rows = _rows_count(conn, plan)
    if by_rows is not None:
        return by_rows
    summary = _pg_capability_matches(plan)
    if summary is not None:
        g = summary[0]
        row = conn.execute(select(func.count(), func.count() - func.count(g.c.figure))).one()
        return int(row[0]), (int(row[1]) if plan.figure is not None else None)
    dated = _pg_dated_text(plan)
    if dated is not None:
        return int(conn.execute(select(func.count()).select_from(PG_DOCS).where(*dated[0])).scalar_one()), None
    if plan.group is not None:
        inner = select(plan.key).select_from(plan.from_).where(*plan.where).group_by(plan.group).subquery()
        return int(conn.execute(select(func.count()).select_from(inner)).scalar_one()), None
    cols: list[Any] = [func.count()]
    if plan.figure is not None:
        cols.append(func.coalesce(func.sum(case((plan.figure.is_(None), 1), else_=0)), 0))
    stmt = select(*cols).select_from(plan.from_).where(*plan.where)
    row = conn.execute(stmt).one()
    return int(row[0]), (int(row[1]) if plan.figure is not None else None)


def _materialised_page(plan: _Plan) -> Select[Any]:
    """The page and the counts from one pass over the matches (SQLite).

    The matches and their ranking keys are written once to a materialised CTE, counted from
    it, and ranked from it with a bounded sort: ``count(*) OVER ()`` sorted every match, and
    computed the keys (the accuracy figure among them) again for the sort."""
    keys = [k.expr.label(f"k{i}") for i, k in enumerate(plan.order)]
    inner = select(plan.key.label("id"), *keys).select_from(plan.from_).where(*plan.where)
    if plan.group is not None:
        inner = inner.group_by(plan.group)
    figure_key = next((i for i, k in enumerate(plan.order) if k.expr is plan.figure), None)
    if plan.figure is not None and figure_key is None:
        inner = inner.add_columns(plan.figure.label("figure"))
    m = inner.cte("matches").prefix_with("MATERIALIZED")
    # both counts in one pass over the matches (two scalar subqueries read them twice)
    counted: list[Any] = [func.count().label("n")]
    if plan.figure is not None:
        figure = m.c[f"k{figure_key}"] if figure_key is not None else m.c.figure
        counted.append((func.count() - func.count(figure)).label("not_comparable"))
    counts = select(*counted).select_from(m).subquery("counts")
    return (select(m.c.id, *counts.c).select_from(counts).join(m, literal(True))
            .order_by(*(k.clause(m.c[f"k{i}"]) for i, k in enumerate(plan.order))))


#: A capability search's pages ending past this take the full ranking (:func:`_rows_page`).
TOP_LAST = 500


def _held_by(stmt: Select[Any], source: Any, key: Any, ids: Select[Any], dialect: str, n: int) -> Select[Any]:
    """``stmt`` (a select from ``source``) narrowed to the rows whose standard (``key``) is among
    the text's ``ids`` (:func:`_summary_rows`). On PostgreSQL the ids
    collected once (a materialised CTE) and hash-joined: as ``= ANY(ARRAY(...))`` the planner
    looked the capability rows up again by each of the ids' standards (压力 + pressure 0~1 MPa +
    Urel 0.1 %: 29,794 ids, 36,158 rows read by id: 214 -> 84 ms in ``EXPLAIN ANALYZE`` at load
    5). Checking the term in each group's document instead (the rows driving: 7,228 look-ups of
    a document by id) took 120 ms there. Joined, not ``IN``: the ids are the standards'
    documents' keys (``textindex.matching_ids`` reads one row per standard), each once, and
    ``IN`` made the planner make them distinct again first (a hash of 29,794 ids: the group
    statement 46 -> 36-41 ms of CPU at load 4)."""
    if dialect != "postgresql":
        return stmt.where(id_in(key, ids, dialect))
    found = ids.cte(f"text_ids_{n}").prefix_with("MATERIALIZED")
    return stmt.join_from(source, found, list(found.c)[0] == key)


def rows_by_ids(conn: Connection, cr: Criteria, ids: Sequence[int],
                now: dt.datetime | None = None) -> dict[int, dict[str, Any]]:
    """Display rows (with provenance and, for standards, comparability) keyed by id. Their
    names and notes (:data:`RENDERED_FIELDS`) are :class:`~labregistry.i18n.Renderable`: the
    edge renders the rows it shows (:func:`labregistry.i18n.render_fields`; issue 17)."""
    return _ROWS[cr.kind](conn, ids, cr, now)


def search(conn: Connection, cr: Criteria, *, offset: int = 0, limit: int | None = 50, with_total: bool = True,
           now: dt.datetime | None = None) -> SearchPage:
    """One ranked page of matches; ``limit=None`` returns them all. Its rows hold names and
    notes for the edge to render (:func:`rows_by_ids`)."""
    with one_search():
        return _search(conn, cr, offset, limit, with_total, now)


def _search(conn: Connection, cr: Criteria, offset: int, limit: int | None, with_total: bool,
            now: dt.datetime | None) -> SearchPage:
    plan = _plan(conn, cr)
    total: tuple[int, int | None] | None = None
    if with_total and limit is not None and plan.match is None:
        # count in the same pass (a window over the matches): one filtering pass instead of
        # two (free text alone has its own path, and its count from the text index)
        ids, total = _ids_with_total(conn, plan, offset, limit)
    else:
        ids = _ids(conn, cr, plan, offset, limit)
    by_id = rows_by_ids(conn, cr, ids, now)
    page = SearchPage(cr.kind, [by_id[i] for i in ids if i in by_id], offset, limit, criteria=cr)
    if with_total:
        if total is not None:
            page.total, page.not_comparable = total
        elif limit is None or (offset == 0 and len(ids) < limit):
            page.total = len(ids)
            if plan.figure is not None:
                page.not_comparable = sum(1 for r in page.rows if r.get("comparable") is False)
        else:
            page.total, page.not_comparable = _count(conn, cr, plan)
    return page


def _ids_with_total(conn: Connection, plan: _Plan, offset: int, limit: int) -> tuple[list[int], Any]:
    dated = _pg_dated_text(plan)
    if dated is not None:
        where, order = dated
        if offset + limit <= WALK_LAST and _pg_may_walk(plan):  # counted apart, then walked when that is cheaper
            total, documents = conn.execute(select(func.count(), _pg_documents_estimate())
                                            .select_from(PG_DOCS).where(*where)).one()
            ids = _pg_walked_page(conn, plan, offset, limit, (int(total), float(documents or 0)))
            if ids is None:
                ids = [r[0] for r in conn.execute(_page(select(PG_DOCS.c.standard_id).where(*where)
                                                        .order_by(*order), offset, limit))]
            return ids, (int(total), None)
        rows = conn.execute(_page(select(PG_DOCS.c.standard_id, func.count().over()).where(*where).order_by(*order),
                                  offset, limit)).all()
        return [r[0] for r in rows], ((int(rows[0][1]), None) if rows else None)  # past the end: counted apart
    by_rows = _rows_page(conn, plan, offset, limit, counted=True)
    if by_rows is not None:  # the page and the counts from the rows (past the end: counted apart)
        return by_rows
    summary = _pg_capability_matches(plan)
    if summary is not None:
        g, order = summary
        counted: list[Any] = [g.c.id, func.count().over()]
        if plan.figure is not None:
            counted.append(func.sum(case((g.c.figure.is_(None), 1), else_=0)).over())
        rows = conn.execute(_page(select(*counted).order_by(*order), offset, limit)).all()
        if not rows:
            return [], None  # past the end: counted separately
        return [r[0] for r in rows], (int(rows[0][1]), int(rows[0][2]) if plan.figure is not None else None)
    if conn.dialect.name == "sqlite":
        stmt = _materialised_page(plan)
    else:
        stmt = _ids_stmt(plan).add_columns(func.count().over())
        if plan.figure is not None:
            stmt = stmt.add_columns(func.sum(case((plan.figure.is_(None), 1), else_=0)).over())
    rows = conn.execute(_page(stmt, offset, limit)).all()
    if not rows:
        return [], None  # past the end: counted separately
    first = rows[0]
    return [r[0] for r in rows], (int(first[1]), int(first[2]) if plan.figure is not None else None)
