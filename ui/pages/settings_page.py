"""The settings page: the interface language, the reminder window, the certificates' default
language, the own institute and operator, and where the data lives. Each choice is kept in
the home's settings as soon as it is made (the language after Apply: it rebuilds the
window); another data folder is opened in a new window and remembered outside the data
folders (:mod:`ui.data_folder`), so that the app opens it next time without options."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from labregistry.registry import Registry
from ui import i18n, missing_home
from ui import settings as opts
from ui.pages.institute_settings import InstituteSettings
from ui.settings import Settings
from ui.widgets.common import push_button, row_of


MAX_REMINDER_DAYS = 365

# The certificates' languages, named in their own words (as on the certificates page).
CERTIFICATE_LANGUAGES = (("zh", "中文"), ("zh+en", "中文+English"), ("en", "English"))


class SettingsPage(QWidget):
    language_chosen = Signal(str)  # 'zh_CN' or 'en': the window is rebuilt in it
    certificate_language_chosen = Signal(str)  # 'zh', 'en' or 'zh+en'
    data_folder_chosen = Signal(Path)  # open the registry there (and next time)
    institute_changed = Signal()

    def __init__(self, reg: Registry, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_settings")
        self.settings = settings
        self.home = reg.home.path

        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.apply_button = push_button(self.tr("Apply"), "apply_language", self.apply_language)
        row = row_of(self.language, self.apply_button)

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
        self.data_folder = QLabel(str(reg.home.path))
        self.data_folder.setObjectName("data_folder")
        self.data_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_folder.setWordWrap(True)
        self.change_folder = QPushButton(self.tr("Open another data folder ..."))
        self.change_folder.setObjectName("change_data_folder")
        self.change_folder.setToolTip(self.tr("The app opens the folder chosen here on every start."))
        self.change_folder.clicked.connect(self.choose_data_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.data_folder, 1)
        folder_row.addWidget(self.change_folder)
        form.addRow(self.tr("Data folder"), folder_row)
        for label, value in (
            (self.tr("Database"), reg.engine.url.render_as_string(hide_password=True)),
            (self.tr("Log file"), str(reg.home.log_file)),
        ):
            field = QLabel(value)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            form.addRow(label, field)

        self.institute = InstituteSettings(reg)
        self.institute.changed.connect(self.institute_changed)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addLayout(form)
        inner.addWidget(self.institute)
        inner.addStretch(1)
        scroll = QScrollArea()  # the page never sets the window's least height
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

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

    def choose_data_folder(self) -> None:
        """Pick a folder; one without a registry is asked about (create one there, or another)."""
        chosen = missing_home.pick_folder(self.home.parent, self)
        if chosen is None or chosen.resolve() == self.home.resolve():
            return
        if not missing_home.has_registry(chosen):
            chosen = missing_home.ask(chosen, self)
            if chosen is None:
                return
        self.data_folder_chosen.emit(chosen)
