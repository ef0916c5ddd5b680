"""Catalogue files: the Excel template, and reading its sheets into catalogue rows.

A catalogue file has a sheet per catalogue, ``规程 Procedures`` and ``代码 Codes``, each with
a bilingual header in row 1 and data from row 2. Columns are found by their header (the
Chinese or the English word), so a file exported from another system with its columns in
another order reads the same. Every row is checked before anything is stored: the first
problem refuses the whole file, naming the file, sheet, row, column and the rule broken.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labregistry import i18n
from labregistry.domain.catalogue import SUPERSEDED, CodeEntry, ProcedureEntry, status_from_word
from labregistry.domain.codes import parse_procedure, standard_code_issues
from labregistry.domain.dates import parse_date
from labregistry.domain.validation import text_issue
from labregistry.errors import DomainError
from labregistry.files import atomic_write
from labregistry.ledger.reader import SheetGrid, open_ledger
from labregistry.xlsx import cells

PROCEDURES, CODES = "procedures", "codes"
SHEETS = {PROCEDURES: "规程 Procedures", CODES: "代码 Codes"}


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    required: bool = False
    width: int = 16

    @property
    def header(self) -> str:
        return f"{self.zh} {self.en}"


COLUMNS: dict[str, tuple[Column, ...]] = {
    PROCEDURES: (
        Column("number", "编号", "Number", True, 18),
        Column("title", "名称", "Title", width=40),
        Column("status", "状态", "Status", True, 12),
        Column("replaced_by", "代替者", "Replaced by", width=18),
        Column("date", "日期", "Date", width=14),
        Column("source", "来源", "Source", width=50),
    ),
    CODES: (
        Column("code", "代码", "Code", True, 12),
        Column("name", "名称", "Name", True, 40),
        Column("source", "来源", "Source", width=50),
    ),
}


@dataclass(frozen=True)
class CatalogueRows:
    """What a catalogue file holds, checked: ``kinds`` lists the sheets read."""

    codes: tuple[CodeEntry, ...]
    procedures: tuple[ProcedureEntry, ...]
    kinds: tuple[str, ...]


# ---------------------------------------------------------------------------- reading


def read_catalogue_file(path: Path, kind: str | None = None,
                        replacements: Mapping[str, str | None] | None = None) -> CatalogueRows:
    """Every catalogue sheet of ``path`` (or the one of ``kind``), checked; DomainError on the first problem.

    ``replacements`` (``{number: replaced_by}``) is the catalogue in force, which the file's rows
    update: together they may not replace editions in a circle."""
    found: dict[str, Any] = {}
    with open_ledger(path) as book:
        wanted = [kind] if kind else list(SHEETS)
        for k in wanted:
            if SHEETS[k] in book.visible_sheets:
                found[k] = book.read_sheet(SHEETS[k])
        if not found and kind and book.visible_sheets:  # a file of its own: its first sheet
            found[kind] = book.read_sheet(book.visible_sheets[0])
        if not found:
            raise DomainError("catalogue.no_sheet", file=path.name, sheets="、".join(SHEETS[k] for k in wanted))
    codes = _read(found[CODES], CODES, _code_row, {}) if CODES in found else []
    row_of: dict[str, int] = {}
    procedures = _read(found[PROCEDURES], PROCEDURES, _procedure_row, row_of) if PROCEDURES in found else []
    if procedures:
        _refuse_cycles(found[PROCEDURES], procedures, row_of, replacements or {})
    return CatalogueRows(tuple(codes), tuple(procedures), tuple(found))


class _Refusal(Exception):
    def __init__(self, key: str, rule: str, **params: Any) -> None:
        self.key, self.rule, self.params = key, rule, params


def _read(grid: SheetGrid, kind: str, make: Callable[[dict[str, Any]], Any], first_row: dict[str, int]) -> list[Any]:
    """The sheet's entries, checked row by row; ``first_row`` is filled with each entry's row."""
    columns = _columns(grid, kind)
    rows: list[Any] = []
    for r in grid.row_numbers(2):
        values = {key: _clean(grid.value(r, c)) for key, c in columns.items()}
        if all(v is None for v in values.values()):
            continue
        try:
            for key, value in values.items():  # the character rule of every entry point (docs/security.md)
                if (issue := text_issue(value, key)) is not None:
                    raise _Refusal(key, "unsafe", **issue.params)
            entry = make(values)
            key = entry.number if kind == PROCEDURES else entry.code
            if key in first_row:
                raise _Refusal("number" if kind == PROCEDURES else "code", "duplicate", first=first_row[key])
        except _Refusal as refusal:
            column = next(c for c in COLUMNS[kind] if c.key == refusal.key)
            rule = f"catalogue.rule.{refusal.rule}"  # in both languages: the error renders in the user's
            raise DomainError("catalogue.cell", file=grid.file, sheet=grid.sheet, row=r,
                              column=_letter(columns.get(refusal.key, 0)), header=column.header,
                              rule_zh=i18n.tr(rule, "zh", **refusal.params),
                              rule_en=i18n.tr(rule, "en", **refusal.params)) from None
        first_row[key] = r
        rows.append(entry)
    if not rows:
        raise DomainError("catalogue.empty", file=grid.file, sheet=grid.sheet)
    return rows


def _refuse_cycles(grid: SheetGrid, rows: list[ProcedureEntry], row_of: Mapping[str, int],
                   replacements: Mapping[str, str | None]) -> None:
    """Refuse the file's last row on a circle of replacements (A by B, B by A), the catalogue in
    force and the file taken together: a service citing A would be sent to an edition in force
    that is not there."""
    by = {**replacements, **{p.number: p.replaced_by for p in rows}}
    on_circle = [p.number for p in rows if _circle(by, p.number)]
    if not on_circle:
        return
    last = max(on_circle, key=row_of.__getitem__)
    text = " → ".join(_circle(by, last) or ())
    column = next(c for c in COLUMNS[PROCEDURES] if c.key == "replaced_by")
    raise DomainError("catalogue.cell", file=grid.file, sheet=grid.sheet, row=row_of[last],
                      column=_letter(_columns(grid, PROCEDURES).get("replaced_by", 0)), header=column.header,
                      rule_zh=i18n.tr("catalogue.rule.cycle", "zh", chain=text),
                      rule_en=i18n.tr("catalogue.rule.cycle", "en", chain=text))


def _circle(by: Mapping[str, str | None], start: str) -> list[str] | None:
    """The editions from ``start`` round to ``start`` again, or None when the chain ends."""
    chain, seen = [start], {start}
    while (nxt := by.get(chain[-1])) is not None:
        chain.append(nxt)
        if nxt == start:
            return chain
        if nxt in seen:
            return None  # a circle further on, not through start
        seen.add(nxt)
    return None


def _columns(grid: SheetGrid, kind: str) -> dict[str, int]:
    """``{key: column number}`` from the header row (either language's word)."""
    headers = {c: re.sub(r"[\s*]", "", str(v)).lower() for c, v in enumerate(grid.rows.get(1, ()), start=1) if v}
    found: dict[str, int] = {}
    for column in COLUMNS[kind]:
        for c, text in headers.items():
            if column.zh in text or column.en.replace(" ", "").lower() in text:
                found.setdefault(column.key, c)
        if column.required and column.key not in found:
            raise DomainError("catalogue.no_column", file=grid.file, sheet=grid.sheet, header=column.header)
    return found


def _procedure_row(v: dict[str, Any]) -> ProcedureEntry:
    number = _edition(v.get("number"), "number", "number")
    status = status_from_word(v.get("status"))
    if v.get("status") is None:
        raise _Refusal("status", "required")
    if status is None:
        raise _Refusal("status", "status")
    replaced_by = None
    if v.get("replaced_by") is not None or status == SUPERSEDED:
        replaced_by = _edition(v.get("replaced_by"), "replaced_by", "replaced_by")
        if replaced_by == number:
            raise _Refusal("replaced_by", "replaced_by")
        (series, year), (by_series, by_year) = number.rsplit("-", 1), replaced_by.rsplit("-", 1)
        if by_series == series and int(by_year) < int(year):
            raise _Refusal("replaced_by", "replaced_by_older", replaced_by=replaced_by, number=number)
    return ProcedureEntry(number, str(v.get("title") or ""), status, replaced_by, _date(v.get("date")),
                          str(v.get("source") or ""))


def _edition(value: Any, key: str, rule: str) -> str:
    if value is None:
        raise _Refusal(key, "required" if rule == "number" else rule)
    try:
        p = parse_procedure(value)
    except DomainError:
        raise _Refusal(key, rule) from None
    if p.year is None or not p.kind.startswith("JJ"):
        raise _Refusal(key, rule)
    return p.text


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)  # a date cell, an Excel serial, or text as people write dates
    except DomainError:
        raise _Refusal("date", "date") from None


