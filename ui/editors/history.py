"""A record's audit trail: who changed what and when, each field before → after.

``records.history`` gives the entries, oldest first, with the whole record before and
after each change; :func:`describe_changes` turns a pair into the fields that differ,
named as the form names them (lists item by item: "instrument 2: serial number").
The view shows the newest entry first, expanded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from labregistry.domain.records import item_field
from labregistry.errors import field_label
from ui import i18n
from ui.editors.specs import EditorSpec
from ui.forms import CHOICE, FieldSpec, TableSpec, capitalised
from ui.i18n import QT_TRANSLATE_NOOP
from ui.labels import local_time

ACTIONS = {
    "create": QT_TRANSLATE_NOOP("HistoryView", "Created"),
    "update": QT_TRANSLATE_NOOP("HistoryView", "Changed"),
    "delete": QT_TRANSLATE_NOOP("HistoryView", "Deleted"),
}
SOURCES = {
    "app": QT_TRANSLATE_NOOP("HistoryView", "in the app"),
    "cli": QT_TRANSLATE_NOOP("HistoryView", "on the command line"),
    "demo": QT_TRANSLATE_NOOP("HistoryView", "demo data"),
}


def _shown(spec: FieldSpec | None, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, list):  # credential items: [{"name": ...}, ...] or names
        return "；".join(str(v.get("name", v)) if isinstance(v, Mapping) else str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if spec is not None and spec.kind == CHOICE:
        return spec.choice_label(text)
    return text


def describe_changes(
    spec: EditorSpec, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[tuple[str, str, str]]:
    """``(label, before, after)`` for every field of the form that differs."""
    before, after = before or {}, after or {}
    lang = i18n.core_lang()
    out: list[tuple[str, str, str]] = []
    for field in spec.fields():
        old, new = _shown(field, before.get(field.key)), _shown(field, after.get(field.key))
        if old != new:
            out.append((field.title(), old, new))
    for table in spec.tables:
        out += _list_changes(table, before.get(table.key) or [], after.get(table.key) or [], lang)
    return out


def _list_changes(
    table: TableSpec, before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]], lang: str
) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    name_key = table.columns[0].key if table.columns[0].kind != CHOICE else table.columns[1].key
    for n in range(max(len(before), len(after))):
        old = before[n] if n < len(before) else None
        new = after[n] if n < len(after) else None
        if old is None or new is None:
            row = old if new is None else new
            assert row is not None
            label = capitalised(field_label(item_field(table.key, n, name_key), lang))
            summary = _shown(None, row.get(name_key))
            out.append((label, summary if new is None else "", summary if old is None else ""))
            continue
        for column in table.columns:
            a, b = _shown(column, old.get(column.key)), _shown(column, new.get(column.key))
            if a != b:
                out.append((capitalised(field_label(item_field(table.key, n, column.key), lang)), a, b))
    return out


def source_text(source: str | None) -> str:
    if not source:
        return ""
    known = SOURCES.get(source)
    if known is not None:
        return QCoreApplication.translate("HistoryView", known)
    if source.startswith("bundle:"):
        return QCoreApplication.translate("HistoryView", "from the bundle %1").replace("%1", source[7:])
    return source


class HistoryView(QTreeWidget):
    """The audit entries of one record, newest first, each with its changed fields."""

    def __init__(self, spec: EditorSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName("history")
        self.setAccessibleName(self.tr("History"))
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("When, who, what"), self.tr("Before"), self.tr("After")])
        self.setRootIsDecorated(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 280)
        header.resizeSection(1, 240)
        header.setStretchLastSection(True)

    def show_entries(self, entries: Sequence[Mapping[str, Any]]) -> None:
        self.clear()
        for entry in reversed(entries):
            action = QCoreApplication.translate("HistoryView", ACTIONS.get(entry["action"], entry["action"]))
            head = f"{local_time(entry['at'])}  ·  {entry.get('operator') or ''}  ·  {action}"
            source = source_text(entry.get("source"))
            if source:
                head += f" ({source})"
            top = QTreeWidgetItem([head])
            self.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            if entry["action"] == "update":
                changes = describe_changes(self.spec, entry.get("before"), entry.get("after"))
            else:
                changes = []
            for label, old, new in changes:
                child = QTreeWidgetItem([label, old, new])
                for column in (1, 2):
                    child.setToolTip(column, child.text(column))
                top.addChild(child)
            top.setExpanded(True)
        if self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))

    def entry_texts(self) -> list[tuple[str, list[tuple[str, str, str]]]]:
        """What is shown, as text (for tests and the accessibility tree)."""
        out = []
        for n in range(self.topLevelItemCount()):
            top = self.topLevelItem(n)
            rows = [
                (top.child(i).text(0), top.child(i).text(1), top.child(i).text(2))
                for i in range(top.childCount())
            ]
            out.append((top.text(0), rows))
        return out
