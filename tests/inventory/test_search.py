"""Capability search over the hand-made region, on SQLite and on PostgreSQL.

The region's records and how each expected answer follows from them are in region.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sqlalchemy import text

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.inventory.criteria import build_criteria
from labregistry.inventory.textindex import INDEXES, escape_like, matching_ids, part_doc_sql
from labregistry.services import inventory
from tests.inventory.region import ON, USCC, Region


def certs(region: Region, **kw: Any) -> list[str]:
    page = inventory.search(region.home, build_criteria(**kw), limit=None)
    return [r["certificate_no"] for r in page.rows]


def names(region: Region, **kw: Any) -> list[str]:
    page = inventory.search(region.home, build_criteria(**kw), limit=None)
    return [r["name"] for r in page.rows]


# ---------------------------------------------------------------- ranges and units


def test_pressure_written_in_kpa_covers_a_range_asked_in_mpa(region: Region) -> None:
    # 0.5~60 MPa: A1, A4, B2 (0~60 MPa) and B1 (100~100000 kPa); C1 has expired; C2 stops at 6 MPa.
    found = certs(region, quantity="压力", low=0.5, high=60, unit="MPa", valid_on=ON)
    assert sorted(found) == sorted(["[2022]沪量标证字第0001号", "[2024]沪量标证字第0004号", "[2023]苏量标证字第0102号",
                                    "[2022]苏量标证字第0101号"])
    # one point, asked in kPa: C2 (0.1~6 MPa) covers 500 kPa as well
    point = certs(region, quantity="pressure", low=500, unit="kPa", valid_on=ON)
    assert "[2024]浙量标证字第0202号" in point and len(point) == 5
    # beyond every range
    assert certs(region, quantity="压力", low=0, high=150, unit="MPa") == []


def test_millivolts_and_volts_compare(region: Region) -> None:
    # A2 (0.1 mV~1000 V) and B3 ((0.1~1000000) mV) both cover 50 mV~200 V
    assert sorted(certs(region, low=50, high=200000, unit="mV")) == ["[2021]沪量标证字第0002号", "[2024]苏量标证字第0103号"]
    assert sorted(certs(region, quantity="电压", low=1, high=500, unit="V")) == \
        ["[2021]沪量标证字第0002号", "[2024]苏量标证字第0103号"]
    # on ON, A2 has expired: only B3
    assert certs(region, quantity="电压", low=1, high=500, unit="V", valid_on=ON) == ["[2024]苏量标证字第0103号"]
    assert certs(region, quantity="电压", low=1, high=2000, unit="V") == []


def test_celsius_ranges_with_their_offset(region: Region) -> None:
    # 20~300 ℃: A3 (-60~420 ℃), D1 (0~419.527 ℃), C3 (-30~300 ℃)
    assert sorted(certs(region, low=20, high=300, unit="℃")) == \
        ["[2022]浙量标证字第0203号", "[2023]沪量标证字第0003号", "[2024]皖量标证字第0301号"]
    # -50 ℃ is inside A3 only; 250 K (-23.15 ℃) is inside A3 and C3
    assert certs(region, low=-50, unit="°C") == ["[2023]沪量标证字第0003号"]
    assert sorted(certs(region, low=250, unit="K")) == ["[2022]浙量标证字第0203号", "[2023]沪量标证字第0003号"]


# ---------------------------------------------------------------- uncertainty


def test_relative_limit_is_judged_at_the_requested_values(region: Region) -> None:
    """docs/comparison.md: a class or an absolute U becomes an error at the requested values."""
    # 0.5-60 MPa at 0.05 %: at 0.5 MPa every pressure standard errs by far more (A1 0.05级: 0.03 MPa, 6 %)
    assert certs(region, quantity="压力", low=0.5, high=60, unit="MPa", max_uncertainty="0.05%", valid_on=ON) == []
    page = inventory.search(region.home, build_criteria(quantity="压力", low=50, high=60, unit="MPa",
                                                        max_uncertainty="0.05%", valid_on=ON))
    rows = i18n.render_all(page.rows, "en")  # the basis, a note the edge renders in the user's language
    # at 50 MPa: A4 U=0.005 MPa is 0.01 %; B1 0.02级 on 0.1-100 MPa errs 0.01998 MPa, 0.04 %;
    # A1 0.05级 (0.03 MPa, 0.06 %) and B2 0.25级 are worse than the limit
    assert [r["certificate_no"] for r in rows] == ["[2024]沪量标证字第0004号", "[2022]苏量标证字第0101号"]
    assert [(r["comparable"], r["comparability"]) for r in rows] == [(True, "uncertainty"), (True, "class")]
    assert rows[1]["comparability_note"] == ("compared by its accuracy class (class 0.02 = 0.02 % of span); "
                                             "±0.02 MPa (0.04%) at 50 MPa")
    assert page.total == 2 and page.not_comparable == 0


def test_the_issues_pressure_case(region: Region) -> None:
    """Issue 18: up to 6 MPa at 0.05 %. The 0.05级 (0-60) MPa gauges err 0.03 MPa there, 0.5 %: not
    found; C2, 0.02级 on (0.1~6) MPa, errs 0.00118 MPa, 0.02 %: found."""
    assert certs(region, quantity="压力", high=6, unit="MPa", max_uncertainty="0.05%") == ["[2024]浙量标证字第0202号"]
    # the old reading (a class figure taken as it is typed) would have found the 0.05级 ones too
    assert sorted(certs(region, quantity="压力", high=6, unit="MPa", max_uncertainty="0.5%")) == [
        "[2019]浙量标证字第0201号", "[2022]沪量标证字第0001号", "[2022]苏量标证字第0101号", "[2024]沪量标证字第0004号",
        "[2024]浙量标证字第0202号"]


def test_absolute_limit_is_the_largest_error_over_the_range(region: Region) -> None:
    rows = inventory.search(region.home, build_criteria(quantity="压力", low=0.5, high=60, unit="MPa",
                                                        max_uncertainty="10kPa", valid_on=ON)).rows
    # A4 U=0.005 MPa = 5 kPa <= 10 kPa; the classes err by 20 kPa (B1) and 30 kPa (A1) or more: excluded
    assert [(r["certificate_no"], r["comparable"]) for r in rows] == [("[2024]沪量标证字第0004号", True)]
    # 0.025 ℃ (a difference: 0.025 K): D1 (0.02 K) fits, A3 (0.03 K) does not; C3 (二等) is not comparable
    temps = inventory.search(region.home, build_criteria(low=20, high=300, unit="℃", max_uncertainty="0.025℃")).rows
    assert [(r["certificate_no"], r["comparable"]) for r in temps] == [("[2024]皖量标证字第0301号", True),
                                                                       ("[2022]浙量标证字第0203号", False)]
    assert temps[1]["comparability"] == "grade"
    only = inventory.search(region.home, build_criteria(low=20, high=300, unit="℃", max_uncertainty="0.025℃",
                                                        comparable_only=True)).rows
    assert [r["certificate_no"] for r in only] == ["[2024]皖量标证字第0301号"]


def test_relative_mpe_compares_with_a_relative_limit(region: Region) -> None:
    # B3 MPE ±0.002 % (2e-5) <= 3e-5; A2 Urel 1.2e-5 fits too (valid or not)
    rows = inventory.search(region.home, build_criteria(quantity="电压", low=1, high=10, unit="V",
                                                        max_uncertainty="3e-5")).rows
    assert [(r["certificate_no"], r["comparability"]) for r in rows] == [
        ("[2024]苏量标证字第0103号", "mpe"), ("[2021]沪量标证字第0002号", "uncertainty")]  # valid today first


# ---------------------------------------------------------------- validity


def test_validity_on_a_date(region: Region) -> None:
    pressure = {"quantity": "压力", "low": 1, "high": 5, "unit": "MPa"}
    # C1 expired 2022-12-31: valid on 2022-06-01, not on ON
    assert "[2019]浙量标证字第0201号" in certs(region, **pressure, valid_on="2022-06-01")
    assert "[2019]浙量标证字第0201号" not in certs(region, **pressure, valid_on=ON)
    # C2 issued 2024-06-01: not yet valid on 2024-05-31
    assert "[2024]浙量标证字第0202号" not in certs(region, **pressure, valid_on="2024-05-31")
    assert "[2024]浙量标证字第0202号" in certs(region, **pressure, valid_on="2024年6月1日")
    # without a date nothing is left out, but what is valid today ranks first
    rows = inventory.search(region.home, build_criteria(**pressure), limit=None).rows
    flags = [r["valid"] for r in rows]
    assert flags == sorted(flags, reverse=True) and False in flags


# ---------------------------------------------------------------- free text


def test_chinese_substring_of_two_and_three_characters(region: Region) -> None:
    # "压力" lies inside 精密压力表标准装置, 活塞式压力计标准装置 and 数字压力计标准装置 (six standards)
    assert len(certs(region, text="压力")) == 6
    assert set(names(region, text="压力表")) == {"精密压力表标准装置"}
    assert len(certs(region, text="压力表")) == 3
    # one character, and a term at the very end of a field
    assert set(names(region, text="温")) == {"二等铂电阻温度计标准装置", "工作用玻璃液体温度计标准装置"}
    assert len(certs(region, text="装置")) == 11
    assert certs(region, text="不存在的装置") == []


def test_english_and_case_insensitive(region: Region) -> None:
    # range texts "0.1mV~1000V" (A2) and "(0.1~1000000)mV" (B3)
    assert sorted(certs(region, text="MV")) == ["[2021]沪量标证字第0002号", "[2024]苏量标证字第0103号"]
    assert certs(region, text="1000v") == ["[2021]沪量标证字第0002号"]


@pytest.mark.parametrize("term", ["压力", "mV", "MV", "装置", "5%", "_0", "0_"])
def test_a_two_character_term_on_postgresql_is_the_exact_bigram_lookup(region: Region, term: str) -> None:
    """PostgreSQL answers a two-character term from the two-character index alone, with no
    ILIKE recheck of each candidate's document (the cost of a broad term, 压力): the same
    records as ``document ILIKE '%term%'``, LIKE's wildcards taken literally."""
    with region.home.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            pytest.skip("the two-character index is PostgreSQL's")
        for index in INDEXES.values():
            query = matching_ids(conn, index, term)
            assert "ILIKE" not in str(query.compile(dialect=conn.dialect)).upper()
            found = set(conn.execute(query).scalars())
            pattern = "%" + escape_like(term) + "%"
            expected = {row[0] for part in index.parts for row in conn.execute(
                text(f"SELECT {part.key} FROM {part.table} WHERE {part_doc_sql(part)} ILIKE :p ESCAPE '\\'"),
                {"p": pattern})}
            assert found == expected, index.name
    assert sorted(certs(region, text="mv")) == sorted(certs(region, text="MV")) != []


