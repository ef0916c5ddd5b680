"""First run: set up the own institute and its signing key, or open another data folder.

Shown when the registry has no own institute. The unified social credit code is
checked as it is typed (length, alphabet, the mod-31 check character), with the core's
messages; the province follows from the code's region when it is in the Yangtze River
Delta. The key passphrase is typed twice. ``setup.init_registry`` then creates the
institute and its key in a background op (deriving the key from the passphrase takes a
moment); demo data can be filled in at the same time (``populate_demo``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from labregistry.demo import populate_demo
from labregistry.domain import validation
from labregistry.domain.codes import normalise_uscc, uscc_issues, uscc_province
from labregistry.domain.records import PROVINCES, InstituteInput
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import setup
from ui import errors, files, i18n, workers
from ui.forms import CHOICE, FieldSpec, Form, split_issues
from ui.widgets.common import InlineMessage, choice_buttons, heading, mark_invalid, push_button, row_of
from ui.widgets.passphrase import passphrase_problem, password_edit

CREATED = 1
OPEN_OTHER = 2
DEMO_STANDARDS = 500

INSTITUTE_FIELDS = (
    FieldSpec("name", required=True, label=("机构名称", "name of the institute")),
    FieldSpec("uscc", required=True),
    FieldSpec("province", CHOICE, PROVINCES, required=True),
    FieldSpec("city", required=True),
)


@dataclass
class FirstRunOutcome:
    action: str  # "created" or "open"
    home: Path | None = None  # the folder to open instead
    demo: Any = None  # the DemoSummary when demo data was filled in


class FirstRunDialog(QDialog):
    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("first_run")
        self.setWindowTitle(self.tr("Welcome to LabRegistry"))
        self.outcome: FirstRunOutcome | None = None
        self._op: workers.Op[Any] | None = None
        self._province_touched = False

        title = heading(self.tr("Set up your institute"), 1.3)
        intro = QLabel(
            self.tr(
                "LabRegistry keeps the measurement standards, authorisations and staff of your institute, "
                "and exchanges them as signed files with the other institutes of the Yangtze River Delta. "
                "First, tell it which institute this is. The data folder is %1."
            ).replace("%1", str(reg.home.path))
        )
        intro.setWordWrap(True)

        self.form = Form(INSTITUTE_FIELDS)
        self.form.setObjectName("institute_form")
        self.uscc = self.form.editors["uscc"]
        assert isinstance(self.uscc, QLineEdit)
        self.uscc.setMaxLength(24)
        self.uscc.setPlaceholderText(self.tr("18 characters, from the business licence"))
        self.uscc.textChanged.connect(self.check_uscc)
        province = self.form.editors["province"]
        assert isinstance(province, QComboBox)
        province.activated.connect(self._province_chosen)
        self.operator = QLineEdit()
        self.operator.setObjectName("operator")
        self.operator.setAccessibleName(self.tr("Your name"))
        self.operator.setPlaceholderText(self.tr("Recorded with every change you make"))
        operator_form = QFormLayout()
        operator_form.addRow(self.tr("Your name"), self.operator)
        institute_box = QGroupBox(self.tr("The own institute"))
        box = QVBoxLayout(institute_box)
        box.addWidget(self.form)
        box.addLayout(operator_form)

        key_box = QGroupBox(self.tr("Signing key"))
        key_intro = QLabel(
            self.tr(
                "Bundles you send are signed with the institute's own key. Choose a passphrase that protects "
                "it; you type it for every export. Keep it safe: it cannot be recovered."
            )
        )
        key_intro.setWordWrap(True)
        self.passphrase = password_edit("passphrase", self.tr("Passphrase"))
        self.passphrase_again = password_edit("passphrase_again", self.tr("Passphrase again"))
        self.passphrase_message = InlineMessage()
        self.passphrase_message.setObjectName("passphrase_message")
        key_form = QFormLayout(key_box)
        key_form.addRow(key_intro)
        key_form.addRow(self.tr("Passphrase"), self.passphrase)
        key_form.addRow(self.tr("Again"), self.passphrase_again)
        key_form.addRow(self.passphrase_message)
        self.passphrase.textChanged.connect(self.passphrase_message.clear_message)
        self.passphrase_again.textChanged.connect(self.passphrase_message.clear_message)

        self.demo = QCheckBox(self.tr("Fill in demo data to try LabRegistry out"))
        self.demo.setObjectName("demo")
        self.demo_count = QSpinBox()
        self.demo_count.setObjectName("demo_standards")
        self.demo_count.setRange(10, 200_000)
        self.demo_count.setValue(DEMO_STANDARDS)
        self.demo_count.setSuffix(self.tr(" standards"))
        self.demo_count.setAccessibleName(self.tr("Number of demo standards"))
        self.demo_count.setEnabled(False)
        self.demo.toggled.connect(self.demo_count.setEnabled)
        demo_row = row_of(self.demo, self.demo_count)

        self.general = InlineMessage()
        self.general.setObjectName("general_message")
        self.create_button = push_button(self.tr("Create"), "create", self.create_institute)
        self.create_button.setDefault(True)
        self.open_button = push_button(self.tr("Open another data folder ..."), "open_other", self.open_other)
        self.later_button = push_button(self.tr("Later"), "later", self.reject)
        self.buttons = choice_buttons(self.create_button, self.open_button, self.later_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(institute_box)
        layout.addWidget(key_box)
        layout.addLayout(demo_row)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.setTabOrder(self.form.editors["city"], self.operator)
        self.setTabOrder(self.operator, self.passphrase)
        self.setTabOrder(self.passphrase, self.passphrase_again)
        self.setTabOrder(self.passphrase_again, self.demo)
        self.form.editors["name"].setFocus()

    # -- the credit code, as it is typed -----------------------------------------

    def check_uscc(self, text: str) -> None:
        message = self.form.messages["uscc"]
        code = normalise_uscc(text) if text.strip() else ""
        if not code:
            message.clear_message()
            mark_invalid(self.uscc, False)
            return
        if len(code) < 18:
            # still typing: only say something about characters that can never be right
            issues = [i for i in uscc_issues(code.ljust(18, "0")) if i.code == "uscc.charset"]
            if issues:
                message.show_error(issues[0].message(i18n.core_lang()))
                mark_invalid(self.uscc, True)
            else:
                message.clear_message()
                mark_invalid(self.uscc, False)
            return
        issues = uscc_issues(code)
        lang = i18n.core_lang()
        errors_ = [i for i in issues if not i.warning]
        if errors_:
            message.show_error("\n".join(i.message(lang) for i in errors_))
            mark_invalid(self.uscc, True)
            return
        mark_invalid(self.uscc, False)
        if issues:
            message.show_warning("\n".join(i.message(lang) for i in issues))
        else:
            message.show_ok(self.tr("✓ The check character is right."))
        province = uscc_province(code)
        combo = self.form.editors["province"]
        if province and not self._province_touched and isinstance(combo, QComboBox):
            combo.setCurrentIndex(max(combo.findData(province), 0))

    def _province_chosen(self, _index: int) -> None:
        self._province_touched = True

    # -- creating --------------------------------------------------------------

    def institute_input(self) -> InstituteInput:
        values = self.form.values()
        return InstituteInput(
            name=values["name"] or None,
            uscc=values["uscc"] or None,
            province=values["province"] or None,
            city=values["city"] or None,
        )

    def create_institute(self) -> None:
        if self._op is not None and not self._op.done:
            return
        inp = self.institute_input()
        ok = True
        try:
            validation.validate_institute(inp)
            self.form.show_issues({})
        except DomainError as exc:
            plain, _ = split_issues(exc.issues)
            self.form.show_issues(plain)
            ok = False
        problem = passphrase_problem(self.passphrase.text(), self.passphrase_again.text(), name=inp.name,
                                     uscc=inp.uscc)
        if problem is not None:
            self.passphrase_message.show_error(problem)
            ok = False
        if not ok:
            return
        reg, passphrase = self.reg, self.passphrase.text()
        operator = self.operator.text().strip() or None
        demo = self.demo_count.value() if self.demo.isChecked() else 0

        def task(progress: workers.Progress) -> Any:
            setup.init_registry(reg, inp, passphrase, operator=operator)
            if demo:
                return populate_demo(reg, standards=demo, operator=operator)
            return None

        self._set_busy(True)
        label = self.tr("Creating the institute and its signing key ...")
        self._op = (
            workers.Op(task, parent=self)
            .success(self._created)
            .failure(self._failed)
            .with_progress(label, cancellable=False)
            .run()
        )

    def _set_busy(self, busy: bool) -> None:
        for button in (self.create_button, self.open_button, self.later_button):
            button.setEnabled(not busy)

    def _created(self, demo: Any) -> None:
        self._set_busy(False)
        self.outcome = FirstRunOutcome("created", demo=demo)
        self.done(CREATED)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, DomainError) and exc.issues:
            plain, _ = split_issues(exc.issues)
            self.form.show_issues(plain)
            return
        errors.show_failure(self, self.general, exc)

    def open_other(self) -> None:
        chosen = files.open_folder(self, self.tr("Open a data folder"), self.reg.home.path.parent)
        if chosen is None:
            return
        self.outcome = FirstRunOutcome("open", home=chosen)
        self.done(OPEN_OTHER)


def run_first_run(reg: Registry, parent: QWidget | None = None) -> FirstRunOutcome | None:
    """Show the dialog (through ``errors.exec_dialog``); None when the user chose "Later"."""
    dialog = FirstRunDialog(reg, parent)
    code = errors.exec_dialog(dialog)
    outcome = dialog.outcome if code in (CREATED, OPEN_OTHER) else None
    dialog.deleteLater()
    return outcome
