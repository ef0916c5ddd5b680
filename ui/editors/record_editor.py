"""The record editor: one window per record, saved through ``records.create`` / ``update``.

Tabs: the fields (in groups), one table per list (instruments, services, authorised
items, credentials) and the History. Saving runs off the GUI thread; when the core
refuses, each issue appears under its field or on its table cell, in the UI language,
and from then on the form is re-checked as the user types (the core's validation
alone, no database), so a fixed value loses its message at once.

Closing, or quitting the app, with unsaved changes asks whether to save them.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from labregistry.errors import DomainError, Issue
from labregistry.registry import Registry
from labregistry.services import catalogues, records
from ui import core_reads, dialogs, errors, i18n, workers
from ui.editors.comparisons_view import ComparisonsView
from ui.editors.history import HistoryView
from ui.editors.specs import EditorSpec
from ui.forms import ChildTable, Form, split_issues
from ui.widgets.common import InlineMessage
from ui.widgets.staff_picker import people_from_rows

log = logging.getLogger(__name__)

LIVE_CHECK_MS = 300


def align_labels(forms: list[Form]) -> None:
    """One label width for every group, so the fields line up from box to box."""
    labels = []
    for form in forms:
        layout = form.layout()
        assert isinstance(layout, QFormLayout)
        for row in range(layout.rowCount()):
            item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and item.widget() is not None:
                labels.append(item.widget())
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


class RecordEditor(QDialog):
    saved = Signal(str, int)  # list kind ("standards" ...), record id

    def __init__(
        self, reg: Registry, spec: EditorSpec, record_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reg = reg
        self.spec = spec
        self.record_id = record_id
        self.setObjectName(f"editor_{spec.kind}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        self._saving: workers.Op[Any] | None = None
        self._close_after_save = False
        self._discarding = False
        self._live = False
        self._baseline: Any = None
        self._history_loaded = False
        self._stored: Any = None  # the record as stored (records.get), what an edit is checked against

        self.general = InlineMessage()
        self.general.setObjectName("general_message")
        self.forms: list[Form] = []
        people = functools.cache(lambda: people_from_rows(core_reads.own_staff(reg)))  # read once, when needed
        self._catalogue = functools.cache(lambda: catalogues.current(reg))  # a few hundred rows, read once
        details = QWidget()
        details_layout = QVBoxLayout(details)
        for title, fields in spec.groups:
            box = QGroupBox(QCoreApplication.translate("RecordEditor", title))
            form = Form(fields, people=people)
            form.changed.connect(self._changed)
            inner = QVBoxLayout(box)
            inner.addWidget(form)
            details_layout.addWidget(box)
            self.forms.append(form)
        details_layout.addStretch(1)
        align_labels(self.forms)
        scroll = QScrollArea()
        scroll.setObjectName("details")
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("editor_tabs")
        self.tabs.addTab(scroll, self.tr("Details"))
        self.tables: dict[str, ChildTable] = {}
        for table_spec in spec.tables:
            table = ChildTable(table_spec)
            table.changed.connect(self._changed)
            self.tables[table_spec.key] = table
            self.tabs.addTab(table, table_spec.title())
        self.comparisons: ComparisonsView | None = None
        if spec.kind == "standard":  # the pilots' results of this standard, read-only
            self.comparisons = ComparisonsView()
            self.tabs.addTab(self.comparisons, self.tr("Comparisons"))
        self.history = HistoryView(spec)
        self.history_index = self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.currentChanged.connect(self._tab_changed)

        self.status = QLabel()
        self.status.setObjectName("status")
        self._clean_text = ""  # what the status says while nothing is changed (the last save)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip(
            QKeySequence(QKeySequence.StandardKey.Save).toString(QKeySequence.SequenceFormat.NativeText)
        )
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ApplyRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)

        self.save_action = QAction(self.tr("Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)

        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_CHECK_MS)
        self._live_timer.timeout.connect(self.check_now)

        layout = QVBoxLayout(self)
        layout.addWidget(self.general)
        layout.addWidget(self.tabs, 1)
        bottom = QVBoxLayout()
        bottom.addWidget(self.status)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.resize(1000, 720)

        if record_id is not None:
            self._load(record_id)
        else:
            self._reset_new()
        self._baseline = self.snapshot()
        self._update_title()

    # -- loading ---------------------------------------------------------------

    def _load(self, record_id: int) -> None:
        agg = records.get(self.reg, self.spec.kind, record_id)  # one record: quick
        self._stored = agg
        values, rows = self.spec.from_record(agg)
        for form in self.forms:
            form.load(values)
        for key, table in self.tables.items():
            table.set_rows(rows.get(key, []))
        if self.comparisons is not None:
            self.comparisons.load(self.reg, record_id)
        self.tabs.setTabEnabled(self.history_index, True)

    def _reset_new(self) -> None:
        for form in self.forms:
            form.load({})
        self.tabs.setTabEnabled(self.history_index, False)

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for form in self.forms:
            out.update(form.values())
        return out

    def rows(self) -> dict[str, list[dict[str, str]]]:
        return {key: table.rows() for key, table in self.tables.items()}

    def current_input(self) -> Any:
        return self.spec.to_input(self.values(), self.rows())

    def snapshot(self) -> Any:
        return (
            sorted(self.values().items()),
            sorted((k, [sorted(r.items()) for r in v]) for k, v in self.rows().items()),
        )

    def is_dirty(self) -> bool:
        return self._baseline is not None and self.snapshot() != self._baseline

    def form_for(self, key: str) -> Form:
        return next(form for form in self.forms if key in form.editors)

    def editor_widget(self, key: str) -> QWidget:
        return self.form_for(key).editors[key]

    def message_label(self, key: str) -> InlineMessage:
        return self.form_for(key).messages[key]

    # -- state -----------------------------------------------------------------

    def record_label(self) -> str:
        return self.values().get(self.spec.label_key, "").strip()

    def _update_title(self) -> None:
        if self.record_id is None:
            title = QCoreApplication.translate("RecordEditor", self.spec.new_title)
        else:
            title = QCoreApplication.translate("RecordEditor", self.spec.title)
        label = self.record_label()
        if label and self.record_id is not None:
            title += f" – {label}"
        self.setWindowTitle(title + "[*]")
        self.setWindowModified(self.is_dirty())

    def _changed(self) -> None:
        self.setWindowModified(self.is_dirty())
        if self._live:
            self._live_timer.start()  # the check says the new count of problems
        else:
            self._say_state()

    def _say_state(self, problems: int = 0) -> None:
        """The status line says what is true now, not what the last save said: the problems
        left after a refused save (none once fixed), unsaved changes after a save."""
        if not self.is_dirty():
            self.status.setText(self._clean_text)
        elif problems:
            self.status.setText(self.tr("Not saved: %n problem(s), marked in red.", "", problems))
        elif self._live:
            self.status.setText(self.tr("Not saved yet: no problem left. Save with Ctrl+S."))
        else:
            self.status.setText(self.tr("Unsaved changes."))

    # -- saving ----------------------------------------------------------------

    def save(self) -> None:
        if self._saving is not None and not self._saving.done:
            return
        self._live_timer.stop()
        inp = self.current_input()
        reg, kind, record_id = self.reg, self.spec.kind, self.record_id

        def task(_progress: workers.Progress) -> Any:
            if record_id is None:
                return records.create(reg, kind, inp, source="app")
            return records.update(reg, kind, record_id, inp, source="app")

        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Saving ..."))
        self._saving = workers.Op(task, parent=self).success(self._saved).failure(self._save_failed).run()

    def _saved(self, result: Any) -> None:
        self.save_button.setEnabled(True)
        created = self.record_id is None
        if created:
            self.record_id = int(result)
        self._stored = records.get(self.reg, self.spec.kind, self.record_id)  # what the next save is checked against
        self._live = False
        self.check_now()  # saved; what remains are warnings (e.g. a certificate valid too long): still said
        self._baseline = self.snapshot()
        self._update_title()
        self.tabs.setTabEnabled(self.history_index, True)
        self._history_loaded = False
        if self.tabs.currentIndex() == self.history_index:
            self.load_history()
        self._clean_text = self.tr("Saved.") if (created or result) else self.tr("Nothing changed.")
        self.status.setText(self._clean_text)
        assert self.record_id is not None
        self.saved.emit(self.spec.list_kind, self.record_id)
        if self._close_after_save:
            QTimer.singleShot(0, self, self.close)

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._close_after_save = False
        if isinstance(exc, DomainError) and exc.issues:
            self._live = True
            shown = self.show_issues(exc.issues)
            self._say_state(sum(1 for i in exc.issues if not i.warning))
            if shown:
                self._focus_first_issue()
            return
        self.status.setText(self.tr("Not saved."))
        errors.show_exception(self, exc)

    def check_now(self) -> None:
        """Validate the form with the core's rules (no database) and show the issues: as saving
        would, against the record as stored (an old standard's code outside its range's
        discipline is a warning while the edit leaves the code and the quantity)."""
        problems = 0
        try:
            validated = records.validate(self.spec.kind, self.current_input(), self._stored)
        except DomainError as exc:
            self.show_issues(exc.issues)
            problems = sum(1 for i in exc.issues if not i.warning)
        else:
            self.show_issues([*getattr(validated, "warnings", ()), *self.catalogue_warnings(validated)])
        if self._live:  # after a refused save: the status line follows the fixes
            self._say_state(problems)

    def catalogue_warnings(self, validated: Any) -> list[Issue]:
        """What the catalogues say of the record: a service (an authorised item) citing an edition
        withdrawn or superseded, a code the code catalogue does not list. Warnings: saving goes on."""
        if self.spec.catalogue_issues is None:
            return []
        return self.spec.catalogue_issues(self._catalogue(), validated)

    def show_issues(self, issues: list[Issue]) -> bool:
        """Put each issue under its field or on its cell; True if any is shown."""
        plain, items = split_issues(issues)
        placed: set[str] = set()
        for form in self.forms:
            placed |= form.show_issues(plain)
        style = self.style()
        for n, (key, table) in enumerate(self.tables.items(), start=1):
            has = table.show_issues(plain.get(key, []), items.get(key, {}))
            placed.add(key)
            self.tabs.setTabIcon(
                n, style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning) if has else QIcon()
            )
        form_has = any(form.first_invalid() is not None for form in self.forms) or any(
            m.isVisible() for form in self.forms for m in form.messages.values()
        )
        self.tabs.setTabIcon(
            0, style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning) if form_has else QIcon()
        )
        rest = [issue for key, found in plain.items() if key not in placed for issue in found]
        lang = i18n.core_lang()
        if rest:
            text = "\n".join(issue.render(lang) for issue in rest)
            if any(not i.warning for i in rest):
                self.general.show_error(text)
            else:
                self.general.show_warning(text)
        else:
            self.general.clear_message()
        return bool(issues)

    def _focus_first_issue(self) -> None:
        for form in self.forms:
            widget = form.first_invalid()
            if widget is not None:
                self.tabs.setCurrentIndex(0)
                widget.setFocus()
                return
        for n, table in enumerate(self.tables.values(), start=1):
            cell = table.first_issue_cell()
            if cell is not None:
                self.tabs.setCurrentIndex(n)
                table.view.setCurrentIndex(cell)
                table.view.setFocus()
                return

    # -- history ---------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        if index == self.history_index and not self._history_loaded:
            self.load_history()

    def load_history(self) -> None:
        if self.record_id is None:
            return
        self.history.show_entries(records.history(self.reg, self.spec.kind, self.record_id))
        self._history_loaded = True

    # -- closing ---------------------------------------------------------------

    def confirm_close(self) -> bool:
        """True when the window may close now (nothing unsaved, or the user discarded it)."""
        if self._discarding or not self.is_dirty():
            return True
        what = self.record_label() or QCoreApplication.translate("RecordEditor", self.spec.new_title)
        answer = dialogs.ask_unsaved(self, what)
        if answer == dialogs.SAVE:
            self._close_after_save = True
            self.save()
            return False  # closes once saved; stays open with the messages if refused
        if answer == dialogs.DISCARD:
            self._discarding = True
            return True
        return False

    def discard_and_close(self) -> None:
        self._discarding = True
        self.close()

    def reject(self) -> None:  # Esc, the Close button and the window's close box (QDialog.closeEvent)
        if self.confirm_close():
            self._live_timer.stop()
            super().reject()
