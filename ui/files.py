"""Choosing files and folders: the system dialogs, behind functions tests can replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def documents_dir() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def save_path(parent: QWidget | None, title: str, suggested: Path, filters: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    return Path(chosen) if chosen else None


def open_path(parent: QWidget | None, title: str, start: Path, filters: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start), filters)
    return Path(chosen) if chosen else None


def open_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(chosen) if chosen else None
