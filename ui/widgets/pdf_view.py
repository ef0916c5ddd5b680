"""A page-by-page view of a PDF, with zoom: the preview of a certificate before it is printed.

It draws only the page on screen (rendered by :mod:`ui.pdf_pages` when it is first
shown, then kept in a small cache), so a batch of hundreds of pages opens at once.
Zoom is a percentage of the page's real size on a 96 dpi screen, or "fit width" /
"fit page", which follow the window's size. Keys: Page Up / Page Down, Home / End,
Ctrl++ / Ctrl+- to zoom.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import pdf_pages
from ui.pdf_pages import PdfPages

SCREEN_DPI = 96.0
FIT_WIDTH = "fit_width"
FIT_PAGE = "fit_page"
ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
CACHE_PAGES = 6
RESIZE_DELAY_MS = 60


def _arrow_button(
    name: str, arrow: Qt.ArrowType, tip: str, accessible_name: str, slot: Callable[[], object]
) -> QToolButton:
    """A page-turning arrow (previous or next): the two differ only in direction and texts,
    translated by the view."""
    button = QToolButton()
    button.setObjectName(name)
    button.setArrowType(arrow)
    button.setToolTip(tip)
    button.setAccessibleName(accessible_name)
    button.clicked.connect(slot)
    return button


class PdfView(QWidget):
    """Shows one page of a :class:`~ui.pdf_pages.PdfPages` at a time; ``page_changed(index)``."""

    page_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_view")
        self.pages: PdfPages | None = None
        self.current = 0
        self._cache: OrderedDict[tuple[int, int], QPixmap] = OrderedDict()

        self.previous_button = _arrow_button(
            "previous_page",
            Qt.ArrowType.LeftArrow,
            self.tr("Previous page (Page Up)"),
            self.tr("Previous page"),
            self.previous_page,
        )
        self.page_box = QSpinBox()
        self.page_box.setObjectName("page_number")
        self.page_box.setAccessibleName(self.tr("Page"))
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda n: self.show_page(n - 1))
        self.page_count = QLabel()
        self.page_count.setObjectName("page_count")
        self.next_button = _arrow_button(
            "next_page",
            Qt.ArrowType.RightArrow,
            self.tr("Next page (Page Down)"),
            self.tr("Next page"),
            self.next_page,
        )

        self.zoom = QComboBox()
        self.zoom.setObjectName("zoom")
        self.zoom.setAccessibleName(self.tr("Zoom"))
        self.zoom.addItem(self.tr("Fit width"), FIT_WIDTH)
        self.zoom.addItem(self.tr("Whole page"), FIT_PAGE)
        for step in ZOOM_STEPS:
            self.zoom.addItem(f"{round(step * 100)} %", step)
        self.zoom.setCurrentIndex(0)
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        zoom_out = QToolButton()
        zoom_out.setObjectName("zoom_out")
        zoom_out.setText("−")
        zoom_out.setToolTip(self.tr("Smaller (Ctrl+-)"))
        zoom_out.setAccessibleName(self.tr("Smaller"))
        zoom_out.clicked.connect(self.zoom_out)
        zoom_in = QToolButton()
        zoom_in.setObjectName("zoom_in")
        zoom_in.setText("+")
        zoom_in.setToolTip(self.tr("Larger (Ctrl++)"))
        zoom_in.setAccessibleName(self.tr("Larger"))
        zoom_in.clicked.connect(self.zoom_in)

        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(QLabel(self.tr("Page")))
        bar.addWidget(self.page_box)
        bar.addWidget(self.page_count)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(zoom_out)
        bar.addWidget(self.zoom)
        bar.addWidget(zoom_in)

        self.image = QLabel()
        self.image.setObjectName("page_image")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setAccessibleName(self.tr("Page image"))
        self.scroll = QScrollArea()
        self.scroll.setObjectName("page_scroll")
        self.scroll.setWidget(self.image)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll.setBackgroundRole(self.scroll.backgroundRole().Dark)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)

        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(RESIZE_DELAY_MS)
        self._resize_timer.timeout.connect(self.refresh)
        for keys, slot in (
            (QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page),
            (QKeySequence.StandardKey.MoveToNextPage, self.next_page),
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        QShortcut(QKeySequence(Qt.Key.Key_Home), self, lambda: self.show_page(0))
        QShortcut(QKeySequence(Qt.Key.Key_End), self, lambda: self.show_page(self.count - 1))
        self._update_controls()

    # -- the document ------------------------------------------------------------

    @property
    def count(self) -> int:
        return len(self.pages) if self.pages is not None else 0

    def set_pages(self, pages: PdfPages | None) -> None:
        """Show ``pages`` from its first page (the caller keeps and closes it)."""
        self.pages = pages
        self._cache.clear()
        self.current = 0
        self.page_box.blockSignals(True)
        self.page_box.setRange(1, max(1, self.count))
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.page_count.setText(self.tr("of %1").replace("%1", str(self.count)))
        self._update_controls()
        self.refresh()

    def show_page(self, index: int) -> None:
        if not self.count:
            return
        index = max(0, min(index, self.count - 1))
        changed = index != self.current
        self.current = index
        if self.page_box.value() != index + 1:
            self.page_box.blockSignals(True)
            self.page_box.setValue(index + 1)
            self.page_box.blockSignals(False)
        self._update_controls()
        self.refresh()
        self.scroll.verticalScrollBar().setValue(0)
        if changed:
            self.page_changed.emit(index)

    def previous_page(self) -> None:
        self.show_page(self.current - 1)

    def next_page(self) -> None:
        self.show_page(self.current + 1)

    # -- zoom --------------------------------------------------------------------

    def zoom_factor(self) -> float:
        """The chosen zoom as a factor of the page's real size (fit modes resolved)."""
        mode = self.zoom.currentData()
        if isinstance(mode, float):
            return mode
        if self.pages is None or not self.count:
            return 1.0
        size = self.pages.size_points(self.current)
        natural_w = size.width() / pdf_pages.POINTS_PER_INCH * SCREEN_DPI
        natural_h = size.height() / pdf_pages.POINTS_PER_INCH * SCREEN_DPI
        room = self.scroll.viewport().size()
        margin = 24  # the scroll bar and a little air around the page
        by_width = max(0.1, (room.width() - margin) / natural_w)
        if mode == FIT_WIDTH:
            return by_width
        return max(0.1, min(by_width, (room.height() - 8) / natural_h))

    def set_zoom(self, factor: float) -> None:
        """A fixed zoom, as the nearest step offered in the list."""
        nearest = min(ZOOM_STEPS, key=lambda step: abs(step - factor))
        self.zoom.setCurrentIndex(self.zoom.findData(nearest))

    def zoom_in(self) -> None:
        current = self.zoom_factor()
        self.set_zoom(next((s for s in ZOOM_STEPS if s > current + 0.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        current = self.zoom_factor()
        self.set_zoom(next((s for s in reversed(ZOOM_STEPS) if s < current - 0.01), ZOOM_STEPS[0]))

    def _zoom_changed(self, _index: int) -> None:
        self.refresh()

    # -- drawing -----------------------------------------------------------------

    def refresh(self) -> None:
        """Draw the current page at the current zoom (rendered now unless cached)."""
        if self.pages is None or not self.count:
            self.image.clear()
            return
        ratio = self.devicePixelRatioF()
        dpi = pdf_pages.preview_dpi(self.pages, self.current, SCREEN_DPI * self.zoom_factor() * ratio)
        key = (self.current, round(dpi))
        pixmap = self._cache.get(key)
        if pixmap is None:
            pixmap = QPixmap.fromImage(self.pages.render(self.current, dpi))
            pixmap.setDevicePixelRatio(ratio)
            self._cache[key] = pixmap
            while len(self._cache) > CACHE_PAGES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        self.image.setPixmap(pixmap)

    def shown_size(self) -> tuple[int, int]:
        """The page image's size on screen, in device-independent pixels."""
        pixmap = self.image.pixmap()
        if pixmap is None or pixmap.isNull():
            return (0, 0)
        size = pixmap.deviceIndependentSize()
        return (round(size.width()), round(size.height()))

    def _update_controls(self) -> None:
        self.previous_button.setEnabled(self.current > 0)
        self.next_button.setEnabled(self.current < self.count - 1)
        self.page_box.setEnabled(self.count > 1)

    def resizeEvent(self, event: Any) -> None:  # Qt's name
        super().resizeEvent(event)
        if self.zoom.currentData() in (FIT_WIDTH, FIT_PAGE):
            self._resize_timer.start()