def test_services_procedures_and_several_terms(region: Region) -> None:
    # the service of A1 (弹簧管式精密压力表, JJG 49-2013), a quoted phrase with a space
    assert certs(region, text='"JJG 49"') == ["[2022]沪量标证字第0001号"]
    assert certs(region, text="弹簧管式") == ["[2022]沪量标证字第0001号"]
    # every term must match: 压力 and 苏量标 (the certificate number) -> B1, B2
    assert sorted(certs(region, text="压力 苏量标")) == ["[2022]苏量标证字第0101号", "[2023]苏量标证字第0102号"]
    # a term may name the institute: 江苏 -> B's standards only
    assert sorted(certs(region, text="江苏 压力")) == ["[2022]苏量标证字第0101号", "[2023]苏量标证字第0102号"]


def test_code_discipline_province_city_and_grade(region: Region) -> None:
    assert sorted(certs(region, code="121131")) == ["[2022]苏量标证字第0101号", "[2024]浙量标证字第0202号"]
    assert sorted(certs(region, discipline="热学")) == ["[2022]浙量标证字第0203号", "[2023]沪量标证字第0003号",
                                                      "[2024]皖量标证字第0301号"]
    assert certs(region, discipline="04", grade="department") == ["[2022]浙量标证字第0203号"]
    assert sorted(certs(region, provinces=["ZJ", "皖"])) == ["[2019]浙量标证字第0201号", "[2022]浙量标证字第0203号",
                                                            "[2024]浙量标证字第0202号", "[2024]皖量标证字第0301号"]
    assert len(certs(region, cities="南京市")) == 3
    assert len(certs(region, own_only=True)) == 4
    assert len(certs(region, institute_uscc=USCC["D"])) == 1


