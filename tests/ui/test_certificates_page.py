"""The certificates page: a signed batch off the GUI thread, and the capability statement."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from labregistry.services import certificates
from tests.conftest import PASSPHRASE
from tests.exchange.sites import Site, make_site
from tests.ui.conftest import Answers, passphrase_answer, wait_until
from ui import files
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.widgets.passphrase import PassphraseDialog


@pytest.fixture
def own(tmp_path: Path) -> Iterator[Site]:
    site = make_site(tmp_path, "B", standards=10)
    yield site
    site.reg.close()


def test_certificates_of_the_selected_standards_are_signed_and_written(
    own: Site, tmp_path: Path, answer: Answers, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    window = MainWindow(own.reg, Settings(tmp_path / "ui-settings.ini"))
    window.show()
    try:
        valid = certificates.select_standards(own.reg)
        assert len(valid) >= 2
        standards = window.record_pages["standards"]
        standards.load()
        for record_id in valid[:2]:
            row = standards.model.row_for_id(record_id)
            assert row is not None
            standards.view.selectionModel().select(
                standards.model.index(row, 0),
                standards.view.selectionModel().SelectionFlag.Select
                | standards.view.selectionModel().SelectionFlag.Rows,
            )
        window.show_page("certificates")
        page = window.certificates_page
        assert page.selected_radio.isEnabled() and page.selected_radio.text().endswith("(2)")
        page.selected_radio.setChecked(True)
        monkeypatch.setattr(files, "save_path", lambda *a: tmp_path / "two")
        prompts = passphrase_answer("wrong", PASSPHRASE)
        answer.on(PassphraseDialog, prompts)
        page.print_certificates()  # the real thread pool: the batch runs off the GUI thread
        wait_until(lambda: page.message.level == "ok", 30000)
        assert prompts.errors_shown[1]  # asked again after the wrong passphrase, saying why
        assert (tmp_path / "two.pdf").read_bytes().startswith(b"%PDF")
        assert "Printed 2 certificates" in page.message.text()
        assert len(page.result.issued) == 2

        monkeypatch.setattr(files, "save_path", lambda *a: tmp_path / "statement.pdf")
        answer.on(PassphraseDialog, passphrase_answer(PASSPHRASE))
        page.print_statement()
        wait_until(lambda: "capability statement" in page.message.text(), 30000)
        assert (tmp_path / "statement.pdf").is_file()
    finally:
        window.close()
        window.deleteLater()


def test_the_certificate_language_is_chosen_on_the_page_not_taken_from_the_app(
    own: Site, tmp_path: Path, answer: Answers, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    from ui import i18n

    assert i18n.core_lang() == "en"  # the app speaks English in these tests
    window = MainWindow(own.reg, Settings(tmp_path / "ui-settings.ini"))
    window.show()
    try:
        window.show_page("certificates")
        page = window.certificates_page
        assert page.language.currentData() == "zh"  # Chinese by default, whatever the app's language
        assert [page.language.itemData(i) for i in range(page.language.count())] == ["zh", "zh+en", "en"]
        texts = {}
        for language in ("zh", "zh+en"):
            page.language.setCurrentIndex(page.language.findData(language))
            out = tmp_path / f"statement-{language}.pdf"
            monkeypatch.setattr(files, "save_path", lambda *a, out=out: out)
            answer.on(PassphraseDialog, passphrase_answer(PASSPHRASE))
            page.print_statement()
            wait_until(lambda out=out: str(out) in page.message.text(), 60000)  # done, not only written
            texts[language] = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
        assert "机构计量能力声明" in texts["zh"] and "Statement of Metrology Capability" not in texts["zh"]
        assert "机构计量能力声明" in texts["zh+en"] and "Statement of Metrology Capability" in texts["zh+en"]
        for language in ("zh", "zh+en"):  # every language verifies
            [check] = certificates.verify_source(own.reg, tmp_path / f"statement-{language}.pdf")
            assert check.genuine and check.record_state == "unchanged"
    finally:
        window.close()
        window.deleteLater()
