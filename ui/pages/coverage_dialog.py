"""Coverage per catalogue code: the regional resources page's view of ``coverage --discipline NN``.

For one JJF 1022 discipline, the valid standards (of a grade, on a date) per catalogue item
code and province, the item codes with none valid in the region marked, and how many there
are. One grouped query (``services.inventory.code_coverage``), so it is read when asked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
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
from ui import i18n, labels
from ui.models.record_table import STATE_COLOURS, RowState
from ui.widgets.common import row_of

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
        layout.addLayout(buttons)
        self.resize(760, 520)

        self.discipline.currentIndexChanged.connect(self.refresh)
        self.valid_on.dateChanged.connect(self.refresh)
        self.grade.currentIndexChanged.connect(self.refresh)
        self.data: dict[str, Any] = {}
        self.refresh()

    def refresh(self, *_args: Any) -> None:
        """Read the coverage for the chosen discipline, date and grade, and show it."""
        self.data = inventory.code_coverage(self.reg, str(self.discipline.currentData()),
                                            valid_on=self.valid_on.date().toPython(),
                                            grade=str(self.grade.currentData()))
        self._fill()

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
