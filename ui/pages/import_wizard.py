"""The import wizard: pick a bundle, see whether it is genuine, preview the changes, merge.

1. **File**: the ``.xlsx`` bundle another institute sent.
2. **Verification** (``exchange.read_verified``), said in plain words. When the sender's
   key is not trusted yet, its fingerprint is shown in large type and the user is asked
   to call the sender and compare it by phone, then to type the fingerprint they heard;
   only a match enables "Trust this key" (``exchange.trust_add``). Nothing is trusted
   silently. An expired bundle can be accepted knowingly (its records are marked stale).
3. **Preview** (``import_bundle(dry_run=True)``, of the bundle read and verified in step 2,
   without reading or verifying it again): records added, changed (each field
   before → after) and withdrawn. The "Import" button commits.
4. **Merge** (``import_bundle`` of the previewed plan), all or nothing, after an automatic
   backup; verified once more inside the writing transaction.

Every call runs in a background op; the wizard keeps a reference to the running one. The
long ones show their phase (reading, verifying, comparing, merging n of N) in a progress
dialog whose Cancel stops them with the registry exactly as before: the services report
only where stopping rolls everything back, and the last step (saving) cannot be cancelled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from labregistry.errors import DomainError
from labregistry.crypto.keys import fingerprint_matches, normalise_fingerprint
from labregistry.registry import Registry
from labregistry.services import changes, exchange
from ui import errors, files, i18n, labels, workers
from ui.i18n import QT_TRANSLATE_NOOP
from ui.editors.history import rendered_rows
from ui.forms import capitalised
from ui.pages.replace_key import confirm_replacement
from ui.widgets.common import FingerprintLabel, InlineMessage, heading, push_button

BUNDLE_FILTER = QT_TRANSLATE_NOOP("ImportWizard", "Bundles (*.xlsx)")
PREVIEW_LIMIT = 2000  # records listed per group; the counts are always complete


def phase_texts() -> dict[str, str]:
    """The exchange services' phases in words (``exchange.Progress``); %1 of %2 records."""
    return {phase: QCoreApplication.translate("ExchangeProgress", text) for phase, text in PHASES.items()}


PHASES = {
    "unlocking": QT_TRANSLATE_NOOP("ExchangeProgress", "Unlocking the institute's key ..."),
    "reading": QT_TRANSLATE_NOOP("ExchangeProgress", "Reading ..."),
    "verifying": QT_TRANSLATE_NOOP("ExchangeProgress", "Checking the signature and every sheet ..."),
    "comparing": QT_TRANSLATE_NOOP("ExchangeProgress", "Comparing the bundle with your registry ..."),
    "backup": QT_TRANSLATE_NOOP("ExchangeProgress", "Backing up the database ..."),
    "merging": QT_TRANSLATE_NOOP("ExchangeProgress", "Merging: %1 of %2 records ..."),
    "saving": QT_TRANSLATE_NOOP("ExchangeProgress", "Saving ..."),
    "writing": QT_TRANSLATE_NOOP("ExchangeProgress", "Signing and writing the bundle ..."),
}
"""English source texts of the phases (translated in the "ExchangeProgress" context)."""

FINAL_PHASES = frozenset({"saving", "writing"})
"""From these on, the work cannot be cancelled: the transaction commits next."""


def plain_value(value: Any) -> str:
    if isinstance(value, dict):  # canonical cells: {"n": "12"}, {"d": "2025-03-01"}
        value = next(iter(value.values()), None)
    return "" if value is None else str(value)


def record_title(records: dict[str, Any], change: Any) -> str:
    """The label of a changed record, with its name when the label is a certificate number."""
    fields = records.get(change.kind, {}).get(change.uid, {}).get("fields", {})
    name = plain_value(fields.get("name"))
    if name and name != change.label:
        return f"{change.label}  {name}"
    return str(change.label)


