"""Paged list queries over the three record kinds, for tables and ``list``.

The table views follow Anki's browser: they ask for the sorted ids of the rows that
match (cheap: integers only), then fetch the columns of just the visible rows with
``rows_by_ids``. Nothing here loads whole records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Result, Select, and_, case, func, or_, select
from sqlalchemy.orm import Mapped, Session, aliased
from sqlmodel import col

from labregistry.storage.models import (
    Authorisation,
    AuthorisationItem,
    Capability,
    Credential,
    Institute,
    Instrument,
    Service,
    Staff,
    Standard,
)

KINDS = ("standards", "authorisations", "staff")


@dataclass(frozen=True)
class RecordQuery:
    """Which rows a list shows, and in which order."""

    kind: str = "standards"
    own_only: bool = False
    institute_uscc: str | None = None
    text: str = ""
    expiring_within: int | None = None  # valid_until <= today + days, already expired included (not revoked)
    today: dt.date | None = None
    status: str | None = None
    sort: str | None = None
    descending: bool = False


def _instrument_due(role: str, label: str) -> Any:
    """The earliest calibration due date of a standard's instruments of ``role`` (a correlated
    subquery: cheap for a page of rows, through the index on ``instrument.standard_id``)."""
    return (
        select(func.min(col(Instrument.calibration_due)))
        .where(col(Instrument.standard_id) == col(Standard.id), col(Instrument.role) == role)
        .correlate(Standard)
        .scalar_subquery()
        .label(label)
    )


def _main_instruments() -> Any:
    return (
        select(func.count())
        .where(col(Instrument.standard_id) == col(Standard.id), col(Instrument.role) == "main")
        .correlate(Standard)
        .scalar_subquery()
        .label("main_instruments")
    )


def _institute_columns() -> list[Any]:
    """The holder's columns every list shows beside its own (joined in :func:`_base`)."""
    return [
        col(Institute.uscc).label("institute_uscc"),
        col(Institute.name).label("institute_name"),
        col(Institute.province).label("province"),
        col(Institute.city).label("city"),
    ]


def _standard_columns() -> list[Any]:
    return [
        col(Standard.id),
        col(Standard.uid),
        *_institute_columns(),
        col(Standard.certificate_no),
        col(Standard.code),
        col(Standard.code_temporary),
        col(Standard.name),
        col(Standard.grade),
        col(Standard.range_text),
        col(Standard.quantity),
        col(Standard.range_min),
        col(Standard.range_max),
        col(Standard.unit),
        col(Standard.accuracy_text),
        col(Standard.accuracy_kind),
        col(Standard.accuracy_value),
        col(Standard.issued_on),
        col(Standard.valid_until),
        col(Standard.status),
        col(Standard.responsible_person),
        # what the instrument rule (domain.usability) needs of each row
        _instrument_due("main", "main_calibration_due"),
        _instrument_due("ancillary", "ancillary_calibration_due"),
        _main_instruments(),
    ]


def _authorisation_columns() -> list[Any]:
    item_count = (
        select(func.count())
        .where(col(AuthorisationItem.authorisation_id) == col(Authorisation.id))
        .correlate(Authorisation)
        .scalar_subquery()
    )
    return [
        col(Authorisation.id),
        col(Authorisation.uid),
        *_institute_columns(),
        col(Authorisation.certificate_no),
        col(Authorisation.form),
        col(Authorisation.authority),
        col(Authorisation.issued_on),
        col(Authorisation.valid_until),
        col(Authorisation.status),
        item_count.label("item_count"),
    ]


_MainCredential = aliased(Credential)


def _staff_columns() -> list[Any]:
    return [
        col(Staff.id),
        col(Staff.uid),
        *_institute_columns(),
        col(Staff.name),
        col(Staff.department),
        col(Staff.title),
        col(Staff.status),
        col(_MainCredential.kind).label("credential_kind"),
        col(_MainCredential.certificate_no).label("certificate_no"),
        col(_MainCredential.issued_on).label("issued_on"),
        col(_MainCredential.valid_until).label("valid_until"),
    ]


