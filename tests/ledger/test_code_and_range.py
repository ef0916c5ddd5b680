"""A standard's code and its range agree on the quantity, on every way in (the eighth trial).

A 热学 code (04..., temperature) with a pressure range was accepted from a ledger. The rule
(``domain.codes.DISCIPLINE_QUANTITIES``, checked by ``validate_standard``) is applied once for
the editor, ``add-standard`` and ledgers; here the two command-line ways, as processes: the
refusal names file, sheet, row, column and rule, and the database is exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.ledger.conftest import db_dump
from tests.ledger.ledgers import simple_ledger

HEADERS = ["序号", "计量标准名称", "证书编号", "计量标准代码", "计量标准类别", "测量范围",
           "不确定度/准确度等级/最大允许误差", "有效期至"]


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in err, err
    return lines[0]


def test_a_ledger_row_whose_range_is_not_of_its_codes_discipline_is_refused_at_the_cell(
        own_home: Path, tmp_path: Path) -> None:
    path = simple_ledger(tmp_path / "台账.xlsx", [
        HEADERS,
        [1, "二等铂电阻温度计标准装置", "[2023]沪量标证字第0801号", "04113500", "社会公用计量标准", "(-60~420)℃",
         "U=0.02℃,k=2", "2028-06-30"],
        [2, "二等铂电阻温度计标准装置", "[2023]沪量标证字第0802号", "04113500", "社会公用计量标准", "(0~60)MPa",
         "0.05级", "2028-06-30"]], (), "计量标准")
    before = db_dump(own_home)
    report = tmp_path / "report.xlsx"
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--json",
                     "--report", str(report))
    assert result.code == 1
    assert "台账“台账.xlsx”中 1 条记录有错误" in _one_error_line(result.err)
    [issue] = result.json()["issues"]
    assert (issue["sheet"], issue["row"], issue["column"], issue["field"], issue["code"]) == (
        "计量标准", 3, "F", "range_text", "standard_code.quantity")
    assert "计量标准代码 04113500 的一级代码 04 是热学，此测量范围是压力" in issue["message"], issue["message"]
    assert db_dump(own_home) == before

    english = run_cli("--home", str(own_home), "--lang", "en", "import-excel", str(path), "--kind", "standards",
                      "--json").json()["issues"][0]["message"]
    assert "the standard code 04113500 is of discipline 04, thermometry, and this range is a pressure" in english


def test_add_standard_refuses_a_range_not_of_its_codes_discipline(own_home: Path) -> None:
    before = db_dump(own_home)
    args = ("add-standard", "--name", "二等铂电阻温度计标准装置", "--code", "04113500", "--grade", "社会公用",
            "--certificate-no", "[2024]沪量标证字第0901号", "--valid-until", "2028-05-30", "--range", "(0~60)MPa",
            "--accuracy", "0.05级")
    line = _one_error_line(run_cli("--home", str(own_home), *args).err)
    assert "计量标准代码 04113500 的一级代码 04 是热学，此测量范围是压力" in line and "请核对计量标准代码或测量范围" in line
    line = _one_error_line(run_cli("--home", str(own_home), "--lang", "en", *args).err)
    assert "this range is a pressure" in line and "check the code or the range" in line
    assert db_dump(own_home) == before
