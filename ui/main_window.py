"""The main window: navigation on the left, one page at a time on the right.

The pages are listed in ``PAGES`` (key, title, icon, builder), at the end of this module.
A page is built, and its module imported, when it is first shown or asked for
(:meth:`MainWindow.page`); until then the stack holds a bare placeholder. The start thus
loads only what the first page needs: the certificates page alone would bring reportlab,
the exchange page the bundle format and cryptography (issue 16: the installed app's start
under 2 s). The three record lists are built at once (small, and one of them is the usual
first page); they query their data when first shown. Pages are built once and kept. The window remembers its geometry, the splitter, each table's columns
and the last page in the settings (``ui.settings``), and shows the data folder and
database in the status bar.

It owns the record editors (one window per record, kept referenced while open), deletes
records after a confirmation that names them (``records.delete_many``: all or none,
audited; refused while a standard still names the person), and the keyboard shortcuts:
Ctrl+N a new record of the list shown (a standard elsewhere), Ctrl+F the search box of
the list, Ctrl+I import a bundle, Ctrl+E export one; Ctrl+S saves in an editor; Delete
in a list deletes the selected records (after asking). Closing the window with unsaved
editors asks about each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShowEvent
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

from labregistry import faults
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import records
from ui import core_reads, dialogs, errors, files, workers
from ui import settings as opts
from ui.i18n import QT_TRANSLATE_NOOP, core_lang
from ui.models.record_table import RecordSource, RegistrySource
from ui.pages.records import RecordsPage
from ui.settings import Settings

if TYPE_CHECKING:  # imported where first used: the start needs none of them
    from ui.cmc_export import CmcExport
    from ui.editors.record_editor import RecordEditor
    from ui.list_reports import ListReports
    from ui.overdue import OverdueNotice
    from ui.pages.backups_page import BackupsPage
    from ui.pages.certificates_page import CertificatesPage
    from ui.pages.exchange_page import ExchangePage
    from ui.pages.import_wizard import ImportWizard
    from ui.pages.inventory_page import InventoryPage
    from ui.pages.ledger_wizard import LedgerWizard
    from ui.pages.overview import OverviewPage
    from ui.pages.region_report import RegionReportPage
    from ui.pages.settings_page import SettingsPage

log = logging.getLogger(__name__)

MAX_NAMED = 10  # records named in a delete confirmation; the rest are counted


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    language_chosen = Signal(str)  # the user chose another UI language
    setup_requested = Signal()  # the overview asked to set up the own institute
    data_folder_chosen = Signal(Path)  # the settings page chose another data folder to open

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
        errors.set_registry_home(reg.home)  # what a full disk or another writer is about
        files.remember_in(settings)  # the folder last used for bundles, ledgers, reports ...
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

        self.editors: dict[tuple[str, int | None], RecordEditor] = {}
        self._new_editors = 0
        self._delete_op: workers.Op[int] | None = None
        self._overdue_notice: OverdueNotice | None = None
        self._overdue_op: workers.Op[core_reads.Reminders] | None = None
        self.ledger_wizard: LedgerWizard | None = None
        self.record_pages = {
            kind: RecordsPage(source, kind, settings) for kind in ("standards", "authorisations", "staff")
        }
        for records_page in self.record_pages.values():
            records_page.open_requested.connect(self.open_record)
            records_page.new_requested.connect(self.new_record)
            records_page.ledger_requested.connect(self.start_ledger_import)
            records_page.delete_requested.connect(self.delete_records)
            records_page.report_requested.connect(self.report_list)
        self.record_pages["standards"].cmc_requested.connect(lambda: self.cmc_export.run(self))
        self.pages.update(self.record_pages)
        for spec in PAGES:
            self.stack.addWidget(self.pages.get(spec.key) or _pending(spec.key))
            item = QListWidgetItem(self.style().standardIcon(spec.icon), _tr(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self._show_row)
        self.navigation.setAccessibleName(self.tr("Navigation"))
        self.stack.setAccessibleName(self.tr("Page"))

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
            # the database as `db status` says it: a file's path as written (a URL spelled
            # "实验室 数据 #1" as %E5%AE%9E...%20%231), a server's database and host, no password
            .replace("%2", faults.where_of(reg.home).place())
        )
        self.location_label.setObjectName("location")
        self.location_label.setToolTip(self.location_label.text())
        # A long path must not widen the window: the label is clipped, the tooltip has it all.
        self.location_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.location_label, 1)

        self._fitted = False
        self._make_actions()
        self._offer_writes_only_when_allowed(reg)
        self.restore_state()

    def _offer_writes_only_when_allowed(self, reg: Registry) -> None:
        """A login that may only read (a viewer on a server) is not offered a new record or
        an Excel import: the buttons are disabled and say why (the core's message). It filled
        a whole form before the save was refused. Asked once, at start."""
        try:
            refusal = reg.write_refusal()
        except Exception:  # noqa: BLE001 - only what is offered; a save still asks the server
            log.warning("could not ask the server whether this login may write", exc_info=True)
            return
        if refusal is None:
            return
        why = refusal.render(core_lang())
        for records_page in self.record_pages.values():
            for button in (records_page.new_button, records_page.ledger_button):
                button.setEnabled(False)
                button.setToolTip(why)
        self.new_action.setEnabled(False)
        self.new_action.setToolTip(why)

    # -- keyboard ----------------------------------------------------------------

    def _make_actions(self) -> None:
        def action(
            name: str,
            text: str,
            keys: QKeySequence | QKeySequence.StandardKey | str,
            slot: Callable[[], None],
        ) -> QAction:
            act = QAction(text, self)
            act.setObjectName(name)
            act.setShortcut(keys if not isinstance(keys, str) else QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.new_action = action(
            "action_new", self.tr("New record"), QKeySequence.StandardKey.New, self.new_for_page
        )
        self.find_action = action(
            "action_find", self.tr("Find"), QKeySequence.StandardKey.Find, self.focus_search
        )
        self.import_action = action(
            "action_import", self.tr("Import a bundle"), "Ctrl+I", self._import_shortcut
        )
        self.export_action = action("action_export", self.tr("Export a bundle"), "Ctrl+E", self.start_export)
        self.print_action = action(
            "action_print", self.tr("Print the list"), QKeySequence.StandardKey.Print, self.print_current_list
        )
        self.quit_action = action("action_quit", self.tr("Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.page_actions = []
        for n, spec in enumerate(PAGES, start=1):  # Ctrl+1 ... Ctrl+9, Ctrl+0: the pages in order
            page_action = action(f"action_page_{spec.key}", _tr(spec.title), f"Ctrl+{n % 10}", self._page_action)
            page_action.setData(spec.key)
            self.page_actions.append(page_action)
        self.bin_action = QAction(self.tr("Recycle bin ..."), self)
        self.bin_action.setObjectName("action_recycle_bin")
        self.bin_action.triggered.connect(self.show_recycle_bin)
        self.legend_action = QAction(self.tr("Row colours ..."), self)
        self.legend_action.setObjectName("action_legend")
        self.legend_action.triggered.connect(self.show_legend)
        self._make_menus()

    def _page_action(self) -> None:
        sender = self.sender()
        if isinstance(sender, QAction):
            self.show_page(str(sender.data()))

    def _make_menus(self) -> None:
        """The menu bar: every action with its shortcut shown, so the keys can be found."""
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for act in (self.import_action, self.export_action, self.print_action):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        records_menu = bar.addMenu(self.tr("&Records"))
        records_menu.addAction(self.new_action)
        records_menu.addAction(self.find_action)
        records_menu.addSeparator()
        records_menu.addAction(self.bin_action)
        go_menu = bar.addMenu(self.tr("&Go"))
        for act in self.page_actions:
            go_menu.addAction(act)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.legend_action)

    def show_recycle_bin(self) -> None:
        from ui.recycle_bin import RecycleBinDialog

        dialog = RecycleBinDialog(self.reg, self)
        dialog.restored.connect(self.reload_records)
        try:
            errors.exec_dialog(dialog)
        finally:
            dialog.deleteLater()

    def show_legend(self) -> None:
        from ui.legend import ColourLegend

        dialog = ColourLegend(self)
        try:
            errors.exec_dialog(dialog)
        finally:
            dialog.deleteLater()

    def current_record_page(self) -> RecordsPage | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, RecordsPage) else None

    def new_for_page(self) -> None:
        page = self.current_record_page()
        self.new_record(page.kind if page is not None else "standards")

    def focus_search(self) -> None:
        page = self.current_record_page()
        if page is None:
            self.show_page("standards")
            page = self.record_pages["standards"]
        page.focus_search()

    def _import_shortcut(self) -> None:
        self.start_import()

    def start_import(self, path: Path | None = None) -> ImportWizard:
        self.show_page("exchange")
        return self.exchange_page.start_import(path)

    def start_ledger_import(self, kind: str, path: Path | None = None) -> LedgerWizard:
        """The ledger import wizard (one at a time, not modal)."""
        if self.ledger_wizard is not None and self.ledger_wizard.isVisible():
            self.ledger_wizard.raise_()
            return self.ledger_wizard
        from ui.pages.ledger_wizard import LedgerWizard

        wizard = LedgerWizard(self.reg, kind, path, self)
        wizard.imported.connect(lambda _kind: self.reload_records())
        self.ledger_wizard = wizard
        wizard.show()
        return wizard

    def start_export(self) -> None:
        self.show_page("exchange")
        self.exchange_page.start_export()

    # -- editors -----------------------------------------------------------------

    def open_record(self, kind: str, record_id: int) -> RecordEditor | None:
        from ui.editors.record_editor import RecordEditor
        from ui.editors.specs import SPECS

        key = (kind, record_id)
        editor = self.editors.get(key)
        if editor is None:
            try:
                editor = RecordEditor(self.reg, SPECS[kind], record_id, self)
            except DomainError as exc:  # deleted meanwhile (an import withdrew it ...)
                errors.show_domain_error(self, exc)
                self.record_pages[kind].reload()
                return None
            self._keep(key, editor)
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def new_record(self, kind: str) -> RecordEditor:
        from ui.editors.record_editor import RecordEditor
        from ui.editors.specs import SPECS

        self._new_editors += 1
        editor = RecordEditor(self.reg, SPECS[kind], None, self)
        self._keep((kind, -self._new_editors), editor)
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def _keep(self, key: tuple[str, int | None], editor: RecordEditor) -> None:
        self.editors[key] = editor
        editor.saved.connect(self._record_saved)
        editor.finished.connect(self._editor_closed)

    def _record_saved(self, kind: str, record_id: int) -> None:
        editor = self.sender()
        if editor in self.editors.values():  # a new record now has an id: key it by that
            for key, value in list(self.editors.items()):
                if value is editor and key != (kind, record_id):
                    del self.editors[key]
                    self.editors[(kind, record_id)] = editor
        page = self.record_pages.get(kind)
        if page is not None and page.model.loaded:
            page.reload()
            row = page.model.row_for_id(record_id)
            if row is not None:
                page.view.selectRow(row)
        if "overview" in self.pages:
            self.overview.overview = None  # re-read when shown next

    def _editor_closed(self, _code: int) -> None:
        editor = self.sender()
        for key, value in list(self.editors.items()):
            if value is editor:
                del self.editors[key]
                value.deleteLater()

    def open_editors(self) -> list[RecordEditor]:
        return list(self.editors.values())

    # -- lists to Excel, PDF, paper -----------------------------------------------

    def report_list(self, kind: str, how: str) -> None:
        """The list of ``kind`` as shown (search, filter, order) to Excel, PDF or the printer."""
        page = self.record_pages[kind]
        page.load()
        self.list_reports.run(self, kind, list(page.model.ids()), page.expiring_within(), how)

    def print_current_list(self) -> None:
        from ui.list_reports import PRINT

        page = self.current_record_page()
        if page is not None:
            self.report_list(page.kind, PRINT)

    # -- deleting ----------------------------------------------------------------

    def delete_records(self, kind: str, record_ids: list[int]) -> None:
        """Check, confirm (naming the records), then delete them all or none.

        What the core would refuse (a person a standard still names, a record gone
        meanwhile) is said before the question, in the core's words; the check and the
        deletion run in the background (a selection may hold thousands of rows)."""
        from ui.editors.specs import SPECS

        if self._delete_op is not None and not self._delete_op.done:
            return
        reg, core_kind, ids = self.reg, SPECS[kind].kind, list(record_ids)
        self._delete_op = (
            workers.Op(lambda _p: records.check_delete(reg, core_kind, ids), parent=self)
            .success(lambda _none: self._confirm_and_delete(kind, ids))
            .failure(lambda exc: self._delete_failed(kind, exc))
            .with_progress(self.tr("Checking ..."), cancellable=False)
            .run()
        )

    def _confirm_and_delete(self, kind: str, record_ids: list[int]) -> None:
        from ui.editors.specs import SPECS

        if not self._confirm_delete(self.record_pages[kind], kind, record_ids):
            return
        reg, core_kind = self.reg, SPECS[kind].kind
        self._delete_op = (
            workers.Op(lambda _p: records.delete_many(reg, core_kind, record_ids, source="app"), parent=self)
            .success(lambda count: self._deleted(kind, record_ids, count))
            .failure(lambda exc: self._delete_failed(kind, exc))
            .with_progress(self.tr("Deleting ..."), cancellable=False)
            .run()
        )

    def _confirm_delete(self, page: RecordsPage, kind: str, record_ids: list[int]) -> bool:
        count = len(record_ids)
        if count == 1:
            text = {
                "standards": self.tr("Delete the measurement standard %1?"),
                "authorisations": self.tr("Delete the authorisation %1?"),
                "staff": self.tr("Delete the person %1?"),
            }[kind].replace("%1", page.record_label(record_ids[0]))
            listed = ""
        else:
            text = {
                "standards": self.tr("Delete %n measurement standard(s)?", "", count),
                "authorisations": self.tr("Delete %n authorisation(s)?", "", count),
                "staff": self.tr("Delete %n person(s)?", "", count),
            }[kind]
            listed = "\n".join(page.record_label(rid) for rid in record_ids[:MAX_NAMED])
            if count > MAX_NAMED:
                listed += "\n" + self.tr("... and %n more", "", count - MAX_NAMED)
            listed += "\n\n"
        informative = listed + self.tr(
            "Deleted records go to the recycle bin (Records menu) and can be restored from it until your next "
            "export. Institutes that import that bundle will see them as withdrawn."
        )
        return dialogs.confirm(
            self, self.tr("Delete"), text, informative, ok_text=self.tr("Delete"), warning=True
        )

    def _deleted(self, kind: str, record_ids: list[int], count: int) -> None:
        for editor_key in [(kind, rid) for rid in record_ids]:
            editor = self.editors.get(editor_key)
            if editor is not None:
                editor.discard_and_close()  # its record is gone
        self.reload_records()
        self.statusBar().showMessage(
            self.tr("Deleted %n record(s): in the recycle bin until your next export.", "", count), 8000
        )

    def _delete_failed(self, kind: str, exc: BaseException) -> None:
        if isinstance(exc, DomainError) and exc.code == "record.not_found":
            self.record_pages[kind].reload()  # gone meanwhile (an import withdrew it ...)
        errors.show_exception(self, exc)

    # -- pages -----------------------------------------------------------------

    def current_page_key(self) -> str:
        return PAGE_KEYS[max(0, self.stack.currentIndex())]

    def tell_overdue(self) -> None:
        """Tell the lab manager what is overdue and what falls due within the reminder window
        (Settings), in a notice that does not block the window (the app calls this once at
        start); nothing is shown when nothing is overdue or due."""
        reg, days = self.reg, self.settings.get(opts.REMINDER_DAYS)
        self._overdue_op = (
            workers.Op(lambda _p: core_reads.reminders(reg, days), parent=self)
            .success(self._show_overdue)
            .failure(lambda exc: log.warning("overdue items not read: %s", exc))
            .run()
        )

    def _show_overdue(self, reminders: core_reads.Reminders) -> None:
        if reminders.total == 0 or not self.isVisible():  # closed while they were read: nothing to tell
            return
        from ui.overdue import OverdueNotice

        notice = OverdueNotice(reminders, self)
        notice.show_overview.connect(self._show_overview_page)
        self._overdue_notice = notice
        notice.show()

    @property
    def overdue_notice(self) -> OverdueNotice | None:
        """The reminders notice while it is open. Asked of Qt, not kept up to date by the
        notice's ``destroyed`` signal: a window deleted without a close event (garbage
        collected, deleted by its owner) destroyed the notice with it, and that signal then
        called into the half-deleted window, crashing a later, unrelated event loop."""
        notice = self._overdue_notice
        return notice if notice is not None and shiboken6.isValid(notice) else None

    def _show_overview_page(self) -> None:
        self.show_page("overview")

    def _show_standard(self, record_id: int) -> None:
        """The whole list of standards with one selected (an instrument reminder's standard)."""
        self.show_in_list("standards", record_id, expiring=False)

    def show_page(self, key: str) -> None:
        if key in PAGE_KEYS:
            self.navigation.setCurrentRow(PAGE_KEYS.index(key))

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.stack.setCurrentWidget(self.page(PAGE_KEYS[row]))

    def page(self, key: str) -> QWidget:
        """The page of ``key``, built (and its module imported) now if not yet: in place of its
        placeholder in the stack, kept from then on."""
        built = self.pages.get(key)
        if built is not None:
            return built
        index = PAGE_KEYS.index(key)
        page = PAGES[index].build(self)
        pending = self.stack.widget(index)
        assert pending is not None  # the stack holds a widget for every page
        self.stack.insertWidget(index, page)
        if self.stack.currentWidget() is pending:  # never let removing it show another page
            self.stack.setCurrentWidget(page)
        self.stack.removeWidget(pending)
        pending.deleteLater()
        self.pages[key] = page
        return page

    # The pages by name, built when first asked for.
    @property
    def overview(self) -> OverviewPage:
        return cast("OverviewPage", self.page("overview"))

    @property
    def inventory_page(self) -> InventoryPage:
        return cast("InventoryPage", self.page("inventory"))

    @property
    def region_page(self) -> RegionReportPage:
        return cast("RegionReportPage", self.page("region"))

    @property
    def exchange_page(self) -> ExchangePage:
        return cast("ExchangePage", self.page("exchange"))

    @property
    def certificates_page(self) -> CertificatesPage:
        return cast("CertificatesPage", self.page("certificates"))

    @property
    def backups_page(self) -> BackupsPage:
        return cast("BackupsPage", self.page("backups"))

    @property
    def settings_page(self) -> SettingsPage:
        return cast("SettingsPage", self.page("settings"))

    @cached_property
    def list_reports(self) -> ListReports:
        from ui.list_reports import ListReports

        return ListReports(self.reg)

    @cached_property
    def cmc_export(self) -> CmcExport:
        from ui.cmc_export import CmcExport

        return CmcExport(self.reg)

    def open_list(self, kind: str, expiring_only: bool) -> None:
        page = self.record_pages.get(kind)
        if page is None:
            return
        page.expiring.setChecked(expiring_only)
        self.show_page(kind)

    def show_in_list(self, kind: str, record_id: int, expiring: bool = True) -> None:
        """The list of ``kind`` (the expiring one by default) with the record selected (the
        overview's reminders)."""
        page = self.record_pages.get(kind)
        if page is None:
            return
        page.search.clear()
        self.open_list(kind, expiring)
        page.load()
        page.model.set_text("")
        row = page.model.row_for_id(record_id)
        if row is not None:
            page.view.selectRow(row)
            page.view.scrollTo(page.model.index(row, 0))
        page.view.setFocus()

    def search_region(self, criteria: dict[str, object]) -> None:
        """The regional resources page searching ``criteria`` (a city of the overview's map)."""
        self.inventory_page.search_for(criteria)
        self.show_page("inventory")

    def _open_received(self) -> None:
        self.show_page("exchange")
        self.exchange_page.tabs.setCurrentWidget(self.exchange_page.import_panel)

    def reload_records(self) -> None:
        """Re-read every list and the overview (after an import or an exchange)."""
        for page in self.record_pages.values():
            if page.model.loaded:
                page.reload()
        if "overview" in self.pages:  # else it reads when first shown
            self.overview.refresh()
        if "region" in self.pages and self.region_page.report is not None:  # counted before: count again
            self.region_page.refresh()

    def _restored(self, _previous: Path) -> None:
        self.reg.engine.dispose()  # no pooled connection keeps a view of the replaced file
        self.reload_records()

    # -- state -----------------------------------------------------------------

    def take_over(self, old: MainWindow) -> None:
        """What the user typed in ``old`` (the window before a language switch): the regional
        search and the lists' search boxes, so that switching language loses nothing."""
        if "inventory" in old.pages:
            self.inventory_page.set_inputs(old.inventory_page.inputs())
        for kind, page in self.record_pages.items():
            page.search.setText(old.record_pages[kind].search.text())

    def restore_state(self) -> None:
        settings = self.settings
        geometry = settings.get(opts.MAIN_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        self.fit_to_screen()
        state = settings.get(opts.MAIN_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        splitter = settings.get(opts.MAIN_SPLITTER)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        last = settings.get(opts.LAST_PAGE)
        self.show_page(last if last in PAGE_KEYS else "standards")

    def fit_to_screen(self) -> None:
        """Keep the window, frame included, within the screen's free area: at 150 % scaling
        (or a geometry saved on a larger monitor) it would otherwise open beyond the screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        free = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w = max(0, frame.width() - self.width())
        extra_h = max(0, frame.height() - self.height())
        width = min(self.width(), free.width() - extra_w)
        height = min(self.height(), free.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.x(), free.left()), free.right() + 1 - frame.width())
        y = min(max(frame.y(), free.top()), free.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        if not self._fitted:  # the frame's size is known once shown
            self._fitted = True
            self.fit_to_screen()

    def save_state(self) -> None:
        settings = self.settings
        settings.set(opts.MAIN_GEOMETRY, self.saveGeometry())
        settings.set(opts.MAIN_STATE, self.saveState())
        settings.set(opts.MAIN_SPLITTER, self.splitter.saveState())
        settings.set(opts.LAST_PAGE, self.current_page_key())
        for page in self.record_pages.values():
            page.save_state()
        settings.sync()

    def confirm_close(self) -> bool:
        """Ask about every editor with unsaved changes; False if the user wants to stay."""
        for editor in self.open_editors():
            if editor.is_dirty():
                editor.raise_()
                if not editor.confirm_close():
                    return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        if not self.confirm_close():
            event.ignore()
            return
        self.save_state()
        for editor in self.open_editors():
            editor.discard_and_close()
        self._close_notice()
        super().closeEvent(event)

    def _close_notice(self) -> None:
        """Close the reminders notice with the window (it belongs to the window's session)."""
        notice, self._overdue_notice = self.overdue_notice, None
        if notice is not None:
            notice.close()


# -- the pages ---------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A page of the navigation: its key (settings, Ctrl+n actions), title, icon, and the
    function that builds it for a window (importing its module then) and connects it."""

    key: str
    title: str
    icon: QStyle.StandardPixmap
    build: Callable[[MainWindow], QWidget]


def _pending(key: str) -> QWidget:
    """What the stack holds for a page not built yet (never shown: built before it is)."""
    widget = QWidget()
    widget.setObjectName(f"pending_{key}")
    return widget


def _record_list(kind: str) -> Callable[[MainWindow], QWidget]:
    return lambda window: window.record_pages[kind]


def _overview(window: MainWindow) -> QWidget:
    from ui.pages.overview import INSTRUMENT_DUE_DAYS, OverviewPage

    page = OverviewPage(window.reg)
    page.open_list.connect(window.open_list)
    page.show_in_list.connect(window.show_in_list)
    page.show_standard.connect(window._show_standard)
    page.setup_requested.connect(window.setup_requested)
    page.open_exchange.connect(window._open_received)
    page.search_region.connect(window.search_region)
    page.instruments_report_requested.connect(
        lambda how: window.list_reports.run_instruments(window, INSTRUMENT_DUE_DAYS, how)
    )
    return page


def _inventory(window: MainWindow) -> QWidget:
    from ui.pages.inventory_page import InventoryPage

    return InventoryPage(window.reg)


def _region(window: MainWindow) -> QWidget:
    from ui.pages.region_report import RegionReportPage

    return RegionReportPage(window.reg)


def _exchange(window: MainWindow) -> QWidget:
    from ui.pages.exchange_page import ExchangePage

    page = ExchangePage(window.reg)
    page.data_changed.connect(window.reload_records)
    return page


def _certificates(window: MainWindow) -> QWidget:
    from ui.pages.certificates_page import CertificatesPage

    page = CertificatesPage(window.reg, window.record_pages["standards"].view.selected_ids)
    page.set_language(window.settings.get(opts.CERTIFICATE_LANGUAGE))
    return page


def _backups(window: MainWindow) -> QWidget:
    from ui.pages.backups_page import BackupsPage

    page = BackupsPage(window.reg)
    page.restored.connect(window._restored)
    return page


def _settings(window: MainWindow) -> QWidget:
    from ui.pages.settings_page import SettingsPage

    page = SettingsPage(window.reg, window.settings)
    page.language_chosen.connect(window.language_chosen)
    # The certificates page reads the saved choice when built; if built, it is told.
    page.certificate_language_chosen.connect(
        lambda code: window.certificates_page.set_language(code) if "certificates" in window.pages else None
    )
    page.data_folder_chosen.connect(window.data_folder_chosen)
    page.institute_changed.connect(window.reload_records)
    return page


PAGES: tuple[Page, ...] = (  # in the navigation's order; Ctrl+1 ... Ctrl+9, Ctrl+0
    Page(
        "overview",
        QT_TRANSLATE_NOOP("MainWindow", "Overview"),
        QStyle.StandardPixmap.SP_ComputerIcon,
        _overview,
    ),
    Page(
        "standards",
        QT_TRANSLATE_NOOP("MainWindow", "Measurement standards"),
        QStyle.StandardPixmap.SP_FileDialogDetailedView,
        _record_list("standards"),
    ),
    Page(
        "authorisations",
        QT_TRANSLATE_NOOP("MainWindow", "Authorisations"),
        QStyle.StandardPixmap.SP_DialogApplyButton,
        _record_list("authorisations"),
    ),
    Page(
        "staff",
        QT_TRANSLATE_NOOP("MainWindow", "Staff"),
        QStyle.StandardPixmap.SP_DirHomeIcon,
        _record_list("staff"),
    ),
    Page(
        "inventory",
        QT_TRANSLATE_NOOP("MainWindow", "Regional resources"),
        QStyle.StandardPixmap.SP_DriveNetIcon,
        _inventory,
    ),
    Page(
        "region",
        QT_TRANSLATE_NOOP("MainWindow", "Region report"),
        QStyle.StandardPixmap.SP_FileDialogInfoView,
        _region,
    ),
    Page(
        "exchange",
        QT_TRANSLATE_NOOP("MainWindow", "Data exchange"),
        QStyle.StandardPixmap.SP_BrowserReload,
        _exchange,
    ),
    Page(
        "certificates",
        QT_TRANSLATE_NOOP("MainWindow", "Certificates"),
        QStyle.StandardPixmap.SP_FileIcon,
        _certificates,
    ),
    Page(
        "backups",
        QT_TRANSLATE_NOOP("MainWindow", "Backups"),
        QStyle.StandardPixmap.SP_DriveHDIcon,
        _backups,
    ),
    Page(
        "settings",
        QT_TRANSLATE_NOOP("MainWindow", "Settings"),
        QStyle.StandardPixmap.SP_FileDialogContentsView,
        _settings,
    ),
)
PAGE_KEYS = tuple(spec.key for spec in PAGES)
