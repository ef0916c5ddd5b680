"""Files a user names for LabRegistry to write, checked before a byte is written.

A typo or a wrong pick in a save dialog must not destroy what the registry lives on:
``export H/labregistry.db`` once replaced the database with the bundle. Every writer of
a user-named file or folder (export, certificates, backups, templates, reports, key cards,
received bundles) calls :func:`check_target` first. Refused are:

- the database file and its ``-wal``, ``-shm`` and ``-journal`` files (wherever ``--db`` put it);
- anything in the home's ``keys``, ``backups``, ``received`` and ``logs`` folders, and, as
  a folder to write into, the home itself or one of those folders;
- any existing SQLite database (a backup kept elsewhere, another registry);
- the file the same command reads (``import-excel L.xlsx --report L.xlsx``).

Paths are compared after resolving symbolic links and ``..``, and as the same file when
the system says so (hard links, a case-insensitive disk).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from labregistry.config import Home
from labregistry.errors import DomainError

MANAGED = ("keys", "backups", "received", "logs")
JOURNALS = ("-wal", "-shm", "-journal")
_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_xlsx_target(home: Home, target: str | os.PathLike[str], *,
                      reading: Sequence[str | os.PathLike[str]] = ()) -> None:
    """:func:`check_target` for an Excel file the project writes: its name must end in
    ``.xlsx`` too, or Excel and WPS would open it as something else (a ``.csv`` holding a zip)."""
    if Path(target).suffix.lower() != ".xlsx":
        raise DomainError("output.suffix", file=str(target))
    check_target(home, target, reading=reading)


def check_target(home: Home, target: str | os.PathLike[str], *, folder: bool = False,
                 reading: Sequence[str | os.PathLike[str]] = ()) -> Path:
    """``target`` as a Path, unless writing it would overwrite registry data (a DomainError
    naming what it is). ``folder``: the target is a folder to write files into."""
    path = Path(target)
    problem = _folder_problem(home, path) if folder else _file_problem(home, path, reading)
    if problem is not None:
        code, params = problem
        raise DomainError(code, None, path=str(path), **params)
    return path


Problem = tuple[str, dict[str, str]]


def _file_problem(home: Home, path: Path, reading: Sequence[str | os.PathLike[str]]) -> Problem | None:
    real = _real(path)
    database = _database(home)
    if database is not None:
        if _same(real, database):
            return "output.database", {}
        if any(_same(real, database.with_name(database.name + j)) for j in JOURNALS):
            return "output.journal", {}
    managed = _managed_problem(home, real)
    if managed is not None:
        return managed
    if real.is_dir() and _inside_home(home, real):
        return "output.home_folder", {"folder": str(home.path)}
    if any(_same(real, _real(Path(p))) for p in reading):
        return "output.input", {}
    if _is_sqlite(real):
        return "output.sqlite", {}
    return None


def _folder_problem(home: Home, path: Path) -> Problem | None:
    real = _real(path)
    if real == _real(home.path):
        return "output.home_folder", {"folder": str(home.path)}
    return _managed_problem(home, real)


def _managed_problem(home: Home, real: Path) -> Problem | None:
    for name in MANAGED:
        managed = _real(home.path / name)
        if real == managed or real.is_relative_to(managed):
            return "output.managed", {"folder": str(home.path / name)}
    return None


def _inside_home(home: Home, real: Path) -> bool:
    root = _real(home.path)
    return real == root or real.is_relative_to(root)


def _database(home: Home) -> Path | None:
    from labregistry.storage.db import sqlite_path

    found = sqlite_path(home.db_url)
    return _real(found) if found is not None else None


def _real(path: Path) -> Path:
    """The absolute path with links and ``..`` resolved (as far as it exists)."""
    try:
        return Path(os.path.normcase(path.expanduser().resolve()))
    except (OSError, RuntimeError):
        return Path(os.path.normcase(os.path.abspath(path)))


def _same(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False
