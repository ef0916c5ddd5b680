"""The command line end to end, as real processes: init, demo, stats, list, check, add-standard."""

from __future__ import annotations

import datetime as dt
import sqlite3

from tests.dbstate import dump_home
from pathlib import Path

import pytest

from tests.conftest import run_cli, as_recorded

USCC = "12310000425011296P"  # valid check character
INIT = ["init", "--name", "上海市计量测试技术研究院", "--uscc", USCC, "--province", "上海", "--city", "上海",
        "--operator", "王质量"]
GOOD_STANDARD = [
    "add-standard", "--name", "精密压力表标准装置", "--code", "12113100", "--grade", "社会公用",
    "--certificate-no", "[2023]沪量标证字第0123号", "--issued-on", "2023-05-31", "--valid-until", "2027-05-30",
    "--range", "(0~60)MPa", "--accuracy", "U=0.02%, k=2", "--quantity", "压力",
]


def _option(args: list[str], name: str, value: str) -> list[str]:
    out = list(args)
    out[out.index(name) + 1] = value
    return out


def _db_dump(home: Path) -> list[tuple[object, ...]]:
    """Every row of every table, to prove a refused command wrote nothing."""
    return dump_home(home)


@pytest.fixture
def initialised(home: Path) -> Path:
    result = run_cli("--home", str(home), *INIT)
    assert result.code == 0, result.err
    return home


def test_init_demo_stats_and_expiring_list(initialised: Path) -> None:
    home = str(initialised)
    assert run_cli("--home", home, "demo", "--standards", "500", "--seed", "7").code == 0

    stats = run_cli("--home", home, "stats", "--json")
    assert stats.code == 0, stats.err
    data = stats.json()
    assert data["own"]["standards"] == 500
    assert data["own"]["authorisations"] > 0 and data["own"]["staff"] > 0
    assert data["region"]["institutes"] == 1
    assert data["region"]["standards"] == 500
    assert set(data["own"]) == {"standards", "authorisations", "authorisation_items", "staff"}
    assert set(data["region"]) == {"institutes", "standards", "authorisations", "authorisation_items", "staff"}

    everything = run_cli("--home", home, "list", "standards", "--json").json()
    assert len(everything) == 500
    for row in everything[:3]:
        assert {"id", "institute_uscc", "certificate_no", "code", "name", "valid_until"} <= set(row)
        assert row["institute_uscc"] == USCC

    today = dt.date.today()
    limit = today + dt.timedelta(days=180)
    # a reminder: ending within 180 days, and already ended (still to renew), but not revoked
    expected = {
        r["id"] for r in everything if dt.date.fromisoformat(r["valid_until"]) <= limit and r["status"] != "revoked"
    }
    expiring = run_cli("--home", home, "list", "standards", "--expiring-within", "180", "--json")
    assert expiring.code == 0, expiring.err
    got = expiring.json()
    assert {r["id"] for r in got} == expected
    assert 0 < len(expected) < 500  # the demo has some due for re-examination, not all
    assert any(dt.date.fromisoformat(r["valid_until"]) < today for r in got)  # already ended ones too
    assert [r["valid_until"] for r in got] == sorted(r["valid_until"] for r in got)


def test_json_output_is_only_json_and_utf8(initialised: Path) -> None:
    run_cli("--home", str(initialised), *GOOD_STANDARD)
    result = run_cli("--home", str(initialised), "list", "standards", "--json")
    assert result.code == 0
    rows = result.json()
    assert rows[0]["name"] == "精密压力表标准装置"
    assert "精密压力表标准装置" in result.out  # not \u escapes


def test_wrong_check_character_is_refused_and_nothing_is_written(home: Path) -> None:
    # nothing at all is created: no database (file or server), no key
    bad = _option(INIT, "--uscc", USCC[:-1] + "F")
    result = run_cli("--home", str(home), *bad)
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:")
    assert "uscc" in lines[0] and "P" in lines[0]
    assert not (home / "labregistry.db").exists()
    assert not (home / "keys").exists()


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [
        ("--code", "99113100", "code"),  # unknown discipline prefix
        ("--range", "(60~0)MPa", "range_text"),  # min > max
        ("--range", "(0~60)V", "range_text"),  # a pressure range in volts
        ("--valid-until", "2022-01-01", "valid_until"),  # before the issue date
    ],
)
def test_invalid_standard_is_refused_naming_the_field(initialised: Path, option: str, value: str, field: str) -> None:
    before = _db_dump(initialised)
    result = run_cli("--home", str(initialised), *_option(GOOD_STANDARD, option, value))
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error:") and field in lines[0]
    assert "Traceback" not in result.err
    assert _db_dump(initialised) == before


def test_a_certificate_valid_longer_than_four_years_is_recorded_with_a_warning(initialised: Path) -> None:
    args = _option(_option(GOOD_STANDARD, "--valid-until", "2029-05-30"), "--certificate-no", "[2023]沪量标证字第0200号")
    result = run_cli("--home", str(initialised), *args, "--json")
    assert result.code == 0, result.err
    [said] = result.json()["warnings"]
    assert "4 年" in said and "6.0" in said
    assert "提示：" in result.err and "考核证书有效期为 4 年" in result.err
    listed = run_cli("--home", str(initialised), "list", "standards", "--json").json()
    assert any(r["certificate_no"] == "[2023]沪量标证字第0200号" and r["valid_until"] == "2029-05-30" for r in listed)


