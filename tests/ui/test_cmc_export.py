"""The standards page's "Export the CMC table ...": a real .xlsx read back by openpyxl, the message
naming the file and its rows, the reports folder remembered, a refusal in words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from labregistry.domain.records import CapabilityInput, StandardInput
from labregistry.registry import Registry
from labregistry.services import records
from tests.ui.conftest import Answers, message_box_answer
from ui import files
from ui.main_window import MainWindow


@pytest.fixture
def window(small_window: MainWindow) -> MainWindow:
    return small_window


def _calibrator(today: dt.date) -> StandardInput:
    return StandardInput(
        name="多功能校准器标准装置", code="15114500", grade="社会公用计量标准", certificate_no="[2024]沪量标证字第0901号",
        valid_until=today + dt.timedelta(days=700), range_text="(0~1000)V", accuracy_text="U=0.002%,k=2",
        capabilities=[CapabilityInput("直流电压", "(0~1000)V", None, "U=0.002%,k=2"),
                      CapabilityInput("交流电压 1kHz", "(0~750)V", None, "U=0.05%,k=2", "MPE: ±0.1%")],
    )


def test_the_cmc_table_is_written_from_the_standards_page(
    window: MainWindow, small_registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    answer: Answers, today: dt.date,
) -> None:
    records.create(small_registry, "standard", _calibrator(today))
    out = tmp_path / "reports" / "cmc"
    out.parent.mkdir()
    monkeypatch.setattr(files, "save_path", lambda *_a: out)
    answer.on(QMessageBox, message_box_answer(QMessageBox.StandardButton.Ok))
    window.show_page("standards")
    page = window.record_pages["standards"]
    assert page.cmc_action is not None and page.cmc_action.text() == "Export the CMC table ..."
    page.cmc_action.trigger()

    written = out.with_suffix(".xlsx")
    assert window.cmc_export.last == written
    values = list(load_workbook(written).active.iter_rows(values_only=True))
    header = next(i for i, v in enumerate(values) if v and v[0] == "No.")
    rows = [v for v in values[header + 1:] if v and v[0] is not None]
    # the calibrator's two parameters, each with its own range and uncertainty; the MPE in the remarks
    ours = [(v[3], v[4], v[5], v[6], v[9]) for v in rows if v[2] == "多功能校准器标准装置"]
    assert ours == [("直流电压", "(0~1000)V", "U=0.002%,k=2", 2, None),
                    ("交流电压 1kHz", "(0~750)V", "U=0.05%,k=2", 2, "MPE: ±0.1%")]
    (message,) = answer.of(QMessageBox)
    assert message.text() == f"Wrote {len(rows)} capability row(s) to {written}."
    assert files.last_folder(files.REPORTS) == out.parent


def test_the_cmc_table_is_never_written_over_the_registry(
    window: MainWindow, small_registry: Registry, monkeypatch: pytest.MonkeyPatch, answer: Answers
) -> None:
    keys = small_registry.home.path / "keys"
    keys.mkdir(exist_ok=True)
    before = sorted(p.name for p in keys.iterdir())
    monkeypatch.setattr(files, "save_path", lambda *_a: keys / "cmc.xlsx")
    answer.on(QMessageBox, message_box_answer(QMessageBox.StandardButton.Ok))
    page = window.record_pages["standards"]
    assert page.cmc_action is not None
    page.cmc_action.trigger()
    assert sorted(p.name for p in keys.iterdir()) == before and window.cmc_export.last is None
    (refusal,) = answer.of(QMessageBox)
    assert "kept by LabRegistry" in refusal.text()
    assert window.record_pages["staff"].cmc_action is None  # the CMC table is of standards
