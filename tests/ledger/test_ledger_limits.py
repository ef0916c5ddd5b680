"""Ledgers beyond what the database or Excel can hold: over-long texts, duplicate sheet names,
and reports whose memory does not grow with the other sheets of the workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from labregistry.errors import DomainError
from labregistry.ledger.report import OTHER_SHEETS_BUDGET
from labregistry.registry import Registry
from labregistry.services import ledger as svc
from tests.fuzz import xlsxkit as K
from tests.ledger import ledgers as L
from tests.ledger.conftest import db_dump, query

SHEET_PART = "xl/worksheets/sheet1.xml"


def _with_cells(path: Path, cells: dict[str, str]) -> Path:
    """The ledger at ``path`` with ``cells`` written as inline strings into its first sheet.

    Written into the XML, not through openpyxl, which cuts a text to 32,767 characters.
    """
    parts = K.parts_of(path.read_bytes())
    xml = parts[SHEET_PART]
    for ref, text in cells.items():
        xml = K.set_cell(xml, ref, K.inline_cell(ref, text))
    parts[SHEET_PART] = xml
    path.write_bytes(K.zip_bytes(parts))
    return path


def _check(path: Path, kind: str) -> svc.LedgerCheck:
    with svc.open_ledger(path) as book:
        grid = svc.read_sheet(book, svc.best_sheet(book, kind))
        mapping = svc.propose_mapping(None, grid, kind, svc.find_header(grid, kind))
        return svc.check_ledger(None, grid, mapping)


def _errors(check: svc.LedgerCheck) -> dict[str, Any]:
    return {f"{i.sheet}!{i.cell}": i for i in check.errors}


def test_a_text_longer_than_its_column_is_a_problem_at_its_cell_with_the_others(
    reg: Registry, own_home: Path, tmp_path: Path
) -> None:
    """PostgreSQL refused the whole import with DataError; SQLite stored the text."""
    path = L.standards_good_only(tmp_path / "s.xlsx")
    row, cont = L.S_ROWS["frequency"], L.S_ROWS["pressure_2"]
    _with_cells(path, {f"B{row}": "频" * 201, f"J{cont}": "器" * 201, f"H{row}": "下个月"})
    before = db_dump(own_home)
    run = svc.run_import(reg, path, "standards")
    errors = _errors(run.check)
    assert set(errors) == {f"计量标准!B{row}", f"计量标准!H{row}", f"计量标准!J{cont}"}  # all at once
    name = errors[f"计量标准!B{row}"]
    assert (name.code, name.field, name.value) == ("ledger.too_long", "name", None)
    assert "201" in name.message("en") and "200" in name.message("en")
    assert "201" in name.message("zh") and "200" in name.message("zh")
    assert errors[f"计量标准!J{cont}"].field == "instruments[1].name"
    assert not run.outcome.written and db_dump(own_home) == before

    outcome = svc.run_import(reg, path, "standards", valid_only=True).outcome
    assert outcome.written and outcome.added == 2  # the voltage and multimeter standards
    assert query(own_home, "SELECT MAX(LENGTH(name)) FROM standard")[0][0] <= 200
    assert query(own_home, "SELECT MAX(LENGTH(name)) FROM instrument")[0][0] <= 200


def test_the_items_of_a_credential_are_checked_one_by_one(tmp_path: Path) -> None:
    """One cell holds several items, each stored in a column of its own."""
    path = _with_cells(L.staff_ledger(tmp_path / "p.xlsx"), {"H4": "压力表、" + "项" * 201, "B6": "部" * 101})
    errors = _errors(_check(path, "staff"))
    items, department = errors["人员!H4"], errors["人员!B6"]
    assert (items.code, items.field) == ("ledger.too_long", "credentials[0].items")
    assert (department.code, department.field) == ("ledger.too_long", "department")
    assert "100" in department.message("en") and "101" in department.message("zh")


def test_a_cell_longer_than_excel_allows_is_a_problem_even_where_the_column_has_no_limit(tmp_path: Path) -> None:
    """Notes are stored without a length; Excel cuts a cell beyond 32,767 characters."""
    row = L.S_ROWS["multimeter"]
    path = _with_cells(L.standards_good_only(tmp_path / "s.xlsx"), {f"O{row}": "注" * 32_768})
    check = _check(path, "standards")
    issue = _errors(check)[f"计量标准!O{row}"]
    assert (issue.code, issue.field, issue.value) == ("ledger.cell_too_long", "notes", None)
    for lang in ("zh", "en"):
        assert "32768" in issue.message(lang) and "32767" in issue.message(lang)
        assert len(issue.render(lang)) < 300  # the text itself is not repeated
    assert check.invalid == 1
    with svc.open_ledger(path) as book:
        report = svc.write_report(book, check, tmp_path / "r.xlsx", "en")
    cell = load_workbook(report)["计量标准"][f"O{row}"]
    assert cell.comment is not None and "32767" in cell.comment.text and len(cell.value) == 32_767


def test_a_sheet_name_listed_twice_is_refused_naming_the_file_and_the_sheet(tmp_path: Path) -> None:
    """Excel compares sheet names ignoring case, and shows one of the two."""
    wb = Workbook()
    wb.active.title = "Ledger"
    wb.create_sheet("Other")
    path = tmp_path / "twice.xlsx"
    wb.save(path)
    parts = K.parts_of(path.read_bytes())
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="Other"', b'name="LEDGER"')
    path.write_bytes(K.zip_bytes(parts))
    with pytest.raises(DomainError) as err:
        svc.open_ledger(path)
    assert err.value.code == "ledger.duplicate_sheet"
    for lang in ("zh", "en"):
        assert "twice.xlsx" in err.value.render(lang) and "LEDGER" in err.value.render(lang)


def test_a_report_leaves_out_other_sheets_beyond_its_budget(tmp_path: Path) -> None:
    """openpyxl holds every cell of every sheet it loads: a large data sheet next to the
    ledger made the report cost gigabytes. Small sheets are still copied."""
    path = L.standards_ledger(tmp_path / "s.xlsx")
    wb = load_workbook(path)
    big = wb.create_sheet("附表")
    for r in range(1, 5001):
        big.append([r * 1000 + c for c in range(10)])
    wb.save(path)
    sizes = {name: len(xml) for name, xml in K.parts_of(path.read_bytes()).items()}
    assert sizes["xl/worksheets/sheet3.xml"] > OTHER_SHEETS_BUDGET
    check = _check(path, "standards")
    with svc.open_ledger(path) as book:
        report = load_workbook(svc.write_report(book, check, tmp_path / "r.xlsx", "en"))
    assert report.sheetnames == ["计量标准", "统计", "附表"]
    assert report["统计"]["B2"].value == 4
    left_out = report["附表"]
    assert left_out.max_row == 1 and "s.xlsx" in left_out["A1"].value
    assert report["计量标准"][f"F{L.S_ROWS['bad']}"].comment is not None
