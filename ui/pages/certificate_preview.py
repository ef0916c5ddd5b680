"""The preview of a certificate PDF: read it page by page, print it, or save it as shown.

The dialog shows the real PDF the core produced (``certificates.render``: the same bytes
``issue_batch`` would write), so what is saved from it is exactly what was read. Printing
goes through the system print dialog (all pages, a range or the page on screen) and
paints the pages into the printer off the GUI thread with a progress dialog whose Cancel
stops it between two pages (:func:`ui.pdf_pages.print_pages`).

The same dialog previews a certificate file being verified (``save`` off: the file is
already on disk).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, QSizeF, Signal
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labregistry.config import Home
from labregistry.errors import DomainError
from labregistry.files import atomic_write
from labregistry.outputs import check_target
from ui import errors, files, i18n, workers
from ui.pdf_pages import PdfPages, PrintCancelled, PrinterUnavailable, PrintRun, pages_to_print, print_pages
from ui.widgets.common import InlineMessage, push_button, row_of
from ui.widgets.pdf_view import PdfView

PDF_FILTER = "*.pdf"
FILE_MODE = 0o644  # a certificate is meant to be read by others, unlike a key
PREFERRED_SIZE = QSize(860, 980)  # an A4 page at a readable size
SCREEN_MARGIN = 60  # room left on the screen for the title bar


class PreviewDialog(QDialog):
    """``pages`` shown page by page; Print, Save as PDF (when ``suggested`` is given), Close.

    ``sections`` are (label, first page, 0-based) of the certificates in a batch: a list
    to jump to one. ``note`` is a warning shown above the pages (the font fallback).
    ``saved(path)`` and ``printed(PrintRun)`` say what the user did.
    """

    saved = Signal(object)
    printed = Signal(object)

    def __init__(
        self,
        pages: PdfPages,
        *,
        title: str,
        suggested: Path | None = None,
        sections: Sequence[tuple[str, int]] = (),
        note: str = "",
        home: Home | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("certificate_preview")
        self.setWindowTitle(title)
        self.pages = pages
        self.suggested = suggested
        self.home = home
        self.sections = list(sections)
        self.saved_to: Path | None = None
        self.print_run: PrintRun | None = None
        self.printer: QPrinter | None = None
        self._op: workers.Op[Any] | None = None

        self.summary = QLabel(self.tr("%n page(s)", "", len(pages)))
        self.summary.setObjectName("preview_summary")
        self.note = InlineMessage()
        self.note.setObjectName("preview_note")
        if note:
            self.note.show_warning(note)
        self.jump = QComboBox()
        self.jump.setObjectName("certificate_list")
        self.jump.setAccessibleName(self.tr("Certificate"))
        for label, first in self.sections:
            self.jump.addItem(
                self.tr("%1 (page %2)").replace("%1", label).replace("%2", str(first + 1)), first
            )
        self.jump.activated.connect(self._jump)
        top = row_of(self.summary)
        if len(self.sections) > 1:
            top.addWidget(QLabel(self.tr("Go to")))
            top.addWidget(self.jump)
        else:
            self.jump.hide()

        self.view = PdfView()
        self.view.set_pages(pages)
        self.view.page_changed.connect(self._follow_page)
        self.message = InlineMessage()
        self.message.setObjectName("preview_message")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.print_button = QPushButton(self.tr("Print ..."))
        self.print_button.setObjectName("print_pdf")
        self.print_button.setToolTip(self.tr("Print on a printer"))
        self.print_button.clicked.connect(self.print_document)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = push_button(self.tr("Save as PDF ..."), "save_pdf", self.save_document)
        if suggested is not None:
            buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        else:
            self.save_button.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(self.initial_size(parent))

    def initial_size(self, parent: QWidget | None) -> QSize:
        """The preferred size, made smaller on a small screen (a 1366 × 768 laptop): the
        Print and Close buttons at the bottom must not open below the screen's edge."""
        room = (parent or self).screen().availableGeometry()
        return QSize(
            min(PREFERRED_SIZE.width(), room.width() - SCREEN_MARGIN),
            min(PREFERRED_SIZE.height(), room.height() - SCREEN_MARGIN),
        )

    # -- navigation ---------------------------------------------------------------

    def _jump(self, row: int) -> None:
        self.view.show_page(int(self.jump.itemData(row)))

    def _follow_page(self, index: int) -> None:
        """Keep the certificate list on the certificate the page belongs to."""
        row = 0
        for n, (_label, first) in enumerate(self.sections):
            if first <= index:
                row = n
        if self.sections:
            self.jump.setCurrentIndex(row)

    # -- saving -------------------------------------------------------------------

    def save_document(self) -> None:
        """Write the previewed bytes, unchanged, to a file the user chooses."""
        if self.suggested is None:
            return
        target = files.save_path(self, self.tr("Save the certificates as"), self.suggested, PDF_FILTER)
        if target is None:
            return
        files.remember(files.CERTIFICATES, target.parent)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:
            if self.home is not None:
                check_target(self.home, target)
            atomic_write(target, self.pages.data, mode=FILE_MODE)
        except DomainError as exc:
            self.message.show_error(exc.render(i18n.core_lang()))
            return
        self.saved_to = target
        self.message.show_ok(self.tr("Saved to %1").replace("%1", str(target)))
        self.saved.emit(target)

    # -- printing -----------------------------------------------------------------

    def new_printer(self) -> QPrinter:
        """A printer set up for these pages: A4 (or the PDF's size), portrait, the document's name."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        first = self.pages.size_points(0) if len(self.pages) else QSizeF(595.28, 841.89)
        size = QPageSize(first, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
        printer.setPageSize(size)
        landscape = first.width() > first.height()
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        printer.setFromTo(1, max(1, len(self.pages)))
        return printer

    def print_document(self) -> None:
        """Ask the system print dialog, then print the chosen pages off the GUI thread."""
        if self._op is not None and not self._op.done:
            return
        self.message.clear_message()
        printer = self.new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the certificates"))
        dialog.setOptions(
            QAbstractPrintDialog.PrintDialogOption.PrintPageRange
            | QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage
            | QAbstractPrintDialog.PrintDialogOption.PrintToFile
            | QAbstractPrintDialog.PrintDialogOption.PrintShowPageSize
        )
        dialog.setMinMax(1, max(1, len(self.pages)))
        if errors.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        indices = pages_to_print(printer, len(self.pages), self.view.current)
        if not indices:
            self.message.show_warning(self.tr("No page to print in the range chosen."))
            return
        self.printer = printer  # kept alive until the worker is done with it
        pages = self.pages

        def task(progress: workers.Progress) -> PrintRun:
            try:
                return print_pages(
                    pages, printer, indices, progress=progress.report, cancelled=lambda: progress.cancelled
                )
            except PrintCancelled:
                raise workers.Cancelled() from None

        self.print_button.setEnabled(False)
        self._op = (
            workers.Op(task, parent=self)
            .success(self._printed)
            .failure(self._print_failed)
            .cancelled(self._print_cancelled)
            .with_progress(self.tr("Printing %n page(s) ...", "", len(indices)))
            .run()
        )

    def _printed(self, run: PrintRun) -> None:
        self.print_button.setEnabled(True)
        self.print_run = run
        printer = self.printer
        where = ""
        if printer is not None:
            where = printer.outputFileName() or printer.printerName()
        self.message.show_ok(
            self.tr("Sent %n page(s) to %1", "", run.pages).replace("%1", where or self.tr("the printer"))
        )
        self.printed.emit(run)

    def _print_cancelled(self) -> None:
        self.print_button.setEnabled(True)
        self.message.show_warning(self.tr("Printing stopped; the pages already sent may still print."))

    def _print_failed(self, exc: BaseException) -> None:
        self.print_button.setEnabled(True)
        if isinstance(exc, PrinterUnavailable):
            self.message.show_error(
                self.tr("The printer %1 could not be opened: check that it is on and connected.").replace(
                    "%1", str(exc)
                )
            )
        else:
            errors.show_failure(self, self.message, exc)

    @property
    def busy(self) -> bool:
        return self._op is not None and not self._op.done

    def done(self, result: int) -> None:  # Qt's name
        """Stay open while pages are being printed (the progress dialog has the Cancel)."""
        if self.busy:
            return
        super().done(result)
