"""The regional resources page's coverage per catalogue code: per item code and province,
the codes with no valid standard in the region marked, as ``coverage --discipline 12`` says."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from openpyxl import Workbook
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer
from PySide6.QtGui import QColor
from sqlalchemy import text

from labregistry.registry import Registry
from labregistry.services import catalogues, inventory
from tests.ui.conftest import Answers, add_standards, standard_row, wait_until
from ui import workers
from ui.errors import CrashDialog
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


READING = "Reading the coverage ..."
ALL_COVERED = "Every one of the 3 item code(s) has a valid standard in the region."


@pytest.fixture
def covered(small_registry: Registry, tmp_path: Path, today: dt.date) -> Registry:
    """The three pressure item codes listed; two own standards of the first, a peer's of the
    second, and a peer's of the third that ended yesterday (so that code is a gap today)."""
    catalogues.import_excel(small_registry, _codes_file(tmp_path / "codes.xlsx"), kind="codes")
    own, peer = (1, 2)
    later = today + dt.timedelta(days=400)
    add_standards(small_registry, [
        standard_row(own, 101, later, code="12113100"), standard_row(own, 102, later, code="12113100"),
        standard_row(peer, 103, later, code="12113200", certificate_no="苏-0103"),
        standard_row(peer, 104, today - dt.timedelta(days=1), code="12114100", certificate_no="苏-0104"),  # ended
    ])
    return small_registry


