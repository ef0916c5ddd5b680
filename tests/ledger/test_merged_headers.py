"""Headers over two rows with merged cells: every column is read, or the ledger is refused
naming the cell. A column is never left out in silence (once "0.04 ~ 6 MPa" in 下限 | 上限
columns was stored as "0.04 MPa").

The ledgers are real files: written by openpyxl with merged cells, and the same opened
and saved again by LibreOffice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment

from tests.conftest import run_cli
from tests.xlsx.conftest import lo_convert  # noqa: F401  (the fixture)
from tests.ledger.conftest import db_dump, query

PRESSURE = "[2023]沪量标证字第0123号"
DIGITAL = "[2023]沪量标证字第0124号"


def two_row_ledger(path: Path, *, range_banner: str = "测量范围（MPa）", accuracy_split: bool = False) -> Path:
    """A ledger as institutes draw them: 测量范围 over 下限 | 上限, 证书 over 编号 | 有效期,
    the other headers merged down over both rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "计量标准"
    ws["A1"] = "上海市计量测试技术研究院 计量标准台账"
    ws.merge_cells("A1:J1")
    for col, text in {"A": "序号", "B": "计量标准名称", "C": "代码", "D": "类别", "I": "发证日期", "J": "备注"}.items():
        ws[f"{col}2"] = text
        ws.merge_cells(f"{col}2:{col}3")
    ws["E2"] = range_banner
    ws.merge_cells("E2:F2")
    ws["E3"], ws["F3"] = "下限", "上限"
    ws["G2"] = "证书"
    ws.merge_cells("G2:H2")
    ws["G3"], ws["H3"] = "编号", "有效期"
    if accuracy_split:  # 准确度 over U | k: two columns that are one field, and not a range
        ws.insert_cols(11, 2)
        ws["K2"] = "准确度"
        ws.merge_cells("K2:L2")
        ws["K3"], ws["L3"] = "U", "k"
    else:
        ws["K2"] = "准确度等级"
        ws.merge_cells("K2:K3")
    for cell in ws[2] + ws[3]:
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = [
        [1, "精密压力表标准装置", "12113100", "社会公用", 0.04, 6, PRESSURE, "2027-05-30", "2023-05-31", None],
        [2, "数字压力计标准装置", "12113100", "社会公用", 0.1, 60, DIGITAL, "2028-01-31", "2024-02-01", None],
    ]
    for n, row in enumerate(rows, start=4):
        for col, value in enumerate(row, start=1):
            ws.cell(n, col, value)
        if accuracy_split:
            ws.cell(n, 11, "U=0.02%, k=2")
            ws.cell(n, 12, 2)
        else:
            ws.cell(n, 11, "0.05级")
    wb.save(path)
    return path


def _ranges(home: Path) -> dict[str, tuple[Any, ...]]:
    rows = query(home, "SELECT certificate_no, range_text, range_min, range_max, unit, valid_until FROM standard")
    return {str(r[0]): tuple(r[1:]) for r in rows}


EXPECTED = {
    PRESSURE: ("(0.04~6)MPa", 40000.0, 6000000.0, "Pa", "2027-05-30"),
    DIGITAL: ("(0.1~60)MPa", 100000.0, 60000000.0, "Pa", "2028-01-31"),
}


def test_a_range_over_lower_and_upper_columns_is_read_whole(own_home: Path, tmp_path: Path) -> None:
    ledger = two_row_ledger(tmp_path / "台账.xlsx")
    result = run_cli("--home", str(own_home), "--lang", "en", "import-excel", str(ledger), "--kind", "standards")
    assert result.code == 0, result.err
    assert "Measurement range <- E+F '测量范围（MPa） / 下限 + 测量范围（MPa） / 上限'" in result.out
    assert "Valid until <- H '证书 / 有效期'" in result.out and "Certificate No. <- G '证书 / 编号'" in result.out
    assert _ranges(own_home) == EXPECTED


def test_the_same_ledger_saved_again_by_libreoffice(
        own_home: Path, tmp_path: Path, lo_convert: Any,  # noqa: F811 - the fixture imported above
) -> None:
    (resaved,) = lo_convert([two_row_ledger(tmp_path / "ledger.xlsx")], tmp_path / "lo")
    result = run_cli("--home", str(own_home), "import-excel", str(resaved), "--kind", "standards", "--json")
    assert result.code == 0, result.err
    assert result.json()["mapping"]["range_text"] == "E"
    assert _ranges(own_home) == EXPECTED


def test_bounds_with_their_units_in_the_cells(own_home: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ledger = two_row_ledger(tmp_path / "台账.xlsx", range_banner="测量范围")
    wb = load_workbook(ledger)
    ws = wb.active
    ws["E4"], ws["F4"], ws["E5"], ws["F5"] = "0.04MPa", "6MPa", "0.1 MPa", "60 MPa"
    wb.save(ledger)
    assert run_cli("--home", str(own_home), "import-excel", str(ledger), "--kind", "standards").code == 0
    got = _ranges(own_home)
    assert got[PRESSURE] == ("0.04MPa~6MPa", *EXPECTED[PRESSURE][1:])
    assert got[DIGITAL] == ("0.1 MPa~60 MPa", *EXPECTED[DIGITAL][1:])


def test_two_columns_that_are_one_field_are_refused_naming_the_cell(own_home: Path, tmp_path: Path) -> None:
    ledger = two_row_ledger(tmp_path / "台账.xlsx", accuracy_split=True)
    before = db_dump(own_home)
    for lang, words in (("en", ("K2 '准确度'", "K U, L k", "column L would be left out", "--map")),
                        ("zh", ("K2“准确度”", "L 列会被丢掉", "--map"))):
        result = run_cli("--home", str(own_home), "--lang", lang, "import-excel", str(ledger), "--kind",
                         "standards", "--dry-run")
        lines = result.err.splitlines()
        assert result.code == 1 and len(lines) == 1 and lines[0].startswith("error: "), result.err
        assert all(w in lines[0] for w in words), lines[0]
    assert db_dump(own_home) == before

    # choosing the column by hand is knowing: the other one is then left out on purpose
    chosen = run_cli("--home", str(own_home), "import-excel", str(ledger), "--kind", "standards",
                     "--map", "accuracy_text=K")
    assert chosen.code == 0, chosen.err
    assert [r[0] for r in query(own_home, "SELECT accuracy_text FROM standard")] == ["U=0.02%, k=2"] * 2


@pytest.mark.parametrize(("low", "high", "unit", "text"), [
    (0.04, 6, "MPa", "(0.04~6)MPa"), (1e-05, 0.5, "V", "(0.00001~0.5)V"), ("-40", "150", "℃", "(-40~150)℃"),
    (0.04, None, "MPa", 0.04), (None, "6", None, "6"), ("0.04MPa", "6MPa", "MPa", "0.04MPa~6MPa"),
    (2.0, 10.0, None, "2~10"),
])
def test_joining_two_bounds(low: Any, high: Any, unit: str | None, text: Any) -> None:
    from labregistry.ledger.banners import joined

    assert joined(low, high, unit) == text
