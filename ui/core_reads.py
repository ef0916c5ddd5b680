"""What the overview reads from the core, in one place: thin calls to the services plus
small presentation helpers (discipline names, days left)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from labregistry.domain.codes import DISCIPLINES
from labregistry.registry import Registry
from labregistry.services import expiries, institutes, listing
from labregistry.services.listing import RecordQuery


def own_institute(reg: Registry) -> dict[str, Any] | None:
    """The own institute's fields (None before it is set up)."""
    return institutes.own_institute(reg)


def counts_by_discipline(reg: Registry, *, own_only: bool = True) -> list[tuple[str, int]]:
    """(JJF 1022 level-1 code, number of standards), most first."""
    return listing.counts_by_discipline(reg, own_only=own_only)


def counts_by_city(reg: Registry) -> list[dict[str, Any]]:
    """Per province and city: institutes and standards in the region, most standards first."""
    return listing.counts_by_city(reg)


def expiries_by_month(reg: Registry, today: dt.date) -> list[expiries.MonthCount]:
    """The own certificates ending in each of the next twelve months, this month first."""
    return expiries.by_month(reg, today)


def own_staff(reg: Registry) -> list[dict[str, Any]]:
    """The own institute's active staff (name, department, main credential), by name."""
    return listing.list_records(reg, RecordQuery(kind="staff", own_only=True, status="active", sort="name"))


def discipline_name(code: str, lang: str) -> str:
    names = DISCIPLINES.get(code)
    if names is None:
        return code or "?"
    return f"{code} {names[1] if lang == 'en' else names[0]}"


def days_left(valid_until: dt.date | None, today: dt.date) -> int | None:
    return None if valid_until is None else (valid_until - today).days


def instruments_due(reg: Registry, days: int, today: dt.date) -> list[dict[str, Any]]:
    """The own instruments due for calibration within ``days``, the overdue included, soonest first."""
    return listing.list_instruments(reg, due_within=days, today=today)


@dataclass(frozen=True)
class DueSoon:
    """What of the own institute falls due within ``days`` (not yet past its date)."""

    days: int
    standards: int = 0  # assessment certificates ending
    authorisations: int = 0
    credentials: int = 0
    instruments: int = 0  # calibrations due

    @property
    def total(self) -> int:
        return self.standards + self.authorisations + self.credentials + self.instruments


@dataclass(frozen=True)
class Reminders:
    overdue: listing.Overdue
    soon: DueSoon

    @property
    def total(self) -> int:
        return self.overdue.total + self.soon.total


def reminders(reg: Registry, days: int, today: dt.date | None = None) -> Reminders:
    """What is overdue, and what falls due within ``days`` (the window set in Settings)."""
    day = today or dt.date.today()
    late = listing.overdue(reg, day)

    def ending(kind: str) -> int:  # within the window, the ended included (counted as overdue)
        return listing.count_records(reg, RecordQuery(kind=kind, own_only=True, expiring_within=days, today=day))

    due = sum(1 for row in listing.list_instruments(reg, due_within=days, today=day)
              if row.get("calibration_due") is not None and row["calibration_due"] >= day)
    soon = DueSoon(
        days=days,
        standards=ending("standards") - late.standards_expired,
        authorisations=ending("authorisations") - late.authorisations_expired,
        credentials=ending("staff") - late.credentials_expired,
        instruments=due,
    )
    return Reminders(late, soon)


def overdue(reg: Registry, today: dt.date | None = None) -> listing.Overdue:
    """What of the own institute is past its date (the notice at start)."""
    return listing.overdue(reg, today)
