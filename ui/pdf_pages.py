"""The pages of a PDF as images, for the preview and for printing (pypdfium2 under Qt).

PySide6-Essentials has no QtPdf, so the app rasterises the real PDF the core wrote with
pdfium: page by page and only when asked (a statement of 300 standards has dozens of
pages; the preview draws the one on screen). Printing paints the same pages into a
``QPrinter`` with ``QPainter`` at the printer's resolution (capped at :data:`PRINT_DPI_LIMIT`),
in horizontal bands so that a 600 dpi A4 page never needs one 140 MB image.

pdfium is not thread-safe: every call into it holds :data:`PDFIUM_LOCK` (the core's QR
check in ``labregistry.certificates.pdfread`` uses pdfium too; the app runs it under the
same lock). Nothing here touches a widget, so printing may run off the GUI thread.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSizeF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from labregistry.errors import DomainError

log = logging.getLogger(__name__)

PDFIUM_LOCK = threading.RLock()
POINTS_PER_INCH = 72.0
PRINT_DPI_LIMIT = 600  # beyond this a printed page looks no better and takes far longer
BAND_PIXELS = 8_000_000  # about 32 MB per band at 4 bytes a pixel
MAX_PREVIEW_PIXELS = 40_000_000  # a zoomed preview page is never larger than this


class PrintCancelled(Exception):
    """The user cancelled a print run; the pages before it were sent."""


class PrinterUnavailable(Exception):
    """``QPainter.begin`` refused the printer (gone, offline, or an unwritable output file)."""


@dataclass(frozen=True)
class PrintRun:
    """What a print run sent: how many pages, at what resolution."""

    pages: int
    dpi: int


class PdfPages:
    """A PDF held in memory, its pages rendered to ``QImage`` on demand.

    ``name`` is what an error message calls the document (its file, or a description).
    Opening an unreadable PDF raises ``certificate.pdf_unreadable``.
    """

    def __init__(self, data: bytes, name: str = "") -> None:
        import pypdfium2 as pdfium

        self.data = data
        self.name = name
        with PDFIUM_LOCK:
            try:
                self._doc = pdfium.PdfDocument(data)
                self.sizes = [QSizeF(*self._doc.get_page_size(i)) for i in range(len(self._doc))]
            except pdfium.PdfiumError as exc:
                raise DomainError(
                    "certificate.pdf_unreadable", file=name or "PDF", reason=str(exc) or "pdfium"
                ) from None

    @classmethod
    def from_file(cls, path: Path) -> PdfPages:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DomainError(
                "certificate.pdf_unreadable", file=str(path), reason=exc.strerror or type(exc).__name__
            ) from None
        return cls(data, str(path))

    def __len__(self) -> int:
        return len(self.sizes)

    def size_points(self, index: int) -> QSizeF:
        """The page's size in points (1/72 inch)."""
        return self.sizes[index]

    def render(self, index: int, dpi: float, band: tuple[int, int] | None = None) -> QImage:
        """Page ``index`` (0-based) at ``dpi``; ``band`` = (top, height) in pixels renders only that strip."""
        scale = dpi / POINTS_PER_INCH
        size = self.sizes[index]
        full_h = math.ceil(size.height() * scale)
        crop = (0.0, 0.0, 0.0, 0.0)
        if band is not None:
            top, height = band
            bottom = max(0, full_h - top - height)
            # pdfium rounds crop * scale up: a hair under the pixel keeps bands from overlapping
            crop = (0.0, max(0.0, bottom - 0.001) / scale, 0.0, max(0.0, top - 0.001) / scale)
        with PDFIUM_LOCK:
            page = self._doc[index]
            try:
                bitmap = page.render(scale=scale, crop=crop, rev_byteorder=True, prefer_bgrx=True)
                image = QImage(
                    bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
                ).copy()  # pdfium's buffer goes away with the bitmap
                bitmap.close()
            finally:
                page.close()
        return image

    def close(self) -> None:
        with PDFIUM_LOCK:
            self._doc.close()


def preview_dpi(pages: PdfPages, index: int, dpi: float) -> float:
    """``dpi`` lowered so that the page image stays under :data:`MAX_PREVIEW_PIXELS`."""
    size = pages.size_points(index)
    pixels = size.width() * size.height() * (dpi / POINTS_PER_INCH) ** 2
    if pixels <= MAX_PREVIEW_PIXELS:
        return dpi
    return dpi * math.sqrt(MAX_PREVIEW_PIXELS / pixels)


# ---------------------------------------------------------------- printing


def pages_to_print(printer: QPrinter, count: int, current: int) -> list[int]:
    """The 0-based pages the print dialog asked for: all, a range ("1-3,7") or the current one."""
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [current]
    if mode == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [n - 1 for n in range(1, count + 1) if ranges.contains(n)]
        first, last = printer.fromPage(), printer.toPage()
        if first > 0:
            return list(range(first - 1, min(last or count, count)))
    return list(range(count))


def print_pages(
    pages: PdfPages,
    printer: QPrinter,
    indices: Sequence[int],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> PrintRun:
    """Paint ``indices`` of ``pages`` into ``printer``, one printed page each.

    Each page is scaled to fit the paper, centred (A4 on A4 is 1:1); the printer is set to
    full-page mode because the certificate carries its own margins. Raises
    :class:`PrintCancelled` (after aborting the job) when ``cancelled()`` turns true.
    """
    printer.setFullPage(True)
    dpi = int(min(printer.resolution(), PRINT_DPI_LIMIT))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterUnavailable(printer.outputFileName() or printer.printerName())
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
        for n, index in enumerate(indices):
            if cancelled():
                printer.abort()
                raise PrintCancelled()
            if n:
                printer.newPage()
            _paint_page(painter, pages, index, paper, dpi, printer.resolution())
            if progress is not None:
                progress(n + 1, len(indices))
    finally:
        painter.end()
    return PrintRun(pages=len(indices), dpi=dpi)


def _paint_page(
    painter: QPainter, pages: PdfPages, index: int, paper: QRectF, dpi: int, device_dpi: int
) -> None:
    """One PDF page onto the paper, in bands of at most :data:`BAND_PIXELS` pixels."""
    size = pages.size_points(index)
    width_px = math.ceil(size.width() * dpi / POINTS_PER_INCH)
    height_px = math.ceil(size.height() * dpi / POINTS_PER_INCH)
    # the page's own size in device pixels, shrunk (never grown) to fit the paper
    natural = QSizeF(
        size.width() * device_dpi / POINTS_PER_INCH, size.height() * device_dpi / POINTS_PER_INCH
    )
    fit = min(1.0, paper.width() / natural.width(), paper.height() / natural.height())
    target_w, target_h = natural.width() * fit, natural.height() * fit
    left = paper.left() + (paper.width() - target_w) / 2
    top = paper.top() + (paper.height() - target_h) / 2
    per_pixel = target_h / height_px
    band_h = max(1, BAND_PIXELS // max(1, width_px))
    y = 0
    while y < height_px:
        h = min(band_h, height_px - y)
        image = pages.render(index, dpi, (y, h))
        target = QRectF(left, top + y * per_pixel, target_w, image.height() * per_pixel)
        painter.drawImage(target, image, QRectF(QRect(0, 0, image.width(), image.height())))
        y += h