def test_errors_render_in_english_on_request(initialised: Path) -> None:
    result = run_cli("--home", str(initialised), "--lang", "en", *_option(GOOD_STANDARD, "--range", "(0~60)V"))
    assert result.code == 1
    assert "pressure" in result.err and "range_text" in result.err


def test_second_init_is_refused(initialised: Path) -> None:
    result = run_cli("--home", str(initialised), *INIT)
    assert result.code == 1 and result.err.startswith("error:")
    assert "init" in result.err or "初始化" in result.err


def test_usage_errors_exit_2(home: Path) -> None:
    assert run_cli("--home", str(home), "list", "gadgets").code == 2
    assert run_cli("--home", str(home), "list", "standards", "--expiring-within", "-3").code == 2
    assert run_cli("--home", str(home), "frobnicate").code == 2


def test_every_command_has_help() -> None:
    for name in ("init", "demo", "stats", "list", "check", "add-standard", "gui"):
        result = run_cli(name, "--help")
        assert result.code == 0, name
        assert result.out.startswith(f"用法：labregistry {name}")


def test_check_reports_a_sound_database_and_a_missing_one(initialised: Path, tmp_path: Path) -> None:
    ok = run_cli("--home", str(initialised), "check", "--json")
    assert ok.code == 0, ok.err
    report = ok.json()
    assert report["ok"] is True and report["integrity"] == "ok"
    missing = run_cli("--home", str(tmp_path / "nowhere"), "check")
    assert missing.code == 1 and missing.err.startswith("error:")
    assert not (tmp_path / "nowhere" / "labregistry.db").exists()


def test_check_names_a_schema_behind_the_newest_in_the_users_language(initialised: Path) -> None:
    """The core returns the problem as a code and its values; the CLI renders it in --lang."""
    from sqlalchemy import text

    from labregistry.config import resolve_home
    from labregistry.storage import db

    engine = db.make_engine(resolve_home(str(initialised), None).db_url)
    try:
        head = db.head_revision(engine)
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0012'"))
    finally:
        engine.dispose()
    zh = run_cli("--home", str(initialised), "check")
    assert zh.code == 1
    assert zh.err.splitlines()[-1] == f"error: 数据库检查未通过：数据库结构版本 0012 不是最新的 {head}"
    en = run_cli("--home", str(initialised), "--lang", "en", "check", "--json")
    assert en.code == 1
    assert en.json()["problems"] == [f"schema revision 0012 is not the newest {head}"]
    # an unsound database is not read for the rows that would stop an export: not counted as none
    assert (en.json()["ok"], en.json()["sound"], en.json()["export_blocked"]) == (False, False, None)


@pytest.mark.sqlite_only
def test_check_detects_overwritten_bytes(initialised: Path) -> None:
    run_cli("--home", str(initialised), "demo", "--standards", "300")
    db = initialised / "labregistry.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 12), 7):
        data[offset] = 0xA5
    db.write_bytes(bytes(data))
    result = run_cli("--home", str(initialised), "check")
    assert result.code == 1
    assert result.err.startswith("error:") and "Traceback" not in result.err


def test_audit_trail_keeps_operator_and_fields(initialised: Path) -> None:
    from labregistry.registry import open_registry
    from labregistry.services import records

    run_cli("--home", str(initialised), *GOOD_STANDARD)
    reg = open_registry(initialised)
    history = records.history(reg, "standard", 1)
    assert [h["action"] for h in history] == ["create"]
    assert history[0]["operator"] == as_recorded("王质量")
    assert history[0]["after"]["range_text"] == "(0~60)MPa"
    assert history[0]["before"] is None


def test_a_long_operator_name_with_the_login_after_it_fits_the_audit_trail(home: Path) -> None:
    """Review 10: on PostgreSQL the audit trail records the name with the database login after it
    (``name (login)``) in a column of 100 characters: a name of 95 made every write fail there
    (SQLite does not enforce the length). The name is shortened to leave the login whole."""
    name = "计量" * 47 + "王"  # 95 characters
    init = [*INIT[:-1], name]
    assert run_cli("--home", str(home), *init).code == 0
    result = run_cli("--home", str(home), *GOOD_STANDARD)
    assert result.code == 0, result.err
    [entry] = run_cli("--home", str(home), "history", "standards", "1", "--json").json()
    recorded = as_recorded(name)
    if recorded == name:  # SQLite: as given
        assert entry["operator"] == name
    else:
        login = recorded[len(name) + 2:-1]
        assert len(entry["operator"]) <= 100 and entry["operator"].endswith(f" ({login})")
        assert entry["operator"].startswith("计量计量")


def test_history_of_a_record_by_certificate_number(initialised: Path) -> None:
    run_cli("--home", str(initialised), *GOOD_STANDARD)
    result = run_cli("--home", str(initialised), "history", "standards", "[2023]沪量标证字第0123号", "--json")
    assert result.code == 0, result.err
    [entry] = result.json()
    assert entry["action"] == "create" and entry["operator"] == as_recorded("王质量")
    assert entry["after"]["certificate_no"] == "[2023]沪量标证字第0123号"
    text = run_cli("--home", str(initialised), "history", "standards", "1")
    assert text.out.splitlines()[0].endswith(f"  {as_recorded('王质量')}  新建  （命令行）")  # where it came from, in --lang
    english = run_cli("--home", str(initialised), "--lang", "en", "history", "standards", "1")
    assert english.out.splitlines()[0].endswith(f"  {as_recorded('王质量')}  created  (command line)")
    missing = run_cli("--home", str(initialised), "history", "standards", "no-such-number")
    assert missing.code == 1 and missing.err.startswith("error:")
