"""A generic form over the core's ``*Input`` dataclasses, with the core's issues shown inline.

A record editor declares its fields (:class:`FieldSpec`) and its lists of children
(:class:`TableSpec`); :class:`Form` builds the widgets, and :class:`ChildTable` an
editable table per list. Values are kept as the user typed them (text, or the key of a
choice): the core validates and normalises them, and every :class:`~labregistry.errors.Issue`
it reports is routed by its ``field`` (``"range_text"``, ``"instruments[0].calibration_due"``)
to the message under that widget or to that table cell, in the UI language.

Labels come from the core (``FIELD_LABELS``, ``ITEM_FIELD_LABELS`` and the choice lists in
``labregistry.domain.records``), so the form, the CLI and the error messages name a field
the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labregistry.domain.records import FIELD_LABELS, ITEM_FIELD_LABELS
from labregistry.errors import Issue, field_label
from ui import i18n
from ui.labels import labelled
from ui.i18n import QT_TRANSLATE_NOOP
from ui.widgets.common import ERROR_COLOUR, InlineMessage, mark_invalid
from ui.widgets.date_edit import DateDelegate, DateLineEdit
from ui.widgets.staff_picker import PeopleSource, attach_people

_Index = QModelIndex | QPersistentModelIndex

TEXT = "text"
MULTILINE = "multiline"
DATE = "date"
CHOICE = "choice"
PERSON = "person"  # a name from the own staff list, or typed
PEOPLE = "people"  # several names, each from the list or typed

DATE_PLACEHOLDER = QT_TRANSLATE_NOOP("Forms", "e.g. 2025-03-01")
PEOPLE_PLACEHOLDER = QT_TRANSLATE_NOOP("Forms", "Choose from the staff list or type a name")
ITEM_FIELD = re.compile(r"^(?P<list>[a-z_]+)\[(?P<index>\d+)\]\.(?P<field>[a-z_]+)$")
ISSUE_BACKGROUND = "#fde2e1"
WARNING_BACKGROUND = "#fff4ce"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def lang_index() -> int:
    return 1 if i18n.core_lang() == "en" else 0


@dataclass(frozen=True)
class FieldSpec:
    """One field: its key in the ``*Input`` dataclass (also the issue field) and its widget.

    ``choices`` is one of the core's ``Choices`` (or any mapping key -> (zh, en)); an
    ``editable`` choice also accepts text typed in (the quantity, where the core knows
    more spellings than the list). ``label`` overrides the core's label, as (zh, en).
    """

    key: str
    kind: str = TEXT
    choices: Mapping[str, tuple[str, str]] | None = None
    required: bool = False
    optional: bool = False  # a choice that may stay empty
    editable: bool = False
    label: tuple[str, str] | None = None
    placeholder: str = ""  # an English source text in the "Forms" context
    width: int = 120  # as a table column

    def title(self, list_name: str | None = None) -> str:
        if self.label is not None:
            return capitalised(self.label[lang_index()])
        if list_name is not None and list_name in ITEM_FIELD_LABELS:
            labels = ITEM_FIELD_LABELS[list_name][1].get(self.key)
            if labels is not None:
                return capitalised(labels[lang_index()])
        if self.key in FIELD_LABELS:
            return capitalised(FIELD_LABELS[self.key][lang_index()])
        return capitalised(field_label(self.key, i18n.core_lang()))

    def choice_label(self, key: str) -> str:
        if self.choices is None or not key:
            return key
        labels = self.choices.get(key)
        return key if labels is None else labels[lang_index()]

    def choice_key(self, text: str) -> str:
        """The key of a label (either language) or key; the text itself when not in the list."""
        text = text.strip()
        if self.choices is None:
            return text
        for key, labels in self.choices.items():
            if text == key or text in labels:
                return key
        parse = getattr(self.choices, "parse", None)
        if callable(parse):
            found = parse(text)
            if found:
                return str(found)
        return text


@dataclass(frozen=True)
class TableSpec:
    """A list of children (instruments, services, authorised items, credentials)."""

    key: str
    columns: tuple[FieldSpec, ...]
    defaults: dict[str, str] = field(default_factory=dict)
    heading: str = ""  # the tab's title: an English source text in the "Forms" context

    def title(self) -> str:
        if self.heading:
            return QCoreApplication.translate("Forms", self.heading)
        labels = ITEM_FIELD_LABELS.get(self.key)
        if labels is None:
            return capitalised(field_label(self.key, i18n.core_lang()))
        return capitalised(labels[0][lang_index()])


def message_text(issues: Sequence[Issue]) -> str:
    lang = i18n.core_lang()
    return "\n".join(issue.message(lang) for issue in issues)


def split_issues(
    issues: Iterable[Issue],
) -> tuple[dict[str, list[Issue]], dict[str, dict[int, dict[str, list[Issue]]]]]:
    """Issues by plain field, and by list -> row -> field for ``list[i].field``."""
    plain: dict[str, list[Issue]] = {}
    items: dict[str, dict[int, dict[str, list[Issue]]]] = {}
    for issue in issues:
        match = ITEM_FIELD.match(issue.field)
        if match is None:
            plain.setdefault(issue.field, []).append(issue)
        else:
            rows = items.setdefault(match["list"], {})
            rows.setdefault(int(match["index"]), {}).setdefault(match["field"], []).append(issue)
    return plain, items


# --------------------------------------------------------------------------------------
# single fields
# --------------------------------------------------------------------------------------


class Form(QWidget):
    """Labelled widgets for some fields, each with its inline message underneath."""

    changed = Signal()

    def __init__(
        self, specs: Sequence[FieldSpec], parent: QWidget | None = None, *, people: PeopleSource = ()
    ) -> None:
        super().__init__(parent)
        self.people = people  # the own staff list (or how to read it), offered in the person fields
        self.specs = {spec.key: spec for spec in specs}
        self.editors: dict[str, QWidget] = {}
        self.messages: dict[str, InlineMessage] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for spec in specs:
            editor = self._editor(spec)
            editor.setObjectName(spec.key)
            title = spec.title()
            editor.setAccessibleName(title)
            message = InlineMessage()
            message.setObjectName(f"{spec.key}_message")
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(message)
            layout.addRow(title + (" *" if spec.required else ""), cell)
            self.editors[spec.key] = editor
            self.messages[spec.key] = message

    def _editor(self, spec: FieldSpec) -> QWidget:
        if spec.kind == MULTILINE:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 3 + 12)
            text.textChanged.connect(self.changed)
            return text
        if spec.kind == CHOICE:
            combo = QComboBox()
            combo.setEditable(spec.editable)
            if spec.optional or spec.editable:
                combo.addItem("", "")
            for key in spec.choices or {}:
                combo.addItem(spec.choice_label(key), key)
            if spec.editable:
                combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                combo.editTextChanged.connect(self.changed)
            combo.currentIndexChanged.connect(self.changed)
            return combo
        line = DateLineEdit() if spec.kind == DATE else QLineEdit()
        if spec.kind == DATE:
            line.setPlaceholderText(QCoreApplication.translate("Forms", DATE_PLACEHOLDER))
        elif spec.kind in (PERSON, PEOPLE):
            attach_people(line, self.people, several=spec.kind == PEOPLE)
            line.setPlaceholderText(QCoreApplication.translate("Forms", PEOPLE_PLACEHOLDER))
        elif spec.placeholder:
            line.setPlaceholderText(QCoreApplication.translate("Forms", spec.placeholder))
        line.textChanged.connect(self.changed)
        return line

    # -- values ----------------------------------------------------------------

    def value(self, key: str) -> str:
        editor = self.editors[key]
        spec = self.specs[key]
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QComboBox):
            if spec.editable:
                return spec.choice_key(editor.currentText())
            return str(editor.currentData() or "")
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def set_value(self, key: str, value: Any) -> None:
        editor = self.editors[key]
        spec = self.specs[key]
        text = "" if value is None else str(value)
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
        elif isinstance(editor, QComboBox):
            index = editor.findData(text)
            if index >= 0:
                editor.setCurrentIndex(index)
            elif spec.editable:
                editor.setEditText(text)
            elif text:  # a stored value the list does not know: keep it, shown as stored
                editor.addItem(text, text)
                editor.setCurrentIndex(editor.count() - 1)
            else:
                editor.setCurrentIndex(0)
        else:
            assert isinstance(editor, QLineEdit)
            editor.setText(text)
            editor.setCursorPosition(0)

    def values(self) -> dict[str, str]:
        return {key: self.value(key) for key in self.editors}

    def load(self, values: Mapping[str, Any]) -> None:
        for key in self.editors:
            self.set_value(key, values.get(key))

    # -- issues ----------------------------------------------------------------

    def show_issues(self, issues: Mapping[str, Sequence[Issue]]) -> set[str]:
        """Show the issues of this form's fields; returns the keys that got one."""
        shown: set[str] = set()
        for key, message in self.messages.items():
            found = issues.get(key, ())
            errors = [i for i in found if not i.warning]
            if errors:
                message.show_error(message_text(found))
                shown.add(key)
            elif found:
                message.show_warning(message_text(found))
                shown.add(key)
            else:
                message.clear_message()
            mark_invalid(self.editors[key], bool(errors))
        return shown

    def clear_issues(self) -> None:
        self.show_issues({})

    def first_invalid(self) -> QWidget | None:
        for editor in self.editors.values():
            if editor.property("invalid"):
                return editor
        return None


