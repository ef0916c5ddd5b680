"""A standard's several parameters from a ledger (issue 18): listed in one cell, in a parameter
column, on continuation rows (merged or repeated cells); an uncertainty given with an MPE.

Real .xlsx ledgers written by openpyxl, imported through the service (and once through the
CLI as a process); refusals name the sheet, row, column and rule and write nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import ledger as svc
from tests.conftest import run_cli
from tests.ledger.conftest import db_dump, query
from tests.ledger.ledgers import simple_ledger

HEADERS = ["序号", "计量标准名称", "证书编号", "计量标准代码", "计量标准类别", "被测参数", "测量范围",
           "不确定度/准确度等级/最大允许误差", "有效期至", "主标准器名称"]
COL = {h: chr(ord("A") + i) for i, h in enumerate(HEADERS)}  # 被测参数 F, 测量范围 G, 准确度 H
SHEET = "计量标准"
CALIBRATOR = "[2023]沪量标证字第0701号"
THERMO = "[2023]沪量标证字第0702号"
GAUGE = "[2023]沪量标证字第0703号"


def _ledger(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    return simple_ledger(path, [HEADERS, *rows], merges, SHEET)


def _standard(seq: int, name: str, cert: str, code: str, param: str | None, rng: str | None, acc: str | None,
              instrument: str | None = None) -> list[Any]:
    return [seq, name, cert, code, "社会公用计量标准", param, rng, acc, "2028-06-30", instrument]


def _more(param: str | None, rng: str | None, acc: str | None, instrument: str | None = None) -> list[Any]:
    """A continuation row: the standard's own cells empty."""
    return [None, None, None, None, None, param, rng, acc, None, instrument]


def _check(reg: Registry, path: Path) -> svc.LedgerCheck:
    with svc.open_ledger(path) as book:
        grid = svc.read_sheet(book, svc.best_sheet(book, "standards"))
        mapping = svc.propose_mapping(reg, grid, "standards", svc.find_header(grid, "standards"), [])
        return svc.check_ledger(reg, grid, mapping)


def _capabilities(home: Path, cert: str) -> list[tuple[Any, ...]]:
    return query(home, "SELECT c.parameter, c.range_text, c.accuracy_text, c.conditions, c.range_max, c.unit, "
                       "c.accuracy_kind FROM capability c JOIN standard s ON s.id = c.standard_id "
                       "WHERE s.certificate_no = ? ORDER BY c.position", cert)


def _own(home: Path, cert: str) -> tuple[Any, ...]:
    return query(home, "SELECT range_text, accuracy_text FROM standard WHERE certificate_no = ?", cert)[0]


