"""Backups and restore of the SQLite registry file, with the SQLite online backup API.

Automatic backups are taken before every bundle import, ledger import and migration,
and once a day at start; the newest ``keep`` of them are kept (env LABREGISTRY_BACKUPS_KEEP,
default 10). A restore first saves
the current state (or, when the file is damaged, moves it aside) so nothing is lost.
A regional PostgreSQL server is backed up on the server (pg_dump), not from here.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from labregistry import i18n
from labregistry.config import Home
from labregistry.errors import DomainError
from labregistry.storage import db, readers

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
KEEP_ENV = "LABREGISTRY_BACKUPS_KEEP"


def kept_count() -> int:
    """How many automatic backups to keep: env LABREGISTRY_BACKUPS_KEEP, else 10."""
    raw = os.environ.get(KEEP_ENV, "")
    try:
        value = int(raw)
    except ValueError:
        return DEFAULT_KEEP
    return value if value > 0 else DEFAULT_KEEP
DAILY = dt.timedelta(hours=24)
STALE_PART_SECONDS = 3600
"""A copy still being made is younger than this; an older ``.part`` was left by a killed process."""
_LABREGISTRY_TABLES = frozenset({"alembic_version", "institute", "standard"})


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int


def database_file(home: Home) -> Path:
    """The SQLite file of ``home`` (``backup.server`` for a server database)."""
    path = db.sqlite_path(home.db_url)
    if path is None:
        raise DomainError("backup.server", url=home.db_url.split("@")[-1])
    return path


def backup_database(home: Home, reason: str, *, out: Path | None = None, keep: int | None = None,
                    thorough: bool = False) -> Path | None:
    """A consistent copy, named ``labregistry-<UTC time>-<reason>.db`` in the backups folder.

    Returns None for a server database or when there is no database file yet (nothing to
    lose); with ``out`` the copy goes there and is not counted among the kept ones.
    ``thorough``: check the copy with SQLite's full integrity check (see :func:`_check_copy`).
    """
    if db.sqlite_path(home.db_url) is None and out is None:
        return None
    source = database_file(home)
    if not source.exists():
        if out is not None:
            raise DomainError("backup.no_database", path=str(source))
        return None
    target = out or home.backups_dir / f"labregistry-{_stamp()}-{reason}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target, thorough=thorough)
    if out is None:
        _prune(home.backups_dir, keep or kept_count())
    return target


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _copy(source: Path, target: Path, *, thorough: bool = False, private: bool = True) -> None:
    """Copy with the online backup API to ``target.part``, check the copy, then rename it.

    The source's row counts are read in the same read transaction the copy is taken from,
    so a writer in another process between the two cannot make them differ; a copy that is
    not sound or not complete is removed and refused, never reported as a backup.
    ``private``: the copy is 0600 (a backup); False for the live database put back by a
    restore, whose mode is the umask's as when the registry made it."""
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        if private:
            owner_only_file(tmp)  # SQLite writes into it, keeping its mode (its journal takes the same)
        counts = _snapshot(source, tmp)
        _check_copy(tmp, counts, source, thorough=thorough)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, target)


