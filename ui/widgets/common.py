"""Small widgets every page uses: headings, inline messages, fingerprints in large type.

An inline message sits right under the widget it is about (red for an error, amber for
a warning) and is hidden while there is nothing to say; :func:`mark_invalid` gives the
widget a red frame at the same time. Fingerprints are shown in a large fixed-width font
in groups of five digits, so that two people can read them out to each other by phone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from labregistry.textrules import visible_output

ERROR_COLOUR = "#b3261e"
WARNING_COLOUR = "#8a5a00"
OK_COLOUR = "#1e6b2e"

_INVALID_STYLE = f"border: 1px solid {ERROR_COLOUR}; border-radius: 2px;"


def push_button(text: str, name: str, slot: Callable[[], object], *, enabled: bool = True) -> QPushButton:
    """A button named ``name`` (tests and screenshots find it by that) that calls ``slot``.

    The pages made every button with the same three lines; ``text`` is already translated
    (``self.tr`` in the page, so that lupdate sees it in the page's context).
    """
    button = QPushButton(text)
    button.setObjectName(name)
    button.setEnabled(enabled)
    button.clicked.connect(slot)
    return button


def choice_buttons(accept: QPushButton, action: QPushButton, reject: QPushButton) -> QDialogButtonBox:
    """The three choices of a start-up dialog (first run, a damaged database) in the order and
    places the platform gives their roles: go on (``accept``), look elsewhere (``action``), leave
    (``reject``). The buttons are made and wired by the dialog (:func:`push_button`)."""
    box = QDialogButtonBox()
    box.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(action, QDialogButtonBox.ButtonRole.ActionRole)
    box.addButton(reject, QDialogButtonBox.ButtonRole.RejectRole)
    return box


def message_box_button(box: QMessageBox, text: str, role: QMessageBox.ButtonRole, name: str) -> QPushButton:
    """A button of ``box`` with ``role``, named ``name`` so that tests find it; ``text`` is
    already translated in the box's own context (``self.tr``). ``exec`` then tells which one
    was clicked (``clickedButton``)."""
    button = box.addButton(text, role)
    button.setObjectName(name)
    return button


def menu_button(text: str, name: str, parent: QWidget | None = None) -> tuple[QToolButton, QMenu]:
    """A button named ``name`` that opens its menu at once (the lists' "Export list"), and
    that menu, to fill with :func:`menu_action`."""
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setText(text)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    button.setMenu(menu)
    return button, menu


def menu_action(menu: QMenu, text: str, name: str, slot: Callable[[], object]) -> QAction:
    """An entry of ``menu`` named ``name`` (tests trigger it by that) that calls ``slot``."""
    action = menu.addAction(text)
    action.setObjectName(name)
    action.triggered.connect(slot)
    return action


def row_of(*widgets: QWidget, right: bool = False) -> QHBoxLayout:
    """``widgets`` side by side from the left (``right``: from the right), the rest of the row
    empty: the pages' rows of buttons."""
    row = QHBoxLayout()
    if right:
        row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    if not right:
        row.addStretch(1)
    return row


def explained_box(title: str, text: str, *buttons: QPushButton) -> QGroupBox:
    """A framed ``title`` over a wrapped paragraph ``text`` (what the buttons do and why) and a
    row of ``buttons`` pushed left. ``title`` and ``text`` are translated by the page."""
    box = QGroupBox(title)
    explanation = QLabel(text)
    explanation.setWordWrap(True)
    layout = QVBoxLayout(box)
    layout.addWidget(explanation)
    layout.addLayout(row_of(*buttons))
    return box


def read_only_table(columns: list[str], name: str) -> QTableWidget:
    """A table of whole rows to pick one of, never edited in place, without row numbers.

    What the pages' small tables (the overview's lists, received bundles, trusted keys,
    backups) have in common; each adds its own sizes and stretch.
    """
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    return table


def heading(text: str, scale: float = 1.3, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class InlineMessage(QLabel):
    """A message under a field: hidden when empty, red for errors, amber for warnings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()
        self.level = ""

    def show_error(self, text: str) -> None:
        self._show(text, ERROR_COLOUR, "error")

    def show_warning(self, text: str) -> None:
        self._show(text, WARNING_COLOUR, "warning")

    def show_ok(self, text: str) -> None:
        self._show(text, OK_COLOUR, "ok")

    def _show(self, text: str, colour: str, level: str) -> None:
        self.level = level
        self.setStyleSheet(f"color: {colour};")
        self.setText(visible_output(text))  # a file name or a peer's value may hold bidi or control characters
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.level = ""
        self.setText("")
        self.hide()


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """A red frame around ``widget`` while its value is refused."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet(_INVALID_STYLE if invalid else "")


def fixed_font(scale: float = 1.0, base: QFont | None = None) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    size = (base.pointSizeF() if base is not None else font.pointSizeF()) * scale
    if size > 0:
        font.setPointSizeF(size)
    return font


class FingerprintLabel(QLabel):
    """A key fingerprint in large fixed-width type, selectable (to copy into an e-mail)."""

    def __init__(self, fingerprint: str = "", parent: QWidget | None = None, scale: float = 1.8) -> None:
        super().__init__(parent)
        self.setObjectName("fingerprint")
        self.setFont(fixed_font(scale, self.font()))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWordWrap(True)
        self.set_fingerprint(fingerprint)

    def set_fingerprint(self, fingerprint: str) -> None:
        # two lines of four groups read more easily than one line of eight
        groups = fingerprint.split()
        if len(groups) == 8:
            self.setText("  ".join(groups[:4]) + "\n" + "  ".join(groups[4:]))
        else:
            self.setText(fingerprint)
        self.setAccessibleName(fingerprint)
