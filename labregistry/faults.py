"""What the machine did to us, said plainly: full disks, read-only folders, a second writer,
a database server that cannot be reached.

These are not bugs and not damage: each becomes a :class:`DomainError` whose one line
names the cause and what to do, so that the CLI prints it as its ``error:`` line and the
app shows it as a warning, never a traceback. Above all, nothing here ever advises
restoring a backup unless SQLite itself says the file is damaged (``db.damaged``).

:func:`explain` looks at an exception and the chain of exceptions behind it (SQLAlchemy
wraps the driver's error in ``.orig``; services re-raise with ``from``). It imports no
driver: SQLite errors are recognised by their result code, psycopg errors by their
SQLSTATE or, for a connection that never opened (libpq gives no SQLSTATE then), by the
words of libpq's message.
"""

from __future__ import annotations

import errno
import re
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from labregistry import i18n
from labregistry.config import Home
from labregistry.errors import DomainError

# SQLite primary result codes (the low byte of an extended code)
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_ALMOST_FULL = 256 * 1024
"""A file system with less free space than this is taken for the full one."""


class Where:
    """What an error may be about: the home, the database, the files the user named."""

    def __init__(self, *, home: Path | None = None, database: Path | None = None, server: str | None = None,
                 targets: Sequence[Path] = ()) -> None:
        self.home = home
        self.database = database
        self.server = server
        self.targets = list(targets)

    def data_folder(self) -> Path | None:
        return self.database.parent if self.database is not None else self.home

    def place(self) -> str:
        """The database in words: its file, or its name and server (never a password)."""
        if self.database is not None:
            return str(self.database)
        if self.server:
            host, database, _user = _server_parts(self.server)
            return f"{database} ({host})"
        return str(self.home) if self.home else ""

    def full_disk(self, named: Path | None) -> Path | None:
        """The path to name for a full disk: the one the error names, else the candidate
        whose file system has (almost) no space left, else the data folder."""
        if named is not None:
            return named
        folder = self.data_folder()
        candidates = [*self.targets, *([folder] if folder is not None else [])]
        for path in candidates:
            if _free_space(path) < _ALMOST_FULL:
                return path
        return candidates[-1] if candidates else None


def where_of(home: Home, targets: Sequence[Path] = ()) -> Where:
    """What errors of the registry at ``home`` may be about."""
    from labregistry.storage.db import sqlite_path

    database = sqlite_path(home.db_url)
    return Where(home=home.path, database=database, server=None if database else home.db_url, targets=targets)


def explain(exc: BaseException, where: Where | None = None) -> DomainError | None:
    """A clear DomainError for an exception the machine caused; None for anything else."""
    where = where or Where()
    for link in _chain(exc):
        if isinstance(link, DomainError):
            return link
        found = _explain_one(link, where)
        if found is not None:
            return found
    return None


def lock_wait_text(seconds: float) -> str:
    return f"{seconds:g}"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        link = todo.pop(0)
        if id(link) in seen:
            continue
        seen.add(id(link))
        yield link
        orig = getattr(link, "orig", None)
        for nxt in (orig, link.__cause__, link.__context__):
            if isinstance(nxt, BaseException):
                todo.append(nxt)


def _explain_one(exc: BaseException, where: Where) -> DomainError | None:
    statement = getattr(exc, "statement", None)
    orig = getattr(exc, "orig", None)
    if isinstance(statement, str) and isinstance(orig, BaseException) and getattr(orig, "sqlstate", None) == _DENIED:
        writes = statement.lstrip().upper().startswith(_WRITES)
        named = _denied_object(orig, where, writes=writes, creates=statement.lstrip().upper().startswith("CREATE"))
        if named is not None:
            return named
        if writes:  # the role may read only (a writer is normally refused before it starts, see
            # storage.db._postgres_begin)
            _server, database, user = _server_parts(where.server)
            return DomainError("db.read_only_role", user=user, database=database)
    if isinstance(exc, sqlite3.Error):
        return _sqlite(exc, where)
    if type(exc).__module__.startswith("psycopg"):
        return _postgres(exc, where)
    if isinstance(exc, OSError):
        return os_error(exc, where)
    return None


