"""The data exchange page: export, import, received bundles, trusted keys, the own key.

* **Export**: the passphrase (a password dialog), where to save, then the signed bundle
  is written in a background op with its phases in a progress dialog; Cancel stops it
  before anything is written (not even the bundle's number is used up). The result names
  its number, validity and the key's fingerprint.
* **Import**: the import wizard (:mod:`ui.pages.import_wizard`).
* **Received bundles**: the recent imports and their signature status.
* **Trusted keys**: the other institutes' keys, fingerprints in large type to read out
  by phone, and each key's real state (trusted, rotated to another key, revoked from
  when and why, no longer trusted because a compromised key endorsed it) with the
  statement that did it; add one from its key card (after comparing the fingerprint; a
  second key of the same institute only after confirming what it replaces), revoke one
  (from a compromise date), import a key statement file sent on its own.
* **Own key**: the fingerprint to read out to others, the public card to send them,
  and key rotation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from labregistry import i18n as core_i18n
from labregistry.errors import DomainError
from labregistry.crypto.keys import normalise_fingerprint
from labregistry.registry import Registry
from labregistry.services import certificates, exchange, receipts
from ui import core_reads, dialogs, errors, files, i18n, labels, workers
from ui.pages.folder_import import FolderImportDialog
from ui.pages.import_wizard import BUNDLE_FILTER, FINAL_PHASES, ImportWizard, phase_texts
from ui.pages.replace_key import confirm_replacement
from ui.widgets.common import (
    FingerprintLabel,
    InlineMessage,
    fixed_font,
    heading,
    push_button,
    read_only_table,
    row_of,
)
from ui.widgets.passphrase import ask_passphrase

CARD_FILTER = "*.card *.json *.xlsx"
STATEMENT_FILTER = "*.json"


def _table(columns: list[str], name: str) -> QTableWidget:
    table = read_only_table(columns, name)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


def _item(value: Any) -> QTableWidgetItem:
    return QTableWidgetItem("" if value is None else str(value))


def _date(value: Any) -> str:
    return labels.format_date(value) if isinstance(value, (dt.date, dt.datetime)) else str(value or "")[:10]


# --------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------


class ExportPanel(QWidget):
    exported = Signal(object)  # ExportResult

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("export_panel")
        self._op: workers.Op[Any] | None = None
        self.result: Any = None
        intro = QLabel(
            self.tr(
                "Sign your institute's standards, authorisations and staff into one bundle file (.xlsx) "
                "and send it to the other institutes. They can check that it comes from you and was not "
                "changed on the way. Private data (phone numbers, ID numbers) never leaves the institute."
            )
        )
        intro.setWordWrap(True)
        self.valid_days = QSpinBox()
        self.valid_days.setObjectName("valid_days")
        self.valid_days.setRange(7, 730)
        self.valid_days.setValue(exchange.DEFAULT_VALID_DAYS)
        self.valid_days.setSuffix(self.tr(" days"))
        self.valid_days.setAccessibleName(self.tr("Valid for"))
        self.export_button = QPushButton(self.tr("Export a bundle ..."))
        self.export_button.setObjectName("export")
        self.export_button.setToolTip(QKeySequence("Ctrl+E").toString(QKeySequence.SequenceFormat.NativeText))
        self.export_button.clicked.connect(self._export_clicked)
        form = QFormLayout()
        form.addRow(self.tr("Valid for"), self.valid_days)
        row = row_of(self.export_button)
        self.message = InlineMessage()
        self.message.setObjectName("export_message")

        self.result_box = QGroupBox(self.tr("Last export"))
        self.result_box.setObjectName("export_result")
        self.result_text = QLabel()
        self.result_text.setObjectName("export_summary")
        self.result_text.setWordWrap(True)
        self.result_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_fingerprint = FingerprintLabel(scale=1.4)
        box = QVBoxLayout(self.result_box)
        box.addWidget(self.result_text)
        box.addWidget(QLabel(self.tr("Signed with the key whose fingerprint is:")))
        box.addWidget(self.result_fingerprint)
        self.result_box.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.result_box)
        layout.addStretch(1)

    def suggested_name(self) -> str:
        own = core_reads.own_institute(self.reg) or {}
        return f"LabRegistry-{own.get('uscc', 'bundle')}-{dt.date.today():%Y%m%d}.xlsx"

    def _export_clicked(self) -> None:
        self.export()

    def export(self, error: str | None = None) -> None:
        """Ask the passphrase and check it (asked again while wrong), only then ask where
        to save: a wrong passphrase never costs the lab manager the chosen file."""
        if self._op is not None and not self._op.done:
            return
        passphrase = ask_passphrase(
            self,
            title=self.tr("Sign the bundle"),
            text=self.tr("The bundle is signed with the institute's key. Type its passphrase."),
            error=error,
        )
        if passphrase is None:
            return
        reg = self.reg
        self.export_button.setEnabled(False)
        self.message.show_ok(self.tr("Checking the passphrase ..."))  # a second: the key is derived slowly
        self._op = (
            workers.Op(lambda _p: certificates.unlock(reg, passphrase), parent=self)
            .success(lambda _key: self._write(passphrase))
            .failure(self._failed)
            .run()
        )

    def _write(self, passphrase: str) -> None:
        """Where to save (the folder last used for bundles), then sign and write."""
        self.export_button.setEnabled(True)
        self.message.clear_message()
        path = files.save_for(
            self,
            files.BUNDLES,
            self.tr("Save the bundle as"),
            self.suggested_name(),
            QCoreApplication.translate("ImportWizard", BUNDLE_FILTER),
        )
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        reg, days, texts = self.reg, self.valid_days.value(), phase_texts()

        def task(progress: workers.Progress) -> Any:
            report = workers.phase_reporter(progress, texts, final=FINAL_PHASES)
            return exchange.export_bundle(reg, path, passphrase, valid_days=days, progress=report)

        self.export_button.setEnabled(False)
        self._op = (
            workers.Op(task, parent=self)
            .success(self._exported)
            .failure(self._failed)
            .cancelled(self._cancelled)
            .with_progress(self.tr("Signing and writing the bundle ..."))
            .run()
        )

    def _cancelled(self) -> None:
        self.export_button.setEnabled(True)
        self.message.show_warning(self.tr("Export cancelled: no bundle was written."))

    def _exported(self, result: Any) -> None:
        self.export_button.setEnabled(True)
        self.message.clear_message()
        self.result = result
        m = result.manifest
        counts = m.counts()
        self.result_text.setText(
            self.tr(
                "Saved %1\nBundle No. %2, valid until %3 (issued %4).\n%5 standards, %6 authorisations, %7 people."
            )
            .replace("%1", str(result.path))
            .replace("%2", str(m.seq))
            .replace("%3", labels.format_date(m.expires_at))
            .replace("%4", labels.format_date(m.issued_at))
            .replace("%5", str(counts.get("standard", 0)))
            .replace("%6", str(counts.get("authorisation", 0)))
            .replace("%7", str(counts.get("staff", 0)))
        )
        self.result_fingerprint.set_fingerprint(str(exchange.key_summary(self.reg)["fingerprint"]))
        self.result_box.show()
        self.exported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        if isinstance(exc, DomainError) and exc.code == "key.passphrase_wrong":
            self.export(error=exc.render(i18n.core_lang()))
            return
        errors.show_exception(self, exc)


# --------------------------------------------------------------------------------------
# import and received bundles
# --------------------------------------------------------------------------------------


class ImportPanel(QWidget):
    imported = Signal(object)

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("import_panel")
        self.wizard: ImportWizard | None = None
        intro = QLabel(
            self.tr(
                "Import the bundle another institute sent you. LabRegistry first checks that it is "
                "genuine and unchanged, then shows what would change; nothing is written until you confirm, "
                "and the database is backed up before."
            )
        )
        intro.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import a bundle ..."))
        self.import_button.setObjectName("import")
        self.import_button.setToolTip(QKeySequence("Ctrl+I").toString(QKeySequence.SequenceFormat.NativeText))
        self.import_button.clicked.connect(self._import_clicked)
        self.received = _table(
            [
                self.tr("Received"),
                self.tr("From"),
                self.tr("USCC"),
                self.tr("No."),
                self.tr("Valid until"),
                self.tr("Signature"),
                self.tr("Added"),
                self.tr("Changed"),
                self.tr("Withdrawn"),
            ],
            "received",
        )
        self.received.setAccessibleName(self.tr("Received bundles"))
        for n, width in enumerate((130, 220, 150, 50, 90, 230, 60, 60)):
            self.received.horizontalHeader().resizeSection(n, width)
        self.folder_button = QPushButton(self.tr("Import a folder of bundles ..."))
        self.folder_button.setObjectName("import_folder")
        self.folder_button.setToolTip(
            self.tr("Every bundle in the folder is checked first; one preview, one confirmation, one backup")
        )
        self.folder_button.clicked.connect(self._folder_clicked)
        self.folder_dialog: FolderImportDialog | None = None
        row = row_of(self.import_button, self.folder_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addSpacing(8)
        layout.addWidget(heading(self.tr("Received bundles"), 1.1))
        layout.addWidget(self.received, 1)

    def _import_clicked(self) -> None:
        self.start_import()

    def start_import(self, path: Path | None = None) -> ImportWizard:
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        wizard = ImportWizard(self.reg, self, path)
        wizard.imported.connect(self._imported)
        wizard.finished.connect(self._wizard_closed)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _folder_clicked(self) -> None:
        folder = files.folder_for(self, files.BUNDLES, self.tr("Choose the folder of bundles"))
        if folder is not None:
            self.import_folder(folder)

    def import_folder(self, folder: Path) -> FolderImportDialog:
        """Check every bundle in ``folder`` and show the preview (the dialog imports on confirmation)."""
        dialog = FolderImportDialog(self.reg, folder, self)
        dialog.imported.connect(self._imported)
        self.folder_dialog = dialog
        dialog.open()
        dialog.check()
        return dialog

    def _imported(self, result: Any) -> None:
        self.refresh()
        self.imported.emit(result)

    def _wizard_closed(self, _code: int) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            if wizard.trusted_now:
                self.imported.emit(None)  # the trust list changed
            wizard.deleteLater()

    def refresh(self) -> None:
        bundles = receipts.received_bundles(self.reg, limit=200)
        now = dt.datetime.now(dt.UTC)
        self.received.setRowCount(len(bundles))
        for r, b in enumerate(bundles):
            expires = b.get("expires_at")
            if isinstance(expires, dt.datetime) and expires.tzinfo is None:
                expires = expires.replace(tzinfo=dt.UTC)
            if b.get("expired_accepted"):
                status = self.tr("Verified; was expired, accepted knowingly")
            elif isinstance(expires, dt.datetime) and expires < now:
                status = self.tr("Verified; expired since %1").replace("%1", _date(expires))
            else:
                status = self.tr("Verified ✓")
            values = [
                labels.local_time(b.get("received_at")),
                b.get("issuer_name"),
                b.get("issuer_uscc"),
                b.get("seq"),
                _date(b.get("expires_at")),
                status,
                b.get("added"),
                b.get("changed"),
                b.get("withdrawn"),
            ]
            for c, value in enumerate(values):
                self.received.setItem(r, c, _item(value))

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        self.refresh()


# --------------------------------------------------------------------------------------
# trusted keys
# --------------------------------------------------------------------------------------


class TrustDialog(QDialog):
    """Trust a key from a card file, after the user typed the fingerprint heard by phone."""

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("trust_dialog")
        self.setWindowTitle(self.tr("Trust a key"))
        intro = QLabel(
            self.tr(
                "Choose the key card (or a bundle) the other institute sent you. Then call them on a number "
                "you already know, ask them to read out the fingerprint of their key (Data exchange, Own key) "
                "and type it here."
            )
        )
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setObjectName("card_path")
        self.path.setAccessibleName(self.tr("Key card"))
        browse = QPushButton(self.tr("Browse ..."))
        browse.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.fingerprint = QLineEdit()
        self.fingerprint.setObjectName("fingerprint_entry")
        self.fingerprint.setAccessibleName(self.tr("Fingerprint they read to you"))
        self.fingerprint.setFont(fixed_font(1.2, self.fingerprint.font()))
        self.message = InlineMessage()
        form = QFormLayout()
        form.addRow(self.tr("Key card"), row)
        form.addRow(self.tr("Fingerprint they read to you"), self.fingerprint)
        self.coordinator = QCheckBox(
            self.tr("This is the regional coordinator: also trust the institute keys it endorses")
        )
        self.coordinator.setObjectName("as_coordinator")
        self.coordinator.setToolTip(
            self.tr("Bundles of institutes whose keys the coordinator endorsed are then imported without a phone "
                    "call of their own, until the endorsement ends or the coordinator withdraws it.")
        )
        form.addRow("", self.coordinator)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Trust this key"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(620, 260)
        self.added: Any = None

    def choose(self) -> None:
        chosen = files.open_for(self, files.KEYS, self.tr("Choose the key card"), CARD_FILTER)
        if chosen is not None:
            self.path.setText(str(chosen))

    def accept(self) -> None:  # Qt's name
        path, typed = Path(self.path.text().strip()), self.fingerprint.text()
        if normalise_fingerprint(typed) is None:
            self.message.show_error(self.tr("A fingerprint has 40 digits in 8 groups of 5."))
            return
        try:  # reading one small card: quick
            plan = exchange.plan_trust_add(self.reg, path, typed)
            replace = bool(plan.replaces)
            if replace and not confirm_replacement(self, plan.replaces, plan.card.uscc, plan.card.key_id):
                self.message.show_warning(self.tr("Not trusted: the key it would replace stays trusted."))
                return
            self.added = exchange.trust_add(self.reg, path, typed, replace=replace,
                                            coordinator=self.coordinator.isChecked())
        except DomainError as exc:
            self.message.show_error(exc.render(i18n.core_lang()))
            return
        super().accept()


class RevokeDialog(QDialog):
    """Stop trusting a key: why, and from when (a compromise may have begun before it was
    found; what the key endorsed after that time loses trust too)."""

    def __init__(self, key: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revoke_dialog")
        self.setWindowTitle(self.tr("Revoke the key"))
        intro = QLabel(
            self.tr(
                "Stop trusting the key %1 of %2? Bundles signed with it will be refused from now on; keys it "
                "endorsed after the time below lose trust too. This cannot be undone here."
            )
            .replace("%1", str(key["key_id"]))
            .replace("%2", str(key.get("institute_name") or key["uscc"]))
        )
        intro.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("revoke_reason")
        self.reason.setAccessibleName(self.tr("Reason"))
        self.since = QDateTimeEdit(QDateTime.currentDateTime())
        self.since.setObjectName("compromised_since")
        self.since.setAccessibleName(self.tr("Not to be trusted from"))
        self.since.setCalendarPopup(True)
        self.since.setMaximumDateTime(QDateTime.currentDateTime())
        self.since.setDisplayFormat("yyyy-MM-dd HH:mm")
        note = QLabel(self.tr("If the key may have been compromised earlier, give the earliest time it could have been."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Not to be trusted from"), self.since)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Revoke"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def compromised_since(self) -> dt.datetime:
        """The time chosen, as an aware UTC datetime (never after now)."""
        chosen = self.since.dateTime().toSecsSinceEpoch()
        return min(dt.datetime.fromtimestamp(chosen, dt.UTC), dt.datetime.now(dt.UTC)).replace(microsecond=0)


class TrustPanel(QWidget):
    changed = Signal()

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("trust_panel")
        self.keys: list[dict[str, Any]] = []
        intro = QLabel(
            self.tr(
                "Bundles are imported only when signed with a key you trust. Trust a key only after "
                "comparing its fingerprint with the other institute by phone."
            )
        )
        intro.setWordWrap(True)
        self.table = _table(
            [
                self.tr("Institute"),
                self.tr("USCC"),
                self.tr("Fingerprint"),
                self.tr("Status"),
                self.tr("Added"),
            ],
            "trusted_keys",
        )
        self.table.setAccessibleName(self.tr("Trusted keys"))
        header = self.table.horizontalHeader()
        for n, width in enumerate((240, 160, 420, 200)):
            header.resizeSection(n, width)
        self.table.itemSelectionChanged.connect(self._selected)
        self.add_button = push_button(self.tr("Add from a key card ..."), "add_key", self.add_key)
        self.revoke_button = push_button(
            self.tr("Revoke ..."), "revoke_key", self.revoke_selected, enabled=False
        )
        self.import_button = QPushButton(self.tr("Import a key statement ..."))
        self.import_button.setObjectName("import_statement")
        self.import_button.setToolTip(
            self.tr("A rotation or revocation an institute sent on its own, before its next bundle")
        )
        self.import_button.clicked.connect(self.import_statement)
        buttons = row_of(self.add_button, self.revoke_button, self.import_button)
        self.message = InlineMessage()
        self.message.setObjectName("trust_message")
        self.selected_name = QLabel()
        self.selected_name.setObjectName("selected_key")
        self.selected_fingerprint = FingerprintLabel()
        self.selected_state = QLabel()
        self.selected_state.setObjectName("selected_state")
        self.selected_state.setWordWrap(True)
        self.selected_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.selected_name)
        layout.addWidget(self.selected_fingerprint)
        layout.addWidget(self.selected_state)

    def refresh(self) -> None:
        self.keys = core_i18n.render_all(exchange.trust_list(self.reg), i18n.core_lang())
        self.table.setRowCount(len(self.keys))
        font = fixed_font(1.1, self.table.font())
        for r, key in enumerate(self.keys):
            status = self.state_text(key)
            values = [
                key.get("institute_name"),
                key.get("uscc"),
                key.get("fingerprint"),
                status,
                f"{_date(key.get('added_at'))} {key.get('added_by') or ''}".strip(),
            ]
            for c, value in enumerate(values):
                item = _item(value)
                if c == 2:
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self._selected()

    def state_text(self, key: dict[str, Any]) -> str:
        """The key's state in a few words (the table's Status column), and how it is trusted."""
        text = self._state_text(key)
        if key.get("coordinator") and key.get("state") in ("trusted", "rotated"):
            text += self.tr(", as regional coordinator")
        return text

    def _state_text(self, key: dict[str, Any]) -> str:
        state = key.get("state")
        how = key.get("trust") or {}
        if state == "endorsed":
            return (self.tr("Endorsed by the coordinator %1 until %2")
                    .replace("%1", str(how.get("coordinator_name") or how.get("coordinator_uscc")))
                    .replace("%2", str(how.get("until"))))
        if state == "not_endorsed":
            return self.tr("Not trusted: the endorsement no longer holds")
        since = _date(key.get("compromised_since") or key.get("revoked_at"))
        if state == "revoked":
            return self.tr("Revoked, not trusted from %1").replace("%1", since)
        if state == "distrusted":
            return self.tr("Not trusted: endorsed by the compromised key %1").replace(
                "%1", str(key.get("compromised_key") or "")
            )
        if state == "rotated":
            return self.tr("Rotated to %1").replace("%1", ", ".join(key.get("rotated_to") or []))
        if key.get("endorsed_by"):
            return self.tr("Trusted (new key endorsed by %1)").replace("%1", key["endorsed_by"])
        return self.tr("Trusted")

    def state_details(self, key: dict[str, Any]) -> str:
        """Why the key is in its state: the reason, the times and the statement that did it."""
        lines = [self.state_text(key)]
        how = key.get("trust") or {}
        if key.get("state") == "endorsed":
            lines.append(
                self.tr("Not checked by phone here: the regional coordinator %1 (%2) endorsed this key on %3, "
                        "and you trust the coordinator. The endorsement holds until %4 unless the coordinator "
                        "withdraws it.")
                .replace("%1", str(how.get("coordinator_name")))
                .replace("%2", str(how.get("coordinator_uscc")))
                .replace("%3", str(how.get("at")))
                .replace("%4", str(how.get("until")))
            )
        elif key.get("state") == "not_endorsed" and key.get("reason"):
            lines.append(str(key["reason"]))
        elif key.get("coordinator"):
            lines.append(self.tr("You trust this institute as the regional coordinator: the institute keys it "
                                 "endorses are trusted without a phone call of their own."))
        if key.get("revoked_reason"):
            lines.append(self.tr("Reason: %1").replace("%1", str(key["revoked_reason"])))
        if key.get("compromised_since"):
            lines.append(self.tr("Not to be trusted from %1 (UTC)").replace("%1", str(key["compromised_since"])))
        stmt = key.get("statement")
        if key.get("revoked_by") == "local":
            lines.append(self.tr("Revoked here (trust revoke)."))
        elif stmt:
            kind = self.tr("revocation") if stmt["type"] == "revoke" else self.tr("rotation")
            lines.append(
                self.tr("By the %1 statement %2, signed by key %3 on %4.")
                .replace("%1", kind)
                .replace("%2", str(stmt["sha256"])[:16])
                .replace("%3", str(stmt.get("signer_key_id") or stmt.get("old_key_id")))
                .replace("%4", str(stmt.get("at")))
            )
        return "\n".join(lines)

    def selected_key(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.keys[rows[0].row()] if rows else None

    def _selected(self) -> None:
        key = self.selected_key()
        # a key known only through an endorsement is not in the trust store: the coordinator withdraws it
        self.revoke_button.setEnabled(bool(key and not key["revoked"] and key.get("added_at")))
        if key is None:
            self.selected_name.clear()
            self.selected_fingerprint.set_fingerprint("")
            self.selected_state.clear()
            return
        self.selected_name.setText(
            f"{key.get('institute_name') or ''}（{key.get('uscc')}）  {key.get('key_id')}"
        )
        self.selected_fingerprint.set_fingerprint(str(key.get("fingerprint") or ""))
        self.selected_state.setText(self.state_details(key))

    def import_statement(self) -> None:
        """Take a rotation or revocation statement file sent on its own."""
        path = files.open_for(self, files.KEYS, self.tr("Choose the key statement file"), STATEMENT_FILTER)
        if path is None:
            return
        try:  # one small file
            result = exchange.trust_import(self.reg, path)
        except DomainError as exc:
            self.message.show_error(exc.render(i18n.core_lang()))
            return
        parts = [self.tr("Imported %n statement(s).", "", len(result.statements))]
        if result.trusted:
            parts.append(self.tr("Now trusted: %1.").replace("%1", ", ".join(result.trusted)))
        if result.withdrawn:
            parts.append(self.tr("No longer trusted: %1.").replace("%1", ", ".join(result.withdrawn)))
        if result.revoked:
            parts.append(self.tr("Revoked by a revocation received before: %1 (it cannot be trusted again).").replace(
                "%1", ", ".join(result.revoked)))
        if result.untrusted:
            parts.append(
                self.tr("Not trusted yet: %1 (check the fingerprint by phone, then add the key).").replace(
                    "%1", ", ".join(result.untrusted)
                )
            )
        self.message.show_ok(" ".join(parts))
        self.refresh()
        self.changed.emit()

    def add_key(self) -> None:
        dialog = TrustDialog(self.reg, self)
        if errors.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.refresh()
            self.changed.emit()

    def revoke_selected(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        dialog = RevokeDialog(key, self)
        if errors.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        try:
            also = exchange.trust_revoke(self.reg, key["key_id"], dialog.reason.text().strip() or None,
                                         compromised_since=dialog.compromised_since())
        except DomainError as exc:
            errors.show_domain_error(self, exc)
            also = []
        if also:
            self.message.show_warning(self.tr("No longer trusted with it: %1.").replace("%1", ", ".join(also)))
        self.refresh()
        self.changed.emit()

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        self.refresh()


# --------------------------------------------------------------------------------------
# own key
# --------------------------------------------------------------------------------------


class OwnKeyPanel(QWidget):
    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("own_key_panel")
        self._op: workers.Op[Any] | None = None
        intro = QLabel(
            self.tr(
                "Other institutes trust your bundles after comparing this fingerprint with you by phone. "
                "Read it out to them when they call, and send them your public key card."
            )
        )
        intro.setWordWrap(True)
        self.fingerprint = FingerprintLabel(scale=2.2)
        self.fingerprint.setObjectName("own_fingerprint")
        self.details = QLabel()
        self.details.setObjectName("own_key_details")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.card_button = push_button(
            self.tr("Export the public key card ..."), "export_card", self.export_card
        )
        self.rotate_button = push_button(self.tr("Replace the key (rotate) ..."), "rotate_key", self.rotate)
        self.message = InlineMessage()
        buttons = row_of(self.card_button, self.rotate_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def refresh(self) -> None:
        try:
            summary = exchange.key_summary(self.reg)
        except (DomainError, OSError):
            self.fingerprint.set_fingerprint("")
            self.details.setText(
                self.tr("The institute has no signing key yet: set up your institute first.")
            )
            self.card_button.setEnabled(False)
            self.rotate_button.setEnabled(False)
            return
        self.card_button.setEnabled(True)
        self.rotate_button.setEnabled(True)
        self.fingerprint.set_fingerprint(summary["fingerprint"])
        self.details.setText(
            self.tr("Key %1 of %2, %3, created %4")
            .replace("%1", summary["key_id"])
            .replace("%2", summary["uscc"])
            .replace("%3", summary["algorithm"])
            .replace("%4", _date(summary["created_at"]))
        )

    def export_card(self) -> None:
        own = core_reads.own_institute(self.reg) or {}
        suggested = f"LabRegistry-{own.get('uscc', 'key')}.card"
        path = files.save_for(self, files.KEYS, self.tr("Save the public key card as"), suggested, CARD_FILTER)
        if path is None:
            return
        try:
            written = exchange.export_public_card(self.reg, path)
        except (DomainError, OSError) as exc:
            errors.show_exception(self, exc)
            return
        self.message.show_ok(
            self.tr("Saved %1. Send it to the other institutes.").replace("%1", str(written))
        )

    def rotate(self) -> None:
        if not dialogs.confirm(
            self,
            self.tr("Replace the key"),
            self.tr("Replace the institute's signing key with a new one?"),
            self.tr(
                "Do this when the key may have been exposed, or by policy. The old key endorses the new one, "
                "so institutes that trust you accept your next bundles; tell them the new fingerprint."
            ),
            ok_text=self.tr("Replace the key"),
            warning=True,
        ):
            return
        passphrase = ask_passphrase(self, title=self.tr("Replace the key"))
        if passphrase is None:
            return
        reg = self.reg
        self.rotate_button.setEnabled(False)
        self._op = (
            workers.Op(lambda _p: exchange.rotate_key(reg, passphrase), parent=self)
            .success(self._rotated)
            .failure(self._rotate_failed)
            .with_progress(self.tr("Making the new key ..."), cancellable=False)
            .run()
        )

    def _rotated(self, result: dict[str, Any]) -> None:
        self.refresh()
        self.message.show_ok(
            self.tr(
                "The new key %1 is in use. Export the public key card again and send it to the others."
            ).replace("%1", str(result["key_id"]))
        )

    def _rotate_failed(self, exc: BaseException) -> None:
        self.rotate_button.setEnabled(True)
        errors.show_exception(self, exc)

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        self.refresh()


# --------------------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------------------


class ExchangePage(QWidget):
    data_changed = Signal()  # an import or a trust change: the lists and overview re-read

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("page_exchange")
        self.export_panel = ExportPanel(reg)
        self.import_panel = ImportPanel(reg)
        self.trust_panel = TrustPanel(reg)
        self.own_key_panel = OwnKeyPanel(reg)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("exchange_tabs")
        self.tabs.addTab(self.import_panel, self.tr("Import"))
        self.tabs.addTab(self.export_panel, self.tr("Export"))
        self.tabs.addTab(self.trust_panel, self.tr("Trusted keys"))
        self.tabs.addTab(self.own_key_panel, self.tr("Own key"))
        self.import_panel.imported.connect(self._imported)
        self.trust_panel.changed.connect(self.data_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 6, 4)
        layout.addWidget(self.tabs)

    def _imported(self, _result: Any) -> None:
        self.data_changed.emit()

    def _import_clicked(self) -> None:
        self.start_import()

    def start_import(self, path: Path | None = None) -> ImportWizard:
        self.tabs.setCurrentWidget(self.import_panel)
        return self.import_panel.start_import(path)

    def start_export(self) -> None:
        self.tabs.setCurrentWidget(self.export_panel)
        self.export_panel.export()