def test_parameters_listed_in_one_cell_become_one_row_each(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    path = _ledger(tmp_path / "listed.xlsx", [
        # range and accuracy in one cell, the parameter as a leading word; the accuracy cell empty
        _standard(1, "多功能校准器标准装置", CALIBRATOR, "15114500", None,
                  "DCV (0~1000)V U=0.002%,k=2; ACV (0~750)V U=0.05%,k=2", None),
        # names before a colon, the ranges and accuracies each in their own cell, line breaks between
        _standard(2, "温度二次仪表标准装置", THERMO, "04113500", None,
                  "热电偶：(-200~1800)℃\n热电阻：(-200~850)℃", "U=0.3℃,k=2\nU=0.1℃,k=2"),
        # a parameter column; an uncertainty given with an MPE in one cell is one row
        _standard(3, "精密压力表标准装置", GAUGE, "12113100", "压力", "(0~6)MPa", "U=0.02%,k=2；MPE: ±0.05%"),
    ])
    outcome = svc.import_checked(reg, _check(reg, path))
    assert (outcome.added, outcome.written) == (3, True)
    assert _capabilities(own_home, CALIBRATOR) == [
        ("DCV", "(0~1000)V", "U=0.002%,k=2", None, 1000.0, "V", "Urel"),
        ("ACV", "(0~750)V", "U=0.05%,k=2", None, 750.0, "V", "Urel"),
    ]
    assert _own(own_home, CALIBRATOR) == ("(0~1000)V", "U=0.002%,k=2")  # the first row is the standard's own
    assert [(p, r, a) for p, r, a, *_x in _capabilities(own_home, THERMO)] == [
        ("热电偶", "(-200~1800)℃", "U=0.3℃,k=2"), ("热电阻", "(-200~850)℃", "U=0.1℃,k=2")]
    # the uncertainty is the row's accuracy (what a CMC states); the MPE is kept as its conditions
    assert _capabilities(own_home, GAUGE) == [("压力", "(0~6)MPa", "U=0.02%,k=2", "MPE: ±0.05%", 6e6, "Pa", "Urel")]


def test_continuation_rows_in_merged_cells_are_parameters_of_one_standard(own_home: Path, tmp_path: Path) -> None:
    rows = [
        _standard(1, "多功能校准器标准装置", CALIBRATOR, "15114500", "直流电压", "(0~1000)V", "U=0.002%,k=2", "多功能校准器"),
        _more("交流电压 1kHz", "1mV~750V", "U=0.05%,k=2", "数字多用表"),
        _more("直流电阻", "(1Ω~100MΩ)", "Urel=5×10⁻⁵ (k=2)"),
        _standard(2, "精密压力表标准装置", GAUGE, "12113100", None, "(0~6)MPa", "0.02级", "活塞式压力计"),
    ]
    # the standard's own cells merged down over its three rows, as 计量标准 ledgers print them
    merges = tuple(f"{COL[h]}2:{COL[h]}4" for h in ("序号", "计量标准名称", "证书编号", "计量标准代码", "计量标准类别", "有效期至"))
    path = _ledger(tmp_path / "续行.xlsx", rows, merges)
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--json")
    assert result.code == 0, result.err
    assert (result.json()["added"], result.json()["rows"]) == (2, 2)
    assert _capabilities(own_home, CALIBRATOR) == [
        ("直流电压", "(0~1000)V", "U=0.002%,k=2", None, 1000.0, "V", "Urel"),
        ("交流电压 1kHz", "1mV~750V", "U=0.05%,k=2", None, 750.0, "V", "Urel"),
        ("直流电阻", "(1Ω~100MΩ)", "Urel=5×10⁻⁵ (k=2)", None, 1e8, "ohm", "Urel"),
    ]
    assert query(own_home, "SELECT count(*) FROM instrument i JOIN standard s ON s.id = i.standard_id "
                           "WHERE s.certificate_no = ?", CALIBRATOR) == [(2,)]
    assert _capabilities(own_home, GAUGE) == [(None, "(0~6)MPa", "0.02级", None, 6e6, "Pa", "class")]


def test_repeated_standard_cells_each_row_a_parameter_and_a_reimport_changes_nothing(
        reg: Registry, own_home: Path, tmp_path: Path) -> None:
    """The CNAS CMC table's layout: the standard's cells repeated on every parameter's row."""
    name, code = "多功能校准器标准装置", "15114500"
    path = _ledger(tmp_path / "cmc.xlsx", [
        _standard(1, name, CALIBRATOR, code, "直流电压", "(0~1000)V", "U=0.002%,k=2"),
        _standard(2, name, CALIBRATOR, code, "交流电压", "(0~750)V", "U=0.05%,k=2"),
    ])
    assert svc.import_checked(reg, _check(reg, path)).added == 1
    assert [r[0] for r in _capabilities(own_home, CALIBRATOR)] == ["直流电压", "交流电压"]
    again = svc.import_checked(reg, _check(reg, path))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)


def _refused(reg: Registry, home: Path, path: Path) -> list[svc.LedgerIssue]:
    before = db_dump(home)
    check = _check(reg, path)
    with pytest.raises(DomainError) as err:
        svc.import_checked(reg, check)
    assert err.value.code == "ledger.invalid"
    assert db_dump(home) == before
    return check.errors


