"""A re-examination the region report cannot compare is said, never dropped silently.

A standard saved before today's rules (its range ``(0,100)℃`` from before the comma rule,
read then as 100 ℃) and re-issued in the period with ``(-30~300)℃`` has a change history
whose earlier range no longer reads: whether the re-issue upgraded it cannot be told. It is
counted as re-examined, not upgraded, and the report (workbook, PDF, the app's page: the
section's facts) and the CLI say how many were left out of the upgrades, which and why."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from labregistry.registry import Registry
from labregistry.services import records, region_report
from tests.exchange import hostile
from tests.exchange.sites import cli, make_site
from tests.regionreport.test_peers_figures import _reissue, _standards_by_province_and_discipline

ON = "2025-06-01"
OLD = "[2022]沪量标证字第0501号"  # its earlier range saved before the comma rule
FINE = "[2022]沪量标证字第0502号"  # reads: upgraded


def _saved_before_the_comma_rule(reg: Registry, certificate_no: str, was: str, old_text: str) -> None:
    """The change's earlier snapshot holds the range as it was typed before the rule."""
    with reg.engine.begin() as conn:
        entry_id, before = conn.execute(text(
            "SELECT a.id, a.before FROM audit_entry a JOIN standard s ON s.uid = a.record_uid "
            "WHERE s.certificate_no = :c AND a.action = 'update'"), {"c": certificate_no}).one()
        snapshot = json.loads(before)
        assert snapshot["range_text"] == was
        snapshot["range_text"] = old_text
        for row in snapshot.get("capabilities", []):
            row["range_text"] = old_text
        conn.execute(text("UPDATE audit_entry SET before = :b WHERE id = :i"),
                     {"b": json.dumps(snapshot, ensure_ascii=False), "i": entry_id})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    tmp = tmp_path_factory.mktemp("unread-history")
    site = make_site(tmp, "A")
    for cert in (OLD, FINE):
        old = hostile.standard("工作用玻璃液体温度计标准装置", cert, code="04113700", issued_on="2022-03-01",
                               range_text="(0~100)℃", accuracy_text="U=0.05℃(k=2)")
        records.create_standard(site.reg, old)
        _reissue(site.reg, old, issued_on="2024-03-01", valid_until="2029-02-28", range_text="(-30~300)℃")
    _saved_before_the_comma_rule(site.reg, OLD, "(0~100)℃", "(0,100)℃")
    yield site
    site.reg.close()


def _facts(report: Any) -> dict[str, str]:
    return {str(label): str(value) for label, value in report.section("standards").facts}


def test_the_report_says_how_many_re_examinations_it_could_not_compare_and_why(site: Any, tmp_path: Path) -> None:
    on = dt.date.fromisoformat(ON)
    zh = _facts(region_report.build(site.reg, on=on, language="zh"))
    assert zh["未能比较的复查"] == (
        f"1 项（{OLD}）：变更记录中换证前或换证后的测量范围或准确度按现行规则无法识别（多为规则收紧前保存的记录），"
        "无法判断是否升级，计为复查（未升级）")
    en = _facts(region_report.build(site.reg, on=on, language="en"))
    assert en["Re-examinations not compared"].startswith(f"1 ({OLD}): ")
    out = region_report.write(site.reg, tmp_path / "报告.xlsx", on=on, language="zh")
    found = _standards_by_province_and_discipline(out)
    assert found[("上海", "04")] == [0, 1, 1, 1], found  # FINE upgraded, OLD re-examined
    sheet = [list(r) for r in load_workbook(out)["新建和升级标准"].iter_rows(values_only=True)]
    assert ["未能比较的复查", zh["未能比较的复查"]] in [r[:2] for r in sheet]


def test_the_cli_says_it_too(site: Any, tmp_path: Path) -> None:
    result = cli(site, "--lang", "en", "region-report", "-o", str(tmp_path / "r.pdf"), "--on", ON)
    assert result.code == 0, result.err
    assert result.err.strip().splitlines() == [
        f"warning: 1 re-examination(s) in the period not compared with the earlier certificate ({OLD}): "
        "a range or accuracy in the change history does not read under today's rules (mostly records saved "
        "before a rule was tightened); counted as re-examined, not upgraded"], result.err


def test_nothing_is_said_when_every_re_examination_was_compared(tmp_path: Path) -> None:
    site = make_site(tmp_path, "B")
    try:
        old = hostile.standard("工作用玻璃液体温度计标准装置", FINE, code="04113700", issued_on="2022-03-01",
                               range_text="(0~100)℃", accuracy_text="U=0.05℃(k=2)")
        records.create_standard(site.reg, old)
        _reissue(site.reg, old, issued_on="2024-03-01", valid_until="2029-02-28", range_text="(-30~300)℃")
        report = region_report.build(site.reg, on=dt.date.fromisoformat(ON), language="zh")
        assert "未能比较的复查" not in _facts(report)
        result = cli(site, "region-report", "-o", str(tmp_path / "r.xlsx"), "--on", ON)
        assert result.code == 0 and result.err == "", result.err
    finally:
        site.reg.close()
