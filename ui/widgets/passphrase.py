"""The passphrase of the signing key, asked in a password dialog (never on a command line).

``confirm=True`` asks twice (a new key, a rotation to a new passphrase) and refuses
two different entries inline, and a weak new passphrase with the core's reason
(:func:`labregistry.crypto.passphrase.new_passphrase_problem`: too short, common, the
institute's name or code); an empty or all-blank passphrase is refused the same way as in
the core (``key.passphrase_empty``). Unlocking (``confirm=False``) judges nothing. The dialog never stores the text: the
caller reads :meth:`PassphraseDialog.passphrase` once and passes it to the service.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from labregistry.crypto.passphrase import new_passphrase_problem
from labregistry.i18n import tr as core_message
from ui import errors, i18n
from ui.widgets.common import InlineMessage, mark_invalid


def password_edit(name: str, accessible_name: str) -> QLineEdit:
    """A field that hides what is typed, named ``name`` (tests find it by that); the two
    places that ask for a new passphrase (this dialog and the first run) make them alike.
    ``accessible_name`` is translated by the caller, in its own context."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible_name)
    return edit


def passphrase_problem(
    first: str, second: str | None, *, name: str | None = None, uscc: str | None = None
) -> str | None:
    """The core's message for an empty or mismatched passphrase, in the UI language; with
    ``second`` (a passphrase chosen for a new key, typed twice), also for a weak one."""
    lang = i18n.core_lang()
    if not first.strip():
        return core_message("key.passphrase_empty", lang)
    if second is None:
        return None
    if first != second:
        return core_message("key.passphrase_mismatch", lang)
    weak = new_passphrase_problem(first, name=name, uscc=uscc)
    return weak.render(lang) if weak is not None else None


class PassphraseDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        title: str | None = None,
        text: str | None = None,
        confirm: bool = False,
        error: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphrase_dialog")
        self.setWindowTitle(title or self.tr("Key passphrase"))
        self.confirm = confirm
        intro = QLabel(text or self.tr("Type the passphrase of the institute's signing key."))
        intro.setWordWrap(True)
        self.first = password_edit("passphrase", self.tr("Passphrase"))
        self.second = password_edit("passphrase_again", self.tr("Passphrase again"))
        self.message = InlineMessage()
        self.message.setObjectName("passphrase_message")
        form = QFormLayout()
        form.addRow(self.tr("Passphrase"), self.first)
        if confirm:
            form.addRow(self.tr("Again"), self.second)
        else:
            self.second.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if error:
            self.message.show_error(error)
        self.first.textChanged.connect(self._clear)
        self.second.textChanged.connect(self._clear)
        self.setMinimumWidth(420)

    def _clear(self) -> None:
        self.message.clear_message()
        mark_invalid(self.first, False)
        mark_invalid(self.second, False)

    def passphrase(self) -> str:
        return self.first.text()

    def accept(self) -> None:  # Qt's name
        problem = passphrase_problem(self.first.text(), self.second.text() if self.confirm else None)
        if problem is not None:
            self.message.show_error(problem)
            mismatch = self.confirm and self.first.text().strip() and self.first.text() != self.second.text()
            mark_invalid(self.second if mismatch else self.first, True)
            return
        super().accept()


def ask_passphrase(
    parent: QWidget | None,
    *,
    title: str | None = None,
    text: str | None = None,
    confirm: bool = False,
    error: str | None = None,
) -> str | None:
    """The passphrase typed, or None when the user cancelled (through ``errors.exec_dialog``)."""
    dialog = PassphraseDialog(parent, title=title, text=text, confirm=confirm, error=error)
    try:
        if errors.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return None
        return dialog.passphrase()
    finally:
        dialog.deleteLater()
