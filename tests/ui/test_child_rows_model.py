"""The editable lists of a record editor (instruments, services, ...), without a window.

``ChildRowsModel`` keeps one list's rows as the user typed them and marks the cells the
core's validation has something to say about. Each test runs Qt's model checker
(``QAbstractItemModelTester``) alongside: a broken promise is a Qt warning, which fails
the test. The issues come from the core's real validation of a standard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester, QSignalSpy

from labregistry.domain import validation
from labregistry.errors import DomainError, Issue
from ui import i18n
from ui.editors.specs import INSTRUMENTS, SERVICES, standard_input
from ui.forms import ISSUE_BACKGROUND, WARNING_BACKGROUND, ChildRowsModel, TableSpec, split_issues
from ui.widgets.common import ERROR_COLOUR

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

DISPLAY = Qt.ItemDataRole.DisplayRole
EDIT = Qt.ItemDataRole.EditRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole

STANDARD = {
    "name": "活塞式压力计标准装置",
    "code": "12113100",
    "grade": "public",
    "certificate_no": "[2024]沪量标证字第0001号",
    "valid_until": "2028-01-01",
    "range_text": "(0~60) MPa",
    "accuracy_text": "U=0.05%, k=2",
}


@pytest.fixture
def checked() -> Iterator[Any]:
    """Makes a model for a list and keeps Qt's model checker on it for the whole test."""
    testers: list[QAbstractItemModelTester] = []

    def make(spec: TableSpec) -> ChildRowsModel:
        model = ChildRowsModel(spec)
        testers.append(QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning))
        return model

    yield make
    testers.clear()


def cell(model: ChildRowsModel, row: int, key: str) -> QModelIndex:
    column = next(n for n, c in enumerate(model.spec.columns) if c.key == key)
    return model.index(row, column)


def texts(model: ChildRowsModel, key: str, role: Qt.ItemDataRole = DISPLAY) -> list[Any]:
    return [cell(model, row, key).data(role) for row in range(model.rowCount())]


