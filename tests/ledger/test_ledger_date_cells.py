"""Date-typed cells (``<c t="d">``, ISO 8601 text): Excel writes them only for dates.

One whose text is not a date cannot be shown by Excel or WPS, so it must not be imported
as a text (a name, a certificate number): it is a problem of its record at that cell.
A valid one is read as the date it holds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from labregistry.registry import Registry
from labregistry.services import ledger as svc
from tests.conftest import run_cli
from tests.fuzz import xlsxkit as K
from tests.ledger import ledgers as L
from tests.ledger.conftest import db_dump, query

SHEET = "计量标准"
SHEET_PART = "xl/worksheets/sheet1.xml"
NAME_CELL = f"{L.S_COLS['name']}{L.S_ROWS['frequency']}"  # the frequency standard's name
INSTRUMENT_CELL = (
    f"{L.S_COLS['instruments.name']}{L.S_ROWS['pressure_2']}"  # the pressure standard's 2nd instrument
)
ISSUED_CELL = f"{L.S_COLS['issued_on']}{L.S_ROWS['voltage']}"  # the voltage standard's issue date


def _date_typed(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="d"><v>{text}</v></c>'.encode()


def _ledger(tmp_path: Path) -> Path:
    """The good standards ledger with two date-typed cells that hold no date, and one that does."""
    path = L.standards_good_only(tmp_path / "台账.xlsx")
    parts = K.parts_of(path.read_bytes())
    xml = parts[SHEET_PART]
    xml = K.set_cell(xml, NAME_CELL, _date_typed(NAME_CELL, "xyz"))
    xml = K.set_cell(xml, INSTRUMENT_CELL, _date_typed(INSTRUMENT_CELL, "2024-02-30T00:00:00"))
    xml = K.set_cell(xml, ISSUED_CELL, _date_typed(ISSUED_CELL, "2023-02-01T00:00:00"))
    parts[SHEET_PART] = xml
    path.write_bytes(K.zip_bytes(parts))
    return path


def test_a_date_typed_cell_without_a_date_refuses_its_record_through_the_service(
    reg: Registry, own_home: Path, tmp_path: Path
) -> None:
    path = _ledger(tmp_path)
    before = db_dump(own_home)
    run = svc.run_import(reg, path, "standards")
    errors = {f"{i.sheet}!{i.cell}": i for i in run.check.errors}
    assert set(errors) == {f"{SHEET}!{NAME_CELL}", f"{SHEET}!{INSTRUMENT_CELL}"}
    name, instrument = errors[f"{SHEET}!{NAME_CELL}"], errors[f"{SHEET}!{INSTRUMENT_CELL}"]
    assert (name.code, name.field, name.row) == ("ledger.cell_not_a_date", "name", L.S_ROWS["frequency"])
    assert (instrument.code, instrument.field) == ("ledger.cell_not_a_date", "instruments[1].name")
    for lang, words in (("zh", "日期"), ("en", "date")):
        assert "xyz" in name.message(lang) and words in name.message(lang)
        assert f"{SHEET}!{NAME_CELL}" in name.render(lang)
    assert (run.check.valid, run.check.invalid) == (2, 2)
    assert not run.outcome.written and db_dump(own_home) == before

    outcome = svc.run_import(reg, path, "standards", valid_only=True).outcome
    assert outcome.written and outcome.added == 2  # the voltage and multimeter standards
    names = {r[0] for r in query(own_home, "SELECT name FROM standard")}
    assert names == {"直流电压标准装置", "数字多用表检定装置"}  # never "xyz"


def test_a_valid_iso_date_in_a_date_typed_cell_is_read_as_that_date(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    with svc.open_ledger(path) as book:
        grid = svc.read_sheet(book, SHEET)
    row, col = L.S_ROWS["voltage"], ord(L.S_COLS["issued_on"]) - ord("A") + 1
    assert grid.value(row, col) == dt.datetime(2023, 2, 1)


def test_a_date_typed_cell_without_a_date_refuses_its_record_through_the_cli(
    own_home: Path, tmp_path: Path
) -> None:
    path = _ledger(tmp_path)
    args = ("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--json")
    before = db_dump(own_home)
    report = tmp_path / "report.xlsx"
    refused = run_cli(*args, "--report", str(report))
    assert refused.code == 1 and "Traceback" not in refused.err and str(report) in refused.err
    data = refused.json()
    assert (data["valid"], data["invalid"], data["written"]) == (2, 2, False)
    where = {(i["sheet"], i["row"], i["column"], i["field"], i["code"]) for i in data["issues"]}
    assert where == {
        (SHEET, L.S_ROWS["frequency"], L.S_COLS["name"], "name", "ledger.cell_not_a_date"),
        (
            SHEET,
            L.S_ROWS["pressure_2"],
            L.S_COLS["instruments.name"],
            "instruments[1].name",
            "ledger.cell_not_a_date",
        ),
    }
    assert all("日期" in i["message"] for i in data["issues"])
    assert db_dump(own_home) == before
    # the report (openpyxl cannot read such a cell: it shows as the text the file holds, marked)
    ws = load_workbook(report)[SHEET]
    commented = {c.coordinate for row in ws.iter_rows() for c in row if c.comment is not None}
    assert commented == {NAME_CELL, INSTRUMENT_CELL}
    assert ws[NAME_CELL].value == "xyz" and "xyz" in ws[NAME_CELL].comment.text

    english = run_cli(
        "--home", str(own_home), "--lang", "en", "import-excel", str(path), "--kind", "standards"
    )
    assert english.code == 1
    assert f"{SHEET}!{NAME_CELL}" in english.out and "not a date" in english.out
    assert db_dump(own_home) == before

    imported = run_cli(*args, "--valid-only")
    assert imported.code == 0, imported.err
    assert (imported.json()["added"], imported.json()["written"]) == (2, True)
    issued = query(own_home, "SELECT issued_on FROM standard WHERE certificate_no <> ?", L.MULTIMETER)
    assert issued == [("2023-02-01",)]
