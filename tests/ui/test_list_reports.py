"""The own lists, as shown, to Excel, PDF and paper (print preview on landscape pages)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QMessageBox

from labregistry.registry import Registry
from tests.certificates.helpers import pdf_text
from tests.ui.conftest import Answers, add_person, message_box_answer
from ui import files
from ui.main_window import MainWindow


@pytest.fixture
def window(small_window: MainWindow) -> MainWindow:
    return small_window


def sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    return list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))


def test_the_staff_list_to_excel_in_its_order_and_words(
    window: MainWindow, small_registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: dt.date
) -> None:
    add_person(small_registry, 1, "安娜", today + dt.timedelta(days=400))
    out = tmp_path / "reports" / "staff"
    out.parent.mkdir()
    monkeypatch.setattr(files, "save_path", lambda *_a: out)
    window.show_page("staff")
    page = window.record_pages["staff"]
    page.excel_action.trigger()
    written = out.with_suffix(".xlsx")
    assert window.list_reports.last == written
    values = sheet_rows(written)
    assert values[0][0] == "Staff of 上海市计量测试技术研究院"
    header = next(i for i, v in enumerate(values) if v and v[0] == "name")
    assert [v[0] for v in values[header + 1 :]] == ["安娜", "李四", "王五"]  # pinyin, as the list shows
    assert "registered metrologist, level 1" in values[header + 1]
    assert files.last_folder(files.REPORTS) == out.parent


def test_the_expiring_standards_to_pdf_on_landscape_pages(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "soon.pdf"
    monkeypatch.setattr(files, "save_path", lambda *_a: out)
    page = window.record_pages["standards"]
    page.expiring.setChecked(True)
    page.pdf_action.trigger()
    text = " ".join(" ".join(pdf_text(out)).split())
    assert "ending within 180 days, or already ended" in text
    assert "2027-01-05" in text or "2026" in text  # a date is never broken over two lines
    assert "电能表检定装置" in text and "砝码标准装置" in text and "活塞式压力计标准装置" not in text
    assert "expired" in text  # the state in words
    import pypdfium2

    document = pypdfium2.PdfDocument(str(out))
    width, height = document[0].get_size()
    document.close()
    assert width > height


def test_printing_a_list_shows_a_preview_first(
    window: MainWindow, tmp_path: Path, answer: Answers, qtbot: Any
) -> None:
    printed = tmp_path / "printed.pdf"

    def print_it(dialog: QPrintPreviewDialog) -> int:
        assert dialog.printer().pageLayout().orientation() == QPageLayout.Orientation.Landscape
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        dialog.paintRequested.emit(dialog.printer())
        return int(QDialog.DialogCode.Accepted)

    answer.on(QPrintPreviewDialog, print_it)
    window.show_page("authorisations")
    with qtbot.waitActive(window):
        window.activateWindow()
    window.print_action.trigger()  # Ctrl+P
    assert len(answer.of(QPrintPreviewDialog)) == 1
    assert "(沪)法计(2024)01001号" in "".join("".join(pdf_text(printed)).split())  # a long number may wrap


def test_a_list_is_never_written_over_the_registry(
    window: MainWindow, small_registry: Registry, monkeypatch: pytest.MonkeyPatch, answer: Answers
) -> None:
    keys = small_registry.home.path / "keys"  # kept by LabRegistry: never a place for a list
    keys.mkdir(exist_ok=True)
    before = sorted(p.name for p in keys.iterdir())
    monkeypatch.setattr(files, "save_path", lambda *_a: keys / "standards.pdf")
    answer.on(QMessageBox, message_box_answer(QMessageBox.StandardButton.Ok))
    window.record_pages["standards"].pdf_action.trigger()
    assert sorted(p.name for p in keys.iterdir()) == before
    (refusal,) = answer.of(QMessageBox)
    assert "kept by LabRegistry" in refusal.text()


def test_the_instruments_due_to_excel_and_pdf_from_the_overview(
    window: MainWindow, small_registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: dt.date
) -> None:
    from tests.ui.test_pages import piston_with_instruments

    piston_with_instruments(small_registry, today, ("main", "活塞式压力计", -5), ("ancillary", "专用砝码", 20),
                            ("ancillary", "温湿度计", 300))  # the last is not due within the overview's 60 days
    window.reload_records()
    window.show_page("overview")
    out = tmp_path / "due"
    monkeypatch.setattr(files, "save_path", lambda *_a: out)
    window.overview.instruments_excel.trigger()
    assert window.list_reports.last == out.with_suffix(".xlsx")
    values = sheet_rows(out.with_suffix(".xlsx"))
    assert values[0][0] == "Instruments of 上海市计量测试技术研究院 and their calibration"
    header = next(i for i, v in enumerate(values) if v and "name" in v)
    names = [v[values[header].index("name")] for v in values[header + 1 :]]
    assert names == ["活塞式压力计", "专用砝码"]  # overdue first, as the overview lists them
    window.overview.instruments_pdf.trigger()
    text = " ".join(" ".join(pdf_text(out.with_suffix(".pdf"))).split())
    assert "活塞式压力计" in text and "专用砝码" in text and "温湿度计" not in text
