"""Reading ledgers as people make them: the reader, header detection, mapping, grouping, issue placement."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook, load_workbook

from labregistry.errors import DomainError
from labregistry.ledger.fields import KINDS, STANDARDS, fold_header, header_keys
from labregistry.ledger.layout import match_header
from labregistry.services import ledger as svc
from tests.ledger import ledgers as L

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def _check(path: Path, kind: str, sheet: str | None = None) -> svc.LedgerCheck:
    with svc.open_ledger(path) as book:
        grid = svc.read_sheet(book, sheet or svc.best_sheet(book, kind))
        mapping = svc.propose_mapping(None, grid, kind, svc.find_header(grid, kind))
        return svc.check_ledger(None, grid, mapping)


def _openpyxl_values(path: Path, sheet: str) -> dict[tuple[int, int], Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, data_only=False)
    out = {}
    for row in wb[sheet].iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and not value.strip():
                value = None
            if value is not None and type(cell).__name__ != "MergedCell":
                out[(cell.row, cell.column)] = value
    return out


@pytest.mark.parametrize("builder", [L.standards_ledger, L.authorisations_ledger, L.staff_ledger])
def test_reader_gives_the_values_and_merges_openpyxl_gives(tmp_path: Path, builder: Any) -> None:
    path = builder(tmp_path / "ledger.xlsx")
    with svc.open_ledger(path) as book:
        for info in book.sheets:
            grid = book.read_sheet(info.name)
            mine = {(r, c): v for r, cells in grid.rows.items() for c, v in enumerate(cells, 1) if v is not None}
            theirs = _openpyxl_values(path, info.name)
            assert mine == theirs
            assert {type(v) for v in mine.values()} == {type(v) for v in theirs.values()}
            wb = openpyxl.load_workbook(path)
            merges = sorted((m.min_row, m.min_col, m.max_row, m.max_col) for m in wb[info.name].merged_cells.ranges)
            assert sorted(grid.merges) == merges


def test_shared_strings_rich_text_and_dates_read_like_openpyxl(tmp_path: Path) -> None:
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "证书编号"
    ws["B1"] = CellRichText(["测量", TextBlock(InlineFont(b=True), "范围")])
    ws["A2"] = dt.datetime(2025, 3, 1)
    ws["A2"].number_format = 'yyyy"年"m"月"d"日"'
    ws["B2"] = 45000
    ws["C2"] = 1.5
    ws["D2"] = True
    path = tmp_path / "rich.xlsx"
    wb.save(path)
    with svc.open_ledger(path) as book:
        grid = book.read_sheet(book.sheets[0].name)
    assert grid.value(1, 2) == "测量范围"
    assert grid.value(2, 1) == dt.datetime(2025, 3, 1)
    assert grid.value(2, 2) == 45000 and isinstance(grid.value(2, 2), int)
    assert grid.value(2, 3) == 1.5 and grid.value(2, 4) is True


def test_two_row_header_under_title_rows_is_found_and_mapped(tmp_path: Path) -> None:
    path = L.standards_ledger(tmp_path / "s.xlsx")
    with svc.open_ledger(path) as book:
        assert svc.best_sheet(book, "standards") == "计量标准"  # not the statistics sheet
        grid = svc.read_sheet(book, "计量标准")
    guess = svc.find_header(grid, "standards")
    assert (guess.row, guess.depth) == (L.S_HEADER_ROW, 2)
    mapping = svc.propose_mapping(None, grid, "standards", guess)
    expected = {k: v for k, v in L.S_COLS.items() if k != "seq"}
    assert mapping.letters() == dict(sorted(expected.items(), key=lambda kv: (len(kv[1]), kv[1])))
    assert mapping.data_start == L.S_HEADER_ROW + 2
    assert mapping.fields["instruments.calibration_due"].header == "主标准器 / 有效期"
    assert mapping.missing_required(STANDARDS) == []


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [
        ("standards", "证书编号", "certificate_no"),
        ("standards", "考核证书号", "certificate_no"),
        ("standards", "计量标准考核证书编号", "certificate_no"),
        ("standards", "证书号", "certificate_no"),
        ("standards", "Certificate No.", "certificate_no"),
        ("standards", "量程", "range_text"),
        ("standards", "测量范围（单位）", "range_text"),
        ("standards", "准确度等级", "accuracy_text"),
        ("standards", "最大允许误差", "accuracy_text"),
        ("standards", "不确定度/准确度等级/最大允许误差", "accuracy_text"),
        ("standards", "有效期", "valid_until"),
        ("standards", "证书有效期", "valid_until"),
        ("standards", "＊有效期至：", "valid_until"),
        ("standards", "检定证书编号", "instruments.calibration_cert_no"),
        ("standards", "检定有效期", "instruments.calibration_due"),
        ("standards", "发证日期", "issued_on"),
        ("standards", "计量标准负责人", "responsible_person"),
        ("standards", "Valid until", "valid_until"),
        ("standards", "设备名称及型号", "instruments.name"),
        ("authorisations", "授权类别", "form"),
        ("authorisations", "量程", "items.range_text"),
        ("staff", "注册证号", "credentials.certificate_no"),
        ("staff", "所在部门", "department"),
        ("staff", "姓名\nName", "name"),
    ],
)
def test_header_spellings(kind: str, header: str, field: str) -> None:
    matches = match_header(KINDS[kind], header_keys(header))
    assert matches and matches[0][0] == field, matches


def test_no_spelling_means_two_fields_within_a_kind() -> None:
    for spec in KINDS.values():
        seen: dict[str, str] = {}
        for f in spec.fields:
            for spelling in {fold_header(s) for s in f.all_spellings()}:
                assert seen.setdefault(spelling, f.key) == f.key, (spec.name, spelling, f.key, seen[spelling])


def test_rows_are_grouped_and_notes_skipped(tmp_path: Path) -> None:
    check = _check(L.standards_ledger(tmp_path / "s.xlsx"), "standards")
    firsts = [r.record.first_row for r in check.results]
    r = L.S_ROWS
    assert firsts == [r["pressure"], r["voltage"], r["frequency"], r["multimeter"], r["bad"]]
    pressure = check.results[0].record
    assert [c.row for c in pressure.children["instruments"]] == [6, 7, 8]
    assert [c.values["name"] for c in pressure.children["instruments"]] == ["精密数字压力计", "活塞式压力计", "  温湿度计 "]
    assert check.grouping.note_rows == [r["total"], r["note"], r["signature"]]
    assert (check.rows, check.valid, check.invalid) == (5, 4, 1)

    auth = _check(L.authorisations_ledger(tmp_path / "a.xlsx"), "authorisations")
    assert [len(x.record.children["items"]) for x in auth.results] == [3, 2, 1]
    staff = _check(L.staff_ledger(tmp_path / "p.xlsx"), "staff")
    assert [len(x.record.children.get("credentials", [])) for x in staff.results] == [2, 2, 0, 1]


def test_every_bad_value_is_placed_at_its_row_and_column(tmp_path: Path) -> None:
    check = _check(L.standards_ledger(tmp_path / "s.xlsx"), "standards")
    r, c = L.S_ROWS, L.S_COLS
    placed = {(i.row, i.column_letter, i.field, i.code) for i in check.errors}
    assert placed == {
        (r["bad"], c["range_text"], "range_text", "range.min_gt_max"),
        (r["bad"], c["issued_on"], "issued_on", "date.no_such_month"),  # 2023-13-45
        (r["bad_instrument"], c["instruments.calibration_due"], "instruments[1].calibration_due",
         "date.no_such_day"),  # 2025-02-30
    }
    line = next(i for i in check.errors if i.field == "range_text").render("zh")
    assert line.startswith(f"计量标准!{c['range_text']}{r['bad']}: 测量范围 = '(60~0)MPa': ")

    auth = _check(L.authorisations_ledger(tmp_path / "a.xlsx"), "authorisations")
    assert {(i.row, i.column_letter, i.field) for i in auth.errors} == {
        (L.A_ROWS["bad"], L.A_COLS["form"], "form"),
        (L.A_ROWS["bad"], L.A_COLS["valid_until"], "valid_until"),
    }
    staff = _check(L.staff_ledger(tmp_path / "p.xlsx"), "staff")
    assert {(i.row, i.column_letter, i.field) for i in staff.errors} == {
        (L.P_ROWS["bad"], L.P_COLS["credentials.kind"], "credentials[0].kind"),
        (L.P_ROWS["bad"], L.P_COLS["credentials.issued_on"], "credentials[0].issued_on"),
    }


def _simple(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    return L.simple_ledger(path, rows, merges)


HEAD = ["证书编号", "计量标准名称", "计量标准代码", "类别", "测量范围", "准确度", "有效期至", "设备名称"]
GOOD = ["[2023]沪量标证字第0001号", "压力标准", "12113100", "社会公用", "(0~60)MPa", "0.05级", "2027-01-01", "压力计"]


def test_blank_section_repeated_header_and_signature_rows_are_skipped(tmp_path: Path) -> None:
    second = ["[2023]沪量标证字第0002号", *GOOD[1:]]
    path = _simple(tmp_path / "x.xlsx", [HEAD, ["一、力学"], GOOD, [], HEAD, second,
                                         ["填表人：张三", None, "审核人：李四", None, "日期：2024-01-01"]])
    check = _check(path, "standards")
    assert check.rows == 2 and check.invalid == 0
    assert check.grouping.note_rows == [2, 7]
    assert check.grouping.header_rows == [5]


def test_a_different_value_inside_merged_key_cells_is_reported(tmp_path: Path) -> None:
    path = _simple(tmp_path / "x.xlsx", [HEAD, GOOD, [None, "另一个名称", None, None, None, None, None, "温度计"]],
                   merges=("A2:A3",))
    check = _check(path, "standards")
    assert check.rows == 1
    [issue] = check.errors
    assert (issue.row, issue.column_letter, issue.code) == (3, "B", "ledger.continuation_conflict")


def test_a_certificate_listed_twice_is_reported_on_the_second(tmp_path: Path) -> None:
    other = ["[2023]沪量标证字第0002号", *GOOD[1:]]
    again = ["［2023］沪量标证字第０００１号", *GOOD[1:]]  # the same number, typed full-width
    check = _check(_simple(tmp_path / "x.xlsx", [HEAD, GOOD, other, again]), "standards")
    [issue] = check.errors
    assert (issue.row, issue.column_letter, issue.code, issue.issue.params["row"]) == (4, "A", "ledger.duplicate", 2)


def test_error_cells_and_missing_columns_are_placed(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(HEAD[:2] + HEAD[3:])  # no code column
    ws.append(GOOD[:2] + GOOD[3:])
    ws["B2"] = "#N/A"
    ws["B2"].data_type = "e"
    path = tmp_path / "x.xlsx"
    wb.save(path)
    check = _check(path, "standards")
    assert check.missing_columns == ["code"]
    issues = {(i.row, i.column_letter, i.code) for i in check.errors}
    assert (2, "B", "ledger.cell_error") in issues
    assert (2, None, "value.required") in issues  # the code: no column, so the whole row
    [line] = [i.render("en") for i in check.errors if i.column is None]
    assert line == "Sheet!2:2: Standard code: is required"


def test_formula_hidden_and_unknown_sheets_are_refused(tmp_path: Path) -> None:
    path = L.standards_ledger(tmp_path / "f.xlsx", with_formula="O9")
    with svc.open_ledger(path) as book, pytest.raises(DomainError) as err:
        svc.read_sheet(book, "计量标准")
    assert err.value.code == "ledger.formula" and "计量标准!O9" in err.value.render("zh")
    wb = Workbook()
    wb.active.title = "A"
    wb.create_sheet("B").sheet_state = "hidden"
    wb.save(tmp_path / "h.xlsx")
    with svc.open_ledger(tmp_path / "h.xlsx") as book:
        assert [(s.name, s.visible) for s in book.sheets] == [("A", True), ("B", False)]
        with pytest.raises(DomainError) as err:
            book.read_sheet("B")
        assert err.value.code == "ledger.hidden_sheet"
        with pytest.raises(DomainError) as err:
            book.read_sheet("C")
        assert err.value.code == "ledger.unknown_sheet"


def test_progress_and_cancel_while_reading(tmp_path: Path) -> None:
    rows = [HEAD] + [[f"[2023]沪量标证字第{i:04d}号", *GOOD[1:]] for i in range(4500)]
    path = _simple(tmp_path / "big.xlsx", rows)
    seen: list[int] = []
    with svc.open_ledger(path) as book:
        grid = book.read_sheet("台账", progress=lambda done, _total: seen.append(done))
        assert len(grid.rows) == 4501 and seen == [2000, 4000]
        with pytest.raises(DomainError) as err:
            book.read_sheet("台账", cancel=lambda: True)
        assert err.value.code == "ledger.cancelled"


def test_every_ledger_message_exists_in_both_languages() -> None:
    import re

    import labregistry.commands.ledger_cmds
    import labregistry.ledger.report  # noqa: F401
    from labregistry import i18n

    root = Path(svc.__file__).parents[1]
    files = [*root.joinpath("ledger").glob("*.py"), root / "services" / "ledger.py", root / "commands" / "ledger_cmds.py"]
    codes: set[str] = set()
    for f in files:
        codes |= set(re.findall(r'"((?:ledger|template|record)\.[a-z_]+(?:\.[a-z_]+)*)"', f.read_text("utf-8")))
    assert len(codes) > 40
    assert sorted(c for c in codes if not i18n.known(c)) == []
    for code in codes:
        assert i18n.tr(code, "zh") != i18n.tr(code, "en") or code.endswith("mapped"), code


def test_report_marks_row_problems_on_the_first_cell_and_keeps_text_as_text(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(HEAD[:2] + HEAD[3:])  # no code column: every record lacks its code
    ws.append(GOOD[:2] + GOOD[3:])
    ws.append(["[2023]沪量标证字第0002号", "=不是公式", "社会公用", "(0~60)MPa", "0.05级", "2027-01-01", "压力计"])
    ws["B3"].data_type = "s"  # text that starts with "=", as Excel stores it when typed with a quote
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with svc.open_ledger(path) as book:
        grid = svc.read_sheet(book, "Sheet")
        mapping = svc.propose_mapping(None, grid, "standards", svc.find_header(grid, "standards"))
        check = svc.check_ledger(None, grid, mapping)
        out = svc.write_report(book, check, tmp_path / "r.xlsx", "en")
    report = load_workbook(out)
    sheet = report["Sheet"]
    assert sheet["A2"].comment is not None and "Standard code" in sheet["A2"].comment.text
    assert sheet["A2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["B3"].value == "=不是公式" and sheet["B3"].data_type == "s"
    with pytest.raises(DomainError) as err:
        svc.write_report(svc.open_ledger(path), check, path, "zh")  # never over the ledger itself
    assert err.value.code == "output.input"  # the file the import reads


def test_a_formula_in_another_sheet_does_not_hide_the_ledger_sheet(tmp_path: Path) -> None:
    path = L.standards_ledger(tmp_path / "s.xlsx")
    wb = load_workbook(path)
    wb["统计"]["B3"] = "=SUM(B2:B2)"
    wb.move_sheet("统计", offset=-1)
    wb.save(path)
    with svc.open_ledger(path) as book:
        choices = svc.sheet_choices(book, "standards")
        assert [(c.name, c.header_row) for c in choices] == [("统计", None), ("计量标准", L.S_HEADER_ROW)]
        assert svc.best_sheet(book, "standards") == "计量标准"
        svc.read_sheet(book, "计量标准")  # the sheet imported has no formula
        with pytest.raises(DomainError) as err:
            svc.read_sheet(book, "统计")
        assert "统计!B3" in err.value.render("zh")


def test_ledgers_saved_by_libreoffice_read_and_check_the_same(tmp_path: Path) -> None:
    from tests.ledger.conftest import libreoffice_resave

    kinds = {"standards": L.standards_ledger, "authorisations": L.authorisations_ledger, "staff": L.staff_ledger}
    originals = [builder(tmp_path / f"{kind}.xlsx") for kind, builder in kinds.items()]
    saved = libreoffice_resave(originals, tmp_path / "resaved")
    for kind, original, resaved in zip(kinds, originals, saved, strict=True):
        assert resaved.read_bytes() != original.read_bytes()
        with svc.open_ledger(resaved) as book:
            grid = book.read_sheet(book.sheets[0].name)
        mine = {(r, c): v for r, cells in grid.rows.items() for c, v in enumerate(cells, 1) if v is not None}
        assert mine == _openpyxl_values(resaved, book.sheets[0].name)
        a, b = _check(original, kind), _check(resaved, kind)
        assert [x.render("zh") for x in a.errors] == [x.render("zh") for x in b.errors]
        assert [r.validated for r in a.results] == [r.validated for r in b.results]
