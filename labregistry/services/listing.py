"""Counting and listing records: stats, lists, and the paged access tables use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from labregistry.registry import Registry
from labregistry.services import catalogues
from labregistry.storage import queries
from labregistry.storage.models import (
    Authorisation,
    AuthorisationItem,
    Institute,
    Staff,
    Standard,
)
from labregistry.storage.queries import KINDS, RecordQuery

__all__ = ["KINDS", "Overdue", "RecordQuery", "count_records", "counts_by_city", "counts_by_discipline",
           "count_due_instruments", "list_instruments", "list_records", "overdue", "record_ids", "rows_by_ids", "stats"]


def stats(reg: Registry) -> dict[str, dict[str, int]]:
    """Counts for the own institute and the region (the region includes the own)."""
    with reg.uow() as uow:
        s = uow.session
        own = uow.institutes.own()
        own_id = own.id if own else -1

        def counts(institute_id: int | None) -> dict[str, int]:
            def n(stmt: Any) -> int:
                if institute_id is not None:
                    stmt = stmt.where(col(Institute.id) == institute_id)
                return int(s.execute(stmt).scalar_one())

            return {
                "standards": n(select(func.count(col(Standard.id))).join(Institute)),
                "authorisations": n(select(func.count(col(Authorisation.id))).join(Institute)),
                "authorisation_items": n(
                    select(func.count(col(AuthorisationItem.id))).join(Authorisation).join(Institute)
                ),
                "staff": n(select(func.count(col(Staff.id))).join(Institute)),
            }

        region = counts(None)
        region = {"institutes": int(s.execute(select(func.count(col(Institute.id)))).scalar_one()), **region}
        return {"own": counts(own_id), "region": region}


def list_records(reg: Registry, query: RecordQuery, limit: int | None = None) -> list[dict[str, Any]]:
    with reg.uow() as uow:
        return queries.page(uow.session, query, 0, limit)


def with_capabilities(reg: Registry, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Standards' rows each with ``capabilities``: its rows as recorded (parameter, range,
    accuracy text), the ``accuracy`` key holding the recorded text (CLI.md)."""
    with reg.uow() as uow:
        caps = queries.capabilities_of(uow.session, [int(r["id"]) for r in rows])
    return [{**r, "capabilities": [{**c, "accuracy": c["accuracy_text"]} for c in caps.get(int(r["id"]), [])]}
            for r in rows]


def count_records(reg: Registry, query: RecordQuery) -> int:
    with reg.uow() as uow:
        return queries.count(uow.session, query)


def record_ids(reg: Registry, query: RecordQuery) -> list[int]:
    """Sorted ids of the matching rows (what a table model keeps)."""
    with reg.uow() as uow:
        return queries.ids(uow.session, query)


def rows_by_ids(reg: Registry, kind: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The list columns of the given rows (a table model's visible page), standards and
    authorisations with their catalogue marks (``catalogue_marks``, services.catalogues)."""
    with reg.uow() as uow:
        rows = queries.rows_by_ids(uow.session, kind, ids)
        catalogues.attach_marks(uow.session, kind, rows)
        return rows


def counts_by_discipline(reg: Registry, *, own_only: bool = True) -> list[tuple[str, int]]:
    """(JJF 1022 level-1 discipline code, number of standards), most first."""
    discipline = func.substr(col(Standard.code), 1, 2)
    stmt = select(discipline, func.count(col(Standard.id))).join(
        Institute, col(Institute.id) == col(Standard.institute_id)
    )
    if own_only:
        stmt = stmt.where(col(Institute.is_own).is_(True))
    stmt = stmt.group_by(discipline)
    with reg.uow() as uow:
        rows = [(str(code or ""), int(n)) for code, n in uow.session.execute(stmt)]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def counts_by_city(reg: Registry) -> list[dict[str, Any]]:
    """Per province and city: institutes and standards in the region, most standards first."""
    standards = (
        select(col(Standard.institute_id), func.count(col(Standard.id)).label("n"))
        .group_by(col(Standard.institute_id))
        .subquery()
    )
    stmt = (
        select(
            col(Institute.province),
            col(Institute.city),
            func.count(col(Institute.id)),
            func.coalesce(func.sum(standards.c.n), 0),
        )
        .outerjoin(standards, standards.c.institute_id == col(Institute.id))
        .group_by(col(Institute.province), col(Institute.city))
    )
    with reg.uow() as uow:
        rows = [
            {"province": p, "city": c, "institutes": int(i), "standards": int(s)}
            for p, c, i, s in uow.session.execute(stmt)
        ]
    return sorted(rows, key=lambda r: (-r["standards"], r["province"], r["city"]))


def list_instruments(
    reg: Registry,
    *,
    due_within: int | None = None,
    today: dt.date | None = None,
    institute_uscc: str | None = None,
    role: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The instruments of the own standards (or of one institute's), soonest due first;
    ``due_within``: only those due within that many days, the overdue included; ``role``:
    main or ancillary only; ``limit``: the first rows only."""
    with reg.uow() as uow:
        return queries.instrument_rows(
            uow.session,
            own_only=institute_uscc is None,
            institute_uscc=institute_uscc,
            due_within=due_within,
            today=today,
            role=role,
            limit=limit,
        )


def count_due_instruments(reg: Registry, *, due_within: int, today: dt.date | None = None) -> dict[str, int]:
    """Own instruments due within ``due_within`` days, the overdue included (``due``), how many
    are overdue (``overdue``) and how many of those are ancillary (``ancillary_overdue``)."""
    with reg.uow() as uow:
        return queries.count_due_instruments(uow.session, due_within=due_within, today=today or dt.date.today())


@dataclass(frozen=True)
class Overdue:
    """What of the own institute is past its date on ``today``: what the app tells at start."""

    today: dt.date
    standards_expired: int = 0  # assessment certificates ended (not revoked)
    standards_need_recalibration: int = 0  # in force, a main standard instrument overdue
    instruments_overdue: int = 0  # main and ancillary, of standards not revoked
    ancillary_overdue: int = 0  # of those, ancillary equipment: a warning, the standards stay usable
    authorisations_expired: int = 0
    credentials_expired: int = 0  # the main credential of an active person

    @property
    def total(self) -> int:
        return (self.standards_expired + self.standards_need_recalibration + self.instruments_overdue
                + self.authorisations_expired + self.credentials_expired)


def overdue(reg: Registry, today: dt.date | None = None) -> Overdue:
    """Counts of what is overdue in the own institute (see :class:`Overdue`)."""
    day = today or dt.date.today()

    def ended(kind: str) -> int:  # valid_until before today: expiring "within -1 days"
        return queries.count(uow.session, RecordQuery(kind=kind, own_only=True, expiring_within=-1, today=day))

    with reg.uow() as uow:
        instruments = queries.count_due_instruments(uow.session, due_within=-1, today=day)
        return Overdue(
            today=day,
            standards_expired=ended("standards"),
            standards_need_recalibration=queries.count_needing_recalibration(uow.session, day),
            instruments_overdue=instruments["due"],
            ancillary_overdue=instruments["ancillary_overdue"],
            authorisations_expired=ended("authorisations"),
            credentials_expired=ended("staff"),
        )
