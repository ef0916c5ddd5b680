"""Engine creation, write locking and schema migration for SQLite (default) and PostgreSQL.

SQLite gets WAL, foreign keys and a busy timeout on every connection. The schema is
only ever created by Alembic (``upgrade head`` at start-up), so a database made by an
older version is brought forward, not recreated.

Paths become URLs by building them (:func:`sqlite_url`, :func:`sqlite_uri`), never by
formatting: a data folder named ``a#b %c?d 计量`` must not turn into a URL whose ``?``
starts a query or whose ``#`` ends the path.

Writers, one at a time: a transaction begun inside :func:`writing` takes the database's
write lock up front (SQLite ``BEGIN IMMEDIATE``; PostgreSQL a transaction-scoped advisory
lock, one per database), so that two writers never both read and then fail to write. A
second writer waits up to :func:`lock_wait` seconds (env LABREGISTRY_LOCK_WAIT, default 30)
and then gives up with an error that :mod:`labregistry.faults` turns into "another
LabRegistry is writing; try again". Readers never wait (WAL; PostgreSQL MVCC).
"""

from __future__ import annotations

import ast
import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path, PurePath
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from labregistry.errors import DomainError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


LOCK_WAIT_ENV = "LABREGISTRY_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 30.0
WRITE_LOCK_KEY = 0x4C6162526567  # "LabReg": the PostgreSQL advisory lock every writer takes
_WRITING: ContextVar[bool] = ContextVar("labregistry_writing", default=False)


def lock_wait() -> float:
    """Seconds a writer waits for another one: env LABREGISTRY_LOCK_WAIT, else 30."""
    try:
        value = float(os.environ.get(LOCK_WAIT_ENV, ""))
    except ValueError:
        return DEFAULT_LOCK_WAIT
    return value if value >= 0 else DEFAULT_LOCK_WAIT


def sqlite_url(path: PurePath) -> str:
    """The SQLAlchemy URL of the SQLite file ``path``, quoted so that it parses back to
    exactly ``path`` (``#``, ``%``, ``?``, spaces, Chinese, a Windows drive letter)."""
    return URL.create("sqlite", database=str(path)).render_as_string()


def sqlite_uri(path: PurePath, **params: str) -> str:
    """A SQLite ``file:`` URI of the absolute ``path`` (percent-encoded), e.g. with mode="ro"."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return path.as_uri() + (f"?{query}" if query else "")


def normalise_url(url_or_path: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as a SQLite file)."""
    if "://" in url_or_path:
        try:
            url = make_url(url_or_path)
        except Exception as exc:  # sqlalchemy.exc.ArgumentError and friends
            raise DomainError("db.url_invalid", url=url_or_path) from exc
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    return sqlite_url(Path(url_or_path).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for servers and in-memory databases)."""
    parsed = make_url(normalise_url(url))
    if parsed.drivername.startswith("sqlite") and parsed.database and parsed.database != ":memory:":
        return Path(parsed.database)
    return None


def missing_sqlite_file(url: str) -> Path | None:
    """The path of a SQLite URL whose file does not exist (else None)."""
    path = sqlite_path(url)
    return path if path is not None and not path.exists() else None


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def writable(folder: Path) -> bool:
    """True when files can be created in ``folder`` (False on a read-only mount, even for root)."""
    return os.access(folder, os.W_OK)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(lock_wait() * 1000)}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(lock_wait() * 1000)}")
    cur.close()


def read_connection(path: Path) -> sqlite3.Connection:
    """A read-only sqlite3 connection to the file ``path`` (never creates it).

    In a folder that cannot be written (a read-only mount, a write-protected USB stick)
    and without a write-ahead log beside the file, nobody can be writing (a writer would
    have to create the log), so SQLite may read it as immutable: that is what lets it open
    a WAL database whose ``-shm`` file it cannot create."""
    path = path.absolute()
    params = {"mode": "ro"}
    if not writable(path.parent) and not path.with_name(path.name + "-wal").exists():
        params["immutable"] = "1"
    return sqlite3.connect(sqlite_uri(path, **params), uri=True, check_same_thread=False, isolation_level=None,
                           timeout=lock_wait())


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """Transactions begun inside this block take the write lock first (see the module doc).

    Begin the transaction inside the block and use it after: ``with writing():
    session.connection()``; a unit of work nested later is not affected."""
    token = _WRITING.set(True)
    try:
        yield
    finally:
        _WRITING.reset(token)


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a writing transaction, committed at the end (rolled back on error)."""
    with engine.connect() as conn:
        with writing():
            transaction = conn.begin()
        with transaction:
            yield conn


