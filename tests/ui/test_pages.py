"""The overview's reminders and breakdowns, and the backups page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from labregistry.registry import Registry
from labregistry.services import backups, listing
from tests.ui.conftest import Answers, add_standards, message_box_answer, own_institute_id, standard_row
from ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(small_window: MainWindow) -> MainWindow:
    return small_window


def column(table: Any, n: int) -> list[str]:
    return [table.item(r, n).text() for r in range(table.rowCount())]


def test_the_overview_reminds_of_certificates_to_renew_and_breaks_the_region_down(
    window: MainWindow, small_registry: Registry, today: dt.date, qtbot: Any
) -> None:
    own_id = own_institute_id(small_registry)
    add_standards(
        small_registry,
        [standard_row(own_id, 7, today + dt.timedelta(days=170), name="温湿度计检定装置", code="04213100")],
    )
    window.show_page("overview")
    page = window.overview
    # ended ten days ago (still to renew) first, then the soonest; the revoked one is no reminder
    assert column(page.reminders, 3) == ["电能表检定装置", "砝码标准装置", "温湿度计检定装置"]
    assert column(page.reminders, 1) == ["-10", "30", "170"]
    assert page.reminders_more.text() == "Show all 3 in the standards list"
    disciplines = dict(zip(column(page.disciplines, 0), column(page.disciplines, 1), strict=True))
    assert disciplines["04 thermometry"] == "2" and disciplines["12 mechanics"] == "1"
    assert disciplines["00"] == "2"  # the fixture's short codes: shown as stored, not hidden
    assert [(r[0], r[1], r[3]) for r in zip(*(column(page.cities, c) for c in range(4)), strict=True)] == [
        ("Shanghai", "上海", "6"),
        ("Jiangsu", "南京", "1"),
    ]
    assert page.no_imports.isVisible() and not page.imports.isVisible()

    rect = page.reminders.visualItemRect(page.reminders.item(2, 3))
    qtbot.mouseClick(page.reminders.viewport(), LEFT, pos=rect.center())
    standards = window.record_pages["standards"]
    assert window.current_page_key() == "standards" and standards.expiring.isChecked()
    assert standards.model.rowCount() == 3
    (selected,) = standards.view.selected_ids()
    assert (
        listing.rows_by_ids(small_registry, "standards", [selected])[selected]["name"] == "温湿度计检定装置"
    )


def piston_with_instruments(reg: Registry, today: dt.date, *instruments: tuple[str, str, int]) -> dict[str, Any]:
    """The fixture's 活塞式压力计标准装置 with instruments (role, name, days until due) written
    behind the app's back, in that order."""
    from labregistry.storage.bulk import insert_rows
    from labregistry.storage.models import Instrument

    piston = next(r for r in listing.list_records(reg, listing.RecordQuery(own_only=True))
                  if r["name"] == "活塞式压力计标准装置")
    with reg.engine.begin() as conn:
        insert_rows(conn, Instrument, [
            {"standard_id": piston["id"], "position": pos, "role": role, "name": name,
             "calibration_due": today + dt.timedelta(days=days)}
            for pos, (role, name, days) in enumerate(instruments)
        ])
    return piston


def test_the_overview_lists_instruments_due_for_calibration(
    window: MainWindow, small_registry: Registry, today: dt.date, qtbot: Any
) -> None:
    piston = piston_with_instruments(small_registry, today, ("main", "活塞式压力计", -5), ("ancillary", "专用砝码", 20),
                                     ("ancillary", "温湿度计", 300))  # the last one is not due soon
    window.reload_records()  # written behind the app's back: read again
    window.show_page("overview")
    page = window.overview
    assert column(page.instruments, 3) == ["活塞式压力计", "专用砝码"] and column(page.instruments, 1) == ["-5", "20"]
    assert column(page.instruments, 4) == ["main standard instrument", "ancillary equipment"]
    summary = page.instruments_summary.text()
    assert "2 instruments due, 1 overdue." in summary and "1 standard may not be used until recalibrated" in summary
    rect = page.instruments.visualItemRect(page.instruments.item(0, 3))
    qtbot.mouseClick(page.instruments.viewport(), LEFT, pos=rect.center())
    standards = window.record_pages["standards"]
    assert window.current_page_key() == "standards" and not standards.expiring.isChecked()
    assert standards.view.selected_ids() == [piston["id"]]
    row = standards.model.row_for_id(piston["id"])
    status = standards.model.index(row, standards.model.column_index("status"))
    assert status.data(Qt.ItemDataRole.DisplayRole) == "Needs recalibration"
    assert "was due for calibration on" in status.data(Qt.ItemDataRole.ToolTipRole)


