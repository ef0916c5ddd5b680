"""A data folder named at start (``--home``, LABREGISTRY_HOME) that holds no registry.

Most likely a typo, or a USB stick not plugged in: the app does not quietly make a new,
empty registry there (and then show an empty one as if the data were lost). It asks:
create a registry in that folder, choose the folder that holds the registry, or quit.

The default data folder (none named) is different: on the first start it does not exist
yet, and the app goes straight to setting up the institute (:mod:`ui.first_run`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from labregistry.config import DB_FILE
from ui import errors, files
from ui.widgets.common import message_box_button


def has_registry(folder: Path) -> bool:
    return (folder / DB_FILE).is_file()


class MissingHomeBox(QMessageBox):
    """The question, with its three answers as named buttons."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("missing_home")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("LabRegistry"))
        self.setText(self.tr("There is no LabRegistry data folder at %1.").replace("%1", str(folder)))
        self.setInformativeText(
            self.tr("Perhaps the folder was mistyped, or it is on a disk that is not connected. "
                    "Create a new, empty registry there, or choose the folder that holds your registry.")
        )
        self.create_button = message_box_button(
            self, self.tr("Create a new registry here"), QMessageBox.ButtonRole.AcceptRole, "create_home"
        )
        self.choose_button = message_box_button(
            self, self.tr("Choose another folder ..."), QMessageBox.ButtonRole.ActionRole, "choose_home"
        )
        self.quit_button = message_box_button(self, self.tr("Quit"), QMessageBox.ButtonRole.RejectRole, "quit")
        self.setDefaultButton(self.choose_button)


def ask(folder: Path, parent: QWidget | None = None) -> Path | None:
    """The folder to open: ``folder`` (the user chose to create a registry there), a folder
    the user picked that holds one, or None (quit)."""
    while True:
        box = MissingHomeBox(folder, parent)
        clicked = errors.clicked_button(box)
        if clicked is box.create_button:
            return folder
        if clicked is not box.choose_button:
            return None
        chosen = pick_folder(folder if folder.is_dir() else _existing_parent(folder), parent)
        if chosen is not None and has_registry(chosen):
            return chosen
        folder = chosen or folder  # nothing there either: ask again about that folder


def pick_folder(start: Path, parent: QWidget | None = None) -> Path | None:
    """The folder dialog for a data folder (None: cancelled)."""
    title = QCoreApplication.translate("MissingHomeBox", "Choose the LabRegistry data folder")
    return files.open_folder(parent, title, start)


def _existing_parent(folder: Path) -> Path:
    for parent in folder.parents:
        if parent.is_dir():
            return parent
    return Path.home()
