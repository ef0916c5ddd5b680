"""The region report as an Excel workbook: an overview sheet, then one sheet per section.

Each section's sheet: its title, the facts (definitions, counts), the targets with what has
been reached, a blank row, the column headings and the rows as plain values (numbers as
numbers, dates as dates) that a reader can filter, sum or chart. Every value goes through the
safe cell writer (a name beginning with ``=`` stays text).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from labregistry import i18n
from labregistry.files import atomic_write
from labregistry.regionreport.model import RegionReport, Section, Target
from labregistry.xlsx import cells
from labregistry.xlsx.refs import column_letter


def write_xlsx(report: RegionReport, out: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    _overview(wb, report, bold)
    for section in report.sections:
        _section(wb, report, section, bold)
    data = io.BytesIO()
    wb.save(data)
    return Path(atomic_write(out, data.getvalue(), mode=0o644))


def _tr(report: RegionReport, code: str) -> str:
    return i18n.tr(code, report.language)


def _overview(wb: Any, report: RegionReport, bold: Any) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(_tr(report, "region_report.overview"))
    for index, width in enumerate((56, 12, 12, 12), start=1):
        ws.column_dimensions[column_letter(index)].width = width
    ws.append([cells.cell(ws, report.title, font=Font(bold=True, size=14))])
    for code, value in (("region_report.on", report.on), ("region_report.since", report.since),
                        ("region_report.generated", report.generated_at),
                        ("region_report.institutes", report.institutes)):
        ws.append(cells.row(ws, [_tr(report, code), value]))
    ws.append([])
    _targets(ws, report, [t for s in report.sections for t in s.targets], bold)


def _targets(ws: Any, report: RegionReport, targets: list[Target], bold: Any) -> None:
    if not targets:
        return
    ws.append([cells.cell(ws, _tr(report, code), font=bold) for code in
               ("region_report.indicator", "region_report.target", "region_report.reached", "region_report.percent")])
    for t in targets:
        ws.append(cells.row(ws, [t.label, t.target, t.reached, t.percent]))


def _section(wb: Any, report: RegionReport, section: Section, bold: Any) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(section.sheet[:31])
    for index, column in enumerate(section.columns, start=1):
        ws.column_dimensions[column_letter(index)].width = max(column.width, 12 if index == 1 else 0)
    ws.append([cells.cell(ws, section.title, font=Font(bold=True, size=14))])
    ws.append(cells.row(ws, [_tr(report, "region_report.on"), report.on]))
    for label, value in section.facts:
        ws.append(cells.row(ws, [label, value]))
    if section.targets:
        ws.append([])
        _targets(ws, report, section.targets, bold)
    ws.append([])
    ws.append([cells.cell(ws, c.heading, font=bold) for c in section.columns])
    for row in section.rows:
        ws.append(cells.row(ws, [_plain(row.get(c.key)) for c in section.columns]))


def _plain(value: Any) -> Any:
    return None if value == "" else value
