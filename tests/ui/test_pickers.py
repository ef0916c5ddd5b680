"""The editors' pickers: a calendar for dates, the own staff list for the people of a standard."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from labregistry.registry import Registry
from labregistry.services import records
from ui import i18n
from ui.editors.record_editor import RecordEditor
from ui.editors.specs import SPECS
from ui.widgets.date_edit import DateLineEdit
from ui.widgets.staff_picker import Person, attach_people


@pytest.fixture
def editor(small_registry: Registry, qtbot: Any, sync_workers: None) -> Iterator[RecordEditor]:
    editor = RecordEditor(small_registry, SPECS["standards"])
    editor.show()
    qtbot.waitExposed(editor)
    yield editor
    editor.discard_and_close()
    editor.deleteLater()


def date_field(editor: RecordEditor, key: str) -> DateLineEdit:
    widget = editor.editor_widget(key)
    assert isinstance(widget, DateLineEdit)
    return widget


def offered(line: QLineEdit, typed: str) -> list[str]:
    """What the completer offers after ``typed``, as shown in its list."""
    line.setFocus()
    line.setText(typed)
    completer = line.completer()
    assert completer is not None
    completer.setCompletionPrefix(completer.splitPath(typed)[0])
    model = completer.completionModel()
    return [model.index(n, 0).data() for n in range(model.rowCount())]


def choose_first(line: QLineEdit, typed: str, qtbot: Any) -> None:
    """Type, then choose the first person offered from the popup with Enter."""
    line.setFocus()
    line.setText("")
    qtbot.keyClicks(line, typed) if typed.isascii() else line.setText(typed)
    completer = line.completer()
    assert completer is not None
    completer.setCompletionPrefix(completer.splitPath(typed)[0])
    completer.complete()
    popup = completer.popup()
    assert popup.isVisible()
    popup.setCurrentIndex(completer.completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_a_date_is_picked_from_a_calendar_that_opens_at_the_date_typed(editor: RecordEditor, qtbot: Any) -> None:
    field = date_field(editor, "valid_until")
    assert field.calendar_action in field.actions()
    field.setText("2027年5月30日")  # as a ledger writes it: the calendar still finds it
    field.calendar_action.trigger()
    calendar = field.calendar
    assert calendar.isVisible()
    assert calendar.selectedDate() == QDate(2027, 5, 30)
    assert (calendar.yearShown(), calendar.monthShown()) == (2027, 5)
    calendar.clicked.emit(QDate(2028, 2, 29))
    assert not calendar.isVisible()
    assert field.text() == "2028-02-29"  # written as the app writes dates
    assert editor.is_dirty()


def test_an_empty_date_opens_the_calendar_at_today_and_stays_empty_when_left(
    editor: RecordEditor, qtbot: Any
) -> None:
    field = date_field(editor, "issued_on")
    field.calendar_action.trigger()
    today = dt.date.today()
    assert field.calendar.selectedDate() == QDate(today.year, today.month, today.day)
    field.calendar.hide()
    assert field.text() == ""  # optional: nothing was chosen, nothing is written
    assert editor.values()["issued_on"] == ""


def test_the_calendar_speaks_the_ui_language(editor: RecordEditor, qtbot: Any) -> None:
    field = date_field(editor, "valid_until")
    field.setLocale(i18n.locale_for("zh"))
    field.calendar_action.trigger()
    assert field.calendar.locale().language() == QLocale.Language.Chinese
    assert field.calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday


def test_a_date_cell_of_a_list_has_the_calendar_too(editor: RecordEditor, qtbot: Any) -> None:
    table = editor.tables["instruments"]
    table.add_row()
    index = table.cell(0, "calibration_due")
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    cell_editor = table.view.indexWidget(index) or table.view.focusWidget()
    assert isinstance(cell_editor, DateLineEdit)
    cell_editor.calendar.clicked.emit(QDate(2026, 9, 1))
    assert table.model.rows[0]["calibration_due"] == "2026-09-01"


def test_the_responsible_person_is_chosen_from_the_own_staff_by_name_or_credential(
    editor: RecordEditor, qtbot: Any
) -> None:
    line = editor.editor_widget("responsible_person")
    assert isinstance(line, QLineEdit)
    assert not line.completer().loaded  # the staff list is read when needed, not with the editor
    line.setFocus()
    assert line.completer().loaded
    assert offered(line, "王") == ["王五（力学所 · ZC-王五）"]
    assert offered(line, "zc-李") == ["李四（力学所 · ZC-李四）"]  # by credential number, any case
    assert offered(line, "赵") == []  # a person of another institute is not the own staff
    assert offered(line, "")[:2] == ["李四（力学所 · ZC-李四）", "王五（力学所 · ZC-王五）"]  # by pinyin: Li, Wang
    choose_first(line, "ZC-王", qtbot)
    assert line.text() == "王五"  # the name is written, not the caption
    line.setText("外聘专家")  # not on the list: still allowed (free text in the registry and ledgers)
    assert editor.values()["responsible_person"] == "外聘专家"


def test_operators_are_several_names_each_completed(editor: RecordEditor, qtbot: Any) -> None:
    line = editor.editor_widget("operators")
    assert isinstance(line, QLineEdit)
    completer = line.completer()
    assert isinstance(completer, QCompleter)
    assert offered(line, "王五、李") == ["李四（力学所 · ZC-李四）"]
    choose_first(line, "王五, 李", qtbot)
    assert line.text() == "王五、李四"  # joined with the Chinese enumeration comma


def test_picked_people_and_dates_are_saved(editor: RecordEditor, qtbot: Any) -> None:
    editor.editor_widget("name").setText("精密压力表标准装置")  # type: ignore[attr-defined]
    editor.editor_widget("code").setText("12113200")  # type: ignore[attr-defined]
    editor.editor_widget("certificate_no").setText("[2025]沪量标证字第0997号")  # type: ignore[attr-defined]
    editor.editor_widget("range_text").setText("(0~60) MPa")  # type: ignore[attr-defined]
    editor.editor_widget("accuracy_text").setText("0.05级")  # type: ignore[attr-defined]
    date_field(editor, "valid_until").calendar_action.trigger()
    date_field(editor, "valid_until").calendar.clicked.emit(QDate(2029, 6, 30))
    choose_first(editor.editor_widget("responsible_person"), "王", qtbot)  # type: ignore[arg-type]
    choose_first(editor.editor_widget("operators"), "李", qtbot)  # type: ignore[arg-type]
    editor.save()
    assert editor.record_id is not None, editor.status.text()
    saved = records.get(editor.reg, "standard", editor.record_id).standard
    assert (saved.valid_until, saved.responsible_person, saved.operators) == (dt.date(2029, 6, 30), "王五", "李四")


def test_without_staff_the_list_button_is_off(tmp_path: Path, qtbot: Any, sync_workers: None) -> None:
    from tests.ui.conftest import add_institutes, make_registry

    reg = make_registry(tmp_path / "home")
    add_institutes(reg)
    editor = RecordEditor(reg, SPECS["standards"])
    line = editor.editor_widget("responsible_person")
    (button,) = [a for a in line.actions() if a.objectName() == "choose_person"]
    assert isinstance(line, QLineEdit) and not line.completer().loaded  # nothing read before it is needed
    button.trigger()
    assert not button.isEnabled()
    editor.discard_and_close()
    editor.deleteLater()
    reg.close()


def test_the_staff_list_is_read_off_the_app_thread(qtbot: Any) -> None:
    """50,000 people took 2 s to read and sort at a 200,000-standard home: the field froze the
    app when it got the focus. The read runs on a worker; the list button waits for it."""
    read_in: list[threading.Thread] = []
    release = threading.Event()

    def load() -> list[Person]:
        read_in.append(threading.current_thread())
        release.wait(5)
        return [Person("王五", "力学所", "ZC-王五")]

    line = QLineEdit()
    qtbot.addWidget(line)
    completer = attach_people(line, load, several=False)
    (button,) = [a for a in line.actions() if a.objectName() == "choose_person"]
    line.show()
    qtbot.waitExposed(line)
    line.setFocus()
    qtbot.waitUntil(lambda: bool(read_in))
    assert read_in[0] is not threading.main_thread() and not completer.loaded  # the app is not waiting
    button.trigger()  # clicked while reading: the list opens when the people are there
    release.set()
    qtbot.waitUntil(lambda: completer.loaded and completer.popup().isVisible())
    assert button.isEnabled() and completer.completionModel().index(0, 0).data() == "王五（力学所 · ZC-王五）"
    assert len(read_in) == 1  # read once