def _base(kind: str, columns: list[Any]) -> Select[Any]:
    if kind == "standards":
        return select(*columns).join(Institute, col(Institute.id) == col(Standard.institute_id))
    if kind == "authorisations":
        return select(*columns).join(Institute, col(Institute.id) == col(Authorisation.institute_id))
    if kind == "staff":
        return (
            select(*columns)
            .select_from(Staff)
            .join(Institute, col(Institute.id) == col(Staff.institute_id))
            .outerjoin(
                _MainCredential,
                and_(col(_MainCredential.staff_id) == col(Staff.id), col(_MainCredential.position) == 0),
            )
        )
    raise ValueError(f"unknown kind {kind}")


def _entity(kind: str) -> Any:
    return {"standards": Standard, "authorisations": Authorisation, "staff": Staff}[kind]


def _valid_until(kind: str) -> Any:
    return col(_MainCredential.valid_until) if kind == "staff" else _entity(kind).valid_until


def _filtered(q: RecordQuery, columns: list[Any]) -> Select[Any]:
    stmt = _base(q.kind, columns)
    entity = _entity(q.kind)
    if q.own_only:
        stmt = stmt.where(col(Institute.is_own).is_(True))
    if q.institute_uscc:
        stmt = stmt.where(col(Institute.uscc) == q.institute_uscc)
    if q.status:
        stmt = stmt.where(entity.status == q.status)
    if q.expiring_within is not None:
        # a reminder: what ends within the window and what has already ended (still to renew);
        # a revoked certificate is not renewed, nor is the credential of someone who left
        today = q.today or dt.date.today()
        until = today + dt.timedelta(days=q.expiring_within)
        stmt = stmt.where(_valid_until(q.kind) <= until)
        stmt = stmt.where(entity.status == "active" if q.kind == "staff" else entity.status != "revoked")
    if q.text.strip():
        stmt = stmt.where(_text_filter(q.kind, q.text.strip()))
    return stmt


def _text_filter(kind: str, text: str) -> Any:
    pattern = f"%{_escape_like(text)}%"
    cols: list[Mapped[str] | Mapped[str | None]]
    if kind == "standards":
        cols = [
            col(Standard.name), col(Standard.certificate_no), col(Standard.code), col(Standard.range_text)
        ]
    elif kind == "authorisations":
        cols = [col(Authorisation.certificate_no), col(Authorisation.authority)]
    else:
        cols = [col(Staff.name), col(Staff.department), col(_MainCredential.certificate_no)]
    return or_(*(c.like(pattern, escape="\\") for c in cols), col(Institute.name).like(pattern, escape="\\"))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def sort_columns(kind: str) -> list[str]:
    """Column keys a list can be sorted by."""
    return [c.key for c in _columns(kind)]


def _columns(kind: str) -> list[Any]:
    return {"standards": _standard_columns, "authorisations": _authorisation_columns, "staff": _staff_columns}[
        kind
    ]()


def _order(q: RecordQuery, columns: list[Any]) -> list[Any]:
    entity = _entity(q.kind)
    by_key = {c.key: c for c in columns}
    key = q.sort or ("name" if q.kind == "staff" else "certificate_no")
    column = by_key.get(key)
    if column is None:
        raise ValueError(f"cannot sort {q.kind} by {key}")
    primary = column.desc() if q.descending else column.asc()
    return [primary, entity.id.desc() if q.descending else entity.id.asc()]


def count(session: Session, q: RecordQuery) -> int:
    sub = _filtered(q, [_entity(q.kind).id]).subquery()
    return int(session.execute(select(func.count()).select_from(sub)).scalar_one())


def ids(session: Session, q: RecordQuery) -> list[int]:
    """The ids of every matching row, sorted: what a table model keeps in memory."""
    columns = _columns(q.kind)
    entity = _entity(q.kind)
    stmt = _filtered(q, columns).with_only_columns(entity.id).order_by(*_order(q, columns))
    return [r[0] for r in session.execute(stmt)]


def rows_by_ids(
    session: Session, kind: str, row_ids: Sequence[int], today: dt.date | None = None
) -> dict[int, dict[str, Any]]:
    """List columns of the given rows, keyed by id (for a table model's visible page);
    ``today``: the day overdue ancillary equipment is named for (default: today)."""
    if not row_ids:
        return {}
    entity = _entity(kind)
    stmt = _base(kind, _columns(kind)).where(entity.id.in_(list(row_ids)))
    rows = {int(r["id"]): r for r in _dicts(session.execute(stmt))}
    if kind == "standards":
        _add_ancillary_due_names(session, list(rows.values()), today)
    return rows