def counts_text(counts: dict[str, int]) -> str:
    return (
        QCoreApplication.translate("ImportWizard", "%1 standards, %2 authorisations, %3 people")
        .replace("%1", str(counts.get("standard", 0)))
        .replace("%2", str(counts.get("authorisation", 0)))
        .replace("%3", str(counts.get("staff", 0)))
    )


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setObjectName("file_page")
        self.setTitle(self.tr("Choose the bundle"))
        self.setSubTitle(
            self.tr(
                "A bundle is the .xlsx file another institute signed and sent you. "
                "Nothing in your registry changes until you confirm the import at the end."
            )
        )
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("bundle_path")
        self.path_edit.setAccessibleName(self.tr("Bundle file"))
        self.browse = push_button(self.tr("Browse ..."), "browse", self.choose)
        self.path_edit.textChanged.connect(self.completeChanged)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Bundle file")))
        layout.addLayout(row)
        layout.addStretch(1)

    def choose(self) -> None:
        chosen = files.open_for(
            self,
            files.BUNDLES,
            self.tr("Choose the bundle"),
            QCoreApplication.translate("ImportWizard", BUNDLE_FILTER),
        )
        if chosen is not None:
            self.path_edit.setText(str(chosen))

    def isComplete(self) -> bool:  # Qt's name
        text = self.path_edit.text().strip()
        return bool(text) and Path(text).is_file()

    def validatePage(self) -> bool:  # Qt's name
        self.wiz.path = Path(self.path_edit.text().strip())
        self.wiz.parsed = None  # read when chosen: a file changed meanwhile is read as it is now
        return True


class VerifyPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setObjectName("verify_page")
        self.setTitle(self.tr("Is the bundle genuine?"))
        self._op: workers.Op[Any] | None = None

        self.headline = heading("", 1.2)
        self.headline.setObjectName("verdict")
        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason = InlineMessage()
        self.reason.setObjectName("reason")

        # an unknown sender: compare the fingerprint by phone, then trust
        self.trust_box = QGroupBox(self.tr("Compare the fingerprint by phone"))
        self.trust_box.setObjectName("trust_box")
        self.trust_intro = QLabel()
        self.trust_intro.setWordWrap(True)
        self.fingerprint = FingerprintLabel()
        self.typed = QLineEdit()
        self.typed.setObjectName("typed_fingerprint")
        self.typed.setAccessibleName(self.tr("Fingerprint they read to you"))
        self.typed.setPlaceholderText("12345 67890 …")
        self.typed.textChanged.connect(self._typed_changed)
        self.match = InlineMessage()
        self.match.setObjectName("match")
        self.trust_button = push_button(self.tr("Trust this key"), "trust", self.trust, enabled=False)
        trust_layout = QVBoxLayout(self.trust_box)
        trust_layout.addWidget(self.trust_intro)
        trust_layout.addWidget(self.fingerprint)
        trust_layout.addWidget(QLabel(self.tr("Type the fingerprint they read to you:")))
        trust_layout.addWidget(self.typed)
        trust_layout.addWidget(self.match)
        trust_layout.addWidget(self.trust_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.accept_expired = QCheckBox(self.tr("Import it anyway; its records are marked as out of date"))
        self.accept_expired.setObjectName("accept_expired")
        self.accept_expired.toggled.connect(self._expired_toggled)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(self.reason)
        layout.addWidget(self.trust_box)
        layout.addWidget(self.accept_expired)
        layout.addStretch(1)

    def initializePage(self) -> None:  # Qt's name
        self.accept_expired.blockSignals(True)
        self.accept_expired.setChecked(self.wiz.accept_expired)
        self.accept_expired.blockSignals(False)
        self.verify()

    def verify(self) -> None:
        self.wiz.verification = None
        self.headline.setText(self.tr("Checking the signature ..."))
        for widget in (self.details, self.trust_box, self.accept_expired):
            widget.setVisible(widget is self.accept_expired and self.wiz.accept_expired)
        self.reason.clear_message()
        self.completeChanged.emit()
        reg, path, accept = self.wiz.reg, self.wiz.path, self.wiz.accept_expired
        assert path is not None
        source = self.wiz.parsed or path  # the file is read once; a new trust or choice is checked again
        texts = phase_texts()

        def task(progress: workers.Progress) -> Any:
            report = workers.phase_reporter(progress, texts)
            return exchange.read_verified(reg, source, accept_expired=accept, progress=report)

        self._op = (
            workers.Op(task, parent=self)
            .success(self._verified)
            .cancelled(self._cancelled)
            .with_progress(self.tr("Checking the signature ..."))
            .run()
        )

    def _cancelled(self) -> None:
        self.headline.setText(self.tr("The check was cancelled"))
        self.reason.show_warning(self.tr("Go back and choose Next to check the bundle again."))

    def _verified(self, result: tuple[Any, Any]) -> None:
        verification, self.wiz.parsed = result
        self.show_verification(verification)

    def show_verification(self, v: Any) -> None:
        self.wiz.verification = v
        m = v.manifest
        issuer = f"{m.issuer_name}（{m.issuer_uscc}）" if m is not None else ""
        if m is not None:
            self.details.setText(
                self.tr("From: %1\nBundle No. %2, issued %3, valid until %4.\nIt holds %5.")
                .replace("%1", issuer)
                .replace("%2", str(m.seq))
                .replace("%3", labels.format_date(m.issued_at))
                .replace("%4", labels.format_date(m.expires_at))
                .replace("%5", counts_text(m.counts()))
            )
            self.details.show()
        self.trust_box.hide()
        self.accept_expired.setVisible(self.wiz.accept_expired)
        if v.valid:
            self.headline.setText(self.tr("✓ Genuine: signed with a key you trust, and unchanged since."))
            notes = []
            if len(v.trust_path) > 1:
                notes.append(
                    self.tr(
                        "The sender has changed its key since you trusted it; the old key endorsed the new one."
                    )
                )
            if v.endorsed is not None:
                how = v.endorsed.describe()
                notes.append(
                    self.tr("Its key was not checked by phone here: the regional coordinator %1 (%2), whom you "
                            "trust, endorsed it until %3.")
                    .replace("%1", how["coordinator_name"]).replace("%2", how["coordinator_uscc"])
                    .replace("%3", how["until"])
                )
            if v.expired:
                notes.append(self.tr("The bundle has expired; its records will be marked as out of date."))
            notes.extend(i18n.shown(w) for w in v.warnings)  # rows taken as written: where, and why
            if notes:
                self.reason.show_warning("\n".join(notes))
        elif v.reason_code == "bundle.unknown_key" and v.card is not None and m is not None:
            self.headline.setText(self.tr("The sender's key is not trusted yet"))
            self.trust_intro.setText(
                self.tr(
                    "Call %1 on a phone number you already know (not one from this file or its e-mail). "
                    "Ask them to open LabRegistry, Data exchange, Own key, and read out their fingerprint. "
                    "It must be exactly this one:"
                ).replace("%1", m.issuer_name)
            )
            self.fingerprint.set_fingerprint(v.card.fingerprint)
            self.typed.clear()
            self.match.clear_message()
            self.trust_box.show()
        elif v.reason_code == "bundle.expired":
            self.headline.setText(self.tr("The bundle has expired"))
            self.reason.show_warning(
                self.tr(
                    "It was valid until %1, so its data may be out of date. Ask the sender for a newer "
                    "bundle, or import it anyway: its records will then be marked as out of date."
                ).replace("%1", labels.format_date(m.expires_at) if m else "")
            )
            self.accept_expired.show()
        elif v.reason_code == "import.already":  # the very bundle imported: no attack, nothing to do
            self.headline.setText(self.tr("This bundle was imported already"))
            self.reason.show_warning(
                i18n.shown(v.reason)
                + "\n"
                + self.tr("There is nothing to import again: its records are in your registry as it sent them. "
                          "Nothing was changed.")
            )
        elif v.reason_code == "bundle.unsupported_version":  # the copy is fine: this program is too old
            self.headline.setText(self.tr("✗ This bundle was written by a newer LabRegistry"))
            self.reason.show_error(
                i18n.shown(v.reason)
                + "\n"
                + self.tr("Nothing was changed in your registry. Install a newer LabRegistry to import it.")
            )
        else:
            self.headline.setText(self.tr("✗ This bundle cannot be imported"))
            self.reason.show_error(
                (i18n.shown(v.reason) or v.reason_code or "")
                + "\n"
                + self.tr(
                    "Nothing was changed in your registry. Ask the sender for a new copy of the bundle."
                )
            )
        self.completeChanged.emit()

    def _typed_changed(self, text: str) -> None:
        v = self.wiz.verification
        if v is None or v.card is None:
            return
        if normalise_fingerprint(text) is None:
            self.match.clear_message()
            self.trust_button.setEnabled(False)
            return
        if fingerprint_matches(text, v.card.fingerprint):
            self.match.show_ok(self.tr("✓ The fingerprints match."))
            self.trust_button.setEnabled(True)
        else:
            self.match.show_error(
                self.tr(
                    "✗ The fingerprints differ. Do not trust this key: the file may not come from the sender."
                )
            )
            self.trust_button.setEnabled(False)

    def trust(self, replace: bool = False) -> None:
        reg, path, typed = self.wiz.reg, self.wiz.path, self.typed.text()
        assert path is not None
        self.trust_button.setEnabled(False)
        self._op = (
            workers.Op(lambda _p: exchange.trust_add(reg, path, typed, replace=replace), parent=self)
            .success(self._trusted)
            .failure(self._trust_failed)
            .run()
        )

    def _trusted(self, _row: Any) -> None:
        self.wiz.trusted_now = True
        self.verify()

    def _trust_failed(self, exc: BaseException) -> None:
        self.trust_button.setEnabled(True)
        if isinstance(exc, DomainError) and exc.code == "trust.other_key_trusted":
            p = exc.params
            replaces = [{"key_id": p["old"], "fingerprint": p["old_fingerprint"]}]
            if confirm_replacement(self, replaces, str(p["uscc"]), str(p["key_id"])):
                self.trust(replace=True)
            return
        errors.show_exception(self, exc)

    def _expired_toggled(self, checked: bool) -> None:
        self.wiz.accept_expired = checked
        self.verify()

    def isComplete(self) -> bool:  # Qt's name
        v = self.wiz.verification
        return bool(v is not None and v.valid)


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setObjectName("preview_page")
        self.setTitle(self.tr("What the import will change"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self._op: workers.Op[Any] | None = None
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("changes")
        self.tree.setAccessibleName(self.tr("Changes"))
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Record or field"), self.tr("Before"), self.tr("After")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 420)
        header.resizeSection(1, 170)
        header.setStretchLastSection(True)
        self.message = InlineMessage()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)

    def initializePage(self) -> None:  # Qt's name
        self.wiz.plan = None
        self.tree.clear()
        self.summary.setText(self.tr("Comparing the bundle with your registry ..."))
        self.message.clear_message()
        reg, accept = self.wiz.reg, self.wiz.accept_expired
        parsed, verified = self.wiz.parsed, self.wiz.verification  # the page before read and verified it
        assert parsed is not None
        texts = phase_texts()

        def task(progress: workers.Progress) -> Any:
            report = workers.phase_reporter(progress, texts)
            return exchange.import_bundle(
                reg, parsed, dry_run=True, accept_expired=accept, progress=report, verified=verified
            )

        self._op = (
            workers.Op(task, parent=self)
            .success(self.show_plan)
            .failure(self._failed)
            .cancelled(self._cancelled)
            .with_progress(self.tr("Comparing the bundle with your registry ..."))
            .run()
        )

    def _cancelled(self) -> None:
        self.summary.setText(self.tr("The comparison was cancelled; nothing was changed."))
        self.message.show_warning(self.tr("Go back and choose Next to compare again."))

    def show_plan(self, result: Any) -> None:
        plan = result.plan
        self.wiz.plan = plan
        counts = plan.counts()
        m = result.verification.manifest
        lang = i18n.core_lang()
        self.summary.setText(
            self.tr(
                "Importing adds %1, changes %2 and withdraws %3 records of %4. "
                "Your own records are never touched, and a backup of the database is taken first."
            )
            .replace("%1", str(counts["added"]))
            .replace("%2", str(counts["changed"]))
            .replace("%3", str(counts["withdrawn"]))
            .replace("%4", m.issuer_name if m else "")
        )
        groups = (
            ("added", self.tr("Added (%1)"), plan.added),
            ("changed", self.tr("Changed (%1)"), plan.changed),
            ("withdrawn", self.tr("Withdrawn (%1)"), plan.withdrawn),
        )
        for key, title, group in groups:
            top = QTreeWidgetItem([title.replace("%1", str(len(group)))])
            top.setData(0, Qt.ItemDataRole.UserRole, key)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            source = plan.current if key == "withdrawn" else plan.incoming
            for change in group[:PREVIEW_LIMIT]:
                kind = capitalised(changes.kind_label(change.kind).render(lang))
                item = QTreeWidgetItem(top, [labels.labelled(kind, record_title(source, change), lang)])
                if key == "changed":
                    # as the record's History tab will show it once merged (and import --dry-run prints it)
                    described = changes.describe_changes(change.kind, *plan.snapshots(change))
                    for label, before, after in rendered_rows(described):
                        QTreeWidgetItem(item, [label, before, after])
                item.setFirstColumnSpanned(True)
                item.setExpanded(len(group) <= 20)
            if len(group) > PREVIEW_LIMIT:
                QTreeWidgetItem(
                    top, [self.tr("... and %1 more").replace("%1", str(len(group) - PREVIEW_LIMIT))]
                )
            top.setExpanded(key != "added" or len(group) <= 50)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("The bundle cannot be compared with your registry."))
        errors.show_failure(self, self.message, exc)

    def isComplete(self) -> bool:  # Qt's name
        return self.wiz.plan is not None


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setObjectName("done_page")
        self.setTitle(self.tr("Import"))
        self._op: workers.Op[Any] | None = None
        self.finished = False
        self.cancelled = False
        self.outcome = heading("", 1.15)
        self.outcome.setObjectName("outcome")
        self.detail = QLabel()
        self.detail.setObjectName("outcome_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = InlineMessage()
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome)
        layout.addWidget(self.detail)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:  # Qt's name
        self.finished = False
        self.cancelled = False
        self.outcome.setText(self.tr("Importing ..."))
        reg, accept = self.wiz.reg, self.wiz.accept_expired
        parsed, verified, plan = self.wiz.parsed, self.wiz.verification, self.wiz.plan
        assert parsed is not None
        texts = phase_texts()

        def task(progress: workers.Progress) -> Any:
            # the preview's plan: the merge verifies the bundle again in its own transaction
            report = workers.phase_reporter(progress, texts, final=FINAL_PHASES)
            return exchange.import_bundle(reg, parsed, accept_expired=accept, progress=report,
                                          verified=verified, plan=plan)

        self._op = (
            workers.Op(task, parent=self)
            .success(self._done)
            .failure(self._failed)
            .cancelled(self._cancelled)
            .with_progress(self.tr("Importing the bundle ..."))
            .run()
        )

    def _cancelled(self) -> None:
        self.finished = True
        self.cancelled = True
        self.outcome.setText(self.tr("Import cancelled; nothing was changed."))
        self.detail.setText(
            self.tr("Your registry is exactly as it was before. You can import the bundle again at any time.")
        )
        self.completeChanged.emit()

    def _done(self, result: Any) -> None:
        self.finished = True
        self.wiz.result = result
        counts = result.plan.counts() if result.plan else {"added": 0, "changed": 0, "withdrawn": 0}
        self.outcome.setText(self.tr("✓ Imported."))
        text = (
            self.tr("Added %1, changed %2, withdrawn %3 records.")
            .replace("%1", str(counts["added"]))
            .replace("%2", str(counts["changed"]))
            .replace("%3", str(counts["withdrawn"]))
        )
        if result.backup is not None:
            text += "\n" + self.tr("The database before the import is kept in %1").replace(
                "%1", str(result.backup)
            )
        self.detail.setText(text)
        self.completeChanged.emit()
        self.wiz.imported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.finished = True
        self.outcome.setText(self.tr("✗ Not imported; nothing was changed."))
        errors.show_failure(self, self.message, exc)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # Qt's name
        return self.finished


class ImportWizard(QWizard):
    imported = Signal(object)  # the ImportResult, after a merge

    def __init__(self, reg: Registry, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import a bundle"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.path: Path | None = path
        self.accept_expired = False
        self.trusted_now = False
        self.parsed: Any = None  # the bundle as read, passed from step to step
        self.verification: Any = None
        self.plan: Any = None
        self.result: Any = None
        self.file_page = FilePage(self)
        self.verify_page = VerifyPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.verify_page, self.preview_page, self.done_page):
            self.addPage(page)
        if path is not None:
            self.file_page.path_edit.setText(str(path))
        self.resize(860, 640)