def os_error(exc: OSError, where: Where | None = None, path: Path | None = None) -> DomainError | None:
    """Full disk, read-only file system, no permission; None for other OS errors."""
    where = where or Where()
    named = path or (Path(exc.filename) if isinstance(exc.filename, str) else None)
    if exc.errno in _FULL_ERRNOS:
        return DomainError("fault.disk_full", path=str(where.full_disk(named) or named or ""))
    if exc.errno == errno.EROFS:
        folder = _folder_of(named)
        home = where.data_folder()
        if folder is None or (home is not None and folder.is_relative_to(where.home or home)):
            return DomainError("fault.read_only", path=str(home or folder or ""))
        return DomainError("fault.target_read_only", path=str(folder))
    if exc.errno in (errno.EACCES, errno.EPERM) and named is not None:
        return DomainError("fault.no_permission", path=str(named))
    return None


def _sqlite(exc: sqlite3.Error, where: Where) -> DomainError | None:
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).lower()
    primary = code & 0xFF if isinstance(code, int) else _code_from_text(text)
    folder = where.data_folder()
    if primary == _SQLITE_FULL:
        return DomainError("fault.disk_full", path=str(where.full_disk(None) or folder or ""))
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        from labregistry.storage.db import lock_wait

        return DomainError("fault.busy", place=where.place(), seconds=lock_wait_text(lock_wait()))
    if primary == _SQLITE_READONLY or (primary in (_SQLITE_CANTOPEN, _SQLITE_PERM) and _read_only(folder)):
        return DomainError("fault.read_only", path=str(folder or ""))
    if primary == _SQLITE_IOERR and folder is not None and _free_space(folder) < _ALMOST_FULL:
        return DomainError("fault.disk_full", path=str(folder))
    if primary == _SQLITE_CANTOPEN:  # a folder where the file should be, a path too long...: not damage
        return DomainError("db.unreachable", url=where.place(), detail=" ".join(str(exc).split())[:200])
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return DomainError("db.damaged", url=where.place(), detail=" ".join(str(exc).split())[:200])
    return None


def _code_from_text(text: str) -> int | None:
    """The result code of an error from a Python without ``sqlite_errorcode`` (before 3.11)."""
    for words, code in (("disk is full", _SQLITE_FULL), ("database is locked", _SQLITE_BUSY),
                        ("readonly database", _SQLITE_READONLY), ("malformed", _SQLITE_CORRUPT),
                        ("not a database", _SQLITE_NOTADB), ("unable to open", _SQLITE_CANTOPEN)):
        if words in text:
            return code
    return None


# psycopg: SQLSTATE when the server answered; libpq's words when no connection was made
_LOCK_TIMEOUT = "55P03"
_NO_DATABASE = "3D000"
_DENIED = "42501"
_LOGIN = ("28P01", "28000")
_NO_DATABASE_WORDS = ("does not exist",)
_DENIED_WORDS = ("permission denied", "权限不够", "权限不足")
_LOGIN_WORDS = ("password authentication failed", "authentication failed", "no password supplied",
                "no pg_hba.conf entry", "pg_hba.conf rejects connection", "认证失败")
_ROLE_MISSING = ("role ",)
_CERTIFICATE_WORDS = ("root certificate file", "could not read root certificate", "certificate verify failed",
                      "server certificate for", "does not match host name", "sslrootcert")
"""libpq's words when the server's certificate cannot be checked (sslmode=verify-ca or
verify-full): no CA file where it looks, a CA that did not sign it, another host's name.
Not "unreachable": the server answered, and the client's CA file is what to mend."""


