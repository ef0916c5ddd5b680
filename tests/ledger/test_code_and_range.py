"""A standard's code and its range agree on the quantity, on every way in (the eighth trial).

A 热学 code (04..., temperature) with a pressure range was accepted from a ledger. The rule
(``domain.codes.DISCIPLINE_QUANTITIES``, checked by ``validate_standard``) is applied once for
the editor, ``add-standard`` and ledgers; here the two command-line ways, as processes: the
refusal names file, sheet, row, column and rule, and the database is exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
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


def _store(home: Path, certificate_no: str, column: str, value: str) -> None:
    """A value as a database kept from before a rule holds it (the rules judge entry only): the
    standard's code, or its accuracy (on the standard and the row its own range and accuracy make)."""
    engine = db.make_engine(resolve_home(home).db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"UPDATE standard SET {column} = :v WHERE certificate_no = :no"),
                         {"v": value, "no": certificate_no})
            if column == "accuracy_text":
                conn.execute(text("UPDATE capability SET accuracy_text = :v WHERE standard_id IN"
                                  " (SELECT id FROM standard WHERE certificate_no = :no)"), {"v": value, "no": certificate_no})
    finally:
        engine.dispose()


#: (the column stored, its ledger cell, the value a version before the rule stored, another value
#: the rule refuses, the warning's code, its column letter and words, the refusal's code)
STORED_BEFORE_A_RULE = {
    "discipline": ("code", 3, "04113500", "04113600", "standard_code.quantity_stored", "F",
                   ("计量标准代码 04113500 的一级代码 04 是热学，此测量范围是压力", "此记录在该规则之前已保存"),
                   "standard_code.quantity"),
    "classes": ("accuracy_text", 6, "0.05级或0.1级", "0.05级或0.2级", "accuracy.stored", "G",
                ("写了不止一个准确度等级（0.05、0.1）", "此准确度在该规则之前已保存"), "accuracy.two_classes"),
}


@pytest.mark.parametrize("rule", sorted(STORED_BEFORE_A_RULE))
def test_a_ledger_updating_a_standard_stored_before_a_rule_suspends_it_with_a_warning(
        own_home: Path, tmp_path: Path, rule: str) -> None:
    """A standard stored with a 热学 code and a pressure range before the code's discipline rule
    existed, or with "0.05级或0.1级" before the class rules (review 11), could not be suspended
    from the ledger: the row updating it was refused as if its value were entered anew. A row
    that leaves the value as stored (and the range it is judged with) is imported with a warning
    at the cell saying what to correct; a row changing it to another one the rule refuses is
    refused, the database as it was."""
    column, cell, value, wrong, code, letter, words, refusal = STORED_BEFORE_A_RULE[rule]
    number = "[2023]沪量标证字第0802号"
    row = [2, "二等活塞式压力计标准装置", number, "12113100", "社会公用计量标准", "(0~60)MPa", "0.05级", "2028-06-30"]
    first = simple_ledger(tmp_path / "台账.xlsx", [HEADERS, row], (), "计量标准")
    assert run_cli("--home", str(own_home), "import-excel", str(first), "--kind", "standards").code == 0
    _store(own_home, number, column, value)

    def ledger(name: str, text: str, status: str) -> Path:
        changed = [*row[:cell], text, *row[cell + 1:], status]
        return simple_ledger(tmp_path / name, [[*HEADERS, "状态"], changed], (), "计量标准")

    result = run_cli("--home", str(own_home), "import-excel", str(ledger("台账2.xlsx", value, "暂停")),
                     "--kind", "standards", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert (data["updated"], data["added"], data["invalid"]) == (1, 0, 0)
    [warning] = [w for w in data["warnings"] if w["code"] == code]
    assert (warning["row"], warning["column"]) == (2, letter)
    assert all(word in warning["message"] for word in words), warning
    assert query(own_home, f"SELECT {column}, status FROM standard WHERE certificate_no = ?", number) == [
        (value, "suspended")]
    if rule == "classes":  # kept as written, not comparable: no class read from it
        assert query(own_home, "SELECT accuracy_class FROM standard WHERE certificate_no = ?", number) == [(None,)]

    before = db_dump(own_home)
    refused = run_cli("--home", str(own_home), "import-excel", str(ledger("台账3.xlsx", wrong, "撤销")),
                      "--kind", "standards", "--json")
    assert refused.code == 1
    [issue] = refused.json()["issues"]
    assert (issue["row"], issue["column"], issue["code"]) == (2, letter, refusal)
    assert db_dump(own_home) == before
