"""A bundle's instruments: their range held to the comma rule, as the editor holds it.

An instrument's range (计量标准器 / 配套设备 测量范围) is free text: "DCV (0~1000)V" or
"见说明书" need not read as a range. But trace reads its figures where it reads
(:mod:`labregistry.inventory.trace`), so an ambiguous comma, "(0,100) mV" (0 to 100 mV, or
100 mV?), is refused wherever the text is entered, with the domain's own message
(:func:`~labregistry.domain.quantities.comma_issues`): the receiver refuses the bundle naming
sheet, row, column and rule (:func:`instrument_problem`), the sender's export and ``check`` name
the standard and the instrument (:func:`instrument_refusals`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from labregistry.crypto.jsonform import Detail
from labregistry.domain.quantities import comma_issues
from labregistry.domain.text import clean
from labregistry.exchange import schema

SHEET = schema.INSTRUMENTS
_AT = {key: i for i, key in enumerate(SHEET.keys)}
_COLUMN = SHEET.spec.columns[_AT["range_text"]].header


def _problems(rows: Sequence[Sequence[Any]]) -> Iterator[tuple[int, Detail]]:
    """(row index, the domain's reason) of every instrument whose range the comma rule refuses."""
    for i, row in enumerate(rows):
        text = clean(row[_AT["range_text"]])
        if text is None:
            continue
        for issue in comma_issues(text, "range_text"):
            yield i, Detail(issue.code, **{"field": issue.field, "value": issue.value, **issue.params})


def instrument_problem(rows: Sequence[Sequence[Any]]) -> tuple[str, dict[str, Any]] | None:
    """The first instrument of the sheet the receiver refuses: (message code, params)."""
    for i, detail in _problems(rows):
        return "bundle.instrument_range", {"sheet": SHEET.spec.name, "row": i + 2, "column": _COLUMN,
                                           "detail": detail}
    return None


@dataclass(frozen=True)
class InstrumentRefusal:
    """A stored instrument whose range receivers would refuse, as the lab manager finds it: its
    standard's certificate number, its name, its range as written and the rule."""

    certificate_no: str
    name: str
    range_text: str
    detail: Detail


def instrument_refusals(rows: Mapping[str, list[list[Any]]]) -> list[InstrumentRefusal]:
    """Every instrument of the collected ``rows`` (the bundle's sheets, before it is written)
    whose range receivers would refuse."""
    at = schema.STANDARDS.keys.index("certificate_no")
    certificates = {row[0]: str(row[at]) for row in rows[schema.STANDARDS.spec.name]}
    sheet = rows[SHEET.spec.name]
    return [InstrumentRefusal(certificates.get(sheet[i][0], str(sheet[i][0])), str(sheet[i][_AT["name"]]),
                              str(sheet[i][_AT["range_text"]]), detail) for i, detail in _problems(sheet)]
