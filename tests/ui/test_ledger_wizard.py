"""The Excel ledger import wizard, end to end on the test ledgers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labregistry.registry import Registry
from tests.ledger.ledgers import standards_good_only, standards_ledger
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


def to_check_page(window: MainWindow, path: Path) -> LedgerWizard:
    window.show_page("standards")
    window.record_pages["standards"].ledger_button.click()
    wizard = window.ledger_wizard
    assert wizard is not None and wizard.isVisible()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.sheet_page, wizard.file_page.message.text()
    assert wizard.sheet_page.sheet.currentText() == "计量标准"
    wizard.next()
    wait_until(lambda: wizard.mapping_page.ready, 10000)
    assert wizard.mapping_page.isComplete(), wizard.mapping_page.message.text()
    assert wizard.mapping_page.table.rowCount() > 0
    wizard.next()
    wait_until(lambda: wizard.check is not None, 10000)
    return wizard


def test_a_ledger_with_a_bad_row(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = to_check_page(window, standards_ledger(tmp_path / "台账.xlsx"))
    check = wizard.check
    assert check.invalid >= 1 and check.valid >= 1
    page = wizard.check_page
    assert page.issues.rowCount() >= 1
    assert "!" in page.issues.item(0, 0).text()
    assert not page.isComplete()  # errors: only with "import only the valid rows"

    out = tmp_path / "report.xlsx"
    monkeypatch.setattr(files, "save_path", lambda *_a: out)
    page.report_button.click()
    assert out.exists()

    page.valid_only.setChecked(True)
    assert page.isComplete()
    before = window.record_pages["standards"].model.rowCount()
    wizard.next()
    wait_until(lambda: wizard.import_page.done, 10000)
    assert wizard.outcome is not None and wizard.outcome.written, wizard.import_page.message.text()
    assert wizard.outcome.added == check.valid
    assert wizard.outcome.skipped_invalid == check.invalid
    wait_until(lambda: window.record_pages["standards"].model.rowCount() == before + check.valid)
    wizard.close()


def test_a_good_ledger(window: MainWindow, tmp_path: Path) -> None:
    wizard = to_check_page(window, standards_good_only(tmp_path / "good.xlsx"))
    assert wizard.check.invalid == 0
    assert wizard.check_page.isComplete()
    wizard.next()
    wait_until(lambda: wizard.import_page.done, 10000)
    assert wizard.outcome.added == wizard.check.valid
    wizard.close()


def test_a_missing_file_is_shown_inline(window: MainWindow, tmp_path: Path) -> None:
    window.record_pages["standards"].ledger_button.click()
    wizard = window.ledger_wizard
    assert wizard is not None
    wizard.file_page.path.setText(str(tmp_path / "nothing.xlsx"))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.message.text()
    wizard.close()
