"""Old Excel (.xls, BIFF) and OpenDocument (.ods) ledgers, read through python-calamine.

Many institutes still keep their ledgers as Excel 97-2003 workbooks or save them from
LibreOffice or WPS as .ods. Calamine reads the data of such a file: the values its cells
show, never a formula (a formula cell reads as its last computed value), with the merged
ranges of an .xls (an .ods reports none). The sheets are copied, values and merges, into
an .xlsx in memory, so that everything after it (the header, the rows, the annotated
report, which is therefore an .xlsx) is what it is for an .xlsx ledger.

WPS's own .et format is not read: calamine does not know it; the user is asked to save
the file as .xlsx in WPS.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from labregistry.errors import DomainError
from labregistry.ledger.reader import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS
from labregistry.xlsx.preflight import read_limited

SUFFIXES = (".xls", ".ods")


def xlsx_bytes(path: Path) -> bytes:
    """The sheets of the .xls/.ods at ``path`` (values and merges) as the bytes of an .xlsx;
    DomainError ``ledger.unreadable`` when calamine cannot read it."""
    data = read_limited(path)  # the same size limit as an .xlsx ledger; read once
    try:
        return _convert(data)
    except DomainError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged or hostile file never gives a traceback
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:160]
        raise DomainError("ledger.unreadable", file=path.name, reason=reason) from None


def _convert(data: bytes) -> bytes:
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    source = CalamineWorkbook.from_filelike(io.BytesIO(data))
    out = Workbook()
    out.remove(out.active)
    for meta in source.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        sheet = source.get_sheet_by_name(meta.name)
        ws = out.create_sheet(meta.name)
        if meta.visible != SheetVisibleEnum.Visible:
            ws.sheet_state = "hidden"
        _copy(sheet, ws)
    if not out.worksheets:
        out.create_sheet("Sheet1")
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _copy(sheet: Any, ws: Any) -> None:
    """Values (cut to the ledger reader's limits) and merged ranges of one sheet."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    top, left = sheet.start or (0, 0)
    for r, row in enumerate(sheet.iter_rows(), start=top + 1):
        if r > MAX_ROWS + 100:
            break  # the reader refuses the sheet for its rows; no need to copy more
        for c, value in enumerate(row[: MAX_COLUMNS], start=left + 1):
            cell_value = _value(value)
            if cell_value is None:
                continue
            if isinstance(cell_value, str):
                cell_value = ILLEGAL_CHARACTERS_RE.sub("", cell_value)[: MAX_CELL_CHARS + 1]
            ws.cell(r, c, cell_value)
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        if (r0, c0) != (r1, c1):
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)


def _value(value: Any) -> Any:
    """A cell value as an .xlsx holds it (a date as a date; an empty text as no value)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.time) or isinstance(value, dt.timedelta):
        return str(value)
    return value
