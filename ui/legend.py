"""What the row colours of the lists mean: one swatch per state, in the lists' own colours."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from ui.models.record_table import EXPIRING_DAYS, STATE_COLOURS, RowState


class ColourLegend(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("colour_legend")
        self.setWindowTitle(self.tr("Row colours"))
        meanings = {
            RowState.EXPIRED: self.tr("Expired: the certificate has ended (renew it)"),
            RowState.EXPIRING: self.tr("Ends within %n day(s): apply for renewal", "", EXPIRING_DAYS),
            RowState.NEEDS_RECALIBRATION: self.tr(
                "Needs recalibration: a main standard instrument is past its calibration due date"
            ),
            RowState.SUSPENDED: self.tr("Suspended"),
            RowState.REVOKED: self.tr("Revoked"),
        }
        grid = QGridLayout()
        self.swatches: dict[str, QLabel] = {}
        for row, (state, text) in enumerate(meanings.items()):
            background, foreground = STATE_COLOURS[state]
            swatch = QLabel(self.tr("Sample"))
            swatch.setObjectName(f"swatch_{state}")
            swatch.setStyleSheet(f"background-color: {background}; color: {foreground}; padding: 3px 12px;")
            self.swatches[state] = swatch
            grid.addWidget(swatch, row, 0)
            label = QLabel(text)
            label.setWordWrap(True)
            grid.addWidget(label, row, 1)
        plain = QLabel(self.tr("Sample"))
        plain.setStyleSheet("padding: 3px 12px;")
        grid.addWidget(plain, len(meanings), 0)
        grid.addWidget(QLabel(self.tr("No colour: valid")), len(meanings), 1)
        grid.setColumnStretch(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.resize(520, 240)
