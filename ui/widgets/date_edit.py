"""A date field: typed text with a calendar to pick from.

A ``QDateEdit`` cannot be empty, and it only takes its own display format; a lab's dates
arrive as ``2025-03-01``, ``2025/3/1`` or ``2025年3月1日`` (pasted from a ledger) and many
are optional. So the field stays a line of text that the core parses and checks, as it
does for a ledger, and a calendar button at its end picks a date: the calendar shows the
UI's locale (Chinese month names and weekdays, the week from Monday) and writes the date as
the app writes dates everywhere (``2026-12-07``). Clearing the text leaves the date empty.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from labregistry.domain.dates import parse_date
from labregistry.errors import DomainError
from ui.labels import format_date


def calendar_icon(size: int = 16) -> QIcon:
    """A small calendar drawn here: a page with a dark top band and a grid of days."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    page = QRect(1, 2, size - 3, size - 4)
    painter.setPen(QPen(QColor("#555555"), 1))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(page)
    painter.fillRect(QRect(page.left(), page.top(), page.width() + 1, size // 4), QColor("#c0392b"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#555555"))
    step = max(2, (size - 4) // 4)
    for row in range(2):
        for column in range(3):
            painter.drawRect(page.left() + 2 + column * step, page.top() + size // 4 + 2 + row * step, 1, 1)
    painter.end()
    return QIcon(pixmap)


def parsed(text: str) -> dt.date | None:
    """The date a text means, as the core reads it; None when empty or not a date."""
    if not text.strip():
        return None
    try:
        return parse_date(text)
    except DomainError:
        return None


class DateLineEdit(QLineEdit):
    """A line of text for a date, with a calendar popup from the button at its end."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.calendar_action = QAction(calendar_icon(), self.tr("Choose a date"), self)
        self.calendar_action.setObjectName("choose_date")
        self.calendar_action.setToolTip(self.tr("Choose a date"))
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self._calendar: QCalendarWidget | None = None

    @property
    def calendar(self) -> QCalendarWidget:
        """The popup, made when first needed (an editor has many date fields, seldom opened)."""
        if self._calendar is None:
            # a child of the field: a table's cell editor stays open while it has the focus
            calendar = QCalendarWidget(self)
            calendar.setWindowFlags(Qt.WindowType.Popup)
            calendar.setObjectName("calendar")
            calendar.setGridVisible(True)
            calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            calendar.clicked.connect(self._choose)
            calendar.activated.connect(self._choose)
            self._calendar = calendar
        return self._calendar

    def show_calendar(self) -> None:
        """Open the calendar at the date typed, or at today when there is none."""
        current = parsed(self.text()) or dt.date.today()
        calendar = self.calendar
        calendar.setLocale(self.locale())
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.setCurrentPage(current.year, current.month)
        calendar.adjustSize()
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry()
        x = min(below.x() + self.width() - calendar.width(), screen.right() - calendar.width())
        fits = below.y() + calendar.height() <= screen.bottom()
        y = below.y() if fits else self.mapToGlobal(QPoint(0, 0)).y() - calendar.height()
        calendar.move(max(x, screen.left()), max(y, screen.top()))
        calendar.show()
        calendar.setFocus()

    def _choose(self, date: QDate) -> None:
        text = format_date(dt.date(date.year(), date.month(), date.day()))
        self.calendar.hide()
        self.setText(text)
        self.setFocus()
        self.picked.emit(text)
        self.editingFinished.emit()


class DateDelegate(QStyledItemDelegate):
    """Date cells of an editor's table: edited with a :class:`DateLineEdit`."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: object) -> QWidget:
        editor = DateLineEdit(parent)
        editor.picked.connect(lambda _text: self.commitData.emit(editor))
        return editor