def test_paging_total_and_provenance(region: Region) -> None:
    # on ON, 9 of the 11 standards are valid (A2 and C1 have expired): they come first; the third page
    # starts past them (the valid ones are counted to place it)
    criteria = build_criteria(text="装置", today=ON)
    first = inventory.search(region.home, criteria, limit=4)
    second = inventory.search(region.home, criteria, offset=4, limit=4)
    third = inventory.search(region.home, criteria, offset=9, limit=4)
    every = inventory.search_ids(region.home, criteria)
    assert first.total == second.total == third.total == 11 == len(every)
    assert [r["id"] for r in first.rows + second.rows] == every[:8]
    assert [r["id"] for r in third.rows] == every[9:]
    assert [r["valid"] for r in first.rows + second.rows] == [True] * 8
    assert [r["valid"] for r in third.rows] == [False, False]
    # within the valid ones, the latest end of validity first
    ends = [r["valid_until"] for r in first.rows + second.rows]
    assert ends == sorted(ends, reverse=True)
    rows = inventory.rows_by_ids(region.home, criteria, every)
    own = [r for r in rows.values() if r["own"]]
    peer = next(r for r in rows.values() if r["institute_uscc"] == USCC["B"])
    assert {r["provenance"]["signature"] for r in own} == {"own"}
    prov = peer["provenance"]
    assert prov["signature"] == "verified" and prov["bundle_seq"] == 1 and prov["stale"] is False
    assert prov["received_at"] is not None and prov["issuer_uscc"] == USCC["B"]


