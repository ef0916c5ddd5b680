"""The certificates page: signed capability certificates (PDF with a QR code), one or many.

Which standards: the ones selected in the standards list, or every own standard in force
today (``certificates.select_standards``), optionally only those whose assessment
certificate ends within 180 days. "Preview and print" signs and renders them into one
PDF (``certificates.render``, off the GUI thread with a progress dialog) and shows it
page by page (:class:`~ui.pages.certificate_preview.PreviewDialog`), from where it is
printed on a printer or saved exactly as shown. "Save as PDF" writes them without a
preview into one PDF or one file each, in Chinese or English (``certificates.issue_batch``,
off the GUI thread; Cancel stops it between two certificates). The key passphrase is
asked in a password dialog. The institute's capability statement
(``certificates.issue_statement``) has the same two buttons.

"Verify a certificate" checks a PDF or a scanned code offline
(:class:`~ui.pages.certificate_verify.VerifyDialog`), like ``verify-certificate``. The
Chinese font the certificates embed is shown, and another TrueType file can be chosen
(``certificates.set_certificate_font``): without one, the built-in CID font is used and
a reader's PDF viewer must supply the glyphs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from labregistry.certificates import fonts as fontmod
from labregistry.certificates import layout
from labregistry.certificates.language import DEFAULT_LANGUAGE, CertificateLanguage, parse_language
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import certificates
from ui import core_reads, errors, files, i18n, workers
from ui.models.record_table import EXPIRING_DAYS
from ui.pages.certificate_preview import PreviewDialog
from ui.pages.certificate_verify import VerifyDialog
from ui.pdf_pages import PdfPages
from ui.widgets.common import InlineMessage, explained_box, heading, push_button, row_of
from ui.widgets.passphrase import ask_passphrase

PDF_FILTER = "*.pdf"
FONT_FILTER = "TrueType (*.ttf *.ttc *.otf);;* (*)"


@dataclass(frozen=True)
class Rendered:
    """Signed and rendered certificates, not written anywhere yet: what the preview shows."""

    specs: list[layout.CertificateSpec]
    result: layout.RenderResult
    fonts: fontmod.FontSet
    statement: bool = False

    def sections(self) -> list[tuple[str, int]]:
        """(label, 0-based first page) of each certificate, for the preview's list."""
        out = []
        for spec, first in zip(self.specs, self.result.first_pages, strict=False):
            c = spec.content
            label = (
                f"{c['standard']['certificate_no']}  {c['standard']['name']}"
                if not self.statement
                else str(c["institute"]["name"])
            )
            out.append((label, first - 1))
        return out


def _render(
    specs: Sequence[layout.CertificateSpec],
    fonts: fontmod.FontSet,
    language: CertificateLanguage,
    progress: workers.Progress,
    done_before: int = 0,
) -> layout.RenderResult:
    """``certificates.render`` reporting to ``progress`` after ``done_before`` steps (signing)."""

    def step(done: int, total: int) -> None:
        progress.report(done_before + done, done_before + total)

    try:
        return certificates.render(specs, fonts, language, progress=step, cancel=lambda: progress.cancelled)
    except layout.Cancelled:
        raise workers.Cancelled() from None


def sign_and_render(
    reg: Registry, ids: Sequence[int], key: Any, language: CertificateLanguage, progress: workers.Progress
) -> Rendered:
    """The certificates of ``ids`` signed and rendered into one PDF in memory (a worker's task)."""
    fonts = certificates.certificate_fonts(reg)
    day = dt.date.today()
    specs = []
    for n, sid in enumerate(ids, start=1):
        progress.check()
        specs.append(certificates.standard_spec(reg, sid, key, issued_on=day, language=language))
        progress.report(n, len(ids) * 2)
    return Rendered(specs, _render(specs, fonts, language, progress, len(ids)), fonts)


def sign_and_render_statement(
    reg: Registry, uscc: str, key: Any, language: CertificateLanguage, progress: workers.Progress
) -> Rendered:
    """The institute's capability statement signed and rendered in memory (a worker's task)."""
    fonts = certificates.certificate_fonts(reg)
    spec = certificates.statement_spec(reg, uscc, key)
    return Rendered([spec], _render([spec], fonts, language, progress), fonts, statement=True)