def create_database_if_missing(url: str) -> None:
    """With LABREGISTRY_DB_CREATE=1: create a missing PostgreSQL database (needs the right)."""
    parsed = make_url(normalise_url(url))
    if not parsed.drivername.startswith("postgresql") or not parsed.database:
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            exists = conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %(n)s",
                                          {"n": parsed.database}).first()
            if not exists:
                name = parsed.database.replace('"', '""')
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()


def make_engine(url: str) -> Engine:
    """An engine with the pragmas this registry relies on; the file's folder is created.

    A SQLite file in a folder that cannot be written is opened read-only: reading works,
    and a write fails with SQLite's "readonly database" (see :mod:`labregistry.faults`)."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        path = Path(parsed.database) if parsed.database and parsed.database != ":memory:" else None
        read_only = path is not None and path.exists() and not writable(path.parent)
        if read_only:
            assert path is not None
            engine = create_engine(parsed, poolclass=NullPool, creator=lambda: read_connection(path))
            event.listen(engine, "connect", _sqlite_read_only_pragmas)
        else:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, poolclass=NullPool)
            event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take it over so that a
        # transaction starts when SQLAlchemy says so (needed for all-or-nothing imports).
        event.listen(engine, "connect", _disable_pysqlite_begin)
        event.listen(engine, "begin", _ReadOnlyBegin(path.parent) if read_only and path else _emit_begin)
    else:
        # A desktop client of a regional server: a connection per unit of work, closed
        # after it, so an idle app holds no server connection (and none leaks); the search
        # keeps one for a few seconds of its own (storage/readers.py).
        engine = create_engine(parsed, poolclass=NullPool)
        event.listen(engine, "begin", _postgres_begin)
        if not _asks_for_jit(parsed):
            event.listen(engine, "connect", _postgres_without_jit)
        event.listen(engine, "connect", _postgres_custom_plans)
    return engine


def _asks_for_jit(parsed: URL) -> bool:
    """Whether the connection's own options (the URL's, libpq's ``PGOPTIONS``) set ``jit``."""
    given = parsed.query.get("options")
    own = " ".join(given) if isinstance(given, tuple) else (given or "")
    return "jit" in own or "jit" in os.environ.get("PGOPTIONS", "")


def _postgres_without_jit(dbapi_conn: Any, _record: Any) -> None:
    """Each new connection plans without JIT. A search takes milliseconds; compiling its plan
    to machine code (PostgreSQL's default for a plan estimated dear) took 37-80 ms of it
    (docs/benchmarks.md, tenth round). docs/regional-server.md sets it on the server too; a
    server set up without that line must not make every search slower. A ``SET`` after
    connecting, not a startup option: libpq's ``options`` would replace those of ``PGOPTIONS``
    and of a service file (review 11)."""
    with dbapi_conn.cursor() as cur:
        cur.execute("SET jit = off")
    dbapi_conn.commit()


def _postgres_custom_plans(dbapi_conn: Any, _record: Any) -> None:
    """Each new connection plans every statement for its parameters' values, even one it has
    prepared. psycopg prepares a statement on the server the fifth time a connection runs it,
    and after five more PostgreSQL may plan it once for any values (a generic plan) when that
    plan's estimate is about the custom ones': a search's plan depends on its values (which
    quantity, which range, which institutes), and the generic plan of pressure at 500 kPa in
    江苏/浙江 took 6.5-7.5 s where each custom one took 0.3-0.5 s at 1,000,000 standards (the
    eleventh run of one search on one connection: a kept reader, :mod:`.readers`, scrolling a
    result; docs/benchmarks.md, h-pgcap). Planning costs a search a millisecond or two."""
    with dbapi_conn.cursor() as cur:
        cur.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_conn.commit()


def _disable_pysqlite_begin(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None


def _emit_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _WRITING.get() else "BEGIN")


class _ReadOnlyBegin:
    """BEGIN on a database in a read-only folder: a writer is refused before it starts
    (``fault.read_only``), instead of failing at its first write, or not at all."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, conn: Any) -> None:
        if _WRITING.get():
            raise DomainError("fault.read_only", path=str(self.folder))
        conn.exec_driver_sql("BEGIN")


def _postgres_begin(conn: Any) -> None:
    """A writer is refused at once when its role may not write (a viewer), and otherwise
    waits for the advisory lock at most :func:`lock_wait` (then SQLSTATE 55P03); the limit
    holds for the row locks of the rest of the transaction too."""
    if not _WRITING.get():
        return
    if not _role_may_write(conn):
        raise _write_refusal(conn)
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {max(1, int(lock_wait() * 1000))}")
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


_WRITABLE = ("CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(c.oid, 'USAGE') "
             "ELSE has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE') "
             "AND has_table_privilege(c.oid, 'DELETE') END")
"""Whether the connected role may write a table (or use a sequence) ``c`` of the registry."""
_REGISTRY_RELATIONS = (
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'S') AND c.relname <> 'alembic_version'"
)
_MAY_WRITE_SQL = f"SELECT coalesce(bool_and({_WRITABLE}), true) {_REGISTRY_RELATIONS}"


def _role_may_write(conn: Any) -> bool:
    """True when the connected role may change every table of the registry (the grants of
    docs/regional-server.md); a viewer's role may only SELECT. A new, empty database: True."""
    return bool(conn.exec_driver_sql(_MAY_WRITE_SQL).scalar())


