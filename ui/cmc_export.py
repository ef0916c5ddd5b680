"""The own capabilities as a CMC table (CNAS-GL025 / KCDB shape), from the standards list.

The same file as ``labregistry cmc-table OUT.xlsx``: :mod:`labregistry.services.cmc_table`
writes it whole or not at all and never over the registry's own files. The file is chosen
in the folder last used for reports; the table is read and written on a worker; a message
names the file and how many capability rows it holds, and a refusal says why in words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from labregistry.i18n import tr as core_message
from labregistry.registry import Registry
from labregistry.services import cmc_table, institutes
from ui import errors, files, i18n, workers


class CmcExport:
    """Runs one export of the CMC table at a time; ``last`` is the file last written (for tests)."""

    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self.op: workers.Op[Any] | None = None
        self.last: Path | None = None

    def run(self, parent: QWidget) -> None:
        if self.op is not None and not self.op.done:
            return
        lang = i18n.core_lang()
        institute = str((institutes.own_institute(self.reg) or {}).get("name") or "")
        name = f"{core_message('cmc.title', lang, institute=institute)}-{dt.date.today().isoformat()}.xlsx"
        title = QCoreApplication.translate("CmcExport", "Export the CMC table")
        target = files.save_for(parent, files.REPORTS, title, name, "Excel (*.xlsx)")
        if target is None:
            return
        out, reg, language = target.with_suffix(".xlsx"), self.reg, i18n.doc_language()
        self.op = (
            workers.Op(lambda _p: cmc_table.write_cmc_table(reg, out, institute=institute, language=language),
                       parent=parent)
            .success(lambda table: self._written(parent, table))
            .with_progress(QCoreApplication.translate("CmcExport", "Writing the CMC table ..."), cancellable=False)
            .run()
        )

    def _written(self, parent: QWidget, table: cmc_table.CmcTable) -> None:
        self.last = table.path
        box = QMessageBox(parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(QCoreApplication.translate("CmcExport", "CMC table"))
        if table.rows:
            text = QCoreApplication.translate("CmcExport", "Wrote %1 capability row(s) to %2.")
        else:
            text = QCoreApplication.translate(
                "CmcExport", "Wrote %2. It holds no capability row: no own standard is in force today.")
        box.setText(text.replace("%1", str(table.rows)).replace("%2", str(table.path)))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        errors.exec_dialog(box)
