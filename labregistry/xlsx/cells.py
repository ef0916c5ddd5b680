"""Cells that hold data, never formulas: the one way the openpyxl writers put a value in a cell.

openpyxl decides a cell's type from its value: a text that starts with ``=`` becomes a
formula (``=cmd|' /C calc'!A0`` from a peer's institute name would run on the machine
of whoever opens a search report), ``#N/A`` and the other error codes become error
values, ``True`` a boolean (which spreadsheet programs turn into formulas). Every report,
ledger report and template goes through :func:`put` or :func:`cell` instead, which:

- write text as text (an inline string), whatever it starts with, and mark text that
  starts with ``=`` ``+`` ``-`` ``@``, a tab or a line break with Excel's quote prefix,
  so that editing the cell in Excel, WPS or LibreOffice does not turn it into a formula;
- show control, bidi and invisible characters escaped (:func:`.textrules.visible_output`),
  which also keeps the characters XML cannot hold out of the file, and write an OOXML
  escape such as ``_x003D_`` so that it is shown as typed, not as the character it names;
- refuse booleans (``TypeError``): a caller writes 是/否 or yes/no text instead.

Numbers, dates and ``None`` are written as they are. The bundle writer
(:mod:`.workbook`) writes its cells' XML itself, text always as an inline string, and
refuses what cannot be kept; it needs none of this.
"""

from __future__ import annotations

import re
from typing import Any

from labregistry.textrules import visible_output

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What a spreadsheet program takes for the start of a formula when a cell is typed or
a CSV file is opened (OWASP's CSV injection list)."""

_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def text(value: str) -> str:
    """``value`` as a cell shows it: unsafe characters escaped, OOXML escapes kept literal."""
    shown = visible_output(value)
    return _OOXML_ESCAPE.sub(r"_x005F_\1", shown) if "_x" in shown else shown


def put(target: Any, value: Any) -> Any:
    """Set the value of the openpyxl cell ``target`` as data (see the module); returns it."""
    if isinstance(value, str):
        shown = text(value)
        target.value = shown
        target.data_type = "s"  # after the value: openpyxl has just typed it "f" or "e"
        if shown.startswith(FORMULA_START):
            target.quotePrefix = True
        return target
    if isinstance(value, bool):
        raise TypeError("a boolean is written as text (是/否), never as a spreadsheet boolean")
    target.value = value
    return target


def cell(ws: Any, value: Any, *, font: Any = None) -> Any:
    """A write-only worksheet's cell holding ``value`` as data, for ``ws.append``."""
    from openpyxl.cell import WriteOnlyCell

    new = put(WriteOnlyCell(ws), value)
    if font is not None:
        new.font = font
    return new


def row(ws: Any, values: list[Any]) -> list[Any]:
    """``values`` for ``ws.append``: each as data. A text that openpyxl would take for a
    formula or an error value becomes a :func:`cell`; the others stay plain values, which
    openpyxl writes the same way, faster (it reuses one cell for them)."""
    from openpyxl.cell.cell import ERROR_CODES

    out: list[Any] = []
    for value in values:
        if isinstance(value, str):
            shown = text(value)
            out.append(cell(ws, shown) if shown.startswith(FORMULA_START) or shown in ERROR_CODES else shown)
        elif isinstance(value, bool):
            raise TypeError("a boolean is written as text (是/否), never as a spreadsheet boolean")
        else:
            out.append(value)
    return out