def owner_only_file(path: Path) -> None:
    """Make ``path`` an empty file that only its owner may read or write (0600), whatever
    the umask: a backup or a dump holds every record of the registry (with umask 022 it was
    0644, readable by every local user). Where modes mean little (Windows) the folder's
    rights decide, as for the database itself."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)  # an existing file keeps its mode through O_CREAT


def _snapshot(source: Path, copy: Path) -> dict[str, int]:
    """Copy ``source`` to ``copy``; the row counts of the state copied."""
    src = db.read_connection(source)
    try:
        src.execute("BEGIN")
        counts = _row_counts(src)
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)
            # a copy is one self-contained file: no write-ahead log beside it, ever
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        src.execute("COMMIT")
    finally:
        src.close()
    return counts


def _row_counts(con: sqlite3.Connection) -> dict[str, int]:
    """Rows of every ordinary table (not the search index's virtual tables: their shadow
    tables are counted instead)."""
    names = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: int(con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names}


def _check_copy(copy: Path, expected: dict[str, int], source: Path, *, thorough: bool = True) -> None:
    """Refuse a copy that is not sound or not complete (its row counts differ from the
    snapshot's). ``thorough``: SQLite's integrity_check, which also checks every index
    against its table (the backup and restore a user asks for); else its quick_check,
    which reads every page once (the automatic backup before each import: a full check
    of a large registry would take longer than the import itself)."""
    con = sqlite3.connect(db.sqlite_uri(copy, mode="ro"), uri=True)
    try:
        problems = [r[0] for r in con.execute("PRAGMA integrity_check" if thorough else "PRAGMA quick_check")]
        got = _row_counts(con)
    finally:
        con.close()
    if problems != ["ok"]:
        raise DomainError("backup.unsound", path=str(source), detail="; ".join(problems)[:300])
    if got != expected or not _LABREGISTRY_TABLES <= set(got):
        differing = sorted(k for k in set(got) | set(expected) if got.get(k) != expected.get(k))
        raise DomainError("backup.unsound", path=str(source),
                          detail=", ".join(f"{k}: {expected.get(k)} → {got.get(k)}" for k in differing[:5])
                          or "not a LabRegistry database")


def _prune(folder: Path, keep: int) -> None:
    """Keep the newest ``keep`` backups; remove copies a killed process left half-made."""
    automatic = sorted(folder.glob("labregistry-*.db"))
    for old in automatic[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    for part in folder.glob("labregistry-*.db.part*"):
        try:
            if time.time() - part.stat().st_mtime > STALE_PART_SECONDS:
                part.unlink()
        except OSError:
            pass


def list_backups(home: Home) -> list[BackupInfo]:
    """Kept backups, newest first."""
    out = []
    for path in home.backups_dir.glob("labregistry-*.db"):
        parts = path.stem.split("-", 2)
        try:
            taken = dt.datetime.strptime(parts[1], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.timezone.utc)
        except (IndexError, ValueError):
            continue
        out.append(BackupInfo(path, taken, parts[2] if len(parts) > 2 else "", path.stat().st_size))
    return sorted(out, key=lambda b: b.taken_at, reverse=True)


def daily_backup(home: Home, keep: int | None = None) -> Path | None:
    """Once a day at start: a backup when the newest one is older than a day.

    One that cannot be taken (a full disk, a read-only data folder) is logged and left for
    another day: it must not stop a command that only reads. The backups taken before an
    import or a migration are not so lenient: without one, nothing is written."""
    if db.sqlite_path(home.db_url) is None:
        return None
    newest = next(iter(list_backups(home)), None)
    if newest is not None and dt.datetime.now(dt.timezone.utc) - newest.taken_at < DAILY:
        return None
    try:
        return backup_database(home, "daily", keep=keep)
    except (OSError, sqlite3.Error, DomainError) as exc:
        log.warning("no daily backup today: %s", " ".join(str(exc).split()))
        return None


def check_backup_file(path: Path) -> None:
    """Refuse a file that is not a sound LabRegistry database, or that this user may not read.

    A file another OS user owns with mode 0600 is no damage: SQLite says it "unable to open
    database file" (a ``sqlite3.DatabaseError``), which read as ``backup.damaged``. The file
    is opened first, so that a permission error says so (``backup.unreadable``), naming it."""
    try:
        if not path.is_file():
            raise DomainError("backup.not_found", path=str(path))
        with path.open("rb"):
            pass
    except PermissionError as exc:
        raise DomainError("backup.unreadable", path=str(path), detail=exc.strerror or str(exc)) from exc
    try:
        con = db.read_connection(path)
        try:
            result = [r[0] for r in con.execute("PRAGMA integrity_check")]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DomainError("backup.damaged", path=str(path), detail=str(exc)) from exc
    if result != ["ok"]:
        raise DomainError("backup.damaged", path=str(path), detail="; ".join(result)[:300])
    if not _LABREGISTRY_TABLES <= tables:
        raise DomainError("backup.damaged", path=str(path), detail="not a LabRegistry database")


def access_denied(exc: OSError) -> bool:
    """Whether the OS refused ``exc``'s open for want of permission (a file's mode, its owner,
    an ACL), not because the file is missing or something else is wrong with it."""
    return exc.errno in (errno.EACCES, errno.EPERM)


_MISSING = {("read",): i18n.Label("读取", "read"), ("write",): i18n.Label("写入", "write"),
            ("read", "write"): i18n.Label("读取和写入", "read or write")}


def check_live_access(live: Path) -> None:
    """Refuse to restore over a live database this user may not read or write.

    A file of mode 000, another OS user's 0600 file: ``check_backup_file`` cannot open it,
    and the restore took it for a damaged one, moved it aside and put the backup in its
    place (another user's registry among them); a file it may read but not write failed
    half-way, as "the folder is read-only". A permission problem is not damage: this says
    which file and which permission, and nothing is changed. SQLite's ``-wal`` and ``-shm``
    beside it are the database too."""
    for path in (live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        denied = tuple(what for what, flags in (("read", os.O_RDONLY), ("write", os.O_WRONLY))
                       if _denied(path, flags))
        if denied:
            raise DomainError("restore.live_no_permission", path=str(path), missing=_MISSING[denied])


def _denied(path: Path, flags: int) -> bool:
    """Whether opening ``path`` with ``flags`` is refused for permission (a missing file is not:
    nothing to lose there). Opening for writing neither truncates nor changes the file."""
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return access_denied(exc)
    os.close(fd)
    return False


def restore_database(home: Home, backup: Path) -> Path:
    """Replace the database by ``backup`` (already checked); returns where the previous state
    was kept. Whose backup it is, is the service's question (:mod:`labregistry.services.backups`).
    The restored copy is checked like a backup. Kept read connections are closed first
    (:mod:`.readers`): none may hold the file open while it is replaced or moved aside. A live
    file this user may not read or write is refused (:func:`check_live_access`), never moved
    aside as damaged."""
    readers.close_all()
    live = database_file(home)
    check_live_access(live)
    previous: Path
    expected = _counts_of(backup)
    try:
        check_backup_file(live)
    except DomainError:
        # the live file is damaged (or missing; one it may not open is refused above): keep it
        # aside untouched, start afresh
        previous = _move_aside(home, live)
        _copy(backup, live, thorough=True, private=False)
        return previous
    previous = home.backups_dir / f"labregistry-{_stamp()}-before-restore.db"
    _copy(live, previous)
    _copy_into_live(backup, live)
    _check_copy(live, expected, backup)
    return previous


def own_uscc(path: Path) -> str | None:
    """The credit code of the own institute in the database file ``path`` (None when it has none)."""
    con = db.read_connection(path)
    try:
        row = con.execute("SELECT uscc FROM institute WHERE is_own = 1").fetchone()
    finally:
        con.close()
    return str(row[0]) if row else None


def _counts_of(path: Path) -> dict[str, int]:
    con = db.read_connection(path)
    try:
        return _row_counts(con)
    finally:
        con.close()


def _copy_into_live(backup: Path, live: Path) -> None:
    """Online backup into the live file: WAL-safe while other readers are connected; a
    writer in another process is waited for (:func:`db.lock_wait`)."""
    src = db.read_connection(backup)
    try:
        dst = sqlite3.connect(live, timeout=db.lock_wait())
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _move_aside(home: Home, live: Path) -> Path:
    aside = home.backups_dir / f"damaged-{_stamp()}.db"
    home.backups_dir.mkdir(parents=True, exist_ok=True)
    if live.exists():
        os.replace(live, aside)
    for suffix in ("-wal", "-shm"):
        extra = live.with_name(live.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    return aside