def test_overdue_ancillary_equipment_is_a_warning_that_names_the_item(
    window: MainWindow, small_registry: Registry, today: dt.date, qtbot: Any
) -> None:
    piston = piston_with_instruments(small_registry, today, ("main", "活塞式压力计", 200),  # calibrated
                                     ("ancillary", "温湿度计", 30), ("ancillary", "专用砝码", -4))  # past due: a warning
    window.reload_records()
    window.show_page("overview")
    page = window.overview
    summary = page.instruments_summary.text()
    assert "专用砝码" in summary and piston["certificate_no"] in summary
    assert "may still be used" in summary and "may not be used" not in summary
    rows = column(page.instruments, 3)
    late = page.instruments.item(rows.index("专用砝码"), 3).toolTip()
    assert "ancillary" in late and "may still be used" in late

    rect = page.instruments.visualItemRect(page.instruments.item(rows.index("专用砝码"), 3))
    qtbot.mouseClick(page.instruments.viewport(), LEFT, pos=rect.center())
    standards = window.record_pages["standards"]
    assert window.current_page_key() == "standards" and standards.view.selected_ids() == [piston["id"]]
    status = standards.model.index(standards.model.row_for_id(piston["id"]), standards.model.column_index("status"))
    assert status.data(Qt.ItemDataRole.DisplayRole) == "valid ⚠"  # still usable (not "Needs recalibration"), marked
    tip = status.data(Qt.ItemDataRole.ToolTipRole)
    assert "专用砝码" in tip and (today - dt.timedelta(days=4)).isoformat() in tip and "温湿度计" not in tip


@pytest.mark.sqlite_only  # backups of the SQLite file; see the next test for a server
def test_backups_taken_listed_and_restored_with_confirmation(
    window: MainWindow, small_registry: Registry, answer: Answers, today: dt.date
) -> None:
    window.show_page("backups")
    page = window.backups_page
    before = page.table.rowCount()
    page.backup_button.click()
    assert page.table.rowCount() == before + 1
    assert page.table.item(0, 1).text() == "by hand"
    assert page.message.level == "ok"
    assert not page.restore_button.isEnabled()

    with small_registry.uow() as uow:
        own_id = uow.institutes.own().id  # type: ignore[union-attr]
    add_standards(small_registry, [standard_row(own_id, 99, today + dt.timedelta(days=900))])
    window.reload_records()
    # the standards list was shown at start: reloaded; the staff list never was: still not loaded
    assert window.record_pages["standards"].model.rowCount() == 6
    assert not window.record_pages["staff"].model.loaded and window.record_pages["staff"].model.rowCount() == 0

    page.table.selectRow(0)
    answer.on(QMessageBox, message_box_answer(QMessageBox.StandardButton.Cancel))
    page.restore_button.click()
    assert listing.stats(small_registry)["own"]["standards"] == 6  # not confirmed: nothing done

    answer.on(QMessageBox, message_box_answer(QMessageBox.StandardButton.Ok))
    page.restore_button.click()
    (box,) = answer.of(QMessageBox)[-1:]
    assert "Every change made after that time is undone" in box.informativeText()
    assert listing.stats(small_registry)["own"]["standards"] == 5
    assert "before-restore" in page.message.text()
    assert any(b.reason == "before-restore" for b in backups.list_backups(small_registry.home))
    window.show_page("standards")
    assert window.record_pages["standards"].model.rowCount() == 5


def test_a_server_database_is_backed_up_on_the_server(window: MainWindow, small_registry: Registry) -> None:
    if small_registry.is_sqlite:
        pytest.skip("about a PostgreSQL database: runs in the PostgreSQL pass")
    window.show_page("backups")
    page = window.backups_page
    assert page.table.rowCount() == 0
    page.backup_button.click()
    assert page.message.level == "error" and page.table.rowCount() == 0
    assert page.message.text().startswith("the database is on a server (")
    assert page.message.text().endswith("); back it up there with pg_dump")
    assert page.backup_button.isEnabled()
