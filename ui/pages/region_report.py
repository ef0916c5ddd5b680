"""The coordinator's view: the region against the integration plan's targets.

The figures are the report's (:mod:`labregistry.services.region_report`), counted on a
worker when the page is first shown or refreshed: the targets and what has been reached,
then each section with its definitions, its bar charts and its table. The designations the
targets count (industry test centres, technical committees) are edited on the page
(:mod:`ui.pages.designations_panel`), which counts the figures again. The export buttons
write the report already shown to an Excel or PDF file (also on a worker), the same file
as ``labregistry region-report -o OUT``. The page only lays out what the core counted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from labregistry.regionreport.model import RegionReport, Section
from labregistry.registry import Registry
from labregistry.services import region_report
from ui import errors, files, i18n, workers
from ui.pages.designations_panel import DesignationsPanel
from ui.pages.overview import fill_table, small_table
from ui.widgets.charts import Bar, BarChart
from ui.widgets.common import push_button

FILTERS = {"xlsx": "Excel (*.xlsx)", "pdf": "PDF (*.pdf)"}


def _shown(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class RegionReportPage(QWidget):
    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("page_region")
        self.report: RegionReport | None = None
        self.last_written: Path | None = None
        self._loading: workers.Op[RegionReport] | None = None
        self._writing: workers.Op[Path] | None = None
        self.charts: dict[str, list[BarChart]] = {}
        self.tables: dict[str, QTableWidget] = {}

        self.summary = QLabel()
        self.summary.setObjectName("region_summary")
        self.summary.setWordWrap(True)
        self.refresh_button = push_button(self.tr("Refresh"), "region_refresh", self.refresh)
        self.excel_button = push_button(
            self.tr("Export to Excel ..."), "region_export_xlsx", self.export_excel
        )
        self.pdf_button = push_button(self.tr("Export to PDF ..."), "region_export_pdf", self.export_pdf)
        for button in (self.excel_button, self.pdf_button):
            button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.refresh_button, self.excel_button, self.pdf_button):
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

        self.targets = small_table([self.tr("Indicator"), self.tr("Target"), self.tr("Reached"), self.tr("Progress (%)")],
                                   "region_targets", stretch=0)
        self.targets.setAccessibleName(self.tr("Targets of the integration plan"))
        targets_box = QGroupBox(self.tr("Targets of the integration plan"))
        QVBoxLayout(targets_box).addWidget(self.targets)

        self.designations = DesignationsPanel(reg)
        self.designations.changed.connect(self.refresh)  # the targets count the designations

        self.sections = QVBoxLayout()
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(targets_box)
        body_layout.addWidget(self.designations)
        body_layout.addLayout(self.sections)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(scroll, 1)

    # -- loading ---------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        if self.report is None and self._loading is None:
            self.refresh()

    def refresh(self) -> None:
        if self._loading is not None and not self._loading.done:
            return
        reg, language = self.reg, i18n.doc_language()
        self.refresh_button.setEnabled(False)
        self.summary.setText(self.tr("Counting the region's figures ..."))
        self._loading = (
            workers.Op(lambda _progress: region_report.build(reg, language=language), parent=self)
            .success(self.show_report)
            .failure(self._failed)
            .run()
        )

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.summary.setText("")
        errors.show_exception(self, exc)

    def show_report(self, report: RegionReport) -> None:
        self.report = report
        self.refresh_button.setEnabled(True)
        for button in (self.excel_button, self.pdf_button):
            button.setEnabled(True)
        self.summary.setText(
            self.tr("Counted on %1 from the records of %n institute(s) in this registry, since %2.", "",
                    report.institutes)
            .replace("%1", report.on.isoformat()).replace("%2", report.since.isoformat()))
        targets = [t for s in report.sections for t in s.targets]
        fill_table(self.targets, [[t.label, t.target, t.reached, _shown(t.percent)] for t in targets],
                   right=frozenset({1, 2, 3}))
        while self.sections.count():
            item = self.sections.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.charts, self.tables = {}, {}
        for section in report.sections:
            self.sections.addWidget(self._section_box(section))

    def _section_box(self, section: Section) -> QGroupBox:
        box = QGroupBox(section.title)
        box.setObjectName(f"region_section_{section.key}")
        layout = QVBoxLayout(box)
        for label, value in section.facts:
            colon = "：" if i18n.core_lang() == "zh" else ": "
            text = QLabel(f"{label}{colon}{_shown(value)}")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(text)
        charts = []
        for chart in section.charts:
            if not chart.bars:
                continue
            view = BarChart(limit=20)
            view.setObjectName(f"region_chart_{section.key}_{len(charts)}")
            view.setAccessibleName(chart.title)
            view.set_bars([Bar(label, value) for label, value in chart.bars])
            layout.addWidget(QLabel(f"<b>{chart.title}</b>"))
            layout.addWidget(view)
            charts.append(view)
        self.charts[section.key] = charts
        table = small_table([c.heading for c in section.columns], f"region_table_{section.key}")
        table.setAccessibleName(section.title)
        numeric = frozenset(i for i, c in enumerate(section.columns)
                            if section.rows and all(isinstance(r.get(c.key), int) for r in section.rows))
        fill_table(table, [[_shown(r.get(c.key)) for c in section.columns] for r in section.rows], right=numeric)
        self.tables[section.key] = table
        layout.addWidget(table)
        return box

    # -- export ----------------------------------------------------------------

    def export_excel(self) -> None:
        self.export("xlsx")

    def export_pdf(self) -> None:
        self.export("pdf")

    def export(self, suffix: str) -> None:
        report, reg = self.report, self.reg
        if report is None or (self._writing is not None and not self._writing.done):
            return
        name = f"{report.title}-{report.on.isoformat()}.{suffix}"
        target = files.save_for(self, files.REPORTS, self.tr("Export the region report"), name, FILTERS[suffix])
        if target is None:
            return
        out = target.with_suffix(f".{suffix}")
        self._writing = (
            workers.Op(lambda _p: region_report.write_report(reg, report, out), parent=self)
            .success(self._written)
            .with_progress(self.tr("Writing the region report ..."), cancellable=False)
            .run()
        )

    def _written(self, path: Path) -> None:
        self.last_written = path
        box = QMessageBox(self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Region report"))
        box.setText(self.tr("The region report was written to %1.").replace("%1", str(path)))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        errors.exec_dialog(box)
