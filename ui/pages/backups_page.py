"""Backups: the kept copies of the database, a backup now, and a restore with confirmation.

LabRegistry backs the database up by itself before every import and migration and once
a day; here the user sees those copies, takes one by hand, and restores one. A restore
keeps the state before it (``backups.restore_database``), and the app then reopens the
database, which the main window does through :attr:`BackupsPage.restored`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labregistry.config import Home
from labregistry.registry import Registry
from labregistry.services import backups
from ui import dialogs, errors, workers
from ui.labels import local_time
from ui.i18n import QT_TRANSLATE_NOOP
from ui.widgets.common import InlineMessage, push_button, read_only_table, row_of

REASONS = {
    "manual": QT_TRANSLATE_NOOP("BackupsPage", "by hand"),
    "daily": QT_TRANSLATE_NOOP("BackupsPage", "daily"),
    "import": QT_TRANSLATE_NOOP("BackupsPage", "before an import"),
    "ledger": QT_TRANSLATE_NOOP("BackupsPage", "before a ledger import"),
    "before-restore": QT_TRANSLATE_NOOP("BackupsPage", "before a restore"),
}


def reason_text(reason: str) -> str:
    from PySide6.QtCore import QCoreApplication

    if reason.startswith("before-migration"):
        return QCoreApplication.translate("BackupsPage", "before a database upgrade")
    known = REASONS.get(reason)
    return QCoreApplication.translate("BackupsPage", known) if known else reason


def restoring(parent: QWidget, home: Home, path: Path, label: str) -> workers.Op[Path]:
    """The op that restores the copy ``path`` over ``home``'s database, its result the copy of
    the state before; ``label`` in a progress dialog without a cancel button. Both the page and
    the start-up's damaged-database dialog restore through it; each adds its own outcome."""
    return workers.Op(lambda _p: backups.restore_database(home, path), parent=parent).with_progress(
        label, cancellable=False
    )


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size // 1024, 1)} KB"


class BackupsPage(QWidget):
    restored = Signal(Path)  # the backup restored: the registry must be reopened

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("page_backups")
        self.backups: list[backups.BackupInfo] = []
        self._op: workers.Op[Any] | None = None
        intro = QLabel(
            self.tr(
                "LabRegistry copies the database before every import and upgrade, and once a day; "
                "the newest copies are kept in %1. Restoring a copy keeps the current state as another copy."
            ).replace("%1", str(reg.home.backups_dir))
        )
        intro.setWordWrap(True)
        self.table = read_only_table(
            [self.tr("Taken"), self.tr("Why"), self.tr("Size"), self.tr("File")], "backups"
        )
        self.table.setAccessibleName(self.tr("Backups"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for n, width in enumerate((150, 170, 80)):
            header.resizeSection(n, width)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.backup_button = push_button(self.tr("Back up now"), "backup_now", self.backup_now)
        self.restore_button = push_button(
            self.tr("Restore the selected copy ..."), "restore", self.restore_selected, enabled=False
        )
        self.message = InlineMessage()
        self.message.setObjectName("backup_message")
        buttons = row_of(self.backup_button, self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        self.backups = backups.list_backups(self.reg.home)
        self.table.setRowCount(len(self.backups))
        for r, info in enumerate(self.backups):
            values = [
                local_time(info.taken_at),
                reason_text(info.reason),
                size_text(info.size),
                info.path.name,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(str(info.path))
                self.table.setItem(r, c, item)
        self._selection_changed()

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        self.refresh()

    def selected(self) -> backups.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def backup_now(self) -> None:
        home = self.reg.home
        self.backup_button.setEnabled(False)
        self._op = (
            workers.Op(lambda _p: backups.manual_backup(home), parent=self)
            .success(self._backed_up)
            .failure(self._failed)
            .with_progress(self.tr("Backing up ..."), cancellable=False)
            .run()
        )

    def _backed_up(self, path: Path) -> None:
        self.backup_button.setEnabled(True)
        self.refresh()
        self.message.show_ok(self.tr("Backed up to %1").replace("%1", str(path)))

    def _failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        errors.show_failure(self, self.message, exc)

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        if not dialogs.confirm(
            self,
            self.tr("Restore a backup"),
            self.tr("Replace the database with the copy taken %1?").replace("%1", local_time(info.taken_at)),
            self.tr(
                "Every change made after that time is undone. The current state is kept as another copy, "
                "so this can be reversed."
            ),
            ok_text=self.tr("Restore"),
            warning=True,
        ):
            return
        self._op = (
            restoring(self, self.reg.home, info.path, self.tr("Restoring ..."))
            .success(self._restored)
            .failure(self._failed)
            .run()
        )

    def _restored(self, previous: Path) -> None:
        self.message.show_ok(self.tr("Restored. The state before is kept in %1").replace("%1", str(previous)))
        self.refresh()
        self.restored.emit(previous)
