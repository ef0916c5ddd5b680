"""Coverage per catalogue code: the regional resources page's view of ``coverage --discipline NN``.

For one JJF 1022 discipline, the valid standards (of a grade, on a date) per catalogue item
code and province, the item codes with none valid in the region marked, and how many there
are. One grouped query (``services.inventory.code_coverage``), so it is read when asked.

The query takes ~0.1 s at a 200,000-standard region, so it runs on a worker
(:class:`ui.workers.Op`), never on the GUI thread: a change of discipline, date or grade
waits :data:`READ_DELAY_MS` for the next one (stepping through dates with the arrows reads
once, for the last date), the summary says it is reading and the table of the previous
choice is greyed meanwhile. One read runs at a time; a result that arrives for a choice the
user has left is dropped and the current choice read, so older figures never replace newer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labregistry.domain.choices import GRADES
from labregistry.domain.codes import DISCIPLINES
from labregistry.registry import Registry
from labregistry.services import inventory
from ui import errors, i18n, labels, workers
from ui.models.record_table import STATE_COLOURS, RowState
from ui.widgets.common import InlineMessage, row_of

READ_DELAY_MS = 200  # quick changes (a date editor's arrows held) read once, after the last
Choice = tuple[str, dt.date, str]  # discipline, valid on, grade

GAP_COLOURS = STATE_COLOURS[RowState.EXPIRED]  # a code with nothing valid: the colour of what is missing


class CoverageDialog(QDialog):
    """Valid standards per item code of a discipline and province; the codes with none."""

    def __init__(self, reg: Registry, parent: QWidget | None = None, *, discipline: str = "12",
                 valid_on: dt.date | None = None, grade: str | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("coverage_dialog")
        self.setWindowTitle(self.tr("Coverage per catalogue code"))
        zh = i18n.core_lang() == "zh"
        self.discipline = QComboBox()
        self.discipline.setObjectName("coverage_discipline")
        for code, (name_zh, name_en) in DISCIPLINES.items():
            self.discipline.addItem(f"{code} {name_zh if zh else name_en}", code)
        self.discipline.setCurrentIndex(max(self.discipline.findData(discipline), 0))
        self.valid_on = QDateEdit(QDate(valid_on or dt.date.today()))
        self.valid_on.setObjectName("coverage_valid_on")
        self.valid_on.setCalendarPopup(True)
        self.valid_on.setDisplayFormat("yyyy-MM-dd")
        self.grade = QComboBox()
        self.grade.setObjectName("coverage_grade")
        for key, (grade_zh, grade_en) in GRADES.items():
            self.grade.addItem(grade_zh if zh else grade_en, key)
        self.grade.setCurrentIndex(max(self.grade.findData(grade or "public"), 0))
        self.table = QTableWidget()
        self.table.setObjectName("coverage_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.summary = QLabel()
        self.summary.setObjectName("coverage_summary")
        self.summary.setWordWrap(True)
        self.message = InlineMessage()
        self.message.setObjectName("coverage_message")
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)

        form = QFormLayout()
        form.addRow(self.tr("Discipline"), self.discipline)
        form.addRow(self.tr("Valid on"), self.valid_on)
        form.addRow(self.tr("Grade"), self.grade)
        buttons = row_of(close, right=True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(760, 520)

        self.data: dict[str, Any] = {}
        self.shown_choice: Choice | None = None  # what the table shows the coverage of
        self._reading: workers.Op[dict[str, Any]] | None = None
        self._closed = False
        self._timer = QTimer(self)  # owned by the dialog: it never fires for a deleted one
        self._timer.setSingleShot(True)
        self._timer.setInterval(READ_DELAY_MS)
        self._timer.timeout.connect(self.read)
        self.discipline.currentIndexChanged.connect(self.refresh)
        self.valid_on.dateChanged.connect(self.refresh)
        self.grade.currentIndexChanged.connect(self.refresh)
        self._show_reading()
        self.read()

    def choice(self) -> Choice:
        return (str(self.discipline.currentData()), self.valid_on.date().toPython(),
                str(self.grade.currentData()))

    def refresh(self, *_args: Any) -> None:
        """The choice changed: read its coverage once the changes pause (a worker reads it)."""
        self._closed = False  # a change is made in an open dialog
        self._show_reading()
        self._timer.start()

    def reading(self) -> bool:
        """A read is waiting for the changes to pause or running."""
        return self._timer.isActive() or (self._reading is not None and not self._reading.done)

    def read(self) -> None:
        """Read the coverage of the current choice on a worker (after the running read, if one runs)."""
        if self._reading is not None and not self._reading.done:
            return  # its result will be for a choice left: _read_done reads the current one then
        reg, choice = self.reg, self.choice()
        discipline, valid_on, grade = choice
        self._reading = (
            workers.Op(lambda _p: inventory.code_coverage(reg, discipline, valid_on=valid_on, grade=grade),
                       parent=self)
            .success(lambda data: self._read_done(choice, data))
            .failure(lambda exc: self._read_failed(choice, exc))
            .run()
        )

    def _left(self, choice: Choice) -> bool:
        """The user chose otherwise while ``choice`` was read: read the current choice (unless
        the debounce timer will) and say so, so that the caller drops its outcome."""
        if choice == self.choice():
            return False
        if not self._timer.isActive() and not self._closed:
            self.read()
        return True

    def _read_done(self, choice: Choice, data: dict[str, Any]) -> None:
        if self._left(choice) or self._timer.isActive():
            return  # older figures never over a newer choice; a pending read follows anyway
        self.data = data
        self.shown_choice = choice
        self._fill()

    def _read_failed(self, choice: Choice, exc: BaseException) -> None:
        if self._left(choice) or self._timer.isActive():
            return
        self.data = {}  # no figures of another choice left standing under this one
        self.shown_choice = None
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.table.setEnabled(True)
        self.summary.clear()
        errors.show_failure(self, self.message, exc)

    def _show_reading(self) -> None:
        self.message.show_error("")
        self.table.setEnabled(False)  # the figures shown are of the previous choice
        self.summary.setText(self.tr("Reading the coverage ..."))

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        """No read starts after closing; a running one finishes and its result is dropped
        (or shown in the hidden dialog, harmlessly)."""
        self._closed = True
        self._timer.stop()
        super().closeEvent(event)

    def _fill(self) -> None:
        provinces = list(self.data["provinces"])
        rows = self.data["codes"]
        self.table.clear()
        self.table.setColumnCount(3 + len(provinces))
        lang = i18n.core_lang()
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Name"),
                                              *(labels.enum_label("province", p, lang) for p in provinces),
                                              self.tr("Total")])
        self.table.setRowCount(len(rows))
        background, foreground = QBrush(QColor(GAP_COLOURS[0])), QBrush(QColor(GAP_COLOURS[1]))
        for n, row in enumerate(rows):
            values = [row["code"], row["name"], *(row["counts"][p] for p in provinces), row["total"]]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if value == 0:  # none valid in this province (or the region, in the total)
                        item.setBackground(background)
                        item.setForeground(foreground)
                self.table.setItem(n, c, item)
        self.table.resizeColumnsToContents()
        self.table.setEnabled(True)
        self.summary.setText(self._summary(len(rows)))

    def _summary(self, codes: int) -> str:
        if codes == 0:
            return self.tr("The code catalogue lists no item codes of this discipline: import the JJF 1022 code "
                       "table (catalogue import-excel --kind codes) to see coverage per code.")
        gaps = self.data["region_gaps"]
        if not gaps:
            return self.tr("Every one of the %1 item code(s) has a valid standard in the region.").replace(
                "%1", str(codes))
        separator = "、" if i18n.core_lang() == "zh" else ", "
        return self.tr("%1 of %2 item code(s) have no valid standard in the region: %3").replace(
            "%1", str(len(gaps))).replace("%2", str(codes)).replace("%3", separator.join(gaps))

    def gap_codes(self) -> list[str]:
        """The item codes with no valid standard in the region (as shown)."""
        return list(self.data.get("region_gaps", []))
