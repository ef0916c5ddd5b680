"""A peer's signed bundle cannot deceive with its text or its date, and nothing it says acts on a terminal.

Each attack is a real bundle, validly signed with the peer's real key by a peer whose
software was changed (:mod:`tests.exchange.hostile`), verified and imported through the
command line as a process: exit 1, one ``error:`` line naming the sheet, row and column,
no traceback, the receiver's database unchanged (SQLite or PostgreSQL, as the run).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from labregistry.domain.records import InstrumentInput
from labregistry.errors import DomainError
from labregistry.exchange import schema
from labregistry.registry import Registry
from labregistry.services import exchange
from tests.conftest import PASSPHRASE, Result, run_cli
from tests.dbstate import dump_home
from tests.exchange import hostile

ZHEJIANG_AS_JIANGZHE = "\u202e浙江\u202c省计量科学研究院"
"""Shown as 江浙省计量科学研究院: the right-to-left override reverses 浙江."""
RAW_UNSAFE = ("\u202e", "\u2066", "\u200b", "\x1b", "\x9b")


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.code == 0, result.err
    return result.out


def refused(result: Result) -> str:
    """The one ``error:`` line of a refusal (exit 1, no traceback, nothing raw on the terminal)."""
    assert result.code == 1, (result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.err
    assert "Traceback" not in result.err
    for char in RAW_UNSAFE:
        assert char not in result.err and char not in result.out
    return lines[0]


@pytest.fixture
def receiver(tmp_path: Path) -> str:
    home = str(tmp_path / "receiver")
    ok("--home", home, *hostile.RECEIVER)
    return home


@pytest.fixture
def peer(tmp_path: Path, receiver: str) -> Iterator[Registry]:
    """A peer the receiver trusts, with one standard with an instrument and a service."""
    reg = hostile.peer(tmp_path, standards=(hostile.standard(
        "精密压力表标准装置", "[2023]浙量标证字第0001号",
        instruments=[InstrumentInput("精密数字压力计", serial_no="S-1"), InstrumentInput("温湿度计", serial_no="S-2")]),))
    card, fingerprint = hostile.card(reg, tmp_path / "peer.card")
    ok("--home", receiver, "trust", "add", str(card), "--fingerprint", fingerprint)
    yield reg
    reg.close()


def attempt(receiver: str, bundle: Path, *extra: str) -> tuple[str, str]:
    """verify and import of ``bundle``: both refused, the database as it was; the two error lines."""
    before = dump_home(receiver)
    verify = refused(run_cli("--home", receiver, "--lang", "en", "verify", str(bundle)))
    imported = refused(run_cli("--home", receiver, "--lang", "en", "import", str(bundle), "--yes", *extra))
    assert dump_home(receiver) == before
    return verify, imported


# ---------------------------------------------------------------- text that deceives


def test_a_bidi_override_that_shows_zhejiang_as_jiangzhe_is_refused(tmp_path: Path, receiver: str, peer: Registry
                                                                    ) -> None:
    def edit(rows: hostile.Rows) -> None:
        hostile.set_cell(rows, schema.INSTITUTE, 0, "name", ZHEJIANG_AS_JIANGZHE)

    bundle = hostile.signed_bundle(peer, tmp_path / "jiangzhe.xlsx", edit=edit)
    for line in attempt(receiver, bundle):
        assert "sheet '机构 Institute' row 2 column '机构名称 Name'" in line, line
        assert "U+202E" in line and "RIGHT-TO-LEFT OVERRIDE" in line
    zh = refused(run_cli("--home", receiver, "verify", str(bundle)))
    assert "工作表“机构 Institute”第 2 行“机构名称 Name”含有文字方向控制字符 U+202E" in zh


@pytest.mark.parametrize(("sheet", "row", "key", "value", "char"), [
    (schema.INSTRUMENTS, 1, "serial_no", "S-\u200b2", "U+200B"),  # looks like S-2, is not
    (schema.STANDARDS, 0, "certificate_no", "[2023]浙量标证字第0001号\u2066", "U+2066"),
    (schema.SERVICES, 0, "procedure", "JJG 49-2013\x9b2J", "U+009B"),  # C1 CSI: ESC [ on some terminals
])
def test_invisible_and_control_characters_are_refused_at_their_cell(
        tmp_path: Path, receiver: str, peer: Registry, sheet: schema.SheetDef, row: int, key: str, value: str,
        char: str) -> None:
    def edit(rows: hostile.Rows) -> None:
        hostile.set_cell(rows, sheet, row, key, value)

    bundle = hostile.signed_bundle(peer, tmp_path / "b.xlsx", edit=edit)
    for line in attempt(receiver, bundle):
        assert hostile.cell_place(sheet, row + 2, key) in line and char in line, line


def test_a_bidi_issuer_name_in_the_signed_manifest_is_refused(tmp_path: Path, receiver: str, peer: Registry) -> None:
    bundle = hostile.signed_bundle(peer, tmp_path / "b.xlsx", issuer_name=ZHEJIANG_AS_JIANGZHE)
    for line in attempt(receiver, bundle):
        assert "issuer's name in the signed manifest" in line and "U+202E" in line, line


def test_the_same_bundle_without_the_characters_is_imported(tmp_path: Path, receiver: str, peer: Registry) -> None:
    """The refusals above are about the characters, not about a peer that edits its rows."""
    def edit(rows: hostile.Rows) -> None:
        hostile.set_cell(rows, schema.INSTITUTE, 0, "name", "浙江省计量科学研究院（杭州）")

    bundle = hostile.signed_bundle(peer, tmp_path / "b.xlsx", edit=edit)
    ok("--home", receiver, "verify", str(bundle))
    ok("--home", receiver, "import", str(bundle), "--yes")


def test_a_key_card_whose_name_reorders_is_refused(tmp_path: Path, receiver: str, peer: Registry) -> None:
    card = json.loads((tmp_path / "peer.card").read_text(encoding="utf-8"))
    card["institute_name"] = ZHEJIANG_AS_JIANGZHE
    forged = tmp_path / "forged.card"
    forged.write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    before = dump_home(receiver)
    line = refused(run_cli("--home", receiver, "--lang", "en", "trust", "add", str(forged), "--fingerprint", "0"))
    assert "institute_name" in line and "text direction" in line, line
    assert dump_home(receiver) == before


def test_own_records_entered_before_the_rule_are_named_at_export(tmp_path: Path) -> None:
    """Data stored before this rule existed: the export names it instead of sending what peers refuse."""
    reg = hostile.peer(tmp_path, standards=(hostile.standard("精密压力表标准装置", "[2023]浙量标证字第0001号"),))
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE standard SET name = :n"), {"n": "精密\u202e压力表"})
    with pytest.raises(DomainError) as caught:
        exchange.export_bundle(reg, tmp_path / "own.xlsx", PASSPHRASE)
    assert caught.value.code == "export.unsafe_text"
    assert "计量标准 Standards" in caught.value.render("zh") and "U+202E" in caught.value.render("en")
    assert not (tmp_path / "own.xlsx").exists()
    reg.close()


# ---------------------------------------------------------------- messages that echo what a peer wrote


def test_messages_show_a_peer_s_bidi_name_and_an_escape_in_a_file_name_escaped(tmp_path: Path, receiver: str
                                                                               ) -> None:
    """The issuer's name is echoed when its key is not trusted; the file's name when it is no bundle."""
    stranger = hostile.peer(tmp_path)
    bundle = hostile.signed_bundle(stranger, tmp_path / "b.xlsx", issuer_name=ZHEJIANG_AS_JIANGZHE)
    stranger.close()
    line = refused(run_cli("--home", receiver, "--lang", "en", "verify", str(bundle)))
    assert "not trusted" in line and "\\u202e浙江\\u202c省计量科学研究院" in line, line

    as_json = run_cli("--home", receiver, "verify", str(bundle), "--json")
    assert as_json.code == 1 and "\u202e" not in as_json.out  # escaped in the JSON text ...
    assert as_json.json()["issuer_name"] == ZHEJIANG_AS_JIANGZHE  # ... the same value for a JSON reader

    named = tmp_path / "clear\x1b[2Jscreen\u202e.xlsx"
    named.write_bytes(b"not a zip at all")
    line = refused(run_cli("--home", receiver, "--lang", "en", "verify", str(named)))
    assert "clear\\x1b[2Jscreen\\u202e.xlsx" in line, line
    line = refused(run_cli("--home", receiver, "import", str(named), "--yes"))
    assert "clear\\x1b[2Jscreen\\u202e.xlsx" in line, line


# ---------------------------------------------------------------- dates


def test_a_bundle_issued_more_than_a_day_ahead_is_refused(tmp_path: Path, receiver: str, peer: Registry) -> None:
    ahead = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=1, hours=1)
    bundle = hostile.signed_bundle(peer, tmp_path / "future.xlsx", issued_at=ahead)
    for line in attempt(receiver, bundle):
        assert "more than a day after this computer's time" in line and ahead.strftime("%Y-%m-%dT%H:%M") in line


def test_a_bundle_issued_hours_ahead_passes_clock_differences(tmp_path: Path, receiver: str, peer: Registry
                                                              ) -> None:
    ahead = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=20)
    bundle = hostile.signed_bundle(peer, tmp_path / "skew.xlsx", issued_at=ahead)
    ok("--home", receiver, "verify", str(bundle))
    ok("--home", receiver, "import", str(bundle), "--yes")


@pytest.mark.parametrize("days", ["0", "-1", "3651", "1.5", "abc", "99999999999"])
def test_export_valid_days_out_of_range_is_a_usage_error(tmp_path: Path, receiver: str, days: str) -> None:
    before = dump_home(receiver)
    result = run_cli("--home", receiver, "--lang", "en", "export", str(tmp_path / "own.xlsx"), f"--valid-days={days}")
    assert result.code == 2, result.err
    last = result.err.strip().splitlines()[-1]
    assert last.startswith("error: argument --valid-days:") and "1" in last and "3650" in last, last
    assert "Traceback" not in result.err
    assert not (tmp_path / "own.xlsx").exists() and dump_home(receiver) == before


def test_export_valid_days_at_the_limits(tmp_path: Path, receiver: str) -> None:
    for days in (1, 3650):
        out = run_cli("--home", receiver, "export", str(tmp_path / f"own-{days}.xlsx"), "--valid-days", str(days),
                      "--json")
        assert out.code == 0, out.err
        data = out.json()
        issued, expires = (dt.datetime.fromisoformat(data[k].replace("Z", "+00:00")) for k in ("issued_at", "expires_at"))
        assert expires - issued == dt.timedelta(days=days)


def test_the_export_service_refuses_a_validity_out_of_range(tmp_path: Path) -> None:
    reg = hostile.peer(tmp_path)
    for days in (0, 3651, True):
        with pytest.raises(DomainError) as caught:
            exchange.export_bundle(reg, tmp_path / "own.xlsx", PASSPHRASE, valid_days=days)
        assert caught.value.code == "export.valid_days"
    assert not (tmp_path / "own.xlsx").exists()
    reg.close()
