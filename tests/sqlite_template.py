"""New SQLite homes start at the newest schema by a copy, as PostgreSQL homes do from ``template1``.

Every test that makes a home runs the registry's migrations on an empty SQLite file: about
114 ms of CPU a home, and a pass makes a couple of thousand homes (in-process registries and
CLI commands alike). :func:`install` makes :func:`labregistry.storage.db.migrate` bring an
*empty* SQLite database to the head revision by copying a database that the real
migrations brought there once per process (SQLite's online backup, page by page: about 3 ms),
and leaves every other call alone: a database with any table, another revision, PostgreSQL.
The copy is the same schema and the same shipped rows (the catalogues) that the migrations
write; ``tests/test_sqlite_template.py`` checks that against a migrated file.

Installed by ``tests/conftest.py`` in each test process and by the CLI zygote
(``tests/cliproc.py``) before it forks commands. A process started afresh (``python -m
labregistry``: start-up tests, the kill tests) migrates for real, as do the migration tests,
which go through Alembic's ``command.upgrade`` themselves. ``LABREGISTRY_TEST_SQLITE_TEMPLATE=0``
turns it off (every home then migrates from nothing).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

ENV = "LABREGISTRY_TEST_SQLITE_TEMPLATE"
PREFIX = "lr-sqlite-template-"  # then the pid of the process that made it
_state: dict[str, Any] = {}


def install() -> None:
    """Wrap ``db.migrate`` and make the template now (once per process; a no-op when turned
    off). Made here, not at the first new home: the zygote's commands are forks, and a
    template one of them made would die with it (each command would migrate and leave one)."""
    if os.environ.get(ENV) == "0" or "original" in _state:
        return
    from labregistry.storage import db

    _state["original"] = db.migrate
    db.migrate = _migrate
    _template()


def _migrate(engine: Any, revision: str = "head") -> None:
    from labregistry.storage import db

    target = db.sqlite_path(engine.url.render_as_string(hide_password=False))
    if revision != "head" or target is None or not _empty(engine):
        _state["original"](engine, revision)
        return
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        with sqlite3.connect(_template()) as source:
            source.backup(raw)
        conn.commit()


def _empty(engine: Any) -> bool:
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == 0


def _template() -> str:
    """A database the real migrations brought to the head revision, made once per process."""
    if "path" not in _state:
        from labregistry.storage import db

        folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
        atexit.register(_remove, folder, os.getpid())
        path = folder / "template.db"
        engine = db.make_engine(db.sqlite_url(path))
        try:
            _state["original"](engine)
        finally:
            engine.dispose()
        _state["path"] = str(path)
    return str(_state["path"])


def _remove(folder: Path, owner: int) -> None:
    """At exit of the process that made the template; a forked command ends through the same
    exit handlers and must leave it to the zygote."""
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)

