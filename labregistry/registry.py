"""An open registry: the home folder, the engine on its database, and units of work.

``open_registry`` is the one way in for the CLI, the app and the tests: it resolves
the home, creates its folders, and migrates the schema to the newest revision.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from labregistry import i18n
from labregistry.errors import DomainError

from labregistry.config import Home, resolve_home, setup_logging
from labregistry.services import backups
from labregistry.storage import db
from labregistry.storage.uow import UnitOfWork

OPERATOR_KEY = "operator"

i18n.register(
    {
        "db.damaged": {
            "zh": "数据库 {url} 无法读取，可能已损坏（{detail}）。请运行 labregistry check 查看，"
            "并用 labregistry restore 从备份恢复",
            "en": "the database {url} cannot be read and may be damaged ({detail}); run labregistry check, "
            "then labregistry restore from a backup",
        },
    }
)


@dataclass
class Registry:
    home: Home
    engine: Engine

    def uow(self, operator: str | None = None, source: str | None = None) -> UnitOfWork:
        return UnitOfWork(self.engine, operator or self.operator(), source)

    def operator(self) -> str:
        """Who is working: LABREGISTRY_OPERATOR, else the name set at init, else the OS user."""
        env = os.environ.get("LABREGISTRY_OPERATOR")
        if env:
            return env
        with UnitOfWork(self.engine, "") as uow:
            name = uow.settings.get(OPERATOR_KEY)
        return name or _os_user()

    @property
    def is_sqlite(self) -> bool:
        return db.is_sqlite(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers)
        return "operator"


def open_registry(home: str | os.PathLike[str] | None = None, db_url: str | None = None,
                  *, migrate: bool = True, logging: bool = True) -> Registry:
    """Open (and migrate) the registry at ``home`` / ``db_url``."""
    resolved = resolve_home(home, db_url)
    resolved.ensure()
    if logging:
        setup_logging(resolved)
    if os.environ.get("LABREGISTRY_DB_CREATE") == "1":
        db.create_database_if_missing(resolved.db_url)
    engine = db.make_engine(resolved.db_url)
    try:
        if migrate:
            _migrate_with_backup(resolved, engine)
    except DatabaseError as exc:
        engine.dispose()
        raise DomainError("db.damaged", url=_shown(resolved.db_url), detail=_reason(exc)) from exc
    return Registry(resolved, engine)


def _migrate_with_backup(home: Home, engine: Engine) -> None:
    """Back up before a migration that changes an existing database, and once a day."""
    if db.at_head(engine):  # the usual start: no migration, and no Alembic to load
        backups.daily_backup(home)
        return
    current = db.current_revision(engine)
    if current is None:  # a new database: nothing to keep yet
        db.migrate(engine)
        return
    if current != db.head_revision(engine):
        db.refuse_newer(engine, current)  # no backup for a start that is refused: it would push out a good one
        backups.backup_database(home, f"before-migration-{current}")
    db.migrate(engine)
    backups.daily_backup(home)


def _shown(url: str) -> str:
    return url.split("@")[-1]


def _reason(exc: DatabaseError) -> str:
    return " ".join(str(getattr(exc, "orig", exc)).split())[:200]
