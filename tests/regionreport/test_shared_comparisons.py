"""One comparison held in several records (two pilots' records of one scheme number, or two
participants' records of a comparison piloted outside the registry) is counted once in the
region report's participation, and each participant's result once (docs/comparisons.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from labregistry.services import comparisons, exchange, region_report
from tests.exchange.sites import Site, make_site
from tests.interlab.tables import COLUMNS, HEADER, write_table

ON = dt.date(2025, 6, 1)
REFERENCE_B = "1.000003 V"  # another comparison's reference value
ROWS: list[list[Any]] = [
    ["Lab 1", "上海市计量测试技术研究院", 1.000001, 4, 2, 0.00, "满意", None],
    ["Lab 2", "江苏省计量科学研究院", 1.000002, 5, 2, 0.19, "满意", None],
    ["Lab 6", "南京市计量监督检测院", 1.000009, 5, 2, 1.49, "不满意", None],
]


def _header(pilot: str, **other: Any) -> list[tuple[str, Any]]:
    dates = {"比对编号": "CSJ-DCV-2024-01", "主导实验室": pilot, "开始日期": "2024-03-01", "结束日期": "2024-06-30",
             "报告日期": "2024-09-15", **other}
    return [(k, dates.get(k, v)) for k, v in HEADER if k != "比对时间"]


def _total(site: Site) -> dict[str, Any]:
    report = region_report.build(site.reg, on=ON, language="zh")
    section = next(s for s in report.sections if s.key == "comparisons")
    return section.rows[-1]


def test_two_pilots_records_of_one_comparison_count_once(tmp_path: Path) -> None:
    """A and B (co-pilots) each record CSJ-DCV-2024-01; A receives B's record: one comparison, three
    results, not two comparisons and six results."""
    a, b = make_site(tmp_path, "A"), make_site(tmp_path, "B")
    a.trust(b, tmp_path)
    comparisons.import_results_table(a.reg, write_table(tmp_path / "a.xlsx", _header("上海市计量测试技术研究院"),
                                                        COLUMNS, ROWS))
    comparisons.import_results_table(b.reg, write_table(tmp_path / "b.xlsx", _header("江苏省计量科学研究院"), COLUMNS,
                                                        ROWS))
    assert exchange.import_bundle(a.reg, b.export(tmp_path / "b.xlsx.bundle.xlsx")).applied
    assert len(comparisons.list_comparisons(a.reg)) == 2  # both records are held
    total = _total(a)
    assert (total["comparisons"], total["institutes"], total["results"], total["satisfactory"],
            total["unsatisfactory"]) == (1, 3, 3, 2, 1)


def test_two_comparisons_that_share_a_scheme_number_are_both_counted(tmp_path: Path) -> None:
    """A and B pilot two different comparisons that happen to carry one scheme number (another
    reference value): listed apart, and counted apart, every participant's result in each."""
    a, b = make_site(tmp_path, "A"), make_site(tmp_path, "B")
    a.trust(b, tmp_path)
    comparisons.import_results_table(a.reg, write_table(tmp_path / "a.xlsx", _header("上海市计量测试技术研究院"),
                                                        COLUMNS, ROWS))
    other = [["Lab 2", "江苏省计量科学研究院", 1.000003, 5, 2, 0.00, "满意", None],
             ["Lab 7", "苏州市计量测试院", 1.000004, 5, 2, 0.19, "满意", None]]
    comparisons.import_results_table(b.reg, write_table(tmp_path / "b.xlsx", _header("江苏省计量科学研究院",
                                                        **{"参考值": REFERENCE_B}), COLUMNS, other))
    assert exchange.import_bundle(a.reg, b.export(tmp_path / "b.xlsx.bundle.xlsx")).applied
    listed = comparisons.list_comparisons(a.reg)
    assert len(listed) == 2 and all(i["same_as"] == [] for i in listed)
    total = _total(a)
    assert (total["comparisons"], total["results"], total["satisfactory"]) == (2, 5, 4)

