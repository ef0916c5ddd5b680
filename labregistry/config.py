"""Where the registry lives: the home folder, the database URL, logging.

The home (``--home`` or LABREGISTRY_HOME, else the platformdirs user data folder)
holds the database, keys, received bundles, backups and logs; nothing is written
outside it except files the user names. ``--db`` / LABREGISTRY_DB point the data at
any SQLAlchemy URL (PostgreSQL for a regional server) while keys stay in the home.
"""

from __future__ import annotations

import hashlib
import logging
import logging.handlers
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "LabRegistry"
DB_FILE = "labregistry.db"


@dataclass(frozen=True)
class Home:
    """The data folder and the database it uses."""

    path: Path
    db_url: str

    @property
    def keys_dir(self) -> Path:
        return self.path / "keys"

    @property
    def received_dir(self) -> Path:
        return self.path / "received"

    @property
    def backups_dir(self) -> Path:
        return self.path / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.path / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs_dir / "labregistry.log"

    def ensure(self) -> None:
        for folder in (self.path, self.keys_dir, self.received_dir, self.backups_dir, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)


def default_home() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_home(home: str | os.PathLike[str] | None = None, db: str | None = None) -> Home:
    """Flags win over the environment, the environment over the defaults.

    A database URL may hold ``{home_id}``, replaced by a short stable id of the home
    folder: one server, one database per home (e.g. several registries, or a test suite
    run against PostgreSQL, on one server).
    """
    from labregistry.storage.db import sqlite_url

    home = home or os.environ.get("LABREGISTRY_HOME") or default_home()
    path = Path(home).expanduser().resolve()
    db = db or os.environ.get("LABREGISTRY_DB") or sqlite_url(path / DB_FILE)
    if "{home_id}" in db:
        db = db.replace("{home_id}", home_id(path))
    return Home(path=path, db_url=db)


def home_id(path: Path) -> str:
    return hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:16]


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """The log file, which never stops the work: when it cannot be written (a full disk, a
    read-only folder, a log file that is a folder) the record is dropped, silently.

    logging's own ``handleError`` prints "--- Logging error ---" and a traceback to stderr,
    which is exactly what a user must never see; the file is opened on the first record
    (``delay``), so that an unwritable one fails there, quietly, too."""

    def __init__(self, filename: str) -> None:
        super().__init__(filename, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True)

    def handleError(self, record: logging.LogRecord) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            try:
                stream.close()
            except OSError:
                pass


def setup_logging(home: Home, level: int = logging.INFO) -> None:
    """A rotating log file in the home's log folder; idempotent; quiet when it cannot be
    written (see :class:`QuietFileHandler`)."""
    root = logging.getLogger()
    target = str(home.log_file)
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and handler.baseFilename == target:
            return
    try:
        home.logs_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # the handler fails quietly on its first record
    handler = QuietFileHandler(target)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level) if root.level else level)
