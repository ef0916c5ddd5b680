"""The verify dialog on real PDFs: what was signed is shown fact by fact; a genuine code
transplanted onto another certificate's page, or an updated PDF, is refused with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from labregistry.certificates.layout import CONTENTS_KEY
from labregistry.registry import Registry
from labregistry.services import certificates, records
from tests.certificates.helpers import CERT_NO, NAME, info_of, make_registry, pressure_standard, transplant_qr
from tests.conftest import PASSPHRASE
from tests.dbstate import dump_engine
from ui import files
from ui.pages.certificate_verify import VerifyDialog

OTHER_NO = "[2021]沪量标证字第0456号"


@dataclass
class Papers:
    reg: Registry
    a: Path
    b: Path


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Papers]:
    folder = tmp_path_factory.mktemp("papers")
    reg, _sid = make_registry(folder / "home")
    records.create_standard(reg, pressure_standard(certificate_no=OTHER_NO, name="活塞式压力计标准装置"))
    key = certificates.unlock(reg, PASSPHRASE)
    certificates.issue_standard(reg, CERT_NO, folder / "a.pdf", key)
    certificates.issue_standard(reg, OTHER_NO, folder / "b.pdf", key)
    yield Papers(reg, folder / "a.pdf", folder / "b.pdf")
    reg.close()


@pytest.fixture
def dialog(papers: Papers, qtbot: Any, sync_workers: None) -> VerifyDialog:
    widget = VerifyDialog(papers.reg)
    qtbot.addWidget(widget)
    return widget


def open_file(dialog: VerifyDialog, monkeypatch: pytest.MonkeyPatch, pdf: Path) -> None:
    monkeypatch.setattr(files, "open_path", lambda *a: pdf)
    dialog.open_button.click()


def test_the_signed_facts_are_shown_for_a_person_to_compare(dialog: VerifyDialog, papers: Papers,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    open_file(dialog, monkeypatch, papers.a)
    assert dialog.summary.level == "ok", dialog.summary.text()
    facts = dialog.facts.toPlainText().splitlines()
    assert f"name of the standard: {NAME}" in facts and f"assessment certificate No.: {CERT_NO}" in facts
    assert "measurement range: (0～60) MPa" in facts
    notes = dialog.table.item(0, 6).text()
    assert "The page states every signed fact." in notes


def test_a_transplanted_code_or_an_updated_pdf_is_refused(dialog: VerifyDialog, papers: Papers, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = dump_engine(papers.reg.engine)
    forged = transplant_qr(papers.a, papers.b, tmp_path / "forged.pdf",
                           **{CONTENTS_KEY: info_of(papers.a)[f"/{CONTENTS_KEY}"]})
    open_file(dialog, monkeypatch, forged)
    assert dialog.summary.level == "error"
    assert "page differs from the signature" in dialog.summary.text() and NAME in dialog.summary.text()
    assert dialog.table.item(0, 1).text() == "page differs from the signature"
    assert f"name of the standard: {NAME}" in dialog.facts.toPlainText()  # what the code really signed

    writer = PdfWriter(str(papers.a), incremental=True)
    writer.add_metadata({"/Subject": "updated"})
    updated = tmp_path / "updated.pdf"
    with open(updated, "wb") as fh:
        writer.write(fh)
    open_file(dialog, monkeypatch, updated)
    assert dialog.summary.level == "error" and "changed after it was issued" in dialog.summary.text()
    assert dialog.table.rowCount() == 0 and dialog.facts.toPlainText() == ""
    assert dump_engine(papers.reg.engine) == before