def _postgres(exc: BaseException, where: Where) -> DomainError | None:
    state = getattr(exc, "sqlstate", None)
    text = " ".join(str(exc).split())
    low = text.lower()
    server, database, user = _server_parts(where.server)
    if state == _LOCK_TIMEOUT:
        from labregistry.storage.db import lock_wait

        return DomainError("fault.busy", place=where.place(), seconds=lock_wait_text(lock_wait()))
    if state == _DENIED:
        return _denied_object(exc, where, writes=False) or DomainError(
            "db.server_denied", server=server, database=database, user=user)
    if state in _LOGIN:
        return DomainError("db.server_login_failed", server=server, user=user, database=database)
    if state == _NO_DATABASE:
        return DomainError("db.server_no_database", server=server, database=database)
    if type(exc).__name__ != "OperationalError" or state is not None:
        return None
    # a connection that never opened: libpq's message is all there is
    if any(w in low for w in _CERTIFICATE_WORDS):
        return DomainError("db.server_certificate", server=server, detail=_libpq_reason(text))
    if any(w in low for w in _LOGIN_WORDS) or (any(w in low for w in _ROLE_MISSING) and "does not exist" in low):
        return DomainError("db.server_login_failed", server=server, user=user, database=database)
    if any(w in low for w in _DENIED_WORDS):
        return DomainError("db.server_denied", server=server, database=database, user=user)
    if "database" in low and any(w in low for w in _NO_DATABASE_WORDS):
        return DomainError("db.server_no_database", server=server, database=database)
    if "connection" in low or "resolve host" in low or "timeout" in low or "server" in low:
        raw = _libpq_reason(text)
        return DomainError("db.server_unreachable", server=server, detail=_reason_in_words(raw), libpq=raw)
    return None


_WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE")

# The object a privilege error names, in the server's messages in English and in Chinese
# (PostgreSQL's zh_CN catalogue: "对表 %s 权限不够", "对于序列 %s, 权限不够"): its kind and name
_DENIED_OBJECT = re.compile(
    r"permission denied for (table|sequence|view|materialized view|schema) \"?([\w$.]+)\"?"
    r"|对(?:于)?(表|序列|视图|物化视图|模式) \"?([\w$.]+)\"?,? ?权限不够")
_KINDS = {"table": "table", "表": "table", "view": "view", "视图": "view", "materialized view": "view",
          "物化视图": "view", "sequence": "sequence", "序列": "sequence", "schema": "schema", "模式": "schema"}
_KIND_LABELS = {"table": ("表", "table"), "view": ("视图", "view"), "sequence": ("序列", "sequence"),
                "schema": ("模式", "schema")}
WRITE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
"""What a writer needs on each table (docs/regional-server.md, step 2)."""


def _denied_object(exc: BaseException, where: Where, *, writes: bool, creates: bool = False) -> DomainError | None:
    """A privilege error (SQLSTATE 42501) that names its table, view, sequence or schema: the
    object and the GRANT that mends it for the user (a server granted table by table that
    forgot one, docs/regional-server.md); None when the message names none. It said
    "permission denied" naming the user and the database only. ``creates``: the statement
    refused was a CREATE, which a schema refuses for want of CREATE (PostgreSQL says
    "permission denied for schema" for USAGE and CREATE alike)."""
    diag = getattr(exc, "diag", None)
    text = getattr(diag, "message_primary", None) or str(exc)
    found = _DENIED_OBJECT.search(" ".join(str(text).split()))
    if found is None:
        return None
    kind = _KINDS[found.group(1) or found.group(3)]
    name = found.group(2) or found.group(4)
    server, database, user = _server_parts(where.server)
    return DomainError("db.server_denied_object", server=server, database=database, user=user,
                       kind=i18n.Label(*_KIND_LABELS[kind]), name=name,
                       grant=grant_statement(kind, [name], user or "PUBLIC", writes=writes, creates=creates))


