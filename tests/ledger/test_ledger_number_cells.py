"""Number cells (``<c t="n">``) whose text is not a number as Excel writes one.

Python's ``int()`` and ``float()`` read ``1211_3100`` as 12113100 and ``１５１１３１００`` as
15113100, and the ledger reader took a number cell's text to them: an underscore passed as a
number, silently. A code typed with full-width digits is what a Chinese keyboard gives: read
on purpose (NFKC); an underscore is refused at its cell, naming file, sheet, row, column and
rule, and nothing is written.
"""

from __future__ import annotations

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
UNDERSCORED = f"{L.S_COLS['code']}{L.S_ROWS['frequency']}"  # the frequency standard's code
FULL_WIDTH = f"{L.S_COLS['code']}{L.S_ROWS['multimeter']}"  # the multimeter standard's code
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def _ledger(tmp_path: Path) -> tuple[Path, str, str]:
    """The good standards ledger with the frequency standard's code written ``1234_5678`` and
    the multimeter's in full-width digits, both as number cells; (path, the two codes)."""
    path = L.standards_good_only(tmp_path / "台账.xlsx")
    ws = load_workbook(path)[SHEET]
    frequency, multimeter = ("".join(str(ws[ref].value).split()).zfill(8) for ref in (UNDERSCORED, FULL_WIDTH))
    parts = K.parts_of(path.read_bytes())
    xml = K.set_cell(parts[SHEET_PART], UNDERSCORED,
                     f'<c r="{UNDERSCORED}" t="n"><v>{frequency[:4]}_{frequency[4:]}</v></c>'.encode())
    xml = K.set_cell(xml, FULL_WIDTH, f'<c r="{FULL_WIDTH}" t="n"><v>{multimeter.translate(_FULL)}</v></c>'.encode())
    parts[SHEET_PART] = xml
    path.write_bytes(K.zip_bytes(parts))
    return path, frequency, multimeter


def test_an_underscore_in_a_number_cell_is_refused_at_its_cell_and_full_width_digits_are_read(
    reg: Registry, own_home: Path, tmp_path: Path
) -> None:
    path, frequency, multimeter = _ledger(tmp_path)
    before = db_dump(own_home)
    run = svc.run_import(reg, path, "standards")
    [error] = run.check.errors
    assert (error.sheet, error.cell, error.code, error.field) == (
        SHEET, UNDERSCORED, "ledger.cell_not_a_number", "code")
    underscored = f"{frequency[:4]}_{frequency[4:]}"
    for lang, words in (("zh", "不是数字"), ("en", "not a number")):
        assert underscored in error.message(lang) and words in error.message(lang), error.message(lang)
        assert f"{SHEET}!{UNDERSCORED}" in error.render(lang)
    assert not run.outcome.written and db_dump(own_home) == before

    outcome = svc.run_import(reg, path, "standards", valid_only=True).outcome
    assert outcome.written and outcome.added == len(L.GOOD_STANDARDS) - 1
    codes = {r[0] for r in query(own_home, "SELECT code FROM standard")}
    assert multimeter in codes and frequency not in codes  # １５… read as the code it shows


def test_the_cli_names_file_sheet_row_column_and_rule(own_home: Path, tmp_path: Path) -> None:
    path, frequency, _multimeter = _ledger(tmp_path)
    before = db_dump(own_home)
    refused = run_cli("--home", str(own_home), "--lang", "en", "import-excel", str(path), "--kind", "standards",
                      "--json")
    assert refused.code == 1 and "Traceback" not in refused.err and path.name in refused.err, refused.err
    [issue] = refused.json()["issues"]
    assert (issue["sheet"], issue["row"], issue["column"], issue["field"], issue["code"]) == (
        SHEET, L.S_ROWS["frequency"], L.S_COLS["code"], "code", "ledger.cell_not_a_number")
    assert "not a number" in issue["message"] and f"{frequency[:4]}_{frequency[4:]}" in issue["message"]
    assert db_dump(own_home) == before


def test_a_kept_cell_prints_as_its_text_where_a_message_shows_it() -> None:
    """Readers outside the ledger's grouping (the interlaboratory results table) show a cell by
    ``str()``: a refused number cell said "not a number: CellNotANumber('1_0')" (review 11)."""
    from labregistry.interlab import resultstable
    from labregistry.ledger.reader import CellNotADate, CellNotANumber

    assert resultstable._shown(CellNotANumber("1_0")) == "1_0"
    assert str(CellNotADate("2026-13-01")) == "2026-13-01"
