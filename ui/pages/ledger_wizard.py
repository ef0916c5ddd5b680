"""Importing the institute's own Excel ledger (从 Excel 台账导入), one step at a time.

Over ``labregistry.services.ledger``: the file, the sheet and its header row, the column
mapping (each field with the detected column, editable), a check of every row with the
issues placed at their cells (a report can be saved), then the import with progress and
Cancel, and the result. Reading the sheet, checking and importing run off the GUI
thread; a DomainError is shown inline on the step in the user's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from labregistry import i18n as core_i18n
from labregistry.errors import DomainError
from labregistry.ledger import constants
from labregistry.ledger.fields import kind_spec
from labregistry.xlsx.refs import column_letter
from labregistry.registry import Registry
from labregistry.services import ledger
from ui import errors, files, i18n, workers
from ui.widgets.common import InlineMessage, push_button

EXCEL_FILTER = "*.xlsx *.xlsm *.xls *.ods"


def _lang() -> str:
    return i18n.core_lang()


class LedgerFilePage(QWizardPage):
    def __init__(self, wizard: LedgerWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Choose the Excel ledger"))
        self.path = QLineEdit()
        self.path.setObjectName("ledger_path")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("Browse ..."))
        browse.clicked.connect(self.browse)
        self.kind = QComboBox()
        self.kind.setObjectName("ledger_kind")
        self.kind.addItem(self.tr("Measurement standards"), "standards")
        self.kind.addItem(self.tr("Authorisations"), "authorisations")
        self.kind.addItem(self.tr("Staff"), "staff")
        self.kind.setCurrentIndex(max(0, self.kind.findData(wizard.kind)))
        self.message = InlineMessage()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("The ledger lists"), self.kind)
        form.addRow(self.message)

    def browse(self) -> None:
        chosen = files.open_for(self, files.LEDGERS, self.tr("Open an Excel ledger"), EXCEL_FILTER)
        if chosen is not None:
            self.path.setText(str(chosen))

    def isComplete(self) -> bool:  # Qt's name
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # Qt's name
        self.message.clear_message()
        try:
            book = ledger.open_ledger(Path(self.path.text().strip()))
        except DomainError as exc:
            self.message.show_error(exc.render(_lang()))
            return False
        self.w.set_book(book)
        self.w.kind = str(self.kind.currentData())
        return True


class LedgerSheetPage(QWizardPage):
    def __init__(self, wizard: LedgerWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Sheet and header row"))
        self.sheet = QComboBox()
        self.sheet.setObjectName("ledger_sheet")
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self.header_row = QSpinBox()
        self.header_row.setObjectName("ledger_header_row")
        self.header_row.setRange(0, 1000)
        self.header_row.setSpecialValueText(self.tr("detect"))
        self.message = InlineMessage()
        form = QFormLayout(self)
        form.addRow(self.tr("Sheet"), self.sheet)
        form.addRow(self.tr("Header row"), self.header_row)
        form.addRow(self.message)
        self.choices: list[ledger.SheetChoice] = []

    def initializePage(self) -> None:  # Qt's name
        self.message.clear_message()
        self.sheet.blockSignals(True)
        self.sheet.clear()
        assert self.w.book is not None
        try:
            scanned = ledger.sheet_choices(self.w.book, self.w.kind)
            self.choices = [c for c in scanned if c.visible]
            best = ledger.best_of(self.w.book, scanned)
        except DomainError as exc:
            self.message.show_error(exc.render(_lang()))
            self.choices, best = [], ""
        for choice in self.choices:
            self.sheet.addItem(choice.name, choice.name)
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(best)))
        self.sheet.blockSignals(False)
        self._sheet_changed()

    def _sheet_changed(self, *_args: Any) -> None:
        index = self.sheet.currentIndex()
        if 0 <= index < len(self.choices):
            self.header_row.setValue(self.choices[index].header_row or 0)

    def isComplete(self) -> bool:  # Qt's name
        return self.sheet.count() > 0

    def validatePage(self) -> bool:  # Qt's name
        self.w.sheet = str(self.sheet.currentData())
        self.w.header_row = self.header_row.value() or None
        return True


class LedgerMappingPage(QWizardPage):
    def __init__(self, wizard: LedgerWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Which column holds what"))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("ledger_mapping")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Column"), self.tr("Header text"), self.tr("Confidence")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.message = InlineMessage()
        self.whole = WholeLedgerValues(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.whole)
        layout.addWidget(self.message)
        self.combos: dict[str, QComboBox] = {}
        self.ready = False
        self.institute_kind: str | None = None

    def initializePage(self) -> None:  # Qt's name
        self.ready = False
        self.table.setRowCount(0)
        self.message.clear_message()
        book, sheet, kind, row, reg = self.w.book, self.w.sheet, self.w.kind, self.w.header_row, self.w.reg
        assert book is not None

        def task(progress: workers.Progress) -> Any:
            grid = ledger.read_sheet(
                book, sheet, progress=lambda d, t: progress.report(d, t), cancel=lambda: progress.cancelled
            )
            guess = ledger.find_header(grid, kind, row)
            return grid, ledger.propose_mapping(reg, grid, kind, guess), ledger.own_institute_kind(reg)

        self.w.op = (
            workers.Op(task, parent=self)
            .success(self._proposed)
            .failure(self._failed)
            .with_progress(self.tr("Reading the sheet ..."))
            .run()
        )

    def _failed(self, exc: BaseException) -> None:
        errors.show_failure(self, self.message, exc)

    def _proposed(self, result: Any) -> None:
        self.w.grid, self.w.mapping, self.institute_kind = result
        mapping = self.w.mapping
        spec = kind_spec(self.w.kind)
        zh = _lang() == "zh"
        self.combos = {}
        self.table.setRowCount(len(spec.fields))
        for r, f in enumerate(spec.fields):
            label = (f.zh if zh else f.en) + (" *" if f.required else "")
            self.table.setItem(r, 0, QTableWidgetItem(label))
            combo = QComboBox()
            combo.addItem(self.tr("(not in the ledger)"), 0)
            for col, header in sorted(mapping.headers.items()):
                combo.addItem(f"{column_letter(col)}: {header}", col)
            self.combos[f.key] = combo
            self.table.setCellWidget(r, 1, combo)
            self.table.setItem(r, 2, QTableWidgetItem(""))
            self.table.setItem(r, 3, QTableWidgetItem(""))
        self._refresh()
        for key, combo in self.combos.items():
            combo.currentIndexChanged.connect(lambda _i, k=key: self._chosen(k))
        self.ready = True
        self.completeChanged.emit()

    def _chosen(self, key: str) -> None:
        mapping = self.w.mapping
        column = int(self.combos[key].currentData())
        if column:
            mapping.set(key, column)
        else:
            mapping.unset(key)
        self._refresh()
        self.completeChanged.emit()

    def _refresh(self) -> None:
        mapping = self.w.mapping
        spec = kind_spec(self.w.kind)
        for r, f in enumerate(spec.fields):
            choice = mapping.fields.get(f.key)
            combo = self.combos[f.key]
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(choice.column if choice else 0)))
            combo.blockSignals(False)
            self.table.setItem(r, 2, QTableWidgetItem(choice.header if choice else ""))
            self.table.setItem(r, 3, QTableWidgetItem(f"{choice.confidence:.0%}" if choice else ""))
        self.whole.ask(spec, mapping, self.institute_kind)
        missing = mapping.missing_required(spec)
        if missing:
            zh = _lang() == "zh"
            names = ("、" if zh else ", ").join(spec.field(k).zh if zh else spec.field(k).en for k in missing)
            self.message.show_error(self.tr("Required fields without a column: %1").replace("%1", names))
        else:
            self.message.clear_message()

    def isComplete(self) -> bool:  # Qt's name
        return self.ready and not self.w.mapping.missing_required(kind_spec(self.w.kind))


class WholeLedgerValues(QWidget):
    """One value for each required field the ledger has no column for, asked once.

    The likely answer is preselected (what the own institute implies, or the value given
    the last time a ledger of this layout was imported), so that Next accepts it; a value
    the institute implies shows the note the report will carry.
    """

    def __init__(self, page: LedgerMappingPage) -> None:
        super().__init__()
        self.page = page
        self.setObjectName("ledger_whole_values")
        self.title = QLabel(self.tr("Values for the whole ledger (fields it has no column for):"))
        self.title.setWordWrap(True)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        self.inputs: dict[str, QComboBox | QLineEdit] = {}
        self.hide()

    def ask(self, spec: Any, mapping: Any, institute_kind: str | None) -> None:
        """Rows for the fields without a column, each with its answer preselected and applied."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs = {}
        keys = [k for k in (*mapping.missing_required(spec), *mapping.constants) if mapping.column_of(k) is None]
        for key in dict.fromkeys(keys):
            self._row(spec, mapping, key, institute_kind)
        self.setVisible(bool(self.inputs))

    def _row(self, spec: Any, mapping: Any, key: str, institute_kind: str | None) -> None:
        f = spec.field(key)
        lang = _lang()
        current = mapping.constants.get(key)
        widget: QComboBox | QLineEdit
        if f.choices is not None:
            combo = QComboBox()
            for choice in f.choices:
                combo.addItem(f.choices.label(choice).render(lang), choice)
            wanted = current.value if current is not None else constants.likely(spec, key, institute_kind, mapping)
            combo.setCurrentIndex(max(0, combo.findData(wanted)))
            combo.currentIndexChanged.connect(lambda _i, k=key: self._given(k))
            widget = combo
        else:
            line = QLineEdit(current.text if current is not None else "")
            line.editingFinished.connect(lambda k=key: self._given(k))
            widget = line
        widget.setObjectName(f"ledger_set_{key}")
        self.inputs[key] = widget
        self.form.addRow(f.label.render(lang), widget)
        if current is not None and current.reason:
            note = QLabel(core_i18n.tr(current.reason, lang))
            note.setWordWrap(True)
            self.form.addRow("", note)
        if current is None and f.choices is not None:
            self._given(key)

    def _given(self, key: str) -> None:
        widget = self.inputs[key]
        text = str(widget.currentData()) if isinstance(widget, QComboBox) else widget.text().strip()
        spec, mapping = kind_spec(self.page.w.kind), self.page.w.mapping
        if not text:
            mapping.constants.pop(key, None)
        else:
            try:
                constants.apply_sets(spec, mapping, [(key, text)])
            except DomainError as exc:
                mapping.constants.pop(key, None)
                self.page.message.show_error(exc.render(_lang()))
                return
        if not mapping.missing_required(spec):
            self.page.message.clear_message()
        self.page.completeChanged.emit()


