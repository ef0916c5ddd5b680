"""Choosing people from the own staff list: the responsible person and the operators.

The fields stay free text (the field registry: a name of up to 100 or 300 characters, as
JJF 1033's forms and the ledgers write it, often a person not, or not yet, on the staff
list), so the list suggests rather than restricts: typing part of a name or of a
credential number offers the matching people, and choosing one writes the name. In a field
of several people (``李检定、张校准``) each name is completed on its own and joined with
the Chinese enumeration comma, as Chinese forms list names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCollator,
    QCoreApplication,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCompleter, QLineEdit, QStyle, QWidget

from ui import workers

_Index = QModelIndex | QPersistentModelIndex

# what separates names in a field of several people; the last part is the one completed
NAME_SEPARATOR = re.compile(r"[、,，;；/\s]+")
JOIN = "、"
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Person:
    """A person of the own staff list as the picker offers them."""

    name: str
    department: str = ""
    certificate_no: str = ""  # the main credential's number

    def caption(self) -> str:
        details = " · ".join(part for part in (self.department, self.certificate_no) if part)
        return f"{self.name}（{details}）" if details else self.name


PeopleSource = Sequence[Person] | Callable[[], Sequence[Person]]  # the list, or how to read it


def people_from_rows(rows: Sequence[dict[str, Any]]) -> list[Person]:
    """The people of staff list rows (``listing.list_records``), one per name, by pinyin (安, 李, 张)."""
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    rows = sorted(rows, key=lambda row: collator.sortKey(str(row.get("name") or "")))
    seen: set[str] = set()
    people = []
    for row in rows:
        name = (row.get("name") or "").strip()
        if name and name not in seen:
            seen.add(name)
            people.append(Person(name, row.get("department") or "", row.get("certificate_no") or ""))
    return people


class PeopleModel(QAbstractListModel):
    """People: shown with their department and credential number, searched by both, written by name."""

    def __init__(self, people: Sequence[Person], parent: Any = None) -> None:
        super().__init__(parent)
        self.people = list(people)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self.people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return person.caption()
        if role == Qt.ItemDataRole.EditRole:
            return person.name
        if role == SEARCH_ROLE:
            return f"{person.name} {person.certificate_no}"
        return None


class PeopleCompleter(QCompleter):
    """Completes a name, or in a field of several people the last name typed.

    The staff list is read when first needed (the field gets the focus, or the list
    button is clicked), not when the editor opens: a large institute has thousands of
    people, and most edits never touch these fields. It is read on a worker thread (50,000
    people took 2 s to read and sort by pinyin, a frozen app); typing goes on meanwhile,
    and what was asked for (the whole list, say) happens when the people are there."""

    def __init__(self, load: PeopleSource, *, several: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.several = several
        self._load = load
        self.people_model = PeopleModel([], self)
        self.loaded = False
        self._reading: workers.Op[list[Person]] | None = None
        self._then: list[Callable[[], None]] = []
        self.setModel(self.people_model)
        self.setCompletionRole(SEARCH_ROLE)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setModelSorting(QCompleter.ModelSorting.UnsortedModel)
        self.setMaxVisibleItems(12)

    def request(self, then: Callable[[], None] | None = None) -> None:
        """Read the people once, off the app's thread; ``then`` runs when they are there."""
        if then is not None:
            self._then.append(then)
        if self.loaded:
            self._run_waiting()
        elif not callable(self._load):
            self._fill(list(self._load))
        elif self._reading is None:
            load = self._load
            self._reading = workers.Op(lambda _progress: list(load()), parent=self.widget()).success(self._fill).run()

    def _fill(self, people: list[Person]) -> None:
        self.loaded = True
        self._reading = None
        self.people_model.beginResetModel()
        self.people_model.people = people
        self.people_model.endResetModel()
        self._run_waiting()

    def _run_waiting(self) -> None:
        waiting, self._then = self._then, []
        for then in waiting:
            then()

    def splitPath(self, path: str) -> list[str]:
        return [self._last(path)[1]] if self.several else [path.strip()]

    def pathFromIndex(self, index: _Index) -> str:
        name = str(index.data(Qt.ItemDataRole.EditRole) or "")
        widget = self.widget()
        if not self.several or not isinstance(widget, QLineEdit):
            return name
        before, _last = self._last(widget.text())
        return before + name

    @staticmethod
    def _last(text: str) -> tuple[str, str]:
        """``(the names before, joined and ending with the separator; the last part typed)``."""
        parts = NAME_SEPARATOR.split(text)
        last = parts[-1] if parts else ""
        done = [p for p in parts[:-1] if p]
        return (JOIN.join(done) + JOIN if done else ""), last


class _LoadOnFocus(QObject):
    """Starts reading the staff list when the field first gets the focus."""

    def __init__(self, completer: PeopleCompleter, action: QAction) -> None:
        super().__init__(completer)
        self.completer = completer
        self.action = action

    def load(self, then: Callable[[], None] | None = None) -> None:
        def ready() -> None:
            self.action.setEnabled(bool(self.completer.people_model.people))
            if then is not None:
                then()

        self.completer.request(ready)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if event.type() == QEvent.Type.FocusIn and not self.completer.loaded:
            self.load()
        return False


def attach_people(line: QLineEdit, people: PeopleSource, *, several: bool) -> PeopleCompleter:
    """Offer ``people`` while typing into ``line``, and all of them from a button at its end."""
    completer = PeopleCompleter(people, several=several, parent=line)
    line.setCompleter(completer)
    icon = line.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
    action = QAction(icon, QCoreApplication.translate("StaffPicker", "Choose from the staff list"), line)
    action.setObjectName("choose_person")
    action.setToolTip(action.text())
    loader = _LoadOnFocus(completer, action)
    line.installEventFilter(loader)

    def show_all() -> None:
        line.setFocus()
        completer.setCompletionPrefix("")
        completer.complete()

    action.triggered.connect(lambda: loader.load(show_all))
    line.addAction(action, QLineEdit.ActionPosition.TrailingPosition)
    return completer
