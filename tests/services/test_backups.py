"""Backups, restore and the start-up damage check, on real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from labregistry.errors import DomainError
from labregistry.registry import open_registry
from labregistry.services import backups, listing
from labregistry.storage import backups as storage_backups
from tests.conftest import run_cli
from tests.dbstate import corrupt_sqlite

pytestmark = pytest.mark.sqlite_only  # a server database is backed up on the server

INIT = ["init", "--name", "浙江省计量科学研究院", "--uscc", "12330000470040568F", "--province", "浙江", "--city", "杭州"]


def test_backup_restore_round_trip_through_the_cli(tmp_path: Path) -> None:
    home = str(tmp_path / "h")
    assert run_cli("--home", home, *INIT).code == 0
    assert run_cli("--home", home, "demo", "--standards", "50").code == 0
    copy = tmp_path / "safe.db"
    result = run_cli("--home", home, "backup", str(copy), "--json")
    assert result.code == 0, result.err
    assert Path(result.json()["path"]) == copy

    # damage the live database: check says so, every other command refuses cleanly
    db = Path(home) / "labregistry.db"
    corrupt_sqlite(db)
    check = run_cli("--home", home, "check")
    assert check.code == 1 and check.err.startswith("error:")
    stats = run_cli("--home", home, "stats")
    assert stats.code == 1 and stats.err.startswith("error:") and "Traceback" not in stats.err

    restored = run_cli("--home", home, "restore", str(copy), "--json")
    assert restored.code == 0, restored.err
    kept = Path(restored.json()["previous"])
    assert kept.exists() and kept.name.startswith("damaged-")
    assert run_cli("--home", home, "check").code == 0
    assert run_cli("--home", home, "stats", "--json").json()["own"]["standards"] == 50


def test_restore_of_a_healthy_database_keeps_the_state_before(tmp_path: Path) -> None:
    home = str(tmp_path / "h")
    run_cli("--home", home, *INIT)
    first = tmp_path / "empty.db"
    assert run_cli("--home", home, "backup", str(first)).code == 0
    run_cli("--home", home, "demo", "--standards", "20")
    result = run_cli("--home", home, "restore", str(first), "--json")
    assert result.code == 0, result.err
    before = Path(result.json()["previous"])
    assert "before-restore" in before.name
    assert run_cli("--home", home, "stats", "--json").json()["own"]["standards"] == 0
    # and the state before the restore can itself be restored
    assert run_cli("--home", home, "restore", str(before)).code == 0
    assert run_cli("--home", home, "stats", "--json").json()["own"]["standards"] == 20


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    home = str(tmp_path / "h")
    run_cli("--home", home, *INIT)
    run_cli("--home", home, "demo", "--standards", "10")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    result = run_cli("--home", home, "restore", str(junk))
    assert result.code == 1 and result.err.startswith("error:")
    assert run_cli("--home", home, "stats", "--json").json()["own"]["standards"] == 10


def test_backups_are_pruned_to_the_kept_number(tmp_path: Path) -> None:
    reg = open_registry(tmp_path / "h", logging=False)
    taken = [storage_backups.backup_database(reg.home, reason, keep=3)
             for reason in ("import", "ledger-import", "daily", "import", "manual")]
    kept = backups.list_backups(reg.home)
    assert [b.path for b in kept] == taken[:1:-1]  # the newest three, newest first
    assert [b.reason for b in kept] == ["manual", "import", "daily"]
    assert kept[0].taken_at > kept[1].taken_at > kept[2].taken_at
    assert sorted(p.name for p in (tmp_path / "h" / "backups").iterdir()) == sorted(p.name for p in taken[2:])


def test_opening_a_damaged_database_is_a_domain_error(tmp_path: Path) -> None:
    reg = open_registry(tmp_path / "h", logging=False)
    listing.stats(reg)
    reg.close()
    corrupt_sqlite(tmp_path / "h" / "labregistry.db")
    with pytest.raises(DomainError) as err:
        open_registry(tmp_path / "h", logging=False)
    assert err.value.code == "db.damaged"


def test_server_databases_are_not_backed_up_from_here(tmp_path: Path) -> None:
    from labregistry.config import Home

    home = Home(tmp_path, "postgresql://user@server/labregistry")
    with pytest.raises(DomainError) as err:
        backups.manual_backup(home)
    assert err.value.code == "backup.server"


def test_check_reports_a_search_index_out_of_step(tmp_path: Path) -> None:
    home = str(tmp_path / "h")
    run_cli("--home", home, *INIT)
    run_cli("--home", home, "demo", "--standards", "5")
    assert run_cli("--home", home, "check").code == 0
    con = sqlite3.connect(Path(home) / "labregistry.db")
    con.execute("DROP TRIGGER IF EXISTS " + next(
        r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE 'inv_%'")))
    con.commit()
    con.close()
    result = run_cli("--home", home, "check")
    assert result.code == 1 and "search index" in result.err


def test_the_number_of_kept_backups_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reg = open_registry(tmp_path / "h", logging=False)
    monkeypatch.setenv("LABREGISTRY_BACKUPS_KEEP", "2")
    for _ in range(4):
        storage_backups.backup_database(reg.home, "import")
    assert len(backups.list_backups(reg.home)) == 2


def test_copies_left_half_made_by_a_killed_process_are_cleared_later(tmp_path: Path) -> None:
    import os
    import time

    reg = open_registry(tmp_path / "h", logging=False)
    folder = reg.home.backups_dir
    stale = folder / "labregistry-20240101T000000000000Z-import.db.part"
    stale_journal = folder / "labregistry-20240101T000000000000Z-import.db.part-journal"
    fresh = folder / "labregistry-29990101T000000000000Z-import.db.part"  # another process's, under way
    for part in (stale, stale_journal, fresh):
        part.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    for part in (stale, stale_journal):
        os.utime(part, (two_hours_ago, two_hours_ago))
    storage_backups.backup_database(reg.home, "import")
    assert not stale.exists() and not stale_journal.exists() and fresh.exists()
    reg.close()


def test_backups_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    """A backup holds every record of the registry: under the usual umask 022 it was made
    0644, readable by every local user. Each copy is 0600, as the database's own sealed key."""
    import os
    import stat

    reg = open_registry(tmp_path / "h", logging=False)
    old = os.umask(0o022)
    try:
        taken = storage_backups.backup_database(reg.home, "manual")
        chosen = storage_backups.backup_database(reg.home, "manual", out=tmp_path / "safe.db")
    finally:
        os.umask(old)
    assert taken is not None and chosen is not None
    assert {stat.S_IMODE(p.stat().st_mode) for p in (taken, chosen)} == {0o600}
