"""The coordinator's page: the report's figures, charts and tables as the core counts them,
and its export buttons writing the same Excel and PDF files as ``region-report``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from labregistry.registry import Registry
from labregistry.services import designations, region_report
from labregistry.services.designations import COMMITTEE, INDUSTRY_CENTRE, Designation
from ui import files, i18n
from ui.main_window import MainWindow

OWN = "12310000425011296P"


def test_the_page_shows_the_report_and_exports_it(small_window: MainWindow, small_registry: Registry, tmp_path: Path,
                                                  monkeypatch: Any, qtbot: Any) -> None:
    designations.designate(small_registry, OWN, [Designation(INDUSTRY_CENTRE, "国家压力产业计量测试中心"),
                                                 Designation(COMMITTEE, "长三角压力计量技术委员会")],
                           institute_name="上海市计量测试技术研究院")
    small_window.show_page("region")
    page = small_window.region_page
    assert page.report is not None  # counted when first shown (ops run inline here)
    expected = region_report.build(small_registry, language=i18n.doc_language())
    targets = [[page.targets.item(r, c).text() for c in range(4)] for r in range(page.targets.rowCount())]
    assert targets == [[t.label, str(t.target), str(t.reached), f"{t.percent:g}"]
                       for s in expected.sections for t in s.targets]
    assert targets[1][2] == "1" and targets[2][2] == "1"  # the centre and the committee just recorded
    for section in expected.sections:
        table = page.tables[section.key]
        assert table.rowCount() == len(section.rows)
        assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == \
            [c.heading for c in section.columns]
        shown = [b for b in section.charts if b.bars]
        assert [[(b.label, b.value) for b in chart.bars] for chart in page.charts[section.key]] == \
            [chart.bars[:20] for chart in shown]
    standards = page.charts["standards"][0]
    assert standards.bar_rect(0).width() > 0 or sum(b.value for b in standards.bars) == 0

    for suffix in ("xlsx", "pdf"):
        out = tmp_path / f"区域报告.{suffix}"
        monkeypatch.setattr(files, "save_path", lambda *a, out=out: out)
        monkeypatch.setattr("ui.errors.exec_dialog", lambda box: 0)
        getattr(page, f"export_{'excel' if suffix == 'xlsx' else 'pdf'}")()
        assert page.last_written == out and out.exists()
    wb = load_workbook(tmp_path / "区域报告.xlsx")
    assert wb.sheetnames[1:] == [section.sheet for section in expected.sections]
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "区域报告.pdf").pages)
    assert "国家压力产业计量测试中心" in text.replace("\n", "")  # a table cell may wrap the name
