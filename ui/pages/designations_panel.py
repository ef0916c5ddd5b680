"""The region report page's designations: industry test centres and technical committees.

What ``institutes designate`` records, edited where the coordinator reads the targets: add,
change and remove the designations of any institute (own or peer, or one whose bundle has not
arrived, then with its name), by the same service and rules (``services.designations``). A
refused entry keeps the dialog open with the reason under the form; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from labregistry.domain.dates import parse_date
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import designations
from labregistry.services.designations import KINDS, Designation
from ui import dialogs, errors, i18n
from ui.pages.overview import fill_table, small_table
from ui.widgets.common import InlineMessage, push_button


def designated_rows(reg: Registry) -> list[dict[str, Any]]:
    """One row per designation: uscc, institute, kind, name, designated_by, designated_on."""
    rows = []
    for entry in designations.list_designations(reg):
        for key, kind in (("industry_centres", designations.INDUSTRY_CENTRE), ("committees", designations.COMMITTEE)):
            for d in entry[key]:
                rows.append({"uscc": entry["uscc"], "institute": entry["name"] or "", "kind": kind, **d})
    return rows


class DesignationDialog(QDialog):
    """One designation's form: new (any institute) or changed (its institute fixed)."""

    def __init__(self, reg: Registry, parent: QWidget | None = None, *, current: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.current = current
        self.setObjectName("designation_dialog")
        self.setWindowTitle(self.tr("Change the designation") if current else self.tr("Add a designation"))
        lang = i18n.core_lang()
        self.institute = QComboBox()
        self.institute.setObjectName("designation_institute")
        self.institute.setEditable(True)
        self.institute.lineEdit().setPlaceholderText(self.tr("Credit code, or pick an institute of the registry"))
        for entry in designations.list_designations(reg):
            if entry["in_registry"]:
                self.institute.addItem(f"{entry['name']}  {entry['uscc']}", entry["uscc"])
        self.institute.setCurrentIndex(-1)
        self.institute_name = QLineEdit()
        self.institute_name.setObjectName("designation_institute_name")
        self.institute_name.setPlaceholderText(self.tr("Only for an institute not in the registry"))
        self.kind = QComboBox()
        self.kind.setObjectName("designation_kind")
        for key in KINDS:
            self.kind.addItem(KINDS.label(key).render(lang), key)
        self.name = QLineEdit()
        self.name.setObjectName("designation_name")
        self.designated_by = QLineEdit()
        self.designated_by.setObjectName("designation_by")
        self.designated_on = QLineEdit()
        self.designated_on.setObjectName("designation_on")
        self.designated_on.setPlaceholderText(self.tr("yyyy-mm-dd (optional)"))
        self.message = InlineMessage()
        self.message.setObjectName("designation_message")
        form = QFormLayout()
        form.addRow(self.tr("Institute"), self.institute)
        form.addRow(self.tr("Institute name"), self.institute_name)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Designation"), self.name)
        form.addRow(self.tr("Designated by"), self.designated_by)
        form.addRow(self.tr("Designated on"), self.designated_on)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if current is not None:
            self._fill(current)

    def _fill(self, current: dict[str, Any]) -> None:
        self.institute.setEditText(str(current["uscc"]))
        index = self.institute.findData(current["uscc"])
        if index >= 0:
            self.institute.setCurrentIndex(index)
        self.institute.setEnabled(False)
        self.institute_name.setText(str(current.get("institute") or ""))
        self.institute_name.setEnabled(False)
        self.kind.setCurrentIndex(max(self.kind.findData(current["kind"]), 0))
        self.name.setText(str(current["name"]))
        self.designated_by.setText(str(current.get("designated_by") or ""))
        on = current.get("designated_on")
        self.designated_on.setText(on.isoformat() if isinstance(on, dt.date) else "")

    def uscc(self) -> str:
        """The chosen institute's credit code, or the code typed."""
        index = self.institute.currentIndex()
        typed = self.institute.currentText().strip()
        if index >= 0 and self.institute.itemText(index) == self.institute.currentText():
            return str(self.institute.itemData(index))
        return typed

    def designation(self) -> Designation:
        text = self.designated_on.text().strip()
        return Designation(str(self.kind.currentData()), self.name.text().strip(),
                           self.designated_by.text().strip() or None,
                           parse_date(text, "designated_on") if text else None)

    def save(self) -> None:
        """Record through the service; a refusal is shown under the form and the dialog stays."""
        try:
            new = self.designation()
            if self.current is None:
                designations.designate(self.reg, self.uscc(), [new], institute_name=self.institute_name.text(),
                                       source="app")
            else:
                old = Designation(self.current["kind"], self.current["name"])
                designations.change(self.reg, self.current["uscc"], old, new)
        except DomainError as exc:
            self.message.show_error(exc.render(i18n.core_lang()))
            return
        self.accept()


class DesignationsPanel(QGroupBox):
    """The designations recorded here, with Add, Change and Remove."""

    changed = Signal()  # a designation was added, changed or removed: the figures are to be counted again

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("region_designations")
        self.setTitle(self.tr("Industry test centres and technical committees (designations)"))
        self.rows: list[dict[str, Any]] = []
        self.table = small_table([self.tr("Institute"), self.tr("Credit code"), self.tr("Kind"), self.tr("Designation"),
                                  self.tr("Designated by"), self.tr("Designated on")], "designations_table")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.change_selected())
        self.add_button = push_button(self.tr("Add ..."), "designation_add", self.add)
        self.change_button = push_button(self.tr("Change ..."), "designation_change", self.change_selected)
        self.remove_button = push_button(self.tr("Remove ..."), "designation_remove", self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.add_button, self.change_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        self.rows = designated_rows(self.reg)
        lang = i18n.core_lang()
        fill_table(self.table, [[r["institute"], r["uscc"], KINDS.label(r["kind"]).render(lang), r["name"],
                                 r["designated_by"], r["designated_on"].isoformat() if r["designated_on"] else ""]
                                for r in self.rows])
        self._selection_changed()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.change_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _edit(self, dialog: DesignationDialog) -> None:
        if errors.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.load()
            self.changed.emit()

    def add(self) -> None:
        self._edit(DesignationDialog(self.reg, self))

    def change_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._edit(DesignationDialog(self.reg, self, current=row))

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        lang = i18n.core_lang()
        what = f"{KINDS.label(row['kind']).render(lang)}“{row['name']}”" if lang == "zh" else \
            f"{KINDS.label(row['kind']).render(lang)} '{row['name']}'"
        if not dialogs.confirm(self, self.tr("Remove the designation"),
                               self.tr("Remove %1 of %2?").replace("%1", what).replace("%2", row["institute"]),
                               ok_text=self.tr("Remove"), warning=True):
            return
        try:
            designations.withdraw(self.reg, row["uscc"], [Designation(row["kind"], row["name"])], source="app")
        except DomainError as exc:  # removed meanwhile by another user of a shared server
            errors.show_domain_error(self, exc)
        self.load()
        self.changed.emit()
