"""The certificates page: signed capability certificates (PDF with a QR code), one or many.

Which standards: the ones selected in the standards list, or every own standard in force
today (``certificates.select_standards``), optionally only those whose assessment
certificate ends within 180 days. They go into one PDF or one file each, in Chinese or
English. The key passphrase is asked in a password dialog; the batch
(``certificates.issue_batch``) runs off the GUI thread with a progress dialog whose
Cancel stops it between two certificates. The institute's capability statement
(``certificates.issue_statement``) is one more button.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import certificates
from ui import core_reads, errors, files, i18n, workers
from ui.models.record_table import EXPIRING_DAYS
from ui.widgets.common import InlineMessage, heading
from ui.widgets.passphrase import ask_passphrase

PDF_FILTER = "*.pdf"


class CertificatesPage(QWidget):
    issued = Signal(object)  # BatchResult or IssuedCertificate

    def __init__(
        self, reg: Registry, selected_standards: Callable[[], list[int]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reg = reg
        self.selected_standards = selected_standards
        self.setObjectName("page_certificates")
        self._op: workers.Op[Any] | None = None
        self.result: Any = None

        intro = QLabel(
            self.tr(
                "Print capability certificates of the institute's measurement standards. Each one is signed "
                "with the institute's key and carries a QR code, so that anyone can check it offline with "
                "LabRegistry, even on paper."
            )
        )
        intro.setWordWrap(True)

        which_box = QGroupBox(self.tr("Which standards"))
        self.selected_radio = QRadioButton(self.tr("The ones selected in the list of standards (%n)", "", 0))
        self.selected_radio.setObjectName("use_selected")
        self.all_radio = QRadioButton(self.tr("Every standard in force today"))
        self.all_radio.setObjectName("use_all")
        self.all_radio.setChecked(True)
        self.expiring = QCheckBox(
            self.tr("Only those whose certificate ends within %n day(s)", "", EXPIRING_DAYS)
        )
        self.expiring.setObjectName("only_expiring")
        self.which = QButtonGroup(self)
        self.which.addButton(self.selected_radio)
        self.which.addButton(self.all_radio)
        self.all_radio.toggled.connect(self.expiring.setEnabled)
        which = QVBoxLayout(which_box)
        which.addWidget(self.selected_radio)
        which.addWidget(self.all_radio)
        which.addWidget(self.expiring)

        output_box = QGroupBox(self.tr("Output"))
        self.one_file = QRadioButton(self.tr("One PDF file with every certificate"))
        self.one_file.setObjectName("one_file")
        self.one_file.setChecked(True)
        self.per_standard = QRadioButton(self.tr("One PDF file per standard, in a folder"))
        self.per_standard.setObjectName("per_standard")
        self.output = QButtonGroup(self)
        self.output.addButton(self.one_file)
        self.output.addButton(self.per_standard)
        self.language = QComboBox()
        self.language.setObjectName("certificate_language")
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.core_lang())))
        self.language.setAccessibleName(self.tr("Language of the certificates"))
        output = QVBoxLayout(output_box)
        output.addWidget(self.one_file)
        output.addWidget(self.per_standard)
        form = QFormLayout()
        form.addRow(self.tr("Language of the certificates"), self.language)
        output.addLayout(form)

        self.print_button = QPushButton(self.tr("Print certificates ..."))
        self.print_button.setObjectName("print")
        self.print_button.clicked.connect(self.print_certificates)
        self.statement_button = QPushButton(self.tr("Capability statement of the institute ..."))
        self.statement_button.setObjectName("statement")
        self.statement_button.clicked.connect(self.print_statement)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.statement_button)
        buttons.addStretch(1)
        self.message = InlineMessage()
        self.message.setObjectName("certificate_message")

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Certificates"), 1.3))
        layout.addWidget(intro)
        layout.addWidget(which_box)
        layout.addWidget(output_box)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)

    # -- which -----------------------------------------------------------------

    def standard_ids(self) -> list[int]:
        if self.selected_radio.isChecked():
            return list(self.selected_standards())
        return certificates.select_standards(
            self.reg, expiring_within=EXPIRING_DAYS if self.expiring.isChecked() else None
        )

    def _unlock(self, title: str) -> Any:
        """The signing key, or None when the user cancelled (asked again after a wrong passphrase)."""
        error: str | None = None
        while True:
            passphrase = ask_passphrase(self, title=title, error=error)
            if passphrase is None:
                return None
            try:  # deriving the key takes about a second, by design; a busy cursor says so
                return certificates.unlock(self.reg, passphrase)
            except DomainError as exc:
                if exc.code != "key.passphrase_wrong":
                    raise
                error = exc.render(i18n.core_lang())

    # -- printing --------------------------------------------------------------

    def print_certificates(self) -> None:
        if self._op is not None and not self._op.done:
            return
        self.message.clear_message()
        try:
            ids = self.standard_ids()
        except DomainError as exc:
            self.message.show_error(exc.render(i18n.core_lang()))
            return
        if not ids:
            self.message.show_warning(
                self.tr("No standard to print: select some in the list of standards first.")
            )
            return
        try:
            key = self._unlock(self.tr("Sign the certificates"))
        except DomainError as exc:
            self.message.show_error(exc.render(i18n.core_lang()))
            return
        if key is None:
            return
        one = self.one_file.isChecked()
        own = core_reads.own_institute(self.reg) or {}
        if one:
            target = files.save_path(
                self,
                self.tr("Save the certificates as"),
                files.documents_dir() / f"{own.get('name', 'LabRegistry')}-certificates.pdf",
                PDF_FILTER,
            )
            if target is not None and target.suffix.lower() != ".pdf":
                target = target.with_suffix(".pdf")
        else:
            target = files.open_folder(self, self.tr("Folder for the certificates"), files.documents_dir())
        if target is None:
            return
        reg, lang = self.reg, str(self.language.currentData())

        def task(progress: workers.Progress) -> Any:
            report = progress.report

            def step(done: int, total: int) -> None:
                report(done, total)

            kw: dict[str, Any] = {"out": target} if one else {"out_dir": target}
            return certificates.issue_batch(
                reg, ids, key, lang=lang, progress=step, cancel=lambda: progress.cancelled, **kw
            )

        self.print_button.setEnabled(False)
        self._op = (
            workers.Op(task, parent=self)
            .success(self._printed)
            .failure(self._failed)
            .cancelled(self._cancelled)
            .with_progress(self.tr("Printing %n certificate(s) ...", "", len(ids)))
            .run()
        )

    def _printed(self, result: Any) -> None:
        self.print_button.setEnabled(True)
        self.result = result
        if result.cancelled:
            self._cancelled()
            return
        where = str(result.files[0]) if len(result.files) == 1 else str(Path(result.files[0]).parent)
        self.message.show_ok(
            self.tr("Printed %1 certificates (%2 pages) to %3")
            .replace("%1", str(len(result.issued)))
            .replace("%2", str(result.pages))
            .replace("%3", where)
        )
        self.issued.emit(result)

    def _cancelled(self) -> None:
        self.print_button.setEnabled(True)
        self.message.show_warning(self.tr("Stopped; the certificates already finished are kept."))

    def _failed(self, exc: BaseException) -> None:
        self.print_button.setEnabled(True)
        self.statement_button.setEnabled(True)
        if isinstance(exc, DomainError):
            self.message.show_error(exc.render(i18n.core_lang()))
        else:
            errors.show_exception(self, exc)

    def print_statement(self) -> None:
        if self._op is not None and not self._op.done:
            return
        own = core_reads.own_institute(self.reg)
        if own is None:
            self.message.show_error(self.tr("Set up the own institute first."))
            return
        try:
            key = self._unlock(self.tr("Sign the statement"))
        except DomainError as exc:
            self.message.show_error(exc.render(i18n.core_lang()))
            return
        if key is None:
            return
        target = files.save_path(
            self,
            self.tr("Save the capability statement as"),
            files.documents_dir() / f"{own.get('name', 'LabRegistry')}-statement.pdf",
            PDF_FILTER,
        )
        if target is None:
            return
        reg, lang, uscc = self.reg, str(self.language.currentData()), str(own["uscc"])
        self.statement_button.setEnabled(False)
        self._op = (
            workers.Op(
                lambda _p: certificates.issue_statement(reg, uscc, target, key, lang=lang), parent=self
            )
            .success(self._statement_done)
            .failure(self._failed)
            .with_progress(self.tr("Printing the capability statement ..."), cancellable=False)
            .run()
        )

    def _statement_done(self, issued: Any) -> None:
        self.statement_button.setEnabled(True)
        self.result = issued
        self.message.show_ok(
            self.tr("Printed the capability statement to %1").replace("%1", str(issued.path))
        )
        self.issued.emit(issued)

    def showEvent(self, event: Any) -> None:  # Qt's name
        super().showEvent(event)
        count = len(self.selected_standards())
        self.selected_radio.setText(self.tr("The ones selected in the list of standards (%n)", "", count))
        self.selected_radio.setEnabled(count > 0)
        if count and not self.selected_radio.isChecked() and not self.all_radio.isChecked():
            self.selected_radio.setChecked(True)
