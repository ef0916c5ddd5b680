"""A standard's results in interlaboratory comparisons and proficiency tests, and the
recognition decisions in force that cover it, read-only.

The results come from the pilots' bundles (or the own results tables), linked to the standard
by its institute's USCC and its certificate number (``services.comparisons``); they are not
edited here: a result is the pilot's record. A decision is its recorder's (``decisions add``
or a peer's bundle), about the standard or its whole discipline (``services.decisions``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from labregistry.interlab.criteria import VERDICTS, score_text
from labregistry.registry import Registry
from labregistry.services import comparisons, decisions
from ui import i18n


class ComparisonsView(QWidget):
    """Scheme, name, pilot, date, En or z, verdict: one row per comparison the standard took part
    in (a comparison held in several records once, docs/comparisons.md). The pilot is the
    recording institute, or the laboratory outside the registry that piloted it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("comparisons_summary")
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("comparisons")
        self.table.setHorizontalHeaderLabels([self.tr("Scheme"), self.tr("Name"), self.tr("Pilot"), self.tr("Date"),
                                              self.tr("En / z"), self.tr("Verdict")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.decisions = QTableWidget(0, 5)
        self.decisions.setObjectName("decisions")
        self.decisions.setHorizontalHeaderLabels([self.tr("Recognised by"), self.tr("Scope"), self.tr("From"),
                                                  self.tr("Until"), self.tr("Evidence")])
        self.decisions.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.decisions.verticalHeader().setVisible(False)
        self.decisions.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("Recognition decisions in force")))
        layout.addWidget(self.decisions, 1)

    def load(self, reg: Registry, standard_id: int) -> None:
        with reg.uow() as uow:  # one standard: one indexed query
            results = comparisons.results_by_standard(uow.session.connection(), [standard_id]).get(standard_id, [])
        self.show_results(results)
        self.show_decisions(decisions.about_standard(reg, standard_id))

    def show_results(self, results: list[dict[str, Any]]) -> None:
        counts = comparisons.summary(results)
        self.summary.setText(self.tr("%n comparison(s), %1 satisfactory", "", counts["count"])
                             .replace("%1", str(counts["satisfactory"])))
        self.table.setRowCount(len(results))
        zh = i18n.core_lang() == "zh"
        for row, result in enumerate(results):
            criterion = "En" if result["criterion"] == "en" else "z"
            score = f"{criterion} = {score_text(result['criterion'], result[result['criterion']])}"
            verdict = VERDICTS[result["verdict"]][0 if zh else 1]
            pilot = result["pilot_name"]
            if result["pilot_outside"]:
                pilot = self.tr("%1 (outside the registry)").replace("%1", pilot)
            for col, text in enumerate((result["scheme_no"], result["name"], pilot, result["date"] or "", score,
                                        verdict)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def show_decisions(self, items: list[dict[str, Any]]) -> None:
        """One row per decision: who recognises the standard, for the standard or its discipline."""
        self.decisions.setRowCount(len(items))
        for row, item in enumerate(items):
            scope = (self.tr("this standard") if item["standard_certificate_no"]
                     else self.tr("discipline %1").replace("%1", str(item["discipline"])))
            if item["parameter"]:
                scope += f" / {item['parameter']}"
            texts = (item["recorded_by"]["name"], scope, item["valid_from"], item["valid_until"] or "",
                     item["evidence"])
            for col, text in enumerate(texts):
                self.decisions.setItem(row, col, QTableWidgetItem(text))