def _code_row(v: dict[str, Any]) -> CodeEntry:
    raw = v.get("code")
    if raw is None:
        raise _Refusal("code", "required")
    code = f"{raw:08d}" if isinstance(raw, int) else str(raw).strip()
    if any(not i.warning for i in standard_code_issues(code)):
        raise _Refusal("code", "code")
    if v.get("name") is None:
        raise _Refusal("name", "required")
    return CodeEntry(code, str(v["name"]), str(v.get("source") or ""))


def _clean(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def _letter(col: int) -> str:
    from labregistry.xlsx.refs import column_letter

    return column_letter(col) if col else "?"


# ---------------------------------------------------------------------------- template


def build_template(kinds: tuple[str, ...] = (PROCEDURES, CODES)) -> bytes:
    """A blank catalogue file: one sheet per kind, the header frozen, one example row each."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    examples: dict[str, list[Any]] = {PROCEDURES: ["JJG 41-1990", "", "被代替", "JJF 1207-2008", dt.date(2008, 12, 6), "JJF 1207-2008 封面"],
                CODES: ["01219000", "其他线纹类计量标准", "JJF 1022-2014"]}
    for kind in kinds:
        ws = wb.create_sheet(SHEETS[kind])
        for n, column in enumerate(COLUMNS[kind], start=1):
            c = cells.put(ws.cell(1, n), column.header + (" *" if column.required else ""))
            c.font = Font(bold=True)
            ws.column_dimensions[_letter(n)].width = column.width
            cells.put(ws.cell(2, n), examples[kind][n - 1])
            if column.key in ("code", "number", "replaced_by"):
                ws.cell(2, n).number_format = "@"
            if column.key == "date":
                ws.cell(2, n).number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_template(out: Path, kinds: tuple[str, ...] = (PROCEDURES, CODES)) -> Path:
    atomic_write(out, build_template(kinds), mode=0o644)
    return out
