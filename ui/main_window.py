"""The main window: navigation on the left, one page at a time on the right.

Pages are built once and kept in a stack; the record lists query their data when
first shown. The window remembers its geometry, the splitter, each table's columns
and the last page in the settings (``ui.settings``), and shows the data folder and
database in the status bar.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QWidget,
)

from labregistry.registry import Registry
from ui import settings as opts
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.record_table import RecordSource, RegistrySource
from ui.pages.overview import OverviewPage
from ui.pages.placeholder import PlaceholderPage
from ui.pages.records import RecordsPage
from ui.pages.settings_page import SettingsPage
from ui.settings import Settings

log = logging.getLogger(__name__)

# (key, navigation title, standard icon)
PAGES: tuple[tuple[str, str, QStyle.StandardPixmap], ...] = (
    ("overview", QT_TRANSLATE_NOOP("MainWindow", "Overview"), QStyle.StandardPixmap.SP_ComputerIcon),
    (
        "standards",
        QT_TRANSLATE_NOOP("MainWindow", "Measurement standards"),
        QStyle.StandardPixmap.SP_FileDialogDetailedView,
    ),
    (
        "authorisations",
        QT_TRANSLATE_NOOP("MainWindow", "Authorisations"),
        QStyle.StandardPixmap.SP_DialogApplyButton,
    ),
    ("staff", QT_TRANSLATE_NOOP("MainWindow", "Staff"), QStyle.StandardPixmap.SP_DirHomeIcon),
    (
        "inventory",
        QT_TRANSLATE_NOOP("MainWindow", "Regional resources"),
        QStyle.StandardPixmap.SP_DriveNetIcon,
    ),
    ("exchange", QT_TRANSLATE_NOOP("MainWindow", "Data exchange"), QStyle.StandardPixmap.SP_BrowserReload),
    ("certificates", QT_TRANSLATE_NOOP("MainWindow", "Certificates"), QStyle.StandardPixmap.SP_FileIcon),
    (
        "settings",
        QT_TRANSLATE_NOOP("MainWindow", "Settings"),
        QStyle.StandardPixmap.SP_FileDialogContentsView,
    ),
)
PAGE_KEYS = tuple(key for key, _, _ in PAGES)

COMING = {
    "inventory": QT_TRANSLATE_NOOP(
        "MainWindow",
        "Search the standards, authorisations and staff of every institute in the region, "
        "and follow traceability chains. Coming in a later version.",
    ),
    "exchange": QT_TRANSLATE_NOOP(
        "MainWindow",
        "Export the own institute's records as a signed bundle, and verify and import the "
        "bundles of other institutes. Coming in a later version.",
    ),
    "certificates": QT_TRANSLATE_NOOP(
        "MainWindow",
        "Print capability certificates with a QR code that can be checked offline. "
        "Coming in a later version.",
    ),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    language_chosen = Signal(str)  # the user chose another UI language

    def __init__(
        self,
        reg: Registry,
        settings: Settings,
        *,
        source: RecordSource | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.reg = reg
        self.settings = settings
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("LabRegistry"))
        source = source or RegistrySource(reg)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setMinimumWidth(140)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}

        self.overview = OverviewPage(reg)
        self.overview.open_list.connect(self.open_list)
        self.record_pages = {
            kind: RecordsPage(source, kind, settings) for kind in ("standards", "authorisations", "staff")
        }
        self.settings_page = SettingsPage(reg, settings)
        self.settings_page.language_chosen.connect(self.language_chosen)
        for key, title, icon in PAGES:
            page: QWidget
            if key == "overview":
                page = self.overview
            elif key in self.record_pages:
                page = self.record_pages[key]
            elif key == "settings":
                page = self.settings_page
            else:
                page = PlaceholderPage(key, _tr(title), _tr(COMING[key]))
            self.pages[key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(self.style().standardIcon(icon), _tr(title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([190, 1000])
        self.setCentralWidget(self.splitter)

        self.location_label = QLabel(
            self.tr("Data folder: %1    Database: %2")
            .replace("%1", str(reg.home.path))
            .replace("%2", reg.engine.url.render_as_string(hide_password=True))
        )
        self.location_label.setObjectName("location")
        self.location_label.setToolTip(self.location_label.text())
        # A long path must not widen the window: the label is clipped, the tooltip has it all.
        self.location_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.location_label, 1)

        self.restore_state()

    # -- pages -----------------------------------------------------------------

    def current_page_key(self) -> str:
        return PAGE_KEYS[max(0, self.stack.currentIndex())]

    def show_page(self, key: str) -> None:
        if key in PAGE_KEYS:
            self.navigation.setCurrentRow(PAGE_KEYS.index(key))

    def open_list(self, kind: str, expiring_only: bool) -> None:
        page = self.record_pages.get(kind)
        if page is None:
            return
        page.expiring.setChecked(expiring_only)
        self.show_page(kind)

    def reload_records(self) -> None:
        """Re-read every list and the overview (after an import or an exchange)."""
        for page in self.record_pages.values():
            if page.model.loaded:
                page.reload()
        self.overview.refresh()

    # -- state -----------------------------------------------------------------

    def restore_state(self) -> None:
        settings = self.settings
        geometry = settings.get(opts.MAIN_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        state = settings.get(opts.MAIN_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        splitter = settings.get(opts.MAIN_SPLITTER)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        last = settings.get(opts.LAST_PAGE)
        self.show_page(last if last in PAGE_KEYS else "standards")

    def save_state(self) -> None:
        settings = self.settings
        settings.set(opts.MAIN_GEOMETRY, self.saveGeometry())
        settings.set(opts.MAIN_STATE, self.saveState())
        settings.set(opts.MAIN_SPLITTER, self.splitter.saveState())
        settings.set(opts.LAST_PAGE, self.current_page_key())
        for page in self.record_pages.values():
            page.save_state()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        self.save_state()
        super().closeEvent(event)
