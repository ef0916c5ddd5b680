"""The Excel ledger import wizard, end to end on the test ledgers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labregistry.registry import Registry
from openpyxl import load_workbook

from labregistry.services import listing
from tests.ledger.ledgers import GOOD_STANDARDS, PRESSURE, standards_good_only, standards_ledger
from tests.ui.conftest import wait_until
from ui import files
from ui.main_window import MainWindow
from ui.pages.ledger_wizard import LedgerWizard
from ui.settings import Settings


@pytest.fixture
def window(small_registry: Registry, tmp_path: Path, qtbot: Any) -> MainWindow:
    win = MainWindow(small_registry, Settings(tmp_path / "ui-settings.ini"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


#: the standards ledger's columns as the mapping page proposes them (every other field: not in the ledger)
MAPPED = {
    "Certificate No. *": "C", "Standard name *": "B", "Standard code *": "D", "Category *": "E",
    "Measurement range *": "F", "Uncertainty / accuracy class / MPE *": "G", "Date of issue": "H",
    "Valid until *": "I", "Instrument name": "J", "Model": "K", "Serial No.": "L",
    "Calibration certificate No.": "M", "Calibration due": "N", "Notes": "O",
}
#: the bad record's cells (tests/ledger/ledgers.py, rows 13-14), as the check page lists them
ISSUES = [
    ["计量标准!F13", "测量范围", "the lower limit 60 MPa is greater than the upper limit 0 MPa"],
    ["计量标准!H13", "发证日期", "there is no month 13 (months are 1 to 12)"],  # 2023-13-45
    ["计量标准!N14", "主标准器 / 有效期", "there is no day 30 in 2025-2 (that month has 28 days)"],  # 2025-02-30
]


def mapped_columns(wizard: LedgerWizard) -> dict[str, str]:
    table = wizard.mapping_page.table
    rows = [(table.item(r, 0).text(), table.cellWidget(r, 1).currentText()) for r in range(table.rowCount())]
    return {field: column.split(":")[0] for field, column in rows if column != "(not in the ledger)"}


def own_certificates(window: MainWindow) -> set[str]:
    rows = listing.list_records(window.reg, listing.RecordQuery(kind="standards", own_only=True))
    return {r["certificate_no"] for r in rows}


def to_check_page(window: MainWindow, path: Path, mapped: dict[str, str] | None = None) -> LedgerWizard:
    """The wizard on its check page for ``path``, its columns found as ``mapped`` (the test
    ledgers' :data:`MAPPED` unless given)."""
    window.show_page("standards")
    window.record_pages["standards"].ledger_button.click()
    wizard = window.ledger_wizard
    assert wizard is not None and wizard.isVisible()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.sheet_page, wizard.file_page.message.text()
    if mapped is None:
        assert wizard.sheet_page.sheet.currentText() == "计量标准"
    wizard.next()
    wait_until(lambda: wizard.mapping_page.ready, 10000)
    assert wizard.mapping_page.isComplete(), wizard.mapping_page.message.text()
    assert mapped_columns(wizard) == (MAPPED if mapped is None else mapped)
    wizard.next()
    wait_until(lambda: wizard.check is not None, 10000)
    return wizard


def test_a_ledger_with_a_bad_row(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = to_check_page(window, standards_ledger(tmp_path / "台账.xlsx"))
    check = wizard.check
    assert (check.valid, check.invalid) == (len(GOOD_STANDARDS), 1)
    page = wizard.check_page
    table = page.issues
    assert [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())] == ISSUES
    assert not page.isComplete()  # errors: only with "import only the valid rows"

    out = tmp_path / "report.xlsx"
    monkeypatch.setattr(files, "save_path", lambda *_a: out)
    page.report_button.click()
    sheet = load_workbook(out)["计量标准"]  # the ledger, its bad cells marked with a comment
    assert {c.coordinate for row in sheet.iter_rows() for c in row if c.comment is not None} == {"F13", "H13", "N14"}
    assert sheet["C6"].value == PRESSURE

    page.valid_only.setChecked(True)
    assert page.isComplete()
    before = window.record_pages["standards"].model.rowCount()
    own_before = own_certificates(window)
    wizard.next()
    wait_until(lambda: wizard.import_page.done, 10000)
    assert wizard.outcome is not None and wizard.outcome.written, wizard.import_page.message.text()
    assert wizard.outcome.added == check.valid
    assert wizard.outcome.skipped_invalid == check.invalid
    wait_until(lambda: window.record_pages["standards"].model.rowCount() == before + len(GOOD_STANDARDS))
    assert own_certificates(window) - own_before == set(GOOD_STANDARDS)  # the bad record left out
    wizard.close()


def test_a_good_ledger(window: MainWindow, tmp_path: Path) -> None:
    wizard = to_check_page(window, standards_good_only(tmp_path / "good.xlsx"))
    assert (wizard.check.valid, wizard.check.invalid) == (len(GOOD_STANDARDS), 0)
    assert wizard.check_page.issues.rowCount() == 0 and wizard.check_page.isComplete()
    # its only column not read is 序号, a row number: nothing to name (it holds nothing to lose)
    assert wizard.check_page.unread.text() == ""
    wizard.next()
    wait_until(lambda: wizard.import_page.done, 10000)
    assert wizard.outcome.written and (wizard.outcome.added, wizard.outcome.skipped_invalid) == (4, 0)
    wizard.close()


def test_a_missing_file_is_shown_inline(window: MainWindow, tmp_path: Path) -> None:
    window.record_pages["standards"].ledger_button.click()
    wizard = window.ledger_wizard
    assert wizard is not None
    wizard.file_page.path.setText(str(tmp_path / "nothing.xlsx"))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.message.text() == f"the file {tmp_path / 'nothing.xlsx'} does not exist"
    wizard.close()


def _to_mapping_page(window: MainWindow, kind: str, path: Path) -> LedgerWizard:
    window.show_page(kind)
    window.record_pages[kind].ledger_button.click()
    wizard = window.ledger_wizard
    assert wizard is not None and wizard.isVisible()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    wizard.next()
    wait_until(lambda: wizard.mapping_page.ready, 10000)
    return wizard


def test_a_field_without_a_column_is_asked_once_with_the_likely_answer(window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QComboBox

    from tests.ledger.institute_ledgers import AUTH_CERT, authorisation_items

    path = authorisation_items(tmp_path / "授权项目.xlsx")
    wizard = _to_mapping_page(window, "authorisations", path)
    page = wizard.mapping_page
    asked = page.findChild(QComboBox, "ledger_set_form")
    assert page.whole.isVisible() and asked is not None
    assert asked.currentData() == "special"  # preselected: the institute's kind is not known
    assert page.isComplete() and page.message.text() == ""
    asked.setCurrentIndex(asked.findData("legal_verification"))
    wizard.next()
    wait_until(lambda: wizard.check is not None, 10000)
    assert (wizard.check.valid, wizard.check.invalid) == (1, 0)
    wizard.next()
    wait_until(lambda: wizard.import_page.done, 10000)
    assert wizard.outcome.written and wizard.outcome.added == 1
    forms = {r["certificate_no"]: r["form"] for r in listing.list_records(
        window.reg, listing.RecordQuery(kind="authorisations", own_only=True))}
    assert forms[AUTH_CERT] == "legal_verification"
    wizard.close()

    # next month's ledger of the same layout: the answer given is remembered, nothing to change
    again = _to_mapping_page(window, "authorisations", authorisation_items(tmp_path / "下月.xlsx"))
    remembered = again.mapping_page.findChild(QComboBox, "ledger_set_form")
    assert remembered.currentData() == "legal_verification"
    assert again.mapping.constants["form"].source == "remembered" and again.mapping_page.isComplete()
    again.close()


def test_an_enterprise_form_preselects_the_grade_its_headers_name(window: MainWindow, tmp_path: Path) -> None:
    """The Hubei 企事业最高计量标准器具汇总表 (its name column headed 企事业最高计量标准器具名称) had
    社会公用计量标准 preselected for its category: the form's own words name its grade, which is
    preselected now."""
    from PySide6.QtWidgets import QComboBox

    from tests.ledger import published_forms as PF

    wizard = _to_mapping_page(window, "standards", PF.hubei_enterprise_standards(tmp_path / "汇总表.xlsx"))
    asked = wizard.mapping_page.findChild(QComboBox, "ledger_set_grade")
    assert asked is not None and asked.currentData() == "enterprise", asked.currentText() if asked else None
    assert wizard.mapping.constants["grade"].value == "enterprise"
    wizard.close()


def test_the_english_wizard_names_the_missing_columns_with_commas(window: MainWindow, tmp_path: Path) -> None:
    """Its missing columns were joined with the Chinese 、 in the English wizard."""
    from tests.ledger import published_forms as PF

    wizard = _to_mapping_page(window, "standards", PF.hubei_enterprise_standards(tmp_path / "汇总表.xlsx"))
    said = wizard.mapping_page.message.text()
    assert said == "Required fields without a column: Standard code, Valid until", said
    wizard.close()


def test_the_columns_a_published_form_loses_are_named_on_the_check_page(window: MainWindow, tmp_path: Path) -> None:
    """A JJF 1033 申请书's instrument columns are not read: the check page names them, not in silence."""
    from tests.ledger import published_forms as PF

    path = PF.jjf1033_application(tmp_path / "申请书.xlsx")
    wizard = to_check_page(window, path, mapped={
        "Certificate No. *": "C", "Standard name *": "A", "Standard code *": "B", "Category *": "D",
        "Measurement range *": "E", "Uncertainty / accuracy class / MPE *": "F", "Valid until *": "G",
        "Instrument name": "H", "Model": "I", "Serial No.": "L", "Traced to": "O"})
    said = wizard.check_page.unread.text()
    assert said.startswith("Columns not read (no field holds them): J '计量标准器 / 测量范围'"), said
    assert "N '计量标准器 / 末次检定或校准日期'" in said and "序号" not in said, said
    wizard.close()
