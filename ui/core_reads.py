"""What the overview reads from the core, in one place: thin calls to the services plus
small presentation helpers (discipline names, days left)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from labregistry.domain.codes import DISCIPLINES
from labregistry.registry import Registry
from labregistry.services import institutes, listing


def own_institute(reg: Registry) -> dict[str, Any] | None:
    """The own institute's fields (None before it is set up)."""
    return institutes.own_institute(reg)


def counts_by_discipline(reg: Registry, *, own_only: bool = True) -> list[tuple[str, int]]:
    """(JJF 1022 level-1 code, number of standards), most first."""
    return listing.counts_by_discipline(reg, own_only=own_only)


def counts_by_city(reg: Registry) -> list[dict[str, Any]]:
    """Per province and city: institutes and standards in the region, most standards first."""
    return listing.counts_by_city(reg)


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


def overdue(reg: Registry, today: dt.date | None = None) -> listing.Overdue:
    """What of the own institute is past its date (the notice at start)."""
    return listing.overdue(reg, today)
