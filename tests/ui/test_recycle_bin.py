"""The recycle bin: a record deleted in the app is listed there and comes back, until an export."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from labregistry.registry import Registry
from labregistry.services import exchange, listing
from labregistry.storage.models import utcnow
from tests.ui.conftest import Answers
from ui.main_window import MainWindow
from ui.recycle_bin import RecycleBinDialog

OK = QMessageBox.StandardButton.Ok


def own_names(reg: Registry, kind: str) -> list[str]:
    return sorted(r["name"] for r in listing.list_records(reg, listing.RecordQuery(kind=kind, own_only=True)))


def delete_person(window: MainWindow, name: str, answer: Answers) -> None:
    """Delete an own person from the staff page, confirming the question."""
    window.show_page("staff")
    (record_id,) = [r["id"] for r in listing.list_records(window.reg, listing.RecordQuery(kind="staff", own_only=True))
                    if r["name"] == name]
    answer.on(QMessageBox, lambda box: int(OK))
    window.delete_records("staff", [record_id])


def test_a_deleted_person_is_restored_from_the_bin(
    small_window: MainWindow, small_registry: Registry, answer: Answers, qtbot: Any
) -> None:
    delete_person(small_window, "王五", answer)
    assert own_names(small_registry, "staff") == ["李四"]
    seen: list[list[str]] = []

    def restore_first(dialog: RecycleBinDialog) -> int:
        item = dialog.list.topLevelItem(0)
        seen.append([item.text(c) for c in (0, 1, 3)])
        assert "until the next export" in dialog.findChild(type(dialog.empty), "bin_explanation").text()
        assert not dialog.restore_button.isEnabled()  # nothing chosen yet
        item.setSelected(True)
        dialog.restore_button.click()
        assert dialog.message.level == "ok" and dialog.empty.isVisibleTo(dialog)
        return 0

    answer.on(RecycleBinDialog, restore_first)
    assert small_window.bin_action in small_window.menuBar().actions()[1].menu().actions()
    small_window.bin_action.trigger()
    assert seen and seen[0][:2] == ["王五", "Person"]
    assert own_names(small_registry, "staff") == ["李四", "王五"]
    page = small_window.record_pages["staff"]
    assert page.model.rowCount() == 2  # the list shows it again


def test_after_an_export_the_bin_is_empty_and_says_so(
    small_window: MainWindow, small_registry: Registry, answer: Answers
) -> None:
    delete_person(small_window, "李四", answer)
    with small_registry.uow(write=True) as uow:  # as an export records it (a real one: tests/services)
        uow.settings.set(exchange.LAST_EXPORT_KEY, utcnow().isoformat())
        uow.commit()
    shown: list[bool] = []
    answer.on(RecycleBinDialog, lambda dialog: shown.append(dialog.empty.isVisibleTo(dialog) and not dialog.list.isVisibleTo(dialog)) or 0)
    small_window.show_recycle_bin()
    assert shown == [True]
    assert own_names(small_registry, "staff") == ["王五"]


def test_a_standard_stored_before_the_rules_comes_back_with_what_to_correct(
    small_window: MainWindow, small_registry: Registry, answer: Answers
) -> None:
    """Review 11: a standard stored before the class rules ("0.05级或0.1级"), deleted, was
    refused by the bin as if entered anew. It comes back, and the bin says what to correct."""
    (sid,) = [r["id"] for r in listing.list_records(small_registry, listing.RecordQuery(kind="standards", own_only=True))
              if r["name"] == "活塞式压力计标准装置"]
    with small_registry.engine.begin() as conn:
        conn.execute(text("UPDATE standard SET code = '12113100', accuracy_text = '0.05级或0.1级' WHERE id = :id"),
                     {"id": sid})
        conn.execute(text("UPDATE capability SET accuracy_text = '0.05级或0.1级' WHERE standard_id = :id"), {"id": sid})
    small_window.show_page("standards")
    answer.on(QMessageBox, lambda box: int(OK))
    small_window.delete_records("standards", [sid])
    assert "活塞式压力计标准装置" not in own_names(small_registry, "standards")
    said: list[tuple[str, str]] = []

    def restore_first(dialog: RecycleBinDialog) -> int:
        dialog.list.topLevelItem(0).setSelected(True)
        dialog.restore_button.click()
        said.append((dialog.message.level, dialog.message.text()))
        return 0

    answer.on(RecycleBinDialog, restore_first)
    small_window.show_recycle_bin()
    [(level, message)] = said
    assert level == "warning" and "Restored 1 record" in message, message
    assert "more than one accuracy class (0.05、0.1)" in message and "stored before the rule" in message, message
    assert "活塞式压力计标准装置" in own_names(small_registry, "standards")
