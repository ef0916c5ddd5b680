"""The notice at start: what of the own institute is overdue (ended certificates, 送检), and
what falls due within the reminder window set in Settings (60 days unless changed).

Shown once when the app starts (not when the language is switched), after the main window,
and only when something is overdue or due soon. It does not block: the window stays usable behind it,
and "Show the overview" brings the reminders up. The counts come from
``core_reads.reminders`` (``listing.overdue``, the instrument rule: ``docs/instrument-rule.md``),
read off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from labregistry.services.listing import Overdue
from ui.core_reads import DueSoon, Reminders


class OverdueNotice(QDialog):
    """A non-modal notice listing what is overdue, one line each."""

    show_overview = Signal()

    def __init__(self, reminders: Reminders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overdue_notice")
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Reminders"))
        overdue = reminders.overdue
        self.lines = self.describe(overdue)
        self.soon_lines = self.describe_soon(reminders.soon)
        self.body = QLabel("\n".join(f"• {line}" for line in self.lines))
        self.body.setObjectName("overdue_lines")
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        intro = QLabel(self.tr("As of %1 your institute has overdue items:").replace(
            "%1", overdue.today.isoformat()))
        intro.setWordWrap(True)
        intro.setVisible(bool(self.lines))
        self.body.setVisible(bool(self.lines))
        soon_intro = QLabel(self.tr("Due within %n day(s) (the reminder window in Settings):", "",
                                    reminders.soon.days))
        soon_intro.setWordWrap(True)
        self.soon_body = QLabel("\n".join(f"• {line}" for line in self.soon_lines))
        self.soon_body.setObjectName("due_soon_lines")
        self.soon_body.setWordWrap(True)
        soon_intro.setVisible(bool(self.soon_lines))
        self.soon_body.setVisible(bool(self.soon_lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.overview_button = buttons.addButton(self.tr("Show the overview"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.overview_button.setObjectName("overdue_show_overview")
        buttons.accepted.connect(self._overview)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.body)
        layout.addWidget(soon_intro)
        layout.addWidget(self.soon_body)
        layout.addWidget(buttons)

    def describe(self, overdue: Overdue) -> list[str]:
        """One line per kind of overdue item (kinds with none are left out)."""
        out = []
        if overdue.standards_need_recalibration:
            out.append(self.tr(
                "%n standard(s) may not be used: a main standard instrument is past its calibration due date.",
                "", overdue.standards_need_recalibration))
        if overdue.instruments_overdue:
            out.append(self.tr("Past the calibration due date: %n instrument(s) (send them for calibration).", "",
                               overdue.instruments_overdue))
        if overdue.ancillary_overdue:
            out.append(self.tr("%n of them is ancillary equipment: a warning, the standards may still be used.", "",
                               overdue.ancillary_overdue))
        if overdue.standards_expired:
            out.append(self.tr("%n assessment certificate(s) of standards have ended (re-examination).", "",
                               overdue.standards_expired))
        if overdue.authorisations_expired:
            out.append(self.tr("%n authorisation certificate(s) have ended.", "", overdue.authorisations_expired))
        if overdue.credentials_expired:
            out.append(self.tr("%n staff credential(s) have ended.", "", overdue.credentials_expired))
        return out

    def describe_soon(self, soon: DueSoon) -> list[str]:
        """One line per kind of item falling due within the window (kinds with none left out)."""
        out = []
        if soon.instruments:
            out.append(self.tr("%n instrument(s) to send for calibration.", "", soon.instruments))
        if soon.standards:
            out.append(self.tr("%n assessment certificate(s) of standards end (apply for re-examination).", "",
                               soon.standards))
        if soon.authorisations:
            out.append(self.tr("%n authorisation certificate(s) end.", "", soon.authorisations))
        if soon.credentials:
            out.append(self.tr("%n staff credential(s) end.", "", soon.credentials))
        return out

    def _overview(self) -> None:
        self.show_overview.emit()
        self.close()
