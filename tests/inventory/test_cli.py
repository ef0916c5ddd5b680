"""The inventory commands as a user or a script runs them: a real process on the region's home."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from labregistry.domain.choices import GRADES
from tests.conftest import run_cli
from tests.inventory.region import USCC, Region

STANDARD_KEYS = {"institute_uscc", "institute_name", "certificate_no", "code", "name", "quantity", "range_min",
                 "range_max", "unit", "uncertainty", "valid_until"}
OTHER_KEYS = {"institute_uscc", "institute_name", "name", "valid_until"}


def cli(region: Region, *args: str) -> tuple[int, str, str]:
    result = run_cli("--home", str(region.home.home.path), *args)
    return result.code, result.out, result.err


def test_every_search_result_has_the_contract_keys(sqlite_region: Region) -> None:
    import json

    for args, keys, expected in (
        (["压力", "--quantity", "压力", "--min", "500", "--unit", "kPa"], STANDARD_KEYS, 6),
        (["计价器", "--kind", "authorisations", "--valid-on", "2024-06-01"], OTHER_KEYS, 2),
        (["压力", "--kind", "staff", "--province", "浙江,安徽", "--province", "JS"], OTHER_KEYS, 4),
    ):
        code, out, err = cli(sqlite_region, "search", *args, "--json")
        assert code == 0, err
        rows = json.loads(out)
        assert len(rows) == expected, args
        for row in rows:
            assert keys <= set(row), set(keys) - set(row)
            assert row["institute_uscc"] in USCC.values()
            assert {"signature", "bundle_seq", "received_at", "stale"} <= set(row["provenance"])


def test_capability_question_with_report(sqlite_region: Region, tmp_path: Path) -> None:
    import json

    out_file = tmp_path / "report.xlsx"
    code, out, err = cli(sqlite_region, "search", "--quantity", "压力", "--min", "50", "--max", "60", "--unit", "MPa",
                         "--max-uncertainty", "0.05%", "--valid-on", "2025-06-01", "--json", "--report",
                         str(out_file))
    assert code == 0, err
    rows = json.loads(out)
    # judged at 50 MPa (docs/comparison.md): A4 U=0.005 MPa (0.01 %), B1 0.02级 on 0.1-100 MPa (0.04 %);
    # A1 0.05级 errs 0.03 MPa, 0.06 %: not within 0.05 %
    assert [(r["certificate_no"], r["comparable"]) for r in rows] == [
        ("[2024]沪量标证字第0004号", True), ("[2022]苏量标证字第0101号", True)]
    assert rows[1]["range_min"] == 1e5 and rows[1]["unit"] == "Pa" and rows[1]["uncertainty"] == "0.02级"
    assert rows[1]["accuracy_at_range"] == "按准确度等级比较（0.02级 = 量程的 0.02%）；在 50 MPa 处为 ±0.02 MPa（0.04%）"
    assert rows[1]["capability"]["accuracy_basis"] == "class"
    sheet = load_workbook(out_file).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert any("未签名" in str(v[0]) for v in values[:3])
    header = next(i for i, v in enumerate(values) if v and v[0] == "序号")
    data = values[header + 1:]
    assert [r[7] for r in data] == [r["certificate_no"] for r in rows]
    assert "本机构" in data[0] and "签名已验证" in data[1]
    assert rows[1]["accuracy_at_range"] in data[1]  # the report says the basis beside the recorded text
    asked = {v[0]: v[1] for v in values[:header] if v and len(v) > 1}
    assert asked["测量范围"] == "50 ~ 60 MPa"  # as typed, not "5e7 ~ 6e+07 Pa"
    status = values[header].index("状态")
    assert {r[status] for r in data} <= {"有效", "暂停", "撤销", "过期"} and "有效" in {r[status] for r in data}
    # plain output: one line per result, the count on stderr
    code, out, err = cli(sqlite_region, "--lang", "en", "search", "--quantity", "压力", "--min", "0.5", "--max", "60",
                         "--unit", "MPa", "--max-uncertainty", "10kPa", "--valid-on", "2025-06-01")
    assert code == 0 and len(out.strip().splitlines()) == 1, out
    assert "results 1-1 of 1" in err


def test_a_searchs_names_and_notes_are_in_the_users_language(sqlite_region: Region, tmp_path: Path) -> None:
    """Issue 17: the search returns a discipline's and a quantity's name and the basis of a
    comparison as values for the edge to render; the CLI says them in --lang: in the JSON, in the
    text (a not comparable row's note) and in the report, one search shown in either language."""
    import json

    # D1 (0.02 K) fits 0.025 ℃; C3 (二等) cannot be compared
    args = ["search", "--min", "20", "--max", "300", "--unit", "℃", "--max-uncertainty", "0.025℃"]
    for lang, names, note in (
        ("zh", ("热学", "温度"), "不可比：等别或命名等级没有数值"),
        ("en", ("thermometry", "temperature"), "not comparable: a grade or a named class has no number"),
    ):
        code, out, err = cli(sqlite_region, "--lang", lang, *args, "--json", "--report", str(tmp_path / f"{lang}.xlsx"))
        assert code == 0, err
        rows = json.loads(out)
        assert [(r["discipline_name"], r["quantity_name"], r["comparable"]) for r in rows] == [
            (*names, True), (*names, False)]
        assert rows[1]["comparability_note"] == rows[1]["accuracy_at_range"] == note
        assert rows[0]["accuracy_at_range"].startswith("按" if lang == "zh" else "compared by")
        sheet = [list(r) for r in load_workbook(tmp_path / f"{lang}.xlsx").active.iter_rows(values_only=True)]
        assert sheet[-1][10] == note  # the report's comparability column
        code, out, err = cli(sqlite_region, "--lang", lang, *args)
        lines = [line.split("\t") for line in out.splitlines()]
        # every row says its basis beside its recorded accuracy, the comparable one too (trial 9)
        assert code == 0 and [line[7] for line in lines] == [r["accuracy_at_range"] for r in rows], out
        assert lines[1][7] == note and lines[0][6] == rows[0]["uncertainty"]


def test_trace_recognition_coverage_and_region(sqlite_region: Region) -> None:
    import json

    code, out, err = cli(sqlite_region, "trace", "[2024]皖量标证字第0301号", "--valid-on", "2025-06-01", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["status"] == "broken"
    assert sorted(b["reason"] for b in data["breaks"]) == ["cycle", "unknown_institute"]
    code, out, err = cli(sqlite_region, "--lang", "en", "trace", "[2022]沪量标证字第0001号", "--valid-on", "2025-06-01")
    assert code == 0 and "traceability chain complete" in out and "江苏省计量科学研究院" in out
    code, out, err = cli(sqlite_region, "recognition", "[2022]沪量标证字第0001号", "--valid-on", "2025-06-01", "--json")
    assert code == 0, err
    assert json.loads(out)["counts"]["valid"] == 3
    assert {e["covered_part"] for e in json.loads(out)["equivalents"]} == {None, "(0.1~6)MPa", "(0.1~60)MPa"}
    # the text says the part a standard covers, never "better" over a range it cannot measure
    code, out, err = cli(sqlite_region, "recognition", "[2022]沪量标证字第0001号", "--valid-on", "2025-06-01")
    assert code == 0 and "\t仅覆盖部分范围 (0.1~6)MPa，在该范围内准确度更高\t" in out and "\t准确度更高\t" not in out, out
    code, out, err = cli(sqlite_region, "coverage", "--valid-on", "2025-06-01", "--json")
    assert code == 0, err
    assert json.loads(out)["total"] == 8
    # a discipline's name in the user's language, in the JSON (its rows and its gaps) and the text
    names = {lang: json.loads(cli(sqlite_region, "--lang", lang, "coverage", "--json")[1]) for lang in ("zh", "en")}
    assert [names[lang]["disciplines"][0]["discipline_name"] for lang in ("zh", "en")] == ["几何量", "geometrical quantities"]
    assert {g["discipline_name"] for g in names["en"]["gaps"] if g["discipline"] == "04"} == {"thermometry"}
    code, out, err = cli(sqlite_region, "--lang", "en", "coverage")
    assert code == 0 and "\n01\tgeometrical quantities\t" in out, out


def test_refusals_and_usage_errors(sqlite_region: Region) -> None:
    code, out, err = cli(sqlite_region, "search", "--quantity", "压力", "--min", "1", "--unit", "V", "--json")
    assert code == 1 and out == "" and err.startswith("error:") and len(err.strip().splitlines()) == 1
    code, out, err = cli(sqlite_region, "search", "--limit", "-1")
    assert code == 2


def test_a_superscript_digit_as_a_reference_is_not_found_not_an_internal_error(sqlite_region: Region) -> None:
    """'²'.isdigit() is true but int('²') raises: a reference typed with one must read 'not found'."""
    for args in (("trace", "²"), ("history", "standards", "³"), ("certificate", "--standard", "²", "-o", "x.pdf")):
        code, out, err = cli(sqlite_region, "--lang", "en", *args)
        assert code == 1 and err.startswith("error:") and "internal" not in err, (args, err)


def test_the_coverage_heading_names_the_grade_counted(sqlite_region: Region) -> None:
    """`coverage --grade department` counted departments' highest standards under the heading
    社会公用计量标准 (public standards): a reader took the figures for the public ones. The words
    are the grade's own label (domain.choices.GRADES), every grade's, in either language: a grade
    added there is named without a second text to write."""
    assert set(GRADES) == {"public", "department", "enterprise"}
    for grade in GRADES:
        label = GRADES.label(grade)
        for args in ((), ("--discipline", "01")):
            heading = {lang: cli(sqlite_region, "--lang", lang, "coverage", "--grade", grade, *args)[1].splitlines()[0]
                       for lang in ("zh", "en")}
            assert f"有效的{label.zh}" in heading["zh"] and f"of the grade '{label.en}'" in heading["en"], heading
            assert grade == "public" or "社会公用" not in heading["zh"] and "public" not in heading["en"]

def test_a_range_search_prints_the_basis_of_every_rows_comparison(sqlite_region: Region) -> None:
    """Trial 9: `search --min 0 --max 6 --unit MPa` printed "0.02级" and nothing of what it meant at
    6 MPa; the JSON and the report said it. The text says it too, beside the recorded accuracy."""
    import json

    args = ["--lang", "zh", "search", "--quantity", "压力", "--min", "0", "--max", "6", "--unit", "MPa",
            "--valid-on", "2025-06-01"]
    code, out, err = cli(sqlite_region, *args, "--json")
    assert code == 0, err
    rows = json.loads(out)
    code, out, err = cli(sqlite_region, *args)
    assert code == 0, err
    printed = {line.split("\t")[2]: line.split("\t") for line in out.splitlines()}
    assert printed.keys() == {r["certificate_no"] for r in rows} and rows
    for r in rows:
        assert printed[r["certificate_no"]][6:8] == [r["uncertainty"], r["accuracy_at_range"]]
    assert any("在 6 MPa 处为" in r["accuracy_at_range"] for r in rows)


def test_coverage_per_code_refused_for_want_of_catalogue_items_still_gives_its_json(sqlite_region: Region) -> None:
    """`coverage --discipline 12 --json` with no item code of 12 in the catalogue printed nothing
    on stdout, a script reading it failing on empty JSON. As `verify`, `check` and `import` give
    their refused results: the JSON on stdout (no code checked, ``catalogue_items`` 0, the reason
    and its code), the one `error:` line on stderr, exit 1. A discipline that is no discipline
    stays a bare refusal, as any bad argument of any command."""
    import json

    code, out, err = cli(sqlite_region, "--lang", "en", "coverage", "--discipline", "12", "--json")
    assert code == 1 and err.startswith("error:") and len(err.splitlines()) == 1, err
    data = json.loads(out)
    assert (data["catalogue_items"], data["codes"], data["reason_code"]) == (0, [], "coverage.no_catalogue_items")
    assert data["reason"] == err.removeprefix("error: ").strip() and "catalogue import-excel" in data["reason"]
    counted = json.loads(cli(sqlite_region, "coverage", "--discipline", "01", "--json")[1])
    assert counted["catalogue_items"] > 0 and (counted["reason"], counted["reason_code"]) == (None, None)
    code, out, err = cli(sqlite_region, "coverage", "--discipline", "02", "--json")
    assert (code, out) == (1, "") and err.startswith("error:")


def test_region_says_when_each_bundle_came_on_the_local_clock(sqlite_region: Region) -> None:
    """``region`` printed ``2026-12-08T03:00:45.419354+00:00``; it says the minute on the
    computer's clock, as the app's exchange page does (the JSON keeps the stored moment)."""
    import datetime as dt
    import json
    from zoneinfo import ZoneInfo

    code, out, err = cli(sqlite_region, "region", "--json")
    assert code == 0, err
    received = {r["institute_uscc"]: r["received_at"] for r in json.loads(out) if r["received_at"]}
    assert received
    result = run_cli("--home", str(sqlite_region.home.home.path), "region", env={"TZ": "Asia/Shanghai"})
    assert result.code == 0, result.err
    shown = {cells[0]: cells[5] for cells in (line.split("\t") for line in result.out.splitlines())}
    for uscc, at in received.items():
        local = dt.datetime.fromisoformat(at).astimezone(ZoneInfo("Asia/Shanghai"))
        assert shown[uscc] == f"{local:%Y-%m-%d %H:%M}", (at, shown[uscc])
