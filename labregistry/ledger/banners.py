"""Columns under one merged header cell: every one is read, or the ledger is refused.

A two-row header reads each lower cell with the banner above it in front ("测量范围" over
"下限 | 上限" gives "测量范围下限", "测量范围上限"). When the columns under a banner have
no field of their own (下限 and 上限 are none), each can only mean the banner's field; the
assignment gives it to the first, and the others used to be left out without a word:
"0.04 ~ 6 MPa" in two columns was stored as "0.04 MPa". Now, after the mapping is settled
(:func:`settle`):

- a measurement range over a lower and an upper column is *joined*: each row's two cells
  are read as one range ("0.04MPa~6MPa", or "(0.04~6)MPa" with the unit the header gives
  in brackets), by :func:`join_columns` before the rows are grouped;
- any other such column is refused, naming the header cell, its columns and the field,
  unless the user chose the column of that field (``--map``, the wizard), knowingly;
- except a column whose own cell is another field's heading (测量范围 under JJF 1033's
  计量标准器, the standard's range being elsewhere): the banner names a group there, and
  the column is not read, as any unknown one.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import Any

from labregistry.domain.text import normalise
from labregistry.errors import DomainError
from labregistry.ledger.fields import KindSpec, fold_header
from labregistry.ledger.layout import Banner, ColumnMapping, Join, match_header
from labregistry.xlsx.refs import column_letter
from labregistry.ledger.reader import SheetGrid

RANGE_FIELDS = ("range_text", "items.range_text")
_LOWER = ("下限", "下限值", "最小", "最小值", "起", "起始", "起始值", "从", "min", "minimum", "lower", "low", "from")
_UPPER = ("上限", "上限值", "最大", "最大值", "止", "终止", "终止值", "至", "到", "max", "maximum", "upper", "high", "to")
_BRACKETED = re.compile(r"[(（\[【]([^()（）\[\]【】]+)[)）\]】]")


def settle(spec: KindSpec, mapping: ColumnMapping) -> None:
    """Join a range's lower and upper column; refuse any other column a banner would drop;
    note the unit a range column's header gives ("测量范围（MPa）" over "0.04~6")."""
    mapping.joins = {}
    mapping.units = {}
    for field_key in RANGE_FIELDS:
        column = mapping.column_of(field_key)
        unit = _unit_in(mapping.headers.get(column, "")) if column is not None else None
        if unit is not None:
            mapping.units[field_key] = unit
    for banner in mapping.banners:
        columns = [c for c in range(banner.first, banner.last + 1) if c in mapping.headers]
        chosen = {c.column: (f, c) for f, c in mapping.fields.items() if c.column in columns}
        if any(choice.source == "user" for _f, choice in chosen.values()):
            continue  # the user chose: what is left out is left out knowingly
        for column in columns:
            if column in chosen or column in {j.upper for j in mapping.joins.values()}:
                continue
            taken = _taken_by_sibling(mapping, column, chosen)
            if taken is None:
                continue  # a column that matches nothing: not read, as any unknown column
            field_key, sibling = taken
            if _names_another_field(spec, mapping, column, field_key):
                continue  # 测量范围 under 计量标准器: its own heading, not the banner's field; not read
            if field_key in RANGE_FIELDS and field_key not in mapping.joins and _bounds(mapping, sibling, column):
                mapping.joins[field_key] = Join(column, _unit(banner, mapping, sibling, column))
                continue
            raise _refusal(spec, mapping, banner, columns, field_key, column)


def _taken_by_sibling(mapping: ColumnMapping, column: int,
                      chosen: dict[int, tuple[str, Any]]) -> tuple[str, int] | None:
    """The field this column would have had, given to a sibling under the same banner."""
    by_field = {f: c for c, (f, _choice) in chosen.items()}
    for field_key, _score in mapping.suggestions.get(column, []):
        if field_key in by_field:
            return field_key, by_field[field_key]
    return None


def _names_another_field(spec: KindSpec, mapping: ColumnMapping, column: int, field_key: str) -> bool:
    """Whether the column's own cell, without its banner, is exactly a spelling of another field.

    Under a banner that is a group's name (JJF 1033's 计量标准器 over 名称 | 型号 | 测量范围
    ...) each column has a heading of its own; a column whose heading is another field's
    (the standard's 测量范围, mapped elsewhere) does not mean the banner's field and is not
    read, like any column left over. 下限 and 上限 name no field: they still mean the banner's.
    """
    own = match_header(spec, [_lower_text(mapping, column)])
    return any(score >= 1.0 and key != field_key for key, score in own)


