"""Backups and restore as the user asks for them: ``backup``, ``backups``, ``restore``, the app's pages.

The copying, checking and pruning of the database file is :mod:`labregistry.storage.backups`
(the registry takes its daily and pre-migration backups there, below the services); this
module adds what needs more than the file: the named output's guard
(:func:`labregistry.outputs.check_target`) and whose backup it is (the own institute, or the
signing key's when the database cannot be read).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from labregistry.config import Home
from labregistry.errors import DomainError
from labregistry.outputs import check_target
from labregistry.storage import backups as storage_backups
from labregistry.storage import db
from labregistry.storage.backups import BackupInfo, check_backup_file, list_backups


def manual_backup(home: Home, out: Path | None = None) -> Path:
    """``backup [OUT]``: refuse a server database or a missing file with a clear reason."""
    source = storage_backups.database_file(home)
    if not source.exists():
        raise DomainError("backup.no_database", path=str(source))
    if out is not None:
        check_target(home, out)
    path = storage_backups.backup_database(home, "manual", out=out, thorough=True)
    assert path is not None
    return path


def other_institute(home: Home, backup: Path) -> tuple[str, str] | None:
    """(the backup's own institute, this home's) when they differ, else None.

    This home's institute is the live database's own one, or, when that cannot be read,
    the one its signing key was made for."""
    theirs = storage_backups.own_uscc(backup)
    ours: str | None = None
    live = db.sqlite_path(home.db_url)
    if live is not None and live.exists():
        try:
            ours = storage_backups.own_uscc(live)
        except sqlite3.Error:
            ours = None
    if ours is None:
        from labregistry.crypto.keystore import KeyStore

        store = KeyStore(home.keys_dir)
        if store.has_key():
            ours = store.info().uscc
    if theirs is None or ours is None or theirs == ours:
        return None
    return theirs, ours


def restore_database(home: Home, backup: Path, *, force_other_institute: bool = False,
                     warn_other: Callable[[str, str], None] | None = None) -> Path:
    """Replace the database by ``backup``; returns where the previous state was kept.

    A backup of another institute's registry (another own credit code) is refused unless
    ``force_other_institute``: restoring it would make this home sign that institute's
    records with this home's key. ``warn_other(theirs, ours)`` is called for such a forced
    restore once every check has passed, so a warning never announces a restore that is
    then refused. A live database this user may not read or write is refused first, as the
    permission problem it is (:func:`~labregistry.storage.backups.check_live_access`). The
    restored copy is checked like a backup."""
    check_backup_file(backup)
    live = db.sqlite_path(home.db_url)
    if live is not None:  # a permission problem is said before whose backup it is
        storage_backups.check_live_access(live)
    mismatch = other_institute(home, backup)
    if mismatch is not None and not force_other_institute:
        raise DomainError("restore.other_institute", backup=str(backup), theirs=mismatch[0], ours=mismatch[1])
    storage_backups.database_file(home)  # a server database is refused before any warning
    if mismatch is not None and warn_other is not None:
        warn_other(*mismatch)
    return storage_backups.restore_database(home, backup)


__all__ = ["BackupInfo", "check_backup_file", "list_backups", "manual_backup", "other_institute", "restore_database"]
