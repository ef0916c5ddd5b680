"""A throwaway PostgreSQL server for the tests, started from the machine's binaries.

``LABREGISTRY_TEST_PG`` (a SQLAlchemy URL to a server the tests may create databases
on) wins when set. Otherwise a private cluster is created with ``initdb`` in a temp
folder, listening only on a Unix socket, and stopped at the end of the session.
As root, PostgreSQL refuses to run, so the cluster runs as the ``postgres`` user.

The private cluster's ``template1`` is brought to the newest schema by the registry's own
migrations once, at start: a database the registry creates for a new home (``CREATE
DATABASE`` copies ``template1``) then starts at the head revision instead of running every
migration again (about 0.45 s per home, for well over a thousand homes a run). The
migrations themselves run from an empty database in the tests that are about them (their
databases come from :meth:`PgServer.new_database`, which copies the untouched
``template0``). ``LABREGISTRY_TEST_PG_MIGRATED_TEMPLATE=0`` leaves ``template1`` empty, so
that every home migrates from nothing as on a real server.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

import psycopg


REGIONAL_DOC = Path(__file__).resolve().parents[1] / "docs" / "regional-server.md"


def regional_block(name: str) -> str:
    """The fenced block after ``<!-- drill: name -->`` in docs/regional-server.md."""
    text = REGIONAL_DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- drill: {re.escape(name)} -->\n```[a-z]*\n(.*?)\n```", text, re.S)
    if found is None:
        raise LookupError(f"docs/regional-server.md has no drill block {name!r}")
    return found.group(1)


def regional_settings() -> dict[str, str]:
    """The page's ``postgresql.conf`` lines for a region's server (block ``tuning``), name ->
    value: benchmarks/pgscale.py's server runs with them (:meth:`PgServer.configure`), and
    tests/server/test_server_tuning.py checks that PostgreSQL reads them as printed."""
    pairs = {}
    for line in regional_block("tuning").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, value = (part.strip() for part in line.split("=", 1))
            pairs[name] = value.strip("'")
    return pairs

def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _memory_folder() -> str | None:
    """/dev/shm when it has room: a database per home is about 12 MB of files made and removed
    again, which a memory file system does in a fraction of the time of a disk (and of a disk
    mounted with ``discard``, far less). The tests drop each test's databases at its end
    (tests/conftest.py), so the cluster stays small."""
    shm = Path("/dev/shm")
    try:
        free = shutil.disk_usage(shm).free
    except OSError:
        return None
    return str(shm) if free > 2 * 1024**3 and os.access(shm, os.W_OK) else None


FILE_COPY_ENV = "LABREGISTRY_TEST_PG_FILE_COPY"
_file_copy: dict[str, bool] = {}


def copy_new_databases_by_file() -> None:
    """The registry's ``CREATE DATABASE`` of a new home (``LABREGISTRY_DB_CREATE=1``) copies
    its template's files (``STRATEGY FILE_COPY``) instead of writing every page of it to the
    WAL (PostgreSQL 15's default, ``WAL_LOG``): the same database, made in about 28 ms instead
    of 45 and dropped at the test's end in 9 ms instead of 20 (fewer dirty buffers); a home
    opened, written and dropped costs about 20 ms less CPU (docs/testing.md "CI time"). Each
    test process has a server of its own, so the checkpoints ``FILE_COPY`` asks for hold up
    nobody else. The strategy is how the server copies, not what it
    copies; the registry's own statement still runs (its check that the database is missing,
    its quoting of the name), only the clause is added. In the test process and the CLI
    zygote (as :mod:`tests.sqlite_template`); ``LABREGISTRY_TEST_PG_FILE_COPY=0`` leaves the
    statement alone."""
    if os.environ.get(FILE_COPY_ENV) == "0" or _file_copy:
        return
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    event.listen(Engine, "before_cursor_execute", _with_file_copy, retval=True)
    _file_copy["installed"] = True


def _with_file_copy(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                    executemany: bool) -> tuple[str, Any]:
    if (statement.startswith("CREATE DATABASE ") and " STRATEGY " not in statement
            and conn.dialect.name == "postgresql" and (conn.dialect.server_version_info or (0,)) >= (15,)):
        statement += " STRATEGY FILE_COPY"
    return statement, parameters


class PgServer:
    """A private cluster; ``new_database()`` returns the URL of a fresh empty database."""

    def __init__(self) -> None:
        self.external = os.environ.get("LABREGISTRY_TEST_PG")
        self.dir: Path | None = None
        self.port = 54329
        self._user: str | None = None
        self._admin: psycopg.Connection[Any] | None = None

    def start(self) -> None:
        if self.external:
            return
        bindir = _bin_dir()
        if bindir is None:
            raise RuntimeError("PostgreSQL binaries not found: install the 'postgresql' package (./test.sh does)")
        self.dir = Path(tempfile.mkdtemp(prefix="labregistry-pg-", dir=_memory_folder()))
        data = self.dir / "data"
        run_as: list[str] = []
        if os.geteuid() == 0:
            self._user = "postgres"
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            run_as = ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            [*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
             "--locale=C.UTF-8"],
            check=True, capture_output=True,
        )
        self.port = 50000 + os.getpid() % 10000
        opts = (f"-p {self.port} -k {self.dir} -c listen_addresses='' -c fsync=off -c max_connections=500 "
                "-c full_page_writes=off -c synchronous_commit=off -c max_wal_size=256MB "
                "-c dynamic_shared_memory_type=mmap")  # segments in the data folder, gone with it
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(self.dir / "log"), "-w",
             "start"],
            check=True, capture_output=True,
        )
        self._bindir = bindir
        self._run_as = run_as
        if os.environ.get("LABREGISTRY_TEST_PG_MIGRATED_TEMPLATE", "1") != "0":
            self._migrate_template1()

    def _migrate_template1(self) -> None:
        from labregistry.storage import db

        engine = db.make_engine(f"postgresql+psycopg://postgres@/template1?host={self.dir}&port={self.port}")
        try:
            db.migrate(engine)
        finally:
            engine.dispose()  # CREATE DATABASE needs template1 without sessions

    def configure(self, settings: dict[str, str]) -> None:
        """``ALTER SYSTEM SET`` each setting, then a restart (``shared_buffers`` takes effect only
        then; the start's options are kept). The private server only."""
        if self.external or self.dir is None:
            raise RuntimeError("configure() is for the private server")
        for name, value in settings.items():
            if not re.fullmatch(r"[a-z_]+", name):
                raise ValueError(f"not a setting's name: {name!r}")
            self._admin_execute(f"ALTER SYSTEM SET {name} = '{value.replace(chr(39), chr(39) * 2)}'")
        self._close_admin()
        subprocess.run([*self._run_as, str(self._bindir / "pg_ctl"), "-D", str(self.dir / "data"), "-w", "-m", "fast",
                        "-l", str(self.dir / "log"), "restart"], check=True, capture_output=True)

    def admin_conninfo(self) -> str:
        if self.external:
            url = self.external.replace("postgresql+psycopg://", "postgresql://")
            return url
        return f"host={self.dir} port={self.port} user=postgres dbname=postgres"

    def _admin_execute(self, sql: str) -> list[Any]:
        """One statement on the ``postgres`` database, through a connection kept for the session:
        the suite asks before and after every test which databases exist, and a new connection
        each time (a server process forked and authenticated) cost more than the question."""
        for attempt in (1, 2):
            try:
                if self._admin is None or self._admin.closed:
                    self._admin = psycopg.connect(self.admin_conninfo(), autocommit=True)
                cursor = self._admin.execute(sql)
                return cursor.fetchall() if cursor.description else []
            except psycopg.OperationalError:
                self._close_admin()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _close_admin(self) -> None:
        if self._admin is not None:
            self._admin.close()
            self._admin = None

    def new_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        self._admin_execute(f'CREATE DATABASE "{name}" TEMPLATE template0' + self._file_copy_clause())
        if self.external:
            base = self.external.rsplit("/", 1)[0]
            return f"{base}/{name}"
        return f"postgresql+psycopg://postgres@/{name}?host={self.dir}&port={self.port}"

    def _file_copy_clause(self) -> str:
        """See :func:`copy_new_databases_by_file` (``STRATEGY`` is PostgreSQL 15's)."""
        if os.environ.get(FILE_COPY_ENV) == "0":
            return ""
        version = self._admin_execute("SHOW server_version_num")[0][0]
        return " STRATEGY FILE_COPY" if int(version) >= 150000 else ""

    def databases(self) -> set[str]:
        """The names of the databases the tests made (those of homes and of ``new_database``)."""
        rows = self._admin_execute("SELECT datname FROM pg_database WHERE datname LIKE 'lr\\_%' "
                                   "OR datname LIKE 't\\_%'")
        return {row[0] for row in rows}

    def drop(self, names: set[str]) -> None:
        for name in sorted(names):
            self._admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def url_template(self) -> str:
        """A LABREGISTRY_DB value giving each home its own database (created on first use)."""
        if self.external:
            base = self.external.rsplit("/", 1)[0]
            return base + "/lr_{home_id}"
        return f"postgresql+psycopg://postgres@/lr_{{home_id}}?host={self.dir}&port={self.port}"

    def stop(self) -> None:
        self._close_admin()
        if self.external or self.dir is None:
            return
        subprocess.run(
            [*self._run_as, str(self._bindir / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.dir, ignore_errors=True)
