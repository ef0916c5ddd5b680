"""Bundle format 4: the issuer's recognition decisions in force travel in its bundle, signed.

The receiver checks each decision by the rules ``decisions add`` applies
(:mod:`labregistry.exchange.decisions`): a peer's software may sign whatever it likes with its
real key (:mod:`tests.exchange.hostile`), so a decision about the issuer itself, with two
scopes or none, an unknown discipline, an end before its start or evidence that is not
``KIND:REF`` is refused naming sheet, row and column, the receiver's database exactly as it
was. A decision is stored as the issuer's, and the issuer's later bundle without it withdraws it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from labregistry.errors import DomainError
from labregistry.exchange import schema
from labregistry.registry import Registry
from labregistry.services import decisions, exchange
from tests.exchange import hostile
from tests.exchange.sites import INSTITUTES, Site, cli, one_error, refused

DECISIONS = schema.DECISIONS
B_USCC = INSTITUTES["B"][1]


def _recorder(tmp: Path) -> Registry:
    """The peer (浙江, hostile.PEER_USCC) with one decision: it accepts B's discipline 15."""
    reg = hostile.peer(tmp)
    decisions.add_decision(reg, subject_uscc=B_USCC, subject_name=INSTITUTES["B"][0], discipline="15",
                           valid_from="2026-01-01", evidence=["证书:X-1"])
    return reg


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Registry, Site]]:
    """A recorder and a receiver trusting it, shared by the tests whose bundles are all refused."""
    tmp = tmp_path_factory.mktemp("decision-refusals")
    peer = _recorder(tmp)
    site = hostile.receiver(tmp, peer)
    yield peer, site
    site.reg.close()
    peer.close()


def test_a_decision_travels_as_the_issuer_s_and_a_bundle_without_it_withdraws_it_kept_with_its_date(
        tmp_path: Path) -> None:
    peer = _recorder(tmp_path)
    receiver = hostile.receiver(tmp_path, peer)
    sent = hostile.signed_bundle(peer, tmp_path / "a1.xlsx")
    check = exchange.verify_bundle(receiver.reg, sent)
    assert check.valid and check.to_json()["counts"]["decision"] == 1
    assert exchange.import_bundle(receiver.reg, sent).applied
    [got] = decisions.list_decisions(receiver.reg)
    [sent_one] = decisions.list_decisions(peer)
    assert got == {**sent_one, "own": False}  # B is the subject, the peer the recorder
    assert got["recorded_by"]["uscc"] == hostile.PEER_USCC and got["subject_uscc"] == B_USCC

    decisions.withdraw_decision(peer, sent_one["uid"])  # kept at the peer, left out of its bundle
    later = exchange.import_bundle(receiver.reg, hostile.signed_bundle(peer, tmp_path / "a2.xlsx", seq=2))
    assert later.plan is not None and later.plan.counts() == {"added": 0, "changed": 0, "withdrawn": 1}
    # kept at the receiver, withdrawn on the date it left the peer's bundle (the bundle's issue date)
    [kept] = decisions.list_decisions(receiver.reg)
    left_on = dt.datetime.now(dt.timezone.utc).date().isoformat()
    assert kept == {**got, "status": "withdrawn", "withdrawn_on": left_on}
    assert [d["status"] for d in decisions.list_decisions(peer)] == ["withdrawn"]
    # recognition ignores it: no decision in force covers B's discipline 15 any more
    standard = {"institute_uscc": B_USCC, "certificate_no": "X", "code": "15113100"}
    assert decisions.with_decisions(receiver.reg, [standard], dt.date(2026, 6, 1))[0]["decisions"] == []
    assert decisions.with_decisions(peer, [standard], dt.date(2026, 6, 1))[0]["decisions"] == []
    # a later bundle, still without it, withdraws nothing again; the kept one stays as it is
    again = exchange.import_bundle(receiver.reg, hostile.signed_bundle(peer, tmp_path / "a3.xlsx", seq=3))
    assert again.plan is not None and again.plan.counts() == {"added": 0, "changed": 0, "withdrawn": 0}
    assert decisions.list_decisions(receiver.reg) == [kept]


