"""The pilot's results table (real .xlsx files, tests/interlab/data/README.md): recorded whole, or
refused naming file, sheet, row, column and rule with the database unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labregistry.crypto.jsonform import FormatError
from labregistry.errors import DomainError
from labregistry.services import comparisons, exchange
from tests.exchange.sites import Site, cli, db_state, make_site, one_error
from tests.interlab.tables import A, B, C, COLUMNS, HEADER, ROWS, replaced, write_table


@pytest.fixture(scope="module")
def pilot(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return make_site(tmp_path_factory.mktemp("pilot"), "A")


def test_the_table_is_recorded_with_its_five_results_and_u_in_the_values_unit(pilot: Site, tmp_path: Path) -> None:
    done = comparisons.import_results_table(pilot.reg, write_table(tmp_path / "t.xlsx"))
    assert (done.scheme_no, done.participants, done.replaced) == ("CSJ-DCV-2026-01", 5, False)
    [item] = [c for c in comparisons.list_comparisons(pilot.reg) if c["uid"] == done.uid]
    assert (item["kind"], item["criterion"], item["pilot_uscc"], item["measurand"], item["unit"]) == (
        "comparison", "en", A[1], "直流电压", "V")
    assert (item["started_on"], item["ended_on"], item["report_on"]) == ("2026-03-01", "2026-06-30", "2026-09-15")
    assert item["reference_value"] == 1.000001 and item["reference_uncertainty"] == pytest.approx(2e-6)
    results = item["participants"]
    assert [(p["lab_code"], p["institute_name"], p["en"], p["verdict"]) for p in results] == [
        (r[0], r[1], r[5], "satisfactory") for r in ROWS]
    assert results[1]["uncertainty"] == pytest.approx(5e-6) and results[1]["coverage_k"] == 2
    # the own institute, known by name, gets its USCC; unknown institutes keep none
    assert [p["institute_uscc"] for p in results] == [A[1], None, None, None, None]
    assert results[0]["standard_certificate_no"] == "[2024]沪量标证字第0900号"

    again = comparisons.import_results_table(pilot.reg, write_table(tmp_path / "t2.xlsx", rows=ROWS[:4]))
    assert (again.uid, again.participants, again.replaced) == (done.uid, 4, True)
    assert [len(c["participants"]) for c in comparisons.list_comparisons(pilot.reg) if c["uid"] == done.uid] == [4]


def _refused(site: Site, path: Path) -> str:
    before = db_state(site.reg)
    with pytest.raises(DomainError) as caught:
        comparisons.import_results_table(site.reg, path)
    assert db_state(site.reg) == before
    return caught.value.render("zh")


@pytest.mark.parametrize(("rows", "where"), [
    # En 0.56 written as 0.36: not what the numbers give
    (replaced(ROWS, 4, 5, 0.36), "第 20 行“En值”列：记录的En值为 0.36，而测得值 1.000004、参考值 1.000001 算得 0.557"),
    # a satisfactory verdict on an En of 1.67 (lab 2's value before its correction)
    (replaced(replaced(ROWS, 1, 2, 1.00001), 1, 5, None), "第 17 行“结论”列：结论为“满意”，而En值 = 1.67 的结论是“不满意”"),
    (replaced(ROWS, 2, 6, "可疑"), "第 18 行“结论”列：“可疑”仅用于 z 比分数"),
    (replaced(ROWS, 3, 2, "一点零"), "第 19 行“测得值(V)”列：“一点零”不是数值"),
    (replaced(ROWS, 3, 6, "还行"), "第 19 行“结论”列：“还行”不是满意、可疑或不满意"),
    (replaced(ROWS, 3, 1, B[0]), f"第 19 行“参加实验室”列：“{B[0]}”已在第 17 行出现"),
])
def test_a_row_that_does_not_say_what_its_numbers_say_is_refused_at_its_cell(
        pilot: Site, tmp_path: Path, rows: list[list[object]], where: str) -> None:
    message = _refused(pilot, write_table(tmp_path / "bad.xlsx", rows=rows))
    assert message.startswith("bad.xlsx，工作表“结果汇总”"), message
    assert where in message


def test_a_table_whose_pilot_is_another_institute_of_the_registry_is_refused(tmp_path: Path) -> None:
    """C is an institute of A's registry (its bundle came): C's comparison is C's to record, even
    though A took part (a pilot outside the registry is docs/comparisons.md's other case)."""
    a, c = make_site(tmp_path, "A"), make_site(tmp_path, "C")
    a.trust(c, tmp_path)
    assert exchange.import_bundle(a.reg, c.export(tmp_path / "c-bundle.xlsx")).applied
    header = [(k, C[0] if k == "主导实验室" else v) for k, v in HEADER]
    message = _refused(a, write_table(tmp_path / "c.xlsx", header=header))
    assert f"主导实验室为“{C[0]}”，不是本机构（{A[0]}）：该机构是本库机构" in message


def test_a_header_block_without_a_reference_value_or_a_unit_that_does_not_convert_is_refused(
        pilot: Site, tmp_path: Path) -> None:
    header = [(k, v) for k, v in HEADER if k != "参考值"]
    assert "表头区缺少“参考值”" in _refused(pilot, write_table(tmp_path / "r.xlsx", header=header))
    header = [(k, "2 kPa" if k == "参考值扩展不确定度" else v) for k, v in HEADER]
    message = _refused(pilot, write_table(tmp_path / "u.xlsx", header=header))
    assert "第 13 行“参考值扩展不确定度”：单位“kPa”无法换算为测得值的单位“V”" in message


def test_results_in_another_unit_than_the_header_blocks_unit_are_refused(pilot: Site, tmp_path: Path) -> None:
    """单位 V above 测得值(mV): judged against the reference in V, every result was 1000 times off
    (with no En column, 1000.002 mV against 1.000001 V was recorded as unsatisfactory)."""
    header = [*HEADER, ("单位", "V")]
    columns = ["实验室代码", "参加实验室", "测得值(mV)", "扩展不确定度U/(μV)"]
    rows = [["Lab 1", A[0], 1000.001, 4], ["Lab 2", B[0], 1000.002, 5]]
    message = _refused(pilot, write_table(tmp_path / "mv.xlsx", header, columns, rows))
    assert "第 16 行“测得值(mV)”列：单位“mV”与表头区的单位“V”不同" in message, message


def test_a_reference_value_in_celsius_is_converted_as_a_temperature_not_a_difference(
        pilot: Site, tmp_path: Path) -> None:
    """20 ℃ is 293.15 K (a U of 0.01 ℃ is 0.01 K): converted as a difference, the reference was
    20 K and every result in K was refused, or judged 273 K off without an En column."""
    header = [("比对名称", "长三角温度计量比对"), ("比对编号", "CSJ-T-2026-01"), ("主导实验室", A[0]), ("被测量", "温度"),
              ("参考值", "20.000 ℃"), ("参考值扩展不确定度", "0.010 ℃")]
    columns = ["实验室代码", "参加实验室", "测得值(K)", "扩展不确定度U/(K)", "En值"]
    rows = [["T1", B[0], 293.152, 0.02, 0.09]]
    done = comparisons.import_results_table(pilot.reg, write_table(tmp_path / "t.xlsx", header, columns, rows))
    [item] = [c for c in comparisons.list_comparisons(pilot.reg) if c["uid"] == done.uid]
    assert (item["unit"], item["reference_value"], item["reference_uncertainty"]) == ("K", 293.15, 0.01)


def test_an_end_before_the_start_is_refused(pilot: Site, tmp_path: Path) -> None:
    header = [(k, "2026-01-01" if k == "结束日期" else v) for k, v in HEADER]
    message = _refused(pilot, write_table(tmp_path / "d.xlsx", header=header))
    assert "第 10 行“结束日期”：2026-01-01 早于开始日期 2026-03-01" in message, message


def test_a_participants_usccs_are_checked_and_stored_in_their_written_form(pilot: Site, tmp_path: Path) -> None:
    columns = ["实验室代码", "参加实验室", "统一社会信用代码", "测得值(V)", "扩展不确定度U/(μV)", "En值"]
    rows = [["Lab 2", B[0], "1232 0000 4660 02712h", 1.000002, 5, 0.19],
            ["Lab 3", C[0], "12330000470040568X", 0.999999, 6, -0.32]]
    message = _refused(pilot, write_table(tmp_path / "u.xlsx", columns=columns, rows=rows))
    assert "第 17 行“统一社会信用代码”列：“12330000470040568X”不是统一社会信用代码：校验位错误" in message, message
    done = comparisons.import_results_table(pilot.reg, write_table(tmp_path / "ok.xlsx", columns=columns,
                                                                   rows=rows[:1]))
    [item] = [c for c in comparisons.list_comparisons(pilot.reg) if c["uid"] == done.uid]
    assert [p["institute_uscc"] for p in item["participants"]] == [B[1]]


def test_text_that_would_deceive_is_refused_at_its_cell(pilot: Site, tmp_path: Path) -> None:
    """The character rule of every entry point (docs/security.md): 浙江 shown as 江浙 by a bidi
    override was stored, and then every bundle of the pilot was refused by its own export."""
    rows = replaced(ROWS, 2, 1, "\u202e浙江\u202c省计量科学研究院")
    message = _refused(pilot, write_table(tmp_path / "bidi.xlsx", rows=rows))
    assert "第 18 行“参加实验室”列" in message and "U+202E" in message, message
    header = [(k, "长三角\u200b直流电压比对" if k == "比对名称" else v) for k, v in HEADER]
    message = _refused(pilot, write_table(tmp_path / "zw.xlsx", header=header))
    assert "第 2 行“比对名称”" in message and "U+200B" in message, message


def test_a_proficiency_test_is_judged_by_z_with_questionable_between_two_and_three(
        pilot: Site, tmp_path: Path) -> None:
    header = [("能力验证计划名称", "压力表示值误差测量审核"), ("计划编号", "CSJ-PT-2026-07"), ("主导实验室", A[0]),
              ("检测项目", "压力"), ("指定值", "10.000 MPa"), ("能力评定标准差", "0.010 MPa")]
    columns = ["实验室代码", "参加实验室", "测量结果(MPa)", "Z比分数", "结论"]
    rows = [["P01", A[0], 10.005, 0.5, "满意"], ["P02", B[0], 10.025, 2.5, "可疑"], ["P03", C[0], 9.965, -3.5, "不满意"]]
    done = comparisons.import_results_table(pilot.reg, write_table(tmp_path / "pt.xlsx", header, columns, rows))
    [item] = [c for c in comparisons.list_comparisons(pilot.reg) if c["uid"] == done.uid]
    assert (item["kind"], item["criterion"], item["sigma_pt"]) == ("proficiency", "z", 0.01)
    assert [(p["z"], p["verdict"]) for p in item["participants"]] == [
        (0.5, "satisfactory"), (2.5, "questionable"), (-3.5, "unsatisfactory")]
    bad = [["P02", B[0], 10.025, 2.5, "满意"]]
    message = _refused(pilot, write_table(tmp_path / "pt2.xlsx", header, columns, bad))
    assert "“Z比分数”" not in message and "结论为“满意”，而z比分数 = 2.50 的结论是“可疑”" in message


def test_the_error_names_the_file_sheet_row_and_column_in_english_too(pilot: Site, tmp_path: Path) -> None:
    with pytest.raises(FormatError) as caught:
        comparisons.import_results_table(pilot.reg, write_table(tmp_path / "e.xlsx", rows=replaced(ROWS, 4, 5, 0.36)))
    assert caught.value.render("en").startswith("e.xlsx, sheet '结果汇总' row 20 column 'En值': the recorded En is 0.36")



def test_the_command_records_lists_and_refuses_in_one_error_line(tmp_path: Path) -> None:
    """``comparisons import-excel`` and ``list`` as processes: a refused table exits 1 with one
    ``error:`` line naming the cell, the database as it was."""
    site = make_site(tmp_path, "A")
    bad = write_table(tmp_path / "bad.xlsx", rows=replaced(ROWS, 4, 6, "不满意"))
    before = db_state(site.reg)
    line = one_error(cli(site, "comparisons", "import-excel", str(bad)))
    assert line.startswith("error: bad.xlsx，工作表“结果汇总”第 20 行“结论”列：结论为“不满意”，而En值 = 0.56 的结论是“满意”")
    assert db_state(site.reg) == before
    assert "尚无比对" in cli(site, "comparisons", "list").out

    assert "参加实验室 5 家" in cli(site, "comparisons", "import-excel", str(write_table(tmp_path / "t.xlsx"))).out
    assert "CSJ-DCV-2026-01  长三角直流电压（1 V）计量比对  计量比对  主导：上海市计量测试技术研究院" in cli(
        site, "comparisons", "list").out
    [item] = cli(site, "comparisons", "list", "--json").json()
    assert (item["scheme_no"], item["pilot_uscc"], len(item["participants"])) == ("CSJ-DCV-2026-01", A[1], 5)


def test_a_result_whose_parameter_is_not_among_its_standard_s_capability_rows_is_a_warning_naming_the_row(
        tmp_path: Path) -> None:
    """The pilot's table is recorded as published; the importer is told which row does not fit
    which capability rows (a typo in the table, or a row the participant has not recorded)."""
    from labregistry.domain.records import CapabilityInput, StandardInput
    from labregistry.services import records

    site = make_site(tmp_path, "A")
    records.create_standard(site.reg, StandardInput(
        name="直流电压标准装置", code="15113100", grade="社会公用", certificate_no="[2024]沪量标证字第0900号",
        valid_until="2028-05-30", range_text="(0~1000)V", accuracy_text="U=0.002%,k=2",
        capabilities=[CapabilityInput(parameter="直流电压", range_text="(0~1000)V", accuracy_text="U=0.002%,k=2")]))
    columns = [*COLUMNS, "参数"]
    fits = [[*ROWS[0], "直流电压（1 V）"], *([*r, None] for r in ROWS[1:])]
    done = comparisons.import_results_table(site.reg, write_table(tmp_path / "ok.xlsx", columns=columns, rows=fits))
    assert done.warnings == ()  # the others are not in this registry: nothing to compare

    wrong = [[*ROWS[0], "交流电压"], *([*r, None] for r in ROWS[1:])]
    done = comparisons.import_results_table(site.reg, write_table(tmp_path / "w.xlsx", columns=columns, rows=wrong))
    [warning] = done.warnings
    assert warning.row == 16 and warning.to_json()["standard_certificate_no"] == "[2024]沪量标证字第0900号"
    assert warning.render("zh") == (
        "w.xlsx，工作表“结果汇总”第 16 行：Lab 1 上海市计量测试技术研究院的参数“交流电压”不在其计量标准 "
        "[2024]沪量标证字第0900号 的测量能力中（其能力行：直流电压 (0~1000)V）；比对结果照表录入，请核对结果表或该标准的能力行")
    assert [len(c["participants"]) for c in comparisons.list_comparisons(site.reg)] == [5]  # recorded all the same
    again = [[*ROWS[0], "交流电压（10 V）"], *([*r, None] for r in ROWS[1:])]
    as_json = cli(site, "--lang", "en", "comparisons", "import-excel",
                  str(write_table(tmp_path / "w2.xlsx", columns=columns, rows=again)), "--json")
    assert as_json.code == 0, as_json.err
    assert json.loads(as_json.out)["warnings"] == [{
        "row": 16, "rule": "comparison.capability_mismatch", "institute_uscc": A[1],
        "standard_certificate_no": "[2024]沪量标证字第0900号", "parameter": "交流电压（10 V）",
        "message": "w2.xlsx, sheet '结果汇总' row 16: the parameter '交流电压（10 V）' of Lab 1 上海市计量测试技术研究院 is "
        "not among the capability rows of its standard [2024]沪量标证字第0900号 (直流电压 (0~1000)V); the result is "
        "recorded as the table gives it: check the table or the standard's capability rows"}]

    unknown = [[*ROWS[0][:7], "[2024]沪量标证字第0999号", None], *([*r, None] for r in ROWS[1:])]
    result = cli(site, "--lang", "en", "comparisons", "import-excel",
                 str(write_table(tmp_path / "u.xlsx", columns=columns, rows=unknown)))
    assert result.code == 0, result.err
    assert ("warning: u.xlsx, sheet '结果汇总' row 16: Lab 1 上海市计量测试技术研究院 has no standard with the certificate "
            "number '[2024]沪量标证字第0999号' in this registry") in result.out
