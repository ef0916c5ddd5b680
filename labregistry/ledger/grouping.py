"""From the rows below the header to ledger records, as people lay ledgers out.

* Blank rows, note rows ("注：……", "制表人：…… 审核人：……"), section rows ("一、力学"),
  totals rows ("合计" and counts: "7 项") and repeated header rows are skipped and counted.
* A record starts on a row whose key cell (the certificate number; a person's name)
  holds a new value. The rows below it that leave the key cell empty, merged with the
  record's cell, or repeat the same key belong to the same record when they bring only
  list cells (instruments, services, authorised items, credentials) or repeat the
  record's values: each such row adds one list item. A record value on such a row that
  differs from the record's own value starts a new record (an empty or repeated key) or
  is reported (a merged key: the row cannot belong to two records).
* A merged cell shows its top-left value in every cell it covers, so a category merged
  over several standards reaches each of them.
* A cell showing an error value (``#N/A``), holding more text than Excel allows, or typed
  as a date without holding one is a problem of its record at that cell, never a value.
* A standard's parameter, range and accuracy cells are also its capability rows: a
  continuation row with its own range and accuracy adds another parameter (never a
  conflict with the standard's own values), and a cell listing several parameters gives
  one row each (:mod:`labregistry.ledger.capability_cells`). A continuation row with no
  standard above it is a problem of its own.

Each record remembers the row every value came from, so that an issue found later by
the domain rules can be placed at its cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from labregistry import i18n
from labregistry.domain.text import clean, is_blank, normalise
from labregistry.errors import Issue
from labregistry.ledger import capability_cells
from labregistry.ledger.fields import CAPABILITY_CELLS, KindSpec, fold_header
from labregistry.ledger.layout import ColumnMapping
from labregistry.ledger.reader import (
    MAX_CELL_CHARS,
    CellError,
    CellNotADate,
    CellNotANumber,
    CellTooLong,
    SheetGrid,
    iter_cells,
)

_NOTE_RE = re.compile(
    r"^\s*(?:注|附注|备注|说明|填表说明|制表人?|填表人?|填报人?|审核人?|批准人?|复核人?|编制人?|统计人?|"
    r"负责人|经办人|联系人|联系电话|制表日期|填表日期|填报日期|填报单位|制表单位|打印日期|打印时间|日期)"
    r"\s*[0-9一二三四五六七八九十]*\s*[:：.．、]"
)
_SECTION_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|"
    r"第[一二三四五六七八九十0-9]+[部章节类]|合计|总计|共计|小计)"
)


@dataclass
class ChildRow:
    """One list item (an instrument, a service, an authorised item, a credential) and its row."""

    row: int
    values: dict[str, Any]


@dataclass
class LedgerRecord:
    """One record of the ledger: its values, list items, and the rows they came from."""

    index: int
    first_row: int
    last_row: int
    values: dict[str, Any]
    value_rows: dict[str, int]
    children: dict[str, list[ChildRow]] = field(default_factory=dict)
    #: problems found while reading rows: (row, field key, issue)
    problems: list[tuple[int, str, Issue]] = field(default_factory=list)
    #: a continuation row with no record above it: its problem is all there is to say
    orphan: bool = False
    #: the capability cells as written, by (row, field key), before they were read as rows: a
    #: refusal of one item of a cell of several names the whole cell (:mod:`labregistry.ledger.checks`)
    cells: dict[tuple[int, str], Any] = field(default_factory=dict)

    def key(self, spec: KindSpec) -> Any:
        return self.values.get(spec.key_field)


@dataclass
class Grouping:
    records: list[LedgerRecord]
    data_rows: int = 0
    blank_rows: int = 0
    note_rows: list[int] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)


def fold_value(value: Any) -> str:
    """A comparable form of a cell value: dates as ISO text, whole floats as integers, text folded."""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean(value)
    return "".join(normalise(text).split()).casefold() if text else ""


_TOTAL_RE = re.compile(r"^\s*(?:合\s*计|总\s*计|共\s*计|小\s*计)\s*[:：]?\s*$")
_COUNT_RE = re.compile(r"^\s*(?:共\s*)?\d+\s*(?:项|个|条|台|套|件|份|本|人|名)?\s*$")


def _is_note(grid: SheetGrid, row: int) -> bool:
    cells = [v for _c, v in iter_cells(grid, row)]
    if _is_total(cells):
        return True
    if not cells or not all(isinstance(v, str) for v in cells):
        return False
    if len(cells) == 1 and _SECTION_RE.match(cells[0]):
        return True
    return all(_NOTE_RE.match(v) for v in cells)


def _is_total(cells: list[Any]) -> bool:
    """A totals row: 合计 (总计, 小计 ...) in its first cell and only counts after it ("7 项",
    "共7项", a bare 7), as ledgers end under their 序号 column. A row with any other value
    after 合计 is a record and is checked as one."""
    if len(cells) < 2 or not isinstance(cells[0], str) or not _TOTAL_RE.match(cells[0]):
        return False
    return all(_is_count(v) for v in cells[1:])


def _is_count(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return float(value).is_integer() and value >= 0
    return isinstance(value, str) and bool(_COUNT_RE.match(normalise(value)))


def _is_header_again(grid: SheetGrid, row: int, headers: dict[int, str], first: int | None) -> bool:
    """A header row repeated further down (printed ledgers repeat it on every page).

    ``headers`` are the folded header texts of the mapped columns; ``first`` is a column
    checked before all others (the key column): a repeated header always repeats it.
    """
    def same(col: int) -> bool:
        value = grid.value(row, col)
        return isinstance(value, str) and fold_header(value) == headers[col]

    if first is not None and first in headers and not same(first):
        return False
    hits = sum(1 for col in headers if same(col))
    return hits >= max(2, (len(headers) + 1) // 2)


class _Grouper:
    def __init__(self, spec: KindSpec, grid: SheetGrid, mapping: ColumnMapping) -> None:
        self.spec = spec
        self.grid = grid
        self.mapping = mapping
        self.key_col = mapping.column_of(spec.key_field)
        self.rec_cols = [(f.key, c) for f in spec.record_fields if (c := mapping.column_of(f.key)) is not None]
        self.list_cols: dict[str, list[tuple[str, str, int]]] = {}
        for name in spec.list_names:
            cols = [(f.attr, f.key, c) for f in spec.list_fields(name) if (c := mapping.column_of(f.key)) is not None]
            if name == capability_cells.LIST:  # the standard's own cells, read on every row
                cols += [(k, f"{name}.{k}", c) for k in CAPABILITY_CELLS if (c := mapping.column_of(k)) is not None]
            if cols:
                self.list_cols[name] = cols
        self.mapped = sorted({c for _k, c in self.rec_cols} | {c for cs in self.list_cols.values() for *_x, c in cs})
        self.folded_headers = {c: fold_header(mapping.headers.get(c) or "") or "\x00" for c in self.mapped}

    def own(self, row: int, col: int) -> Any:
        """The cell's own value, None when it is covered by a merge."""
        if self.grid.origin(row, col) is not None:
            return None
        return self.grid.value(row, col)

    def run(self) -> Grouping:
        out = Grouping([])
        current: LedgerRecord | None = None
        for row in self.grid.row_numbers(self.mapping.data_start):
            if _is_note(self.grid, row):
                out.note_rows.append(row)
                continue
            if all(is_blank(self.own(row, c)) for c in self.mapped):
                out.blank_rows += 1
                continue
            if _is_header_again(self.grid, row, self.folded_headers, self.key_col):
                out.header_rows.append(row)
                continue
            out.data_rows += 1
            if current is None and self.continuation_only(row):
                current = self.start(len(out.records), row)
                current.orphan = True
                key = self.spec.key_field
                current.problems.append((row, key, Issue("ledger.continuation_first", key, None)))
                out.records.append(current)
            elif current is None or not self.continues(current, row):
                current = self.start(len(out.records), row)
                out.records.append(current)
        return out

    def continuation_only(self, row: int) -> bool:
        """A row whose record cells are all empty or merged, except capability cells: it continues a record."""
        shared = CAPABILITY_CELLS if capability_cells.LIST in self.list_cols else ()
        return all(is_blank(self.own(row, c)) for k, c in self.rec_cols if k not in shared)

    def continues(self, rec: LedgerRecord, row: int) -> bool:
        """Whether ``row`` belongs to ``rec`` (and, if so, take its list items and new values)."""
        state = "blank"
        if self.key_col is not None:
            key_own = self.own(row, self.key_col)
            if self.grid.origin(row, self.key_col) is not None:
                state = "merged"
            elif isinstance(key_own, _UNREADABLE):
                return False  # a record of its own, whose problem is reported where it starts
            elif is_blank(key_own):
                state = "blank"
            elif fold_value(key_own) == fold_value(rec.values.get(self.spec.key_field)):
                state = "same"
            else:
                return False
        conflicts: list[tuple[str, int, Any]] = []
        fills: list[tuple[str, Any]] = []
        unreadable: list[tuple[str, CellTooLong | CellNotADate | CellNotANumber]] = []
        shared = CAPABILITY_CELLS if capability_cells.LIST in self.list_cols else ()
        for fkey, col in self.rec_cols:
            if fkey == self.spec.key_field or fkey in shared:
                continue
            value = self.own(row, col)
            if isinstance(value, _UNREADABLE):
                unreadable.append((fkey, value))
                continue
            if is_blank(value) or isinstance(value, CellError):
                continue
            current = rec.values.get(fkey)
            if is_blank(current):
                fills.append((fkey, value))
            elif not self.same(fkey, value, current):
                conflicts.append((fkey, col, value))
        if conflicts and state != "merged":
            return False
        for fkey, col, value in conflicts:
            params = {"row": rec.value_rows.get(fkey, rec.first_row), "first": clean(rec.values.get(fkey)) or ""}
            rec.problems.append((row, fkey, Issue("ledger.continuation_conflict", fkey, _plain(value), params)))
        for fkey, value in fills:
            rec.values[fkey] = value
            rec.value_rows[fkey] = row
        for fkey, cell in unreadable:
            rec.problems.append((row, fkey, _unreadable(fkey, cell)))
        self.take_children(rec, row)
        rec.last_row = row
        return True

    def same(self, fkey: str, a: Any, b: Any) -> bool:
        if fold_value(a) == fold_value(b):
            return True
        if self.spec.field(fkey).type == "date":
            from labregistry.domain.dates import parse_date
            from labregistry.errors import DomainError

            try:
                return parse_date(a) == parse_date(b)
            except DomainError:
                return False
        return False

    def start(self, index: int, row: int) -> LedgerRecord:
        values: dict[str, Any] = {}
        rows: dict[str, int] = {}
        rec = LedgerRecord(index, row, row, values, rows)
        for fkey, col in self.rec_cols:
            values[fkey] = self.value(rec, row, col, fkey)
            rows[fkey] = row
        self.take_children(rec, row)
        return rec

    def value(self, rec: LedgerRecord, row: int, col: int, fkey: str) -> Any:
        value = self.grid.effective(row, col)
        if isinstance(value, CellError):
            rec.problems.append((row, fkey, Issue("ledger.cell_error", fkey, str(value), {"value": str(value)})))
            return None
        if isinstance(value, _UNREADABLE):
            rec.problems.append((row, fkey, _unreadable(fkey, value)))
            return None
        return value

    def take_children(self, rec: LedgerRecord, row: int) -> None:
        for name, cols in self.list_cols.items():
            if not any(not is_blank(self.own(row, col)) for _a, _k, col in cols):
                continue
            values = {attr: self.value(rec, row, col, fkey) for attr, fkey, col in cols}
            rec.children.setdefault(name, []).append(ChildRow(row, values))