def test_counts_that_cannot_be_paired_are_refused_at_the_cell(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    path = _ledger(tmp_path / "mismatch.xlsx", [
        _standard(1, "温度二次仪表标准装置", THERMO, "04113500", None, "(-200~1800)℃；(-200~850)℃",
                  "U=0.3℃,k=2；U=0.1℃,k=2；U=0.5℃,k=2"),
        _standard(2, "多功能校准器标准装置", CALIBRATOR, "15114500", "直流电压、交流电压、电阻",
                  "(0~1000)V；(0~750)V", "U=0.002%,k=2；U=0.05%,k=2"),
    ])
    errors = _refused(reg, own_home, path)
    assert [(e.sheet, e.row, e.column_letter, e.code) for e in errors] == [
        (SHEET, 2, "H", "ledger.capability_count"), (SHEET, 3, "F", "ledger.parameter_count")]
    count = errors[0].render("zh")
    assert count.startswith("计量标准!H2: 不确定度/准确度等级/最大允许误差") and "2 项" in count and "3 项" in count
    assert "cannot be paired" in errors[0].render("en") and "3 items" in errors[1].render("en")


def test_a_continuation_row_before_any_standard_is_named(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    path = _ledger(tmp_path / "orphan.xlsx", [
        _more("交流电压", "(0~750)V", "U=0.05%,k=2"),
        _standard(1, "多功能校准器标准装置", CALIBRATOR, "15114500", "直流电压", "(0~1000)V", "U=0.002%,k=2"),
    ])
    errors = _refused(reg, own_home, path)
    assert [(e.row, e.column_letter, e.code) for e in errors] == [(2, "C", "ledger.continuation_first")]
    assert "其上方却没有所属的记录" in errors[0].message("zh") and "no record above it" in errors[0].message("en")


def test_a_continuation_rows_unreadable_accuracy_is_named_at_its_own_cell(
        reg: Registry, own_home: Path, tmp_path: Path) -> None:
    rows = [
        _standard(1, "多功能校准器标准装置", CALIBRATOR, "15114500", "直流电压", "(0~1000)V", "U=0.002%,k=2"),
        _more("交流电压", "(0~750)V", "很准"),
    ]
    errors = _refused(reg, own_home, _ledger(tmp_path / "bad-acc.xlsx", rows, ("C2:C3", "B2:B3")))
    assert [(e.row, e.column_letter, e.code, e.field, e.value) for e in errors] == [
        (3, "H", "accuracy.unparseable", "capabilities[1].accuracy_text", "很准")]


def test_an_error_value_in_a_parameters_range_is_named_once(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    """The standard's own range cell is also its first capability row's: one cell, one message."""
    rows = [_standard(1, "多功能校准器标准装置", CALIBRATOR, "15114500", "直流电压", "#N/A", "U=0.002%,k=2"),
            _more("交流电压", "(0~750)V", "U=0.05%,k=2")]
    errors = _refused(reg, own_home, _ledger(tmp_path / "na.xlsx", rows))
    assert [(e.row, e.column_letter, e.code) for e in errors] == [(2, "G", "ledger.cell_error")]


def test_a_cell_of_several_ranges_refused_for_one_names_the_whole_cell_and_the_part(
        reg: Registry, own_home: Path, tmp_path: Path) -> None:
    """"DCV (0~10)V; ACV (0,100) mV" in one 测量范围 cell: the refusal quoted 'ACV (0,100) mV' as
    the cell's value, which the cell does not hold. It names the whole cell (sheet, row, column)
    and which item fails, with the rule and the range that item may be; the accuracy cell alike."""
    rows = [
        _standard(1, "多功能校准器标准装置", CALIBRATOR, "15114500", None, "DCV (0~10)V; ACV (0,100) mV",
                  "U=0.002%,k=2; U=0.05%,k=2"),
        _standard(2, "温度二次仪表标准装置", THERMO, "04113500", None, "热电偶：(-200~1800)℃\n热电阻：(0,850)℃",
                  "U=0.3℃,k=2\nU=0,1℃,k=2"),
    ]
    path = _ledger(tmp_path / "parts.xlsx", rows)
    errors = _refused(reg, own_home, path)
    assert [(e.row, e.column_letter, e.code, e.value) for e in errors] == [
        (2, "G", "range.bracket_commas", "DCV (0~10)V; ACV (0,100) mV"),
        (3, "G", "range.bracket_comma", "热电偶：(-200~1800)℃\n热电阻：(0,850)℃"),
        (3, "H", "accuracy.comma", "U=0.3℃,k=2\nU=0,1℃,k=2")]
    assert errors[0].render("en") == (
        "计量标准!G2: 测量范围 = 'DCV (0~10)V; ACV (0,100) mV': item 2 of the cell, 'ACV (0,100) mV': a comma inside "
        "brackets is ambiguous (thousands, a decimal point, or a range?): write a range with '~', as (0~100) mV; a "
        "value without a comma (the decimal point is '.')")
    assert errors[1].message("zh").startswith("单元格中第 2 项“热电阻：(0,850)℃”：括号内的逗号有歧义") and \
        "若是范围请写作 (0~850)°C" in errors[1].message("zh")
    assert errors[2].message("en").startswith("item 2 of the cell, 'U=0,1℃,k=2': a comma in an accuracy")
    result = run_cli("--home", str(own_home), "--lang", "en", "import-excel", str(path), "--kind", "standards")
    assert result.code == 1 and (
        "计量标准!G2: 测量范围 = 'DCV (0~10)V; ACV (0,100) mV': item 2 of the cell, 'ACV (0,100) mV': " in result.out)
    issues = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--json").json()
    first = issues["issues"][0]
    assert first["value"] == "DCV (0~10)V; ACV (0,100) mV", first
    assert first["message"].startswith("单元格中第 2 项“ACV (0,100) mV”："), first


@pytest.mark.parametrize("written", ["0,100 mV", "1,5 V", "1234,567 Pa"])
def test_a_range_cell_whose_comma_is_ambiguous_is_refused_not_split_at_it(
        reg: Registry, own_home: Path, tmp_path: Path, written: str) -> None:
    """"0,100 mV" in a 测量范围 cell was split at its comma as a parameter's name and a range:
    parameter "0", range 100 mV (0.1 V to 0.1 V), stored without a word. The editor and
    add-standard refuse it by the comma rule; the ledger refuses it at its cell the same way."""
    path = _ledger(tmp_path / "comma.xlsx", [
        _standard(1, "多功能校准器标准装置", CALIBRATOR, "15114500", None, written, "U=0.01%,k=2")])
    errors = _refused(reg, own_home, path)
    assert [(e.row, e.column_letter, e.value) for e in errors] == [(2, "G", written)], errors
    assert errors[0].code.startswith("range.") and "comma" in errors[0].code, errors[0].code


@pytest.mark.parametrize(("ranges", "accuracies", "column", "item"), [
    ("(0~10)V; (0~100)V; (0~10)", "U=0.01%,k=2", "G", "item 3 of the cell, '(0~10)'"),
    ("(0~10)V; (0~20)V", "U=0.1%,k=2; 0.1%", "H", "item 2 of the cell, '0.1%'"),
])
def test_the_refused_item_of_a_cell_is_the_one_named_not_an_earlier_one_holding_its_text(
        reg: Registry, own_home: Path, tmp_path: Path, ranges: str, accuracies: str, column: str, item: str) -> None:
    """The item was found by its text inside the items: '(0~10)' is inside item 1, '(0~10)V',
    which was blamed for item 3's missing unit."""
    path = _ledger(tmp_path / "items.xlsx", [
        _standard(1, "多功能校准器标准装置", CALIBRATOR, "15114500", None, ranges, accuracies)])
    errors = _refused(reg, own_home, path)
    assert [e.column_letter for e in errors] == [column], errors
    assert item in errors[0].message("en"), errors[0].message("en")
def test_a_frequency_in_a_range_cell_is_refused_at_the_cell(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    """'(0~750)V 1kHz' in a 测量范围 cell was stored as V times kHz; a parameter cell holding the
    range, '交流电流 (0~20)A', with '50Hz' for the range, as the frequency's range."""
    rows = [_standard(1, "多功能校准器标准装置", CALIBRATOR, "15114500", "交流电压", "(0~750)V 1kHz", "U=0.01%,k=2"),
            _more("交流电流 (0~20)A", "50Hz", "U=0.02%,k=2")]
    errors = _refused(reg, own_home, _ledger(tmp_path / "freq.xlsx", rows, ("C2:C3", "B2:B3")))
    assert [(e.row, e.column_letter, e.code) for e in errors] == [
        (2, "G", "range.second_amount"), (3, "G", "capability.range_in_parameter")]
    assert "测量范围只写“(0~750)V”" in errors[0].message("zh")
    assert "请写作参数“交流电流 50Hz”、测量范围“(0~20)A”" in errors[1].message("zh")


def test_a_row_number_column_is_not_named_among_the_columns_not_read(reg: Registry, own_home: Path,
                                                                       tmp_path: Path) -> None:
    """序号 numbers the rows: nothing is lost by not reading it, and naming it after every import
    ("未读取的列：A 序号") would teach the user to skip the list. The other unread columns still are."""
    path = simple_ledger(tmp_path / "序号.xlsx", [
        [*HEADERS, "柜号 Cabinet"],
        [*_standard(1, "多功能校准器标准装置", CALIBRATOR, "15114500", None, "(0~10)V", "U=0.01%,k=2"), "无"]], (), SHEET)
    assert _check(reg, path).mapping.unread_columns() == [{"column": "K", "header": "柜号 Cabinet"}]
