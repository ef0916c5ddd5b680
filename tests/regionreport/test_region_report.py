"""``region-report -o OUT.xlsx|OUT.pdf``, run as a process on a region with a history: every
figure of the workbook is compared with a count made here, in plain Python over rows read
with SQL written in this test (and, for the standards, with the answer worked out by hand
from tests/inventory/region.py and the history in conftest.py)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from labregistry.domain.codes import DISCIPLINES
from labregistry.services import region_report
from tests.conftest import run_cli
from tests.inventory.region import Region
from tests.regionreport.conftest import ON, home_args

DAY = dt.date.fromisoformat(ON)
SINCE = "2023-01-01"
PROVINCE_ORDER = ["上海", "江苏", "浙江", "安徽"]


def sql(region: Region, query: str) -> list[Any]:
    with region.home.engine.connect() as conn:
        return list(conn.execute(text(query)))


def day(value: Any) -> str:
    return str(value)[:10]


# ---------------------------------------------------------------- counted here


def expected_standards(region: Region) -> Counter[tuple[str, str, str]]:
    """(province, discipline, new|upgraded|renewed) -> n, from the tables and the audit trail."""
    current = sql(region, "SELECT s.uid, s.code, s.issued_on, i.province FROM standard s JOIN institute i "
                          "ON i.id = s.institute_id WHERE s.grade = 'public' AND s.status <> 'revoked'")
    trail: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for uid, before, after in sql(region, "SELECT record_uid, before, after FROM audit_entry "
                                          "WHERE entity = 'standard' AND action = 'update'"):
        trail.setdefault(uid, []).append((json.loads(before), json.loads(after)))
    out: Counter[tuple[str, str, str]] = Counter()
    for uid, code, issued, province in current:
        if not (issued and SINCE <= day(issued) <= ON):
            continue
        changes = trail.get(uid, [])
        first = min([day(b["issued_on"]) for b, _a in changes] + [day(issued)])
        if first >= SINCE:
            kind = "new"
        elif any(day(b["issued_on"]) < day(a["issued_on"]) and
                 (b["range_text"], b["accuracy_text"]) != (a["range_text"], a["accuracy_text"]) for b, a in changes):
            kind = "upgraded"
        else:
            kind = "renewed"
        out[(province, code[:2], kind)] += 1
    return out


def expected_gaps(region: Region) -> set[tuple[str, str, str]]:
    cities = {(p, c) for p, c in sql(region, "SELECT province, city FROM institute") if p in PROVINCE_ORDER}
    valid = {(p, c, code[:2]) for p, c, code, status, issued, until in sql(
        region, "SELECT i.province, i.city, s.code, s.status, s.issued_on, s.valid_until FROM standard s "
                "JOIN institute i ON i.id = s.institute_id WHERE s.grade = 'public'")
             if status not in ("suspended", "revoked") and (issued is None or day(issued) <= ON) and day(until) >= ON}
    return {(p, c, d) for p, c in cities for d in DISCIPLINES if (p, c, d) not in valid}


def expected_expiring(region: Region) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {p: Counter() for p in PROVINCE_ORDER}  # type: ignore[misc]
    for table, kind in (("standard", "standards"), ("authorisation", "authorisations")):
        for province, status, issued, until in sql(
                region, f"SELECT i.province, t.status, t.issued_on, t.valid_until FROM {table} t "
                        "JOIN institute i ON i.id = t.institute_id"):
            if status in ("suspended", "revoked") or (issued is not None and day(issued) > ON) or day(until) < ON:
                continue
            left = (dt.date.fromisoformat(day(until)) - DAY).days
            for window in (90, 180):
                if left <= window:
                    out[province][f"{kind}_{window}"] += 1
    return out


def counted_results(region: Region) -> list[dict[str, Any]]:
    """Every result of a comparison dated in the period, from ``comparisons list --json``, with its
    province (by the participant's credit code) and its linked standard's discipline."""
    result = run_cli(*home_args(region), "comparisons", "list", "--json")
    assert result.code == 0, result.err
    province = dict(sql(region, "SELECT uscc, province FROM institute"))
    linked = {(u, cert): code[:2] for u, cert, code in sql(
        region, "SELECT i.uscc, s.certificate_no, s.code FROM standard s JOIN institute i ON i.id = s.institute_id")}
    out = []
    for item in json.loads(result.out):
        dated = item["report_on"] or item["ended_on"] or item["started_on"]
        if dated and SINCE <= dated <= ON:
            out += [{**p, "scheme": item["scheme_no"], "province": province.get(p["institute_uscc"]),
                     "discipline": linked.get((p["institute_uscc"], p["standard_certificate_no"]))}
                    for p in item["participants"]]
    return out


def participation(results: list[dict[str, Any]]) -> list[Any]:
    """comparisons, institutes, results, satisfactory, questionable, unsatisfactory, rate (%)."""
    verdicts = Counter(r["verdict"] for r in results)
    return [len({r["scheme"] for r in results}), len({r["institute_uscc"] or r["institute_name"] for r in results}),
            len(results), verdicts["satisfactory"], verdicts["questionable"], verdicts["unsatisfactory"],
            round(100 * verdicts["satisfactory"] / len(results), 1)]


# ---------------------------------------------------------------- the workbook


def sheet_table(ws: Any, first_heading: str) -> tuple[list[str], list[list[Any]]]:
    """The headings row (found by its first heading) and the rows beneath it."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r and r[0] == first_heading and i > 0)
    return [str(h) for h in rows[start] if h is not None], [r for r in rows[start + 1:] if any(v is not None for v in r)]


def facts(ws: Any) -> dict[str, Any]:
    return {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r and isinstance(r[0], str)}


@pytest.fixture(scope="module")
def workbook(history_region: Region, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("report") / "区域报告.xlsx"
    result = run_cli(*home_args(history_region), "region-report", "-o", str(out), "--on", ON)
    assert result.code == 0, result.err
    assert str(out) in result.out
    return load_workbook(out)


def test_the_workbook_has_a_sheet_per_section_in_chinese(workbook: Any) -> None:
    assert workbook.sheetnames == ["概况", "新建和升级标准", "测试中心和技术委员会", "覆盖空白", "即将到期", "比对与能力验证",
                                   "未参加比对"]
    overview = facts(workbook["概况"])
    assert overview["统计日期"][0].date() == DAY
    assert overview["机构数（本机构库）"][0] == 4


def test_new_and_upgraded_standards_match_the_records(workbook: Any, history_region: Region) -> None:
    headings, rows = sheet_table(workbook["新建和升级标准"], "省份")
    assert headings == ["省份", "学科代码", "学科", "新建", "升级", "复查（未升级）", "新建和升级合计"]
    found = Counter[tuple[str, str, str]]()
    for province, code, _name, new, upgraded, renewed, total in rows:
        assert total == new + upgraded
        for kind, n in (("new", new), ("upgraded", upgraded), ("renewed", renewed)):
            if n:
                found[(province, code, kind)] += n
    assert found == expected_standards(history_region)
    # worked out by hand: A3, A4, B2 (first certificate 2023), B3, C2, D1 new; B1 upgraded; A1 re-examined
    assert found == {("上海", "04", "new"): 1, ("上海", "12", "new"): 1, ("上海", "12", "renewed"): 1,
                     ("江苏", "12", "upgraded"): 1, ("江苏", "12", "new"): 1, ("江苏", "15", "new"): 1,
                     ("浙江", "12", "new"): 1, ("安徽", "04", "new"): 1}
    target = next(v for k, v in facts(workbook["新建和升级标准"]).items() if k.startswith("2023-01-01 以来"))
    assert list(target[:3]) == [1000, 7, 0.7]


def test_designations_count_each_name_once_against_the_targets(workbook: Any, history_region: Region) -> None:
    ws = workbook["测试中心和技术委员会"]
    rows = sql(history_region, "SELECT uscc, kind, name FROM institute_designation")
    centres = {n for _u, k, n in rows if k == "industry_centre"}
    committees = {n for _u, k, n in rows if k == "committee"}
    found = facts(ws)
    assert list(found["产业计量测试中心（目标：50 个以上）"][:2]) == [50, len(centres)] == [50, 2]
    assert list(found["区域计量技术委员会（目标：10 个以上）"][:2]) == [10, len(committees)] == [10, 2]
    _headings, table = sheet_table(ws, "类别")
    assert sorted((r[3], r[1]) for r in table) == sorted((u, n) for u, _k, n in rows)
    assert "上海市某计量技术委员会承担单位" in {r[2] for r in table}  # designated before its bundle came


def test_coverage_gaps_are_the_disciplines_without_a_valid_public_standard(workbook: Any,
                                                                          history_region: Region) -> None:
    _headings, rows = sheet_table(workbook["覆盖空白"], "省份")
    assert {(p, c, d) for p, c, d, _name in rows} == expected_gaps(history_region)
    assert ("上海", "上海", "15") in {(p, c, d) for p, c, d, _n in rows}  # A2 expired 2025-02-28
    assert ("浙江", "杭州", "12") not in {(p, c, d) for p, c, d, _n in rows}  # C2 valid


def test_certificates_ending_soon_by_province(workbook: Any, history_region: Region) -> None:
    headings, rows = sheet_table(workbook["即将到期"], "省份")
    assert headings == ["省份", "计量标准 90 天内", "计量标准 180 天内", "计量授权 90 天内", "计量授权 180 天内"]
    expected = expected_expiring(history_region)
    keys = ["standards_90", "standards_180", "authorisations_90", "authorisations_180"]
    for province, *values in rows[:4]:
        assert values == [expected[province][k] for k in keys], province
    assert rows[4][0] == "合计"
    assert rows[4][1:] == [sum(expected[p][k] for p in PROVINCE_ORDER) for k in keys]
    assert sum(rows[4][1:]) > 0  # something ends in the window (the test can fail)


def test_comparison_participation_by_province_and_discipline(workbook: Any, history_region: Region) -> None:
    ws = workbook["比对与能力验证"]
    headings, rows = sheet_table(ws, "省份")
    assert headings == ["省份", "学科代码", "学科", "比对和能力验证数", "参加机构数", "结果数", "满意", "可疑", "不满意",
                        "满意率（%）"]
    results = counted_results(history_region)
    names = {None: "未登记机构", **{p: p for p in PROVINCE_ORDER}}
    expected: dict[tuple[str, Any], list[Any]] = {}
    for province in {r["province"] for r in results}:
        mine = [r for r in results if r["province"] == province]
        expected[(names[province], "全部学科（小计）")] = participation(mine)
        for discipline in {r["discipline"] for r in mine}:
            expected[(names[province], discipline)] = participation([r for r in mine if r["discipline"] == discipline])
    found = {(p, "全部学科（小计）" if name == "全部学科（小计）" else code): values
             for p, code, name, *values in rows[:-1]}
    assert found == expected
    assert rows[-1][0] == "合计" and rows[-1][3:] == participation(results)
    # by hand: the 2024 DCV comparison and the 2025 PT count, the 2022 one does not; 南京 is unregistered
    assert rows[-1][3:] == [2, 3, 6, 3, 1, 2, 50.0]
    assert found[("江苏", "12")] == [1, 1, 1, 0, 1, 0, 0.0]  # B's questionable z in the PT, on B2 (力学)
    assert facts(ws)["计入的比对和能力验证"][0] == 2


def test_institutes_without_a_recent_comparison_are_listed(workbook: Any, history_region: Region) -> None:
    ws = workbook["未参加比对"]
    _headings, rows = sheet_table(ws, "省份")
    took_part = {r["institute_uscc"] for r in counted_results(history_region)}
    valid = sql(history_region, "SELECT i.uscc, s.status, s.issued_on, s.valid_until FROM standard s JOIN institute i "
                                "ON i.id = s.institute_id WHERE s.grade = 'public'")
    standing = Counter(u for u, status, issued, until in valid if status not in ("suspended", "revoked")
                       and (issued is None or day(issued) <= ON) and day(until) >= ON)
    assert {(r[3], r[4]) for r in rows} == {(u, n) for u, n in standing.items() if u not in took_part}
    assert [(r[2], r[5]) for r in rows] == [("浙江省计量科学研究院", dt.datetime(2022, 5, 1)),  # C: only in 2022
                                            ("安徽省计量科学研究院", None)]  # D: never
    assert facts(ws)["机构数"][0] == 2


def test_comparisons_show_in_plain_search_recognition_and_trace(history_region: Region) -> None:
    """Not the report, but read from its region (the one with comparisons): where users look."""
    def lines(*args: str) -> list[str]:
        result = run_cli(*home_args(history_region), *args)
        assert result.code == 0, result.err
        return result.out.splitlines()

    found = {line.split("\t")[2]: line.split("\t")[-1] for line in lines("search", "数字多用表")}
    assert found == {"[2021]沪量标证字第0002号": "比对 2 次，满意 2", "[2024]苏量标证字第0103号": "比对 1 次，满意 1"}
    pressure = {line.split("\t")[2]: line for line in lines("--lang", "en", "search", "压力")}
    assert pressure["[2023]苏量标证字第0102号"].endswith("\tcomparisons 1, satisfactory 0")  # questionable in the PT
    assert "comparisons" not in pressure["[2024]浙量标证字第0202号"]  # none: nothing added
    [_header, equivalent] = lines("recognition", "[2021]沪量标证字第0002号", "--valid-on", ON)
    assert equivalent.split("\t")[2] == "[2024]苏量标证字第0103号" and equivalent.endswith("\t比对 1 次，满意 1")
    chain = lines("trace", "[2022]沪量标证字第0001号", "--valid-on", ON)
    assert chain[0].startswith("[2022]沪量标证字第0001号") and "比对" not in chain[0]
    assert chain[2].strip().startswith("[2023]苏量标证字第0102号")  # B2, upstream of A1
    assert chain[2].endswith("比对：CSJ-PT-2025-07（2025-03-01，可疑）")


def test_the_pdf_in_english_holds_the_same_figures(history_region: Region, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "report.pdf"
    result = run_cli(*home_args(history_region), "--lang", "en", "region-report", "-o", str(out), "--on", ON)
    assert result.code == 0, result.err
    content = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "New and upgraded public standards" in content
    assert "industry metrology test centres (target: 50+)" in content
    assert "Participation in comparisons and PTs" in content and "Institutes without a recent comparison" in content
    report = region_report.build(history_region.home, on=DAY, language="zh")
    assert report.section("standards").targets[0].reached == 7
    chinese = tmp_path / "报告.pdf"
    assert run_cli(*home_args(history_region), "region-report", "-o", str(chinese), "--on", ON).code == 0
    chinese_text = "".join(p.extract_text() for p in PdfReader(chinese).pages)
    assert "新建和升级的社会公用计量标准" in chinese_text and "比对与能力验证参加情况" in chinese_text


@pytest.mark.parametrize("name", ["report.csv", "report.xls", "report"])
def test_other_suffixes_are_refused_with_one_error_line(history_region: Region, tmp_path: Path, name: str) -> None:
    result = run_cli(*home_args(history_region), "region-report", "-o", str(tmp_path / name))
    assert result.code == 1
    assert result.err.count("\n") == 1 and result.err.startswith("error: ")
    assert ".xlsx" in result.err and ".pdf" in result.err
    assert not (tmp_path / name).exists()
