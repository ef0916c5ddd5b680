"""Check a certificate offline: a PDF file, or the code a phone read from its QR code.

The app's side of ``verify-certificate`` (``certificates.verify_source`` / ``verify_text``):
the keys are the institute's own (current and earlier) and the peer keys in the trust
store, so a certificate of a trusted peer institute verifies too and one signed with a
revoked key says so. Each certificate of a batch PDF gets a row: the result, what it
certifies, who issued it and when, its serial number, and notes (the standard's
certificate has expired since, the record here changed after issue, the printed QR code
matches the embedded one, the page states every signed fact). Under the table, what the
selected certificate's signature covers, fact by fact, for a person to compare with the
paper. A PDF changed after it was issued, or whose page does not state what its code
signed, is refused with the reason. A PDF is read off the GUI thread (decoding the QR codes
of a batch takes a while) and can be opened in the preview.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labregistry import i18n as core_i18n
from labregistry.certificates.layout import format_date
from labregistry.certificates.payload import KIND_STANDARD, CertificateCheck
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import certificates
from ui import errors, files, i18n, labels, workers
from ui.pages.certificate_preview import PreviewDialog
from ui.pdf_pages import PDFIUM_LOCK, PdfPages
from ui.widgets.common import ERROR_COLOUR, OK_COLOUR, InlineMessage, push_button, row_of

OPEN_FILTER = "PDF (*.pdf);;* (*)"
COLUMNS = ("page", "result", "what", "issuer", "issued_on", "serial", "notes")


def _verify_file(reg: Registry, path: Path) -> list[CertificateCheck]:
    """``verify_source`` under the pdfium lock: its QR check renders pages with pdfium too."""
    with PDFIUM_LOCK:
        return certificates.verify_source(reg, path)


class VerifyDialog(QDialog):
    """Open a certificate PDF or paste a scanned code; the checks are listed in ``table``."""

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("verify_certificate")
        self.setWindowTitle(self.tr("Verify a certificate"))
        self.checks: list[CertificateCheck] = []
        self.source: Path | None = None  # the PDF the table shows (None: a pasted code)
        self._checking: Path | None = None
        self._op: workers.Op[Any] | None = None

        intro = QLabel(
            self.tr(
                "Check a certificate offline: open its PDF file, or paste the code a phone read from its "
                "QR code (it starts with LRC1:). The signature is checked with the institute's own keys "
                "and the keys of the trusted peer institutes."
            )
        )
        intro.setWordWrap(True)
        self.open_button = push_button(self.tr("Open a certificate PDF ..."), "verify_pdf", self.choose_file)
        self.preview_button = push_button(
            self.tr("Preview the file ..."), "preview_file", self.preview_file, enabled=False
        )
        self.code = QPlainTextEdit()
        self.code.setObjectName("payload")
        self.code.setPlaceholderText("LRC1:...")
        self.code.setAccessibleName(self.tr("Scanned code"))
        self.code.setMaximumHeight(90)
        self.check_button = push_button(self.tr("Check the code"), "check_code", self.verify_code)
        self.summary = InlineMessage()
        self.summary.setObjectName("verify_summary")

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("verify_results")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Page"),
                self.tr("Result"),
                self.tr("Certifies"),
                self.tr("Issued by"),
                self.tr("Issued on"),
                self.tr("Serial number"),
                self.tr("Notes"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for wide in ("what", "issuer", "notes"):  # long texts wrap instead of widening the table
            header.setSectionResizeMode(COLUMNS.index(wide), QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_facts)
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("signed_facts")
        self.facts.setReadOnly(True)
        self.facts.setAccessibleName(self.tr("What was signed"))
        self.facts.setMaximumHeight(150)

        file_row = row_of(self.open_button, self.preview_button)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(QLabel(self.tr("Or the scanned code:")))
        layout.addLayout(code_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("What was signed (compare each with the paper):")))
        layout.addWidget(self.facts)
        layout.addWidget(buttons)
        self.resize(980, 560)

    # -- checking -------------------------------------------------------------------

    def choose_file(self) -> None:
        path = files.open_for(self, files.CERTIFICATES, self.tr("Open a certificate"), OPEN_FILTER)
        if path is not None:
            self.verify_file(path)

    def verify_file(self, path: Path) -> None:
        """Verify the certificates in ``path`` off the GUI thread."""
        if self._op is not None and not self._op.done:
            return
        self.summary.clear_message()
        reg = self.reg
        self._checking = path
        self.open_button.setEnabled(False)
        self._op = (
            workers.Op(lambda _p: _verify_file(reg, path), parent=self)
            .success(self._file_checked)
            .failure(self._failed)
            .with_progress(self.tr("Verifying %1 ...").replace("%1", path.name), cancellable=False)
            .run()
        )

    def _file_checked(self, checks: list[CertificateCheck]) -> None:
        self.open_button.setEnabled(True)
        self.source = self._checking
        self.preview_button.setEnabled(True)
        self.show_checks(checks)

    def verify_code(self) -> None:
        """Verify the pasted code (quick: no file, one signature)."""
        text = self.code.toPlainText().strip()
        if not text:
            self.summary.show_warning(self.tr("Paste the code first (it starts with LRC1:)."))
            return
        self.source = None
        self.preview_button.setEnabled(False)
        try:
            check = certificates.verify_text(self.reg, text)
        except DomainError as exc:
            self._failed(exc)
            return
        self.show_checks([check])

    def _failed(self, exc: BaseException) -> None:
        self.open_button.setEnabled(True)
        self.checks = []
        self.table.setRowCount(0)
        self.facts.clear()
        errors.show_failure(self, self.summary, exc)

    # -- showing --------------------------------------------------------------------

    def show_checks(self, checks: list[CertificateCheck]) -> None:
        self.checks = list(checks)
        self.table.setRowCount(len(checks))
        for row, check in enumerate(checks):
            for col, text in enumerate(self.row_texts(check)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if COLUMNS[col] == "result":
                    item.setForeground(QBrush(QColor(OK_COLOUR if check.genuine else ERROR_COLOUR)))
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        self._summarise()
        if checks:
            self.table.selectRow(0)
        self._show_facts()

    def _show_facts(self) -> None:
        """The selected certificate's signed facts, one per line."""
        rows = self.table.selectionModel().selectedRows()
        check = self.checks[rows[0].row()] if rows and rows[0].row() < len(self.checks) else None
        lang = i18n.core_lang()
        lines = [labels.labelled(fact.label.render(lang), fact.value, lang) for fact in check.facts] if check else []
        self.facts.setPlainText("\n".join(lines))

    def row_texts(self, check: CertificateCheck) -> list[str]:
        lang = i18n.core_lang()
        p = check.payload
        issuer = ""
        if p is not None:
            issuer = f"{check.issuer_name} ({p.issuer_uscc})" if check.issuer_name else p.issuer_uscc
        texts = {
            "page": str(check.page) if check.page else "",
            "result": check.status_label.render(lang),
            "what": self.what(check),
            "issuer": issuer,
            "issued_on": format_date(p.issued_on, i18n.doc_language()) if p is not None else "",
            "serial": p.serial if p is not None else "",
            "notes": "\n".join(self.notes(check)),
        }
        return [texts[c] for c in COLUMNS]

    def what(self, check: CertificateCheck) -> str:
        p = check.payload
        if p is None:
            return ""
        if p.kind == KIND_STANDARD:
            return (
                self.tr("A measurement standard: certificate %1, valid until %2")
                .replace("%1", p.certificate_no or "-")
                .replace("%2", p.valid_until.isoformat() if p.valid_until else "-")
            )
        standards, items = p.counts or (0, 0)
        return (
            self.tr("Capability statement: %1 standards, %2 authorised items")
            .replace("%1", str(standards))
            .replace("%2", str(items))
        )

    def notes(self, check: CertificateCheck) -> list[str]:
        """Why it failed, and what a reader should know about a genuine one."""
        out: list[str] = []
        reason = core_i18n.render_all(check.reason, i18n.core_lang())
        if reason:
            out.append(reason)
        p = check.payload
        if check.genuine and p is not None:
            if check.expired() and p.valid_until is not None:
                out.append(
                    self.tr("The standard's certificate expired on %1.").replace(
                        "%1", p.valid_until.isoformat()
                    )
                )
            if check.record_state == "unchanged":
                out.append(self.tr("The record in this database has not changed since issue."))
            elif check.record_state == "changed":
                out.append(
                    self.tr(
                        "The record in this database changed after issue: the certificate shows it "
                        "as it was then."
                    )
                )
            elif check.record_state == "not_found":
                out.append(self.tr("This database no longer holds the record."))
            if check.qr_checked:
                out.append(self.tr("The QR code on the page matches the embedded code."))
            if check.page_checked:
                out.append(self.tr("The page states every signed fact."))
        return out

    def _summarise(self) -> None:
        checks = self.checks
        bad = [c for c in checks if not c.genuine]
        lang = i18n.core_lang()
        if not checks:
            self.summary.show_warning(self.tr("No certificate found."))
        elif not bad:
            expired = any(c.expired() for c in checks)
            text = self.tr("Genuine: %n certificate(s) verified.", "", len(checks))
            if expired:
                self.summary.show_warning(text + " " + self.tr("Read the notes: a certificate has expired."))
            else:
                self.summary.show_ok(text)
        elif len(checks) == 1:
            self.summary.show_error(
                self.tr("Not verified (%1): %2")
                .replace("%1", bad[0].status_label.render(lang))
                .replace("%2", core_i18n.render_all(bad[0].reason, lang) or "")
            )
        else:
            self.summary.show_error(
                self.tr("%1 of %n certificate(s) not verified; the first: %2", "", len(checks))
                .replace("%1", str(len(bad)))
                .replace("%2", core_i18n.render_all(bad[0].reason, lang) or bad[0].status_label.render(lang))
            )

    # -- preview --------------------------------------------------------------------

    def preview_file(self) -> None:
        """Show the verified PDF page by page (and print it)."""
        if self.source is None:
            return
        try:
            pages = PdfPages.from_file(self.source)
        except DomainError as exc:
            self.summary.show_error(exc.render(i18n.core_lang()))
            return
        try:
            dialog = PreviewDialog(pages, title=self.source.name, parent=self)
            errors.exec_dialog(dialog)
            dialog.deleteLater()
        finally:
            pages.close()
