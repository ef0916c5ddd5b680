"""A page listing the own institute's records of one kind, with search and a expiry filter.

The list is a :class:`~ui.models.record_table.RecordTableModel` in a
:class:`~ui.widgets.record_table_view.RecordTableView`. Typing in the search box
filters after a short pause (debounced, so a 200,000-row list is not re-queried on
every key); the "expiring" box keeps the rows whose validity ends within 180 days.
The ids are first queried when the page is first shown.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui import settings as opts
from ui.models.record_table import EXPIRING_DAYS, RecordSource, RecordTableModel
from ui.settings import Settings
from ui.widgets.record_table_view import RecordTableView

SEARCH_DELAY_MS = 250


class RecordsPage(QWidget):
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
        self.expiring = QCheckBox(self.tr("Expiring within %n day(s)", "", EXPIRING_DAYS))
        self.expiring.setObjectName("expiring")
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.expiring)
        bar.addStretch(0)
        bar.addWidget(self.count_label)

        self.view = RecordTableView(self)
        self.view.setObjectName(f"table_{kind}")
        self.view.setModel(self.model)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 6, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.expiring.toggled.connect(self._apply_expiring)
        self.model.reloaded.connect(self._update_count)

        self.view.restore_state(settings, kind)
        self.expiring.setChecked(settings.get(opts.table_expiring(kind)))

    def _placeholder(self) -> str:
        if self.kind == "standards":
            return self.tr("Search by certificate no., name, code or range")
        if self.kind == "authorisations":
            return self.tr("Search by certificate no. or issuing authority")
        return self.tr("Search by name, department or certificate no.")

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

    def save_state(self) -> None:
        self.view.save_state(self.settings, self.kind)
        self.settings.set(opts.table_expiring(self.kind), self.expiring.isChecked())
