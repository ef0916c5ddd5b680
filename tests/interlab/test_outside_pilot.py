"""A comparison piloted outside the registry (docs/comparisons.md): recorded by a participant of
the registry from the published results table, the pilot a name and an optional code; refused
when the pilot is in fact an institute of the registry, when the recorder did not take part, or
when the pilot's name would deceive, with the database unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from labregistry.errors import DomainError
from labregistry.services import comparisons, exchange
from tests.exchange.sites import Site, cli, db_state, make_site, one_error
from tests.interlab.tables import A, B, C, write_table

NIM = "中国计量科学研究院"
NIM_USCC = "12100000400000624D"  # not an institute of the registry
COLUMNS = ["实验室代码", "参加实验室", "测得值(pF)", "扩展不确定度U/(fF)", "k", "En值", "结论", "计量标准证书编号"]
# En = (x - X)/sqrt(U^2 + Uref^2) with X = 10.000012 pF, U_ref = 0.3 fF = 0.0003 pF
ROWS: list[list[Any]] = [
    ["CN-1", A[0], 10.000309, 0.5, 2, 0.51, "满意", "[2024]沪量标证字第0900号"],
    ["CN-2", B[0], 9.999812, 0.4, 2, -0.40, "满意", "[2023]苏量标证字第0321号"],
    ["CN-3", C[0], 10.000812, 0.5, 2, 1.37, "不满意", None],
]


def nim_header(pilot: str = NIM, code: tuple[str, str] | None = ("主导实验室标识", "CCEM-K4.2017"),
               reference: str = "10.000012 pF") -> list[tuple[str, Any]]:
    header = [("比对名称", "10 pF 电容国际关键比对（国内参加者结果）"), ("比对编号", "CCEM-K4.2017"), ("主导实验室", pilot),
              ("组织机构", "CCEM"), ("被测量", "电容"), ("报告日期", "2025-03-31"), ("参考值", reference),
              ("参考值扩展不确定度", "0.3 fF")]
    return [*header, code] if code else header


def nim_table(path: Path, header: list[tuple[str, Any]] | None = None, rows: list[list[Any]] | None = None) -> Path:
    return write_table(path, header or nim_header(), COLUMNS, rows or ROWS, title="比对结果汇总表")


@pytest.fixture
def a(tmp_path: Path) -> Site:
    return make_site(tmp_path, "A")


def _refused(site: Site, path: Path) -> DomainError:
    before = db_state(site.reg)
    with pytest.raises(DomainError) as caught:
        comparisons.import_results_table(site.reg, path)
    assert db_state(site.reg) == before
    return caught.value


def test_a_participant_records_a_comparison_piloted_outside_the_registry(a: Site, tmp_path: Path) -> None:
    result = cli(a, "comparisons", "import-excel", str(nim_table(tmp_path / "k4.xlsx")), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["participants"] == 3
    [item] = cli(a, "comparisons", "list", "--json").json()
    assert (item["pilot_outside"], item["pilot_name"], item["pilot_code"], item["pilot_uscc"]) == (
        True, NIM, "CCEM-K4.2017", None)
    assert (item["recorded_by"], item["recorded_by_name"], item["same_as"], item["disagrees_with"]) == (
        A[1], A[0], [], [])
    assert [(p["lab_code"], p["en"], p["verdict"]) for p in item["participants"]] == [
        ("CN-1", 0.51, "satisfactory"), ("CN-2", -0.4, "satisfactory"), ("CN-3", 1.37, "unsatisfactory")]
    listed = cli(a, "comparisons", "list")
    assert listed.code == 0, listed.err
    lines = listed.out.splitlines()
    assert len(lines) == 1 and f"主导：{NIM}（库外，录入：{A[0]}）" in lines[0], lines
    english = cli(a, "--lang", "en", "comparisons", "list").out
    assert f"pilot: {NIM} (outside the registry, recorded by {A[0]})" in english, english


def test_an_outside_pilots_uscc_is_its_code(a: Site, tmp_path: Path) -> None:
    header = nim_header(code=("主导实验室统一社会信用代码", NIM_USCC))
    comparisons.import_results_table(a.reg, nim_table(tmp_path / "k4.xlsx", header))
    [item] = comparisons.list_comparisons(a.reg)
    assert (item["pilot_name"], item["pilot_code"], item["pilot_uscc"]) == (NIM, NIM_USCC, NIM_USCC)


def test_an_outside_pilot_whose_code_is_a_registry_institutes_uscc_is_refused(a: Site, tmp_path: Path) -> None:
    """A claims an outside pilot 'NIM' whose code is in fact B's USCC, B being an institute of A's
    registry: that would pass B's comparison off as recorded outside B's bundle."""
    b = make_site(tmp_path, "B")
    a.trust(b, tmp_path)
    assert exchange.import_bundle(a.reg, b.export(tmp_path / "b.xlsx")).applied
    for label in ("主导实验室统一社会信用代码", "主导实验室标识"):
        error = _refused(a, nim_table(tmp_path / "k4.xlsx", nim_header(code=(label, B[1]))))
        assert error.code == "comparison.pilot_in_registry"
        message = error.render("zh")
        assert f"代码 {B[1]} 是本库机构“{B[0]}”的统一社会信用代码" in message and "k4.xlsx" in message, message


def test_an_outside_comparison_the_own_institute_did_not_take_part_in_is_refused(a: Site, tmp_path: Path) -> None:
    error = _refused(a, nim_table(tmp_path / "k4.xlsx", rows=ROWS[1:]))
    assert error.code == "comparison.not_participant"
    assert f"本机构（{A[0]}）不在参加实验室中" in error.render("zh")


@pytest.mark.parametrize("bad", ["中国\u202e计量科学研究院", "中国\u2067计量科学研究院", "中国计量\u200b科学研究院",
                                 "\u009b31m中国计量科学研究院"])
def test_a_pilot_name_with_bidi_or_control_characters_is_refused_at_its_cell(
        a: Site, tmp_path: Path, bad: str) -> None:
    path = nim_table(tmp_path / "k4.xlsx", nim_header(pilot=bad))
    before = db_state(a.reg)
    line = one_error(cli(a, "comparisons", "import-excel", str(path)))
    assert "k4.xlsx" in line and "第 4 行" in line and "“主导实验室”" in line and "U+" in line, line
    assert db_state(a.reg) == before


@pytest.mark.parametrize("written", [A[1], A[1].lower()])
def test_the_own_uscc_as_the_pilots_code_makes_the_own_institute_the_pilot(a: Site, tmp_path: Path,
                                                                          written: str) -> None:
    """The own USCC in 主导实验室标识 (not only in the pilot's USCC row): the own comparison,
    recorded as its pilot, not refused as another registry institute's."""
    header = nim_header(pilot="上海计量院", code=("主导实验室标识", written))  # a short name: the code says who
    comparisons.import_results_table(a.reg, nim_table(tmp_path / "own.xlsx", header))
    [item] = cli(a, "comparisons", "list", "--json").json()
    assert (item["pilot_outside"], item["recorded_by"], item["pilot_code"]) == (False, A[1], None)
