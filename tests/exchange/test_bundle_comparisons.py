"""Bundle format 4: the comparisons an institute piloted travel in its bundle, signed.

The receiver judges every result again (:mod:`labregistry.exchange.comparisons`): a peer's
software may sign whatever it likes with its real key (:mod:`tests.exchange.hostile`), so a
score that is not what the result, its U and the reference value give, a verdict the score
does not give, an unknown kind or criterion, or a repeated result is refused naming sheet, row,
column and rule, the receiver's database exactly as it was. A later bundle without a
comparison withdraws it, as any record.
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
from labregistry.services import comparisons, exchange
from tests.exchange import hostile
from tests.exchange.sites import Site, cli, one_error, refused
from tests.interlab.tables import HEADER, write_table

RESULTS = schema.COMPARISON_RESULTS
PILOT = "浙江省计量科学研究院"  # hostile.peer's name


def _pilot(tmp: Path) -> Registry:
    reg = hostile.peer(tmp)
    header = [(k, PILOT if k == "主导实验室" else v) for k, v in HEADER]
    comparisons.import_results_table(reg, write_table(tmp / "results.xlsx", header=header))
    return reg


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Registry, Site]]:
    """A pilot and a receiver trusting it, shared by the tests whose bundles are all refused."""
    tmp = tmp_path_factory.mktemp("comparison-refusals")
    peer = _pilot(tmp)
    site = hostile.receiver(tmp, peer)
    yield peer, site
    site.reg.close()
    peer.close()


def test_a_comparison_travels_is_judged_alike_and_is_withdrawn_by_a_bundle_without_it(tmp_path: Path) -> None:
    peer = _pilot(tmp_path)
    receiver = hostile.receiver(tmp_path, peer)
    sent = hostile.signed_bundle(peer, tmp_path / "a1.xlsx")
    check = exchange.verify_bundle(receiver.reg, sent)
    assert check.valid and check.to_json()["format_version"] == 5
    assert (check.to_json()["counts"]["comparison"], check.to_json()["counts"]["comparison_result"]) == (1, 5)
    assert exchange.import_bundle(receiver.reg, sent).applied
    assert comparisons.list_comparisons(receiver.reg) == comparisons.list_comparisons(peer)

    with peer.engine.begin() as conn:
        conn.execute(text("DELETE FROM comparison"))
    later = exchange.import_bundle(receiver.reg, hostile.signed_bundle(peer, tmp_path / "a2.xlsx", seq=2))
    assert later.plan is not None and later.plan.counts() == {"added": 0, "changed": 0, "withdrawn": 1}
    assert [c.label for c in later.plan.withdrawn] == ["CSJ-DCV-2026-01"]
    assert comparisons.list_comparisons(receiver.reg) == []


def test_a_changed_comparisons_preview_says_its_kind_in_words(tmp_path: Path) -> None:
    """A pilot's later bundle calls the comparison a proficiency test: ``import --dry-run`` says
    计量比对 → 能力验证 (proficiency test), never the stored keys ``comparison`` → ``proficiency``;
    the keys stored after the merge are the bundle's."""
    peer = _pilot(tmp_path)
    receiver = hostile.receiver(tmp_path, peer)
    try:
        assert exchange.import_bundle(receiver.reg, hostile.signed_bundle(peer, tmp_path / "a1.xlsx")).applied
        with peer.engine.begin() as conn:
            conn.execute(text("UPDATE comparison SET kind = 'proficiency'"))
        sent = str(hostile.signed_bundle(peer, tmp_path / "a2.xlsx", seq=2))
        zh = cli(receiver, "--lang", "zh", "import", sent, "--dry-run")
        assert zh.code == 0 and "类型：计量比对 → 能力验证" in zh.out, zh.out + zh.err
        en = cli(receiver, "--lang", "en", "import", sent, "--dry-run")
        assert en.code == 0 and "kind: interlaboratory comparison → proficiency test" in en.out, en.out + en.err
        assert exchange.import_bundle(receiver.reg, sent).applied
        with receiver.reg.engine.connect() as conn:
            assert conn.execute(text("SELECT kind, criterion FROM comparison")).all() == [("proficiency", "en")]
    finally:
        receiver.reg.close()
        peer.close()


def _cell(key: str, value: object, row: int = 1) -> Callable[[hostile.Rows], None]:
    sheet = schema.COMPARISONS if key in schema.COMPARISONS.keys and key != "uid" else RESULTS
    return lambda rows: hostile.set_cell(rows, sheet, 0 if sheet is schema.COMPARISONS else row, key, value)


