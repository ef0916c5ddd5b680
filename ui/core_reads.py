"""What the overview reads from the core, in one place: thin calls to the services plus
small presentation helpers (discipline names, days left)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class InstrumentsDue:
    """The instruments due for calibration within ``days`` (the overdue included): counted in
    the database, with the first few rows to show (never all of them: 100,000 at 200,000 standards)."""

    first: list[dict[str, Any]]  # soonest first
    due: int = 0
    overdue: int = 0
    ancillary_late: list[dict[str, Any]] = field(default_factory=list)  # the first overdue ancillary items
    ancillary_overdue: int = 0


def instruments_due(reg: Registry, days: int, today: dt.date, *, rows: int, ancillary_rows: int) -> InstrumentsDue:
    """The own instruments due for calibration within ``days``, the overdue included: counts,
    the first ``rows`` soonest and the first ``ancillary_rows`` overdue ancillary items."""
    counts = listing.count_due_instruments(reg, due_within=days, today=today)
    first = listing.list_instruments(reg, due_within=days, today=today, limit=rows) if counts["due"] else []
    late = (listing.list_instruments(reg, due_within=-1, today=today, role="ancillary", limit=ancillary_rows)
            if counts["ancillary_overdue"] else [])
    return InstrumentsDue(first, counts["due"], counts["overdue"], late, counts["ancillary_overdue"])


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

    counted = listing.count_due_instruments(reg, due_within=days, today=day)
    soon = DueSoon(
        days=days,
        standards=ending("standards") - late.standards_expired,
        authorisations=ending("authorisations") - late.authorisations_expired,
        credentials=ending("staff") - late.credentials_expired,
        instruments=counted["due"] - counted["overdue"],
    )
    return Reminders(late, soon)


def overdue(reg: Registry, today: dt.date | None = None) -> listing.Overdue:
    """What of the own institute is past its date (the notice at start)."""
    return listing.overdue(reg, today)
