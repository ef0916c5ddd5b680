"""``import-excel`` and ``template`` end to end, as real processes: exit codes, the error line, JSON, reports."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import run_cli
from tests.ledger import ledgers as L
from tests.ledger.conftest import db_dump, query

JSON_KEYS = {"kind", "file", "sheet", "header_row", "mapping", "rows", "valid", "invalid", "added", "updated",
             "unchanged", "written", "issues"}
ISSUE_KEYS = {"sheet", "row", "column", "field", "code", "value", "message"}


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error:") and "Traceback" not in err
    return lines[0]


def test_an_invalid_ledger_is_refused_reported_and_nothing_is_written(own_home: Path, tmp_path: Path) -> None:
    path = L.standards_ledger(tmp_path / "台账.xlsx")
    report = tmp_path / "report.xlsx"
    before = db_dump(own_home)
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--json",
                     "--report", str(report))
    assert result.code == 1
    line = _one_error_line(result.err)
    assert "1" in line and "--valid-only" in line and str(report) in line
    assert "台账“台账.xlsx”中 1 条记录有错误" in line  # which file, in a log of several ledgers
    data = result.json()
    assert JSON_KEYS <= set(data)
    assert (data["kind"], data["file"], data["sheet"], data["header_row"]) == ("standards", "台账.xlsx", "计量标准", 4)
    assert (data["rows"], data["valid"], data["invalid"], data["written"]) == (5, 4, 1, False)
    assert (data["added"], data["updated"], data["unchanged"]) == (0, 0, 0)
    assert data["planned"] == {"added": 4, "updated": 0, "unchanged": 0}
    assert data["mapping"]["certificate_no"] == "C" and data["mapping"]["instruments.calibration_due"] == "N"
    assert all(ISSUE_KEYS <= set(i) for i in data["issues"])
    where = {(i["sheet"], i["row"], i["column"], i["field"]) for i in data["issues"]}
    assert where == {("计量标准", 13, "F", "range_text"), ("计量标准", 13, "H", "issued_on"),
                     ("计量标准", 14, "N", "instruments[1].calibration_due")}
    assert all(i["message"] for i in data["issues"])
    assert db_dump(own_home) == before

    # the report: the same sheets, the bad cells filled and commented, nothing else marked
    wb = load_workbook(report)
    assert wb.sheetnames == ["计量标准", "统计"]
    ws = wb["计量标准"]
    commented = {c.coordinate: c for row in ws.iter_rows() for c in row if c.comment is not None}
    assert set(commented) == {"F13", "H13", "N14"}
    for cell in commented.values():
        assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert "(60~0)MPa" in commented["F13"].comment.text and "下限" in commented["F13"].comment.text
    assert "2025 年 2 月没有 30 日" in commented["N14"].comment.text  # what is wrong: 2025-02-30
    assert ws["C6"].value == L.PRESSURE and ws["A1"].value.startswith("上海市")
    assert ws.merged_cells.ranges and "J4:N4" in {str(r) for r in ws.merged_cells.ranges}


def test_text_output_lists_the_cells_and_english_on_request(own_home: Path, tmp_path: Path) -> None:
    path = L.authorisations_ledger(tmp_path / "a.xlsx")
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "authorisations")
    assert result.code == 1
    assert "授权项目表!B9: 授权类别 = '随便授权'" in result.out
    assert "授权项目表!E9:" in result.out
    assert "授权证书编号 ← A“授权证书编号”" in result.out
    _one_error_line(result.err)
    english = run_cli("--home", str(own_home), "--lang", "en", "import-excel", str(path), "--kind", "authorisations")
    assert english.code == 1
    assert "is not one of" in english.out and "must be later than" in english.out
    line = _one_error_line(english.err)
    assert "records of the ledger 'a.xlsx' have errors" in line
    before = db_dump(own_home)
    dry = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "authorisations", "--dry-run",
                  "--valid-only")
    assert dry.code == 0 and dry.err == ""
    assert "导入后将新增 2，更新 0，不变 0" in dry.out and "试运行" in dry.out
    assert db_dump(own_home) == before


def test_valid_only_imports_the_good_rows(own_home: Path, tmp_path: Path) -> None:
    path = L.staff_ledger(tmp_path / "p.xlsx")
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "staff", "--valid-only", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert (data["added"], data["written"], data["valid"], data["invalid"]) == (3, True, 3, 1)
    assert {i["row"] for i in data["issues"]} == {L.P_ROWS["bad"]}
    listed = run_cli("--home", str(own_home), "list", "staff", "--json")
    assert {r["name"] for r in listed.json()} == {"王质量", "李 检定", "赵辅助"}


def test_reimport_is_idempotent_and_a_change_updates_one_record(own_home: Path, tmp_path: Path) -> None:
    path = L.standards_good_only(tmp_path / "s.xlsx")
    args = ("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--json")
    first = run_cli(*args)
    assert first.code == 0, first.err
    assert (first.json()["added"], first.json()["written"]) == (4, True)
    audits = query(own_home, "SELECT count(*) FROM audit_entry")[0][0]
    second = run_cli(*args)
    assert second.code == 0, second.err
    assert {k: second.json()[k] for k in ("added", "updated", "unchanged")} == {"added": 0, "updated": 0, "unchanged": 4}
    assert query(own_home, "SELECT count(*) FROM audit_entry")[0][0] == audits
    wb = load_workbook(path)
    wb["计量标准"][f"{L.S_COLS['accuracy_text']}{L.S_ROWS['multimeter']}"] = "MPE: ±0.05%"
    wb.save(path)
    third = run_cli(*args)
    assert {k: third.json()[k] for k in ("added", "updated", "unchanged")} == {"added": 0, "updated": 1, "unchanged": 3}
    rows = query(own_home, "SELECT action, record_label FROM audit_entry ORDER BY id")
    assert len(rows) == audits + 1 and rows[-1] == ("update", L.MULTIMETER)


def test_formula_cells_are_refused_naming_the_cell(own_home: Path, tmp_path: Path) -> None:
    path = L.standards_ledger(tmp_path / "f.xlsx", with_formula="K9")
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards")
    assert result.code == 1 and result.out == ""
    line = _one_error_line(result.err)
    assert "计量标准!K9" in line and "公式" in line


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("ledger.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xlsx"),  # damaged
        ("ledger.csv", "证书编号,名称\n1,2\n".encode(), ".xlsx"),
        ("ledger.ods", b"PK\x03\x04not really", ".xlsx"),  # damaged
        ("ledger.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "WPS"),
        ("renamed.xlsx", "证书编号,名称\n1,2\n".encode(), ".xlsx"),
    ],
)
def test_other_formats_are_refused_with_the_way_out(own_home: Path, tmp_path: Path, name: str, content: bytes,
                                                    expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards")
    assert result.code == 1
    line = _one_error_line(result.err)
    assert expected in line and ("另存为" in line or "WPS" in line), line


@pytest.mark.parametrize(("fixture", "what"), [("县所人员.ods", "OpenDocument 表格（.ods，LibreOffice 的自有格式）"),
                                             ("企业最高计量标准.xls", "旧版 Excel 97-2003 工作簿（.xls）")])
def test_an_ods_or_xls_ledger_named_xlsx_is_named_for_what_it_is(own_home: Path, tmp_path: Path, fixture: str,
                                                                 what: str) -> None:
    """A ledger LibreOffice wrote (.ods), or an Excel 97-2003 one, given a name ending .xlsx
    (renamed, or mailed so): its own name is read, not refused (tests/ledger/
    test_institute_ledgers.py); under .xlsx it was refused as lacking "[Content_Types].xml"
    (.ods) or as "an old .xls or a password-protected workbook"; now it is named for what it
    is, the file named, with what to do, and nothing is written."""
    path = tmp_path / "台账 #1" / "人员 台账.xlsx"
    path.parent.mkdir()
    path.write_bytes((Path(__file__).parent / "files" / fixture).read_bytes())
    before = db_dump(own_home)
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "staff")
    line = _one_error_line(result.err)
    assert result.code == 1 and str(path) in line and what in line and "另存为 Excel 工作簿（.xlsx）" in line, line
    assert "Content_Types" not in line and "密码" not in line
    assert db_dump(own_home) == before


def test_a_truncated_workbook_is_refused(own_home: Path, tmp_path: Path) -> None:
    whole = L.standards_ledger(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    result = run_cli("--home", str(own_home), "--lang", "en", "import-excel", str(path), "--kind", "standards")
    assert result.code == 1
    line = _one_error_line(result.err)
    assert "cut.xlsx" in line and ("damaged" in line or "incomplete" in line)
    with zipfile.ZipFile(tmp_path / "whole.xlsx") as zf:
        assert zf.testzip() is None  # the original was fine


def test_template_filled_in_imports_cleanly(own_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    made = run_cli("template", str(out), "--kind", "standards")
    assert made.code == 0, made.err
    assert out.exists() and "模板.xlsx" in made.out
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    values = {
        "证书编号": "[2024]沪量标证字第0001号", "计量标准名称": "工作用玻璃液体温度计标准装置", "计量标准代码": "04113100",
        "计量标准类别": "社会公用计量标准", "测量范围": "(-30~300)℃", "不确定度/准确度等级/最大允许误差": "U=0.05℃, k=2",
        "有效期至": "2028-03-31", "设备名称": "二等标准水银温度计",
    }
    for cell in ws[1]:
        key = str(cell.value).split("\n")[0].rstrip(" *")
        if key in values:
            ws.cell(row=2, column=cell.column, value=values[key])
    wb.save(out)
    result = run_cli("--home", str(own_home), "import-excel", str(out), "--kind", "standards", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert (data["added"], data["issues"], data["warnings"]) == (1, [], [])
    assert query(own_home, "SELECT code, quantity, range_min, range_max, unit FROM standard") == [
        ("04113100", "temperature", pytest.approx(243.15), pytest.approx(573.15), "K")]


def test_usage_errors_mapping_errors_and_help(own_home: Path, tmp_path: Path) -> None:
    path = L.standards_good_only(tmp_path / "s.xlsx")
    home = ("--home", str(own_home))
    usage = run_cli(*home, "import-excel", str(path), "--kind", "standards", "--map", "nonsense")
    assert usage.code == 2 and "FIELD=COLUMN" in usage.err
    bad_field = run_cli(*home, "import-excel", str(path), "--kind", "standards", "--map", "colour=C")
    assert bad_field.code == 1 and "certificate_no" in _one_error_line(bad_field.err)
    wrong_sheet = run_cli(*home, "import-excel", str(path), "--kind", "standards", "--sheet", "统计")
    assert wrong_sheet.code == 1 and "--header-row" in _one_error_line(wrong_sheet.err)
    before = db_dump(own_home)
    missing = run_cli(*home, "import-excel", str(path), "--kind", "standards", "--map", "code=-")
    assert missing.code == 1
    assert "计量标准代码" in _one_error_line(missing.err) and "--map" in missing.err
    assert db_dump(own_home) == before
    for name in ("import-excel", "template"):
        helped = run_cli(name, "--help")
        assert helped.code == 0 and "--kind" in helped.out


def test_a_certificate_valid_longer_than_four_years_is_a_warning_in_the_report(own_home: Path, tmp_path: Path) -> None:
    path = L.standards_good_only(tmp_path / "台账.xlsx")
    wb = load_workbook(path)
    cell = f"{L.S_COLS['valid_until']}{L.S_ROWS['multimeter']}"
    wb["计量标准"][cell] = "2028-08-31"  # issued 2023-09-01: five years, where a 考核证书 runs four
    wb.save(path)
    report = tmp_path / "report.xlsx"
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--json",
                     "--report", str(report))
    assert result.code == 0, result.err  # a warning, not a refusal
    data = result.json()
    assert data["written"] is True and data["issues"] == []
    [warning] = data["warnings"]
    assert (warning["row"], warning["field"], warning["code"]) == (L.S_ROWS["multimeter"], "valid_until",
                                                                   "standard.validity_too_long")
    ws = load_workbook(report)["计量标准"]
    assert ws[cell].comment is not None and "4 年" in ws[cell].comment.text
    assert ws[cell].fill.fgColor.rgb.endswith("FFEB9C")  # yellow: a warning
    assert query(own_home, "SELECT valid_until FROM standard WHERE certificate_no = ?", L.MULTIMETER) == [
        ("2028-08-31",)]


def test_the_columns_an_import_does_not_read_are_named_in_its_output_and_json(own_home: Path, tmp_path: Path) -> None:
    """A JJF 1033 申请书's instrument range, accuracy, 检定周期 and 末次检定或校准日期 were silently
    left out: the import now names each column it does not read, by letter and header."""
    from tests.ledger import published_forms as PF

    path = PF.jjf1033_application(tmp_path / "申请书.xlsx")
    data = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--json").json()
    assert data["unread_columns"] == [
        {"column": "J", "header": "计量标准器 / 测量范围"},
        {"column": "K", "header": "计量标准器 / 不确定度或准确度等级或最大允许误差"},
        {"column": "M", "header": "计量标准器 / 检定周期或复校间隔"},
        {"column": "N", "header": "计量标准器 / 末次检定或校准日期"}]
    again = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards")
    assert again.code == 0, again.err
    assert "未读取的列（没有对应的字段，其内容不导入）：" in again.out
    assert "  M“计量标准器 / 检定周期或复校间隔”" in again.out
    english = run_cli("--home", str(own_home), "--lang", "en", "import-excel", str(path), "--kind", "standards")
    assert "Columns not read (no field holds them; their cells are not imported):" in english.out
    assert "  N '计量标准器 / 末次检定或校准日期'" in english.out


def test_a_totals_row_with_its_count_in_a_cell_of_its_own_is_skipped(own_home: Path, tmp_path: Path) -> None:
    """Institutes close a ledger with 合计 in the 序号 column and the count beside it ("7 项",
    or a bare 7 under 计量标准名称): such a row was read as a record without a certificate
    number, so the whole ledger was refused for a line that only counts the others."""
    head = ["序号", "计量标准名称", "证书编号", "计量标准代码", "类别", "测量范围", "准确度", "有效期至"]
    good = [1, "压力标准", "[2023]沪量标证字第0001号", "12113100", "社会公用", "(0~60)MPa", "0.05级", "2027-01-01"]
    for total in (["合计", "1 项"], ["合计", 1], ["总 计", None, "共1项"]):
        path = L.simple_ledger(tmp_path / "台账.xlsx", [head, good, total])
        result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--dry-run",
                         "--json")
        assert result.code == 0, (total, result.err)
        data = result.json()
        assert (data["rows"], data["valid"], data["invalid"]) == (1, 1, 0), total
    # a row that starts with 合计 but holds a record's values is still a record, and refused as one
    path = L.simple_ledger(tmp_path / "台账.xlsx", [head, good, ["合计", "温度标准", None, "04113100"]])
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--dry-run", "--json")
    assert result.code == 1 and result.json()["invalid"] == 1
