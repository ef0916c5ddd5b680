"""Writing a user-named file onto what the registry lives on is refused, by every writer.

Once, ``export H/labregistry.db`` replaced the database with the bundle. Now the database,
its journal files, the backups, the keys and the home's folders are never written over,
and neither is any SQLite file or the file a command reads.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from labregistry.config import Home
from labregistry.errors import DomainError
from labregistry.outputs import check_target
from labregistry.storage.db import sqlite_url
from tests.conftest import run_cli
from tests.faults.conftest import clean, make_home, refused
from tests.dbstate import dump_home
from tests.ledger.ledgers import standards_good_only


def _digests(home: Path) -> dict[str, str]:
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file() and "logs" not in p.parts}


@pytest.fixture(scope="module")
def template_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_home(tmp_path_factory.mktemp("targets") / "home", standards=5)


@pytest.mark.sqlite_only
def test_no_writer_overwrites_the_database_its_journal_backups_keys_or_folders(
    tmp_path: Path, template_home: Path
) -> None:
    import shutil

    home = tmp_path / "home"
    shutil.copytree(template_home, home)
    run_cli("--home", str(home), "backup")
    backup = next((home / "backups").glob("*manual.db"))
    key = next((home / "keys").glob("*.key"))
    (home / "labregistry.db-journal").write_bytes(b"")  # as SQLite leaves one in rollback mode
    ledger = standards_good_only(tmp_path / "台账.xlsx")
    elsewhere = tmp_path / "safe-copy.db"
    assert run_cli("--home", str(home), "backup", str(elsewhere)).code == 0
    cert = run_cli("--home", str(home), "list", "standards", "--json").json()[0]["certificate_no"]
    before, files = dump_home(home), _digests(home)

    database = home / "labregistry.db"
    for args in (["export", str(database)],
                 ["certificate", "--standard", cert, "-o", str(database)],
                 ["backup", str(database)],
                 ["template", str(database), "--kind", "staff"],
                 ["import-excel", str(ledger), "--kind", "standards", "--report", str(database), "--dry-run"],
                 ["search", "压力", "--report", str(database)],
                 ["keys", "export-public", str(database)],
                 ["keys", "rotate", "--statement-out", str(database)]):
        result = run_cli("--home", str(home), "--lang", "en", *args)
        line = refused(result)
        assert "refusing to write" in line or "must end in .xlsx" in line, line  # either way: nothing written
    database.with_suffix(".xlsx").symlink_to(database)  # a link with a harmless name: seen through
    refused(run_cli("--home", str(home), "--lang", "en", "template", str(database.with_suffix(".xlsx")), "--kind",
                    "staff"), "refusing to write", "the registry's database")
    database.with_suffix(".xlsx").unlink()

    targets = {
        home / "labregistry.db": "the registry's database",
        home / "labregistry.db-wal": "journal file",
        home / "labregistry.db-shm": "journal file",
        home / "labregistry.db-journal": "journal file",
        backup: "is kept by LabRegistry",
        key: "is kept by LabRegistry",
        home / "keys" / "new.xlsx": "is kept by LabRegistry",
        home / "received": "is kept by LabRegistry",
        home: "data folder",
        elsewhere: "SQLite database",
    }
    for target, why in targets.items():
        refused(run_cli("--home", str(home), "--lang", "en", "export", str(target)), "refusing to write", why)
    for args in (["certificate", "--all-standards", "--out-dir", str(home / "backups")],
                 ["export-received", str(home / "keys")],
                 ["export-received", str(home)]):
        refused(run_cli("--home", str(home), "--lang", "en", *args), "refusing to write")
    report_is_ledger = run_cli("--home", str(home), "--lang", "zh", "import-excel", str(ledger), "--kind",
                               "standards", "--report", str(ledger), "--dry-run")
    refused(report_is_ledger, "本命令正在读取这个文件")
    assert _digests(home) == files
    clean(home, before)


def test_the_guard_sees_through_links_and_dots(tmp_path: Path) -> None:
    home = Home(tmp_path / "home", sqlite_url(tmp_path / "home" / "labregistry.db"))
    (home.path / "keys").mkdir(parents=True)
    db = home.path / "labregistry.db"
    db.write_bytes(b"SQLite format 3\x00" + bytes(100))
    link = tmp_path / "link.xlsx"
    link.symlink_to(db)
    hard = tmp_path / "hard.xlsx"
    hard.hardlink_to(db)
    for target in (link, hard, tmp_path / "x" / ".." / "home" / "labregistry.db",
                   home.path / "keys" / ".." / "labregistry.db"):
        (tmp_path / "x").mkdir(exist_ok=True)
        with pytest.raises(DomainError) as err:
            check_target(home, target)
        assert err.value.code == "output.database", target
    with pytest.raises(DomainError):
        check_target(home, tmp_path / "home" / "keys" / ".." / "keys", folder=True)
    assert check_target(home, tmp_path / "bundle.xlsx") == tmp_path / "bundle.xlsx"
    assert check_target(home, home.path / "报告.xlsx") == home.path / "报告.xlsx"  # a new file in the home: fine
    assert check_target(home, tmp_path / "pdfs", folder=True) == tmp_path / "pdfs"


def test_a_database_named_by_db_outside_the_home_is_guarded_too(tmp_path: Path) -> None:
    elsewhere = tmp_path / "data" / "registry.db"
    home = Home(tmp_path / "home", f"sqlite:///{elsewhere}")
    for suffix in ("", "-wal", "-journal"):
        with pytest.raises(DomainError) as err:
            check_target(home, elsewhere.with_name(elsewhere.name + suffix))
        assert err.value.code in ("output.database", "output.journal")
