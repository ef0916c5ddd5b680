"""A comparison piloted outside the registry, end to end (docs/comparisons.md): a NIM key
comparison with three participants of the registry, recorded at home A from the published
table, travels in A's format-5 bundle to B and C, and is shown there in the list, on the
standards and in recognition with its results; B records the same comparison itself: shown
once, B's own result preferred; C's transcription with another reference value is listed apart.
A bundle whose outside pilot is in fact an institute of the receiver's registry is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from labregistry.exchange import schema
from labregistry.services import comparisons, exchange, records, region_report
from tests.exchange import hostile
from tests.exchange.sites import INSTITUTES, Site, cli, db_state, make_site, reason
from tests.interlab.tables import write_table

NIM = "中国计量科学研究院"
A, B, C = (INSTITUTES[k][:2] for k in "ABC")
A_CERT, B_CERT = "[2024]沪量标证字第0900号", "[2023]苏量标证字第0321号"
COLUMNS = ["实验室代码", "参加实验室", "统一社会信用代码", "测得值(pF)", "扩展不确定度U/(fF)", "k", "En值", "结论",
           "计量标准证书编号"]
# X = 10.000012 pF, U_ref = 0.3 fF: En = (x - X)/sqrt(U^2 + U_ref^2)
AS_PUBLISHED: list[list[Any]] = [
    ["CN-1", A[0], A[1], 10.000309, 0.5, 2, 0.51, "满意", A_CERT],
    ["CN-2", B[0], B[1], 9.999812, 0.4, 2, -0.40, "满意", B_CERT],
    ["CN-3", C[0], C[1], 10.000812, 0.5, 2, 1.37, "不满意", None],
]


def header(reference: str = "10.000012 pF") -> list[tuple[str, Any]]:
    return [("比对名称", "10 pF 电容国际关键比对"), ("比对编号", "CCEM-K4.2017"), ("主导实验室", NIM),
            ("主导实验室标识", "CCEM-K4.2017"), ("被测量", "电容"), ("报告日期", "2025-03-31"),
            ("参考值", reference), ("参考值扩展不确定度", "0.3 fF")]


def record(site: Site, path: Path, rows: list[list[Any]], reference: str = "10.000012 pF") -> None:
    comparisons.import_results_table(site.reg, write_table(path, header(reference), COLUMNS, rows))


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("outside-pilot")
    a, b, c = (make_site(tmp, k) for k in "ABC")
    records.create_standard(a.reg, hostile.standard("精密压力表标准装置", A_CERT))
    records.create_standard(b.reg, hostile.standard("精密压力表标准装置", B_CERT))
    for x in (a, b, c):
        for y in (a, b, c):
            if x is not y:
                x.trust(y, tmp)
    record(a, tmp / "k4-a.xlsx", AS_PUBLISHED)
    a_bundle = a.export(tmp / "a.xlsx")
    # B's own transcription: its own result as its report gives it (A typed 9.999812, B has 9.999822)
    own_b = [list(r) for r in AS_PUBLISHED]
    own_b[1][3:7] = [9.999822, 0.4, 2, -0.38]
    record(b, tmp / "k4-b.xlsx", own_b)
    b_bundle = b.export(tmp / "b.xlsx")
    return {"tmp": tmp, "a": a, "b": b, "c": c, "a_bundle": a_bundle, "b_bundle": b_bundle}


def test_a_records_it_and_its_format_5_bundle_carries_the_outside_pilot(region: dict[str, Any]) -> None:
    c: Site = region["c"]
    verified = cli(c, "verify", str(region["a_bundle"]), "--json").json()
    assert verified["valid"] and verified["format_version"] == 5
    assert (verified["counts"]["comparison"], verified["counts"]["comparison_result"]) == (1, 3)
    ws = openpyxl.load_workbook(region["a_bundle"])[schema.COMPARISONS.spec.name]
    header_row = [cell.value for cell in ws[1]]
    assert header_row[-2:] == ["库外主导实验室 Outside pilot", "主导实验室代码 Pilot code"]
    assert [cell.value for cell in ws[2]][-2:] == [NIM, "CCEM-K4.2017"]


def test_b_and_c_import_it_and_show_it_once_with_each_participants_own_result(region: dict[str, Any]) -> None:
    """One scenario in steps (each needs the one before; a test of its own could run in another
    worker): B and C import A's record, then C B's own record, then C records it itself."""
    b, c = region["b"], region["c"]
    assert exchange.import_bundle(c.reg, region["a_bundle"]).applied
    [item] = cli(c, "comparisons", "list", "--json").json()
    assert (item["pilot_outside"], item["pilot_name"], item["pilot_code"], item["recorded_by"]) == (
        True, NIM, "CCEM-K4.2017", A[1])
    assert [(p["institute_uscc"], p["en"]) for p in item["participants"]] == [(A[1], 0.51), (B[1], -0.4),
                                                                              (C[1], 1.37)]
    standards = cli(c, "list", "standards", "--institute", A[1], "--json").json()
    [shown] = standards[0]["comparisons"]
    assert (shown["scheme_no"], shown["pilot_name"], shown["pilot_outside"], shown["en"]) == (
        "CCEM-K4.2017", NIM, True, 0.51)
    trace = cli(c, "trace", A_CERT).out
    assert f"比对：CCEM-K4.2017（主导：{NIM}，2025-03-31，满意）" in trace, trace
    # B: its standard's result as A transcribed it, until B's own record comes
    assert exchange.import_bundle(b.reg, region["a_bundle"]).applied
    assert exchange.import_bundle(c.reg, region["b_bundle"]).applied

    # C holds A's record and B's: shown once, each participant's own result preferred
    listed = cli(c, "comparisons", "list", "--json").json()
    assert sorted(i["recorded_by"] for i in listed) == sorted([A[1], B[1]])
    assert all(len(i["same_as"]) == 1 and i["disagrees_with"] == [] for i in listed)
    lines = cli(c, "comparisons", "list").out.splitlines()
    assert len(lines) == 1 and f"主导：{NIM}（库外，录入：" in lines[0] and "参加 3 家，满意 2" in lines[0], lines
    b_standard = cli(c, "list", "standards", "--institute", B[1], "--json").json()[0]
    assert [(r["scheme_no"], r["en"], r["recorded_by"]) for r in b_standard["comparisons"]] == [
        ("CCEM-K4.2017", -0.38, B[1])]  # B's own record, not A's -0.40
    a_standard = cli(c, "list", "standards", "--institute", A[1], "--json").json()[0]
    assert [(r["en"], r["recorded_by"]) for r in a_standard["comparisons"]] == [(0.51, A[1])]
    recognition = cli(c, "recognition", A_CERT).out.splitlines()
    equivalent = next(line for line in recognition if B_CERT in line)
    assert equivalent.endswith(f"\t比对 1 次，满意 1（库外主导：{NIM}）"), recognition  # once, not twice
    found = {s["certificate_no"]: s["comparisons"] for s in cli(c, "search", "精密压力表", "--json").json()}
    assert found[B_CERT] == {"count": 1, "satisfactory": 1, "outside_pilots": [NIM]}, found
    report = region_report.build(c.reg, on=dt.date(2025, 6, 1), language="zh")
    total = next(s for s in report.sections if s.key == "comparisons").rows[-1]
    assert (total["comparisons"], total["results"]) == (1, 3)

    # C transcribes it itself with another reference value: listed apart, never merged
    record(c, region["tmp"] / "k4-c.xlsx", AS_PUBLISHED, reference="10.000013 pF")  # C read another X
    listed = cli(c, "comparisons", "list", "--json").json()
    mine = next(i for i in listed if i["recorded_by"] == C[1])
    assert mine["same_as"] == [] and len(mine["disagrees_with"]) == 2
    lines = cli(c, "comparisons", "list").out.splitlines()
    assert len(lines) == 2, lines
    apart = next(line for line in lines if "录入：" + C[0] in line)
    assert "不一致" in apart and A[0] in apart and B[0] in apart, apart


def test_a_bundle_whose_outside_pilot_is_an_institute_of_the_receivers_registry_is_refused(
        region: dict[str, Any]) -> None:
    """A peer (a participant, unaware of B) records the NIM comparison and its bundle says the
    outside pilot's code is B's USCC; the receiver D knows B: refused, naming the cell."""
    tmp = region["tmp"]
    c = make_site(tmp, "D")
    c.trust(region["b"], tmp)
    assert exchange.import_bundle(c.reg, region["b_bundle"]).applied
    peer = hostile.peer(tmp, name="某市计量测试所")
    card, fingerprint = hostile.card(peer, tmp / "peer.card")
    exchange.trust_add(c.reg, card, fingerprint)
    rows = [list(r) for r in AS_PUBLISHED]
    rows[2][1:3] = ["某市计量测试所", hostile.PEER_USCC]
    comparisons.import_results_table(peer, write_table(tmp / "k4-p.xlsx", header(), COLUMNS, rows))
    lie = hostile.signed_bundle(peer, tmp / "peer.xlsx",
                                edit=lambda r: hostile.set_cell(r, schema.COMPARISONS, 0, "pilot_code", B[1]))
    before = db_state(c.reg)
    check = exchange.verify_bundle(c.reg, lie)
    assert not check.valid and check.reason_code == "bundle.comparison_pilot_in_registry", check.reason
    assert f"第 2 行“主导实验室代码 Pilot code”：库外主导实验室的代码 {B[1]} 是本库机构“{B[0]}”" in reason(check, "zh"), (
        check.reason)
    assert cli(c, "import", str(lie), "--yes").code == 1
    assert db_state(c.reg) == before
