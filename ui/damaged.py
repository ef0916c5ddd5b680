"""When the database cannot be read at start: say so plainly and offer the newest good backup.

``open_registry`` raises ``db.damaged`` for a database SQLite cannot read. The dialog
looks for the newest backup that passes the integrity check (in a background op),
offers to restore it, or another copy the user chooses, and otherwise lets the user
quit. ``backups.restore_database`` keeps the damaged file aside, so nothing is lost;
the app then opens the restored database normally.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from labregistry.config import Home
from labregistry.errors import DomainError
from labregistry.services import backups
from ui import errors, files, workers
from ui.labels import local_time
from ui.pages.backups_page import reason_text, restoring
from ui.widgets.common import InlineMessage, choice_buttons, heading, push_button

DB_FILTER = "*.db"


def newest_good_backup(home: Home) -> backups.BackupInfo | None:
    """The newest kept backup that is a sound LabRegistry database."""
    for info in backups.list_backups(home):
        try:
            backups.check_backup_file(info.path)
        except DomainError:
            continue
        return info
    return None


class DamagedDatabaseDialog(QDialog):
    def __init__(self, home: Home, detail: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.setObjectName("damaged_dialog")
        self.setWindowTitle(self.tr("The database cannot be read"))
        self.candidate: backups.BackupInfo | None = None
        self.previous: Path | None = None
        self._op: workers.Op[Any] | None = None

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48))
        title = heading(self.tr("The registry's database cannot be read. It may be damaged."), 1.15)
        explain = QLabel(
            self.tr(
                "This can happen after a power cut, a full disk or a failing USB stick. "
                "Your data is not lost if a backup exists: LabRegistry keeps copies from before every import "
                "and from every day it was used."
            )
        )
        explain.setWordWrap(True)
        self.detail = QLabel(detail)
        self.detail.setObjectName("damage_detail")
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("color: #5f5f5f;")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.offer = QLabel(self.tr("Looking for the newest good backup ..."))
        self.offer.setObjectName("offer")
        self.offer.setWordWrap(True)
        self.message = InlineMessage()
        self.message.setObjectName("restore_message")

        self.restore_button = push_button(
            self.tr("Restore this backup"), "restore_newest", self.restore_candidate, enabled=False
        )
        self.choose_button = push_button(self.tr("Choose another backup ..."), "choose_backup", self.choose)
        self.quit_button = push_button(self.tr("Quit"), "quit", self.reject)
        self.buttons = choice_buttons(self.restore_button, self.choose_button, self.quit_button)

        top = QVBoxLayout()
        top.addWidget(title)
        top.addWidget(explain)
        layout = QVBoxLayout(self)
        head = QVBoxLayout()
        head.addWidget(icon)
        layout.addLayout(head)
        layout.addLayout(top)
        layout.addWidget(self.detail)
        layout.addSpacing(8)
        layout.addWidget(self.offer)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(640, 360)
        self.find_backup()

    def find_backup(self) -> None:
        home = self.home
        self._op = workers.Op(lambda _p: newest_good_backup(home), parent=self).success(self._found).run()

    def _found(self, info: backups.BackupInfo | None) -> None:
        self.candidate = info
        if info is None:
            self.offer.setText(
                self.tr(
                    "No good backup was found in %1. Choose a copy yourself, or ask your IT support."
                ).replace("%1", str(self.home.backups_dir))
            )
            self.restore_button.setEnabled(False)
            return
        self.offer.setText(
            self.tr(
                "The newest good backup was taken %1 (%2). Restoring it undoes the changes made after that "
                "time; the damaged file is kept aside."
            )
            .replace("%1", local_time(info.taken_at))
            .replace("%2", reason_text(info.reason))
        )
        self.restore_button.setEnabled(True)
        self.restore_button.setDefault(True)

    def choose(self) -> None:
        chosen = files.open_path(self, self.tr("Choose a backup"), self.home.backups_dir, DB_FILTER)
        if chosen is not None:
            self.restore(chosen)

    def restore_candidate(self) -> None:
        if self.candidate is not None:
            self.restore(self.candidate.path)

    def restore(self, path: Path) -> None:
        self.restore_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self._op = (
            restoring(self, self.home, path, self.tr("Restoring ..."))
            .success(self._restored)
            .failure(self._failed)
            .run()
        )

    def _restored(self, previous: Path) -> None:
        self.previous = previous
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.choose_button.setEnabled(True)
        self.restore_button.setEnabled(self.candidate is not None)
        errors.show_failure(self, self.message, exc)


def recover(home: Home, detail: str, parent: QWidget | None = None) -> Path | None:
    """Run the dialog; where the damaged file was kept when a backup was restored, else None."""
    dialog = DamagedDatabaseDialog(home, detail, parent)
    accepted = errors.exec_dialog(dialog) == QDialog.DialogCode.Accepted
    previous = dialog.previous
    dialog.deleteLater()
    return previous if accepted else None