def _dicts(result: Result[Any]) -> list[dict[str, Any]]:
    """The rows of ``result`` as dicts by column name. The names are read once: ``dict(row._mapping)``
    builds the row's key set anew for every row (a third of reading a table page of 200 rows)."""
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result]


def page(session: Session, q: RecordQuery, offset: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
    """Rows in order, ``limit`` at a time (for the CLI and exports)."""
    columns = _columns(q.kind)
    stmt = _filtered(q, columns).order_by(*_order(q, columns)).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = _dicts(session.execute(stmt))
    if q.kind == "standards":
        _add_ancillary_due_names(session, rows, q.today)
    return rows


def _add_ancillary_due_names(session: Session, rows: list[dict[str, Any]], today: dt.date | None) -> None:
    """Give each standard's row ``ancillary_due_name``: the name of its ancillary equipment due
    soonest when that date is past on ``today`` (the item the warning names, domain.usability),
    else None. Looked up in batches for those rows only: a name for every row (a correlated
    subquery) made listing every standard a third slower."""
    day = today or dt.date.today()
    for row in rows:
        row["ancillary_due_name"] = None
    late = {int(r["id"]): r for r in rows
            if r.get("ancillary_calibration_due") is not None and r["ancillary_calibration_due"] < day}
    keys = list(late)
    for start in range(0, len(keys), 5000):  # stay below the engines' bound-parameter limits
        stmt = (
            select(col(Instrument.standard_id), col(Instrument.name), col(Instrument.calibration_due))
            .where(col(Instrument.standard_id).in_(keys[start : start + 5000]), col(Instrument.role) == "ancillary",
                   col(Instrument.calibration_due) < day)
            .order_by(col(Instrument.standard_id), col(Instrument.position).desc(), col(Instrument.id).desc())
        )
        for standard_id, name, due in session.execute(stmt):
            row = late[int(standard_id)]
            if due == row["ancillary_calibration_due"]:  # the soonest; the first by position wins
                row["ancillary_due_name"] = name


# ---------------------------------------------------------------- instruments (送检 reminders)


def instrument_rows(
    session: Session,
    *,
    own_only: bool = True,
    institute_uscc: str | None = None,
    due_within: int | None = None,
    today: dt.date | None = None,
    role: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Main standard instruments and ancillary equipment of the standards, soonest due first.

    ``due_within``: only those due within that many days of ``today``, the overdue included
    (what must be sent for calibration); instruments of revoked standards are then left out.
    ``role``: only main instruments or only ancillary equipment; ``limit``: the first rows only
    (a reminder shows a few: at 200,000 standards, 100,000 rows are due within 60 days).
    """
    columns: list[Any] = [
        col(Instrument.id),
        col(Standard.id).label("standard_id"),
        col(Standard.certificate_no).label("standard_certificate_no"),
        col(Standard.name).label("standard_name"),
        col(Standard.status).label("standard_status"),
        col(Institute.uscc).label("institute_uscc"),
        col(Instrument.role),
        col(Instrument.name),
        col(Instrument.model),
        col(Instrument.serial_no),
        col(Instrument.traced_to_name),
        col(Instrument.calibration_cert_no),
        col(Instrument.calibration_due),
    ]
    stmt = _instruments_of(select(*columns), own_only, institute_uscc, due_within, today)
    if role is not None:
        stmt = stmt.where(col(Instrument.role) == role)
    stmt = stmt.order_by(
        col(Instrument.calibration_due).asc().nulls_last(),
        col(Standard.certificate_no),
        col(Instrument.standard_id),
        col(Instrument.position),
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return _dicts(session.execute(stmt))


def _instruments_of(
    stmt: Select[Any], own_only: bool, institute_uscc: str | None, due_within: int | None, today: dt.date | None
) -> Select[Any]:
    """``stmt`` over the instruments of the own (or one institute's) standards, those due
    within ``due_within`` days only when given (see :func:`instrument_rows`)."""
    stmt = (
        stmt.select_from(Instrument)
        .join(Standard, col(Standard.id) == col(Instrument.standard_id))
        .join(Institute, col(Institute.id) == col(Standard.institute_id))
    )
    if own_only:
        stmt = stmt.where(col(Institute.is_own).is_(True))
    if institute_uscc:
        stmt = stmt.where(col(Institute.uscc) == institute_uscc)
    if due_within is not None:
        until = (today or dt.date.today()) + dt.timedelta(days=due_within)
        stmt = stmt.where(col(Instrument.calibration_due) <= until, col(Standard.status) != "revoked")
    return stmt


def calibration_dues(executor: Any, standard_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Per standard id: its earliest main and ancillary calibration due dates and its number of
    main instruments (the list columns of :func:`_standard_columns`), for rows read elsewhere
    (search, recognition, trace). ``executor``: a Session or a Connection."""
    out: dict[int, dict[str, Any]] = {
        int(i): {"main_calibration_due": None, "ancillary_calibration_due": None, "main_instruments": 0}
        for i in standard_ids
    }
    if not out:
        return out
    stmt = (
        select(
            col(Instrument.standard_id),
            col(Instrument.role),
            func.min(col(Instrument.calibration_due)),
            func.count(),
        )
        .where(col(Instrument.standard_id).in_(list(out)))
        .group_by(col(Instrument.standard_id), col(Instrument.role))
    )
    for standard_id, role, due, n in executor.execute(stmt):
        entry = out[int(standard_id)]
        if role == "main":
            entry["main_calibration_due"], entry["main_instruments"] = due, int(n)
        elif role == "ancillary":
            entry["ancillary_calibration_due"] = due
    return out


def count_due_instruments(session: Session, *, due_within: int, today: dt.date) -> dict[str, int]:
    """Own instruments due within ``due_within`` days (overdue included), how many are overdue,
    and how many of those are ancillary equipment (a warning: their standards stay usable).
    Counted in SQL: the app asks at start, and reading the rows (100,000 at 200,000 standards)
    on a worker thread held the interpreter for seconds while the user scrolled."""
    late = col(Instrument.calibration_due) < today
    stmt = _instruments_of(
        select(
            func.count(),
            func.coalesce(func.sum(case((late, 1), else_=0)), 0),
            func.coalesce(func.sum(case((and_(late, col(Instrument.role) == "ancillary"), 1), else_=0)), 0),
        ),
        True, None, due_within, today,
    )
    due, overdue, ancillary = session.execute(stmt).one()
    return {"due": int(due), "overdue": int(overdue), "ancillary_overdue": int(ancillary)}


def count_needing_recalibration(session: Session, today: dt.date) -> int:
    """Own standards in force whose main standard instrument is past its calibration due date
    (domain.usability's ``needs_recalibration``), counted in SQL."""
    late = (
        select(col(Instrument.standard_id))
        .where(col(Instrument.role) == "main", col(Instrument.calibration_due) < today)
        .distinct()
        .subquery()
    )
    stmt = (
        select(func.count())
        .select_from(Standard)
        .join(Institute, col(Institute.id) == col(Standard.institute_id))
        .where(
            col(Institute.is_own).is_(True),
            col(Standard.status) == "valid",
            col(Standard.valid_until) >= today,
            col(Standard.id).in_(select(late.c.standard_id)),
        )
    )
    return int(session.execute(stmt).scalar_one())


def standards_with_services(session: Session, standard_ids: Sequence[int]) -> set[int]:
    """Which of ``standard_ids`` list at least one verification or calibration service."""
    found: set[int] = set()
    for start in range(0, len(standard_ids), 5000):  # stay below the engines' bound-parameter limits
        chunk = list(standard_ids[start : start + 5000])
        stmt = select(col(Service.standard_id)).where(col(Service.standard_id).in_(chunk)).distinct()
        found.update(int(r[0]) for r in session.execute(stmt))
    return found


CAPABILITY_COLUMNS = ("parameter", "range_text", "quantity", "range_min", "range_max", "unit", "accuracy_text",
                      "accuracy_basis", "conditions")


def capabilities_of(session: Session, standard_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The capability rows of ``standard_ids``, in their order, keyed by standard id."""
    found: dict[int, list[dict[str, Any]]] = {}
    columns = [getattr(Capability, c) for c in CAPABILITY_COLUMNS]
    for start in range(0, len(standard_ids), 5000):  # stay below the engines' bound-parameter limits
        chunk = list(standard_ids[start : start + 5000])
        stmt = (select(col(Capability.standard_id), *columns).where(col(Capability.standard_id).in_(chunk))
                .order_by(col(Capability.standard_id), col(Capability.position)))
        for row in session.execute(stmt):
            found.setdefault(int(row[0]), []).append(dict(zip(CAPABILITY_COLUMNS, row[1:])))
    return found


def services_of(session: Session, standard_ids: Sequence[int]) -> dict[int, list[tuple[str, str | None]]]:
    """``(name, procedure)`` of each service of ``standard_ids``, in their order, keyed by standard id."""
    found: dict[int, list[tuple[str, str | None]]] = {}
    for start in range(0, len(standard_ids), 5000):  # stay below the engines' bound-parameter limits
        chunk = list(standard_ids[start : start + 5000])
        stmt = (select(col(Service.standard_id), col(Service.name), col(Service.procedure))
                .where(col(Service.standard_id).in_(chunk)).order_by(col(Service.standard_id), col(Service.position)))
        for sid, name, procedure in session.execute(stmt):
            found.setdefault(int(sid), []).append((str(name), procedure))
    return found


def items_of(session: Session, authorisation_ids: Sequence[int]) -> dict[int, list[tuple[str, str | None]]]:
    """``(name, procedure)`` of each authorised item of ``authorisation_ids``, in their order."""
    found: dict[int, list[tuple[str, str | None]]] = {}
    for start in range(0, len(authorisation_ids), 5000):
        chunk = list(authorisation_ids[start : start + 5000])
        stmt = (select(col(AuthorisationItem.authorisation_id), col(AuthorisationItem.name),
                       col(AuthorisationItem.procedure))
                .where(col(AuthorisationItem.authorisation_id).in_(chunk))
                .order_by(col(AuthorisationItem.authorisation_id), col(AuthorisationItem.position)))
        for aid, name, procedure in session.execute(stmt):
            found.setdefault(int(aid), []).append((str(name), procedure))
    return found


def own_cited_procedures(session: Session) -> list[dict[str, Any]]:
    """Every procedure the own standards' services and the own authorised items cite: the
    record's kind, id, certificate number, the service's (item's) name and the procedure text."""
    services = (select(col(Standard.id), col(Standard.certificate_no), col(Service.name), col(Service.procedure))
                .join(Standard, col(Standard.id) == col(Service.standard_id))
                .join(Institute, col(Institute.id) == col(Standard.institute_id))
                .where(col(Institute.is_own).is_(True), col(Service.procedure).is_not(None))
                .order_by(col(Standard.certificate_no), col(Service.position)))
    items = (select(col(Authorisation.id), col(Authorisation.certificate_no), col(AuthorisationItem.name),
                    col(AuthorisationItem.procedure))
             .join(Authorisation, col(Authorisation.id) == col(AuthorisationItem.authorisation_id))
             .join(Institute, col(Institute.id) == col(Authorisation.institute_id))
             .where(col(Institute.is_own).is_(True), col(AuthorisationItem.procedure).is_not(None))
             .order_by(col(Authorisation.certificate_no), col(AuthorisationItem.position)))
    rows = [{"kind": "standards", "id": int(i or 0), "certificate_no": c, "subject": n, "procedure": p}
            for i, c, n, p in session.execute(services)]
    rows += [{"kind": "authorisations", "id": int(i or 0), "certificate_no": c, "subject": n, "procedure": p}
             for i, c, n, p in session.execute(items)]
    return rows


def own_distinct_codes(session: Session) -> list[str]:
    """The distinct codes of the own standards (a few hundred, however many standards)."""
    stmt = (select(col(Standard.code)).join(Institute, col(Institute.id) == col(Standard.institute_id))
            .where(col(Institute.is_own).is_(True)).distinct())
    return [str(code) for (code,) in session.execute(stmt) if code]


def own_standards_coded(session: Session, codes: Sequence[str]) -> list[tuple[int, str, str]]:
    """``(id, certificate_no, code)`` of the own standards with one of ``codes``, by certificate number."""
    if not codes:
        return []
    stmt = (select(col(Standard.id), col(Standard.certificate_no), col(Standard.code))
            .join(Institute, col(Institute.id) == col(Standard.institute_id))
            .where(col(Institute.is_own).is_(True), col(Standard.code).in_(list(codes)))
            .order_by(col(Standard.certificate_no)))
    return [(int(i or 0), str(c), str(code)) for i, c, code in session.execute(stmt)]
