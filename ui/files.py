"""Choosing files and folders: the system's dialogs where there is one, Qt's (in the
app's language) elsewhere, each starting in the folder last used for the same purpose.

Why not ``QFileDialog.getSaveFileName``: on a desktop without a native dialog (Linux
without GNOME or KDE, a virtual display) Qt's own dialog shows, and Qt's catalogue leaves
"Look in:" and "Files of type:" in English, calls the size "体积" and writes dates in the
system's C locale ("6 12 2026"). :func:`make_dialog` sets those texts itself and shows
the dates in the chosen language.

The folder last used is remembered per purpose (bundles, ledgers, certificates, reports,
keys, backups) in the app's settings (:func:`remember_in`). :func:`save_path`,
:func:`open_path` and :func:`open_folder` are what tests replace; the ``*_for``
functions around them choose the start folder and remember the answer.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QIdentityProxyModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QFileSystemModel, QWidget

from ui import errors
from ui.i18n import QT_TRANSLATE_NOOP
from ui import settings as opts

BUNDLES = "bundles"
LEDGERS = "ledgers"
CERTIFICATES = "certificates"
REPORTS = "reports"
KEYS = "keys"
BACKUPS = "backups"
PURPOSES = (BUNDLES, LEDGERS, CERTIFICATES, REPORTS, KEYS, BACKUPS)

_memory: opts.Settings | None = None

# Qt platforms with no file dialog of their own (a test run, a virtual display).
_NO_NATIVE_PLATFORMS = {"offscreen", "minimal", "vnc"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileDialog", text)


def documents_dir() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


# -- memory of the last folder per purpose -------------------------------------------


def remember_in(settings: opts.Settings | None) -> None:
    """The settings the last folders are kept in (the main window passes its own)."""
    global _memory
    _memory = settings


def _option(purpose: str) -> opts.Option[str]:
    return opts.Option(f"files/last_folder_{purpose}", "", str)


def last_folder(purpose: str) -> Path:
    """The folder last used for ``purpose`` while it still exists, else the documents folder."""
    if _memory is not None:
        saved = _memory.get(_option(purpose))
        if saved and Path(saved).is_dir():
            return Path(saved)
    return documents_dir()


def remember(purpose: str, folder: Path) -> None:
    if _memory is not None and folder.is_dir():
        _memory.set(_option(purpose), str(folder))
        _memory.sync()


def save_for(parent: QWidget | None, purpose: str, title: str, name: str, filters: str) -> Path | None:
    """A file to write, proposed as ``name`` in the folder last used for ``purpose``."""
    chosen = save_path(parent, title, last_folder(purpose) / name, filters)
    if chosen is not None:
        remember(purpose, chosen.parent)
    return chosen


def open_for(parent: QWidget | None, purpose: str, title: str, filters: str) -> Path | None:
    chosen = open_path(parent, title, last_folder(purpose), filters)
    if chosen is not None:
        remember(purpose, chosen.parent)
    return chosen


def folder_for(parent: QWidget | None, purpose: str, title: str) -> Path | None:
    chosen = open_folder(parent, title, last_folder(purpose))
    if chosen is not None:
        remember(purpose, chosen)
    return chosen


# -- the dialogs ---------------------------------------------------------------------


def native_available() -> bool:
    """True where the system has its own file dialog (Windows, macOS, a GNOME or KDE desktop)."""
    if QGuiApplication.platformName() in _NO_NATIVE_PLATFORMS:
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("XDG_CURRENT_DESKTOP"))


class LocalisedFiles(QIdentityProxyModel):
    """The Qt dialog's file list with headers, folder type and dates in the app's language."""

    HEADERS = (
        QT_TRANSLATE_NOOP("FileDialog", "Name"),
        QT_TRANSLATE_NOOP("FileDialog", "Size"),
        QT_TRANSLATE_NOOP("FileDialog", "Type"),
        QT_TRANSLATE_NOOP("FileDialog", "Date Modified"),
    )

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section < 4:
            return _tr(self.HEADERS[section])
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        source = self.sourceModel()
        if role == Qt.ItemDataRole.DisplayRole and isinstance(source, QFileSystemModel):
            src = self.mapToSource(index)
            if index.column() == 3:
                return QLocale().toString(source.lastModified(src), QLocale.FormatType.ShortFormat)
            if index.column() == 2 and source.isDir(src):
                return _tr(QT_TRANSLATE_NOOP("FileDialog", "Folder"))
        return super().data(index, role)


def make_dialog(parent: QWidget | None, title: str, start: Path, filters: str) -> QFileDialog:
    """The dialog: the system's where there is one, otherwise Qt's, in the app's language."""
    dialog = QFileDialog(parent, title, str(start), filters)
    dialog.setObjectName("file_dialog")
    if native_available():
        return dialog
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, _tr(QT_TRANSLATE_NOOP("FileDialog", "Look in:")))
    dialog.setLabelText(QFileDialog.DialogLabel.FileName, _tr(QT_TRANSLATE_NOOP("FileDialog", "File name:")))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, _tr(QT_TRANSLATE_NOOP("FileDialog", "Files of type:")))
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, _tr(QT_TRANSLATE_NOOP("FileDialog", "Cancel")))
    proxy = LocalisedFiles(dialog)
    dialog.setProxyModel(proxy)
    return dialog


def _run(dialog: QFileDialog) -> Path | None:
    try:
        if errors.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return None
        chosen = dialog.selectedFiles()
        return Path(chosen[0]) if chosen and chosen[0] else None
    finally:
        dialog.deleteLater()


def _ask_file(
    parent: QWidget | None,
    title: str,
    start: Path,
    filters: str,
    mode: QFileDialog.AcceptMode,
    wanted: QFileDialog.FileMode,
    accept: str,
) -> Path | None:
    """The one file the user chose to save to or to open (``mode``, ``wanted``), or None;
    ``accept`` is the translated label of the button that chooses it."""
    dialog = make_dialog(parent, title, start, filters)
    dialog.setAcceptMode(mode)
    dialog.setFileMode(wanted)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, accept)
    return _run(dialog)


def save_path(parent: QWidget | None, title: str, suggested: Path, filters: str) -> Path | None:
    save = _tr(QT_TRANSLATE_NOOP("FileDialog", "Save"))
    return _ask_file(
        parent, title, suggested, filters, QFileDialog.AcceptMode.AcceptSave, QFileDialog.FileMode.AnyFile, save
    )


def open_path(parent: QWidget | None, title: str, start: Path, filters: str) -> Path | None:
    open_ = _tr(QT_TRANSLATE_NOOP("FileDialog", "Open"))
    return _ask_file(
        parent, title, start, filters, QFileDialog.AcceptMode.AcceptOpen, QFileDialog.FileMode.ExistingFile, open_
    )


def open_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    dialog = make_dialog(parent, title, start, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, _tr(QT_TRANSLATE_NOOP("FileDialog", "Choose")))
    return _run(dialog)
