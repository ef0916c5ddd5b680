"""The own lists as an Excel report: standards, authorisations, staff, instruments due.

What a lab manager hands to a superior or files for an audit (``list ... --report OUT.xlsx``,
the app's "Export list"): a title, when it was made and what was listed (the filter), the
count, then one row per record with the columns a reader needs, codes written as words in
the report's language and dates as dates. Every value goes through the safe cell writer
(``cells``: a name beginning with ``=`` stays text) and the target through
:func:`~labregistry.outputs.check_target` (never over the registry's own files). The file is
written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labregistry import i18n
from labregistry.domain import usability
from labregistry.domain.records import AUTH_FORMS, CREDENTIAL_KINDS, GRADES, INSTRUMENT_ROLES, STATUSES
from labregistry.xlsx import cells
from labregistry.xlsx.refs import column_letter
from labregistry.files import atomic_write
from labregistry.outputs import check_xlsx_target
from labregistry.registry import Registry

# (key, zh header, en header, width)
COLUMNS: dict[str, list[tuple[str, str, str, int]]] = {
    "standards": [
        ("certificate_no", "考核证书编号", "certificate no.", 26),
        ("code", "代码", "code", 10),
        ("name", "计量标准名称", "standard", 30),
        ("grade", "类别", "grade", 16),
        ("range_text", "测量范围", "measuring range", 22),
        ("accuracy_text", "不确定度/准确度等级/最大允许误差", "uncertainty / class / MPE", 24),
        ("issued_on", "发证日期", "issued on", 12),
        ("valid_until", "有效期至", "valid until", 12),
        ("state", "状态", "status", 10),
        ("responsible_person", "负责人", "responsible person", 10),
    ],
    "authorisations": [
        ("certificate_no", "授权证书编号", "certificate no.", 26),
        ("form", "授权形式", "form", 24),
        ("authority", "授权机关", "authority", 24),
        ("item_count", "项目数", "items", 8),
        ("issued_on", "发证日期", "issued on", 12),
        ("valid_until", "有效期至", "valid until", 12),
        ("status", "状态", "status", 8),
    ],
    "staff": [
        ("name", "姓名", "name", 10),
        ("department", "部门", "department", 14),
        ("title", "职称", "title", 12),
        ("credential_kind", "证书类别", "credential", 20),
        ("certificate_no", "证书编号", "certificate no.", 22),
        ("issued_on", "发证日期", "issued on", 12),
        ("valid_until", "有效期至", "valid until", 12),
    ],
    "instruments": [
        ("calibration_due", "检定/校准有效期至", "calibration due", 14),
        ("state", "状态", "status", 8),
        ("role", "类型", "role", 10),
        ("standard_certificate_no", "所属计量标准证书编号", "standard's certificate no.", 26),
        ("name", "名称", "name", 24),
        ("model", "型号", "model", 14),
        ("serial_no", "出厂编号", "serial no.", 14),
        ("calibration_cert_no", "检定/校准证书编号", "calibration certificate no.", 22),
    ],
}
KINDS = tuple(COLUMNS)

# Columns holding a code, written as its label ("社会公用计量标准", not "public").
_CHOICES = {"grade": GRADES, "status": STATUSES, "form": AUTH_FORMS, "credential_kind": CREDENTIAL_KINDS,
            "role": INSTRUMENT_ROLES}


@dataclass(frozen=True)
class ListReport:
    path: Path
    rows: int


def _english(language: i18n.DocLanguage) -> bool:
    return language == "en"


def cell_text(key: str, value: Any, language: i18n.DocLanguage) -> Any:
    """A list value as the report shows it: codes as words, dates as dates, None empty."""
    if value is None or value == "":
        return None
    en = _english(language)
    if key == "state":
        if value == usability.NEEDS_RECALIBRATION:
            return i18n.tr("state.needs_recalibration", language)
        if value in ("overdue", "due"):
            return i18n.tr(f"list_report.state.{value}", language)
        key = "status"
    choices = _CHOICES.get(key)
    if choices is not None and isinstance(value, str) and value in choices:
        zh, english = choices[value]
        return english if en else zh
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def filter_text(kind: str, within: int | None, language: i18n.DocLanguage) -> str:
    """What was listed, in words (the report's "Listed" row)."""
    if within is None:
        return i18n.tr("list_report.filter.all", language)
    code = "list_report.filter.due" if kind == "instruments" else "list_report.filter.expiring"
    return i18n.tr(code, language, days=within)


def write_list_report(
    reg: Registry,
    out: str | Path,
    kind: str,
    rows: Iterable[dict[str, Any]],
    *,
    institute: str,
    within: int | None = None,
    language: i18n.DocLanguage,
    now: dt.datetime | None = None,
) -> ListReport:
    """Write ``rows`` (list rows of ``kind``, in the order given) as an Excel report."""
    check_xlsx_target(reg.home, out)
    columns: Sequence[tuple[str, str, str, int]] = COLUMNS[kind]
    listed = list(rows)
    made = (now or dt.datetime.now()).replace(microsecond=0, tzinfo=None)
    facts = [(i18n.tr("list_report.generated", language), made),
             (i18n.tr("list_report.filter", language), filter_text(kind, within, language)),
             (i18n.tr("list_report.count", language), len(listed))]
    path = write_table(out, sheet=i18n.tr("list_report.sheet", language),
                       title=i18n.tr(f"list_report.title.{kind}", language, institute=institute), facts=facts,
                       columns=columns, rows=([cell_text(key, row.get(key), language) for key, *_ in columns]
                                              for row in listed), language=language)
    return ListReport(path, len(listed))


def write_table(out: str | Path, *, sheet: str, title: str, facts: Sequence[tuple[str, Any]],
                columns: Sequence[tuple[str, str, str, int]], rows: Iterable[Sequence[Any]],
                language: i18n.DocLanguage) -> Path:
    """The frame every Excel report of records shares (the list reports, the CMC table): a
    bold title, label/value lines, a blank line, the bold column headings (zh or en) and the
    rows, every value through the safe cell writer; the file written whole or not at all.
    The caller has checked ``out`` (:func:`labregistry.outputs.check_xlsx_target`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    en = _english(language)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for index, (_key, _zh, _en, width) in enumerate(columns, start=1):
        ws.column_dimensions[column_letter(index)].width = width
    ws.append([cells.cell(ws, title, font=Font(bold=True, size=14))])
    for label, value in facts:
        ws.append(cells.row(ws, [label, value]))
    ws.append([])
    bold = Font(bold=True)
    ws.append([cells.cell(ws, en_h if en else zh_h, font=bold) for _key, zh_h, en_h, _w in columns])
    for values in rows:
        ws.append(cells.row(ws, list(values)))
    data = io.BytesIO()
    wb.save(data)
    return Path(atomic_write(out, data.getvalue(), mode=0o644))
