"""The region report as a PDF (reportlab): per section a heading, its facts and targets, bar
charts and its table, in the certificates' CJK font (:mod:`labregistry.certificates.fonts`).

Long tables are laid out as tables of at most :data:`ROWS_PER_TABLE` rows, each with its
header: reportlab measures a split table again at every page break, and the gaps of forty
cities would be hundreds of rows.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from labregistry import i18n
from labregistry.certificates.fonts import FontSet
from labregistry.domain.text import printable
from labregistry.files import atomic_write
from labregistry.regionreport.model import Chart, RegionReport, Section, Target

ROWS_PER_TABLE = 40
WIDTH = A4[0] - 30 * mm
BAR = colors.HexColor("#3b7dd8")
GRID = colors.HexColor("#bbbbbb")
HEAD = colors.HexColor("#e8eef8")


class _Styles:
    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.title = ParagraphStyle("title", fontName=fonts.body, fontSize=16, leading=22, spaceAfter=6)
        self.heading = ParagraphStyle("heading", fontName=fonts.body, fontSize=12.5, leading=18, spaceBefore=10,
                                      spaceAfter=4)
        self.body = ParagraphStyle("body", fontName=fonts.body, fontSize=9, leading=13)
        self.cell = ParagraphStyle("cell", fontName=fonts.body, fontSize=8, leading=10.5)

    def p(self, text: Any, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(self.fonts.markup(printable(text)), style or self.body)


def write_pdf(report: RegionReport, out: Path, fonts: FontSet) -> Path:
    st = _Styles(fonts)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=report.title, creator="LabRegistry",
                            lang="en" if report.language == "en" else "zh-CN")
    story: list[Flowable] = [st.p(report.title, st.title)]
    for code, value in (("region_report.on", report.on), ("region_report.since", report.since),
                        ("region_report.generated", report.generated_at),
                        ("region_report.institutes", report.institutes)):
        story.append(st.p(f"{i18n.tr(code, report.language)}：{printable(value)}" if report.language == "zh"
                          else f"{i18n.tr(code, report.language)}: {printable(value)}"))
    targets = [t for s in report.sections for t in s.targets]
    if targets:
        story += [Spacer(1, 4 * mm), _targets(st, report, targets)]
    for section in report.sections:
        story += _section(st, report, section)
    doc.build(story)
    return Path(atomic_write(out, buf.getvalue(), mode=0o644))


def _targets(st: _Styles, report: RegionReport, targets: list[Target]) -> Table:
    head = [st.p(i18n.tr(code, report.language), st.cell) for code in
            ("region_report.indicator", "region_report.target", "region_report.reached", "region_report.percent")]
    rows = [[st.p(t.label, st.cell), st.p(t.target, st.cell), st.p(t.reached, st.cell), st.p(f"{t.percent:g}", st.cell)]
            for t in targets]
    return _grid([head, *rows], [WIDTH * 0.58, WIDTH * 0.14, WIDTH * 0.14, WIDTH * 0.14])


def _section(st: _Styles, report: RegionReport, section: Section) -> list[Flowable]:
    colon = "：" if report.language == "zh" else ": "
    out: list[Flowable] = [st.p(section.title, st.heading)]
    out += [st.p(f"{label}{colon}{printable(value)}") for label, value in section.facts]
    if section.targets:
        out += [Spacer(1, 2 * mm), _targets(st, report, section.targets)]
    for chart in section.charts:
        if chart.bars:
            out.append(KeepTogether([Spacer(1, 3 * mm), st.p(chart.title), _bars(st, chart)]))
    if section.rows:
        out.append(Spacer(1, 3 * mm))
        total = sum(c.width for c in section.columns)
        widths = [WIDTH * c.width / total for c in section.columns]
        head = [st.p(c.heading, st.cell) for c in section.columns]
        for start in range(0, len(section.rows), ROWS_PER_TABLE):
            body = [[st.p(row.get(c.key), st.cell) for c in section.columns]
                    for row in section.rows[start:start + ROWS_PER_TABLE]]
            out.append(_grid([head, *body], widths))
    return out


def _grid(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _bars(st: _Styles, chart: Chart, limit: int = 20) -> Drawing:
    """Horizontal bars to scale, the value at each bar's end (the longest fills the width)."""
    bars = chart.bars[:limit]
    row, label_w = 13.0, 34 * mm
    height = row * len(bars) + 4
    drawing = Drawing(WIDTH, height)
    top = max((v for _l, v in bars), default=0) or 1
    span = WIDTH - label_w - 20 * mm
    for index, (label, value) in enumerate(bars):
        y = height - (index + 1) * row
        drawing.add(String(label_w - 4, y + 3, label[:14], fontName=st.fonts.body, fontSize=8, textAnchor="end"))
        width = span * value / top
        if width > 0:
            drawing.add(Rect(label_w, y + 1, width, row - 4, fillColor=BAR, strokeColor=None))
        drawing.add(String(label_w + width + 3, y + 3, str(value), fontName=st.fonts.latin, fontSize=8))
    return drawing