def _lower_text(mapping: ColumnMapping, column: int) -> str:
    header = mapping.headers.get(column, "")
    return fold_header(header.rsplit(" / ", 1)[-1])


def _bounds(mapping: ColumnMapping, lower: int, upper: int) -> bool:
    return _lower_text(mapping, lower) in _LOWER and _lower_text(mapping, upper) in _UPPER


def _unit(banner: Banner, mapping: ColumnMapping, *columns: int) -> str | None:
    """A unit the header gives in brackets: "测量范围（MPa）", "下限 (MPa)"."""
    for text in (banner.text, *(mapping.headers.get(c, "") for c in columns)):
        unit = _unit_in(text)
        if unit is not None:
            return unit
    return None


def _unit_in(text: str) -> str | None:
    """The first bracketed remark of a header that is a unit ("测量范围（MPa）" -> "MPa")."""
    from labregistry.domain.quantities import lookup_unit

    for found in _BRACKETED.findall(normalise(text)):
        candidate = str(found).strip()
        if candidate and lookup_unit(candidate) is not None:
            return candidate
    return None


def _refusal(spec: KindSpec, mapping: ColumnMapping, banner: Banner, columns: list[int], field_key: str,
             dropped: int) -> DomainError:
    shown = ", ".join(f"{column_letter(c)} {mapping.headers[c].rsplit(' / ', 1)[-1]}" for c in columns)
    f = spec.field(field_key)
    return DomainError("ledger.split_header", cell=banner.cell, header=banner.text, columns=shown,
                       field=f.zh, field_en=f.en, dropped=column_letter(dropped))


def join_columns(grid: SheetGrid, mapping: ColumnMapping) -> SheetGrid:
    """``grid`` with each joined field's two cells read as one range in its first column
    (the second emptied), below the header; the grid itself is left as it is."""
    if not mapping.joins and not mapping.units:
        return grid
    rows = dict(grid.rows)
    for field_key, unit in mapping.units.items():
        column = mapping.column_of(field_key)
        if column is None or field_key in mapping.joins:
            continue
        for r in grid.row_numbers(mapping.data_start):
            own = rows[r]
            if column <= len(own):
                rows[r] = (*own[: column - 1], with_unit(own[column - 1], unit), *own[column:])
    for field_key, join in mapping.joins.items():
        lower = mapping.column_of(field_key)
        if lower is None:
            continue
        width = max(lower, join.upper)
        for r in grid.row_numbers(mapping.data_start):
            cells = list(rows[r]) + [None] * max(0, width - len(rows[r]))
            cells[lower - 1] = joined(cells[lower - 1], cells[join.upper - 1], join.unit)
            cells[join.upper - 1] = None
            rows[r] = tuple(cells)
    return dataclasses.replace(grid, rows=rows)


def joined(low: Any, high: Any, unit: str | None) -> Any:
    """One range text of two bound cells; a cell that is not a plain value is kept as it is
    (an error value, a cell too long: the grouping names it at its cell)."""
    if _blank(high):
        return low
    if _blank(low):
        return high
    if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in (low, high)):
        return low if not isinstance(low, (str, int, float)) else high
    a, b = _number_text(low), _number_text(high)
    if unit and _bare_number(a) and _bare_number(b):
        return f"({a}~{b}){unit}"
    return f"{a}~{b}"


_BARE_RANGE = re.compile(r"^\s*[(（]?\s*[-+−]?\d[\d.]*\s*(?:[~～\-—至到]\s*[-+−]?\d[\d.]*)?\s*[)）]?\s*$")


def with_unit(value: Any, unit: str) -> Any:
    """A range cell holding bare numbers ("0.04~6", 60) with the unit of its column's header:
    "(0.04~6)MPa"; any other cell (a unit of its own, an error value) is kept as it is."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return value
    text = _number_text(value) if not isinstance(value, str) else normalise(value).strip()
    if not _BARE_RANGE.match(text):
        return value
    inner = text.strip().strip("()（）").strip()
    return f"({inner}){unit}"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number_text(value: str | int | float) -> str:
    """A number as a person writes it: 6, 0.04, 0.00001 (never 6.0 or 1e-05)."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    return str(value).strip()


def _bare_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
