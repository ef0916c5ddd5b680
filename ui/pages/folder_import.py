"""Import a folder of bundles, as a coordinator does (issue 19): the app's way of
``labregistry import FOLDER``.

Every bundle is checked first (:func:`labregistry.services.regionimport.preview_import`, on
a worker thread, with a progress dialog that can cancel: nothing is written by then); the
preview lists each institute's newest bundle with what it adds, changes and withdraws, how
its key is trusted in plain words (checked by phone here, or endorsed by the coordinator
until a date), and each refusal with its reason. One click imports them all: one backup,
each bundle all or nothing (:func:`~labregistry.services.regionimport.apply_import`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labregistry.registry import Registry
from labregistry.services import regionimport
from labregistry.services.regionimport import BundleItem, RegionImport
from ui import errors, i18n, workers
from ui.widgets.common import InlineMessage


class FolderImportDialog(QDialog):
    """The preview of a folder's bundles, then their import on confirmation."""

    imported = Signal(object)

    def __init__(self, reg: Registry, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg, self.folder = reg, folder
        self.plan: RegionImport | None = None
        self._op: Any = None
        self.setObjectName("folder_import")
        self.setWindowTitle(self.tr("Import a folder of bundles"))
        self.summary = QLabel(self.tr("Checking every bundle in %1 ...").replace("%1", str(folder)))
        self.summary.setWordWrap(True)
        columns = [self.tr("File"), self.tr("Institute"), self.tr("USCC"), self.tr("No."), self.tr("Result"),
                   self.tr("Key"), self.tr("Added"), self.tr("Changed"), self.tr("Withdrawn")]
        self.table = QTableWidget(0, len(columns))
        self.table.setObjectName("bundles")
        self.table.setAccessibleName(self.tr("Bundles in the folder"))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("import_all")
        self.import_button.setEnabled(False)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.clicked.connect(self.import_all)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(1000, 520)

    def phase_texts(self) -> dict[str, str]:
        return {"verifying": self.tr("Checking bundle %1 of %2 ..."),
                "importing": self.tr("Importing bundle %1 of %2 ...")}

    def check(self) -> None:
        """Read and check every bundle (nothing is written); the preview follows."""
        reg, folder, texts = self.reg, self.folder, self.phase_texts()

        def task(progress: workers.Progress) -> RegionImport:
            report = workers.phase_reporter(progress, texts)
            return regionimport.preview_import(reg, [folder], progress=report)

        self._op = (workers.Op(task, parent=self).success(self.show_plan).failure(self._failed)
                    .cancelled(self.reject).with_progress(self.tr("Checking the bundles ...")).run())

    def import_all(self) -> None:
        """One backup, then every bundle the preview found ready, each all or nothing."""
        plan, reg, texts = self.plan, self.reg, self.phase_texts()
        if plan is None:
            return
        self.import_button.setEnabled(False)

        def task(progress: workers.Progress) -> RegionImport:
            report = workers.phase_reporter(progress, texts, final={"importing"})
            return regionimport.apply_import(reg, plan, progress=report)

        self._op = (workers.Op(task, parent=self).success(self._imported).failure(self._failed)
                    .with_progress(self.tr("Importing the bundles ..."), cancellable=False).run())

    def _imported(self, plan: RegionImport) -> None:
        self.show_plan(plan)
        self.imported.emit(plan)

    def _failed(self, exc: BaseException) -> None:
        errors.show_exception(self, exc)
        self.reject()

    def show_plan(self, plan: RegionImport) -> None:
        self.plan = plan
        self.table.setRowCount(len(plan.items))
        for r, item in enumerate(plan.items):
            values = [item.path.name, item.issuer_name or "", item.issuer_uscc or "", item.seq or "",
                      self.result_text(item), self.trust_text(item), item.counts["added"], item.counts["changed"],
                      item.counts["withdrawn"]]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(str(value))
                cell.setToolTip(str(value))
                self.table.setItem(r, c, cell)
        totals = plan.totals()
        ready, refused = len(plan.of("ready")), len(plan.of("refused"))
        counts = (self.tr("%1 added, %2 changed, %3 withdrawn").replace("%1", str(totals["added"]))
                  .replace("%2", str(totals["changed"])).replace("%3", str(totals["withdrawn"])))
        if plan.applied:
            text = self.tr("Imported %1 bundles: %2.").replace("%1", str(len(plan.of("imported")))).replace("%2", counts)
        else:
            text = (self.tr("%1 bundles checked: %2 to import (%3), %4 refused. Nothing is written until you "
                            "click Import; the database is backed up first.")
                    .replace("%1", str(len(plan.items))).replace("%2", str(ready)).replace("%3", counts)
                    .replace("%4", str(refused)))
        self.summary.setText(text)
        self.import_button.setText(self.tr("Import %n bundle(s)", "", ready))
        self.import_button.setEnabled(bool(ready) and not plan.applied)
        if refused:
            self.message.show_warning(self.tr("%n bundle(s) refused: see the Result column.", "", refused))
        else:
            self.message.clear_message()

    def result_text(self, item: BundleItem) -> str:
        if item.status == "ready":
            return self.tr("To import") + (self.tr(" (expired: marked as out of date)") if item.expired else "")
        if item.status == "imported":
            return self.tr("Imported ✓")
        if item.status == "unchanged":
            return self.tr("Unchanged: %1").replace("%1", i18n.shown(item.reason))
        return self.tr("Refused: %1").replace("%1", i18n.shown(item.reason) or item.reason_code or "")

    def trust_text(self, item: BundleItem) -> str:
        """How the bundle's key is trusted, in plain words."""
        how = item.trust or {}
        if how.get("how") == "endorsed":
            return (self.tr("Endorsed by the coordinator %1 until %2")
                    .replace("%1", how.get("coordinator_name") or how.get("coordinator_uscc", ""))
                    .replace("%2", how.get("until", "")))
        if how.get("how") == "rotation":
            return self.tr("New key, endorsed by the key you checked")
        if how.get("how") == "direct":
            return self.tr("Checked by phone here")
        return ""
