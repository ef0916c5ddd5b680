"""A list as it is shown (filter, search, order) to Excel, to PDF, or to the printer.

The rows are read in the background in the list's own order (pinyin for names included);
Excel goes through the core's report writer (``services.list_report``: the safe cell
writer, never over registry data, the same file as ``list ... --report``); PDF and paper
show the same columns and words on landscape pages (:mod:`ui.printing`), the PDF through
the same painting as the print preview. PDF and paper hold at most :data:`PRINT_LIMIT`
rows (a 200,000-row list is for Excel) and say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from labregistry.i18n import tr as core_message
from labregistry.domain import usability
from labregistry.domain.text import printable
from labregistry.errors import DomainError
from labregistry.outputs import check_target
from labregistry.registry import Registry
from labregistry.services import institutes, list_report, listing
from ui import errors, files, i18n, printing, workers

PRINT_LIMIT = 2000
CHUNK = 500
EXCEL = "xlsx"
PDF = "pdf"
PRINT = "print"


@dataclass
class Listed:
    """The rows of a list, in its order, and what the list was."""

    kind: str
    rows: list[dict[str, Any]]
    institute: str
    within: int | None


def read_rows(reg: Registry, kind: str, ids: list[int], within: int | None, today: dt.date) -> Listed:
    """The list rows of ``ids`` in that order (in the background), standards with their state."""
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        found = listing.rows_by_ids(reg, kind, part)
        rows.extend(found[i] for i in part if i in found)
    if kind == "standards":
        rows = [{**row, "state": usability.row_state(row, today)} for row in rows]
    own = institutes.own_institute(reg) or {}
    return Listed(kind, rows, str(own.get("name") or ""), within)


def read_instruments(reg: Registry, within: int, today: dt.date) -> Listed:
    """The own instruments due within ``within`` days, the overdue included, soonest first."""
    rows = listing.list_instruments(reg, due_within=within, today=today)
    own = institutes.own_institute(reg) or {}
    return Listed("instruments", rows, str(own.get("name") or ""), within)


def file_name(listed: Listed, suffix: str) -> str:
    title = core_message(f"list_report.title.{listed.kind}", i18n.core_lang(), institute=listed.institute)
    return f"{title}-{dt.date.today().isoformat()}.{suffix}"


def html(listed: Listed) -> str:
    """The list as a printable table, in the UI language."""
    language = i18n.doc_language()
    columns = list_report.COLUMNS[listed.kind]
    headers = [en if language == "en" else zh for _key, zh, en, _w in columns]
    shown = listed.rows[:PRINT_LIMIT]
    body = [[printable(list_report.cell_text(key, row.get(key), language)) for key, *_ in columns]
            for row in shown]
    colon = ": " if language == "en" else "："
    lines = [
        core_message("list_report.filter", language) + colon
        + list_report.filter_text(listed.kind, listed.within, language),
        core_message("list_report.count", language) + colon + str(len(listed.rows)),
    ]
    if len(listed.rows) > PRINT_LIMIT:
        lines.append(
            QCoreApplication.translate(
                "ListReports", "The first %1 rows are printed; export to Excel for all of them."
            ).replace("%1", str(PRINT_LIMIT))
        )
    title = core_message(f"list_report.title.{listed.kind}", language, institute=listed.institute)
    return printing.table_html(title, lines, headers, body)


class ListReports:
    """Runs an export or a print of one list (keeps its ops referenced). It holds no widget:
    the window is given with each run (a window kept by its own helper outlived its deletion)."""

    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self.op: workers.Op[Any] | None = None
        self.last: Path | None = None  # the file last written (for the status bar and tests)

    def run(self, parent: QWidget, kind: str, ids: list[int], within: int | None, how: str) -> None:
        reg, today = self.reg, dt.date.today()
        self._read_then_deliver(parent, lambda: read_rows(reg, kind, ids, within, today), how)

    def run_instruments(self, parent: QWidget, within: int, how: str) -> None:
        """The own instruments due for calibration within ``within`` days (the overdue first),
        as the overview lists them, to Excel, PDF or paper."""
        reg, today = self.reg, dt.date.today()
        self._read_then_deliver(parent, lambda: read_instruments(reg, within, today), how)

    def _read_then_deliver(self, parent: QWidget, read: Callable[[], Listed], how: str) -> None:
        if self.op is not None and not self.op.done:
            return
        self.op = (
            workers.Op(lambda _p: read(), parent=parent)
            .success(lambda listed: self._deliver(parent, listed, how))
            .with_progress(QCoreApplication.translate("ListReports", "Reading the list ..."), cancellable=False)
            .run()
        )

    def _deliver(self, parent: QWidget, listed: Listed, how: str) -> None:
        if how == PRINT:
            title = core_message(f"list_report.title.{listed.kind}", i18n.core_lang(), institute=listed.institute)
            printing.preview(parent, title, html(listed))
            return
        if how == PDF:
            title = QCoreApplication.translate("ListReports", "Save the list as PDF")
            target = files.save_for(parent, files.REPORTS, title, file_name(listed, "pdf"), "PDF (*.pdf)")
            if target is None:
                return
            target = target.with_suffix(".pdf")
            try:
                check_target(self.reg.home, target)  # never over the registry's own files
            except DomainError as exc:
                errors.show_domain_error(parent, exc)
                return
            printing.save_pdf(target, html(listed))
            self.last = target
            return
        title = QCoreApplication.translate("ListReports", "Save the list as Excel")
        target = files.save_for(parent, files.REPORTS, title, file_name(listed, "xlsx"), "Excel (*.xlsx)")
        if target is None:
            return
        out, reg, language = target.with_suffix(".xlsx"), self.reg, i18n.doc_language()
        self.op = (
            workers.Op(
                lambda _p: list_report.write_list_report(
                    reg, out, listed.kind, listed.rows, institute=listed.institute, within=listed.within,
                    language=language
                ),
                parent=parent,
            )
            .success(lambda report: setattr(self, "last", report.path))
            .with_progress(QCoreApplication.translate("ListReports", "Writing the list ..."), cancellable=False)
            .run()
        )
