"""The settings page: the interface language, and where the data lives."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labregistry.registry import Registry
from ui import i18n
from ui import settings as opts
from ui.settings import Settings


class SettingsPage(QWidget):
    language_chosen = Signal(str)  # 'zh_CN' or 'en': the window is rebuilt in it

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

        form = QFormLayout()
        form.addRow(self.tr("Language"), row)
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

    def apply_language(self) -> None:
        code = str(self.language.currentData())
        self.settings.set(opts.LANGUAGE, code)
        self.settings.sync()
        if code != i18n.current_language():
            self.language_chosen.emit(code)