class CertificatesPage(QWidget):
    """Preview, print, save and verify certificates; ``rendered`` is the last preview's PDF."""

    issued = Signal(object)  # BatchResult or IssuedCertificate

    def __init__(
        self, reg: Registry, selected_standards: Callable[[], list[int]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reg = reg
        self.selected_standards = selected_standards
        self.setObjectName("page_certificates")
        self._op: workers.Op[Any] | None = None
        self._font_op: workers.Op[Any] | None = None
        self.result: Any = None
        self.rendered: Rendered | None = None
        self.fonts: fontmod.FontSet | None = None
        self.preview: PreviewDialog | None = None

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
        # the certificate's language is chosen here, never taken from the app's: Chinese by default
        self.language = QComboBox()
        self.language.setObjectName("certificate_language")
        self.language.addItem("中文", "zh")
        self.language.addItem("中文+English", "zh+en")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(DEFAULT_LANGUAGE))
        self.language.setAccessibleName(self.tr("Language of the certificates"))
        self.language.setToolTip(
            self.tr("Chinese, Chinese with the English of each label under it, or English; "
                    "the recorded values are printed as recorded in every language.")
        )
        output = QVBoxLayout(output_box)
        output.addWidget(self.one_file)
        output.addWidget(self.per_standard)
        form = QFormLayout()
        form.addRow(self.tr("Language of the certificates"), self.language)
        form.addRow(self.tr("Chinese font"), self._font_row())
        output.addLayout(form)
        self.font_message = InlineMessage()
        self.font_message.setObjectName("font_message")
        output.addWidget(self.font_message)

        self.preview_button = QPushButton(self.tr("Preview and print ..."))
        self.preview_button.setObjectName("preview")
        self.preview_button.setToolTip(
            self.tr("Sign the certificates and show them page by page; print or save them from there")
        )
        self.preview_button.clicked.connect(self.preview_certificates)
        self.print_button = QPushButton(self.tr("Save as PDF ..."))
        self.print_button.setObjectName("print")
        self.print_button.setToolTip(self.tr("Sign the certificates and save them without a preview"))
        self.print_button.clicked.connect(self.print_certificates)
        buttons = row_of(self.preview_button, self.print_button)

        self.statement_preview_button = push_button(
            self.tr("Preview and print ..."), "statement_preview", self.preview_statement
        )
        self.statement_button = push_button(self.tr("Save as PDF ..."), "statement", self.print_statement)
        statement_box = explained_box(
            self.tr("Capability statement of the institute"),
            self.tr(
                "Every valid measurement standard and authorised item of the institute, as tables "
                "over as many pages as needed, signed like a certificate."
            ),
            self.statement_preview_button,
            self.statement_button,
        )

        self.verify_button = push_button(
            self.tr("Verify a certificate ..."), "verify", self.verify_certificate
        )
        verify_box = explained_box(
            self.tr("Check a certificate"),
            self.tr(
                "Is a certificate someone shows you genuine? Open its PDF or paste the code read from its "
                "QR code; the check needs no network."
            ),
            self.verify_button,
        )

        self.message = InlineMessage()
        self.message.setObjectName("certificate_message")

        content = QWidget()
        layout_ = QVBoxLayout(content)
        layout_.addWidget(heading(self.tr("Certificates"), 1.3))
        layout_.addWidget(intro)
        layout_.addWidget(which_box)
        layout_.addWidget(output_box)
        layout_.addLayout(buttons)
        layout_.addWidget(self.message)
        layout_.addWidget(statement_box)
        layout_.addWidget(verify_box)
        layout_.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _font_row(self) -> QWidget:
        self.font_label = QLabel(self.tr("Looking for a Chinese font ..."))
        self.font_label.setObjectName("font")
        self.font_label.setWordWrap(True)
        self.choose_font_button = push_button(
            self.tr("Choose a font file ..."), "choose_font", self.choose_font
        )
        self.auto_font_button = QPushButton(self.tr("Find automatically"))
        self.auto_font_button.setObjectName("auto_font")
        self.auto_font_button.setToolTip(self.tr("Use a Chinese font installed on this computer"))
        self.auto_font_button.clicked.connect(self.automatic_font)
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.font_label, 1)
        box.addWidget(self.choose_font_button)
        box.addWidget(self.auto_font_button)
        return row

    # -- which -----------------------------------------------------------------

    def standard_ids(self) -> list[int]:
        if self.selected_radio.isChecked():
            return list(self.selected_standards())
        return certificates.select_standards(
            self.reg, expiring_within=EXPIRING_DAYS if self.expiring.isChecked() else None
        )

    def _chosen_ids(self) -> list[int] | None:
        """The standards to print, or None after saying why there are none."""
        try:
            ids = self.standard_ids()
        except DomainError as exc:
            self.message.show_error(exc.render(i18n.core_lang()))
            return None
        if not ids:
            self.message.show_warning(
                self.tr("No standard to print: select some in the list of standards first.")
            )
            return None
        return ids

    def set_language(self, code: str) -> None:
        """The certificates' language chosen in Settings (the default; this page may change it)."""
        index = self.language.findData(code)
        if index >= 0:
            self.language.setCurrentIndex(index)

    def _unlock(self, title: str) -> Any:
        """The signing key, or None when the user cancelled (asked again after a wrong passphrase)."""
        error: str | None = None
        while True:
            passphrase = ask_passphrase(self, title=title, error=error)
            if passphrase is None:
                return None
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # deriving the key takes a second, by design
            try:
                return certificates.unlock(self.reg, passphrase)
            except DomainError as exc:
                if exc.code != "key.passphrase_wrong":
                    raise
                error = exc.render(i18n.core_lang())
            finally:
                QApplication.restoreOverrideCursor()

    def _key(self, title: str) -> Any:
        """:meth:`_unlock`, with a refusal shown on the page (None then, as for a cancel)."""
        try:
            return self._unlock(title)
        except DomainError as exc:
            self.message.show_error(exc.render(i18n.core_lang()))
            return None

    def _certificates_to_sign(self) -> tuple[list[int], Any] | None:
        """The standards chosen and the unlocked key to sign them with; None while busy, after
        saying why there is nothing to sign, or when the user gave no passphrase."""
        if self.busy:
            return None
        self.message.clear_message()
        ids = self._chosen_ids()
        if ids is None:
            return None
        key = self._key(self.tr("Sign the certificates"))
        return None if key is None else (ids, key)

    def _statement_to_sign(self) -> tuple[dict[str, Any], Any] | None:
        """The own institute and the unlocked key to sign its capability statement with; None
        while busy, before the institute is set up (said on the page), or without a passphrase."""
        if self.busy:
            return None
        self.message.clear_message()
        own = core_reads.own_institute(self.reg)
        if own is None:
            self.message.show_error(self.tr("Set up your institute first."))
            return None
        key = self._key(self.tr("Sign the statement"))
        return None if key is None else (own, key)

    @property
    def busy(self) -> bool:
        return self._op is not None and not self._op.done

    def _set_busy(self, busy: bool) -> None:
        for button in (
            self.preview_button,
            self.print_button,
            self.statement_preview_button,
            self.statement_button,
        ):
            button.setEnabled(not busy)

    def _own_name(self) -> str:
        own = core_reads.own_institute(self.reg) or {}
        return str(own.get("name", "LabRegistry"))

    # -- preview ---------------------------------------------------------------

    def preview_certificates(self) -> None:
        """Sign and render the chosen standards off the GUI thread, then show the preview."""
        chosen = self._certificates_to_sign()
        if chosen is None:
            return
        ids, key = chosen
        reg, language = self.reg, parse_language(str(self.language.currentData()))
        self._set_busy(True)
        self._op = (
            workers.Op(lambda progress: sign_and_render(reg, ids, key, language, progress), parent=self)
            .success(self._rendered)
            .failure(self._failed)
            .cancelled(self._preview_cancelled)
            .with_progress(self.tr("Preparing %n certificate(s) ...", "", len(ids)))
            .run()
        )

    def preview_statement(self) -> None:
        """Sign and render the capability statement off the GUI thread, then show the preview."""
        chosen = self._statement_to_sign()
        if chosen is None:
            return
        own, key = chosen
        reg, language, uscc = self.reg, parse_language(str(self.language.currentData())), str(own["uscc"])
        self._set_busy(True)
        self._op = (
            workers.Op(
                lambda progress: sign_and_render_statement(reg, uscc, key, language, progress), parent=self
            )
            .success(self._rendered)
            .failure(self._failed)
            .with_progress(self.tr("Preparing the capability statement ..."), cancellable=False)
            .run()
        )

    def _rendered(self, rendered: Rendered) -> None:
        self._set_busy(False)
        self.rendered = rendered
        self._show_font(rendered.fonts)
        self.show_preview(rendered)

    def _preview_cancelled(self) -> None:
        self._set_busy(False)
        self.message.show_warning(self.tr("Stopped; nothing was printed or saved."))

    def preview_title(self, rendered: Rendered) -> str:
        if rendered.statement:
            return self.tr("Capability statement of %1").replace("%1", self._own_name())
        return self.tr("%n certificate(s) of measurement standards", "", len(rendered.specs))

    def suggested_name(self, rendered: Rendered) -> Path:
        if rendered.statement:
            return files.last_folder(files.CERTIFICATES) / f"{self._own_name()}-statement.pdf"
        if len(rendered.specs) == 1:
            label = rendered.specs[0].content["standard"]["certificate_no"]
            return files.last_folder(files.CERTIFICATES) / certificates.file_name(label, 0)
        return files.last_folder(files.CERTIFICATES) / f"{self._own_name()}-certificates.pdf"

    def show_preview(self, rendered: Rendered) -> None:
        """The preview dialog over the rendered PDF (modal; it prints and saves by itself)."""
        pages = PdfPages(rendered.result.data, self.preview_title(rendered))
        try:
            dialog = PreviewDialog(
                pages,
                title=self.preview_title(rendered),
                suggested=self.suggested_name(rendered),
                sections=rendered.sections() if len(rendered.specs) > 1 else (),
                note=self.font_warning(rendered.fonts),
                home=self.reg.home,
                parent=self,
            )
            self.preview = dialog
            errors.exec_dialog(dialog)
            self._after_preview(dialog)
        finally:
            self.preview = None
            pages.close()

    def _after_preview(self, dialog: PreviewDialog) -> None:
        """Say on the page what was done from the preview (it is gone once closed)."""
        done = []
        if dialog.print_run is not None:
            done.append(self.tr("Printed %n page(s).", "", dialog.print_run.pages))
        if dialog.saved_to is not None:
            done.append(self.tr("Saved to %1").replace("%1", str(dialog.saved_to)))
        if done:
            self.message.show_ok(" ".join(done))
        dialog.deleteLater()

    # -- saving without a preview ------------------------------------------------

    def print_certificates(self) -> None:
        """Sign and write the chosen standards into one PDF or one file each (no preview)."""
        chosen = self._certificates_to_sign()
        if chosen is None:
            return
        ids, key = chosen
        one = self.one_file.isChecked()
        if one:
            target = files.save_for(
                self,
                files.CERTIFICATES,
                self.tr("Save the certificates as"),
                f"{self._own_name()}-certificates.pdf",
                PDF_FILTER,
            )
            if target is not None and target.suffix.lower() != ".pdf":
                target = target.with_suffix(".pdf")
        else:
            target = files.folder_for(self, files.CERTIFICATES, self.tr("Folder for the certificates"))
        if target is None:
            return
        reg, language = self.reg, parse_language(str(self.language.currentData()))

        def task(progress: workers.Progress) -> Any:
            report = progress.report

            def step(done: int, total: int) -> None:
                report(done, total)

            kw: dict[str, Any] = {"out": target} if one else {"out_dir": target}
            return certificates.issue_batch(
                reg, ids, key, language=language, progress=step, cancel=lambda: progress.cancelled, **kw
            )

        self._set_busy(True)
        self._op = (
            workers.Op(task, parent=self)
            .success(self._printed)
            .failure(self._failed)
            .cancelled(self._cancelled)
            .with_progress(self.tr("Printing %n certificate(s) ...", "", len(ids)))
            .run()
        )

    def _printed(self, result: Any) -> None:
        self._set_busy(False)
        self.result = result
        if result.cancelled:
            self._cancelled()
            return
        if result.font is not None:
            self._show_font(result.font)
        where = str(result.files[0]) if len(result.files) == 1 else str(Path(result.files[0]).parent)
        self.message.show_ok(
            self.tr("Printed %1 certificates (%2 pages) to %3")
            .replace("%1", str(len(result.issued)))
            .replace("%2", str(result.pages))
            .replace("%3", where)
        )
        self.issued.emit(result)

    def _cancelled(self) -> None:
        self._set_busy(False)
        self.message.show_warning(self.tr("Stopped; the certificates already finished are kept."))

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        errors.show_failure(self, self.message, exc)

    def print_statement(self) -> None:
        """Sign and write the capability statement (no preview)."""
        chosen = self._statement_to_sign()
        if chosen is None:
            return
        own, key = chosen
        target = files.save_for(
            self,
            files.CERTIFICATES,
            self.tr("Save the capability statement as"),
            f"{own.get('name', 'LabRegistry')}-statement.pdf",
            PDF_FILTER,
        )
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        reg, language, uscc = self.reg, parse_language(str(self.language.currentData())), str(own["uscc"])
        self._set_busy(True)
        self._op = (
            workers.Op(
                lambda _p: certificates.issue_statement(reg, uscc, target, key, language=language), parent=self
            )
            .success(self._statement_done)
            .failure(self._failed)
            .with_progress(self.tr("Printing the capability statement ..."), cancellable=False)
            .run()
        )

    def _statement_done(self, issued: Any) -> None:
        self._set_busy(False)
        self.result = issued
        self.message.show_ok(
            self.tr("Printed the capability statement to %1").replace("%1", str(issued.path))
        )
        self.issued.emit(issued)

    # -- verifying ---------------------------------------------------------------

    def verify_certificate(self) -> None:
        dialog = VerifyDialog(self.reg, self)
        errors.exec_dialog(dialog)
        dialog.deleteLater()

    # -- the Chinese font ----------------------------------------------------------

    def refresh_font(self) -> None:
        """Find the font the certificates will use, off the GUI thread (a system search at first)."""
        if self._font_op is not None and not self._font_op.done:
            return
        reg = self.reg
        self._font_op = (
            workers.Op(lambda _p: certificates.certificate_fonts(reg), parent=self)
            .success(self._show_font)
            .failure(self._font_failed)
            .run()
        )

    def _show_font(self, found: fontmod.FontSet) -> None:
        self.fonts = found
        self.font_label.setText(self.font_description(found))
        self.font_label.setToolTip(str(found.path) if found.path else found.body)
        warning = self.font_warning(found)
        if warning:
            self.font_message.show_warning(warning)
        else:
            self.font_message.clear_message()
        from_env = found.source == "env"
        self.choose_font_button.setEnabled(not from_env)
        self.auto_font_button.setEnabled(not from_env and found.source == "setting")

    def _font_failed(self, exc: BaseException) -> None:
        errors.show_failure(self, self.font_message, exc)

    def font_description(self, found: fontmod.FontSet) -> str:
        if not found.embedded:
            return self.tr("%1, built into PDF readers (not embedded)").replace("%1", found.body)
        where = {
            "system": self.tr("found on this computer"),
            "setting": self.tr("chosen here"),
            "env": self.tr("set by LABREGISTRY_CJK_FONT"),
        }.get(found.source, found.source)
        return (
            self.tr("%1, embedded in the PDF (%2)")
            .replace("%1", found.family or found.body)
            .replace("%2", where)
        )

    def font_warning(self, found: fontmod.FontSet) -> str:
        """Why the fallback font may show empty boxes on another computer ("" when embedded)."""
        if found.embedded:
            return ""
        return self.tr(
            "No Chinese TrueType font was found to embed: the certificates use the built-in %1, so a "
            "PDF reader without Chinese fonts shows empty boxes. Choose a font file (.ttf or .ttc, "
            "e.g. SimSun or WenQuanYi Zen Hei)."
        ).replace("%1", found.body)

    def choose_font(self) -> None:
        """Use a font file the user picks, once it is checked to print Chinese."""
        path = files.open_path(self, self.tr("Choose a Chinese font"), _fonts_dir(), FONT_FILTER)
        if path is None:
            return
        tried = fontmod.resolve_fonts(str(path), env="", search=[])
        if tried.source != "setting":
            detail = tried.problems[-1] if tried.problems else ""
            self.font_message.show_error(
                self.tr(
                    "The font %1 cannot be used: it must be a TrueType font (.ttf or .ttc) with Chinese "
                    "characters. (%2)"
                )
                .replace("%1", str(path))
                .replace("%2", detail)
            )
            return
        try:
            self._show_font(certificates.set_certificate_font(self.reg, str(path)))
        except DomainError as exc:
            self.font_message.show_error(exc.render(i18n.core_lang()))

    def automatic_font(self) -> None:
        """Forget the chosen font: search the system again."""
        try:
            certificates.set_certificate_font(self.reg, None)
        except DomainError as exc:
            self.font_message.show_error(exc.render(i18n.core_lang()))
            return
        self.refresh_font()

    def showEvent(self, event: Any) -> None:  # Qt's name
        super().showEvent(event)
        count = len(self.selected_standards())
        self.selected_radio.setText(self.tr("The ones selected in the list of standards (%n)", "", count))
        self.selected_radio.setEnabled(count > 0)
        if count and not self.selected_radio.isChecked() and not self.all_radio.isChecked():
            self.selected_radio.setChecked(True)
        if self.fonts is None:
            self.refresh_font()


def _fonts_dir() -> Path:
    """Where a user's font files usually are, to start the file dialog there."""
    for candidate in (Path("C:/Windows/Fonts"), Path("/System/Library/Fonts"), Path("/usr/share/fonts")):
        if candidate.is_dir():
            return candidate
    return Path.home()
