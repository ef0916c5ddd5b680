"""One value for a field a ledger has no column for: ``import-excel --set``, inferred, remembered (issue #23)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from labregistry.errors import DomainError
from labregistry.ledger.constants import parse_set_arg
from labregistry.registry import Registry
from labregistry.services import ledger as svc
from tests.conftest import run_cli
from tests.ledger import institute_ledgers as IL
from tests.ledger.conftest import db_dump, query


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in err, err
    return lines[0]


def _make_legal(reg: Registry) -> None:
    with reg.uow(None, "test", write=True) as uow:
        own = uow.institutes.own()
        assert own is not None
        own.kind = "legal"
        uow.commit()


def test_a_ledger_without_a_category_column_needs_one_set_and_the_report_records_it(
        own_home: Path, tmp_path: Path) -> None:
    path = IL.district_standards(tmp_path / "区县计量标准.xlsx")
    before = db_dump(own_home)
    refused = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards")
    line = _one_error_line(refused.err)
    assert refused.code == 1 and "计量标准类别" in line and "--set grade=社会公用计量标准" in line
    assert db_dump(own_home) == before

    report = tmp_path / "report.xlsx"
    done = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards",
                   "--set", "计量标准类别=社会公用", "--report", str(report), "--json")
    assert done.code == 0, done.err
    data = done.json()
    assert (data["valid"], data["added"]) == (3, 3)
    assert data["set"] == [{"field": "grade", "label": "计量标准类别", "value": "社会公用计量标准", "source": "user",
                            "source_text": "用户指定", "note": None}]
    grades = query(own_home, "SELECT certificate_no, grade FROM standard ORDER BY certificate_no")
    assert grades == sorted((c, "public") for c in IL.DISTRICT_CERTS)
    ws = load_workbook(report)["整本台账的取值"]
    assert [c.value for c in ws[2]][:3] == ["计量标准类别", "社会公用计量标准", "用户指定"]


def test_set_refuses_an_unknown_field_a_bad_value_a_key_field_and_a_field_with_a_column(
        reg: Registry, own_home: Path, tmp_path: Path) -> None:
    path = IL.district_standards(tmp_path / "台账.xlsx")
    before = db_dump(own_home)
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--set", "颜色=红")
    assert result.code == 1 and "不是计量标准台账的字段" in _one_error_line(result.err)
    cases = {
        ("grade", "随便"): "不是“计量标准类别”的可选值",
        ("certificate_no", "X"): "不能整本台账取同一个值",
        ("有效期至", "2030-01-01"): "已是“有效期至”",
        ("发证机关", "局" * 201): "最多 200 个字符",
    }
    for given, expected in cases.items():
        with pytest.raises(DomainError) as refused:
            svc.run_import(reg, path, "standards", sets=[given])
        assert expected in refused.value.render("zh"), given
    with pytest.raises(DomainError) as bad_arg:
        parse_set_arg("grade")
    assert "--set 应写成 字段=值" in bad_arg.value.render("zh")
    assert db_dump(own_home) == before


def test_a_legal_institutes_standards_are_public_with_a_note(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    _make_legal(reg)
    path = IL.district_standards(tmp_path / "台账.xlsx")
    report = tmp_path / "r.xlsx"
    result = run_cli("--home", str(own_home), "import-excel", str(path), "--kind", "standards", "--report",
                     str(report))
    assert result.code == 0, result.err
    assert "计量标准类别 = “社会公用计量标准”（整本台账，推断）" in result.out
    assert "本机构是法定计量检定机构" in result.out
    assert {g for (g,) in query(own_home, "SELECT grade FROM standard")} == {"public"}
    note = load_workbook(report)["整本台账的取值"]["D2"].value
    assert "法定计量检定机构" in note


def test_the_value_given_once_is_remembered_for_next_months_ledger(own_home: Path, tmp_path: Path) -> None:
    first = IL.verifier_staff(tmp_path / "五月.xlsx")
    done = run_cli("--home", str(own_home), "import-excel", str(first), "--kind", "staff",
                   "--set", "证书类别=计量检定员证")
    assert done.code == 0, done.err
    # next month: the same layout, one more person; no question asked
    wb = load_workbook(first)
    wb.active.append(["淮北", "长度室", "JD-0004", "量块", "2024.7.1", "2029.6.30"])
    second = tmp_path / "六月.xlsx"
    wb.save(second)
    again = run_cli("--home", str(own_home), "import-excel", str(second), "--kind", "staff", "--json")
    assert again.code == 0, again.err
    data = again.json()
    assert (data["added"], data["unchanged"]) == (1, 3)
    assert [(s["field"], s["value"], s["source"]) for s in data["set"]] == [
        ("credentials.kind", "计量检定员证", "remembered")]
    kinds = query(own_home, "SELECT DISTINCT kind FROM credential")
    assert kinds == [("verifier",)]
