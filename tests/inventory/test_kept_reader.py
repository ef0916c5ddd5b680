"""The read connection kept between searches (labregistry.storage.readers): searches in a row
open the database once, yet every search sees every commit, a restore never finds the file
held open, and an idle app holds no connection after a few seconds."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Connection

from labregistry.registry import Registry
from labregistry.services import backups, inventory, records
from labregistry.storage import backups as storage_backups
from labregistry.storage import readers
from tests.services.test_records import pressure_standard
from tests.services import test_recycle_bin

reg = test_recycle_bin.reg  # the fixture: a registry with its own institute


def _found(reg: Registry, text: str) -> list[str]:
    page = inventory.search(reg, inventory.build_criteria(text=text))
    return [r["certificate_no"] for r in page.rows]


def _backend(conn: Connection) -> object:
    """What identifies the connection underneath: the server process, or the sqlite3 object."""
    if conn.dialect.name == "postgresql":
        return conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    return id(conn.connection.dbapi_connection)


def _open_handles(path: Path) -> int:
    """How many descriptors of this process point at ``path`` (Linux)."""
    fds = Path("/proc/self/fd")
    return sum(1 for fd in fds.iterdir() if os.path.realpath(fd) == str(path.resolve()))


def test_searches_in_a_row_share_one_connection_and_each_sees_every_commit(reg: Registry) -> None:
    kept = readers.reader(reg.engine)
    assert _found(reg, "精密压力表") == []
    assert kept.holds_connection
    with kept.connect() as conn:
        first = _backend(conn)
    records.create_standard(reg, pressure_standard())  # committed on a connection of its own
    # the kept connection ended its transaction when handed back: the new record is found
    assert _found(reg, "精密压力表") == ["[2022]苏量标证字第0456号"]
    with kept.connect() as conn:
        assert _backend(conn) == first


@pytest.mark.sqlite_only
def test_a_kept_sqlite_connection_has_a_page_cache_for_a_search(reg: Registry) -> None:
    """SQLite's default cache (2,000 KiB) does not hold a capability search's index pages from one
    search to the next; the kept reader's does (and it goes with the connection)."""
    with readers.reader(reg.engine).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == -readers.SQLITE_CACHE_KIB
    with reg.engine.connect() as other:  # the engine's own connections (writes) are not changed
        assert other.exec_driver_sql("PRAGMA cache_size").scalar_one() == -2000


def test_an_idle_kept_connection_is_closed_after_a_few_seconds(reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "IDLE_SECONDS", 0.2)
    _found(reg, "压力")
    kept = readers.reader(reg.engine)
    assert kept.holds_connection
    deadline = time.monotonic() + 10
    while kept.holds_connection and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not kept.holds_connection
    if reg.is_sqlite:
        assert _open_handles(storage_backups.database_file(reg.home)) == 0


def test_a_connection_used_again_is_kept_for_the_whole_idle_time_after_its_last_use(
        reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "IDLE_SECONDS", 1.0)
    kept = readers.reader(reg.engine)
    start = time.monotonic()
    _found(reg, "压力")
    time.sleep(0.7)
    _found(reg, "压力")
    used = time.monotonic()
    time.sleep(max(0.0, start + 1.3 - time.monotonic()))  # the first timer has fired by now
    if time.monotonic() - used < 0.9:  # (a stalled machine proves nothing either way)
        assert kept.holds_connection
    deadline = time.monotonic() + 10
    while kept.holds_connection and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not kept.holds_connection


def test_dispose_closes_the_kept_connection(reg: Registry) -> None:
    _found(reg, "压力")
    kept = readers.reader(reg.engine)
    assert kept.holds_connection
    reg.engine.dispose()  # what the app does after a restore, and Registry.close
    assert not kept.holds_connection


def test_a_connection_whose_search_failed_is_not_kept(reg: Registry) -> None:
    kept = readers.reader(reg.engine)
    with pytest.raises(ZeroDivisionError):
        with kept.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
            raise ZeroDivisionError
    assert not kept.holds_connection


def test_two_searches_at_once_keep_one_connection(reg: Registry) -> None:
    kept = readers.reader(reg.engine)
    with kept.connect() as a, kept.connect() as b:
        assert _backend(a) != _backend(b)
    assert kept.holds_connection  # the first one handed back; the second was closed
    with kept.connect() as c, kept.connect() as d:
        assert _backend(c) != _backend(d)


def test_searches_from_several_threads_share_the_kept_connection_safely(reg: Registry) -> None:
    """The app searches from worker threads: the kept connection moves between them, one at a
    time, and every search gets its answer."""
    records.create_standard(reg, pressure_standard())
    answers: list[list[str]] = []
    errors: list[BaseException] = []

    def searching() -> None:
        try:
            for _ in range(15):
                answers.append(_found(reg, "精密压力表"))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=searching) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert answers == [["[2022]苏量标证字第0456号"]] * 60
    assert readers.reader(reg.engine).holds_connection


@pytest.mark.sqlite_only
def test_a_restore_finds_no_kept_connection_and_the_next_search_sees_the_restored_file(
        reg: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "before.db"
    backups.manual_backup(reg.home, copy)
    records.create_standard(reg, pressure_standard())
    assert _found(reg, "精密压力表") == ["[2022]苏量标证字第0456号"]
    kept = readers.reader(reg.engine)
    assert kept.holds_connection
    live = storage_backups.database_file(reg.home)
    seen: list[tuple[bool, int]] = []
    copy_into_live = storage_backups._copy_into_live

    def watched(backup: Path, target: Path) -> None:
        seen.append((kept.holds_connection, _open_handles(live)))
        copy_into_live(backup, target)

    monkeypatch.setattr(storage_backups, "_copy_into_live", watched)
    backups.restore_database(reg.home, copy)
    assert seen == [(False, 0)]  # no connection of this process held the file while it was replaced
    assert _found(reg, "精密压力表") == []
