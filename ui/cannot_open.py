"""When the registry's database cannot be opened at start: say why, and offer to try again
or to open another data folder.

For every failure but a damaged SQLite file (that one is :mod:`ui.damaged`): a server
that is down, a login refused, a database that is missing, permission denied, a schema of
another LabRegistry version. None of these is damage, so nothing here offers to restore a
backup, over a server least of all: the server keeps its own backups (pg_dump).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from labregistry.textrules import visible_output
from ui import errors, missing_home
from ui.widgets.common import message_box_button

RETRY = "retry"


class CannotOpenBox(QMessageBox):
    """What went wrong in words, with its three answers as named buttons."""

    def __init__(self, detail: str, parent: QWidget | None = None, raw: str = "") -> None:
        """``raw``: the server's own words (libpq's, in English), under the box's details:
        ``detail`` says the reason in the app's language."""
        super().__init__(parent)
        self.setObjectName("cannot_open")
        self.setTextFormat(Qt.TextFormat.PlainText)  # a peer's name is never taken for HTML
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("LabRegistry"))
        self.setText(self.tr("The registry database cannot be opened."))
        self.setInformativeText(visible_output(detail) + "\n\n" + self.tr(
            "Check the data folder (--home or LABREGISTRY_HOME) and the database address (--db or "
            "LABREGISTRY_DB). When the problem is fixed, try again; or open another data folder (a registry "
            "on this computer)."))
        if raw:
            self.setDetailedText(visible_output(raw))
        self.retry_button = message_box_button(self, self.tr("Try again"), QMessageBox.ButtonRole.AcceptRole, "retry")
        self.other_button = message_box_button(
            self, self.tr("Open another data folder ..."), QMessageBox.ButtonRole.ActionRole, "open_other"
        )
        self.close_button = message_box_button(self, self.tr("Close"), QMessageBox.ButtonRole.RejectRole, "close")
        self.setDefaultButton(self.retry_button)


def ask(detail: str, raw: str = "", parent: QWidget | None = None) -> str | Path | None:
    """:data:`RETRY`, a data folder to open instead (one that holds a registry, or where the
    user chose to create one), or None (close)."""
    while True:
        box = CannotOpenBox(detail, parent, raw)
        clicked = errors.clicked_button(box)
        if clicked is box.retry_button:
            return RETRY
        if clicked is not box.other_button:
            return None
        chosen = missing_home.pick_folder(Path.home(), parent)
        if chosen is None:
            continue  # cancelled: back to the question
        return chosen if missing_home.has_registry(chosen) else missing_home.ask(chosen, parent)