class LedgerCheckPage(QWizardPage):
    def __init__(self, wizard: LedgerWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Check"))
        self.counts = QLabel()
        self.counts.setObjectName("ledger_counts")
        self.counts.setWordWrap(True)
        self.unread = QLabel()  # the columns no field reads: said, not dropped in silence
        self.unread.setObjectName("ledger_unread")
        self.unread.setWordWrap(True)
        self.issues = QTableWidget(0, 3)
        self.issues.setObjectName("ledger_issues")
        self.issues.setHorizontalHeaderLabels([self.tr("Cell"), self.tr("Field"), self.tr("Problem")])
        self.issues.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.issues.horizontalHeader().setStretchLastSection(True)
        self.issues.verticalHeader().hide()
        self.valid_only = QCheckBox(self.tr("Import only the valid rows"))
        self.valid_only.setObjectName("ledger_valid_only")
        self.valid_only.toggled.connect(self.completeChanged)
        self.report_button = push_button(self.tr("Save report ..."), "ledger_report", self.save_report)
        self.message = InlineMessage()
        row = QHBoxLayout()
        row.addWidget(self.valid_only, 1)
        row.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.unread)
        layout.addWidget(self.issues, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def initializePage(self) -> None:  # Qt's name
        self.w.check = None
        self.issues.setRowCount(0)
        self.counts.setText("")
        self.unread.setText("")
        self.message.clear_message()
        reg, grid, mapping = self.w.reg, self.w.grid, self.w.mapping

        def task(progress: workers.Progress) -> Any:
            return ledger.check_ledger(
                reg,
                grid,
                mapping,
                progress=lambda d, t: progress.report(d, t),
                cancel=lambda: progress.cancelled,
            )

        self.w.op = (
            workers.Op(task, parent=self)
            .success(self._checked)
            .failure(self._failed)
            .with_progress(self.tr("Checking every row ..."))
            .run()
        )

    def _failed(self, exc: BaseException) -> None:
        errors.show_failure(self, self.message, exc)

    def _checked(self, check: Any) -> None:
        self.w.check = check
        lang = _lang()
        issues = list(check.errors) + list(check.warnings)
        self.issues.setRowCount(len(issues))
        for r, issue in enumerate(issues):
            cell = f"{issue.sheet}!{issue.column_letter or ''}{issue.row}"
            field = issue.header or (issue.labels[0 if lang == "zh" else 1] if issue.labels else issue.field)
            self.issues.setItem(r, 0, QTableWidgetItem(cell))
            self.issues.setItem(r, 1, QTableWidgetItem(field or ""))
            self.issues.setItem(r, 2, QTableWidgetItem(issue.message(lang)))
        planned = check.planned
        text = (
            self.tr("%1 record(s): %2 valid, %3 with errors.")
            .replace("%1", str(check.rows))
            .replace("%2", str(check.valid))
            .replace("%3", str(check.invalid))
        )
        if planned is not None:
            text += " " + self.tr("An import adds %1, updates %2, leaves %3 unchanged.").replace(
                "%1", str(planned.added)
            ).replace("%2", str(planned.updated)).replace("%3", str(planned.unchanged))
        self.counts.setText(text)
        unread = [
            self.tr("%1 '%2'").replace("%1", c["column"]).replace("%2", c["header"].replace("\n", " "))
            for c in check.mapping.unread_columns()
        ]
        self.unread.setText(
            self.tr("Columns not read (no field holds them): %1").replace("%1", ", ".join(unread)) if unread else ""
        )
        self.unread.setVisible(bool(unread))
        self.valid_only.setEnabled(check.invalid > 0)
        self.completeChanged.emit()

    def save_report(self) -> None:
        check, book = self.w.check, self.w.book
        if check is None or book is None:
            return
        target = files.save_for(
            self,
            files.REPORTS,
            self.tr("Save the check report as"),
            f"{Path(book.file).stem}-检查报告.xlsx",
            "*.xlsx",
        )
        if target is None:
            return
        try:
            path = ledger.write_report(book, check, target, i18n.doc_language(), home=self.w.reg.home)
        except DomainError as exc:
            self.message.show_error(exc.render(_lang()))
            return
        self.w.report = path
        self.message.show_ok(self.tr("Saved the report to %1").replace("%1", str(path)))

    def isComplete(self) -> bool:  # Qt's name
        check = self.w.check
        if check is None or check.valid == 0:
            return False
        return check.invalid == 0 or self.valid_only.isChecked()


class LedgerImportPage(QWizardPage):
    def __init__(self, wizard: LedgerWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Import"))
        self.result_label = QLabel()
        self.result_label.setObjectName("ledger_result")
        self.result_label.setWordWrap(True)
        self.message = InlineMessage()
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_label)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.done = False

    def initializePage(self) -> None:  # Qt's name
        self.done = False
        self.result_label.setText(self.tr("Importing ..."))
        self.message.clear_message()
        reg, check, valid_only = self.w.reg, self.w.check, self.w.check_page.valid_only.isChecked()

        def task(progress: workers.Progress) -> Any:
            return ledger.import_checked(
                reg,
                check,
                valid_only=valid_only,
                progress=lambda d, t: progress.report(d, t),
                cancel=lambda: progress.cancelled,
            )

        self.w.op = (
            workers.Op(task, parent=self)
            .success(self._imported)
            .failure(self._failed)
            .cancelled(self._cancelled)
            .with_progress(self.tr("Importing the ledger ..."))
            .run()
        )

    def _imported(self, outcome: Any) -> None:
        self.w.outcome = outcome
        self.done = True
        self.result_label.setText(
            self.tr("Added %1, updated %2, unchanged %3, skipped %4 invalid.")
            .replace("%1", str(outcome.added))
            .replace("%2", str(outcome.updated))
            .replace("%3", str(outcome.unchanged))
            .replace("%4", str(outcome.skipped_invalid))
        )
        self.completeChanged.emit()
        if outcome.written:
            self.w.imported.emit(self.w.kind)

    def _cancelled(self) -> None:
        self.done = True
        self.result_label.setText(self.tr("Cancelled: nothing was imported."))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.done = True
        self.result_label.setText("")
        errors.show_failure(self, self.message, exc)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # Qt's name
        return self.done


class LedgerWizard(QWizard):
    imported = Signal(str)  # the kind of records written

    def __init__(
        self, reg: Registry, kind: str = "standards", path: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ledger_wizard")
        self.setWindowTitle(self.tr("Import from an Excel ledger"))
        self.reg = reg
        self.kind = kind
        self.book: Any = None
        self.sheet = ""
        self.header_row: int | None = None
        self.grid: Any = None
        self.mapping: Any = None
        self.check: Any = None
        self.report: Path | None = None
        self.outcome: Any = None
        self.op: workers.Op[Any] | None = None
        self.file_page = LedgerFilePage(self)
        self.sheet_page = LedgerSheetPage(self)
        self.mapping_page = LedgerMappingPage(self)
        self.check_page = LedgerCheckPage(self)
        self.import_page = LedgerImportPage(self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.check_page, self.import_page):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        if path is not None:
            self.file_page.path.setText(str(path))
        self.finished.connect(self._close_book)
        self.resize(820, 560)
        self.setWindowModality(Qt.WindowModality.NonModal)

    def set_book(self, book: Any) -> None:
        self._close_book()
        self.book = book

    def _close_book(self, *_args: Any) -> None:
        if self.book is not None:
            self.book.close()
        self.book = None