_UNREADABLE = (CellTooLong, CellNotADate, CellNotANumber)
"""Cells the reader could not turn into a value: each is a problem of its record."""


def _unreadable(fkey: str, cell: CellTooLong | CellNotADate | CellNotANumber) -> Issue:
    """The problem of a cell longer than Excel allows (its text is not kept: no value shown),
    or of a date-typed cell holding no date, or a number cell no number (its text, which
    nobody saw in Excel, is named)."""
    if isinstance(cell, CellNotADate):
        return Issue("ledger.cell_not_a_date", fkey, cell.text, {"value": cell.text})
    if isinstance(cell, CellNotANumber):
        return Issue("ledger.cell_not_a_number", fkey, cell.text, {"value": cell.text})
    return Issue("ledger.cell_too_long", fkey, None, {"length": cell.length, "limit": MAX_CELL_CHARS})


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def group_rows(spec: KindSpec, grid: SheetGrid, mapping: ColumnMapping) -> Grouping:
    """Records of the sheet below the header of ``mapping``; duplicates are marked as problems."""
    grouping = _Grouper(spec, grid, mapping).run()
    for rec in grouping.records:
        if capability_cells.LIST in rec.children:
            _capabilities(rec)
    _mark_duplicates(spec, grouping.records)
    return grouping


