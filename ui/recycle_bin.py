"""The recycle bin dialog: the own records deleted since the last export, each restorable.

The core keeps the bin (:mod:`labregistry.services.recycle_bin`: the audit trail's
deletions not yet made public by an export); this dialog lists them, newest first, and
restores the selected ones. It says plainly when restoring stops being possible: the next
export leaves the records out, and the institutes importing it see them withdrawn.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import recycle_bin
from ui import i18n
from ui.widgets.common import InlineMessage, push_button

ENTRY_ROLE = Qt.ItemDataRole.UserRole


class RecycleBinDialog(QDialog):
    restored = Signal()  # records came back: the lists re-read

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("recycle_bin")
        self.setWindowTitle(self.tr("Recycle bin"))
        explain = QLabel(
            self.tr(
                "Records deleted since your last export. They can be restored, as they were, until the next "
                "export: from then on they are left out of your bundles, and the institutes that import one see "
                "them as withdrawn."
            )
        )
        explain.setWordWrap(True)
        explain.setObjectName("bin_explanation")
        self.list = QTreeWidget()
        self.list.setObjectName("bin_list")
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setHeaderLabels([self.tr("Record"), self.tr("Kind"), self.tr("Deleted"), self.tr("By")])
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.empty = QLabel(self.tr("The recycle bin is empty."))
        self.empty.setObjectName("bin_empty")
        self.message = InlineMessage()
        self.message.setObjectName("bin_message")
        buttons = QDialogButtonBox()
        self.restore_button = push_button(self.tr("Restore"), "restore", self.restore_selected)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.reload()

    def kind_name(self, kind: str) -> str:
        return {
            "standard": self.tr("Measurement standard"),
            "authorisation": self.tr("Authorisation"),
            "staff": self.tr("Person"),
        }.get(kind, kind)

    def reload(self) -> None:
        self.list.clear()
        for deleted in recycle_bin.contents(self.reg):
            local = deleted.deleted_at.astimezone()
            label = f"{deleted.label}  {deleted.name}" if deleted.name else deleted.label
            item = QTreeWidgetItem(
                [label, self.kind_name(deleted.kind), local.strftime("%Y-%m-%d %H:%M"), deleted.operator]
            )
            item.setData(0, ENTRY_ROLE, deleted.entry_id)
            self.list.addTopLevelItem(item)
        has = self.list.topLevelItemCount() > 0
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.list.selectedItems()))

    def restore_selected(self) -> None:
        """Restore each selected record; one that cannot come back says why, the others still do.
        A record restored with warnings (stored before a rule it breaks) says what to correct."""
        problems = []
        warnings = []
        done = 0
        lang = i18n.core_lang()
        for item in self.list.selectedItems():
            try:
                _id, warned = recycle_bin.restore_warned(self.reg, int(item.data(0, ENTRY_ROLE)))
                done += 1
                warnings.extend(f"{item.text(0)}: {w.render(lang)}" for w in warned)
            except DomainError as exc:
                problems.append(f"{item.text(0)}: {exc.render(lang)}")
        self.reload()
        if problems:
            self.message.show_error("\n".join(problems + warnings))
        elif warnings:
            self.message.show_warning("\n".join([self.tr("Restored %n record(s).", "", done), *warnings]))
        else:
            self.message.show_ok(self.tr("Restored %n record(s).", "", done))
        if done:
            self.restored.emit()
