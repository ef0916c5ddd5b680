"""The settings page's own-institute box: correct the institute and the operator after set-up.

The fields are the field registry's (:data:`labregistry.domain.fields.INSTITUTE`); the
credit code is shown but cannot be edited, with the core's reason beside it
(``institutes.update_own`` refuses a change: the code is sealed into the signing key and
the key cards the peers trust). Saving validates in the core, and its issues appear under
their fields as in the record editors. The operator is recorded with every change made here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from labregistry.i18n import tr as core_message
from labregistry.domain import fields as registry
from labregistry.domain.records import InstituteInput
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import institutes
from ui import i18n
from ui.forms import CHOICE, TEXT, FieldSpec, Form, split_issues
from ui.widgets.common import InlineMessage, push_button

EDITED = ("name", "name_en", "uscc", "province", "city", "kind", "address", "contact")


def institute_fields() -> tuple[FieldSpec, ...]:
    """The own institute's fields as the registry declares them (labels, required, choices)."""
    specs = []
    for name in EDITED:
        f = registry.INSTITUTE.field(name)
        kind = CHOICE if f.type == "choice" else TEXT
        specs.append(FieldSpec(name, kind, f.choices if kind == CHOICE else None, required=f.required,
                               optional=not f.required, label=f.label))
    return tuple(specs)


class InstituteSettings(QGroupBox):
    """The own institute's details and the operator's name, each saved with its own button."""

    changed = Signal()  # the institute was saved: the overview shows its name

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("institute_settings")
        self.setTitle(self.tr("The own institute"))
        self.form = Form(institute_fields())
        self.form.setObjectName("institute_form")
        uscc = self.form.editors["uscc"]
        assert isinstance(uscc, QLineEdit)
        uscc.setReadOnly(True)
        why = core_message("institute.uscc_fixed", i18n.core_lang())
        uscc.setToolTip(why)
        self.uscc_note = QLabel(why[:1].upper() + why[1:] + ("." if i18n.core_lang() == "en" else "。"))
        self.uscc_note.setObjectName("uscc_note")
        self.uscc_note.setWordWrap(True)
        self.uscc_note.setStyleSheet("color: palette(mid);")
        self.save_button = push_button(self.tr("Save the institute"), "save_institute", self.save_institute)
        self.message = InlineMessage()
        self.message.setObjectName("institute_message")
        self.form.changed.connect(self.message.clear_message)

        self.operator = QLineEdit()
        self.operator.setObjectName("operator")
        self.operator.setPlaceholderText(self.tr("Recorded with every change you make"))
        self.operator_button = push_button(self.tr("Save the name"), "save_operator", self.save_operator)
        self.operator_message = InlineMessage()
        self.operator_message.setObjectName("operator_message")
        self.operator.textChanged.connect(self.operator_message.clear_message)
        operator_row = QHBoxLayout()
        operator_row.addWidget(self.operator, 1)
        operator_row.addWidget(self.operator_button)
        operator_form = QFormLayout()
        operator_form.addRow(self.tr("Your name"), operator_row)
        operator_form.addRow("", self.operator_message)

        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.uscc_note)
        layout.addLayout(buttons)
        layout.addLayout(operator_form)
        self.load()

    def load(self) -> None:
        own = institutes.own_institute(self.reg)
        self.form.load(own or {})
        self.form.setEnabled(own is not None)
        self.save_button.setEnabled(own is not None)
        if own is None:
            self.message.show_warning(self.tr("The institute is not set up yet: set it up from the overview."))
        self.operator.setText(institutes.operator_set(self.reg))

    def institute_input(self) -> InstituteInput:
        values = self.form.values()
        return InstituteInput(**{key: values.get(key) or None for key in EDITED})

    def save_institute(self) -> None:
        try:
            institutes.update_own(self.reg, self.institute_input())
        except DomainError as exc:
            plain, _ = split_issues(exc.issues)
            self.form.show_issues(plain)
            if not exc.issues:
                self.message.show_error(exc.render(i18n.core_lang()))
            return
        self.form.clear_issues()
        self.load()
        self.message.show_ok(self.tr("Saved. The next bundle you export carries the change."))
        self.changed.emit()

    def save_operator(self) -> None:
        try:
            institutes.set_operator(self.reg, self.operator.text())
        except DomainError as exc:
            self.operator_message.show_error(exc.render(i18n.core_lang()))
            return
        self.operator.setText(institutes.operator_set(self.reg))
        self.operator_message.show_ok(self.tr("Saved."))