def issues_of(values: dict[str, str], rows: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    """The core's issues about the lists of a standard, by list -> row -> field."""
    with pytest.raises(DomainError) as refused:
        validation.validate_standard(standard_input(values, rows))
    plain, items = split_issues(refused.value.issues)
    assert plain == {}  # the standard itself is fine: only its lists have problems
    return items


def test_stored_rows_show_as_text_with_choice_labels_in_the_ui_language(checked: Any) -> None:
    model = checked(INSTRUMENTS)
    model.set_rows(
        [
            {"role": "main", "name": "活塞压力计", "calibration_due": dt.date(2026, 3, 1), "model": None},
            {"role": "ancillary", "name": "温湿度计", "serial_no": 1234},
        ]
    )
    assert model.rowCount() == 2 and model.columnCount() == len(INSTRUMENTS.columns)
    assert texts(model, "calibration_due") == ["2026-03-01", ""]  # a date as typed; None is empty
    assert texts(model, "serial_no") == ["", "1234"]
    assert texts(model, "role") == ["main standard instrument", "ancillary equipment"]
    assert texts(model, "role", EDIT) == ["main", "ancillary"]  # what is saved: the key
    assert model.headerData(1, Qt.Orientation.Horizontal, DISPLAY) == "Name *"  # required
    assert model.headerData(1, Qt.Orientation.Vertical, DISPLAY) == "2"  # rows counted from 1

    i18n.Translations().install("zh_CN")  # (the English of every test comes back after it)
    assert texts(model, "role") == ["主标准器", "配套设备"]
    assert texts(model, "role", EDIT) == ["main", "ancillary"]


def test_a_new_row_gets_the_lists_defaults_and_every_change_is_reported(checked: Any) -> None:
    model = checked(SERVICES)
    edited = QSignalSpy(model.edited)
    assert model.add_row() == 0
    assert model.rows == [{"name": "", "procedure": "", "kind": "calibration"}]
    assert texts(model, "kind") == ["calibration"]

    name = cell(model, 0, "name")
    assert model.flags(name) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(name, "压力表校准")
    assert not model.setData(name, "压力表校准")  # the same text again: nothing changed
    assert not model.setData(name, "other", DISPLAY)  # only edits count
    assert name.data(DISPLAY) == name.data(EDIT) == "压力表校准"
    procedure = cell(model, 0, "procedure")
    assert model.setData(procedure, "JJF 1234-2010")
    assert model.setData(procedure, None) and procedure.data(EDIT) == ""  # cleared
    assert model.add_row() == 1
    assert edited.count() == 5  # two rows added, three edits

    assert model.move_row(1, -1) == 0
    assert texts(model, "name") == ["", "压力表校准"]
    assert model.move_row(0, -1) == 0  # nowhere to go: unchanged
    model.remove_row(0)
    model.remove_row(5)  # not a row: ignored
    assert texts(model, "name") == ["压力表校准"]
    assert edited.count() == 7
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
    assert model.data(QModelIndex()) is None


def test_the_cores_issues_mark_their_cells_until_the_rows_move(checked: Any) -> None:
    instruments, services = checked(INSTRUMENTS), checked(SERVICES)
    rows = {
        "instruments": [
            {"role": "main", "name": "活塞压力计", "calibration_due": "next spring",
             "traced_to_uscc": "12100000400011118X"},
            {"role": "ancillary", "name": ""},
        ],
        "services": [{"name": "压力表检定", "procedure": "JJF 1234-2010", "kind": "verification"}],
    }  # fmt: skip
    instruments.set_rows(rows["instruments"])
    services.set_rows(rows["services"])
    items = issues_of(STANDARD, rows)
    changed = QSignalSpy(instruments.dataChanged)
    instruments.set_issues(items["instruments"])
    services.set_issues(items["services"])
    assert changed.count() == 1  # one repaint of every row

    due = cell(instruments, 0, "calibration_due")
    assert "not a recognised date" in due.data(TOOLTIP)
    assert due.data(BACKGROUND).color().name() == ISSUE_BACKGROUND
    assert due.data(FOREGROUND).color().name() == ERROR_COLOUR.lower()
    assert "check character" in cell(instruments, 0, "traced_to_uscc").data(TOOLTIP)
    assert "required" in cell(instruments, 1, "name").data(TOOLTIP)
    name = cell(instruments, 0, "name")  # a cell without a problem is left as it is
    assert name.data(TOOLTIP) is None and name.data(BACKGROUND) is None and name.data(FOREGROUND) is None
    procedure = cell(services, 0, "procedure")  # a warning: saved anyway, shown in yellow
    assert "verification regulation" in procedure.data(TOOLTIP)
    assert procedure.data(BACKGROUND).color().name() == WARNING_BACKGROUND
    assert [i.code for i in services.cell_issues(0, 1)] == ["service.verification_procedure"]

    instruments.move_row(0, 1)  # the messages named positions that no longer hold
    assert texts(instruments, "name") == ["", "活塞压力计"]
    assert instruments.issues == {}
    assert cell(instruments, 1, "calibration_due").data(BACKGROUND) is None
    instruments.set_issues({1: {"name": [Issue("value.required", "instruments[1].name")]}})
    instruments.remove_row(0)
    assert instruments.issues == {} and cell(instruments, 0, "name").data(TOOLTIP) is None


def test_replacing_the_rows_forgets_the_old_issues(checked: Any) -> None:
    model = checked(INSTRUMENTS)
    model.set_rows([{"role": "main", "name": ""}])
    model.set_issues({0: {"name": [Issue("value.required", "instruments[0].name")]}})
    assert cell(model, 0, "name").data(TOOLTIP)
    model.set_rows([{"role": "main", "name": "活塞压力计"}, {"role": "main", "name": "数字压力计"}])
    assert model.issues == {} and cell(model, 0, "name").data(TOOLTIP) is None
    model.set_rows([])
    model.set_issues({})  # no rows: nothing to repaint
    assert model.rowCount() == 0
