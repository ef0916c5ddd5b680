"""Backups and restore of the SQLite registry, with the SQLite online backup API.

Automatic backups are taken before every bundle import, ledger import and migration,
and once a day at start; the newest ``keep`` of them are kept (env LABREGISTRY_BACKUPS_KEEP,
default 10). A restore first saves
the current state (or, when the file is damaged, moves it aside) so nothing is lost.
A regional PostgreSQL server is backed up on the server (pg_dump), not from here.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from labregistry import i18n
from labregistry.config import Home
from labregistry.errors import DomainError
from labregistry.storage import db

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

i18n.register(
    {
        "backup.server": {
            "zh": "数据库在服务器上（{url}），请在服务器端用 pg_dump 备份",
            "en": "the database is on a server ({url}); back it up there with pg_dump",
        },
        "backup.no_database": {"zh": "还没有数据库可备份：{path}", "en": "no database to back up yet: {path}"},
        "backup.not_found": {"zh": "找不到备份文件：{path}", "en": "backup file not found: {path}"},
        "backup.damaged": {
            "zh": "备份文件 {path} 已损坏或不是 LabRegistry 数据库：{detail}",
            "en": "the backup {path} is damaged or not a LabRegistry database: {detail}",
        },
        "backup.done": {"zh": "已备份到 {path}", "en": "backed up to {path}"},
        "restore.done": {
            "zh": "已从 {backup} 恢复数据库；恢复前的状态保存在 {previous}",
            "en": "database restored from {backup}; the state before is kept in {previous}",
        },
    }
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int


def _source(home: Home) -> Path:
    path = db.sqlite_path(home.db_url)
    if path is None:
        raise DomainError("backup.server", url=home.db_url.split("@")[-1])
    return path


def backup_database(home: Home, reason: str, *, out: Path | None = None, keep: int | None = None) -> Path | None:
    """A consistent copy, named ``labregistry-<UTC time>-<reason>.db`` in the backups folder.

    Returns None for a server database or when there is no database file yet (nothing to
    lose); with ``out`` the copy goes there and is not counted among the kept ones.
    """
    if db.sqlite_path(home.db_url) is None and out is None:
        return None
    source = _source(home)
    if not source.exists():
        if out is not None:
            raise DomainError("backup.no_database", path=str(source))
        return None
    target = out or home.backups_dir / f"labregistry-{_stamp()}-{reason}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    if out is None:
        _prune(home.backups_dir, keep or kept_count())
    return target


def manual_backup(home: Home, out: Path | None = None) -> Path:
    """``backup [OUT]``: refuse a server database or a missing file with a clear reason."""
    source = _source(home)
    if not source.exists():
        raise DomainError("backup.no_database", path=str(source))
    path = backup_database(home, "manual", out=out)
    assert path is not None
    return path


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _copy(source: Path, target: Path) -> None:
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(tmp, target)


def _prune(folder: Path, keep: int) -> None:
    automatic = sorted(folder.glob("labregistry-*.db"))
    for old in automatic[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)


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
    """Once a day at start: a backup when the newest one is older than a day."""
    if db.sqlite_path(home.db_url) is None:
        return None
    newest = next(iter(list_backups(home)), None)
    if newest is not None and dt.datetime.now(dt.timezone.utc) - newest.taken_at < DAILY:
        return None
    return backup_database(home, "daily", keep=keep)


def check_backup_file(path: Path) -> None:
    """Refuse a file that is not a sound LabRegistry database."""
    if not path.is_file():
        raise DomainError("backup.not_found", path=str(path))
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = [r[0] for r in con.execute("PRAGMA integrity_check")]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DomainError("backup.damaged", path=str(path), detail=str(exc)) from exc
    if result != ["ok"]:
        raise DomainError("backup.damaged", path=str(path), detail="; ".join(result)[:300])
    if not {"alembic_version", "institute", "standard"} <= tables:
        raise DomainError("backup.damaged", path=str(path), detail="not a LabRegistry database")


def restore_database(home: Home, backup: Path) -> Path:
    """Replace the database by ``backup``; returns where the previous state was kept."""
    check_backup_file(backup)
    live = _source(home)
    previous: Path
    try:
        check_backup_file(live)
        previous = home.backups_dir / f"labregistry-{_stamp()}-before-restore.db"
        _copy(live, previous)
        _copy_into_live(backup, live)
    except DomainError:
        # the live file is damaged (or missing): keep it aside untouched, start afresh
        previous = _move_aside(home, live)
        _copy(backup, live)
    return previous


def _copy_into_live(backup: Path, live: Path) -> None:
    """Online backup into the live file: WAL-safe while other readers are connected."""
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(live, timeout=30)
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
