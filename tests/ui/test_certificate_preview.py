"""The certificates page: preview, print on a printer, verify, and the Chinese font.

The printer is a real ``QPrinter`` writing a PDF file (what the system print dialog's
"print to file" gives), so the tests read back what was printed: its page count, that
its pages are not blank, and the QR code decoded from the printed pixels.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from labregistry.certificates import fonts as fontmod
from labregistry.certificates import pdfread
from labregistry.registry import Registry
from labregistry.services import certificates
from tests.conftest import PASSPHRASE
from tests.exchange.sites import INSTITUTES, Site, make_site
from tests.ui.conftest import Answers, wait_until
from ui import files
from ui.pages.certificate_preview import PreviewDialog
from ui.pages.certificate_verify import VerifyDialog
from ui.pages.certificates_page import CertificatesPage
from ui.pdf_pages import PdfPages, PrintCancelled, pages_to_print, print_pages
from ui.widgets.passphrase import PassphraseDialog

A4_AT_96_DPI = (794, 1123)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """B (the own institute, 8 standards) trusts A, which issued one certificate."""
    tmp = tmp_path_factory.mktemp("sites")
    own = make_site(tmp, "B", standards=8, seed=5)
    peer = make_site(tmp, "A", standards=3, seed=6)
    own.trust(peer, tmp)
    peer_pdf = tmp / "peer.pdf"
    key = certificates.unlock(peer.reg, PASSPHRASE)
    issued = certificates.issue_standard(peer.reg, certificates.select_standards(peer.reg)[0], peer_pdf, key)
    yield {"own": own, "peer": peer, "peer_pdf": peer_pdf, "peer_issued": issued}
    own.reg.close()
    peer.reg.close()


def typing(passphrase: str) -> Callable[[PassphraseDialog], int]:
    def handler(dialog: PassphraseDialog) -> int:
        dialog.first.setText(passphrase)
        dialog.accept()
        return dialog.result()

    return handler


def print_to(pdf: Path, dpi: int = 150, setup: Callable[[QPrinter], None] | None = None) -> Any:
    """A print dialog handler: the chosen printer is a PDF file at ``dpi``."""

    def handler(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
        printer.setResolution(dpi)
        if setup is not None:
            setup(printer)
        return int(QDialog.DialogCode.Accepted)

    return handler


def page_images(pdf: Path, dpi: int = 40) -> list[Any]:
    """Every page of ``pdf`` as a greyscale PIL image (pdfium, as a second reader)."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def ink(image: Any) -> float:
    """The share of pixels that are not white: 0 for a blank page."""
    histogram = image.histogram()
    return 1 - sum(histogram[230:]) / sum(histogram)


