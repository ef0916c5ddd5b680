"""The settings page: the interface language, the reminder window, the certificates' default
language, and where the data lives. Each choice is kept in the home's settings as soon as it
is made (the language after Apply: it rebuilds the window)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from labregistry.registry import Registry
from ui import i18n
from ui import settings as opts
from ui.settings import Settings


MAX_REMINDER_DAYS = 365

# The certificates' languages, named in their own words (as on the certificates page).
CERTIFICATE_LANGUAGES = (("zh", "中文"), ("zh+en", "中文+English"), ("en", "English"))


class SettingsPage(QWidget):
    language_chosen = Signal(str)  # 'zh_CN' or 'en': the window is rebuilt in it
    certificate_language_chosen = Signal(str)  # 'zh', 'en' or 'zh+en'

    def __init__(self, reg: Registry, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_settings")
        self.settings = settings

        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setObjectName("apply_language")
        self.apply_button.clicked.connect(self.apply_language)
        row = QHBoxLayout()
        row.addWidget(self.language)
        row.addWidget(self.apply_button)
        row.addStretch(1)

        self.reminder_days = QSpinBox()
        self.reminder_days.setObjectName("reminder_days")
        self.reminder_days.setRange(0, MAX_REMINDER_DAYS)
        self.reminder_days.setSuffix(self.tr(" days"))
        self.reminder_days.setValue(settings.get(opts.REMINDER_DAYS))
        self.reminder_days.setToolTip(
            self.tr("On start the app lists what is overdue and what falls due within this many days.")
        )
        self.reminder_days.valueChanged.connect(self._reminder_days_changed)
        self.certificate_language = QComboBox()
        self.certificate_language.setObjectName("settings_certificate_language")
        for code, name in CERTIFICATE_LANGUAGES:
            self.certificate_language.addItem(name, code)
        self.certificate_language.setCurrentIndex(
            max(0, self.certificate_language.findData(settings.get(opts.CERTIFICATE_LANGUAGE)))
        )
        self.certificate_language.currentIndexChanged.connect(self._certificate_language_changed)

        form = QFormLayout()
        form.addRow(self.tr("Language"), row)
        form.addRow(self.tr("Remind of what falls due within"), self.reminder_days)
        form.addRow(self.tr("Certificates are printed in"), self.certificate_language)
        for label, value in (
            (self.tr("Data folder"), str(reg.home.path)),
            (self.tr("Database"), reg.engine.url.render_as_string(hide_password=True)),
            (self.tr("Log file"), str(reg.home.log_file)),
        ):
            field = QLabel(value)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            form.addRow(label, field)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

    def _reminder_days_changed(self, days: int) -> None:
        self.settings.set(opts.REMINDER_DAYS, days)
        self.settings.sync()

    def _certificate_language_changed(self) -> None:
        code = str(self.certificate_language.currentData())
        self.settings.set(opts.CERTIFICATE_LANGUAGE, code)
        self.settings.sync()
        self.certificate_language_chosen.emit(code)

    def apply_language(self) -> None:
        code = str(self.language.currentData())
        self.settings.set(opts.LANGUAGE, code)
        self.settings.sync()
        if code != i18n.current_language():
            self.language_chosen.emit(code)
