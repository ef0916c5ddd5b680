"""Printing a list or a search as a table: a preview first, landscape pages, readable columns.

Lists are wide (eight to fifteen columns): on portrait paper they wrap every cell. The
preview (``QPrintPreviewDialog``) shows the pages before any paper is used, and prints
from its toolbar; the same painting (:func:`paint_html`) serves both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtGui import QPageLayout, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from ui import errors

_UNBROKEN = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?|\S{1,12}")

# Small type, thin rules, the header on every page (Qt repeats a table's <thead>).
TABLE_CSS = (
    "body { font-size: 8pt; }"
    "table { border-collapse: collapse; }"
    "th { background-color: #e8e8e8; font-weight: bold; text-align: left; }"
    "th, td { border: 1px solid #999999; padding: 2px 4px; }"
    "h2 { font-size: 12pt; }"
)


def table_html(title: str, lines: Sequence[str], headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A title, lines of text under it, and a full-width table; every value escaped."""
    parts = [f"<h2>{escape(title)}</h2>"]
    parts.extend(f"<p>{escape(line)}</p>" for line in lines)
    parts.append('<table width="100%" cellspacing="0" cellpadding="2"><thead><tr>')
    parts.extend(f"<th>{escape(str(h))}</th>" for h in headers)
    parts.append("</tr></thead>")
    for row in rows:
        parts.append("<tr>" + "".join(_cell(v) for v in row) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if _UNBROKEN.fullmatch(text):  # a date or a short code broken over two lines reads wrong
        return f'<td style="white-space: nowrap">{escape(text)}</td>'
    return f"<td>{escape(text)}</td>"


def landscape_printer(title: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setDocName(title)
    return printer


def paint_html(printer: QPrinter, html: str) -> None:
    """Lay ``html`` out on the printer's pages (the preview paints through this too)."""
    document = QTextDocument()
    document.setDefaultStyleSheet(TABLE_CSS)
    document.setHtml(html)
    document.print_(printer)


def save_pdf(path: Path, html: str) -> None:
    """``html`` on landscape A4 pages in a PDF file (what the preview would print)."""
    printer = landscape_printer(path.stem)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    paint_html(printer, html)


def preview(parent: QWidget | None, title: str, html: str) -> bool:
    """The print preview of ``html`` on landscape pages; True when the user printed."""
    printer = landscape_printer(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("print_preview")
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda target: paint_html(target, html))
    try:
        return errors.exec_dialog(dialog) == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
