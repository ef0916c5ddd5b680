"""``catalogue`` end to end: a file refused whole naming its cell, an update stored and listed,
and what it flags in the ledger import report and in ``list standards --json``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from tests.conftest import run_cli
from tests.ledger import ledgers as L
from tests.ledger.conftest import db_dump, query

HEADER = ["编号 Number", "名称 Title", "状态 Status", "代替者 Replaced by", "日期 Date", "来源 Source"]


def _catalogue(path: Path, procedures: list[list[Any]], codes: list[list[Any]] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "规程 Procedures"
    for row in [HEADER, *procedures]:
        ws.append(row)
    if codes is not None:
        wc = wb.create_sheet("代码 Codes")
        for row in [["代码 Code", "名称 Name", "来源 Source"], *codes]:
            wc.append(row)
    wb.save(path)
    return path


def test_a_bad_row_refuses_the_whole_file_naming_file_sheet_row_column_and_rule(own_home: Path,
                                                                                tmp_path: Path) -> None:
    path = _catalogue(tmp_path / "目录.xlsx", [["JJG 52-2030", "弹性元件式压力表", "现行", None, None, "公告"],
                                             ["JJG 52-2013", "弹性元件式压力表", "停用", None, None, "公告"]])
    before = db_dump(own_home)
    result = run_cli("--home", str(own_home), "catalogue", "import-excel", str(path))
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in result.err
    assert all(part in lines[0] for part in ("目录.xlsx", "规程 Procedures", "第 3 行", "C 列", "现行、废止 或 被代替"))
    assert db_dump(own_home) == before  # not even the good first row


def test_a_superseded_row_without_its_replacement_is_refused(own_home: Path, tmp_path: Path) -> None:
    path = _catalogue(tmp_path / "c.xlsx", [["JJG 52-1999", None, "被代替", None, None, None]])
    result = run_cli("--home", str(own_home), "--lang", "en", "catalogue", "import-excel", str(path))
    assert result.code == 1 and "row 2, column D" in result.err and "superseded edition needs" in result.err


def test_an_update_is_stored_listed_as_differing_and_flags_the_ledgers_items(own_home: Path, tmp_path: Path) -> None:
    # JJG 52-2013 (cited by the authorisations ledger) withdrawn; JJF 1213-2008 (shipped in force) withdrawn too
    path = _catalogue(tmp_path / "更新.xlsx", [
        ["JJG 52-2013", "弹性元件式一般压力表、压力真空表和真空表检定规程", "废止", None, dt.date(2030, 1, 1), "测试"],
        ["JJF 1213-2008", "肺功能仪校准规范", "废止", None, "2030-01-01", "测试"],
    ], codes=[["12113100", "测试用代码", "测试"]])
    dry = run_cli("--home", str(own_home), "catalogue", "import-excel", str(path), "--dry-run", "--json")
    assert dry.code == 0, dry.err
    assert dry.json()["procedures"] == {"rows": 2, "added": 1, "changed": 1, "unchanged": 0,
                                        "overrides_shipped": ["JJF 1213-2008"]}
    assert query(own_home, "SELECT count(*) FROM catalogue_procedure") == [(0,)]

    done = run_cli("--home", str(own_home), "catalogue", "import-excel", str(path))
    assert done.code == 0, done.err
    assert "JJF 1213-2008" in done.out  # the shipped entry the file replaces is named
    listed = {r["number"]: r for r in run_cli("--home", str(own_home), "catalogue", "list", "--json").json()}
    assert listed["JJF 1213-2008"]["status"] == "withdrawn" and listed["JJF 1213-2008"]["differs_from_shipped"]
    assert listed["JJF 1213-2008"]["shipped"]["status"] == "in_force"
    assert (listed["JJF 1213-2008"]["status_label"], listed["JJG 270-2008"]["status_label"]) == ("废止", "现行")
    english = run_cli("--home", str(own_home), "--lang", "en", "catalogue", "list", "--json").json()
    assert {r["number"]: r["status_label"] for r in english}["JJF 1213-2008"] == "withdrawn"
    assert listed["JJG 52-2013"]["origin"] == "update" and not listed["JJG 52-2013"]["differs_from_shipped"]
    assert listed["JJG 270-2008"]["origin"] == "shipped"

    ledger = L.authorisations_ledger(tmp_path / "授权.xlsx")
    result = run_cli("--home", str(own_home), "import-excel", str(ledger), "--kind", "authorisations",
                     "--valid-only", "--json")
    assert result.code == 0, result.err  # a warning, not a refusal
    flagged = [w for w in result.json()["warnings"] if w["code"] == "catalogue.procedure_withdrawn_on"]
    assert {(w["row"], w["column"]) for w in flagged} == {(L.A_ROWS["legal"], "I")}
    assert "JJG 52-2013" in flagged[0]["message"] and "2030-01-01" in flagged[0]["message"]


def test_list_standards_flags_a_service_citing_a_superseded_edition(own_home: Path, tmp_path: Path) -> None:
    assert run_cli("--home", str(own_home), "demo", "--standards", "3", "--seed", "7").code == 0
    (cert, service, cited), *_ = query(own_home, "SELECT s.certificate_no, v.name, v.procedure FROM service v "
                                                 "JOIN standard s ON s.id = v.standard_id "
                                                 "WHERE v.procedure LIKE 'JJ%' ORDER BY s.id, v.position")
    series, year = str(cited).rsplit("-", 1)
    newer = f"{series}-{int(year) + 30}"
    path = _catalogue(tmp_path / "c.xlsx", [[newer, "新版", "现行", None, "2055-01-01", "测试"]])
    assert run_cli("--home", str(own_home), "catalogue", "import-excel", str(path)).code == 0

    rows = run_cli("--home", str(own_home), "list", "standards", "--json").json()
    standard = next(r for r in rows if r["certificate_no"] == cert)
    flag = next(f for f in standard["procedure_flags"] if f["service"] == service)
    assert (flag["procedure"], flag["status"], flag["replaced_by"]) == (cited, "superseded", newer)
    assert flag["message"].startswith(f"{cited} 已被 {newer} 代替")  # the reason, in --lang
    english = run_cli("--home", str(own_home), "--lang", "en", "list", "standards", "--json").json()
    flag = next(f for r in english if r["certificate_no"] == cert
                for f in r["procedure_flags"] if f["service"] == service)
    assert flag["message"].startswith(f"{cited} has been superseded by {newer}")
    assert all("procedure_flags" in r and "code_warning" in r for r in rows)


def test_a_code_the_imported_table_does_not_list_is_a_warning_at_its_cell(own_home: Path, tmp_path: Path) -> None:
    # the imported table details 12 力学 without 12113100 (the ledger's pressure standard's code)
    path = _catalogue(tmp_path / "c.xlsx", [["JJG 52-2013", None, "现行", None, None, None]],
                      codes=[["12110000", "压力计量标准", "测试"], ["12113200", "精密压力表标准装置", "测试"]])
    assert run_cli("--home", str(own_home), "catalogue", "import-excel", str(path)).code == 0
    ledger = L.standards_good_only(tmp_path / "台账.xlsx")
    result = run_cli("--home", str(own_home), "import-excel", str(ledger), "--kind", "standards", "--json")
    assert result.code == 0, result.err
    unknown = [w for w in result.json()["warnings"] if w["code"] == "catalogue.code_unknown"]
    assert {(w["row"], w["column"]) for w in unknown} == {(L.S_ROWS["pressure"], L.S_COLS["code"])}
    assert "12110000 压力计量标准" in unknown[0]["message"]
    # check lists it as a warning, the exit code stays 0 (a warning is not a failure)
    checked = run_cli("--home", str(own_home), "check", "--json")
    assert checked.code == 0, checked.err
    assert checked.json()["ok"] is True
    codes = [w for w in checked.json()["warnings"] if w["rule"] == "catalogue.code_unknown"]
    assert [(w["certificate_no"], w["code"]) for w in codes] == [(L.PRESSURE, "12113100")]
    assert "12110000 压力计量标准" in codes[0]["message"]
    said = run_cli("--home", str(own_home), "--lang", "en", "check")
    assert said.code == 0 and f"\n  {L.PRESSURE}: " in said.out and "warning: " not in said.out, said.out


def test_check_lists_the_own_services_and_items_citing_editions_not_in_force_as_warnings(
        own_home: Path, tmp_path: Path) -> None:
    path = _catalogue(tmp_path / "c.xlsx", [["JJG 52-2013", None, "废止", None, "2030-01-01", "测试"]])
    assert run_cli("--home", str(own_home), "catalogue", "import-excel", str(path)).code == 0
    ledger = L.authorisations_ledger(tmp_path / "授权.xlsx")
    assert run_cli("--home", str(own_home), "import-excel", str(ledger), "--kind", "authorisations",
                   "--valid-only").code == 0
    cited = query(own_home, "SELECT a.certificate_no, i.name FROM authorisation_item i JOIN authorisation a "
                            "ON a.id = i.authorisation_id WHERE i.procedure = 'JJG 52-2013'")
    assert cited

    checked = run_cli("--home", str(own_home), "check", "--json")
    assert checked.code == 0, checked.err
    warned = [w for w in checked.json()["warnings"] if w["procedure"] == "JJG 52-2013"]
    assert sorted((w["certificate_no"], w["subject"]) for w in warned) == sorted(cited)
    assert {(w["kind"], w["status"], w["date"], w["rule"]) for w in warned} == {
        ("authorisations", "withdrawn", "2030-01-01", "catalogue.procedure_withdrawn_on")}
    assert all(w["procedure"] != "JJG 1036-2022" for w in checked.json()["warnings"])  # not in the catalogue: no word

    text = run_cli("--home", str(own_home), "--lang", "en", "check")
    assert text.code == 0 and text.out.startswith("database is sound (")
    assert f"{len(warned)} warning(s)" in text.out
    lines = [line for line in text.out.splitlines() if "JJG 52-2013" in line]
    assert len(lines) == len(warned) and all(line.startswith(f"  {cited[0][0]} ") for line in lines)
    assert "has been withdrawn (since 2030-01-01)" in lines[0]
    # the heading says they are warnings, once: not again on every line (was "  警告：…" under "警告 1 条")
    chinese = run_cli("--home", str(own_home), "check")
    assert chinese.out.count("警告") == 1, chinese.out
    assert f"  {cited[0][0]} {cited[0][1]}：JJG 52-2013 已废止（2030-01-01 起）" in chinese.out, chinese.out

