"""Capability rows are stored by every path that stores a standard: the record service (editor,
CLI), a peer's bundle and the demo, on the pass's engine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import text

from labregistry.domain.records import CapabilityInput, StandardInput
from labregistry.registry import Registry
from labregistry.services import exchange, listing, records
from tests.exchange.sites import make_site

TWO_PARAMETERS = StandardInput(
    name="多功能校准器标准装置", code="15113100", grade="public", certificate_no="[2024]沪量标证字第0777号",
    valid_until="2028-05-30", range_text="(0~1000)V", accuracy_text="U=0.002%,k=2",
    capabilities=[CapabilityInput("直流电压", "(0~1000)V", None, "U=0.002%,k=2"),
                  CapabilityInput("交流电压", "(0~750)V", None, "MPE: ±(0.05%读数+0.01%量程)", "频率 1kHz")],
)


def _rows(reg: Registry, certificate_no: str) -> list[dict[str, Any]]:
    with reg.engine.connect() as conn:
        found = conn.execute(text(
            "SELECT c.position, c.parameter, c.range_text, c.range_max, c.accuracy_text, c.accuracy_basis,"
            " c.error_constant, c.error_of_reading, c.error_of_span, c.conditions"
            " FROM capability c JOIN standard s ON s.id = c.standard_id"
            " WHERE s.certificate_no = :no ORDER BY c.position"), {"no": certificate_no})
        return [dict(r._mapping) for r in found]


def test_a_standard_with_two_parameters_keeps_both_rows(tmp_path: Path) -> None:
    site = make_site(tmp_path, "A")
    records.create_standard(site.reg, TWO_PARAMETERS)
    dc, ac = _rows(site.reg, TWO_PARAMETERS.certificate_no)
    assert (dc["parameter"], dc["range_max"], dc["accuracy_basis"], dc["error_of_reading"]) == (
        "直流电压", 1000.0, "uncertainty", 2e-5)
    assert (ac["parameter"], ac["range_max"], ac["conditions"]) == ("交流电压", 750.0, "频率 1kHz")
    assert (ac["accuracy_basis"], ac["error_of_reading"], ac["error_of_span"]) == ("mpe", 5e-4, 1e-4)
    [listed] = listing.with_capabilities(site.reg, listing.list_records(
        site.reg, listing.RecordQuery(kind="standards", own_only=True)))
    assert [(c["parameter"], c["accuracy"]) for c in listed["capabilities"]] == [
        ("直流电压", "U=0.002%,k=2"), ("交流电压", "MPE: ±(0.05%读数+0.01%量程)")]
    site.reg.close()


def test_saving_a_standard_again_replaces_its_rows(tmp_path: Path) -> None:
    site = make_site(tmp_path, "A")
    sid = records.create_standard(site.reg, TWO_PARAMETERS)
    one = StandardInput(**{**TWO_PARAMETERS.__dict__, "capabilities": []})
    assert records.update(site.reg, "standard", sid, one)
    [row] = _rows(site.reg, TWO_PARAMETERS.certificate_no)
    assert (row["parameter"], row["range_text"], row["accuracy_text"]) == (None, "(0~1000)V", "U=0.002%,k=2")
    site.reg.close()


def test_a_peers_standard_arrives_with_one_row_from_its_range_and_accuracy(tmp_path: Path) -> None:
    a, b = make_site(tmp_path, "A"), make_site(tmp_path, "B")
    records.create_standard(a.reg, StandardInput(**{**TWO_PARAMETERS.__dict__, "capabilities": [], "code": "12113100",
                                                     "range_text": "(0~60)MPa", "accuracy_text": "0.05级"}))
    b.trust(a, tmp_path)
    result = exchange.import_bundle(b.reg, a.export(tmp_path / "a.xlsx"))
    assert result.applied
    [row] = _rows(b.reg, TWO_PARAMETERS.certificate_no)
    assert (row["range_text"], row["range_max"], row["accuracy_basis"], row["error_of_span"]) == (
        "(0~60)MPa", 6e7, "class", 5e-4)
    a.reg.close()
    b.reg.close()


def test_the_demo_makes_multi_row_standards(tmp_path: Path) -> None:
    site = make_site(tmp_path, "A", standards=40)
    with site.reg.engine.connect() as conn:
        per_standard = [r[0] for r in conn.execute(text(
            "SELECT count(c.id) FROM standard s LEFT JOIN capability c ON c.standard_id = s.id GROUP BY s.id"))]
        first_rows_differ = conn.execute(text(
            "SELECT count(*) FROM standard s JOIN capability c ON c.standard_id = s.id AND c.position = 0"
            " WHERE c.range_text <> s.range_text OR c.accuracy_text <> s.accuracy_text")).scalar_one()
    assert len(per_standard) == 40 and min(per_standard) >= 1 and max(per_standard) == 3
    assert sum(per_standard) > 2 * 40  # about three rows each
    assert first_rows_differ == 0  # the first row is the standard's own range and accuracy
    site.reg.close()


def test_the_cmc_table_has_one_row_per_capability_and_names_what_is_not_an_uncertainty(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from labregistry.services.cmc_table import write_cmc_table

    site = make_site(tmp_path, "A")
    records.create_standard(site.reg, TWO_PARAMETERS)
    records.create_standard(site.reg, StandardInput(**{  # its one row is its own range and accuracy
        **TWO_PARAMETERS.__dict__, "certificate_no": "[2024]沪量标证字第0778号", "capabilities": [],
        "name": "=HYPERLINK(\"http://x\")", "code": "12113100", "range_text": "(0~60)MPa",
        "accuracy_text": "0.05级"}))
    records.create_standard(site.reg, StandardInput(**{  # revoked: not a capability in force
        **TWO_PARAMETERS.__dict__, "certificate_no": "[2020]沪量标证字第0001号", "status": "revoked"}))
    out = write_cmc_table(site.reg, tmp_path / "cmc.xlsx", institute="上海市计量测试技术研究院",
                          on=dt.date(2026, 1, 1), language="zh")
    assert out.rows == 3
    sheet = load_workbook(out.path).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, v in enumerate(values) if v and v[0] == "序号")
    assert values[header] == ["序号", "被测量", "计量标准（仪器）", "参数", "测量范围", "扩展不确定度", "包含因子k",
                              "依据方法/规程", "考核证书编号", "备注"]
    data = values[header + 1:]
    assert [(r[3], r[4], r[5], r[6]) for r in data] == [
        ("直流电压", "(0~1000)V", "U=0.002%,k=2", 2),
        ("交流电压", "(0~750)V", "MPE: ±(0.05%读数+0.01%量程)", None),
        (None, "(0~60)MPa", "0.05级", None)]
    assert data[1][9] == "频率 1kHz；以最大允许误差表示，非不确定度"
    assert data[2][9] == "以准确度等级表示，非不确定度" and data[2][1] == "压力"
    assert data[2][2] == '=HYPERLINK("http://x")'  # a name that looks like a formula stays text
    assert sheet.cell(header + 4, 3).data_type == "s"
    site.reg.close()


def test_the_cmc_table_says_when_k_was_not_recorded_and_what_its_date_means(tmp_path: Path) -> None:
    """Trial 9: an uncertainty recorded without k left the k column blank with nothing in 备注 (a
    reader assumes k=2), and the date above the table read "有效日期", like an expiry date."""
    from openpyxl import load_workbook

    from labregistry.services.cmc_table import write_cmc_table

    site = make_site(tmp_path, "A")
    records.create_standard(site.reg, StandardInput(**{
        **TWO_PARAMETERS.__dict__, "code": "12113500", "capabilities": [], "range_text": "(0~60)MPa",
        "accuracy_text": "U=0.01%"}))  # a pressure range takes a 力学 code (the discipline rule)
    records.create_standard(site.reg, StandardInput(**{  # a coverage probability instead of k: nothing missing
        **TWO_PARAMETERS.__dict__, "code": "12113500", "certificate_no": "[2024]沪量标证字第0779号", "capabilities": [],
        "range_text": "(0~60)MPa", "accuracy_text": "U95=0.01%"}))
    out = write_cmc_table(site.reg, tmp_path / "cmc.xlsx", institute="上海市计量测试技术研究院",
                          on=dt.date(2026, 1, 1), language="zh")
    values = [list(r) for r in load_workbook(out.path).active.iter_rows(values_only=True)]
    header = next(i for i, v in enumerate(values) if v and v[0] == "序号")
    assert [(r[5], r[6], r[9]) for r in values[header + 1:]] == [
        ("U=0.01%", None, "记录中未给出包含因子 k"), ("U95=0.01%", None, None)]
    facts = {v[0]: v[1] for v in values[:header] if v and len(v) > 1}
    assert "有效日期" not in facts and facts["所列能力在此日有效"] == dt.datetime(2026, 1, 1)
    site.reg.close()
