"""The data folder the app opens when none is named: chosen once, remembered outside it.

A lab keeps its registry where it likes (another drive, a share); without this the app
would need ``--home`` on every start. When the user opens another data folder in the app
(the first-run dialog, the settings page, a folder that could not be opened), the app
writes its path to one small ini file in the platform's configuration folder
(platformdirs: ``~/.config/LabRegistry`` on Linux, ``%LOCALAPPDATA%`` on Windows), the one
file the app writes outside a data folder, and only on that choice. ``--home`` and
LABREGISTRY_HOME still win, and the command line never reads this file (CLI.md: the home
is named, or the default). LABREGISTRY_CONFIG_DIR moves the file (the tests use it).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from labregistry import config
from ui import settings as opts

POINTER_FILE = "app.ini"
DATA_FOLDER = opts.Option("data/folder", "", str)


def config_dir() -> Path:
    override = os.environ.get("LABREGISTRY_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(config.APP_NAME, appauthor=False))


def _pointer() -> opts.Settings:
    return opts.Settings(config_dir() / POINTER_FILE)


def remembered() -> Path | None:
    """The folder chosen last, if one was (it may be on a drive not connected now)."""
    file = config_dir() / POINTER_FILE
    if not file.is_file():
        return None
    text = _pointer().get(DATA_FOLDER).strip()
    return Path(text) if text else None


def remember(folder: Path) -> None:
    """Open ``folder`` next time; the default folder is remembered by forgetting any other."""
    folder = folder.resolve()
    if remembered() == folder:
        return
    if folder == config.default_home().resolve() and remembered() is None:
        return  # nothing to write: the default opens anyway
    pointer = _pointer()
    pointer.set(DATA_FOLDER, str(folder))
    pointer.sync()


def folder_to_open(named: str | Path | None) -> Path | None:
    """The folder to open when the app starts: the one named (``--home``, LABREGISTRY_HOME),
    else the one remembered, else None (the default)."""
    if named:
        return Path(named)
    env = os.environ.get("LABREGISTRY_HOME")
    if env:
        return Path(env)
    return remembered()
