"""Record editors on a real registry: inline validation from the core, saving, history, unsaved changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox
from sqlalchemy import text

from labregistry.registry import Registry
from labregistry.services import records
from tests.ui.conftest import Answers, message_box_answer, shown_window, wait_until
from ui.editors.record_editor import RecordEditor
from ui.main_window import MainWindow

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def window(small_registry: Registry, tmp_path: Path, qtbot: Any, sync_workers: None) -> Iterator[MainWindow]:
    with shown_window(small_registry, tmp_path, qtbot) as window:
        yield window
        for editor in window.open_editors():  # a failed test may leave one with changes
            editor.discard_and_close()


def line(editor: RecordEditor, key: str) -> QLineEdit:
    widget = editor.editor_widget(key)
    assert isinstance(widget, QLineEdit)
    return widget


def choose(editor: RecordEditor, key: str, value: str) -> None:
    combo = editor.editor_widget(key)
    assert isinstance(combo, QComboBox)
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def only_editor(window: MainWindow) -> RecordEditor:
    (editor,) = window.open_editors()
    return editor


def test_new_standard_with_a_range_in_volts_is_fixed_inline_then_saved(
    window: MainWindow, qtbot: Any
) -> None:
    page = window.record_pages["standards"]
    assert page.model.rowCount() == 5
    with qtbot.waitActive(window):  # a window shortcut needs its window active
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N on the standards list
    editor = only_editor(window)
    assert editor.windowTitle().startswith("New measurement standard")
    assert not editor.tabs.isTabEnabled(editor.history_index)  # nothing to show before the first save

    line(editor, "name").setText("0.05级活塞式压力计标准装置")  # keyClicks sends Latin-1 only
    qtbot.keyClicks(line(editor, "code"), "12113100")
    line(editor, "certificate_no").setText("[2025]沪量标证字第0999号")
    qtbot.keyClicks(line(editor, "valid_until"), "2029-12-31")
    choose(editor, "quantity", "pressure")
    qtbot.keyClicks(line(editor, "range_text"), "(0~60) V")
    qtbot.keyClicks(line(editor, "accuracy_text"), "U=0.05%, k=2")
    assert editor.is_dirty() and editor.isWindowModified()

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    message = editor.message_label("range_text")
    assert message.isVisible() and message.level == "error"
    assert "'V' is not a unit of pressure" in message.text()
    assert line(editor, "range_text").property("invalid")
    assert editor.focusWidget() is editor.editor_widget("range_text")  # the first problem has the focus
    assert "Not saved: 1 problem" in editor.status.text()
    assert not editor.message_label("name").isVisible()  # only the field at fault speaks
    assert editor.record_id is None and page.model.rowCount() == 5

    field = line(editor, "range_text")
    field.selectAll()
    qtbot.keyClicks(field, "(0~60) MPa")
    wait_until(lambda: not message.isVisible(), 3000)  # re-checked as the user types
    assert not field.property("invalid")
    assert editor.status.text() == "Not saved yet: no problem left. Save with Ctrl+S."  # not "1 problem"

    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    assert editor.record_id is not None
    assert editor.status.text() == "Saved."
    assert not editor.is_dirty()
    assert editor.windowTitle().startswith("Measurement standard – 0.05级活塞式压力计标准装置")
    saved = records.get(window.reg, "standard", editor.record_id).standard
    assert (saved.range_text, saved.quantity, saved.range_max) == ("(0~60) MPa", "pressure", 60e6)
    qtbot.keyClicks(line(editor, "accuracy_text"), "5")
    assert editor.status.text() == "Unsaved changes."  # no longer "Saved."
    line(editor, "accuracy_text").setText("U=0.05%, k=2")
    assert editor.status.text() == "Saved."  # back as saved

    assert page.model.rowCount() == 6  # the list shows it, selected
    row = page.model.row_for_id(editor.record_id)
    assert row is not None
    assert (
        page.model.index(row, page.model.column_index("name")).data(DISPLAY) == "0.05级活塞式压力计标准装置"
    )
    assert page.view.selected_ids() == [editor.record_id]


def test_a_certificate_valid_longer_than_four_years_is_saved_with_a_warning_at_its_field(
    window: MainWindow, qtbot: Any
) -> None:
    window.show_page("standards")
    window.new_for_page()
    editor = only_editor(window)
    line(editor, "name").setText("精密压力表标准装置")
    line(editor, "code").setText("12113200")
    line(editor, "certificate_no").setText("[2025]沪量标证字第0998号")
    line(editor, "issued_on").setText("2025-01-10")
    line(editor, "valid_until").setText("2030-01-09")  # five years: a 考核证书 runs four
    choose(editor, "quantity", "pressure")
    line(editor, "range_text").setText("(0~60) MPa")
    line(editor, "accuracy_text").setText("0.05级")
    editor.save()
    assert editor.record_id is not None  # a warning, not a refusal
    message = editor.message_label("valid_until")
    assert message.isVisible() and message.level == "warning"
    assert "4 years" in message.text()


def test_an_issue_in_a_list_marks_its_cell(window: MainWindow, qtbot: Any) -> None:
    page = window.record_pages["standards"]
    page.view.selectRow(0)
    record_id = page.view.selected_ids()[0]
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)  # Enter opens the record
    editor = only_editor(window)
    assert editor.record_id == record_id
    line(editor, "code").setText("12113100")  # the fixture's codes are short of the 8 digits
    table = editor.tables["instruments"]
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    table.view.closePersistentEditor(table.view.currentIndex())
    model = table.model
    model.setData(table.cell(0, "name"), "活塞压力计")
    model.setData(table.cell(0, "calibration_due"), "next spring")
    model.setData(table.cell(0, "traced_to_uscc"), "12100000400011118X")

    editor.save()
    assert editor.tabs.currentWidget() is table  # the tab with the first problem is shown
    due, uscc = table.cell(0, "calibration_due"), table.cell(0, "traced_to_uscc")
    assert table.view.currentIndex() == uscc  # the first cell with a problem, left to right
    assert "not a recognised date" in due.data(Qt.ItemDataRole.ToolTipRole)
    assert due.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert table.cell(0, "name").data(Qt.ItemDataRole.BackgroundRole) is None
    assert uscc.data(Qt.ItemDataRole.ToolTipRole)  # the check character is wrong
    assert "instrument 1: calibration due" in table.message.text()
    assert editor.tabs.tabIcon(1).isNull() is False

    model.setData(due, "2026-03-01")
    model.setData(uscc, "")
    editor.save()
    assert editor.status.text() == "Saved."
    agg = records.get(window.reg, "standard", record_id)
    assert [(i.name, str(i.calibration_due)) for i in agg.instruments] == [("活塞压力计", "2026-03-01")]


def test_an_instruments_range_with_an_ambiguous_comma_is_refused_at_its_cell(window: MainWindow, qtbot: Any) -> None:
    """An instrument's 测量范围 "(0,100) mV" was saved silently (trace then never read it), where
    the standard's own range refuses it: the same rule and message at the instrument's cell,
    nothing saved; written as the range it is, it saves."""
    page = window.record_pages["standards"]
    page.view.selectRow(0)
    record_id = page.view.selected_ids()[0]
    before = records.get(window.reg, "standard", record_id)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    editor = only_editor(window)
    line(editor, "code").setText("12113100")  # the fixture's codes are short of the 8 digits
    table = editor.tables["instruments"]
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    table.view.closePersistentEditor(table.view.currentIndex())
    table.model.setData(table.cell(0, "name"), "数字多用表")
    cell = table.cell(0, "range_text")
    table.model.setData(cell, "DCV (0~10)V; ACV (0,100) mV")

    editor.save()
    assert editor.status.text() != "Saved."
    assert table.view.currentIndex() == cell
    assert ("part 2 of 'DCV (0~10)V; ACV (0,100) mV', 'ACV (0,100) mV': a comma inside brackets is ambiguous"
            in cell.data(Qt.ItemDataRole.ToolTipRole))
    assert records.get(window.reg, "standard", record_id).instruments == before.instruments

    table.model.setData(cell, "DCV (0~10)V; ACV (0~100) mV")
    editor.save()
    assert editor.status.text() == "Saved."
    saved = records.get(window.reg, "standard", record_id).instruments
    assert [i.range_text for i in saved] == ["DCV (0~10)V; ACV (0~100) mV"]


def test_editing_a_standard_shows_who_changed_what_in_the_history(window: MainWindow, qtbot: Any) -> None:
    page = window.record_pages["standards"]
    row = page.model.row_for_id(page.model.ids()[0])
    assert row is not None
    rect = page.view.visualRect(page.model.index(row, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = only_editor(window)
    before = line(editor, "responsible_person").text()
    assert before == "张三"
    line(editor, "responsible_person").setText("李雷")
    choose(editor, "status", "suspended")
    code = line(editor, "code").text()
    line(editor, "code").setText("12113100")  # the fixture's codes are short; a pressure standard's code
    editor.save()
    assert editor.status.text() == "Saved."

    editor.tabs.setCurrentIndex(editor.history_index)
    ((head, changes),) = editor.history.entry_texts()
    assert "Changed" in head and "in the app" in head
    assert ("Person responsible", "张三", "李雷") in changes
    assert ("Status", "valid", "suspended") in changes
    assert ("Standard code", code, "12113100") in changes
    assert len(changes) == 3

    editor.save()  # nothing changed: no new entry
    assert editor.status.text() == "Nothing changed."
    assert len(editor.history.entry_texts()) == 1
    assert page.model.index(row, page.model.column_index("status")).data(DISPLAY) == "suspended"


#: (the stored values, the field warned at and what its warning says, a value the rule refuses,
#: a right one): a standard stored before the code's discipline rule (a 热学 code and a pressure
#: range), and before the class rules of review 11 ("0.05级或0.1级")
STORED_BEFORE_A_RULE = {
    "discipline": ({"code": "04113500"}, "range_text", ("04113500", "stored before this rule"), ("code", "04113600"),
                   ("code", "12113100")),
    "classes": ({"code": "12113100", "accuracy_text": "0.05级或0.1级"}, "accuracy_text",
                ("more than one accuracy class", "stored before the rule"), ("accuracy_text", "0.05级或0.2级"),
                ("accuracy_text", "0.05级")),
}


@pytest.mark.parametrize("rule", sorted(STORED_BEFORE_A_RULE))
def test_a_standard_stored_before_a_rule_is_suspended_in_the_editor(window: MainWindow, rule: str) -> None:
    """A standard stored with a 热学 code and a pressure range before the code's discipline rule
    existed, or with "0.05级或0.1级" before the class rules (review 11): the editor refused every
    save (the rule judged the stored value as entered), so a lab manager could not even suspend
    it. Suspended now, saved, with a warning at the field saying what to correct, the value kept
    (an accuracy kept is not comparable: no class); typing another value the rule refuses is
    refused there, and a right one saved."""
    values, field, words, wrong, right = STORED_BEFORE_A_RULE[rule]
    page = window.record_pages["standards"]
    [sid] = [i for i in page.model.ids() if records.get(window.reg, "standard", i).standard.name == "活塞式压力计标准装置"]
    with window.reg.engine.begin() as conn:
        conn.execute(text(f"UPDATE standard SET {', '.join(f'{k} = :{k}' for k in values)} WHERE id = :id"),
                     {**values, "id": sid})
        if "accuracy_text" in values:  # the row its own range and accuracy make, as stored with them
            conn.execute(text("UPDATE capability SET accuracy_text = :accuracy_text WHERE standard_id = :id"),
                         {**values, "id": sid})
    editor = window.open_record("standards", sid)
    assert editor is not None
    choose(editor, "status", "suspended")
    editor.save()
    assert editor.status.text() == "Saved.", editor.status.text()
    stored = records.get(window.reg, "standard", sid).standard
    assert stored.status == "suspended" and all(getattr(stored, k) == v for k, v in values.items())
    assert stored.accuracy_class is None or rule != "classes"  # a text kept is not read as a class
    message = editor.message_label(field)
    assert message.isVisible() and message.level == "warning", message.text()
    assert all(word in message.text() for word in words), message.text()

    line(editor, wrong[0]).setText(wrong[1])
    editor.check_now()  # what the live check marks is what saving says
    assert message.isVisible() and message.level == "error", message.text()
    editor.save()
    assert "Not saved: 1 problem" in editor.status.text()
    assert getattr(records.get(window.reg, "standard", sid).standard, wrong[0]) == values[wrong[0]]
    line(editor, right[0]).setText(right[1])
    editor.save()
    assert editor.status.text() == "Saved." and getattr(records.get(window.reg, "standard", sid).standard,
                                                        right[0]) == right[1]
    assert not message.isVisible()


def test_closing_with_unsaved_changes_asks_first(window: MainWindow, qtbot: Any, answer: Answers) -> None:
    page = window.record_pages["standards"]
    editor = window.open_record("standards", page.model.id_at(0))
    line(editor, "operators").setText("韩梅梅")
    line(editor, "code").setText("12113100")  # the fixture's codes are short of the 8 digits

    answer.on(QMessageBox, message_box_answer(QMessageBox.StandardButton.Cancel))
    editor.close()
    assert editor.isVisible() and editor.is_dirty()
    (box,) = answer.shown
    assert "has changes that are not saved" in box.text()

    window.close()  # quitting asks too, and Cancel keeps everything open
    assert window.isVisible() and editor.isVisible()

    answer.on(QMessageBox, message_box_answer(QMessageBox.StandardButton.Save))
    record_id = editor.record_id
    editor.close()  # saved on a worker, then closed and deleted: perhaps before the first look
    wait_until(lambda: not shiboken6.isValid(editor) or not editor.isVisible(), 2000)
    assert records.get(window.reg, "standard", record_id).standard.operators == "韩梅梅"
    assert window.open_editors() == []

    again = window.open_record("standards", page.model.id_at(0))
    line(again, "operators").setText("someone else")
    answer.on(QMessageBox, message_box_answer(QMessageBox.StandardButton.Discard))
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert not again.isVisible()
    assert records.get(window.reg, "standard", page.model.id_at(0)).standard.operators == "韩梅梅"


def test_a_person_with_a_credential_and_a_bad_phone_number(window: MainWindow, qtbot: Any) -> None:
    window.show_page("staff")
    window.new_for_page()
    editor = only_editor(window)
    assert editor.spec.kind == "staff"
    line(editor, "name").setText("韩梅梅")
    qtbot.keyClicks(line(editor, "phone"), "call me")
    table = editor.tables["credentials"]
    table.add_row()
    table.view.closePersistentEditor(table.view.currentIndex())
    table.model.setData(table.cell(0, "kind"), "registered_2")
    table.model.setData(table.cell(0, "certificate_no"), "ZC-2024-001")
    table.model.setData(table.cell(0, "issued_on"), "2024-01-01")
    table.model.setData(table.cell(0, "valid_until"), "2028-12-31")
    table.model.setData(table.cell(0, "items"), "压力；温度")
    assert table.cell(0, "kind").data(DISPLAY) == "registered metrologist, level 2"
    editor.save()
    assert editor.message_label("phone").text() == "not a valid phone number"
    line(editor, "phone").clear()
    editor.save()
    assert editor.status.text() == "Saved."
    agg = records.get(window.reg, "staff", editor.record_id)
    ((cred),) = agg.credentials
    assert [i.name for i in cred.items] == ["压力", "温度"]
    assert window.record_pages["staff"].model.rowCount() == 3


def test_an_authorisation_without_items_is_saved_with_a_warning(window: MainWindow, qtbot: Any) -> None:
    window.show_page("authorisations")
    window.new_for_page()
    editor = only_editor(window)
    line(editor, "certificate_no").setText("(沪)法计(2025)00077号")
    choose(editor, "form", "special")
    line(editor, "valid_until").setText("2024-01-01")
    line(editor, "issued_on").setText("2025-01-01")
    editor.save()
    assert editor.message_label("valid_until").level == "error"  # ends before it was issued
    line(editor, "valid_until").setText("2030-01-01")
    editor.check_now()
    assert not editor.message_label("valid_until").isVisible()
    assert editor.tables["items"].message.level == "warning"  # no items: allowed, but said
    editor.save()
    assert editor.status.text() == "Saved."


def test_keyboard_shortcuts_and_accessible_names(window: MainWindow, qtbot: Any) -> None:
    assert window.new_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert window.import_action.shortcut() == QKeySequence("Ctrl+I")
    assert window.export_action.shortcut() == QKeySequence("Ctrl+E")
    window.show_page("overview")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.record_pages["standards"]
    assert window.current_page_key() == "standards" and page.search.hasFocus()
    assert page.view.accessibleName() == "Measurement standards"
    assert page.search.accessibleName() == "Search"
    assert window.navigation.accessibleName() == "Navigation"
    editor = window.new_record("standards")
    assert editor.editor_widget("range_text").accessibleName() == "Measurement range"
    assert editor.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)


def test_a_service_citing_a_superseded_edition_is_warned_in_the_editor_and_still_saved(
    window: MainWindow, qtbot: Any
) -> None:
    editor = window.new_record("standards")
    line(editor, "name").setText("血压计检定装置")
    line(editor, "code").setText("12117100")
    line(editor, "certificate_no").setText("[2025]沪量标证字第0998号")
    line(editor, "valid_until").setText("2029-12-31")
    line(editor, "range_text").setText("(0~40)kPa")
    line(editor, "accuracy_text").setText("MPE: ±0.1kPa")
    services = editor.tables["services"]
    services.set_rows([{"name": "血压计和血压表检定", "procedure": "JJG 270-1995", "kind": "verification"}])
    editor.check_now()
    # the shipped catalogue: JJG 270-1995 was replaced by JJG 270-2008 on 2008-09-25
    assert not services.message.isHidden() and services.message.level == "warning"  # on the services tab
    assert "JJG 270-2008" in services.message.text() and "2008-09-25" in services.message.text()
    assert services.model.cell_issues(0, services.spec.columns.index(
        next(c for c in services.spec.columns if c.key == "procedure")))
    editor.save()
    assert editor.status.text() == "Saved." and editor.record_id is not None  # a warning, not a refusal
    assert "JJG 270-2008" in services.message.text()  # still said after saving
