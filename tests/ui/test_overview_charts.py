"""The overview's charts: drawn to scale from the core's counts, each bar and column named on hover."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from labregistry.registry import Registry
from labregistry.services import expiries, listing
from ui.main_window import MainWindow
from ui.widgets.charts import BAR_COLOUR, SERIES_COLOURS, Bar, BarChart, nice_ceiling


def colour_at(widget: Any, point: QPoint) -> QColor:
    image = widget.grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(point.x() * ratio), int(point.y() * ratio))


def hover_text(widget: Any, point: QPoint) -> str:
    event = QHelpEvent(QEvent.Type.ToolTip, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)
    return QToolTip.text()


def test_the_discipline_and_city_bars_are_the_overview_counts_to_scale(
    small_window: MainWindow, small_registry: Registry
) -> None:
    small_window.show_page("overview")
    page = small_window.overview
    chart = page.discipline_chart
    counts = listing.counts_by_discipline(small_registry)
    assert [b.value for b in chart.bars] == [n for _code, n in counts]
    widths = [chart.bar_rect(i).width() for i in range(len(chart.bars))]
    largest = max(b.value for b in chart.bars)
    for bar, width in zip(chart.bars, widths, strict=True):  # proportional to the largest
        assert abs(width - widths[0] * bar.value / largest) <= 1
    middle = chart.bar_rect(0).center()
    assert colour_at(chart, middle) == BAR_COLOUR  # drawn, not only computed
    assert hover_text(chart, middle) == f"{chart.bars[0].label}: {chart.bars[0].value}"
    assert [(b.label, b.value) for b in page.city_chart.bars] == [("上海", 5), ("Jiangsu 南京", 1)]  # a municipality is its own city


def test_the_months_chart_counts_the_certificates_ending_in_the_next_year(
    small_window: MainWindow, small_registry: Registry, today: dt.date
) -> None:
    small_window.show_page("overview")
    chart = small_window.overview.month_chart
    months = expiries.by_month(small_registry, today)
    assert len(chart.columns) == 12
    assert [c.values for c in chart.columns] == [(m.standards, m.authorisations, m.credentials) for m in months]
    # the fixture: a standard ending in 30 days and an authorisation in 100; the rest later or ended
    assert sum(c.total for c in chart.columns) == 2
    n = next(i for i, c in enumerate(chart.columns) if c.total)
    whole = chart.column_rect(n)
    inside = QPoint(int(whole.center().x()), int(whole.bottom() - 2))
    assert colour_at(chart, inside) in SERIES_COLOURS
    assert chart.column_at(inside) == n
    assert hover_text(chart, inside).startswith(chart.columns[n].title + ": Standards ")


def test_an_empty_chart_and_the_axis_ends() -> None:
    chart = BarChart()
    chart.set_bars([])
    assert chart.sizeHint().height() > 0 and chart.bars == []
    chart.set_bars([Bar("a", 0), Bar("b", 0)])
    assert chart.bar_rect(0).width() == 0
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 10, 11, 260)] == [1, 1, 5, 10, 10, 20, 500]