def _capabilities(rec: LedgerRecord) -> None:
    """Each row's raw capability cells read as capability rows (repeats dropped); the first is the
    standard's own range and accuracy. Rows that say no more than those are no rows (the default)."""
    out: list[ChildRow] = []
    seen: set[tuple[str, ...]] = set()
    for child in rec.children.pop(capability_cells.LIST):
        rec.cells.update(((child.row, key), value) for key, value in child.values.items() if key in CAPABILITY_CELLS)
        rows, problem = capability_cells.capability_values(child.values)
        if problem is not None:
            rec.problems.append((child.row, *problem))
        for values in rows:
            identity = tuple(fold_value(v) for v in values.values())
            if identity not in seen:
                seen.add(identity)
                out.append(ChildRow(child.row, values))
    if not out or capability_cells.is_default([c.values for c in out], rec.values, fold_value):
        return
    rec.children[capability_cells.LIST] = out
    for key in CAPABILITY_CELLS:
        if key in rec.values or out[0].values[key] is not None:
            rec.values[key] = out[0].values[key]
            rec.value_rows[key] = out[0].row


def _identities(spec: KindSpec, rec: LedgerRecord) -> list[tuple[str, str, int, str]]:
    """(identity, field key, row, message subject) that must be unique within a ledger."""
    if spec.name != "staff":
        key = fold_value(rec.values.get(spec.key_field))
        return [("c:" + key, spec.key_field, rec.first_row, "certificate")] if key else []
    out = []
    for child in rec.children.get("credentials", []):
        number = fold_value(child.values.get("certificate_no"))
        if number:
            out.append(("c:" + number, "credentials.certificate_no", child.row, "certificate"))
    if not out:
        name = fold_value(rec.values.get("name"))
        if name:
            out.append((f"p:{name}|{fold_value(rec.values.get('department'))}", "name", rec.first_row, "person"))
    return out


def _mark_duplicates(spec: KindSpec, records: list[LedgerRecord]) -> None:
    seen: dict[str, int] = {}
    for rec in records:
        for identity, fkey, row, what in _identities(spec, rec):
            if identity in seen and seen[identity] != row:
                params = {"row": seen[identity], "what": i18n.tr(f"ledger.what.{what}", "zh"),
                          "what_en": i18n.tr(f"ledger.what.{what}", "en")}
                value = rec.values.get(fkey) if "." not in fkey else None
                if value is None:
                    value = next((c.values.get("certificate_no") for c in rec.children.get("credentials", [])
                                  if c.row == row), None)
                rec.problems.append((row, fkey, Issue("ledger.duplicate", fkey, value, params)))
            else:
                seen.setdefault(identity, row)
