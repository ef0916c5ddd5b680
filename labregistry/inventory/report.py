"""The Excel report of a regional search: what was asked, what was found, where it came from.

Unsigned and for information: it says so in its first rows. It is not a bundle and is
never imported. One sheet: a title, the criteria, the note, then one row per result in
rank order with the columns of :data:`COLUMNS` for the kind, provenance included (issuer,
bundle sequence number, received, signature status, stale).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from labregistry import i18n
from labregistry.domain.records import AUTH_FORMS, STATUSES
from labregistry.xlsx import cells
from labregistry.files import atomic_write
from labregistry.inventory.criteria import Criteria
from labregistry.inventory.provenance import signature_label
from labregistry.xlsx.refs import column_letter

# (key, zh header, en header, width)
# Every kind's row starts with its rank and the institute it belongs to, and ends with the
# provenance of the bundle it came from (:func:`_values`).
_WHERE = [
    ("rank", "序号", "#", 6),
    ("institute_name", "机构", "institute", 30),
    ("institute_uscc", "统一社会信用代码", "USCC", 20),
    ("province", "省份", "province", 6),
    ("city", "城市", "city", 8),
]
_PROVENANCE = [
    ("bundle_seq", "数据包序号", "bundle seq", 10),
    ("received_at", "接收时间", "received", 18),
    ("signature", "签名状态", "signature", 16),
    ("stale", "数据过期", "stale", 8),
]
COLUMNS: dict[str, list[tuple[str, str, str, int]]] = {
    "standards": [
        *_WHERE,
        ("name", "计量标准名称", "standard", 30),
        ("code", "代码", "code", 10),
        ("certificate_no", "考核证书编号", "certificate", 26),
        ("range_text", "测量范围", "range", 22),
        ("uncertainty", "不确定度/准确度等级/最大允许误差", "uncertainty / class / MPE", 24),
        ("comparability_note", "可比性", "comparability", 24),
        ("valid_until", "有效期至", "valid until", 12),
        ("status", "状态", "status", 8),
        ("valid", "在检索日期有效", "valid on date", 8),
        ("services", "开展的检定或校准项目", "services", 40),
    ],
    "authorisations": [
        *_WHERE,
        ("name", "授权项目", "authorised item", 28),
        ("range_text", "测量范围", "range", 20),
        ("uncertainty", "准确度", "accuracy", 16),
        ("procedure", "依据的规程/规范", "procedure", 16),
        ("certificate_no", "授权证书编号", "certificate", 26),
        ("form", "授权形式", "form", 16),
        ("authority", "授权机关", "authority", 20),
        ("valid_until", "有效期至", "valid until", 12),
        ("status", "状态", "status", 8),
        ("valid", "在检索日期有效", "valid on date", 8),
    ],
    "staff": [
        *_WHERE,
        ("name", "姓名", "name", 10),
        ("department", "部门", "department", 12),
        ("title", "职称", "title", 12),
        ("credential_kind", "证书类别", "credential", 16),
        ("certificate_no", "证书编号", "certificate", 22),
        ("items", "专业项目", "items", 40),
        ("valid_until", "有效期至", "valid until", 12),
        ("valid", "在检索日期有效", "valid on date", 8),
    ],
}


# Columns holding a code, written as its label in the report's language ("有效", not "valid").
_LABELLED = {"status": STATUSES, "form": AUTH_FORMS}


def _cell(key: str, value: Any, language: i18n.DocLanguage) -> Any:
    choices = _LABELLED.get(key)
    if choices is not None and isinstance(value, str) and value in choices:
        return choices.label(value).render(language)
    if isinstance(value, bool):
        return i18n.tr("report.yes" if value else "report.no", language)
    if value is None:
        return None
    if key == "services":  # joined in the report's language's punctuation, the names as recorded
        sep, left, right = ("; ", " (", ")") if language == "en" else ("；", "（", "）")
        return sep.join(f"{s['name']}{left}{s['procedure']}{right}" if s.get("procedure") else s["name"] for s in value)
    if key == "items":
        return (", " if language == "en" else "、").join(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return i18n.render_all(value, language)  # a search's note (comparability): in the report's language


def _values(row: dict[str, Any], rank: int, kind: str, language: i18n.DocLanguage) -> list[Any]:
    prov = row.get("provenance") or {}
    out = [rank if key == "rank" else _cell(key, row.get(key), language) for key, *_ in COLUMNS[kind]]
    for key, *_ in _PROVENANCE:
        value = prov.get(key)
        if key == "signature" and value:
            value = signature_label(value).render(language)
        out.append(_cell(key, value, language))
    return out


def write_report(out: str | Path, criteria: Criteria, rows: Iterable[dict[str, Any]], *, total: int | None = None,
                 language: i18n.DocLanguage = "zh", now: dt.datetime | None = None) -> tuple[Path, int]:
    """Write the report atomically, its headings, labels and the rows' notes (a search's rows
    hold them unrendered: :func:`.search.rows_by_ids`) in ``language`` (a property of the report
    the user asked for); returns (path, rows written)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    en = language == "en"
    kind = criteria.kind
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Results" if en else "检索结果")
    columns: Sequence[tuple[str, str, str, int]] = [*COLUMNS[kind], *_PROVENANCE]
    for index, (_key, _zh, _en, width) in enumerate(columns, start=1):
        ws.column_dimensions[column_letter(index)].width = width
    bold = Font(bold=True)
    title = i18n.tr(f"report.title.{kind}", language)
    # every value through cells: a peer's "=cmd|..." name stays text (docs/security.md)
    ws.append([cells.cell(ws, title, font=Font(bold=True, size=14))])
    ws.append(cells.row(ws, [i18n.tr("report.unsigned", language)]))
    stamp = (now or dt.datetime.now()).replace(microsecond=0, tzinfo=None)
    ws.append(cells.row(ws, [i18n.tr("report.generated", language), stamp]))
    for label, value in criteria.describe():
        ws.append(cells.row(ws, [label.render(language), i18n.rendered(value, language)]))
    buffered = list(rows)
    ws.append(cells.row(ws, [i18n.tr("report.count", language), total if total is not None else len(buffered)]))
    ws.append([])
    ws.append([cells.cell(ws, en_h if en else zh_h, font=bold) for _key, zh_h, en_h, _w in columns])
    for rank, row in enumerate(buffered, start=1):
        ws.append(cells.row(ws, _values(row, rank, kind, language)))
    data = io.BytesIO()
    wb.save(data)
    path = atomic_write(out, data.getvalue(), mode=0o644)
    return Path(path), len(buffered)