# --------------------------------------------------------------------------------------
# lists of children
# --------------------------------------------------------------------------------------


class ChildRowsModel(QAbstractTableModel):
    """The rows of one list as dicts of text, with the issues of each cell."""

    edited = Signal()

    def __init__(self, spec: TableSpec, parent: Any = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.rows: list[dict[str, str]] = []
        self.issues: dict[int, dict[str, list[Issue]]] = {}

    def set_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = [
            {c.key: "" if row.get(c.key) is None else str(row.get(c.key)) for c in self.spec.columns}
            for row in rows
        ]
        self.issues = {}
        self.endResetModel()

    def add_row(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append({c.key: self.spec.defaults.get(c.key, "") for c in self.spec.columns})
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()
        self.set_issues({})  # the positions shifted: the old messages no longer apply
        self.edited.emit()

    def move_row(self, row: int, delta: int) -> int:
        target = row + delta
        if not (0 <= row < len(self.rows) and 0 <= target < len(self.rows)):
            return row
        self.beginResetModel()
        self.rows[row], self.rows[target] = self.rows[target], self.rows[row]
        self.issues = {}
        self.endResetModel()
        self.edited.emit()
        return target

    def set_issues(self, issues: Mapping[int, Mapping[str, Sequence[Issue]]]) -> None:
        self.issues = {row: {k: list(v) for k, v in fields.items()} for row, fields in issues.items()}
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.spec.columns) - 1)
            )

    def cell_issues(self, row: int, column: int) -> list[Issue]:
        return self.issues.get(row, {}).get(self.spec.columns[column].key, [])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.spec.columns[index.column()]
        value = self.rows[index.row()][column.key]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.choice_label(value) if column.kind == CHOICE else value
        if role == Qt.ItemDataRole.EditRole:
            return value
        issues = self.cell_issues(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return message_text(issues) if issues else None
        if role == Qt.ItemDataRole.BackgroundRole and issues:
            errors = [i for i in issues if not i.warning]
            return QBrush(QColor(ISSUE_BACKGROUND if errors else WARNING_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole and issues:
            return QBrush(QColor(ERROR_COLOUR))
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.spec.columns[index.column()]
        text = "" if value is None else str(value)
        if self.rows[index.row()][column.key] == text:
            return False
        self.rows[index.row()][column.key] = text
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            column = self.spec.columns[section]
            return column.title(self.spec.key) + (" *" if column.required else "")
        return str(section + 1)


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down editor for the choice columns of a :class:`ChildRowsModel`."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        combo = QComboBox(parent)
        if self.spec.optional:
            combo.addItem("", "")
        for key in self.spec.choices or {}:
            combo.addItem(self.spec.choice_label(key), key)
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        found = editor.findData(value)
        if found < 0 and value:
            editor.addItem(value, value)
            found = editor.count() - 1
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)


class ChildTable(QWidget):
    """An editable table for one list, its buttons, and the messages about its rows."""

    changed = Signal()

    def __init__(self, spec: TableSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"table_{spec.key}")
        self.model = ChildRowsModel(spec, self)
        self.model.edited.connect(self.changed)
        self.view = QTableView()
        self.view.setObjectName(f"{spec.key}_view")
        self.view.setAccessibleName(spec.title())
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table: a form, not a spreadsheet
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for n, column in enumerate(spec.columns):
            header.resizeSection(n, column.width)
            if column.kind == CHOICE:
                self.view.setItemDelegateForColumn(n, ChoiceDelegate(column, self.view))
            elif column.kind == DATE:
                self.view.setItemDelegateForColumn(n, DateDelegate(self.view))
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

        self.add_button = QPushButton(self.tr("Add row"))
        self.add_button.setObjectName(f"{spec.key}_add")
        self.remove_button = QPushButton(self.tr("Remove row"))
        self.remove_button.setObjectName(f"{spec.key}_remove")
        self.up_button = QPushButton(self.tr("Move up"))
        self.down_button = QPushButton(self.tr("Move down"))
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.message = InlineMessage()
        self.message.setObjectName(f"{spec.key}_message")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)

    # -- rows ------------------------------------------------------------------

    def set_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.model.set_rows(rows)
        self.message.clear_message()

    def rows(self) -> list[dict[str, str]]:
        return [dict(row) for row in self.model.rows]

    def add_row(self) -> None:
        row = self.model.add_row()
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    def remove_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())
            self.message.clear_message()

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, delta: int) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            row = self.model.move_row(index.row(), delta)
            self.view.setCurrentIndex(self.model.index(row, index.column()))

    def cell(self, row: int, key: str) -> QModelIndex:
        column = next(n for n, c in enumerate(self.spec.columns) if c.key == key)
        return self.model.index(row, column)

    # -- issues ----------------------------------------------------------------

    def show_issues(self, plain: Sequence[Issue], rows: Mapping[int, Mapping[str, Sequence[Issue]]]) -> bool:
        """Mark the cells with issues and list them under the table; True if any is shown."""
        self.model.set_issues(rows)
        lang = i18n.core_lang()
        lines = [issue.message(lang) for issue in plain]
        for row in sorted(rows):
            for issues in rows[row].values():
                lines += [labelled(field_label(issue.field, lang), issue.message(lang), lang) for issue in issues]
        errors = any(not i.warning for i in plain) or any(
            not i.warning for fields in rows.values() for issues in fields.values() for i in issues
        )
        text = "\n".join(lines)
        if not text:
            self.message.clear_message()
        elif errors:
            self.message.show_error(text)
        else:
            self.message.show_warning(text)
        mark_invalid(self.view, errors)
        return bool(text)

    def first_issue_cell(self) -> QModelIndex | None:
        for row in sorted(self.model.issues):
            for n, column in enumerate(self.spec.columns):
                if self.model.issues[row].get(column.key):
                    return self.model.index(row, n)
        return None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.view.setToolTip(message_text(self.model.cell_issues(current.row(), current.column())))
