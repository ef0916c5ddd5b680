"""The overview page: the own institute, its counts, and what needs attention.

Counts come from ``listing.stats`` and ``listing.count_records``; the standards whose
assessment certificate ends within 180 days or has already ended (re-examination is
applied for about six months before) are listed soonest first; so are the instruments due
for calibration within 60 days or overdue (送检: a standard whose main instrument is overdue
may not be used, docs/instrument-rule.md); standards by discipline (own) and by city
(region); the recent bundle imports with their signature status; a map of the region's
cities shaded by their valid public standards (:mod:`ui.widgets.region_map`). All of it is
read in one background op (:mod:`ui.workers`); clicking a number or a reminder opens the
matching list, clicking a city of the map the regional search of its public standards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from labregistry.domain import usability
from labregistry.registry import Registry
from labregistry.services import city_map, expiries, listing, receipts
from labregistry.services.listing import RecordQuery
from ui import core_reads, i18n, labels, workers
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.record_table import EXPIRING_DAYS, RowIdRole
from ui.widgets.charts import Bar, BarChart, Column, StackedColumns
from ui.widgets.common import menu_action, menu_button, push_button, read_only_table, row_of
from ui.widgets.region_map import RegionMapView

KIND_TITLES = {
    "standards": QT_TRANSLATE_NOOP("OverviewPage", "Measurement standards"),
    "authorisations": QT_TRANSLATE_NOOP("OverviewPage", "Authorisations"),
    "staff": QT_TRANSLATE_NOOP("OverviewPage", "Staff"),
}


REMINDER_ROWS = 8
#: Instruments are sent for calibration a month or two ahead; their periods are a year or two.
INSTRUMENT_DUE_DAYS = 60
VISIBLE_ROWS = 8
RECENT_IMPORTS = 5
CITY_BARS = 12  # the cities with the most standards, in the chart (the table lists them all)
ANCILLARY_NAMED = 3  # overdue ancillary items named in the summary; the table lists them all


@dataclass
class Overview:
    institute: dict[str, Any] | None
    own: dict[str, int] = field(default_factory=dict)
    region: dict[str, int] = field(default_factory=dict)
    expiring: dict[str, int] = field(default_factory=dict)  # ending within EXPIRING_DAYS or ended
    expired: dict[str, int] = field(default_factory=dict)  # already ended (and not revoked)
    reminders: list[dict[str, Any]] = field(default_factory=list)  # soonest first
    instruments: core_reads.InstrumentsDue = field(  # due within INSTRUMENT_DUE_DAYS: counts and the first rows
        default_factory=lambda: core_reads.InstrumentsDue([]))
    needing_recalibration: int = 0  # own standards in force whose main instrument is overdue
    disciplines: list[tuple[str, int]] = field(default_factory=list)
    cities: list[dict[str, Any]] = field(default_factory=list)
    imports: list[dict[str, Any]] = field(default_factory=list)
    months: list[expiries.MonthCount] = field(default_factory=list)  # certificates ending, this month first
    public_map: city_map.PublicStandardsMap | None = None  # the region's valid public standards by city
    today: dt.date = field(default_factory=dt.date.today)


own_institute = core_reads.own_institute


def load_overview(reg: Registry, today: dt.date | None = None) -> Overview:
    today = today or dt.date.today()
    counts = listing.stats(reg)
    expiring = {
        kind: listing.count_records(
            reg, RecordQuery(kind=kind, own_only=True, expiring_within=EXPIRING_DAYS, today=today)
        )
        for kind in KIND_TITLES
    }
    expired = {  # ended before today: "expiring within -1 days"
        kind: listing.count_records(reg, RecordQuery(kind=kind, own_only=True, expiring_within=-1, today=today))
        for kind in KIND_TITLES
    }
    reminders = listing.list_records(
        reg,
        RecordQuery(
            kind="standards", own_only=True, expiring_within=EXPIRING_DAYS, today=today, sort="valid_until"
        ),
        limit=REMINDER_ROWS,
    )
    return Overview(
        institute=own_institute(reg),
        own=counts["own"],
        region=counts["region"],
        expiring=expiring,
        expired=expired,
        reminders=reminders,
        instruments=core_reads.instruments_due(reg, INSTRUMENT_DUE_DAYS, today, rows=REMINDER_ROWS,
                                               ancillary_rows=ANCILLARY_NAMED),
        needing_recalibration=core_reads.overdue(reg, today).standards_need_recalibration,
        disciplines=core_reads.counts_by_discipline(reg),
        cities=core_reads.counts_by_city(reg),
        imports=receipts.received_bundles(reg, limit=RECENT_IMPORTS),
        months=core_reads.expiries_by_month(reg, today),
        public_map=city_map.public_standards_by_city(reg, today),
        today=today,
    )


def city_label(row: dict[str, Any], lang: str) -> str:
    """``上海`` for a municipality, ``江苏 南京`` for a city of a province."""
    province = labels.enum_label("province", row["province"], lang)
    return row["city"] if row["city"] in (row["province"], province) else f"{province} {row['city']}"


def small_table(columns: list[str], name: str, stretch: int | None = None) -> QTableWidget:
    """A read-only table for a few rows (the lists here are short by construction)."""
    table = read_only_table(columns, name)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill_table(table: QTableWidget, rows: list[list[Any]], right: frozenset[int] = frozenset()) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    shown = max(1, min(len(rows), VISIBLE_ROWS))
    height = (
        table.horizontalHeader().sizeHint().height() + shown * table.verticalHeader().defaultSectionSize() + 4
    )
    table.setMinimumHeight(height)
    table.setMaximumHeight(height if len(rows) <= VISIBLE_ROWS else 16777215)


class OverviewPage(QWidget):
    open_list = Signal(str, bool)  # kind, expiring only
    show_in_list = Signal(str, int)  # list kind, record id: the expiring list, that record selected
    show_standard = Signal(int)  # a standard's id: the whole list of standards, that one selected
    setup_requested = Signal()  # the own institute is not set up: open the first-run dialog
    open_exchange = Signal()
    instruments_report_requested = Signal(str)  # "xlsx" | "pdf" | "print": the instruments due, as listed
    search_region = Signal(dict)  # inputs of a regional search (a city's valid public standards, from the map)

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("page_overview")
        self.overview: Overview | None = None
        self._loading: workers.Op[Overview] | None = None

        self.institute_label = QLabel()
        self.institute_label.setObjectName("institute")
        font = QFont(self.institute_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.institute_label.setFont(font)
        self.institute_detail = QLabel()
        self.institute_detail.setObjectName("institute_detail")
        self.institute_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.institute_detail.setWordWrap(True)
        self.institute_label.setWordWrap(True)
        self.setup_button = QPushButton(self.tr("Set up your institute ..."))
        self.setup_button.setObjectName("setup_institute")
        self.setup_button.hide()
        self.setup_button.clicked.connect(self.setup_requested)

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        heads = (
            self.tr("Own institute"),
            self.tr("Already expired"),
            self.tr("Renew within %n day(s)", "", EXPIRING_DAYS),
            self.tr("Whole region"),
        )
        for col, text in enumerate(heads, start=1):
            head = QLabel(f"<b>{text}</b>")
            head.setWordWrap(True)
            head.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(head, 0, col)
        self.count_buttons: dict[tuple[str, str], QToolButton] = {}
        for row, (kind, title) in enumerate(KIND_TITLES.items(), start=1):
            grid.addWidget(QLabel(QCoreApplication.translate("OverviewPage", title)), row, 0)
            for col, which in enumerate(("own", "expired", "expiring", "region"), start=1):
                button = QToolButton()  # unlike a flat QPushButton, no 80-pixel minimum width
                button.setText("–")
                button.setObjectName(f"{kind}_{which}")
                button.setAutoRaise(True)
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.setProperty("kind", kind)
                button.setProperty("expiring", which in ("expired", "expiring"))  # the ended come first
                if which == "region":
                    button.setEnabled(False)  # the region lists come with the inventory page
                else:
                    button.clicked.connect(self._open_list)
                grid.addWidget(button, row, col, Qt.AlignmentFlag.AlignRight)
                self.count_buttons[(kind, which)] = button
        grid.setColumnStretch(5, 1)
        self.institutes_label = QLabel()
        self.institutes_label.setObjectName("institutes")
        self.institutes_label.setWordWrap(True)

        self.refresh_button = push_button(self.tr("Refresh"), "refresh", self.refresh)
        buttons = row_of(self.refresh_button, right=True)

        # re-examination reminder: the own standards whose certificate ends soonest
        self.reminders = small_table(
            [self.tr("Valid until"), self.tr("Days left"), self.tr("Certificate no."), self.tr("Standard")],
            "reminders",
            stretch=3,
        )
        self.reminders.setAccessibleName(self.tr("Certificates to renew"))
        self.reminders.cellClicked.connect(self._reminder_activated)
        self.reminders.cellActivated.connect(self._reminder_activated)
        self.reminders_more = QPushButton()
        self.reminders_more.setObjectName("reminders_more")
        self.reminders_more.setFlat(True)
        self.reminders_more.setCursor(Qt.CursorShape.PointingHandCursor)
        self.reminders_more.clicked.connect(self._open_expiring)
        self.reminders_hint = QLabel(
            self.tr("Apply for re-examination about six months before the certificate ends.")
        )
        self.reminders_hint.setWordWrap(True)
        reminder_box = QGroupBox(
            self.tr("Assessment certificates ended or ending within %n day(s)", "", EXPIRING_DAYS)
        )
        reminder_layout = QVBoxLayout(reminder_box)
        reminder_layout.addWidget(self.reminders_hint)
        reminder_layout.addWidget(self.reminders)
        reminder_layout.addWidget(self.reminders_more, 0, Qt.AlignmentFlag.AlignLeft)

        # calibration (送检) reminder: the own instruments due soonest, the overdue first
        self.instruments = small_table(
            [self.tr("Due"), self.tr("Days left"), self.tr("Certificate no."), self.tr("Instrument"),
             self.tr("Role")],
            "instruments_due",
            stretch=3,
        )
        self.instruments.setAccessibleName(self.tr("Instruments due for calibration"))
        self.instruments.cellClicked.connect(self._instrument_activated)
        self.instruments.cellActivated.connect(self._instrument_activated)
        self.instruments_summary = QLabel()
        self.instruments_summary.setObjectName("instruments_summary")
        self.instruments_summary.setWordWrap(True)
        instruments_box = QGroupBox(
            self.tr("Instruments due for calibration within %n day(s)", "", INSTRUMENT_DUE_DAYS)
        )
        self.instruments_export, export_menu = menu_button(self.tr("Export list"), "instruments_export")
        self.instruments_excel = menu_action(
            export_menu,
            self.tr("To Excel ..."),
            "action_instruments_excel",
            lambda: self.instruments_report_requested.emit("xlsx"),
        )
        self.instruments_pdf = menu_action(
            export_menu,
            self.tr("To PDF ..."),
            "action_instruments_pdf",
            lambda: self.instruments_report_requested.emit("pdf"),
        )
        self.instruments_print = push_button(
            self.tr("Print ..."), "instruments_print", lambda: self.instruments_report_requested.emit("print")
        )
        instruments_buttons = QHBoxLayout()
        instruments_buttons.addWidget(self.instruments_summary, 1)
        instruments_buttons.addWidget(self.instruments_export, 0, Qt.AlignmentFlag.AlignTop)
        instruments_buttons.addWidget(self.instruments_print, 0, Qt.AlignmentFlag.AlignTop)
        instruments_layout = QVBoxLayout(instruments_box)
        instruments_layout.addLayout(instruments_buttons)
        instruments_layout.addWidget(self.instruments)

        self.imports = small_table(
            [self.tr("Received"), self.tr("From"), self.tr("No."), self.tr("Signature"), self.tr("Changes")],
            "imports",
            stretch=1,
        )
        self.imports.setAccessibleName(self.tr("Recent imports"))
        self.imports.cellActivated.connect(self._imports_activated)
        self.no_imports = QLabel(self.tr("No bundles imported yet."))
        imports_box = QGroupBox(self.tr("Recent imports"))
        imports_layout = QVBoxLayout(imports_box)
        imports_layout.addWidget(self.imports)
        imports_layout.addWidget(self.no_imports)
        imports_layout.addStretch(1)

        self.disciplines = small_table(
            [self.tr("Discipline"), self.tr("Standards")], "disciplines", stretch=0
        )
        self.disciplines.setAccessibleName(self.tr("Own standards by discipline"))
        self.discipline_chart = BarChart()
        self.discipline_chart.setObjectName("discipline_chart")
        self.discipline_chart.setAccessibleName(self.tr("Own standards by discipline"))
        discipline_box = QGroupBox(self.tr("Own standards by discipline"))
        discipline_layout = QVBoxLayout(discipline_box)
        discipline_layout.addWidget(self.discipline_chart)
        discipline_layout.addWidget(self.disciplines)
        discipline_layout.addStretch(1)

        self.cities = small_table(
            [self.tr("Province"), self.tr("City"), self.tr("Institutes"), self.tr("Standards")],
            "cities",
            stretch=1,
        )
        self.cities.setAccessibleName(self.tr("The region by city"))
        self.city_chart = BarChart(limit=CITY_BARS)
        self.city_chart.setObjectName("city_chart")
        self.city_chart.setAccessibleName(self.tr("Standards in the region by city"))
        city_box = QGroupBox(self.tr("The region by city"))
        city_layout = QVBoxLayout(city_box)
        city_layout.addWidget(self.city_chart)
        city_layout.addWidget(self.cities)
        city_layout.addStretch(1)

        self.month_chart = StackedColumns(
            [self.tr("Standards"), self.tr("Authorisations"), self.tr("Credentials")]
        )
        self.month_chart.setObjectName("month_chart")
        self.month_chart.setAccessibleName(self.tr("Certificates ending per month"))
        month_box = QGroupBox(self.tr("Certificates ending in the next twelve months"))
        month_layout = QVBoxLayout(month_box)
        month_layout.addWidget(self.month_chart)
        month_layout.addStretch(1)

        map_box = self._map_box()

        boxes = QGridLayout()
        boxes.addWidget(reminder_box, 0, 0)
        boxes.addWidget(instruments_box, 0, 1)
        boxes.addWidget(imports_box, 1, 0)
        boxes.addWidget(discipline_box, 1, 1)
        boxes.addWidget(city_box, 2, 0)
        boxes.addWidget(month_box, 2, 1)
        boxes.addWidget(map_box, 3, 0, 1, 2)
        boxes.setColumnStretch(0, 1)
        boxes.setColumnStretch(1, 1)

        content = QWidget()
        inner = QVBoxLayout(content)
        title_row = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.institute_label)
        names.addWidget(self.institute_detail)
        title_row.addLayout(names, 1)
        title_row.addWidget(self.setup_button, 0, Qt.AlignmentFlag.AlignTop)
        inner.addLayout(title_row)
        inner.addSpacing(8)
        counts = QHBoxLayout()
        counts.addLayout(grid)
        counts.addStretch(1)
        inner.addLayout(counts)
        inner.addWidget(self.institutes_label)
        inner.addSpacing(8)
        inner.addLayout(boxes)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _map_box(self) -> QGroupBox:
        """The map of the region's cities by valid public standards, its caption and notes."""
        self.region_map = RegionMapView()
        self.region_map.setObjectName("region_map")
        self.region_map.setAccessibleName(self.tr("Valid public standards by city"))
        self.region_map.setToolTip("")
        self.region_map.city_clicked.connect(self._city_clicked)
        caption = QLabel(self.tr("Sketch map"))
        caption.setObjectName("region_map_caption")
        self.map_note = QLabel()
        self.map_note.setObjectName("region_map_note")
        self.map_note.setWordWrap(True)
        self.map_unplaced = QLabel()
        self.map_unplaced.setObjectName("region_map_unplaced")
        self.map_unplaced.setWordWrap(True)
        notes = QVBoxLayout()
        notes.addWidget(caption)
        notes.addWidget(self.map_note)
        notes.addWidget(self.map_unplaced)
        notes.addStretch(1)
        box = QGroupBox(self.tr("Valid public standards by city"))
        layout = QHBoxLayout(box)
        layout.addWidget(self.region_map, 3)
        layout.addLayout(notes, 2)
        return box

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        if self.overview is None and self._loading is None:
            self.refresh()

    def refresh(self) -> None:
        if self._loading is not None and not self._loading.done:
            return
        reg = self.reg
        self.refresh_button.setEnabled(False)
        self._loading = (
            workers.Op(lambda _progress: load_overview(reg), parent=self)
            .success(self.show_overview)
            .failure(self._failed)
            .run()
        )

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        from ui import errors

        errors.show_exception(self, exc)

    def show_overview(self, overview: Overview) -> None:
        self.overview = overview
        self.refresh_button.setEnabled(True)
        inst = overview.institute
        self.setup_button.setVisible(inst is None)
        if inst is None:
            self.institute_label.setText(self.tr("No own institute yet"))
            self.institute_detail.setText(
                self.tr(
                    "Set it up with the button on the right, or on the command line: "
                    "labregistry init --name NAME --uscc CODE --province P --city CITY"
                )
            )
        else:
            self.institute_label.setText(str(inst.get("name") or ""))
            province = labels.enum_label("province", inst.get("province"), i18n.core_lang())
            self.institute_detail.setText(
                self.tr("USCC %1 · %2 %3")
                .replace("%1", str(inst.get("uscc") or ""))
                .replace("%2", province)
                .replace("%3", str(inst.get("city") or ""))
            )
        locale = self.locale()
        for (kind, which), button in self.count_buttons.items():
            value = {
                "own": overview.own,
                "expired": overview.expired,
                "expiring": overview.expiring,
                "region": overview.region,
            }[which]
            button.setText(locale.toString(int(value.get(kind, 0))))
        self.institutes_label.setText(
            self.tr(
                "%Ln institute(s) in the region, including yours", "", overview.region.get("institutes", 0)
            )
        )
        self._show_reminders(overview)
        self._show_instruments(overview)
        self._show_imports(overview)
        lang = i18n.core_lang()
        fill_table(
            self.disciplines,
            [
                [core_reads.discipline_name(code, lang), locale.toString(n)]
                for code, n in overview.disciplines
            ],
            frozenset({1}),
        )
        self._show_charts(overview)
        self._show_map(overview)
        fill_table(
            self.cities,
            [
                [
                    labels.enum_label("province", c["province"], lang),
                    c["city"],
                    locale.toString(c["institutes"]),
                    locale.toString(c["standards"]),
                ]
                for c in overview.cities
            ],
            frozenset({2, 3}),
        )

    def _show_charts(self, overview: Overview) -> None:
        lang = i18n.core_lang()
        self.discipline_chart.set_bars(
            [Bar(core_reads.discipline_name(code, lang), n) for code, n in overview.disciplines]
        )
        self.city_chart.set_bars([Bar(city_label(c, lang), c["standards"]) for c in overview.cities])
        locale = self.locale()
        self.month_chart.set_columns(
            [
                Column(
                    locale.monthName(m.month, QLocale.FormatType.ShortFormat),
                    (m.standards, m.authorisations, m.credentials),
                    title=f"{locale.monthName(m.month)} {m.year}" if lang == "en" else f"{m.year}年{m.month}月",
                )
                for m in overview.months
            ]
        )

    def _show_map(self, overview: Overview) -> None:
        counted = overview.public_map
        if counted is None:
            return
        self.region_map.set_counts({code: c.standards for code, c in counted.cities.items()})
        self.map_note.setText(
            self.tr("Public measurement standards (社会公用计量标准) valid on %1, of every institute in the region, "
                    "placed by the institute's city (a county-level city in its prefecture). Click a city to list "
                    "them. Outlines: Amap, simplified; the four provinces only.")
            .replace("%1", labels.format_date(counted.on)))
        lang = i18n.core_lang()
        unplaced = [t for t in counted.unplaced if t.standards]
        self.map_unplaced.setVisible(bool(unplaced))
        if unplaced:
            named = self.tr(", ").join(
                f"{labels.enum_label('province', t.province, lang)} {t.city or '?'} ({t.standards})" for t in unplaced)
            self.map_unplaced.setText(
                self.tr("%n valid public standard(s) of institutes whose city is none of the map's, not shown: %1", "",
                        sum(t.standards for t in unplaced)).replace("%1", named))

    def _city_clicked(self, adcode: str) -> None:
        if self.overview is not None and self.overview.public_map is not None:
            self.search_region.emit(self.overview.public_map.search_inputs(adcode))

    def _show_reminders(self, overview: Overview) -> None:
        rows = []
        for record in overview.reminders:
            left = core_reads.days_left(record.get("valid_until"), overview.today)
            rows.append(
                [
                    labels.format_date(record.get("valid_until")),
                    left,
                    record.get("certificate_no"),
                    record.get("name"),
                ]
            )
        fill_table(self.reminders, rows, frozenset({1}))
        for r, record in enumerate(overview.reminders):
            item = self.reminders.item(r, 0)
            item.setData(RowIdRole, int(record["id"]))
            for c in range(self.reminders.columnCount()):
                self.reminders.item(r, c).setToolTip(self.tr("Show in the list of standards"))
        total = overview.expiring.get("standards", 0)
        self.reminders.setVisible(bool(rows))
        self.reminders_more.setText(
            self.tr("Show all %Ln in the standards list", "", total)
            if total
            else self.tr("Nothing to renew soon.")
        )
        self.reminders_more.setEnabled(bool(total))

    def _show_instruments(self, overview: Overview) -> None:
        lang = i18n.core_lang()
        due = overview.instruments
        shown = due.first[:REMINDER_ROWS]
        rows = [
            [
                labels.format_date(item.get("calibration_due")),
                core_reads.days_left(item.get("calibration_due"), overview.today),
                item.get("standard_certificate_no"),
                item.get("name"),
                labels.enum_label("instrument_role", item.get("role"), lang),
            ]
            for item in shown
        ]
        fill_table(self.instruments, rows, frozenset({1}))
        for r, item in enumerate(shown):
            self.instruments.item(r, 0).setData(RowIdRole, int(item["standard_id"]))
            tip = "\n".join(filter(None, [self._instrument_state(item, overview.today),
                                           self.tr("Show the standard in the list of standards")]))
            for c in range(self.instruments.columnCount()):
                self.instruments.item(r, c).setToolTip(tip)
        self.instruments.setVisible(bool(rows))
        parts = [
            self.tr("%Ln instrument(s) due, %1 overdue.", "", due.due).replace("%1", str(due.overdue))
            if due.due
            else self.tr("No instrument is due for calibration soon.")
        ]
        if overview.needing_recalibration:
            parts.append(
                self.tr(
                    "%Ln standard(s) may not be used until recalibrated: a main standard instrument is overdue.",
                    "",
                    overview.needing_recalibration,
                )
            )
        ancillary = self._ancillary_overdue_text(overview)
        if ancillary:
            parts.append(ancillary)
        self.instruments_summary.setText(" ".join(parts))

    def _instrument_state(self, item: dict[str, Any], today: dt.date) -> str | None:
        """What an overdue instrument means for its standard: main, not usable; ancillary, a warning."""
        if not usability.overdue(item.get("calibration_due"), today):
            return None
        if item.get("role") == "main":
            return self.tr("Overdue main standard instrument: the standard may not be used until it is recalibrated.")
        return self.tr("Overdue ancillary equipment: a warning, the standard may still be used; "
                       "send it for calibration.")

    def _ancillary_overdue_text(self, overview: Overview) -> str | None:
        """The overdue ancillary equipment, named with its standard (the first few): a warning only."""
        late = overview.instruments.ancillary_late
        if not late:
            return None
        named = self.tr(", ").join(  # 、 in Chinese
            self.tr("%1 of %2").replace("%1", str(i.get("name") or "")).replace(
                "%2", str(i.get("standard_certificate_no") or "")) for i in late[:ANCILLARY_NAMED])
        text = self.tr("Ancillary equipment overdue (a warning, the standards may still be used): %1.").replace(
            "%1", named)
        more = overview.instruments.ancillary_overdue - len(late[:ANCILLARY_NAMED])
        if more > 0:
            text += " " + self.tr("%n more.", "", more)
        return text

    def _instrument_activated(self, row: int, _column: int = 0) -> None:
        item = self.instruments.item(row, 0)
        if item is not None and item.data(RowIdRole) is not None:
            self.show_standard.emit(int(item.data(RowIdRole)))

    def _show_imports(self, overview: Overview) -> None:
        now = dt.datetime.now(dt.UTC)
        rows = []
        for b in overview.imports:
            expires = b.get("expires_at")
            if expires is not None and expires.tzinfo is None:
                expires = expires.replace(tzinfo=dt.UTC)
            if b.get("expired_accepted"):
                status = self.tr("Verified; was expired, accepted knowingly")
            elif expires is not None and expires < now:
                status = self.tr("Verified; expired since %1").replace("%1", labels.format_date(expires))
            else:
                status = self.tr("Verified ✓")
            changes = (
                self.tr("+%1 ~%2 −%3")
                .replace("%1", str(b.get("added", 0)))
                .replace("%2", str(b.get("changed", 0)))
                .replace("%3", str(b.get("withdrawn", 0)))
            )
            rows.append(
                [
                    labels.local_time(b.get("received_at")),
                    b.get("issuer_name") or b.get("issuer_uscc"),
                    b.get("seq"),
                    status,
                    changes,
                ]
            )
        fill_table(self.imports, rows, frozenset({2}))
        self.imports.setVisible(bool(rows))
        self.no_imports.setVisible(not rows)

    def _reminder_activated(self, row: int, _column: int = 0) -> None:
        item = self.reminders.item(row, 0)
        if item is not None and item.data(RowIdRole) is not None:
            self.show_in_list.emit("standards", int(item.data(RowIdRole)))

    def _open_expiring(self) -> None:
        self.open_list.emit("standards", True)

    def _imports_activated(self, _row: int, _column: int) -> None:
        self.open_exchange.emit()

    def _open_list(self) -> None:
        button = self.sender()
        if isinstance(button, QToolButton):
            self.open_list.emit(str(button.property("kind")), bool(button.property("expiring")))
