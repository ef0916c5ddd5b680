"""pg_dump of a PostgreSQL registry: the backup taken before a server's schema changes.

The connection is handed to pg_dump without a password on its command line (where any
user of the machine could read it in the process list): the URL's host, port, user and
database become a libpq connection string, any ``?key=value`` of the URL (``passfile``,
``sslmode``, ``service``...) goes with them, and a password written in the URL travels in
the ``PGPASSWORD`` environment variable of the child process only. Better still, the
URL holds no password and libpq reads it from the password file (docs/regional-server.md).
"""

from __future__ import annotations

import glob
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from labregistry.errors import DomainError
from labregistry.storage.backups import owner_only_file

log = logging.getLogger(__name__)

PG_DUMP_ENV = "LABREGISTRY_PG_DUMP"
"""The pg_dump program to use, when it is not on the PATH (e.g. C:\\Program Files\\PostgreSQL\\16\\bin\\pg_dump.exe)."""


def find_pg_dump() -> Path:
    """LABREGISTRY_PG_DUMP, else pg_dump on the PATH, else the newest of the usual install
    folders (Debian's /usr/lib/postgresql/N/bin, Windows' Program Files\\PostgreSQL\\N\\bin)."""
    named = os.environ.get(PG_DUMP_ENV)
    if named:
        if Path(named).is_file():
            return Path(named)
        raise DomainError("pgdump.missing")
    found = shutil.which("pg_dump")
    if found:
        return Path(found)
    patterns = ["/usr/lib/postgresql/*/bin/pg_dump",
                os.path.join(os.environ.get("ProgramFiles", r"C:\Program Files"), "PostgreSQL", "*", "bin",
                             "pg_dump.exe")]
    candidates = [Path(c) for pattern in patterns for c in glob.glob(pattern)]
    if not candidates:
        raise DomainError("pgdump.missing")
    return max(candidates, key=_major_version)


def _major_version(path: Path) -> int:
    digits = re.findall(r"[/\\](\d+)[/\\]bin", str(path))
    return int(digits[-1]) if digits else 0


def connection(url: str) -> tuple[str, dict[str, str]]:
    """(libpq connection string without the password, environment with PGPASSWORD if the URL has one)."""
    from psycopg.conninfo import make_conninfo

    parsed = make_url(url)
    params: dict[str, str] = {k: str(v) for k, v in parsed.query.items() if isinstance(v, str)}
    for key, value in (("host", parsed.host), ("port", parsed.port), ("user", parsed.username),
                       ("dbname", parsed.database)):
        if value is not None and value != "":
            params[key] = str(value)
    params.pop("password", None)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    return make_conninfo(**params), env


def dump(url: str, out: Path) -> Path:
    """A custom-format dump of the database at ``url`` into ``out`` (restorable with
    pg_restore); DomainError when pg_dump is missing or fails (``out`` is then removed)."""
    program = find_pg_dump()
    conninfo, env = connection(url)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    owner_only_file(partial)  # pg_dump writes into it and keeps its mode: the region's data, the owner's only
    command = [str(program), "--format=custom", "--no-password", f"--file={partial}", f"--dbname={conninfo}"]
    log.info("pg_dump of %s into %s", make_url(url).render_as_string(hide_password=True), out)
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, errors="replace")
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DomainError("pgdump.failed", database=make_url(url).database or "", detail=str(exc)) from exc
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        detail = " ".join(done.stderr.split())[:300] or f"exit code {done.returncode}"
        raise DomainError("pgdump.failed", database=make_url(url).database or "", detail=detail)
    partial.replace(out)
    return out