# ---------------------------------------------------------------- authorised items and people


def test_who_may_verify_taximeters(region: Region) -> None:
    def found(**kw: Any) -> list[tuple[str, str]]:
        page = inventory.search(region.home, build_criteria(kind="authorisations", **kw), limit=None)
        return [(r["institute_uscc"], r["certificate_no"]) for r in page.rows]

    # B (江苏) valid; C (浙江) expired 2024-12-31; D (安徽) suspended
    assert found(text="出租汽车计价器", provinces="江苏", valid_on=ON) == [(USCC["B"], "(苏)法计(2023)01001号")]
    assert found(text="出租汽车计价器", valid_on=ON) == [(USCC["B"], "(苏)法计(2023)01001号")]
    assert found(text="出租汽车计价器", valid_on="2024-06-01") == [(USCC["B"], "(苏)法计(2023)01001号"),
                                                                  (USCC["C"], "(浙)法计(2020)01002号")]
    everyone = found(text="计价器", today=ON)
    assert len(everyone) == 3 and everyone[0][0] == USCC["B"]
    # by procedure, by the authorisation's number, by quantity and range
    assert found(text="JJG 52") == [(USCC["B"], "(苏)法计(2023)01001号")]
    assert len(found(text="皖")) == 1
    assert found(quantity="压力", low=10, high=20, unit="MPa") == [(USCC["B"], "(苏)法计(2023)01001号")]


