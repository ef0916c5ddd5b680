"""Small charts drawn with QPainter: horizontal bars and stacked month columns.

PySide6-Essentials has no QtCharts, and these two shapes are all the overview needs, so
they are painted here. Each chart is given its numbers (the core counts them) and draws
them to scale: the longest bar or the tallest column fills the width or height. Hovering
a bar or column shows its label and numbers; the accessible description holds the same
numbers as text, for screen readers and for copying.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

BAR_COLOUR = QColor("#3b7dd8")
SERIES_COLOURS = (QColor("#3b7dd8"), QColor("#e59c2f"), QColor("#5aa469"))
GRID_COLOUR = QColor("#d8d8d8")
TEXT_COLOUR = QColor("#333333")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def nice_ceiling(value: int) -> int:
    """The axis end: ``value`` rounded up to 1, 2 or 5 times a power of ten (at least 1)."""
    if value <= 1:
        return 1
    scale = 1
    while True:
        for step in (1, 2, 5):
            if step * scale >= value:
                return step * scale
        scale *= 10


class HoverChart(QWidget):
    """What the charts share: the tooltip of the item (bar, column, city) under the mouse."""

    def item_at(self, point: QPoint) -> Any:
        """The item under ``point`` (an index, a city's adcode), None where there is none."""
        raise NotImplementedError

    def tooltip(self, item: Any) -> str:
        raise NotImplementedError

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.item_at(event.pos())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip(index), self)
            return True
        return super().event(event)


class BarChart(HoverChart):
    """Horizontal bars, one per label, most first as given; at most ``limit`` shown."""

    def __init__(self, limit: int = 12, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)[: self.limit]
        self.setAccessibleDescription("\n".join(f"{b.label}: {b.value}" for b in self.bars))
        self.updateGeometry()
        self.update()

    def row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:
        return QSize(360, max(1, len(self.bars)) * self.row_height() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(b.label) for b in self.bars), default=0)
        return min(widest + 12, self.width() // 2)

    def bar_rect(self, index: int) -> QRect:
        """Where bar ``index`` is drawn (its full length at the largest value)."""
        top = 4 + index * self.row_height()
        left = self.label_width()
        value_room = self.fontMetrics().horizontalAdvance("0000000") + 8
        full = max(1, self.width() - left - value_room)
        largest = max((b.value for b in self.bars), default=0) or 1
        length = round(full * self.bars[index].value / largest)
        return QRect(left, top + 2, max(length, 1 if self.bars[index].value else 0), self.row_height() - 6)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        label_width = self.label_width()
        for index, bar in enumerate(self.bars):
            rect = self.bar_rect(index)
            row = QRect(0, rect.top() - 2, label_width - 6, self.row_height())
            painter.setPen(TEXT_COLOUR)
            painter.drawText(row, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(bar.label, Qt.TextElideMode.ElideMiddle, label_width - 6))
            painter.fillRect(rect, BAR_COLOUR)
            value = QRect(rect.right() + 6, rect.top() - 2, 80, self.row_height())
            painter.drawText(value, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             self.locale().toString(bar.value))
        painter.end()

    def bar_at(self, point: QPoint) -> int | None:
        """The bar of the row under ``point`` (its label names it too)."""
        index = (point.y() - 4) // self.row_height()
        return index if 0 <= index < len(self.bars) and point.y() >= 4 else None

    def item_at(self, point: QPoint) -> int | None:
        return self.bar_at(point)

    def tooltip(self, index: int) -> str:
        bar = self.bars[index]
        return f"{bar.label}: {self.locale().toString(bar.value)}"


@dataclass(frozen=True)
class Column:
    label: str  # the month, as shown under it
    values: tuple[int, ...]  # one per series, stacked bottom up
    title: str = ""  # in the tooltip (the month with its year); the label when empty

    @property
    def total(self) -> int:
        return sum(self.values)


class StackedColumns(HoverChart):
    """Columns side by side (the months), each a stack of its series, with a legend above."""

    def __init__(self, series: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = list(series)
        self.columns: list[Column] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self.setAccessibleDescription("\n".join(self.tooltip(i) for i in range(len(self.columns))))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 10 * self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(320, self.sizeHint().height())

    def plot_rect(self) -> QRectF:
        line = self.fontMetrics().height()
        axis = self.fontMetrics().horizontalAdvance("0000") + 8
        return QRectF(axis, line * 2, max(1, self.width() - axis - 4), max(1, self.height() - line * 4))

    def axis_top(self) -> int:
        return nice_ceiling(max((c.total for c in self.columns), default=0))

    def column_rect(self, index: int) -> QRectF:
        """The whole stack of column ``index``."""
        plot = self.plot_rect()
        slot = plot.width() / max(1, len(self.columns))
        height = plot.height() * self.columns[index].total / self.axis_top()
        return QRectF(plot.left() + index * slot + slot * 0.15, plot.bottom() - height, slot * 0.7, height)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        painter = QPainter(self)
        metrics = self.fontMetrics()
        line = metrics.height()
        x = 4
        for name, colour in zip(self.series, SERIES_COLOURS, strict=False):  # the legend
            painter.fillRect(QRect(x, line // 2 - 1, line - 4, line - 4), colour)
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QPoint(x + line, line - 2), name)
            x += line + metrics.horizontalAdvance(name) + 16
        plot = self.plot_rect()
        top = self.axis_top()
        for fraction in (0, 0.5, 1):  # the grid and the scale
            y = plot.bottom() - plot.height() * fraction
            painter.setPen(GRID_COLOUR)
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QRectF(0, y - line / 2, plot.left() - 4, line),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             self.locale().toString(round(top * fraction)))
        slot = plot.width() / max(1, len(self.columns))
        for index, column in enumerate(self.columns):
            whole = self.column_rect(index)
            bottom = plot.bottom()
            for value, colour in zip(column.values, SERIES_COLOURS, strict=False):
                height = plot.height() * value / top
                painter.fillRect(QRectF(whole.left(), bottom - height, whole.width(), height), colour)
                bottom -= height
            if column.total:
                painter.setPen(TEXT_COLOUR)
                painter.drawText(QRectF(whole.left() - 8, whole.top() - line, whole.width() + 16, line),
                                 int(Qt.AlignmentFlag.AlignCenter), self.locale().toString(column.total))
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QRectF(plot.left() + index * slot, plot.bottom() + 2, slot, line),
                             int(Qt.AlignmentFlag.AlignCenter), column.label)
        painter.end()

    def column_at(self, point: QPoint) -> int | None:
        plot = self.plot_rect()
        if not plot.left() <= point.x() < plot.right() or not self.columns:
            return None
        return int((point.x() - plot.left()) // (plot.width() / len(self.columns)))

    def item_at(self, point: QPoint) -> int | None:
        return self.column_at(point)

    def tooltip(self, index: int) -> str:
        column = self.columns[index]
        parts = [f"{name} {self.locale().toString(v)}" for name, v in zip(self.series, column.values, strict=False)]
        return f"{column.title or column.label}: " + ", ".join(parts)
