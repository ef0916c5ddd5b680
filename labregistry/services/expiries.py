"""The own certificates ending in each of the coming months: the overview's chart of renewals.

A lab plans re-examinations (about six months ahead), authorisation renewals and its
people's registrations by month. Counted here, by the database, per calendar month from
this month on: the standards' assessment certificates and the authorisations not revoked,
and every credential of the people still working here. What has already ended is not
counted: the overview lists it apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import extract, func, select
from sqlmodel import col

from labregistry.registry import Registry
from labregistry.storage.models import Authorisation, Credential, Institute, Staff, Standard

MONTHS = 12


@dataclass(frozen=True)
class MonthCount:
    """The certificates of the own institute ending in one calendar month."""

    year: int
    month: int
    standards: int = 0
    authorisations: int = 0
    credentials: int = 0

    @property
    def total(self) -> int:
        return self.standards + self.authorisations + self.credentials


def month_starts(today: dt.date, months: int = MONTHS) -> list[dt.date]:
    """The first days of this month and the ``months - 1`` after it, and of the month after those."""
    starts = []
    year, month = today.year, today.month
    for _ in range(months + 1):
        starts.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def by_month(reg: Registry, today: dt.date | None = None, months: int = MONTHS) -> list[MonthCount]:
    """One entry per month from this month on (``months`` of them), counting from ``today``."""
    today = today or dt.date.today()
    starts = month_starts(today, months)
    end = starts[-1]
    counts: dict[str, dict[tuple[int, int], int]] = {}
    with reg.uow() as uow:
        for kind, stmt in _queries().items():
            date = stmt.selected_columns[0]
            year, month = extract("year", date), extract("month", date)
            rows = uow.session.execute(
                stmt.where(date >= today, date < end)
                .with_only_columns(year, month, func.count())
                .group_by(year, month)
            )
            counts[kind] = {(int(y), int(m)): int(n) for y, m, n in rows}
    return [
        MonthCount(
            s.year, s.month,
            standards=counts["standards"].get((s.year, s.month), 0),
            authorisations=counts["authorisations"].get((s.year, s.month), 0),
            credentials=counts["credentials"].get((s.year, s.month), 0),
        )
        for s in starts[:-1]
    ]


def _queries() -> dict[str, Any]:
    """Per kind, the own rows that count (their end date as the first column)."""
    own = col(Institute.is_own).is_(True)
    return {
        "standards": select(col(Standard.valid_until))
        .join(Institute, col(Institute.id) == col(Standard.institute_id))
        .where(own, col(Standard.status) != "revoked"),
        "authorisations": select(col(Authorisation.valid_until))
        .join(Institute, col(Institute.id) == col(Authorisation.institute_id))
        .where(own, col(Authorisation.status) != "revoked"),
        "credentials": select(col(Credential.valid_until))
        .join(Staff, col(Staff.id) == col(Credential.staff_id))
        .join(Institute, col(Institute.id) == col(Staff.institute_id))
        .where(own, col(Staff.status) == "active"),
    }
