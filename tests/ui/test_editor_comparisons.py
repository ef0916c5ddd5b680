"""The standard editor lists the standard's comparison results and the recognition decisions
that cover it, read-only (issue 22)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QTableWidget

from labregistry.domain.records import StandardInput
from labregistry.services import comparisons, records
from labregistry.storage.models import Institute, RecognitionDecision
from tests.interlab.tables import write_table
from ui.main_window import MainWindow

CERT = "[2024]沪量标证字第0900号"  # Lab 1 of the results table, the own institute


def _editor_after(window: MainWindow, results_table: Path) -> Any:
    """The editor of the own standard CERT, after the own institute recorded ``results_table``."""
    sid = records.create_standard(window.reg, StandardInput(
        name="直流电压标准装置", code="15113100", grade="public", certificate_no=CERT, valid_until="2028-05-30",
        range_text="(0~1000)V", accuracy_text="U=0.002%,k=2"))
    comparisons.import_results_table(window.reg, results_table)
    editor = window.open_record("standards", sid)
    assert editor is not None
    return editor


def test_the_editor_shows_the_standard_s_result_and_nothing_for_another(small_window: MainWindow,
                                                                       tmp_path: Path) -> None:
    window = small_window
    editor = _editor_after(window, write_table(tmp_path / "t.xlsx"))
    assert editor.comparisons is not None
    table: QTableWidget = editor.comparisons.table
    cells = [table.item(0, c).text() for c in range(table.columnCount())]
    assert (table.rowCount(), cells) == (1, ["CSJ-DCV-2026-01", "长三角直流电压（1 V）计量比对", "上海市计量测试技术研究院",
                                             "2026-09-15", "En = 0.00", "satisfactory"])
    assert editor.comparisons.summary.text() == "1 comparison(s), 1 satisfactory"
    assert table.editTriggers() == QTableWidget.EditTrigger.NoEditTriggers
    editor.close()

    other = window.open_record("standards", records.create_standard(window.reg, StandardInput(
        name="压力标准装置", code="12113100", grade="public", certificate_no="[2024]沪量标证字第0901号",
        valid_until="2028-05-30", range_text="(0~60)MPa", accuracy_text="0.05级")))
    assert other is not None and other.comparisons is not None and other.comparisons.table.rowCount() == 0



def test_the_editor_names_a_pilot_outside_the_registry(small_window: MainWindow, tmp_path: Path) -> None:
    """A NIM key comparison the own institute recorded as a participant: its pilot is NIM, said to
    be outside the registry, not the own institute."""
    from tests.interlab.test_outside_pilot import NIM, nim_table

    editor = _editor_after(small_window, nim_table(tmp_path / "k4.xlsx"))
    assert editor.comparisons is not None
    table: QTableWidget = editor.comparisons.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    cells = [table.item(0, c).text() for c in range(table.columnCount())]
    assert dict(zip(headers, cells, strict=True))["Pilot"] == f"{NIM} (outside the registry)", cells
    editor.close()


def test_the_editor_lists_the_decisions_in_force_that_cover_the_standard(small_window: MainWindow) -> None:
    """A peer's decision about the own standard's discipline shows (who, scope, dates,
    evidence); one that ended, or one about another discipline, does not."""
    window = small_window
    sid = records.create_standard(window.reg, StandardInput(
        name="直流电压标准装置", code="15113100", grade="public", certificate_no=CERT, valid_until="2028-05-30",
        range_text="(0~1000)V", accuracy_text="U=0.002%,k=2"))
    with window.reg.uow(write=True) as uow:  # as a peer's bundle stores them
        own = uow.institutes.own()
        assert own is not None
        peer = Institute(uscc="12320000466002712H", name="江苏省计量科学研究院", province="江苏", city="南京")
        uow.session.add(peer)
        uow.session.flush()
        assert peer.id is not None
        for discipline, until in (("15", None), ("15", dt.date(2020, 12, 31)), ("12", None)):
            uow.session.add(RecognitionDecision(
                institute_id=peer.id, subject_uscc=own.uscc, subject_name=own.name, discipline=discipline,
                valid_from=dt.date(2020, 1, 1), valid_until=until, evidence="现场评审:2019-11-20"))
        uow.commit()
    editor = window.open_record("standards", sid)
    assert editor is not None and editor.comparisons is not None
    table: QTableWidget = editor.comparisons.decisions
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(table.columnCount())] == [
        "江苏省计量科学研究院", "discipline 15", "2020-01-01", "", "现场评审:2019-11-20"]
    assert table.editTriggers() == QTableWidget.EditTrigger.NoEditTriggers
    editor.close()
