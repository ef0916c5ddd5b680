"""The regional resources page's coverage per catalogue code: per item code and province,
the codes with no valid standard in the region marked, as ``coverage --discipline 12`` says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from labregistry.registry import Registry
from labregistry.services import catalogues, inventory
from tests.ui.conftest import add_standards, standard_row
from ui.models.record_table import STATE_COLOURS, RowState
from ui.pages.coverage_dialog import CoverageDialog
from ui.pages.inventory_page import InventoryPage

CODES = [("12113100", "精密压力表标准装置"), ("12113200", "活塞式压力计标准装置"), ("12114100", "压力变送器检定装置")]


def _codes_file(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "代码 Codes"
    for row in [["代码 Code", "名称 Name", "来源 Source"], *([c, n, "测试"] for c, n in CODES)]:
        ws.append(row)
    wb.save(path)
    return path


def _table(dialog: CoverageDialog) -> list[list[str]]:
    t = dialog.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_coverage_per_code_shows_each_item_per_province_and_marks_the_codes_with_none(
        small_registry: Registry, tmp_path: Path, qtbot: Any, today: dt.date) -> None:
    catalogues.import_excel(small_registry, _codes_file(tmp_path / "codes.xlsx"), kind="codes")
    own, peer = (1, 2)
    later = today + dt.timedelta(days=400)
    add_standards(small_registry, [
        standard_row(own, 101, later, code="12113100"), standard_row(own, 102, later, code="12113100"),
        standard_row(peer, 103, later, code="12113200", certificate_no="苏-0103"),
        standard_row(peer, 104, today - dt.timedelta(days=1), code="12114100", certificate_no="苏-0104"),  # ended
    ])
    page = InventoryPage(small_registry)
    qtbot.addWidget(page)
    page.coverage_button.click()
    dialog = next(w for w in page.windows if isinstance(w, CoverageDialog))
    assert dialog.discipline.currentData() == "12" and dialog.grade.currentData() == "public"

    header = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert header == ["Code", "Name", "Shanghai", "Jiangsu", "Zhejiang", "Anhui", "Total"]
    assert _table(dialog) == [["12113100", "精密压力表标准装置", "2", "0", "0", "0", "2"],
                              ["12113200", "活塞式压力计标准装置", "0", "1", "0", "0", "1"],
                              ["12114100", "压力变送器检定装置", "0", "0", "0", "0", "0"]]
    assert dialog.gap_codes() == ["12114100"]
    assert "1 of 3 item code(s) have no valid standard in the region: 12114100" == dialog.summary.text()
    gap = dialog.table.item(2, 6).background().color()
    assert gap == QColor(STATE_COLOURS[RowState.EXPIRED][0])
    assert dialog.table.item(0, 6).background().style() == Qt.BrushStyle.NoBrush  # a covered code: no colour

    # the same figures as the CLI's coverage --discipline 12
    cli = inventory.code_coverage(small_registry, "12", valid_on=today)
    assert [[r["code"], *(str(r["counts"][p]) for p in cli["provinces"])] for r in cli["codes"]] == [
        [row[0], *row[2:6]] for row in _table(dialog)]

    # on a date before the ended standard's end, its code is covered
    dialog.valid_on.setDate(today - dt.timedelta(days=2))
    assert dialog.gap_codes() == []
    assert dialog.summary.text() == "Every one of the 3 item code(s) has a valid standard in the region."
    dialog.discipline.setCurrentIndex(dialog.discipline.findData("15"))  # no item codes listed for 15
    assert dialog.table.rowCount() == 0 and "import the JJF 1022 code table" in dialog.summary.text()
