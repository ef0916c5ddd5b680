"""A record's audit trail: who changed what and when, each field before → after.

``records.history`` gives the entries, oldest first, with the whole record before and
after each change; the core's ``services.changes`` turns a pair into the fields that differ,
named as the form names them (lists item by item: "instrument 2: serial number"), and
:func:`describe_changes` renders it. The view shows the newest entry first, expanded, and
every entry's fields, as the CLI's ``history`` prints them: a creation's or a deletion's
every field set (folded, unless it is the newest entry: a standard has some 30).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from labregistry.services import changes
from ui import i18n
from ui.editors.specs import EditorSpec
from ui.forms import capitalised
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


def describe_changes(
    spec: EditorSpec, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[tuple[str, str, str]]:
    """``(label, before, after)`` for every field of the form that differs: the core's
    description (:func:`labregistry.services.changes.describe_changes`, which the CLI's
    ``history`` prints too), rendered by :func:`rendered_rows`."""
    return rendered_rows(changes.describe_changes(spec.kind, before, after))


def rendered_rows(described: Iterable[changes.Change]) -> list[tuple[str, str, str]]:
    """The core's description of a change (``services.changes``) as the app's rows: rendered in
    its language, labels capitalised as the form's (the History tab's and the import's preview)."""
    lang = i18n.core_lang()
    return [(capitalised(label), old, new) for label, old, new in (c.render(lang) for c in described)]


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
            # every entry's fields, a creation's and a deletion's too (every field set): the
            # CLI's history prints the same; those long lists start folded, but for the newest
            for label, old, new in describe_changes(self.spec, entry.get("before"), entry.get("after")):
                child = QTreeWidgetItem([label, old, new])
                for column in (1, 2):
                    child.setToolTip(column, child.text(column))
                top.addChild(child)
            top.setExpanded(entry["action"] == "update" or self.topLevelItemCount() == 1)
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
