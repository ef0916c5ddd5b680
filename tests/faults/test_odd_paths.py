"""Data folders whose path holds ``#``, ``%``, ``?``, spaces or Chinese: the database, its
backups (manual and daily) and restore all stay inside the folder and round-trip.

Once a ``#`` made every backup an empty 4 KB database reported as success, and a ``?``
put the database next to the home instead of in it.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from sqlalchemy.engine import make_url

from labregistry.errors import DomainError
from labregistry.storage import backups
from labregistry.storage.db import normalise_url, sqlite_path, sqlite_uri, sqlite_url
from tests.conftest import run_cli
from tests.dbstate import sqlite_value
from tests.faults.conftest import INIT, refused

ODD = "数据 #1 50% ?x=1&y 计量"


@pytest.mark.parametrize("path", [
    PureWindowsPath(r"C:\Users\张三\数据 #1\50% ?x\labregistry.db"),
    PureWindowsPath(r"D:\LabRegistry\labregistry.db"),
    PurePosixPath("/home/王/数据 #1/50%25 ?x=1&y/labregistry.db"),
])
def test_a_sqlite_url_parses_back_to_its_path(path: PureWindowsPath | PurePosixPath) -> None:
    url = sqlite_url(path)
    parsed = make_url(url)
    assert parsed.drivername == "sqlite" and parsed.database == str(path) and not parsed.query
    assert sqlite_path(url) == Path(str(path))


def test_a_sqlite_uri_is_percent_encoded() -> None:
    windows = PureWindowsPath(r"C:\Users\张三\数据 #1\labregistry.db")
    assert sqlite_uri(windows, mode="ro") == (
        "file:///C:/Users/%E5%BC%A0%E4%B8%89/%E6%95%B0%E6%8D%AE%20%231/labregistry.db?mode=ro")
    posix = PurePosixPath("/tmp/a#b %c?d/x.db")
    assert sqlite_uri(posix) == "file:///tmp/a%23b%20%25c%3Fd/x.db"


def test_a_plain_path_given_as_db_is_taken_literally(tmp_path: Path) -> None:
    odd = tmp_path / ODD / "r.db"
    assert make_url(normalise_url(str(odd))).database == str(odd)


@pytest.mark.sqlite_only
def test_backup_daily_backup_and_restore_round_trip_in_an_odd_folder(tmp_path: Path) -> None:
    home = tmp_path / ODD / "家"
    assert run_cli("--home", str(home), *INIT).code == 0
    assert run_cli("--home", str(home), "demo", "--standards", "20").code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [ODD]  # nothing beside the home
    assert (home / "labregistry.db").stat().st_size > 100_000

    made = run_cli("--home", str(home), "backup", "--json")
    assert made.code == 0, made.err
    manual = Path(made.json()["path"])
    assert manual.parent == home / "backups" and _standards(manual) == 20

    for old in (home / "backups").glob("*daily*"):
        old.unlink()
    (home / "backups" / manual.name).rename(tmp_path / "kept.db")  # so the next start takes a daily one
    assert run_cli("--home", str(home), "stats").code == 0
    (daily,) = (home / "backups").glob("*daily.db")
    assert _standards(daily) == 20

    added = run_cli("--home", str(home), "add-standard", "--name", "活塞式压力计标准装置", "--code", "12113100",
                    "--grade", "社会公用", "--certificate-no", "[2024]沪量标证字第0999号", "--valid-until",
                    "2028-01-01", "--range", "(0~60)MPa", "--accuracy", "0.05级")
    assert added.code == 0, added.err
    restored = run_cli("--home", str(home), "restore", str(daily), "--json")
    assert restored.code == 0, restored.err
    assert run_cli("--home", str(home), "stats", "--json").json()["own"]["standards"] == 20
    assert _standards(Path(restored.json()["previous"])) == 21  # the state before is kept
    assert run_cli("--home", str(home), "check").code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([ODD, "kept.db"])


@pytest.mark.sqlite_only
def test_a_copy_that_differs_from_its_source_is_not_a_backup(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli("--home", str(home), *INIT).code == 0
    source = home / "labregistry.db"
    copy = tmp_path / "copy.db"
    shutil.copyfile(source, copy)
    con = sqlite3.connect(copy)
    con.execute("DELETE FROM institute")
    con.commit()
    con.close()
    expected = backups._counts_of(source)
    with pytest.raises(DomainError) as err:
        backups._check_copy(copy, expected, source)
    assert err.value.code == "backup.unsound" and "institute: 1 → 0" in err.value.render("en")
    backups._check_copy(source, expected, source)  # the source itself passes


@pytest.mark.sqlite_only
def test_a_backup_out_in_an_odd_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli("--home", str(home), *INIT).code == 0
    out = tmp_path / ODD / "副本 #2.db"
    out.parent.mkdir()
    made = run_cli("--home", str(home), "backup", str(out))
    assert made.code == 0, made.err
    assert out.exists() and not list(out.parent.glob("*.part*"))
    with sqlite3.connect(out) as con:
        assert con.execute("SELECT count(*) FROM institute").fetchone() == (1,)
    refused(run_cli("--home", str(home), "--lang", "en", "backup", str(out)), "SQLite database")


@pytest.mark.engine_independent  # names its SQLite file itself
def test_check_names_the_database_file_as_the_user_knows_it(tmp_path: Path) -> None:
    """`check --json`'s `database` is the file's path as the user typed and sees it: it printed
    the SQLite URL, the Chinese and the '#' of a real folder percent-encoded
    (`sqlite:////…/%E6%95%B0%E6%8D%AE %231/…`), a path no file manager shows."""
    home = tmp_path / ODD / "家"
    db = home / "labregistry.db"
    where = ("--home", str(home), "--db", str(db))
    assert run_cli(*where, *INIT).code == 0
    checked = run_cli(*where, "check", "--json")
    assert checked.code == 0 and checked.json()["database"] == str(db), checked.out


@pytest.mark.postgres
@pytest.mark.engine_independent  # names its server database itself
def test_check_names_a_server_database_without_its_password(pg_url: str, tmp_path: Path) -> None:
    url = make_url(pg_url).set(password="s3cret #1")  # the test server trusts: the password is not asked
    where = ("--home", str(tmp_path / "home"), "--db", url.render_as_string(hide_password=False))
    assert run_cli(*where, *INIT).code == 0
    checked = run_cli(*where, "check", "--json")
    assert checked.code == 0, checked.err
    assert checked.json()["database"] == url.render_as_string(hide_password=True) and "s3cret" not in checked.out


def _standards(db: Path) -> int:
    return int(sqlite_value(db, "SELECT count(*) FROM standard"))
