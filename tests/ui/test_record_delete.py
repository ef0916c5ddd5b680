"""Deleting records from the lists: the Delete key, the button and the context menu, a
confirmation that names the records, and the core's refusal when a standard names the person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from labregistry.registry import Registry
from labregistry.services import listing
from tests.dbstate import dump_engine
from tests.ui.conftest import Answers, add_standards, own_institute_id, standard_row
from ui.main_window import MainWindow
from ui.pages.records import RecordsPage

OK = QMessageBox.StandardButton.Ok
CANCEL = QMessageBox.StandardButton.Cancel


@pytest.fixture
def window(small_window: MainWindow) -> MainWindow:
    return small_window


def select(page: RecordsPage, *texts: str) -> list[int]:
    """Select the rows whose first column reads one of ``texts``; their ids, in row order."""
    model = page.model
    selection = page.view.selectionModel()
    selection.clearSelection()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() in texts:
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            selection.select(model.index(row, 0), flags)
            selection.setCurrentIndex(model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    return page.view.selected_ids()


def own_ids(reg: Registry, kind: str) -> list[int]:
    return listing.record_ids(reg, listing.RecordQuery(kind=kind, own_only=True))


def audit_deletes(reg: Registry) -> list[tuple[str, str | None, str | None]]:
    with reg.uow() as uow:
        return [
            (e.entity, e.record_label, e.source) for e in uow.audit_log.recent(50) if e.action == "delete"
        ]


def test_the_delete_key_asks_naming_the_standard_and_deletes_only_when_confirmed(
    window: MainWindow, small_registry: Registry, answer: Answers, qtbot: Any
) -> None:
    window.show_page("standards")
    page = window.record_pages["standards"]
    certificate = "[2024]沪量标证字第000003号"
    [doomed] = select(page, certificate)
    editor = window.open_record("standards", doomed)
    assert editor is not None and editor.isVisible()
    asked: list[str] = []

    def reply(button: QMessageBox.StandardButton) -> Any:
        def handler(box: QMessageBox) -> int:
            asked.append(f"{box.text()}\n{box.informativeText()}")
            assert box.defaultButton() is box.button(CANCEL)  # Enter does not delete
            return int(button)

        return handler

    answer.on(QMessageBox, reply(CANCEL))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert asked and asked[0].startswith(f"Delete the measurement standard {certificate} 砝码标准装置?")
    assert "withdrawn" in asked[0]  # what exchange partners will see
    assert doomed in own_ids(small_registry, "standards")

    answer.on(QMessageBox, reply(OK))
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert len(asked) == 2
    assert doomed not in own_ids(small_registry, "standards")
    assert page.model.row_for_id(doomed) is None and page.model.rowCount() == 4
    assert audit_deletes(small_registry) == [("standard", certificate, "app")]
    assert ("standards", doomed) not in window.editors and not editor.isVisible()  # its editor closed
    assert window.statusBar().currentMessage() == "Deleted 1 record: in the recycle bin until your next export."


def test_several_authorisations_from_the_context_menu_all_named(
    window: MainWindow, small_registry: Registry, answer: Answers
) -> None:
    window.show_page("authorisations")
    page = window.record_pages["authorisations"]
    assert not page.delete_button.isEnabled() and not page.delete_action.isEnabled()  # nothing selected
    numbers = ["(沪)法计(2024)01001号", "(沪)法计(2021)00042号"]
    ids = select(page, *numbers)
    assert len(ids) == 2 and page.delete_button.isEnabled()
    assert page.delete_action in page.view.actions()  # the table's context menu
    shown: list[QMessageBox] = []

    def confirm(box: QMessageBox) -> int:
        shown.append(box)
        return int(OK)

    answer.on(QMessageBox, confirm)
    page.delete_action.trigger()
    [box] = shown
    assert box.text() == "Delete 2 authorisations?"
    assert all(n in box.informativeText() for n in numbers)
    assert own_ids(small_registry, "authorisations") == []
    assert sorted(label for _, label, _ in audit_deletes(small_registry)) == sorted(numbers)


def test_a_person_a_standard_names_is_refused_before_any_question(
    window: MainWindow, small_registry: Registry, answer: Answers, today: dt.date
) -> None:
    own_id = own_institute_id(small_registry)
    add_standards(
        small_registry, [standard_row(own_id, 9, today + dt.timedelta(days=500), responsible_person="李四")]
    )
    window.show_page("staff")
    page = window.record_pages["staff"]
    select(page, "李四")
    before = dump_engine(small_registry.engine)
    refusals: list[str] = []

    def refused(box: QMessageBox) -> int:
        assert box.objectName() != "confirm_box"
        refusals.append(box.text())
        return int(OK)

    answer.on(QMessageBox, refused)
    page.delete_button.click()
    [text] = refusals
    assert text.startswith("李四 cannot be deleted") and "[2024]沪量标证字第000009号" in text
    assert dump_engine(small_registry.engine) == before


def test_the_delete_key_deletes_only_from_the_table(window: MainWindow, qtbot: Any) -> None:
    window.show_page("standards")
    page = window.record_pages["standards"]
    select(page, "[2024]沪量标证字第000001号")
    page.expiring.setFocus()
    qtbot.keyClick(page.expiring, Qt.Key.Key_Delete)  # no dialog: the autouse guard would fail the test
    page.search.setFocus()
    page.search.setText("砝码")
    page.search.setCursorPosition(0)
    qtbot.keyClick(page.search, Qt.Key.Key_Delete)  # edits the text
    assert page.search.text() == "码"