def grant_statement(kind: str, names: Sequence[str], user: str, *, writes: bool, creates: bool = False) -> str:
    """The GRANT that gives ``user`` what LabRegistry needs on ``names`` (of one ``kind``):
    a writer's four privileges on a table, or SELECT to read one; USAGE of a sequence or a
    schema, and USAGE and CREATE of a schema a statement ``creates`` in (USAGE alone mended
    nothing there: a role making the tables, ``db upgrade``, lacked CREATE, which PostgreSQL 15
    no longer grants to PUBLIC on ``public``). Each name quoted where PostgreSQL would read it
    otherwise (a hyphen, capitals, Chinese): the statement is meant to be copied and run as it
    is."""
    objects = ", ".join(_identifier(n) for n in names)
    user = _identifier(user)
    if kind == "sequence":
        return f"GRANT USAGE, SELECT ON SEQUENCE {objects} TO {user}"
    if kind == "schema":
        return f"GRANT {'USAGE, CREATE' if creates else 'USAGE'} ON SCHEMA {objects} TO {user}"
    return f"GRANT {WRITE_PRIVILEGES if writes else 'SELECT'} ON {objects} TO {user}"


_PLAIN_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_$]*")


def _identifier(name: str) -> str:
    """``name`` as SQL reads it back: unquoted when lower-case letters, digits and '_' (and
    PUBLIC, the keyword), otherwise in double quotes ('Lab_SH' unquoted is the role lab_sh)."""
    if name == "PUBLIC" or _PLAIN_IDENTIFIER.fullmatch(name):
        return name
    return '"' + name.replace('"', '""') + '"'


_REASON_CHARS = 200


def _libpq_reason(text: str) -> str:
    """The last part of libpq's message ('Connection refused'), without the socket path noise,
    in whole sentences: as many as fit in about 200 characters, and the first one however
    long (a reason cut mid-word, "... to disable serv", reads as a different one)."""
    reason = text.split("failed:")[-1].strip()
    reason = reason.split("\tIs the server")[0].split(" Is the server")[0].strip()
    sentences = re.split(r"(?<=[.!?])\s+|\n+", reason)
    kept = sentences[0].strip()
    for sentence in sentences[1:]:
        if len(kept) + 1 + len(sentence) > _REASON_CHARS:
            break
        kept = f"{kept} {sentence.strip()}"
    return kept


# libpq's usual reasons for a server it cannot reach, and their words in the messages'
# catalogue: a Chinese message showed "(Connection refused)" in English
_REASONS = (("connection refused", "db.reason.refused"), ("timeout expired", "db.reason.timeout"),
            ("timed out", "db.reason.timeout"), ("could not translate host name", "db.reason.no_host"),
            ("name or service not known", "db.reason.no_host"), ("network is unreachable", "db.reason.no_network"),
            ("no route to host", "db.reason.no_network"), ("no such file or directory", "db.reason.no_socket"),
            ("closed the connection unexpectedly", "db.reason.closed"))


def _reason_in_words(raw: str) -> i18n.Label | str:
    """libpq's reason in the message's language: the catalogue's words for a known one (the
    English kept as libpq said it), else libpq's text as it is. The raw text goes with the
    error too (``libpq``), for the app's details."""
    low = raw.lower()
    for words, code in _REASONS:
        if words in low:
            return i18n.Label(i18n.tr(code, "zh"), raw)
    return raw


def _server_parts(server: str | None) -> tuple[str, str, str]:
    """(host and port, database, user) of a server URL, for the messages."""
    if not server:
        return "", "", ""
    try:
        from sqlalchemy.engine import make_url

        url = make_url(server)
    except Exception:  # noqa: BLE001 - only for a message
        return server, "", ""
    host = url.host or str(url.query.get("host", "") or "localhost")
    port = url.port or url.query.get("port") or 5432
    return f"{host}:{port}", url.database or "", url.username or ""


def _read_only(folder: Path | None) -> bool:
    """True when ``folder`` (or the nearest existing folder above it) cannot be written."""
    import os

    path = _existing(folder)
    return path is not None and not os.access(path, os.W_OK)


def _folder_of(path: Path | None) -> Path | None:
    if path is None:
        return None
    return path if path.is_dir() else path.parent


def _existing(path: Path | None) -> Path | None:
    while path is not None and not path.exists():
        if path.parent == path:
            return None
        path = path.parent
    return path


def _free_space(path: Path) -> float:
    existing = _existing(path)
    if existing is None:
        return float("inf")
    try:
        return float(shutil.disk_usage(existing).free)
    except OSError:
        return float("inf")
