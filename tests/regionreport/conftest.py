"""The hand-made region of tests/inventory (A at home, B, C and D as bundles), with a history:
B re-examines two standards and sends a new bundle, A re-examines one of its own, the
coordinator records designations, and A pilots three comparisons (add_comparisons). Built once per module and engine; the tests only read it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labregistry.registry import Registry
from labregistry.services import comparisons, designations, exchange, records
from labregistry.services.designations import COMMITTEE, INDUSTRY_CENTRE, Designation
from tests.conftest import BACKEND, PASSPHRASE
from labregistry.domain.records import AuthorisationInput, AuthorisedItemInput
from tests.interlab.tables import COLUMNS, HEADER, write_table
from tests.inventory.region import USCC, Region, build_region, records_a, records_b, std

ON = "2025-06-01"
UNKNOWN_USCC = "123100004250109098"  # designated, its bundle not received


def _reissue(reg: Registry, inp: Any, **changes: Any) -> None:
    record_id = records.resolve(reg, "standard", inp.certificate_no)
    records.update(reg, "standard", record_id, dataclasses.replace(inp, **changes))


def add_history(region: Region) -> None:
    b1, b2, _b3 = records_b()[0]
    peer = region.peers["B"]
    # B1 (2022) re-examined in 2024 with a wider range: upgraded
    _reissue(peer, b1, certificate_no="[2024]苏量标证字第0101号", issued_on="2024-03-01", valid_until="2029-02-28",
             range_text="(100~200000)kPa")
    # B2 (first certificate 2023-01-01, in the period) re-examined unchanged: still new
    _reissue(peer, b2, issued_on="2025-01-01", valid_until="2029-12-31")
    bundle = region.tmp / "B-2.xlsx"
    exchange.export_bundle(peer, bundle, PASSPHRASE)
    exchange.import_bundle(region.home, bundle)
    # A1 (2022) re-examined in 2025, range and accuracy unchanged: re-examined, not upgraded
    _reissue(region.home, records_a()[0], issued_on="2025-01-10", valid_until="2030-01-09")
    home = region.home
    # ending soon after ON: an authorisation within 90 days, a department standard within 180
    records.create_authorisation(home, AuthorisationInput(
        certificate_no="(沪)法计(2021)01009号", form="legal_verification", authority="上海市市场监督管理局",
        issued_on="2021-08-16", valid_until="2025-08-15",
        items=[AuthorisedItemInput("出租汽车计价器", "(0~9999)km", "MPE: ±1%", "JJG 517-2016")]))
    records.create_standard(home, std("工作用玻璃液体温度计标准装置", "04113700", "[2021]沪量标证字第0005号", "2021-10-02",
                                      "2025-10-01", "(-30~300)℃", "二等", grade="部门最高计量标准"))
    designations.designate(home, USCC["B"], [Designation(INDUSTRY_CENTRE, "国家压力产业计量测试中心", "市场监管总局",
                                                         None)])
    designations.designate(home, USCC["C"], [Designation(COMMITTEE, "长三角温度计量技术委员会"),
                                             Designation(INDUSTRY_CENTRE, "浙江省数字经济产业计量测试中心")])
    designations.designate(home, USCC["D"], [Designation(COMMITTEE, "长三角温度计量技术委员会")])  # co-host: one committee
    designations.designate(home, UNKNOWN_USCC, [Designation(COMMITTEE, "长三角时间频率计量技术委员会")],
                           institute_name="上海市某计量技术委员会承担单位")


def add_comparisons(region: Region) -> None:
    """Three comparisons piloted by A (the home): in the period a DCV comparison (En; A and B with
    linked standards of discipline 15, an unregistered lab unsatisfactory) and a pressure PT (z;
    A linked, B questionable and linked, the unregistered lab unsatisfactory); before it, a 2022
    comparison of A and C. D, with a valid public standard, never took part."""
    tmp, nanjing = region.tmp, "南京市计量监督检测院"
    dcv = [["Lab 1", "上海市计量测试技术研究院", 1.000001, 4, 2, 0.00, "满意", "[2021]沪量标证字第0002号"],
           ["Lab 2", "江苏省计量科学研究院", 1.000002, 5, 2, 0.19, "满意", "[2024]苏量标证字第0103号"],
           ["Lab 6", nanjing, 1.000009, 5, 2, 1.49, "不满意", None]]
    header = [(k, {"比对编号": "CSJ-DCV-2024-01", "开始日期": "2024-03-01", "结束日期": "2024-06-30",
                   "报告日期": "2024-09-15"}.get(k, v)) for k, v in HEADER if k != "比对时间"]
    comparisons.import_results_table(region.home, write_table(tmp / "dcv.xlsx", header, COLUMNS, dcv))
    old = [dcv[0], ["Lab 3", "浙江省计量科学研究院", 0.999999, 6, 2, -0.32, "满意", None]]
    header = [(k, {"比对编号": "CSJ-DCV-2022-01", "报告日期": "2022-05-01", "开始日期": "2022-01-01",
                   "结束日期": "2022-03-01"}.get(k, v)) for k, v in HEADER if k != "比对时间"]
    comparisons.import_results_table(region.home, write_table(tmp / "old.xlsx", header, COLUMNS, old))
    pt = [["P01", "上海市计量测试技术研究院", 10.005, 0.5, "满意", "[2024]沪量标证字第0004号"],
          ["P02", "江苏省计量科学研究院", 10.025, 2.5, "可疑", "[2023]苏量标证字第0102号"],
          ["P03", nanjing, 9.965, -3.5, "不满意", None]]
    header = [("能力验证计划名称", "压力表示值误差测量审核"), ("计划编号", "CSJ-PT-2025-07"),
              ("主导实验室", "上海市计量测试技术研究院"), ("检测项目", "压力"), ("报告日期", "2025-03-01"),
              ("指定值", "10.000 MPa"), ("能力评定标准差", "0.010 MPa")]
    columns = ["实验室代码", "参加实验室", "测量结果(MPa)", "Z比分数", "结论", "计量标准证书编号"]
    comparisons.import_results_table(region.home, write_table(tmp / "pt.xlsx", header, columns, pt))


@pytest.fixture(scope="module")
def history_region(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Region]:
    db_url = None
    if BACKEND == "postgres":
        db_url = str(request.getfixturevalue("pg_server").new_database())
    region = build_region(tmp_path_factory.mktemp("region-report"), db_url)
    add_history(region)
    add_comparisons(region)
    yield region
    region.close()


def home_args(region: Region) -> list[str]:
    """``--home`` and ``--db`` of the region's home, for the CLI run as a process."""
    url = region.home.engine.url.render_as_string(hide_password=False)
    return ["--home", str(Path(region.home.home.path)), "--db", url]
