"""A page listing the own institute's records of one kind, with search and a expiry filter.

The list is a :class:`~ui.models.record_table.RecordTableModel` in a
:class:`~ui.widgets.record_table_view.RecordTableView`. Typing in the search box
filters after a short pause (debounced, so a 200,000-row list is not re-queried on
every key); the "expiring" box keeps the rows whose validity ends within 180 days or has
already ended (still to renew; revoked ones left out).
The ids are first queried when the page is first shown.

Deleting (the Delete key in the table, the "Delete ..." button, or the table's context
menu) asks the main window, which confirms with the user and calls the records service.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import settings as opts
from ui.models.record_table import EXPIRING_DAYS, RecordSource, RecordTableModel, RowIdRole
from ui.settings import Settings
from ui.widgets.common import menu_action, menu_button, push_button
from ui.widgets.record_table_view import RecordTableView

SEARCH_DELAY_MS = 250


class RecordsPage(QWidget):
    open_requested = Signal(str, int)  # list kind, record id: open its editor
    new_requested = Signal(str)  # list kind: open an editor for a new record
    ledger_requested = Signal(str)  # list kind: import the own institute's Excel ledger
    delete_requested = Signal(str, list)  # list kind, record ids: confirm and delete them
    report_requested = Signal(str, str)  # list kind, "xlsx" | "pdf" | "print": the list as shown
    cmc_requested = Signal()  # the own capabilities as a CMC table (standards only)

    def __init__(
        self,
        source: RecordSource,
        kind: str,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        own_only: bool = True,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.settings = settings
        self.setObjectName(f"page_{kind}")
        self.model = RecordTableModel(source, kind, own_only=own_only, parent=self)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self._placeholder())
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setToolTip(
            QKeySequence(QKeySequence.StandardKey.Find).toString(QKeySequence.SequenceFormat.NativeText)
        )
        self.expiring = QCheckBox(self.tr("Renew within %n day(s)", "", EXPIRING_DAYS))
        self.expiring.setToolTip(
            self.tr("Certificates that end within %n day(s) or have already ended (revoked ones are left out)",
                    "", EXPIRING_DAYS)
        )
        self.expiring.setObjectName("expiring")
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.new_button = QPushButton(self._new_text())
        self.new_button.setObjectName("new_record")
        self.new_button.setToolTip(
            QKeySequence(QKeySequence.StandardKey.New).toString(QKeySequence.SequenceFormat.NativeText)
        )
        self.new_button.clicked.connect(self.request_new)
        self.new_button.setVisible(own_only)
        self.open_button = push_button(self.tr("Open"), "open_record", self.open_current)
        self.delete_button = QPushButton(self.tr("Delete ..."))
        self.delete_button.setObjectName("delete_record")
        self.delete_button.setToolTip(
            QKeySequence(QKeySequence.StandardKey.Delete).toString(QKeySequence.SequenceFormat.NativeText)
        )
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_button.setVisible(own_only)
        self.ledger_button = QPushButton(self.tr("Import from Excel ..."), self)
        self.ledger_button.setObjectName("import_ledger")
        self.ledger_button.clicked.connect(lambda: self.ledger_requested.emit(self.kind))
        self.ledger_button.setVisible(own_only)
        self.export_button, export_menu = menu_button(self.tr("Export list"), "export_list", self)
        self.excel_action = menu_action(export_menu, self.tr("To Excel ..."), "action_list_excel", self.export_excel)
        self.pdf_action = menu_action(export_menu, self.tr("To PDF ..."), "action_list_pdf", self.export_pdf)
        self.cmc_action: QAction | None = None
        if kind == "standards" and own_only:
            export_menu.addSeparator()
            self.cmc_action = export_menu.addAction(self.tr("Export the CMC table ..."))
            self.cmc_action.setObjectName("action_cmc_table")
            self.cmc_action.setToolTip(self.tr("Every capability row of the own standards in force, as CNAS-GL025 "
                                               "and the KCDB list them (Excel)"))
            self.cmc_action.triggered.connect(self.cmc_requested)
        self.print_button = QPushButton(self.tr("Print ..."), self)
        self.print_button.setObjectName("print_list")
        self.print_button.setToolTip(
            QKeySequence(QKeySequence.StandardKey.Print).toString(QKeySequence.SequenceFormat.NativeText)
        )
        self.print_button.clicked.connect(self.print_list)
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.open_button)
        bar.addWidget(self.delete_button)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.expiring)
        bar.addStretch(0)
        bar.addWidget(self.count_label)

        self.view = RecordTableView(self)
        self.view.setObjectName(f"table_{kind}")
        self.view.setModel(self.model)
        self.view.setAccessibleName(self._table_name())
        self.view.activated.connect(self._activated)  # double-click or Enter
        self._make_actions(own_only)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 6, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        below = QHBoxLayout()  # under the table: the bar above is full in a narrow window
        below.addWidget(self.ledger_button)
        below.addStretch(1)
        below.addWidget(self.export_button)
        below.addWidget(self.print_button)
        layout.addLayout(below)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.expiring.toggled.connect(self._apply_expiring)
        self.model.reloaded.connect(self._update_count)

        self.view.restore_state(settings, kind)
        self.expiring.setChecked(settings.get(opts.table_expiring(kind)))

    def _make_actions(self, own_only: bool) -> None:
        """The table's context menu (Open, Delete) and its Delete key (only while the table
        has the focus: in the search box, Delete edits the text)."""
        self.open_action = QAction(self.tr("Open"), self.view)
        self.open_action.setObjectName("action_open_record")
        self.open_action.triggered.connect(self.open_current)
        self.delete_action = QAction(self.tr("Delete ..."), self.view)
        self.delete_action.setObjectName("action_delete_record")
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.view.addAction(self.open_action)
        if own_only:
            self.view.addAction(self.delete_action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self._selection_changed()

    def _selection_changed(self, *_args: Any) -> None:
        selected = bool(self.view.selected_ids())
        self.delete_button.setEnabled(selected)
        self.delete_action.setEnabled(selected)

    def delete_selected(self) -> None:
        """Ask to delete the selected records (the main window confirms and deletes)."""
        ids = self.view.selected_ids()
        if ids:
            self.delete_requested.emit(self.kind, ids)

    def record_label(self, record_id: int) -> str:
        """How the confirmation names a record: certificate no. and name, or the person's name."""
        row = self.model.row_for_id(record_id)
        values = self.model.row_dict(row) if row is not None else {}
        if self.kind == "standards":
            keys: tuple[str, ...] = ("certificate_no", "name")
        elif self.kind == "authorisations":
            keys = ("certificate_no",)
        else:
            keys = ("name", "department")
        return " ".join(str(values[k]) for k in keys if values.get(k)) or f"#{record_id}"

    def _placeholder(self) -> str:
        if self.kind == "standards":
            return self.tr("Search by certificate no., name, code or range")
        if self.kind == "authorisations":
            return self.tr("Search by certificate no. or issuing authority")
        return self.tr("Search by name, department or certificate no.")

    def _new_text(self) -> str:
        if self.kind == "standards":
            return self.tr("New standard ...")
        if self.kind == "authorisations":
            return self.tr("New authorisation ...")
        return self.tr("New person ...")

    def _table_name(self) -> str:
        if self.kind == "standards":
            return self.tr("Measurement standards")
        if self.kind == "authorisations":
            return self.tr("Authorisations")
        return self.tr("Staff")

    def request_new(self) -> None:
        self.new_requested.emit(self.kind)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.kind, int(index.data(RowIdRole)))

    def open_current(self) -> None:
        self._activated(self.view.currentIndex())

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def load(self) -> None:
        """Query the ids now if not done yet (normally on first show)."""
        if not self.model.loaded:
            self.model.refresh()

    def reload(self) -> None:
        """Re-read after the data changed (import, exchange ...)."""
        self.model.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        self.load()

    def _apply_search(self) -> None:
        self.model.set_text(self.search.text())

    def _apply_expiring(self, checked: bool) -> None:
        self._search_timer.stop()
        self.model.set_text(self.search.text())
        self.model.set_expiring_within(EXPIRING_DAYS if checked else None)

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("%Ln record(s)", "", self.model.rowCount()))

    def export_excel(self) -> None:
        self.report_requested.emit(self.kind, "xlsx")

    def export_pdf(self) -> None:
        self.report_requested.emit(self.kind, "pdf")

    def print_list(self) -> None:
        self.report_requested.emit(self.kind, "print")

    def expiring_within(self) -> int | None:
        """The window of the "renew" filter when it is on (what a report says was listed)."""
        return EXPIRING_DAYS if self.expiring.isChecked() else None

    def save_state(self) -> None:
        self.view.save_state(self.settings, self.kind)
        self.settings.set(opts.table_expiring(self.kind), self.expiring.isChecked())
