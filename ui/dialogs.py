"""Questions to the user: unsaved changes, confirmations, information.

Every box runs through :func:`ui.errors.exec_dialog`, which returns the standard button
clicked, so tests answer a question by replacing that one function.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from labregistry.textrules import visible_output
from ui import errors

SAVE = "save"
DISCARD = "discard"
CANCEL = "cancel"


def ask_unsaved(parent: QWidget | None, what: str) -> str:
    """``save``, ``discard`` or ``cancel`` for a window with unsaved changes."""
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a peer's name is never taken for HTML
    box.setObjectName("unsaved_box")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Dialogs", "Unsaved changes"))
    box.setText(
        visible_output(QCoreApplication.translate("Dialogs", "%1 has changes that are not saved.").replace("%1", what))
    )
    box.setInformativeText(QCoreApplication.translate("Dialogs", "Save them before closing?"))
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    answer = errors.exec_dialog(box)
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    informative: str = "",
    *,
    ok_text: str | None = None,
    warning: bool = False,
) -> bool:
    """True when the user clicked OK (labelled ``ok_text``); Cancel is the default."""
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a peer's name is never taken for HTML
    box.setObjectName("confirm_box")
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(visible_output(text))
    if informative:
        box.setInformativeText(visible_output(informative))
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    if ok_text:
        box.button(QMessageBox.StandardButton.Ok).setText(ok_text)
    answer = errors.exec_dialog(box)
    return bool(answer == QMessageBox.StandardButton.Ok)


def inform(parent: QWidget | None, title: str, text: str, informative: str = "") -> None:
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a peer's name is never taken for HTML
    box.setObjectName("inform_box")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(visible_output(text))
    if informative:
        box.setInformativeText(visible_output(informative))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    errors.exec_dialog(box)
