"""The README's backup promises, kept by the real commands on real files.

"Automatic backups (before every import, ledger import and upgrade, and daily) keep the
newest 10": which backups exist after each of those events, named and counted here with
literal values (not the code's constants). And a database written by a newer LabRegistry
is refused without a change and without pushing a good backup out.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from labregistry.storage import db
from tests.conftest import run_cli
from tests.dbstate import dump_home, sqlite_value
from tests.exchange.sites import make_site

STAMP = "%Y%m%dT%H%M%S%fZ"


def made_home(tmp_path: Path, name: str = "C", standards: int = 5, seed: int = 1) -> Path:
    """A registry made in-process (the commands under test run as processes)."""
    site = make_site(tmp_path, name, standards=standards, seed=seed)
    site.reg.close()
    return site.home


def backups_in(home: Path) -> list[str]:
    """The kept backups' names, oldest first."""
    return sorted(p.name for p in (home / "backups").glob("labregistry-*.db"))


def plant(home: Path, taken_at: dt.datetime, reason: str) -> str:
    """A real copy of the database, named as if taken at ``taken_at`` (UTC)."""
    name = f"labregistry-{taken_at.strftime(STAMP)}-{reason}.db"
    (home / "backups").mkdir(exist_ok=True)
    shutil.copyfile(home / "labregistry.db", home / "backups" / name)
    return name


def revision_in(path: Path) -> str:
    return str(sqlite_value(path, "SELECT version_num FROM alembic_version"))


@pytest.mark.sqlite_only
def test_an_import_keeps_the_newest_ten_backups_by_default(tmp_path: Path) -> None:
    home = made_home(tmp_path)
    earlier = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=12)  # today's: no daily backup at start
    for name in backups_in(home):  # whatever the setup took: out of the way
        (home / "backups" / name).unlink()
    planted = [plant(home, earlier + dt.timedelta(minutes=i), "import") for i in range(12)]
    ledger = tmp_path / "ledger.xlsx"
    assert run_cli("--home", str(home), "template", str(ledger), "--kind", "standards").code == 0
    assert backups_in(home) == planted

    # a refused ledger import (an empty template) writes nothing, so backs nothing up
    refused = run_cli("--home", str(home), "--lang", "en", "import-excel", str(ledger), "--kind", "standards")
    assert refused.code == 1 and "has no data below its header (row 1)" in refused.err, refused.err
    assert backups_in(home) == planted, "an import that writes nothing took a backup"

    # an import that writes: a backup first, then the twelve planted ones pruned to the newest nine
    peer = make_site(tmp_path, "D", standards=3, seed=9)
    card, bundle = peer.card(tmp_path / "peer.card"), peer.export(tmp_path / "peer.xlsx")
    assert run_cli("--home", str(home), "trust", "add", str(card), "--fingerprint", peer.fingerprint()).code == 0
    peer.reg.close()
    done = run_cli("--home", str(home), "import", str(bundle), "--yes")
    assert done.code == 0, done.err
    kept = backups_in(home)
    assert len(kept) == 10
    assert kept[:9] == planted[3:] and kept[9].endswith("-import.db") and kept[9] not in planted


@pytest.mark.sqlite_only
def test_a_ledger_import_that_writes_takes_a_backup(tmp_path: Path) -> None:
    from tests.ledger.ledgers import standards_good_only

    home = made_home(tmp_path)
    assert backups_in(home) == []  # a new database: nothing to keep yet
    ledger = standards_good_only(tmp_path / "台账.xlsx")
    done = run_cli("--home", str(home), "import-excel", str(ledger), "--kind", "standards")
    assert done.code == 0, done.err
    daily, before_import = backups_in(home)  # the day's first start, then the import
    assert daily.endswith("-daily.db") and before_import.endswith("-ledger-import.db")
    # the state before the import
    assert sqlite_value(home / "backups" / before_import, "SELECT count(*) FROM standard") == 5


@pytest.mark.sqlite_only
def test_the_daily_backup_is_taken_once_a_day_at_start(tmp_path: Path) -> None:
    home = made_home(tmp_path)
    for name in backups_in(home):
        (home / "backups" / name).unlink()
    now = dt.datetime.now(dt.timezone.utc)
    recent = plant(home, now - dt.timedelta(hours=23), "import")
    assert run_cli("--home", str(home), "stats").code == 0
    assert backups_in(home) == [recent], "a backup less than a day old: no daily one"

    (home / "backups" / recent).unlink()
    yesterday = plant(home, now - dt.timedelta(hours=25), "import")
    assert run_cli("--home", str(home), "stats").code == 0
    kept = backups_in(home)
    assert len(kept) == 2 and kept[0] == yesterday and kept[1].endswith("-daily.db")
    assert run_cli("--home", str(home), "stats").code == 0
    assert backups_in(home) == kept, "the second start of the day took another"


@pytest.mark.sqlite_only
def test_an_upgrade_backs_up_the_old_database_first(tmp_path: Path) -> None:
    home = made_home(tmp_path)
    for name in backups_in(home):
        (home / "backups" / name).unlink()
    engine = db.make_engine(str(home / "labregistry.db"))
    db.downgrade(engine, "0004")
    head = db.head_revision(engine)
    engine.dispose()
    old_state = dump_home(home)

    assert run_cli("--home", str(home), "stats").code == 0
    (taken,) = backups_in(home)
    assert taken.endswith("-before-migration-0004.db")
    assert revision_in(home / "backups" / taken) == "0004"
    assert revision_in(home / "labregistry.db") == head
    assert sqlite_value(home / "backups" / taken, "SELECT count(*) FROM standard") == 5
    assert old_state != dump_home(home)  # the schema changed; the backup kept the old one


def test_a_database_of_a_newer_version_is_refused_unchanged(tmp_path: Path) -> None:
    home = made_home(tmp_path)
    engine = db.make_engine(_url(home))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    engine.dispose()
    backups_before = backups_in(home)
    state = dump_home(home)

    for lang, message in (("en", "error: the database was made by a newer LabRegistry (revision "
                                 "0099_from_the_future); please upgrade"),
                          ("zh", "error: 数据库由更新版本的 LabRegistry 创建（版本 0099_from_the_future），请升级软件")):
        result = run_cli("--home", str(home), "--lang", lang, "stats")
        assert result.code == 1 and result.out == ""
        assert result.err == message + "\n"
    assert dump_home(home) == state
    assert backups_in(home) == backups_before, "a refused start took a backup (and pushed out a good one)"


def _url(home: Path) -> str:
    from labregistry.config import resolve_home

    return resolve_home(home).db_url
