"""Does a participant's result fit its capability rows? A warning, never a refusal.

A pilot's results table may name, for a participant of the registry, the standard it used
(its certificate number) and the parameter measured. The comparison then says something
about that standard's capability rows only if one of them covers the parameter (or, without
one, the comparison's measurand). When none does, the importer is told which table row and
which capability rows it compared: the pilot's table is what was published, so it is recorded
as published; the warning says what to check (a typo in the table, or a capability row the
participant has not recorded).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from labregistry import i18n
from labregistry.domain.quantities import QUANTITY_NAMES
from labregistry.domain.text import normalise


@dataclass(frozen=True)
class CapabilityRow:
    """One capability row of a participant's standard, as recorded."""

    certificate_no: str
    parameter: str | None
    quantity: str | None
    range_text: str | None


def _folded(text: str) -> str:
    return "".join(normalise(text).split()).lower()


def covers(row: CapabilityRow, parameter: str) -> bool:
    """The row covers ``parameter`` when one names the other (直流电压 / 直流电压（1 V）), or, for a
    row without a parameter (the standard's whole range), when the parameter names its quantity."""
    wanted = _folded(parameter)
    if not wanted:
        return True
    if row.parameter:
        have = _folded(row.parameter)
        return wanted in have or have in wanted
    names = QUANTITY_NAMES.get(row.quantity or "") or ()
    return any(_folded(name) in wanted or wanted in _folded(name) for name in names if name)


def describe(rows: Sequence[CapabilityRow]) -> Compared:
    """The capability rows compared, for the warning (at most five), rendered by the edge."""
    return Compared(tuple(rows))


@dataclass(frozen=True)
class Compared:
    """The capability rows a warning names ("压力 (0-10) MPa；温度 ..."), joined with the
    separator of the language the warning is shown in (issue 17: the edge chooses it)."""

    rows: tuple[CapabilityRow, ...]

    def render(self, lang: str | None = None) -> str:
        parts = [i18n.tr("comparison.capability_row", lang,
                         parameter=r.parameter or i18n.tr("comparison.capability_whole", lang),
                         range=r.range_text or "").strip() for r in self.rows[:5]]
        more = f" …+{len(self.rows) - 5}" if len(self.rows) > 5 else ""
        separator = ", " if i18n.normalise_lang(lang or i18n.default_lang()) == "en" else "；"
        return separator.join(parts) + more