BAD: list[tuple[str, Callable[[hostile.Rows], None], str, str, str, str]] = [
    # (what, edit, code, sheet, row, column key)
    ("a score the numbers do not give", _cell("score", 0.9), "bundle.comparison_rule", RESULTS.spec.name, "3", "score"),
    ("a verdict the score does not give", _cell("verdict", "unsatisfactory"), "bundle.comparison_rule",
     RESULTS.spec.name, "3", "verdict"),
    ("questionable under En", _cell("verdict", "questionable"), "bundle.comparison_rule", RESULTS.spec.name, "3",
     "verdict"),
    ("a reference value that moves every score", _cell("reference_value", 1.00001), "bundle.comparison_rule",
     RESULTS.spec.name, "2", "score"),
    ("an unknown criterion", _cell("criterion", "t"), "bundle.comparison_choice", schema.COMPARISONS.spec.name, "2",
     "criterion"),
    ("an unknown verdict", _cell("verdict", "ok"), "bundle.comparison_choice", RESULTS.spec.name, "3", "verdict"),
    ("a repeated result", lambda r: r[RESULTS.spec.name].append(list(r[RESULTS.spec.name][1])),
     "bundle.comparison_position", RESULTS.spec.name, "7", "position"),
    ("a result of no comparison", _cell("comparison_uid", "f" * 32), "bundle.bad_link", RESULTS.spec.name, "3",
     "comparison_uid"),
    ("an En of 1.004 stated as 1.0 (reads satisfactory) with the verdict unsatisfactory",
     lambda r: [_cell(k, v)(r) for k, v in (("value", 1.0000064067), ("score", 1.0), ("verdict", "unsatisfactory"))],
     "bundle.comparison_rule", RESULTS.spec.name, "3", "score"),
    ("a participant listed twice in one comparison", _cell("institute_name", "上海市计量测试技术研究院 "),
     "bundle.comparison_repeated", RESULTS.spec.name, "3", "institute_name"),
    ("a participant's USCC listed twice in one comparison", _cell("institute_uscc", hostile.PEER_USCC, row=3),
     "bundle.comparison_repeated", RESULTS.spec.name, "5", "institute_uscc"),
    ("a participant's USCC that is not one", _cell("institute_uscc", "12330000470040568X", row=2),
     "bundle.comparison_rule", RESULTS.spec.name, "4", "institute_uscc"),
    ("a participant's USCC not in its written form", _cell("institute_uscc", "12330000470040568f", row=2),
     "bundle.comparison_rule", RESULTS.spec.name, "4", "institute_uscc"),
    ("an end before the start", _cell("ended_on", dt.date(2025, 1, 1)), "bundle.comparison_rule",
     schema.COMPARISONS.spec.name, "2", "ended_on"),
    ("a report before the start", _cell("report_on", dt.date(2025, 1, 1)),
     "bundle.comparison_rule", schema.COMPARISONS.spec.name, "2", "report_on"),
    ("a U whose square overflows a float", _cell("uncertainty", 1e200), "bundle.comparison_rule", RESULTS.spec.name,
     "3", "score"),
    # format 5: an outside pilot's name and code
    ("an outside pilot's name with a bidi override", _cell("pilot_name", "中国\u202e计量科学研究院"),
     "bundle.unsafe_text", schema.COMPARISONS.spec.name, "2", "pilot_name"),
    ("an outside pilot's name with a C1 control", _cell("pilot_name", "中国计量\u009b科学研究院"),
     "bundle.unsafe_text", schema.COMPARISONS.spec.name, "2", "pilot_name"),
    ("a pilot's code without the pilot's name", _cell("pilot_code", "CCEM-K4"), "bundle.comparison_rule",
     schema.COMPARISONS.spec.name, "2", "pilot_code"),
    ("the issuer's own USCC as an outside pilot's code",
     lambda r: [_cell(k, v)(r) for k, v in (("pilot_name", "中国计量科学研究院"), ("pilot_code", hostile.PEER_USCC))],
     "bundle.comparison_rule", schema.COMPARISONS.spec.name, "2", "pilot_code"),
]


@pytest.mark.parametrize("what", [case[0] for case in BAD])
def test_a_result_the_numbers_contradict_is_refused_by_sheet_row_and_column(
        tmp_path: Path, world: tuple[Registry, Site], what: str) -> None:
    peer, receiver = world
    _what, edit, code, sheet_name, row, key = next(case for case in BAD if case[0] == what)
    reason = refused(receiver, hostile.signed_bundle(peer, tmp_path / "bad.xlsx", edit=edit), code, "en")
    assert hostile.cell_place(schema.BY_NAME[sheet_name], row, key) in reason, reason


def test_the_cli_names_the_cell_and_the_rule_in_one_line(tmp_path: Path, world: tuple[Registry, Site]) -> None:
    peer, receiver = world
    bad = hostile.signed_bundle(peer, tmp_path / "bad.xlsx", edit=_cell("verdict", "unsatisfactory"))
    line = one_error(cli(receiver, "import", str(bad), "--yes"))
    assert "工作表“比对结果 Comparison results”第 3 行“结论 Verdict”：结论为“不满意”，而En值 = 0.19 的结论是“满意”" in line, line


def test_the_pilot_cannot_export_a_comparison_its_receivers_would_refuse(tmp_path: Path) -> None:
    peer = _pilot(tmp_path)
    with peer.engine.begin() as conn:  # changed behind the importer's back
        conn.execute(text("UPDATE comparison_result SET verdict = 'unsatisfactory' WHERE position = 1"))
    with pytest.raises(DomainError) as err:
        exchange.export_bundle(peer, tmp_path / "a.xlsx", hostile.PASSPHRASE)
    assert err.value.code == "export.bad_comparison"
    assert "row 3 column '结论 Verdict'" in err.value.render("en") and not (tmp_path / "a.xlsx").exists()
