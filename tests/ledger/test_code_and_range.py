"""A standard's code and its range agree on the quantity, on every way in (the eighth trial).

A 热学 code (04..., temperature) with a pressure range was accepted from a ledger. The rule
(``domain.codes.DISCIPLINE_QUANTITIES``, checked by ``validate_standard``) is applied once for
the editor, ``add-standard`` and ledgers; here the two command-line ways, as processes: the
refusal names file, sheet, row, column and rule, and the database is exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from labregistry.config import resolve_home
from labregistry.storage import db
from tests.conftest import run_cli
from tests.ledger.conftest import db_dump, query
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


def _store_code(home: Path, certificate_no: str, code: str) -> None:
    """The code as a database kept from before the rule holds it (the rule judges entry only)."""
    engine = db.make_engine(resolve_home(home).db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE standard SET code = :code WHERE certificate_no = :no"),
                         {"code": code, "no": certificate_no})
    finally:
        engine.dispose()


def test_a_ledger_updating_a_standard_stored_before_the_rule_suspends_it_with_a_warning(
        own_home: Path, tmp_path: Path) -> None:
    """A standard stored with a 热学 code and a pressure range before the rule existed could not
    be suspended from the ledger: the row updating it was refused as if its code were entered
    anew. A row that leaves its code and its range's quantity as stored is imported with a
    warning at the range's cell saying what to correct; a row changing the code to another one
    that contradicts the range is refused, the database as it was."""
    number = "[2023]沪量标证字第0802号"
    row = [2, "二等活塞式压力计标准装置", number, "12113100", "社会公用计量标准", "(0~60)MPa", "0.05级", "2028-06-30"]
    first = simple_ledger(tmp_path / "台账.xlsx", [HEADERS, row], (), "计量标准")
    assert run_cli("--home", str(own_home), "import-excel", str(first), "--kind", "standards").code == 0
    _store_code(own_home, number, "04113500")

    suspended = simple_ledger(tmp_path / "台账2.xlsx", [[*HEADERS, "状态"], [*row[:3], "04113500", *row[4:], "暂停"]],
                              (), "计量标准")
    result = run_cli("--home", str(own_home), "import-excel", str(suspended), "--kind", "standards", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert (data["updated"], data["added"], data["invalid"]) == (1, 0, 0)
    [warning] = [w for w in data["warnings"] if w["code"] == "standard_code.quantity_stored"]
    assert (warning["row"], warning["column"]) == (2, "F")
    assert "计量标准代码 04113500 的一级代码 04 是热学，此测量范围是压力" in warning["message"], warning
    assert "此记录在该规则之前已保存" in warning["message"], warning
    assert query(own_home, "SELECT code, status FROM standard WHERE certificate_no = ?", number) == [
        ("04113500", "suspended")]

    before = db_dump(own_home)
    recoded = simple_ledger(tmp_path / "台账3.xlsx", [[*HEADERS, "状态"], [*row[:3], "04113600", *row[4:], "撤销"]],
                            (), "计量标准")
    refused = run_cli("--home", str(own_home), "import-excel", str(recoded), "--kind", "standards", "--json")
    assert refused.code == 1
    [issue] = refused.json()["issues"]
    assert (issue["row"], issue["column"], issue["code"]) == (2, "F", "standard_code.quantity")
    assert db_dump(own_home) == before
