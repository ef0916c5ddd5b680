"""An instrument's range in a bundle is held to the comma rule, as the editor holds it.

An instrument's 测量范围 is free text, but trace reads its figures where it reads
(:mod:`labregistry.inventory.trace`): "(0,100) mV" (0 to 100 mV, or 100 mV, or 0.1 V?) came
in from a peer silently. The receiver refuses it naming sheet, row, column and rule, its
database exactly as it was; the sender's export refuses it beforehand naming the standard and
the instrument, and ``check`` lists it (records saved before the rule)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from labregistry.domain.records import InstrumentInput
from labregistry.errors import DomainError
from labregistry.exchange import schema
from labregistry.registry import Registry
from labregistry.services import exchange
from tests.conftest import run_cli
from tests.exchange import hostile
from tests.exchange.sites import Site, cli, one_error, refused

CERT = "[2024]浙量标证字第0778号"
METER = hostile.standard("数字多用表检定装置", CERT, code="15113100", range_text="(0~1000)V", accuracy_text="U=0.002%,k=2",
                         instruments=[InstrumentInput("多功能校准器", "main", "5720A", "1", "DCV (0~1000)V"),
                                      InstrumentInput("数字多用表", "ancillary", "8508A", "2", "(0~20)V")])
INSTRUMENTS = schema.INSTRUMENTS


def test_a_peers_instrument_range_with_an_ambiguous_comma_is_refused_at_its_cell(tmp_path: Path) -> None:
    peer = hostile.peer(tmp_path, standards=(METER,))
    receiver = hostile.receiver(tmp_path, peer)
    try:
        _refused_at_its_cell(tmp_path, peer, receiver)
    finally:
        receiver.reg.close()
        peer.close()


def _refused_at_its_cell(tmp_path: Path, peer: Registry, receiver: Site) -> None:
    bad = hostile.signed_bundle(peer, tmp_path / "bad.xlsx",
                                edit=lambda rows: hostile.set_cell(rows, INSTRUMENTS, 1, "range_text", "(0,100) mV"))
    reason = refused(receiver, bad, "bundle.instrument_range", "en")
    assert hostile.cell_place(INSTRUMENTS, 3, "range_text") in reason, reason
    assert "write a range as (0~100) mV" in reason, reason  # the domain's own message, said back
    line = one_error(cli(receiver, "import", str(bad), "--yes"))
    assert "工作表“标准器及配套设备 Instruments”第 3 行“测量范围 Range”" in line and "若是范围请写作 (0~100) mV" in line, line
    fine = hostile.signed_bundle(peer, tmp_path / "fine.xlsx")  # free text that reads as no range still travels
    assert exchange.verify_bundle(receiver.reg, fine).valid


def test_the_export_and_check_name_a_stored_instrument_range_receivers_would_refuse(tmp_path: Path) -> None:
    reg = hostile.peer(tmp_path, standards=(METER,))
    try:
        with reg.engine.begin() as conn:  # saved before the rule
            conn.execute(text("UPDATE instrument SET range_text = '(0,100) mV' WHERE name = '数字多用表'"))
        out = tmp_path / "a.xlsx"
        with pytest.raises(DomainError) as err:
            exchange.export_bundle(reg, out, hostile.PASSPHRASE)
        assert err.value.code == "export.bad_instrument" and not out.exists()
        zh = err.value.render("zh")
        assert f"计量标准 {CERT} 的设备“数字多用表”的测量范围“(0,100) mV”" in zh and "若是范围请写作 (0~100) mV" in zh, zh
        home = ("--home", str(reg.home.path), "--db", reg.home.db_url)
        report = run_cli(*home, "check", "--json")
        assert report.code == 1, report.err  # sound, but no bundle can be exported
        checked = json.loads(report.out)
        assert (checked["ok"], checked["sound"], checked["export_blocked"]) == (False, True, 1), checked
        flagged = [w for w in checked["warnings"] if w["refusal"] == "bundle.instrument_range"]
        assert [(w["certificate_no"], w["subject"], w["rule"]) for w in flagged] == [
            (CERT, "(0,100) mV", "range.bracket_comma")]
        shown = run_cli(*home, "--lang", "en", "check")
        assert f"{CERT} (0,100) mV: instrument '数字多用表' stops every export (receivers would refuse it)" in shown.out, \
            shown.out
        assert "1 capability row(s) or instrument range(s) that stop every export:" in shown.out, shown.out
    finally:
        reg.close()