def test_preview_shows_the_signed_certificates_and_prints_and_saves_them(
    sites: dict[str, Any], tmp_path: Path, answer: Answers, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    own: Site = sites["own"]
    chosen = certificates.select_standards(own.reg)[:3]
    page = CertificatesPage(own.reg, lambda: chosen)
    qtbot.addWidget(page)
    page.selected_radio.setChecked(True)
    printed, saved = tmp_path / "printed.pdf", tmp_path / "saved"
    monkeypatch.setattr(files, "save_path", lambda *a: saved)
    answer.on(PassphraseDialog, typing(PASSPHRASE))
    answer.on(QPrintDialog, print_to(printed))
    seen: dict[str, Any] = {}

    def look_print_save(dialog: PreviewDialog) -> int:
        rendered = page.rendered
        assert rendered is not None and len(rendered.specs) == 3
        view = dialog.view
        seen["pages"] = view.count
        assert dialog.pages.data == rendered.result.data  # the very PDF the core rendered
        assert view.count == rendered.result.pages
        assert view.page_count.text() == f"of {view.count}"
        # the real page at its real size: A4 at 100 % on a 96 dpi screen
        view.set_zoom(1.0)
        assert view.shown_size() == A4_AT_96_DPI
        view.zoom_in()
        assert view.shown_size()[0] > A4_AT_96_DPI[0]
        # a batch lists its certificates; choosing one shows its first page
        assert dialog.jump.count() == 3
        assert rendered.specs[2].content["standard"]["certificate_no"] in dialog.jump.itemText(2)
        dialog.jump.setCurrentIndex(2)
        dialog.jump.activated.emit(2)
        assert view.current == rendered.result.first_pages[2] - 1
        view.show_page(0)
        assert not view.previous_button.isEnabled()
        view.next_button.click()
        assert view.current == 1 and view.page_box.value() == 2
        # print: the real thread pool paints the pages into the printer
        dialog.print_button.click()
        wait_until(lambda: dialog.print_run is not None, 30000)
        assert "printed.pdf" in dialog.message.text()
        dialog.save_button.click()
        return int(QDialog.DialogCode.Rejected)

    answer.on(PreviewDialog, look_print_save)
    page.preview_button.click()  # signing and rendering run off the GUI thread
    wait_until(lambda: "pages" in seen and page.preview is None, 30000)

    rendered = page.rendered
    assert rendered is not None
    images = page_images(printed)
    assert len(images) == seen["pages"]
    assert all(ink(image) > 0.01 for image in images)
    # the printed page carries the real signed code: decoded from its pixels, it verifies
    assert rendered.specs[0].text in (pdfread.qr_texts(printed, 1) or [])
    assert certificates.verify_text(own.reg, rendered.specs[0].text).genuine
    # what was saved is exactly what was previewed, and it verifies certificate by certificate
    assert (tmp_path / "saved.pdf").read_bytes() == rendered.result.data
    checks = certificates.verify_source(own.reg, tmp_path / "saved.pdf")
    assert [c.genuine for c in checks] == [True, True, True]
    assert "Printed" in page.message.text() and "saved.pdf" in page.message.text()


def test_the_capability_statement_is_previewed_before_it_is_saved(
    sites: dict[str, Any],
    tmp_path: Path,
    answer: Answers,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    sync_workers: None,
) -> None:
    own: Site = sites["own"]
    page = CertificatesPage(own.reg, list)
    qtbot.addWidget(page)
    monkeypatch.setattr(files, "save_path", lambda *a: tmp_path / "statement.pdf")
    answer.on(PassphraseDialog, typing(PASSPHRASE))
    seen: list[PreviewDialog] = []

    def save(dialog: PreviewDialog) -> int:
        seen.append(dialog)
        assert INSTITUTES["B"][0] in dialog.windowTitle()
        assert dialog.view.count >= 1 and dialog.jump.isHidden()
        dialog.save_button.click()
        return int(QDialog.DialogCode.Rejected)

    answer.on(PreviewDialog, save)
    page.statement_preview_button.click()
    assert seen
    [check] = certificates.verify_source(own.reg, tmp_path / "statement.pdf")
    assert check.genuine and check.payload is not None and check.payload.kind == "statement"


def test_cancelling_the_passphrase_previews_nothing(
    sites: dict[str, Any], answer: Answers, qtbot: Any, sync_workers: None
) -> None:
    page = CertificatesPage(sites["own"].reg, list)
    qtbot.addWidget(page)
    answer.on(PassphraseDialog, lambda dialog: int(QDialog.DialogCode.Rejected))
    page.preview_button.click()
    assert page.rendered is None and answer.of(PreviewDialog) == []
    page.selected_radio.setChecked(True)  # nothing selected in the list: said, no passphrase asked
    page.preview_button.click()
    assert "select some" in page.message.text() and len(answer.of(PassphraseDialog)) == 1


def test_the_app_verifies_a_peer_certificate_a_scanned_code_and_refuses_other_files(
    sites: dict[str, Any],
    tmp_path: Path,
    answer: Answers,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    sync_workers: None,
) -> None:
    own: Site = sites["own"]
    peer_pdf: Path = sites["peer_pdf"]
    payload: str = sites["peer_issued"].payload
    page = CertificatesPage(own.reg, list)
    qtbot.addWidget(page)
    not_a_certificate = tmp_path / "letter.pdf"
    not_a_certificate.write_bytes(_pdf_of_boxes(1))
    previews: list[PreviewDialog] = []

    def preview(dialog: PreviewDialog) -> int:
        previews.append(dialog)
        assert dialog.view.count == sites["peer_issued"].pages and dialog.save_button.isHidden()
        return 0

    def verify(dialog: VerifyDialog) -> int:
        # the peer's PDF: genuine, signed by the trusted peer, its printed QR code checked
        monkeypatch.setattr(files, "open_path", lambda *a: peer_pdf)
        dialog.open_button.click()
        assert dialog.summary.level == "ok", dialog.summary.text()
        assert dialog.table.rowCount() == 1
        row = {dialog.table.horizontalHeaderItem(c).text(): dialog.table.item(0, c).text() for c in range(7)}
        assert row["Result"] == "genuine"
        assert INSTITUTES["A"][0] in row["Issued by"]
        assert row["Serial number"] == sites["peer_issued"].serial
        assert "QR code on the page matches" in row["Notes"]
        dialog.preview_button.click()
        assert previews
        # the code a phone scanned, with one character of the signature changed
        head, _, signature = payload.partition(".")
        flipped = ("B" if signature[10] == "A" else "A").join((signature[:10], signature[11:]))
        dialog.code.setPlainText(f"{head}.{flipped}")
        dialog.check_button.click()
        assert dialog.summary.level == "error" and "altered" in dialog.summary.text()
        assert not dialog.preview_button.isEnabled()
        dialog.code.setPlainText(payload)
        dialog.check_button.click()
        assert dialog.summary.level == "ok"
        # a PDF that is not a certificate: said in words, the table emptied
        monkeypatch.setattr(files, "open_path", lambda *a: not_a_certificate)
        dialog.open_button.click()
        assert dialog.summary.level == "error" and "letter.pdf" in dialog.summary.text()
        assert dialog.table.rowCount() == 0
        dialog.code.clear()
        dialog.check_button.click()
        assert dialog.summary.level == "warning"
        return 0

    answer.on(VerifyDialog, verify)
    answer.on(PreviewDialog, preview)
    page.verify_button.click()
    assert len(answer.of(VerifyDialog)) == 1


def test_the_chinese_font_is_shown_and_can_be_chosen(
    small_registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any, sync_workers: None
) -> None:
    system = fontmod.resolve_fonts(env="")
    page = CertificatesPage(small_registry, list)
    qtbot.addWidget(page)
    page.show()
    if system.embedded:
        assert "embedded" in page.font_label.text() and page.font_message.isHidden()
        assert not page.auto_font_button.isEnabled()
    bad = tmp_path / "not-a-font.ttf"
    bad.write_bytes(b"no font here")
    monkeypatch.setattr(files, "open_path", lambda *a: bad)
    page.choose_font_button.click()
    assert page.font_message.level == "error" and "not-a-font.ttf" in page.font_message.text()
    if system.path is not None:
        chosen = system.path if system.subfont_index == 0 else Path(f"{system.path}#{system.subfont_index}")
        monkeypatch.setattr(files, "open_path", lambda *a: chosen)
        page.choose_font_button.click()
        assert "chosen here" in page.font_label.text() and page.auto_font_button.isEnabled()
        assert certificates.certificate_fonts(small_registry).source == "setting"
        page.auto_font_button.click()
        assert "found on this computer" in page.font_label.text()
    # no embeddable font: the page warns that readers without Chinese fonts show boxes
    monkeypatch.setenv(fontmod.FONT_ENV, "builtin")
    page.refresh_font()
    assert "not embedded" in page.font_label.text()
    assert page.font_message.level == "warning" and "empty boxes" in page.font_message.text()
    assert not page.choose_font_button.isEnabled()


# ---------------------------------------------------------------- printing, without a registry


def _pdf_of_boxes(count: int) -> bytes:
    """``count`` A4 pages; page n has a black box in the n-th third of its height."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    for n in range(count):
        third = height / 3
        c.rect(40, height - (n % 3 + 1) * third + 20, width - 80, third - 40, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


def _box_third(image: Any) -> int:
    """Which third of the page (0 top .. 2 bottom) holds the most ink."""
    width, height = image.size
    dark = [
        sum(image.crop((0, t * height // 3, width, (t + 1) * height // 3)).histogram()[:128])
        for t in range(3)
    ]
    return dark.index(max(dark))


def test_printing_a_range_the_current_page_or_stopping(tmp_path: Path, qapp: Any) -> None:
    pages = PdfPages(_pdf_of_boxes(3), "boxes")
    try:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "range.pdf"))
        printer.setResolution(72)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        assert pages_to_print(printer, 3, 0) == [1, 2]
        run = print_pages(pages, printer, pages_to_print(printer, 3, 0))
        assert run.pages == 2
        assert [_box_third(i) for i in page_images(tmp_path / "range.pdf")] == [1, 2]

        printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
        assert pages_to_print(printer, 3, 2) == [2]
        printer.setPrintRange(QPrinter.PrintRange.AllPages)
        assert pages_to_print(printer, 3, 2) == [0, 1, 2]

        stop = QPrinter(QPrinter.PrinterMode.HighResolution)
        stop.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        stop.setOutputFileName(str(tmp_path / "stopped.pdf"))
        stop.setResolution(72)
        sent: list[int] = []
        with pytest.raises(PrintCancelled):
            print_pages(
                pages,
                stop,
                [0, 1, 2],
                progress=lambda done, _total: sent.append(done),
                cancelled=lambda: bool(sent),
            )
        assert sent == [1]
    finally:
        pages.close()


def test_a_page_is_printed_in_bands_that_join_without_a_seam(
    tmp_path: Path, qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import pdf_pages

    pages = PdfPages(_pdf_of_boxes(1), "boxes")
    try:
        whole = pages.render(0, 100)
        top = pages.render(0, 100, (0, 500))
        rest = pages.render(0, 100, (500, whole.height() - 500))
        assert top.height() + rest.height() == whole.height()
        assert top == whole.copy(0, 0, whole.width(), 500)
        assert rest == whole.copy(0, 500, whole.width(), whole.height() - 500)
        # a printer at 300 dpi with small bands still prints one page with the box where it was
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "bands.pdf"))
        printer.setResolution(300)
        monkeypatch.setattr(pdf_pages, "BAND_PIXELS", 600_000)  # a dozen bands
        print_pages(pages, printer, [0])
        [image] = page_images(tmp_path / "bands.pdf")
        assert _box_third(image) == 0 and ink(image) > 0.2
    finally:
        pages.close()


def test_an_unreadable_pdf_is_refused_in_words(tmp_path: Path) -> None:
    from labregistry.errors import DomainError

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(DomainError) as refused:
        PdfPages.from_file(broken)
    assert "broken.pdf" in refused.value.render("en")


def test_the_preview_fits_a_small_screen(qapp: Any) -> None:
    """On a screen lower than the preferred 980 pixels the buttons at the bottom stay on it."""
    pages = PdfPages(_pdf_of_boxes(1), "boxes")
    try:
        dialog = PreviewDialog(pages, title="boxes")
        room = dialog.screen().availableGeometry()
        assert room.height() < 980  # the offscreen platform's screen is 800 × 800
        assert dialog.height() <= room.height() - 60 and dialog.width() <= room.width() - 60
        dialog.deleteLater()
    finally:
        pages.close()
