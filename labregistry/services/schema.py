"""The schema of a registry's database: its state (``db status``) and its upgrade (``db upgrade``).

On a shared server (PostgreSQL) ``db upgrade`` is the only way the schema changes: clients
of another version refuse to start instead (see ``registry._migrate_with_backup``). It
takes a pg_dump into the home's backups folder first, and changes nothing when that fails.
An embedded SQLite file upgrades itself at start, with its own backup; ``db upgrade`` does
the same on demand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from labregistry import faults
from labregistry.config import Home
from labregistry.errors import DomainError
from labregistry.outputs import check_target
from labregistry.registry import require_home
from labregistry.storage import backups
from labregistry.storage import db, pgdump

CURRENT = "current"
BEHIND = "behind"
NEWER = "newer"
EMPTY = "empty"


def status(home: Home) -> dict[str, Any]:
    """What the database's schema is and what this LabRegistry needs, without changing anything.

    ``state``: ``current`` (nothing to do), ``behind`` (``db upgrade`` needed), ``newer``
    (made by a newer LabRegistry: upgrade the program) or ``empty`` (no tables yet)."""
    require_home(home)
    with _engine(home) as engine:
        return _status(home, engine)


def upgrade(home: Home, dump_to: Path | None = None) -> dict[str, Any]:
    """Bring the schema to this version's head, after a backup (pg_dump on a server).

    Returns the status before, ``backup`` (the file, or None when nothing was done) and
    ``schema_revision`` after. Refuses a schema made by a newer LabRegistry."""
    require_home(home)
    with _engine(home) as engine:
        before = _status(home, engine)
        if before["state"] == NEWER:
            raise DomainError("db.newer", rev=before["schema_revision"])
        backup: Path | None = None
        if before["state"] != CURRENT:
            backup = _backup(home, engine, before["schema_revision"], dump_to)
            try:
                db.migrate(engine)
            except SQLAlchemyError as exc:
                raise faults.explain(exc, faults.where_of(home)) or exc from exc
        after = db.current_revision(engine)
    return {**before, "backup": str(backup) if backup else None, "upgraded": before["state"] != CURRENT,
            "schema_revision_before": before["schema_revision"], "schema_revision": after}


class _engine:
    """The database's engine for one command, disposed after it; the machine's faults in words."""

    def __init__(self, home: Home) -> None:
        self.home = home
        self.engine = db.make_engine(home.db_url)

    def __enter__(self) -> Engine:
        return self.engine

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        self.engine.dispose()
        if isinstance(exc, Exception) and not isinstance(exc, DomainError):
            explained = faults.explain(exc, faults.where_of(self.home))
            if explained is not None:
                raise explained from exc


def _status(home: Home, engine: Engine) -> dict[str, Any]:
    current = db.current_revision(engine)
    head = db.head_revision(engine)
    if current is None:
        state = EMPTY
    elif current == head:
        state = CURRENT
    else:
        try:
            db.refuse_newer(engine, current)
            state = BEHIND
        except DomainError:
            state = NEWER
    return {
        "backend": engine.dialect.name,
        "server": not db.is_sqlite(engine),
        "database": faults.where_of(home).place(),
        "schema_revision": current,
        "app_revision": head,
        "state": state,
        "upgrade_needed": state in (BEHIND, EMPTY),
    }


def _backup(home: Home, engine: Engine, current: str | None, dump_to: Path | None) -> Path | None:
    """The copy taken before the schema changes: pg_dump for a server, SQLite's online backup
    for a file (None for a new, empty SQLite file: nothing to keep)."""
    if dump_to is not None:
        check_target(home, dump_to)  # never over the database, a key or another registry file
    reason = f"before-upgrade-{current or 'empty'}"
    if db.is_sqlite(engine):
        return backups.backup_database(home, reason, out=dump_to, thorough=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return pgdump.dump(home.db_url, dump_to or home.backups_dir / f"labregistry-{stamp}-{reason}.dump")
