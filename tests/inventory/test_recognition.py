"""Mutual recognition and coverage over the hand-made region, against hand-computed answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from labregistry.domain.codes import DISCIPLINES
from labregistry.errors import DomainError
from labregistry.services import catalogues, inventory
from tests.inventory.region import ON, USCC, Region


def test_equivalents_of_a_pressure_standard(region: Region) -> None:
    # A1: 精密压力表 12113200, (0~60) MPa, 0.05级. At the other institutes:
    #   B2 same code, 0.25级 (worse), valid          -> basis code
    #   C1 same code, 0.05级 (equal), expired        -> basis code, not valid
    #   B1 12113100, 0.1~100 MPa overlaps, 0.02级 better over (0.1~60) MPa, valid -> basis quantity, partial
    #   C2 12113100, 0.1~6 MPa overlaps, 0.02级 better over (0.1~6) MPa, valid    -> basis quantity, partial
    #   (neither measures 0~0.1 MPa: never "better" over A1's whole range, trial 9)
    #   A4 is A's own (not another institute); D has no pressure standard.
    # Order: valid, same code, better accuracy, the smaller error (C2 errs 0.00118 MPa, B1 0.01998 MPa:
    # a class is an error of its own span), province.
    data = inventory.equivalents(region.home, "[2022]沪量标证字第0001号", valid_on=ON)
    got = [(e["certificate_no"], e["basis"], e["accuracy"], e["valid"]) for e in data["equivalents"]]
    assert got == [
        ("[2023]苏量标证字第0102号", "code", "worse", True),
        ("[2024]浙量标证字第0202号", "quantity", "partial", True),
        ("[2022]苏量标证字第0101号", "quantity", "partial", True),
        ("[2019]浙量标证字第0201号", "code", "equal", False),
    ]
    parts = {e["certificate_no"]: (e["covered_part"], e["accuracy_in_part"], e["accuracy_note"].render("zh"))
             for e in data["equivalents"]}
    assert parts["[2024]浙量标证字第0202号"] == ("(0.1~6)MPa", "better", "仅覆盖部分范围 (0.1~6)MPa，在该范围内准确度更高")
    assert parts["[2022]苏量标证字第0101号"][:2] == ("(0.1~60)MPa", "better")
    assert parts["[2023]苏量标证字第0102号"] == (None, None, "准确度较低")
    assert data["equivalents"][1]["covered_range"] == {"min": 1e5, "max": 6e6, "unit": "Pa"}
    assert data["counts"] == {"total": 4, "valid": 3, "usable": 3, "shown": 4, "institutes": 2}
    assert data["standard"]["valid"] is True
    # on 2022-06-01: C1 was valid, C2 not yet issued, A1 (issued 2022-01-10) valid
    later = inventory.equivalents(region.home, "[2022]沪量标证字第0001号", valid_on="2022-06-01")
    assert {e["certificate_no"]: e["valid"] for e in later["equivalents"]} == {
        "[2023]苏量标证字第0102号": False, "[2022]苏量标证字第0101号": True, "[2024]浙量标证字第0202号": False,
        "[2019]浙量标证字第0201号": True}


def test_equivalents_need_comparable_or_better_accuracy(region: Region) -> None:
    # B2 (0.25级 on 0-60 MPa: errs 0.15 MPa): A1 and C1 are better (0.05级: 0.03 MPa) and same code;
    # C2 (0.02级 on 0.1-6 MPa: 0.00118 MPa, code 12113100) better; A4 (U = 5 kPa) is an error of
    # 0.005 MPa at every value: better too (docs/comparison.md; a class is no longer incomparable).
    data = inventory.equivalents(region.home, "[2023]苏量标证字第0102号", valid_on=ON)
    assert sorted(e["certificate_no"] for e in data["equivalents"]) == sorted(
        ["[2022]沪量标证字第0001号", "[2019]浙量标证字第0201号", "[2024]浙量标证字第0202号", "[2024]沪量标证字第0004号"])
    a4 = next(e for e in data["equivalents"] if e["certificate_no"] == "[2024]沪量标证字第0004号")
    assert (a4["basis"], a4["accuracy"]) == ("quantity", "better")
    # B1 is at B itself; A4 absent
    # D1 (铂电阻, U=0.02 K): A3 same code, 0.03 K -> worse, still listed by code; C3 (二等, other code) not comparable
    d1 = inventory.equivalents(region.home, "[2024]皖量标证字第0301号", valid_on=ON)
    assert [(e["certificate_no"], e["accuracy"]) for e in d1["equivalents"]] == [("[2023]沪量标证字第0003号", "worse")]
    # A3 (0.03 K on -60~420 ℃): D1 same code, better, but over (0~419.527) ℃ only: partial
    a3 = inventory.equivalents(region.home, "[2023]沪量标证字第0003号", valid_on=ON)
    assert [(e["certificate_no"], e["basis"], e["accuracy"], e["covered_part"], e["accuracy_in_part"])
            for e in a3["equivalents"]] == [("[2024]皖量标证字第0301号", "code", "partial", "(0~419.527)℃", "better")]


def test_reference_by_id_and_unknown_reference(region: Region) -> None:
    sid = inventory.resolve_standard(region.home, "[2024]苏量标证字第0103号")
    data = inventory.equivalents(region.home, str(sid), valid_on=ON)
    # B3 (数字多用表, MPE ±0.002 %): A2 same code (Urel 1.2e-5, better), expired on ON
    assert [(e["certificate_no"], e["valid"], e["accuracy"]) for e in data["equivalents"]] == [
        ("[2021]沪量标证字第0002号", False, "better")]
    with pytest.raises(DomainError) as err:
        inventory.equivalents(region.home, "[1999]不存在第1号")
    assert err.value.code == "inventory.standard_not_found"
    assert inventory.resolve_standard(region.home, "[2024]苏量标证字第0103号", USCC["B"]) == sid


def test_coverage_per_discipline_and_province(region: Region) -> None:
    # valid public standards on ON:
    #   上海: A1 (12), A3 (04), A4 (12); A2 (15) expired
    #   江苏: B1, B2 (12), B3 (15)
    #   浙江: C2 (12); C1 expired; C3 is a department standard
    #   安徽: D1 (04)
    data = inventory.coverage(region.home, valid_on=ON)
    grid = {r["discipline"]: r["counts"] for r in data["disciplines"]}
    assert grid["12"] == {"上海": 2, "江苏": 2, "浙江": 1, "安徽": 0}
    assert grid["04"] == {"上海": 1, "江苏": 0, "浙江": 0, "安徽": 1}
    assert grid["15"] == {"上海": 0, "江苏": 1, "浙江": 0, "安徽": 0}
    assert all(sum(grid[d].values()) == 0 for d in DISCIPLINES if d not in ("04", "12", "15"))
    assert data["total"] == 8 and data["province_totals"] == {"上海": 3, "江苏": 3, "浙江": 1, "安徽": 1}
    gaps = {(g["discipline"], g["province"]) for g in data["gaps"]}
    assert len(gaps) == len(DISCIPLINES) * 4 - 6
    assert ("12", "安徽") in gaps and ("15", "上海") in gaps and ("12", "浙江") not in gaps
    # in 2021 (2021-06-01) only A2 was valid (C1 too: 浙江 12)
    early = inventory.coverage(region.home, valid_on="2021-06-01")
    assert early["total"] == 2
    assert {(r["discipline"], p) for r in early["disciplines"] for p, n in r["counts"].items() if n} == {
        ("15", "上海"), ("12", "浙江")}


def test_region_lists_every_institute_with_its_provenance(region: Region) -> None:
    rows = inventory.region(region.home)
    assert rows[0]["institute_uscc"] == USCC["A"]
    got = {r["institute_uscc"]: (r["signature"], r["bundle_seq"], r["stale"], r["standards"]) for r in rows}
    assert got == {USCC["A"]: ("own", None, False, 4), USCC["B"]: ("verified", 1, False, 3),
                   USCC["C"]: ("verified", 1, False, 3), USCC["D"]: ("verified", 1, False, 1)}


def test_a_standard_whose_main_instrument_is_overdue_is_marked_and_listed_after_the_usable(region: Region) -> None:
    # On 2026-05-01 B2 (精密压力表, valid until 2026-12-31) is still valid, but its main standard
    # instrument was due for calibration on 2026-03-31: it needs recalibration, it is not usable.
    # C2 (活塞式压力计, valid until 2028-05-31, no instruments recorded) stays usable.
    data = inventory.equivalents(region.home, "[2022]沪量标证字第0001号", valid_on="2026-05-01")
    by_no = {e["certificate_no"]: e for e in data["equivalents"]}
    b2, c2 = by_no["[2023]苏量标证字第0102号"], by_no["[2024]浙量标证字第0202号"]
    assert (b2["valid"], b2["needs_recalibration"], b2["usable"]) == (True, True, False)
    assert str(b2["main_calibration_due"]) == "2026-03-31"
    assert (c2["valid"], c2["needs_recalibration"], c2["usable"]) == (True, False, True)
    order = [e["certificate_no"] for e in data["equivalents"]]
    assert order.index(c2["certificate_no"]) < order.index(b2["certificate_no"])
    assert data["counts"]["valid"] == 2 and data["counts"]["usable"] == 1


def test_coverage_per_catalogue_code_of_a_discipline(region: Region, tmp_path: Path) -> None:
    # the catalogue lists four items of 12 力学; the valid public standards on ON (see above):
    #   12113100: B1 (江苏), C2 (浙江); 12113200: A1 (上海), B2 (江苏); 12113300: A4 (上海); 12119000: none
    wb = Workbook()
    ws = wb.active
    ws.title = "代码 Codes"
    for row in (["代码 Code", "名称 Name"], ["12113100", "活塞式压力计"], ["12113200", "精密压力表"],
                ["12113300", "数字压力计"], ["12119000", "其他压力"], ["15113100", "数字多用表"]):
        ws.append(row)
    wb.save(tmp_path / "codes.xlsx")
    catalogues.import_excel(region.home, tmp_path / "codes.xlsx")

    data = inventory.code_coverage(region.home, "12", valid_on=ON)
    grid = {r["code"]: r["counts"] for r in data["codes"]}
    assert list(grid) == ["12113100", "12113200", "12113300", "12119000"]
    assert grid["12113100"] == {"上海": 0, "江苏": 1, "浙江": 1, "安徽": 0}
    assert grid["12113200"] == {"上海": 1, "江苏": 1, "浙江": 0, "安徽": 0}
    assert grid["12113300"] == {"上海": 1, "江苏": 0, "浙江": 0, "安徽": 0}
    assert data["region_gaps"] == ["12119000"]
    assert len(data["gaps"]) == 4 * 4 - 5 and {"code": "12113300", "name": "数字压力计", "province": "江苏"} in data["gaps"]
