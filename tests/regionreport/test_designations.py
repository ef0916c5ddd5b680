"""Designations (industry test centres, technical committees) as the coordinator records them:
``institutes designate / list / import-excel`` run as processes, on either engine. Refusals
are one ``error:`` line naming what and where, and leave the designations as they were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.conftest import run_cli

OWN = "12310000425011296P"
PEER = "12320000466002712H"  # not in this registry: its bundle never came


@pytest.fixture
def home_args(tmp_path: Path) -> list[str]:
    args = ["--home", str(tmp_path / "home")]
    result = run_cli(*args, "init", "--name", "上海市计量测试技术研究院", "--uscc", OWN, "--province", "上海",
                     "--city", "上海")
    assert result.code == 0, result.err
    return args


def listed(home_args: list[str]) -> list[dict[str, Any]]:
    result = run_cli(*home_args, "institutes", "list", "--json")
    assert result.code == 0, result.err
    return result.json()  # type: ignore[no-any-return]


def refused(result: Any, *words: str) -> None:
    assert result.code == 1
    assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    for word in words:
        assert word in result.err, result.err


def test_designate_list_and_remove(home_args: list[str]) -> None:
    result = run_cli(*home_args, "institutes", "designate", OWN, "--industry-centre", "国家压力产业计量测试中心",
                     "--committee", "长三角压力计量技术委员会", "--designated-by", "市场监管总局",
                     "--designated-on", "2024-05-01")
    assert result.code == 0, result.err
    assert "新增 2 项" in result.out
    own = listed(home_args)[0]
    assert own["uscc"] == OWN and own["in_registry"] is True
    assert own["industry_centres"] == [{"name": "国家压力产业计量测试中心", "designated_by": "市场监管总局",
                                        "designated_on": "2024-05-01"}]
    assert [c["name"] for c in own["committees"]] == ["长三角压力计量技术委员会"]
    # the same again records nothing new
    again = run_cli(*home_args, "institutes", "designate", OWN, "--committee", "长三角压力计量技术委员会")
    assert "新增 0 项" in again.out
    removed = run_cli(*home_args, "institutes", "designate", OWN, "--remove", "--committee", "长三角压力计量技术委员会")
    assert removed.code == 0, removed.err
    assert listed(home_args)[0]["committees"] == []
    refused(run_cli(*home_args, "institutes", "designate", OWN, "--remove", "--committee", "长三角压力计量技术委员会"),
            f"error: {OWN} 没有这项认定：区域计量技术委员会“长三角压力计量技术委员会”")  # the kind in --lang too
    refused(run_cli(*home_args, "--lang", "en", "institutes", "designate", OWN, "--remove", "--committee", "长三角"),
            f"error: {OWN} has no such designation: regional metrology technical committee '长三角'")


def test_an_institute_not_in_the_registry_needs_its_name(home_args: list[str]) -> None:
    before = listed(home_args)
    refused(run_cli(*home_args, "institutes", "designate", PEER, "--committee", "长三角温度计量技术委员会"), PEER, "--name")
    refused(run_cli(*home_args, "--lang", "en", "institutes", "designate", PEER, "--committee", "x"), "--name",
            "no institute")
    refused(run_cli(*home_args, "institutes", "designate", PEER[:-1] + "X", "--committee", "x", "--name", "江苏"), "校验位")
    refused(run_cli(*home_args, "institutes", "designate", OWN), "--industry-centre")
    assert listed(home_args) == before
    ok = run_cli(*home_args, "institutes", "designate", PEER, "--committee", "长三角温度计量技术委员会",
                 "--name", "江苏省计量科学研究院")
    assert ok.code == 0, ok.err
    peer = next(r for r in listed(home_args) if r["uscc"] == PEER)
    assert peer["in_registry"] is False and peer["name"] == "江苏省计量科学研究院"


def authority_list(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "认定名单"
    ws.append(["2024年长三角产业计量测试中心和区域计量技术委员会名单"])
    ws.append(["统一社会信用代码", "机构名称", "类别", "名称", "批准单位", "批准日期"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


GOOD = [
    [OWN, "上海市计量测试技术研究院", "产业计量测试中心", "国家集成电路产业计量测试中心", "市场监管总局", dt.date(2024, 3, 1)],
    [PEER, "江苏省计量科学研究院", "区域计量技术委员会", "长三角几何量计量技术委员会", "长三角三省一市市场监管局", "2024-06-01"],
    [PEER, "江苏省计量科学研究院", "industry_centre", "国家光伏产业计量测试中心", None, None],
]


def test_import_the_authoritys_list(home_args: list[str], tmp_path: Path) -> None:
    result = run_cli(*home_args, "institutes", "import-excel", str(authority_list(tmp_path / "名单.xlsx", GOOD)))
    assert result.code == 0, result.err
    assert "3 行" in result.out and "新增认定 3 项" in result.out
    by_uscc = {r["uscc"]: r for r in listed(home_args)}
    assert by_uscc[OWN]["industry_centres"][0] == {"name": "国家集成电路产业计量测试中心", "designated_by": "市场监管总局",
                                                  "designated_on": "2024-03-01"}
    assert [c["name"] for c in by_uscc[PEER]["industry_centres"]] == ["国家光伏产业计量测试中心"]
    assert by_uscc[PEER]["committees"][0]["designated_on"] == "2024-06-01"


@pytest.mark.parametrize(("bad", "words"), [
    ([PEER, "江苏省计量科学研究院", "计量中心", "x", None, None], ["名单.xlsx", "认定名单", "第 5 行", "类别", "计量中心"]),
    ([PEER[:-1] + "X", "江苏", "产业计量测试中心", "x", None, None], ["第 5 行", "统一社会信用代码", "校验位"]),
    (["123100004250109098", None, "产业计量测试中心", "x", None, None], ["第 5 行", "机构名称", "须填机构名称"]),
    ([PEER, "江苏省计量科学研究院", "产业计量测试中心", None, None, None], ["第 5 行", "“名称”列", "不能为空"]),
    ([PEER, "江苏省计量科学研究院", "产业计量测试中心", "x", None, "明年"], ["第 5 行", "批准日期"]),
    (GOOD[0], ["第 5 行", "与第 3 行重复"]),
])
def test_a_bad_row_refuses_the_whole_list(home_args: list[str], tmp_path: Path, bad: list[Any],
                                          words: list[str]) -> None:
    before = listed(home_args)
    path = authority_list(tmp_path / "名单.xlsx", [*GOOD[:2], bad])
    refused(run_cli(*home_args, "institutes", "import-excel", str(path)), *words)
    assert listed(home_args) == before


def test_a_list_without_the_headings_is_refused(home_args: list[str], tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["代码", "单位"])
    wb.save(tmp_path / "x.xlsx")
    refused(run_cli(*home_args, "institutes", "import-excel", str(tmp_path / "x.xlsx")), "x.xlsx", "表头")
    (tmp_path / "y.csv").write_text("uscc,kind\n")
    refused(run_cli(*home_args, "institutes", "import-excel", str(tmp_path / "y.csv")), "y.csv")


def test_the_list_in_the_terminal_speaks_the_language(home_args: list[str]) -> None:
    assert run_cli(*home_args, "institutes", "designate", OWN, "--industry-centre", "国家压力产业计量测试中心",
                   "--committee", "长三角压力计量技术委员会").code == 0
    zh = run_cli(*home_args, "institutes", "list").out
    assert "产业计量测试中心：国家压力产业计量测试中心；区域计量技术委员会：长三角压力计量技术委员会" in zh
    en = run_cli(*home_args, "--lang", "en", "institutes", "list").out
    assert ("industry metrology test centre: 国家压力产业计量测试中心; "
            "regional metrology technical committee: 长三角压力计量技术委员会") in en