def test_a_peer_s_decision_citing_a_comparison_the_receiver_does_not_hold_is_taken_and_listed_so(
        tmp_path: Path) -> None:
    """The recorder checked that it held the comparison; the receiver may get the pilot's bundle
    later (bundles arrive in any order), so it takes the decision and says which it lacks."""
    peer = _recorder(tmp_path)
    receiver = hostile.receiver(tmp_path, peer)
    sent = hostile.signed_bundle(peer, tmp_path / "a1.xlsx", edit=_cell("evidence", "证书:X-1; 比对:CSJ-UNHELD-01"))
    assert exchange.import_bundle(receiver.reg, sent).applied
    [got] = decisions.list_decisions(receiver.reg)
    assert got["evidence"] == "证书:X-1; 比对:CSJ-UNHELD-01" and got["evidence_unheld"] == ["CSJ-UNHELD-01"]
    text = cli(receiver, "--lang", "en", "decisions", "list")
    assert text.code == 0 and "comparison not held here: CSJ-UNHELD-01" in text.out
    assert decisions.list_decisions(peer)[0]["evidence_unheld"] == []  # the recorder's own: 证书 only


def _cell(key: str, value: object) -> Callable[[hostile.Rows], None]:
    return lambda rows: hostile.set_cell(rows, DECISIONS, 0, key, value)


BAD: list[tuple[str, Callable[[hostile.Rows], None], str]] = [
    # (what, edit, column key)
    ("a decision about the issuer itself", _cell("subject_uscc", hostile.PEER_USCC), "subject_uscc"),
    ("a USCC that is not one", _cell("subject_uscc", "12320000466002712X"), "subject_uscc"),
    ("both a standard and a discipline", _cell("standard_certificate_no", "[2023]苏量标证字第0321号"),
     "discipline"),
    ("an unknown discipline", _cell("discipline", "99"), "discipline"),
    ("an end before the start", _cell("valid_until", dt.date(2025, 1, 1)), "valid_until"),
    ("evidence that is not KIND:REF", _cell("evidence", "looked fine"), "evidence"),
    ("a parameter without a standard", _cell("parameter", "直流电压"), "parameter"),
    # accepted by the check after normalising, stored as written: no search nor recognition of B finds it
    ("a USCC not in its written form", _cell("subject_uscc", "12320000466002712h"), "subject_uscc"),
    ("evidence not in its written form", _cell("evidence", "certificate：X-1"), "evidence"),
]


@pytest.mark.parametrize("what", [case[0] for case in BAD])
def test_a_decision_breaking_a_rule_is_refused_by_sheet_row_and_column(
        tmp_path: Path, world: tuple[Registry, Site], what: str) -> None:
    peer, receiver = world
    _what, edit, key = next(case for case in BAD if case[0] == what)
    path = hostile.signed_bundle(peer, tmp_path / "bad.xlsx", edit=edit)
    reason = refused(receiver, path, "bundle.decision_rule", "en")
    assert hostile.cell_place(DECISIONS, 2, key) in reason, reason


def test_the_cli_names_the_cell_and_the_rule_in_one_line(tmp_path: Path, world: tuple[Registry, Site]) -> None:
    peer, receiver = world
    bad = hostile.signed_bundle(peer, tmp_path / "bad.xlsx", edit=_cell("discipline", "99"))
    line = one_error(cli(receiver, "import", str(bad), "--yes"))
    assert "工作表“互认决定 Recognition decisions”第 2 行“学科代码 Discipline”：未知的学科代码“99”" in line, line


def test_the_recorder_cannot_export_a_decision_its_receivers_would_refuse(tmp_path: Path) -> None:
    peer = _recorder(tmp_path)
    with peer.engine.begin() as conn:  # changed behind decisions add's back
        conn.execute(text("UPDATE recognition_decision SET discipline = '99'"))
    with pytest.raises(DomainError) as err:
        exchange.export_bundle(peer, tmp_path / "a.xlsx", hostile.PASSPHRASE)
    assert err.value.code == "export.bad_decision"
    assert "column '学科代码 Discipline'" in err.value.render("en") and not (tmp_path / "a.xlsx").exists()
    # the rule broken in the language of the message around it (was always the registry's: 未知的学科代码)
    assert "unknown discipline '99'" in err.value.render("en"), err.value.render("en")
    assert "未知的学科代码“99”" in err.value.render("zh")


def test_a_dry_run_names_the_decision_a_bundle_brings(tmp_path: Path) -> None:
    """``import --dry-run`` lists a peer's decision as one, in either language (it stopped with
    "internal error: 'decision'" before)."""
    peer = _recorder(tmp_path)
    receiver = hostile.receiver(tmp_path, peer)
    try:
        sent = str(hostile.signed_bundle(peer, tmp_path / "a1.xlsx"))
        zh = cli(receiver, "--lang", "zh", "import", sent, "--dry-run")
        assert zh.code == 0 and f"  + 互认决定 {INSTITUTES['B'][0]}" in zh.out, zh.err
        en = cli(receiver, "--lang", "en", "import", sent, "--dry-run")
        assert en.code == 0 and f"  + recognition decision {INSTITUTES['B'][0]}" in en.out, en.err
    finally:
        receiver.reg.close()
        peer.close()