def test_registered_metrologists_for_pressure_in_two_provinces(region: Region) -> None:
    def found(**kw: Any) -> list[str]:
        page = inventory.search(region.home, build_criteria(kind="staff", **kw), limit=None)
        return sorted(r["name"] for r in page.rows)

    query = {"text": "压力", "provinces": ["浙江", "安徽"], "credentials": "registered"}
    # 李晓明 (浙江, 一级, 压力表), 赵志强 (安徽, 二级, 数字压力计); 张海燕 holds a verifier certificate only;
    # 王建华 is in 江苏
    assert found(**query, valid_on=ON) == ["李晓明", "赵志强"]
    assert found(**query, valid_on="2027-06-01") == ["赵志强"]  # 李晓明's registration ends 2027-01-01
    assert found(**query, valid_on="2028-06-01") == []
    assert found(text="压力", provinces="浙江,安徽") == ["张海燕", "李晓明", "赵志强"]
    assert found(quantity="压力", provinces="JS") == ["王建华"]
    row = inventory.search(region.home, build_criteria(kind="staff", text="压力变送器")).rows[0]
    assert row["name"] == "李晓明" and row["credential_kind"] == "registered_1"
    assert row["items"] == ["压力表", "压力变送器"] and row["valid_until"].isoformat() == "2027-01-01"


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(("kw", "code"), [
    ({"quantity": "压力", "low": 1, "unit": "V"}, "search.unit_quantity"),
    ({"low": 1}, "search.range_needs_quantity"),
    ({"quantity": "压强xx"}, "search.quantity_unknown"),
    ({"quantity": "压力", "max_uncertainty": "0.05"}, "search.uncertainty_no_unit"),
    ({"quantity": "压力", "max_uncertainty": "0.5℃"}, "search.unit_quantity"),
    ({"provinces": "北京"}, "search.province_unknown"),
    ({"code": "12ab"}, "search.code_format"),
    ({"kind": "authorisations", "max_uncertainty": "0.1%"}, "search.not_for_kind"),
    ({"low": 5, "high": 1, "unit": "V"}, "search.min_gt_max"),
    ({"kind": "staff", "quantity": "压力", "low": 1, "unit": "MPa"}, "search.not_for_kind"),
    ({"kind": "standards", "credentials": "registered"}, "search.not_for_kind"),
])
def test_wrong_input_is_refused_with_a_reason(kw: dict[str, Any], code: str) -> None:
    with pytest.raises(DomainError) as err:
        build_criteria(**kw)
    assert err.value.code == code or any(i.code == code for i in err.value.issues)


def test_text_with_a_date_ranks_what_is_valid_today_first(region: Region) -> None:
    # 压力 and valid on ON: A1, A4, B1, B2, C2 (C1 has expired). "Today" 2026-06-01: A1 (to 2026-01-09)
    # and B1 (to 2026-02-28) are no longer valid, so they come last; each group by later end first.
    kw: dict[str, Any] = {"text": "压力", "valid_on": ON, "today": dt.date(2026, 6, 1)}
    expected = ["[2024]浙量标证字第0202号", "[2024]沪量标证字第0004号", "[2023]苏量标证字第0102号",
                "[2022]苏量标证字第0101号", "[2022]沪量标证字第0001号"]
    assert certs(region, **kw) == expected
    page = inventory.search(region.home, build_criteria(**kw), offset=3, limit=2)
    assert [r["certificate_no"] for r in page.rows] == expected[3:] and page.total == 5


def test_search_marks_a_standard_whose_main_instrument_is_past_due(region: Region) -> None:
    # On 2026-05-01 B2's certificate (to 2026-12-31) is valid, its main instrument was due 2026-03-31.
    page = inventory.search(region.home, build_criteria(text="精密压力表", valid_on="2026-05-01"), limit=None)
    rows = {r["certificate_no"]: r for r in page.rows}
    b2 = rows["[2023]苏量标证字第0102号"]
    assert (b2["valid"], b2["needs_recalibration"], b2["usable"]) == (True, True, False)
    assert all(not r["needs_recalibration"] for no, r in rows.items() if no != "[2023]苏量标证字第0102号")