class Reads:
    """The real ``inventory.code_coverage``, counted; a read can be held at its start
    (``hold()``) until the test lets it go, to act while it runs on the worker."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.real: Callable[..., dict[str, Any]] = inventory.code_coverage
        self.dates: list[dt.date] = []
        self.gates: list[threading.Event] = []
        monkeypatch.setattr(inventory, "code_coverage", self)

    def hold(self) -> threading.Event:
        gate = threading.Event()
        self.gates.append(gate)
        return gate

    def __call__(self, reg: Registry, discipline: str, **kwargs: Any) -> dict[str, Any]:  # on the worker
        self.dates.append(kwargs["valid_on"])
        if len(self.gates) >= len(self.dates):
            assert self.gates[len(self.dates) - 1].wait(10)
        return self.real(reg, discipline, **kwargs)


def _read(dialog: CoverageDialog) -> None:
    wait_until(lambda: not dialog.reading())


def _spin(ms: int) -> None:
    """Run the event loop for ``ms`` (a user's pause between two clicks)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _opened(reg: Registry, qtbot: Any, on: dt.date) -> CoverageDialog:
    dialog = CoverageDialog(reg, valid_on=on)
    qtbot.addWidget(dialog)
    dialog.show()
    _read(dialog)
    return dialog


def test_coverage_per_code_shows_each_item_per_province_and_marks_the_codes_with_none(
        covered: Registry, qtbot: Any, today: dt.date) -> None:
    small_registry = covered
    page = InventoryPage(small_registry)
    qtbot.addWidget(page)
    page.coverage_button.click()
    dialog = next(w for w in page.windows if isinstance(w, CoverageDialog))
    assert dialog.discipline.currentData() == "12" and dialog.grade.currentData() == "public"
    _read(dialog)  # on a worker: the GUI thread never waits for the query

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
    assert dialog.summary.text() == READING and not dialog.table.isEnabled()  # the old figures, greyed
    _read(dialog)
    assert dialog.gap_codes() == [] and dialog.table.isEnabled()
    assert dialog.summary.text() == ALL_COVERED
    dialog.discipline.setCurrentIndex(dialog.discipline.findData("15"))  # no item codes listed for 15
    _read(dialog)
    assert dialog.table.rowCount() == 0 and "import the JJF 1022 code table" in dialog.summary.text()


def test_quick_changes_read_once_and_show_the_last_choice(
        covered: Registry, qtbot: Any, today: dt.date, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _opened(covered, qtbot, today)
    assert dialog.gap_codes() == ["12114100"]
    reads = Reads(monkeypatch)
    for days in (500, 1, -2):  # the date editor's arrows, quicker than the read delay
        dialog.valid_on.setDate(today + dt.timedelta(days=days))
        _spin(30)
    _read(dialog)
    assert reads.dates == [today - dt.timedelta(days=2)]
    assert dialog.shown_choice == ("12", today - dt.timedelta(days=2), "public")
    assert dialog.gap_codes() == [] and dialog.summary.text() == ALL_COVERED
    assert [r[-1] for r in _table(dialog)] == ["2", "1", "1"]


def test_a_read_for_a_choice_left_is_never_shown_over_the_newer_one(
        covered: Registry, qtbot: Any, today: dt.date, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _opened(covered, qtbot, today)
    reads = Reads(monkeypatch)
    first, second = reads.hold(), reads.hold()
    dialog.valid_on.setDate(today - dt.timedelta(days=2))  # all covered on that day
    wait_until(lambda: len(reads.dates) == 1)  # its read runs on the worker ...
    dialog.valid_on.setDate(today + dt.timedelta(days=500))  # ... when the user picks another date
    wait_until(lambda: not dialog._timer.isActive())
    first.set()  # the first read's figures arrive: dropped, the current date read
    wait_until(lambda: len(reads.dates) == 2)
    assert reads.dates[1] == today + dt.timedelta(days=500)
    assert dialog.summary.text() == READING and dialog.gap_codes() == ["12114100"]  # still the opening's
    second.set()
    _read(dialog)
    assert dialog.shown_choice == ("12", today + dt.timedelta(days=500), "public")
    assert dialog.gap_codes() == ["12113100", "12113200", "12114100"]  # every standard ended by then
    assert dialog.summary.text().startswith("3 of 3 item code(s) have no valid standard in the region")


def test_a_failing_read_shows_the_failure_and_no_figures_of_another_choice(
        covered: Registry, qtbot: Any, today: dt.date, answer: Answers) -> None:
    dialog = _opened(covered, qtbot, today)
    answer.on(CrashDialog, lambda box: 0)
    with covered.engine.begin() as conn:  # a database that lost a table the query needs
        conn.execute(text("ALTER TABLE institute RENAME TO institute_away"))
    dialog.valid_on.setDate(today - dt.timedelta(days=2))
    wait_until(lambda: bool(answer.of(CrashDialog)))
    _read(dialog)
    assert "institute" in answer.of(CrashDialog)[0].report
    assert dialog.table.rowCount() == 0 and dialog.gap_codes() == [] and dialog.summary.text() == ""
    assert dialog.table.isEnabled()
    with covered.engine.begin() as conn:
        conn.execute(text("ALTER TABLE institute_away RENAME TO institute"))
    dialog.valid_on.setDate(today)  # the next choice reads again
    _read(dialog)
    assert dialog.gap_codes() == ["12114100"] and len(answer.of(CrashDialog)) == 1


@pytest.mark.parametrize("deleted", [False, True], ids=["closed", "closed-and-deleted"])
def test_closing_the_dialog_while_it_reads_drops_the_result(
        covered: Registry, today: dt.date, monkeypatch: pytest.MonkeyPatch, deleted: bool) -> None:
    page = InventoryPage(covered)  # keeps a closed dialog (hidden) as its child
    dialog = CoverageDialog(covered, page, valid_on=today)
    dialog.show()
    _read(dialog)
    reads = Reads(monkeypatch)
    gate = reads.hold()
    dialog.valid_on.setDate(today - dt.timedelta(days=2))
    wait_until(lambda: len(reads.dates) == 1)
    dialog.valid_on.setDate(today + dt.timedelta(days=1))  # a read is pending too
    dialog.close()
    if deleted:
        dialog.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not shiboken6.isValid(dialog)
    gate.set()
    wait_until(lambda: not workers.running())
    _spin(300)  # past the read delay: nothing fires for the closed dialog
    assert reads.dates == [today - dt.timedelta(days=2)]  # no read for the pending choice after closing
    page.deleteLater()

