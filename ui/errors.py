"""Errors in front of the user: a plain dialog for the ones they can fix, a crash dialog else.

A :class:`~labregistry.errors.DomainError` is shown as a warning in the UI language
(``DomainError.render``), with every issue in the details when there are several.
Anything unexpected is logged with its traceback and shown in :class:`CrashDialog`,
whose report can be copied for support. :func:`install_excepthook` routes uncaught
exceptions (in slots, event handlers, ``main``) to that dialog.

Dialogs are run through :func:`exec_dialog`, which tests replace to avoid blocking.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Protocol

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt, QThread, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labregistry import faults
from labregistry.config import Home
from labregistry.errors import DomainError
from labregistry.textrules import visible_output
from ui import i18n

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

_log_file: Path | None = None
_where: faults.Where | None = None
_showing_crash = False


def exec_dialog(dialog: QDialog) -> int:
    """Run a modal dialog (tests monkeypatch this to record it instead)."""
    return int(dialog.exec())


def clicked_button(box: QMessageBox) -> QAbstractButton | None:
    """Run a message box whose answers are its own buttons: the one clicked (None: closed)."""
    exec_dialog(box)
    clicked = box.clickedButton()
    box.deleteLater()
    return clicked


def set_log_file(path: Path | None) -> None:
    """The log the crash report points at (the home's log file)."""
    global _log_file
    _log_file = path


def set_registry_home(home: Home | None) -> None:
    """The registry the app works on: what a full disk, a read-only folder or another
    writer is about (:func:`labregistry.faults.explain`)."""
    global _where
    _where = faults.where_of(home) if home is not None else None


def show_exception(parent: QWidget | None, exc: BaseException) -> None:
    """The right dialog for ``exc``: a warning for a DomainError or a fault of the machine
    (a full disk, another LabRegistry writing...), the crash dialog else."""
    if isinstance(exc, DomainError):
        show_domain_error(parent, exc)
        return
    explained = faults.explain(exc, _where)
    if explained is not None:
        log.warning("%s", explained.render("en"), exc_info=exc)
        show_domain_error(parent, explained)
    else:
        report_crash(parent, (type(exc), exc, exc.__traceback__))


class ShowsError(Protocol):
    """Where a page says what went wrong, under the thing that failed (an ``InlineMessage``)."""

    def show_error(self, text: str) -> None: ...


def show_failure(parent: QWidget | None, message: ShowsError, exc: BaseException) -> None:
    """A failed operation's error: a DomainError (the user can act on it) in ``message`` on the
    page, in the UI language; anything else through :func:`show_exception`.

    Every page's failure handler did this the same way; one place keeps them so.
    """
    if isinstance(exc, DomainError):
        message.show_error(exc.render(i18n.core_lang()))
    else:
        show_exception(parent, exc)


def domain_error_box(parent: QWidget | None, exc: DomainError, title: str | None = None) -> QMessageBox:
    lang = i18n.core_lang()
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a peer's name is never taken for HTML
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or QCoreApplication.translate("Errors", "LabRegistry"))
    box.setText(visible_output(exc.render(lang)))
    if len(exc.issues) > 1:
        box.setDetailedText(visible_output("\n".join(issue.render(lang) for issue in exc.issues)))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_domain_error(parent: QWidget | None, exc: DomainError, title: str | None = None) -> None:
    log.info("refused: %s", exc.render("en"))
    exec_dialog(domain_error_box(parent, exc, title))


def crash_report(exc_info: ExcInfo) -> str:
    """The text a user copies for support: versions, time, the traceback."""
    exc_type, exc, tb = exc_info
    from labregistry import app_version

    lines = [
        f"LabRegistry {app_version()}",
        f"time: {dt.datetime.now().isoformat(timespec='seconds')}",
        f"python: {sys.version.split()[0]}  Qt: {qVersion()}  PySide6: {pyside_version}",
        f"platform: {platform.platform()}",
        f"language: {i18n.current_language()}",
    ]
    if _log_file is not None:
        lines.append(f"log: {_log_file}")
    lines.append("")
    lines.extend(line.rstrip("\n") for line in traceback.format_exception(exc_type, exc, tb))
    return "\n".join(lines)


class CrashDialog(QDialog):
    """Tells the user something went wrong, with a report to copy for support."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("Unexpected error"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        message = self.tr(
            "LabRegistry ran into an unexpected error, and what you were doing may not have been "
            "completed. Please copy the report below and send it to your IT support."
        )
        if _log_file is not None:
            message += "\n" + self.tr("The details are also in the log: %1").replace("%1", str(_log_file))
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy report"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Copied"))


def report_crash(parent: QWidget | None, exc_info: ExcInfo) -> None:
    """Log an unexpected exception and show the crash dialog (once at a time)."""
    global _showing_crash
    log.error("unexpected error", exc_info=exc_info)
    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return  # no GUI, or not the GUI thread: the log has it
    if _showing_crash:
        return
    _showing_crash = True
    try:
        exec_dialog(CrashDialog(crash_report(exc_info), parent))
    finally:
        _showing_crash = False


def install_excepthook(parent: Callable[[], QWidget | None] = lambda: None) -> Callable[[], None]:
    """Route uncaught exceptions to :func:`report_crash`; returns a function that undoes it."""
    previous_hook = sys.excepthook
    previous_thread_hook = threading.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous_hook(exc_type, exc, tb)
            return
        if isinstance(exc, DomainError):
            show_domain_error(parent(), exc)
            return
        report_crash(parent(), (exc_type, exc, tb))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.error(
                "unexpected error in thread %s",
                args.thread.name if args.thread else "?",
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )

    sys.excepthook = hook
    threading.excepthook = thread_hook

    def uninstall() -> None:
        if sys.excepthook is hook:
            sys.excepthook = previous_hook
        if threading.excepthook is thread_hook:
            threading.excepthook = previous_thread_hook

    return uninstall
