"""What a region report is: sections, each with facts, one table and bar charts.

Every text is already in the report's language when a section is built, so the writers (Excel,
PDF) and the app page only lay out what they are given and never count or translate. A new
section (the comparisons' participation, for one) is a function returning a :class:`Section`,
added to :data:`labregistry.regionreport.figures.SECTIONS`; no writer changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from labregistry.i18n import DocLanguage, Message


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    width: int = 12


@dataclass(frozen=True)
class Chart:
    """Horizontal bars: ``(label, value)`` in the order shown."""

    title: str
    bars: list[tuple[str, int]]


@dataclass(frozen=True)
class Target:
    """A target of the plan and the progress counted towards it."""

    label: str
    target: int
    reached: int

    @property
    def percent(self) -> float:
        return round(100.0 * self.reached / self.target, 1) if self.target else 0.0


@dataclass
class Section:
    key: str  # also the Excel sheet's stable order; its name is ``sheet``
    title: str
    sheet: str  # the Excel sheet's name (at most 31 characters)
    columns: list[Column]
    rows: list[dict[str, Any]]
    facts: list[tuple[str, Any]] = field(default_factory=list)  # label, value: definitions, counts
    targets: list[Target] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    # what the user is told apart from the report, in their own language (the CLI's warnings):
    # a figure the report had to leave out, its why already among the facts
    warnings: list[Message] = field(default_factory=list)


@dataclass
class RegionReport:
    title: str
    on: dt.date
    since: dt.date
    language: DocLanguage
    generated_at: dt.datetime
    institutes: int
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def warnings(self) -> list[Message]:
        return [w for s in self.sections for w in s.warnings]
