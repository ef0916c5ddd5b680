"""An open registry: the home folder, the engine on its database, and units of work.

``open_registry`` is the one way in for the CLI, the app and the tests: it resolves
the home, creates its folders, and brings an embedded SQLite schema to the newest
revision (a shared server's schema only ever changes by ``labregistry db upgrade``).
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from labregistry import faults
from labregistry.config import DB_FILE, Home, resolve_home, setup_logging
from labregistry.errors import DomainError
from labregistry.storage import backups, db
from labregistry.storage.uow import UnitOfWork

OPERATOR_KEY = "operator"


@dataclass
class Registry:
    home: Home
    engine: Engine

    def uow(self, operator: str | None = None, source: str | None = None, *, write: bool = False) -> UnitOfWork:
        """A unit of work; ``write=True`` for one that writes (it takes the write lock first)."""
        return UnitOfWork(self.engine, operator or _operator_in, source, write=write)

    def operator(self) -> str:
        """Who is working: LABREGISTRY_OPERATOR, else the name set at init, else the OS user."""
        with UnitOfWork(self.engine, "") as uow:
            return _operator_in(uow)

    def write_refusal(self) -> DomainError | None:
        """Why this login may not write the database (a viewer on a server), or None."""
        return db.write_refusal(self.engine)

    @property
    def is_sqlite(self) -> bool:
        return db.is_sqlite(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def _operator_in(uow: UnitOfWork) -> str:
    """The operator as :meth:`Registry.operator` says, read in ``uow``'s own session."""
    env = os.environ.get("LABREGISTRY_OPERATOR")
    if env:
        return env
    return uow.settings.get(OPERATOR_KEY) or _os_user()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers)
        return "operator"


def open_registry(home: str | os.PathLike[str] | None = None, db_url: str | None = None,
                  *, migrate: bool = True, logging: bool = True, must_exist: bool = False) -> Registry:
    """Open (and migrate) the registry at ``home`` / ``db_url``.

    ``must_exist``: refuse a home without its database (a mistyped ``--home``) instead of
    creating a new one; every command but ``init`` asks for that. Faults of the machine
    (full disk, read-only folder, a server that cannot be reached...) are DomainErrors
    that say so (:mod:`labregistry.faults`); only a file SQLite cannot read is ``db.damaged``.
    """
    resolved = resolve_home(home, db_url)
    if must_exist:
        require_home(resolved)
    engine: Engine | None = None
    try:
        if os.environ.get("LABREGISTRY_DB_CREATE") == "1":
            db.create_database_if_missing(resolved.db_url)
        engine = db.make_engine(resolved.db_url)
        if must_exist and not resolved.path.exists():
            engine.connect().close()  # a server database: make no folder for a home it does not know
        _ensure_folders(resolved)
        if logging:
            setup_logging(resolved)
        if migrate:
            _migrate_with_backup(resolved, engine)
    except DomainError:
        if engine is not None:
            engine.dispose()
        raise
    except Exception as exc:
        if engine is not None:
            engine.dispose()
        explained = _cannot_open(resolved, exc)
        if explained is None:
            raise
        raise explained from exc
    assert engine is not None
    return Registry(resolved, engine)


def require_home(home: Home) -> None:
    """DomainError unless the home's SQLite database exists (a server database is checked
    when it is connected to)."""
    missing = db.missing_sqlite_file(home.db_url)
    if missing is None:
        return
    if missing == home.path / DB_FILE:
        raise DomainError("home.missing", path=str(home.path))
    raise DomainError("home.no_database", path=str(missing))


def no_registry_in(home: Home) -> bool:
    """True when the home's own SQLite database (not one named by --db) does not exist yet:
    the app then offers to set up the institute instead of opening an empty registry.
    Here, not with the set-up, so the app's start loads no key machinery to ask."""
    database = home.path / DB_FILE
    return db.sqlite_path(home.db_url) == database and not database.exists()


def own_database_url(folder: Path) -> str:
    """The URL of the SQLite file a data folder holds (for "open another data folder":
    that folder's own database, not the one LABREGISTRY_DB names)."""
    return db.sqlite_url(folder / DB_FILE)


def _ensure_folders(home: Home) -> None:
    """The home's folders; a read-only home that exists is left as it is (reading works)."""
    if home.path.is_dir() and not db.writable(home.path):
        return
    home.ensure()


def _cannot_open(home: Home, exc: Exception) -> DomainError | None:
    """Why the registry cannot be opened, in words (None: not known, a bug)."""
    explained = faults.explain(exc, faults.where_of(home))
    if explained is not None:
        return explained
    if not isinstance(exc, DatabaseError):
        return None
    if db.sqlite_path(home.db_url) is not None:
        return DomainError("db.damaged", url=_shown(home.db_url), detail=_reason(exc))
    return DomainError("db.unreachable", url=_shown(home.db_url), detail=_reason(exc))


def _migrate_with_backup(home: Home, engine: Engine) -> None:
    """The schema at start: an embedded SQLite file is brought forward, with a backup before
    a migration that changes an existing database (and once a day). A shared server is
    never migrated by a client: an empty database gets its tables, an older schema is
    refused (``db.server_behind``) until the coordinator runs ``labregistry db upgrade``."""
    if db.at_head(engine):  # the usual start: no migration, and no Alembic to load
        backups.daily_backup(home)
        return
    current = db.current_revision(engine)
    if current is None:  # a new database: nothing to keep yet
        db.migrate(engine)
        return
    head = db.head_revision(engine)
    if current != head:
        db.refuse_newer(engine, current)  # no backup for a start that is refused: it would push out a good one
        if not db.is_sqlite(engine):
            raise DomainError("db.server_behind", place=faults.where_of(home).place(), rev=current, head=head)
        backups.backup_database(home, f"before-migration-{current}")
    db.migrate(engine)
    backups.daily_backup(home)


def _shown(url: str) -> str:
    return url.split("@")[-1]


def _reason(exc: DatabaseError) -> str:
    return " ".join(str(getattr(exc, "orig", exc)).split())[:200]
