"""Starting the desktop app: the QApplication, translations, the registry, the main window.

``main`` is what ``labregistry gui`` and ``python -m ui`` call. It never shows a
traceback: a registry that cannot be opened is explained in a dialog that says what
to check, and unexpected errors later reach the crash dialog and the log.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from labregistry.config import APP_NAME, Home, resolve_home
from labregistry.errors import DomainError
from labregistry.registry import Registry, no_registry_in, open_registry, own_database_url
from ui import core_reads, data_folder, errors, i18n, resources, smoke, workers
from ui import settings as opts
from ui.main_window import MainWindow
from ui.settings import Settings

log = logging.getLogger(__name__)

ORGANISATION = "LabRegistry"
DESKTOP_ID = "cn.labregistry.LabRegistry"  # packaging/linux: the .desktop file and AppStream id


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """``--home``, ``--db`` and ``--lang`` as in the CLI; the rest is left for Qt."""
    parser = argparse.ArgumentParser(prog="labregistry gui", add_help=True)
    parser.add_argument("--home", help="data folder (env LABREGISTRY_HOME)")
    parser.add_argument("--db", help="SQLAlchemy URL or file path (env LABREGISTRY_DB)")
    parser.add_argument("--lang", choices=["zh", "en"], help="interface language")
    args, rest = parser.parse_known_args(list(argv))
    return args, rest


def application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication (reused if one exists, as under pytest-qt), named for LabRegistry."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([APP_NAME, *argv])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setWindowIcon(app_icon())  # every window's, and the taskbar's
    app.setDesktopFileName(DESKTOP_ID)  # Linux desktops match the window to the installed menu entry
    from labregistry import app_version

    app.setApplicationVersion(app_version())
    return app


def app_icon() -> QIcon:
    """The gauge of ``resources/icons/labregistry.svg``, as the PNGs built from it."""
    icon = QIcon()
    for file in resources.icon_files():
        icon.addFile(str(file))
    return icon


class AppController(QObject):
    """Owns the registry, the settings, the translations and the main window.

    Changing the language rebuilds the main window in the new language, which is the
    restart the settings page promises, without leaving the process.
    """

    def __init__(self, reg: Registry, settings: Settings, translations: i18n.Translations) -> None:
        super().__init__()
        self.reg = reg
        self.settings = settings
        self.translations = translations
        self.window: MainWindow | None = None

    def show_main_window(self) -> MainWindow:
        window = MainWindow(self.reg, self.settings)
        window.language_chosen.connect(self.switch_language)
        window.setup_requested.connect(self.set_up_institute)
        window.data_folder_chosen.connect(self.switch_data_folder)
        window.show()
        self.window = window
        return window

    def set_up_institute(self) -> None:
        """The first-run dialog, asked for later from the overview."""
        from ui import first_run  # here and below: the dialogs of a start that did not go as usual

        outcome = first_run.run_first_run(self.reg, self.window)
        if outcome is None or self.window is None:
            return
        if outcome.action == "open" and outcome.home is not None:
            self.switch_data_folder(outcome.home)
            return
        self.window.reload_records()

    def switch_data_folder(self, folder: Path) -> MainWindow | None:
        """Open the registry in ``folder`` in a new main window, and open it next time too."""
        old_window = self.window
        if old_window is not None and not old_window.confirm_close():
            return None
        reg = _open(folder, None)
        if reg is None:
            return None
        old_reg = self.reg
        if old_window is not None:
            old_window.save_state()
        self.reg, self.settings = reg, Settings.in_home(reg.home.path)
        errors.set_log_file(reg.home.log_file)
        data_folder.remember(reg.home.path)
        window = self.show_main_window()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        old_reg.close()
        return window

    def switch_language(self, language: str) -> MainWindow | None:
        old = self.window
        if old is not None:
            if not old.confirm_close():
                return None
            old.save_state()
        self.settings.set(opts.LANGUAGE, language)
        self.settings.sync()
        self.translations.install(language)
        new = self.show_main_window()  # shown before the old one closes: the app keeps running
        if old is not None:
            new.take_over(old)
            old.close()
            old.deleteLater()
        return new

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
        workers.shutdown()
        self.translations.remove()
        self.reg.close()


def start(
    *, home: str | Path | None = None, db_url: str | None = None, lang: str | None = None
) -> AppController | None:
    """Open the registry and show the main window; None (after a dialog) if it cannot open.

    A data folder named by ``home`` (or LABREGISTRY_HOME) that holds no registry is asked
    about first (:mod:`ui.missing_home`): create one there, choose another, or quit. The
    default folder is not: on the first start it is new, and the first-run set-up follows.
    Needs a QApplication (see :func:`application`).
    """
    flagged = home is not None or bool(os.environ.get("LABREGISTRY_HOME"))
    if not flagged:
        home = data_folder.remembered()  # chosen in the app once; asked about if not there now
    named = flagged or home is not None
    resolved = resolve_home(home, db_url)
    settings: Settings | None = None
    saved = None
    if resolved.path.is_dir():  # its settings: never make the folder just to read them
        try:
            settings = Settings.in_home(resolved.path)
            saved = settings.get(opts.LANGUAGE)
        except OSError:
            settings, saved = None, None
    translations = i18n.Translations()
    translations.install(i18n.resolve_language(lang, saved))
    if not i18n.cjk_families() and i18n.current_language() == "zh_CN":
        log.warning("no font with Chinese characters is installed: texts may show as boxes")
    if named and no_registry_in(resolved):
        from ui import missing_home

        chosen = missing_home.ask(resolved.path)
        if chosen is None:
            return None
        if chosen != resolved.path:
            resolved = resolve_home(chosen, db_url)
            settings = None
    reg = _open(resolved.path, resolved.db_url, resolved)
    if reg is None:
        return None
    # No own institute yet: set it up, or open another data folder (as often as the user wants).
    while core_reads.own_institute(reg) is None:
        from ui import first_run

        outcome = first_run.run_first_run(reg)
        if outcome is None or outcome.action != "open" or outcome.home is None:
            break
        other = _open(outcome.home, None)
        if other is None:
            break
        reg.close()
        reg, settings = other, None
    if settings is None or settings.path.parent != reg.home.path:  # the home exists now
        settings = Settings.in_home(reg.home.path)
    if not flagged:
        data_folder.remember(reg.home.path)  # a folder chosen in a dialog opens next time too
    errors.set_log_file(reg.home.log_file)
    log.info("desktop app on %s (%s)", reg.home.path, reg.engine.url.render_as_string(hide_password=True))
    controller = AppController(reg, settings, translations)
    window = controller.show_main_window()
    window.tell_overdue()  # once at start: what is overdue, without blocking the window
    return controller


def _open(path: str | Path, db_url: str | None, resolved: Home | None = None) -> Registry | None:
    """The registry, or None after a dialog. A damaged SQLite file is offered its newest
    backup; anything else (a server down, a login refused, another schema version...) is
    said in words, with "try again" and "open another data folder" (:mod:`ui.cannot_open`)."""
    while True:
        try:
            return open_registry(path, db_url)
        except DomainError as exc:
            detail = exc.render(i18n.core_lang())
            libpq = str(exc.params.get("libpq", ""))  # the server's own words, for the details
            if exc.code == "db.damaged":
                from ui import damaged

                home = resolved or resolve_home(path, db_url)
                if damaged.recover(home, detail) is None:
                    return None
                continue  # the backup is back in place: open it
        except Exception as exc:  # a bad URL, an unwritable folder ...
            log.exception("cannot open the registry at %s (%s)", path, db_url)
            detail = f"{type(exc).__name__}: {exc}"
            libpq = ""
        from ui import cannot_open

        choice = cannot_open.ask(detail, libpq)
        if choice is None:
            return None
        if isinstance(choice, Path):  # a local registry: its own SQLite file, whatever LABREGISTRY_DB says
            path, db_url, resolved = choice, own_database_url(choice), None


def main(
    argv: Sequence[str] | None = None,
    *,
    home: str | Path | None = None,
    db_url: str | None = None,
    lang: str | None = None,
) -> int:
    """Run the desktop app; returns the exit code (0, or 1 if the registry cannot open)."""
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    app = application(qt_args)
    uninstall = errors.install_excepthook(lambda: QApplication.activeWindow())
    try:
        i18n.core_i18n.load_catalogues()  # a slip in a messages.toml is named now, not at some later text
    except i18n.core_i18n.CatalogueError as exc:  # the file and the code, in both languages
        errors.exec_dialog(QMessageBox(QMessageBox.Icon.Critical, APP_NAME, str(exc)))
        uninstall()
        return 1
    try:
        controller = start(home=home or args.home, db_url=db_url or args.db, lang=lang or args.lang)
        if controller is None:
            return 1
        smoke.arm(app, controller)
        code = int(app.exec())
        controller.close()
        return code
    finally:
        uninstall()