def write_refusal(engine: Engine) -> DomainError | None:
    """Why the connected role may not write this database (a viewer's role, a writer's short
    of some grants), or None when it may: asked once at the app's start, so that a viewer
    is not offered a form it may not save. SQLite: None (a read-only folder says so itself)."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        return None if _role_may_write(conn) else _write_refusal(conn)


_WRITABLE_SQL = f"SELECT c.relname, c.relkind = 'S', {_WRITABLE} {_REGISTRY_RELATIONS} ORDER BY c.relname"


def _write_refusal(conn: Any) -> DomainError:
    """Why the connected role may not write: a viewer's role, which may write no table
    (``db.read_only_role``); else a writer's on a server granted table by table that forgot
    some (docs/regional-server.md), told which and the GRANT that mends it (it was told its
    login "may only read the database")."""
    from labregistry.faults import grant_statement

    user, database = conn.exec_driver_sql("SELECT current_user, current_database()").one()
    rows = conn.exec_driver_sql(_WRITABLE_SQL).all()
    tables = [name for name, sequence, writable in rows if not writable and not sequence]
    sequences = [name for name, sequence, writable in rows if not writable and sequence]
    if all(not writable for _name, sequence, writable in rows if not sequence):
        return DomainError("db.read_only_role", user=user, database=database)
    grants = ([grant_statement("table", tables, user, writes=True)] if tables else []) + (
        [grant_statement("sequence", sequences, user, writes=True)] if sequences else [])
    return DomainError("db.write_denied", user=user, database=database, names=", ".join(tables + sequences),
                       grant="; ".join(grants))


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.M)
_HEAD: list[str | None] = []


def head_revision_cheap() -> str | None:
    """The head revision id, read from the migration files without loading Alembic
    (``revision = ...`` / ``down_revision = ...`` of each ``versions/*.py``); None when
    that is not certain (no file, a file it cannot read, several heads): then ask Alembic.
    Equal to :func:`head_revision` (tested)."""
    if _HEAD:
        return _HEAD[0]
    head: str | None = None
    try:
        revisions: set[str] = set()
        downs: set[str] = set()
        for path in sorted((MIGRATIONS / "versions").glob("*.py")):
            text = path.read_text(encoding="utf-8")
            found: dict[str, str] = {m[1]: m[2] for m in _REVISION_LINE.finditer(text)}
            if "revision" not in found or "down_revision" not in found:
                raise ValueError(f"{path.name}: no revision lines")
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
            if not isinstance(revision, str) or revision in revisions:
                raise ValueError(f"{path.name}: revision {revision!r}")
            revisions.add(revision)
            for d in (down if isinstance(down, (tuple, list)) else (down,)):
                if d is not None:
                    downs.add(str(d))
        heads = revisions - downs
        if len(heads) == 1 and downs <= revisions:
            head = heads.pop()
    except (OSError, ValueError, SyntaxError):
        head = None
    _HEAD.append(head)
    return head


def current_revision_cheap(engine: Engine) -> tuple[bool, str | None]:
    """(known, revision): the ``alembic_version`` row read with one query, without loading
    Alembic; ``known`` is False when the answer is not that simple (no such table is "known,
    None" only on SQLite, where the catalogue says so; several rows...)."""
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                exists = conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").first()
                if exists is None:
                    return True, None
            elif not inspect(conn).has_table("alembic_version"):
                return False, None
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except Exception:  # noqa: BLE001 - let Alembic look (and report) the usual way
        return False, None
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        return False, None
    return True, rows[0][0]


def at_head(engine: Engine) -> bool:
    """True when the schema is certainly at the newest revision (two cheap reads, no Alembic)."""
    head = head_revision_cheap()
    if head is None:
        return False
    known, current = current_revision_cheap(engine)
    return known and current == head


def refuse_newer(engine: Engine, current: str | None) -> None:
    """DomainError ``db.newer`` when revision ``current`` is none of this version's migrations."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    if current is not None and current not in {s.revision for s in script.walk_revisions()}:
        raise DomainError("db.newer", rev=current)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest)."""
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(engine)
    current = current_revision(engine)
    script = ScriptDirectory.from_config(cfg)
    refuse_newer(engine, current)
    if revision == "head" and current == script.get_current_head():
        return
    log.info("migrating %s from %s to %s", engine.url.render_as_string(), current, revision)
    command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())
