"""The pilot laboratory's results table (比对结果汇总表 / 能力验证结果报告) read from Excel.

The table as pilots publish it (docs/comparisons.md, *The results table*): a header block of
``label: value`` lines (比对名称, 比对编号, 主导实验室, 被测量, 参考值 and its U, or the
assigned value and σ_pt ...), either in one cell (``比对编号：BD-2026-01``) or a label cell
with its value to the right; then a header row and one row per participant (实验室代码,
参加实验室, 测得值, 扩展不确定度 U, k, En值 or z比分数, 结论 ...). A unit in a header's
brackets (``扩展不确定度U/(μV)`` under ``测得值(V)``) is converted to the values' unit.

The file is opened as ledgers are (:func:`labregistry.ledger.reader.open_ledger`: pre-flight,
no formulas); the first visible sheet is read. Every problem is refused naming file, sheet,
row, column and the rule (:class:`labregistry.crypto.jsonform.FormatError`), before anything
is stored; the scores and verdicts are checked by :func:`labregistry.interlab.check.judge`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labregistry.crypto.jsonform import Detail, FormatError
from labregistry.domain.codes import normalise_uscc
from labregistry.domain.dates import parse_date
from labregistry.domain.quantities import NUMBER, to_canonical, to_float
from labregistry.domain.text import clean, normalise
from labregistry.domain.validation import text_issue
from labregistry.errors import DomainError
from labregistry.interlab.check import Judged, Scheme, dates_problem, judge, uscc_problem
from labregistry.interlab.criteria import KINDS, VERDICTS, Criterion
from labregistry.ledger.reader import SheetGrid, iter_cells, open_ledger

# header block labels -> field (spellings seen in published results tables; docs/comparisons.md)
_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("比对名称", "能力验证计划名称", "计划名称", "项目名称", "名称", "comparison", "scheme name"),
    "scheme_no": ("比对编号", "计划编号", "能力验证计划编号", "项目编号", "编号", "scheme no", "scheme number"),
    "kind": ("类型", "比对类型", "kind"),
    "pilot_name": ("主导实验室", "主导单位", "主导实验室名称", "实施机构", "pilot laboratory", "pilot"),
    "pilot_uscc": ("主导实验室统一社会信用代码", "主导实验室代码", "统一社会信用代码", "pilot uscc"),
    # an outside pilot's code other than a USCC: the scheme's own identifier (CCEM-K4, APMP.EM-K4)
    "pilot_code": ("主导实验室标识", "主导实验室编码", "国际比对编号", "关键比对编号", "pilot code", "key comparison"),
    "organiser": ("组织机构", "组织单位", "组织者", "organiser", "organizer"),
    "measurand": ("被测量", "比对参数", "测量参数", "比对项目", "检测项目", "被测参数", "measurand"),
    "unit": ("单位", "计量单位", "unit"),
    "artefact": ("传递标准", "传递标准/样品", "比对样品", "样品", "transfer standard", "artefact"),
    "started_on": ("开始日期", "比对开始日期", "start"),
    "ended_on": ("结束日期", "比对结束日期", "end"),
    "report_on": ("报告日期", "比对报告日期", "report date"),
    "reference_value": ("参考值", "指定值", "比对参考值", "reference value", "assigned value"),
    "reference_uncertainty": ("参考值扩展不确定度", "参考值的扩展不确定度", "参考值不确定度", "参考值u",
                              "uref", "reference u"),
    "sigma_pt": ("能力评定标准差", "能力评定标准偏差", "σ", "σpt", "sigma_pt"),
}
# result columns -> field
_COLUMNS: dict[str, tuple[str, ...]] = {
    "lab_code": ("实验室代码", "参加实验室代码", "代码", "实验室编号", "lab code", "code"),
    "institute_uscc": ("统一社会信用代码", "信用代码", "uscc"),
    "institute_name": ("参加实验室", "实验室名称", "参加实验室名称", "单位名称", "实验室", "单位", "participant"),
    "value": ("测得值", "测量结果", "测量值", "结果", "result", "value"),
    "uncertainty": ("扩展不确定度", "扩展不确定度u", "u", "不确定度", "uncertainty"),
    "coverage_k": ("k", "包含因子", "包含因子k"),
    "en": ("en", "en值", "归一化偏差", "归一化偏差en"),
    "z": ("z", "z值", "z比分数", "z分数", "zscore"),
    "verdict": ("结论", "评价结果", "评价", "结果评价", "比对结论", "verdict"),
    "standard_certificate_no": ("计量标准证书编号", "计量标准考核证书编号", "标准证书编号", "证书编号"),
    "parameter": ("参数", "测量能力参数", "parameter"),
}
_LENGTHS = {"name": 200, "scheme_no": 100, "organiser": 200, "measurand": 200, "unit": 40, "artefact": 200,
            "pilot_name": 200, "pilot_uscc": 18, "pilot_code": 40, "lab_code": 20, "institute_uscc": 18, "institute_name": 200,
            "standard_certificate_no": 100, "parameter": 200}
_UNIT = re.compile(r"[（(/]\s*\(?([^()（）]*?)\)?\s*[)）]?\s*$")
_WITH_UNIT = re.compile(rf"^\s*({NUMBER})\s*([^\d\s].*?)?\s*$")
_SPLIT = re.compile(r"^\s*([^:：]{1,30}?)\s*[:：]\s*(.*)$", re.S)


@dataclass
class ParticipantRow:
    row: int
    lab_code: str | None
    institute_uscc: str | None
    institute_name: str
    value: float
    uncertainty: float | None
    coverage_k: float | None
    score: float
    verdict: str
    standard_certificate_no: str | None
    parameter: str | None


@dataclass
class ResultsTable:
    """A results table read and checked: the comparison's fields and its participants' rows."""

    file: str
    sheet: str
    fields: dict[str, Any]
    pilot_name: str | None
    pilot_uscc: str | None
    rows: list[ParticipantRow] = field(default_factory=list)
    pilot_code: str | None = None  # an outside pilot's code: its USCC, else the scheme's identifier


def _fold(text: str) -> str:
    return "".join(normalise(text).lower().split()).replace("_", "").rstrip(":：")


_LABEL_OF = {_fold(s): key for key, spellings in _LABELS.items() for s in spellings}
_COLUMN_OF = {_fold(s): key for key, spellings in _COLUMNS.items() for s in spellings}


def _split_unit(header: str) -> tuple[str, str | None]:
    """``测得值(V)`` -> (测得值, V); ``扩展不确定度U/(μV)`` -> (扩展不确定度U, μV)."""
    m = _UNIT.search(header)
    if m is None or not m.group(1).strip() or m.start() == 0:
        return header, None
    return header[: m.start()], m.group(1).strip()


def _column_key(header: Any) -> tuple[str | None, str | None]:
    if not isinstance(header, str):
        return None, None
    text, unit = _split_unit(header)
    key = _COLUMN_OF.get(_fold(text))
    if key is None:
        key = _COLUMN_OF.get(_fold(header))
        unit = None
    if key is None:  # "En值（|En|≤1 满意）" and other explained headers: the part before the brackets
        key = _COLUMN_OF.get(_fold(re.split(r"[（(]", text, maxsplit=1)[0]))
    return key, unit


class _Reader:
    def __init__(self, grid: SheetGrid) -> None:
        self.grid = grid

    def refuse(self, row: int, column: str, rule: str, **params: Any) -> FormatError:
        return FormatError("comparison.cell", file=self.grid.file, sheet=self.grid.sheet, row=row, column=column,
                           rule=Detail(rule, **params))

    def header_row(self) -> tuple[int, dict[str, tuple[int, str, str | None]]]:
        """The results header's row and ``{field: (column, header text, unit)}``."""
        for r in self.grid.row_numbers():
            found: dict[str, tuple[int, str, str | None]] = {}
            for col, value in iter_cells(self.grid, r):
                key, unit = _column_key(value)
                if key is not None and key not in found:
                    found[key] = (col, str(value).strip(), unit)
            if "institute_name" in found and "value" in found:
                return r, found
        raise DomainError("comparison.no_header", file=self.grid.file, sheet=self.grid.sheet)

    def labels(self, before: int) -> dict[str, tuple[int, str, Any]]:
        """The header block's ``{field: (row, label, value)}`` above the results header."""
        out: dict[str, tuple[int, str, Any]] = {}
        for r in self.grid.row_numbers():
            if r >= before:
                break
            cells = list(iter_cells(self.grid, r))
            for i, (_col, value) in enumerate(cells):
                if not isinstance(value, str):
                    continue
                key, found = _LABEL_OF.get(_fold(value)), None
                if key is not None and i + 1 < len(cells):
                    found = cells[i + 1][1]
                elif key is None and (m := _SPLIT.match(value)) and m.group(2).strip():
                    key, found = _LABEL_OF.get(_fold(m.group(1))), m.group(2).strip()
                if key is not None and found is not None and key not in out:
                    out[key] = (r, value.strip().rstrip(":："), found)
        return out


def read_results_table(path: str | Path) -> ResultsTable:
    """The results table at ``path``, checked; FormatError / DomainError naming the cell if not."""
    with open_ledger(path) as book:
        sheet = book.visible_sheets[0]
        grid = book.read_sheet(sheet)
    reader = _Reader(grid)
    head_row, columns = reader.header_row()
    labels = reader.labels(head_row)
    fields = _header_fields(reader, labels, columns)
    value_unit = columns["value"][2]
    if value_unit is not None and fields["unit"] is not None and normalise(value_unit) != normalise(fields["unit"]):
        # the reference (in the header block's unit) and the results would be compared 1000 times off
        raise reader.refuse(head_row, columns["value"][1], "comparison.rule_unit_differs", unit=value_unit,
                            to=fields["unit"])
    scheme = Scheme(fields["criterion"], fields["reference_value"], fields["reference_uncertainty"],
                    fields["sigma_pt"])
    rows = _participants(reader, head_row, columns, scheme, fields.get("unit"))
    if not rows:
        raise DomainError("comparison.no_rows", file=grid.file, sheet=grid.sheet, row=head_row)
    pilot_name, pilot_uscc, pilot_code = fields.pop("pilot_name"), fields.pop("pilot_uscc"), fields.pop("pilot_code")
    return ResultsTable(grid.file, grid.sheet, fields, pilot_name, pilot_uscc, rows, pilot_uscc or pilot_code)


def _header_fields(reader: _Reader, labels: dict[str, tuple[int, str, Any]],
                   columns: dict[str, tuple[int, str, str | None]]) -> dict[str, Any]:
    grid = reader.grid
    out: dict[str, Any] = {}

    def refuse(key: str, rule: str, **params: Any) -> FormatError:
        row, label, _value = labels[key]
        return FormatError("comparison.label_value", file=grid.file, sheet=grid.sheet, row=row, label=label,
                           rule=Detail(rule, **params))

    for key in ("name", "scheme_no", "pilot_name", "measurand"):
        if key not in labels or clean(labels[key][2]) is None:
            raise DomainError("comparison.missing_label", file=grid.file, sheet=grid.sheet, label=_LABELS[key][0])
    for key in ("name", "scheme_no", "pilot_name", "pilot_uscc", "pilot_code", "organiser", "measurand", "unit",
                "artefact"):
        text = clean(labels[key][2]) if key in labels else None
        if text is not None and len(text) > _LENGTHS[key]:
            raise refuse(key, "comparison.rule_too_long", max=_LENGTHS[key])
        if text is not None and (issue := text_issue(text, key)) is not None:  # 浙江 shown as 江浙 ...
            raise refuse(key, issue.code, **issue.params)
        out[key] = text
    for key in ("started_on", "ended_on", "report_on"):
        out[key] = None
        if key in labels and clean(labels[key][2]) is not None:
            try:
                out[key] = parse_date(labels[key][2])
            except DomainError:
                raise refuse(key, "comparison.rule_date", value=_shown(labels[key][2])) from None
    if (bad := dates_problem(out)) is not None:
        raise refuse(bad[0], bad[1], **bad[2])
    units: dict[str, str | None] = {}
    for key in ("reference_value", "reference_uncertainty", "sigma_pt"):
        out[key] = None
        if key in labels and clean(labels[key][2]) is not None:
            found = _number_and_unit(labels[key][2])
            if found is None:
                raise refuse(key, "comparison.rule_number", value=_shown(labels[key][2]))
            out[key], units[key] = found
    criterion: Criterion = "z" if "z" in columns or (out["sigma_pt"] is not None and "en" not in columns) else "en"
    out["criterion"] = criterion
    out["kind"] = "proficiency" if criterion == "z" else "comparison"
    if "kind" in labels:
        kind = KINDS.parse(clean(labels["kind"][2]))
        if kind is None:
            raise refuse("kind", "comparison.rule_kind", value=_shown(labels["kind"][2]))
        out["kind"] = kind
    if out["unit"] is None:
        out["unit"] = columns["value"][2] or units.get("reference_value")
    for key, unit in units.items():  # "参考值扩展不确定度: 2 μV" for results in V
        if unit is not None and out["unit"] is not None and unit != out["unit"]:
            if key == "reference_value":  # a value, not a difference: 20 ℃ is 293.15 K
                converted = _converted(out[key], unit, out["unit"])
                if converted is None:
                    raise refuse(key, "comparison.rule_unit", unit=unit, to=out["unit"])
                out[key] = converted
                continue
            factor = _factor(unit, out["unit"])
            if factor is None:
                raise refuse(key, "comparison.rule_unit", unit=unit, to=out["unit"])
            out[key] = _scaled(out[key], factor)
    if out["reference_value"] is None:
        raise DomainError("comparison.missing_label", file=grid.file, sheet=grid.sheet, label=_LABELS["reference_value"][0])
    return out


def _participants(reader: _Reader, head_row: int, columns: dict[str, tuple[int, str, str | None]], scheme: Scheme,
                  unit: str | None) -> list[ParticipantRow]:
    grid = reader.grid
    score_key = scheme.criterion
    factor = _u_factor(reader, head_row, columns, unit)
    out: list[ParticipantRow] = []
    seen: dict[str, int] = {}
    for r in grid.row_numbers(head_row + 1):
        cells = {key: grid.effective(r, col) for key, (col, _h, _u) in columns.items()}
        if all(clean(v) is None for v in cells.values()):
            continue
        if clean(cells.get("value")) is None and clean(cells.get("institute_name")) is None:
            break  # the notes under the table (注：...)

        def text(key: str, required: bool = False) -> str | None:
            value = clean(cells.get(key))
            if value is None and required:
                raise reader.refuse(r, columns[key][1], "comparison.rule_required")
            if value is not None and len(value) > _LENGTHS[key]:
                raise reader.refuse(r, columns[key][1], "comparison.rule_too_long", max=_LENGTHS[key])
            if value is not None and (issue := text_issue(value, key)) is not None:
                raise reader.refuse(r, columns[key][1], issue.code, **issue.params)
            return value

        def number(key: str, required: bool = False) -> float | None:
            raw = cells.get(key)
            if clean(raw) is None:
                if required:
                    raise reader.refuse(r, columns[key][1], "comparison.rule_required")
                return None
            value = _number(raw)
            if value is None:
                raise reader.refuse(r, columns[key][1], "comparison.rule_number", value=_shown(raw))
            return value

        name = text("institute_name", required=True)
        assert name is not None
        if name in seen:
            raise reader.refuse(r, columns["institute_name"][1], "comparison.rule_repeated", value=name,
                                first=seen[name])
        seen[name] = r
        value = number("value", required=True)
        assert value is not None
        uncertainty = number("uncertainty") if "uncertainty" in columns else None
        if uncertainty is not None:
            uncertainty = _scaled(uncertainty, factor)
        stated = number(score_key) if score_key in columns else None
        verdict_key = None
        if "verdict" in columns and clean(cells["verdict"]) is not None:
            verdict_key = VERDICTS.parse(clean(cells["verdict"]))
            if verdict_key is None:
                raise reader.refuse(r, columns["verdict"][1], "comparison.rule_verdict_word",
                                    value=_shown(cells["verdict"]))
        judged = judge(scheme, value, uncertainty, stated, verdict_key)
        if not isinstance(judged, Judged):
            column_key, rule, params = judged
            if column_key == "score":
                column_key = score_key if score_key in columns else "value"
            header = columns[column_key][1] if column_key in columns else column_key
            raise reader.refuse(r, header, rule, **params)
        out.append(ParticipantRow(
            r, text("lab_code") if "lab_code" in columns else None, _uscc(reader, r, columns, cells), name, value,
            uncertainty,
            number("coverage_k") if "coverage_k" in columns else None, judged.score, judged.verdict,
            text("standard_certificate_no") if "standard_certificate_no" in columns else None,
            text("parameter") if "parameter" in columns else None))
    return out


def _uscc(reader: _Reader, r: int, columns: dict[str, tuple[int, str, str | None]],
          cells: dict[str, Any]) -> str | None:
    """The row's USCC as people type it (spaces, lower case) in its written form; refused when not one."""
    raw = clean(cells.get("institute_uscc"))
    if raw is None:
        return None
    bad = uscc_problem(normalise_uscc(raw))
    if bad is not None:
        raise reader.refuse(r, columns["institute_uscc"][1], bad[0], **{**bad[1], "value": raw})
    return normalise_uscc(raw)


def _u_factor(reader: _Reader, head_row: int, columns: dict[str, tuple[int, str, str | None]],
              unit: str | None) -> float:
    """What a U in its header's unit is multiplied by to be in the results' unit (1 if either has none)."""
    if "uncertainty" not in columns:
        return 1.0
    u_unit, value_unit = columns["uncertainty"][2], columns["value"][2] or unit
    if u_unit is None or value_unit is None or u_unit == value_unit:
        return 1.0
    factor = _factor(u_unit, value_unit)
    if factor is None:
        raise reader.refuse(head_row, columns["uncertainty"][1], "comparison.rule_unit", unit=u_unit, to=value_unit)
    return factor


def _factor(unit: str, to: str) -> float | None:
    """What a difference in ``unit`` is multiplied by to be in ``to`` (μV to V: 1e-6); None if they do not convert."""
    try:
        q1, one, _c1 = to_canonical(1.0, unit, delta=True)
        q2, one_to, _c2 = to_canonical(1.0, to, delta=True)
    except DomainError:
        return None
    return one / one_to if q1 == q2 and one_to else None


def _converted(value: float, unit: str, to: str) -> float | None:
    """``value`` in ``unit`` as a value in ``to`` (offsets included: 20 ℃ is 293.15 K), to 15
    significant digits; None if the units do not convert."""
    try:
        q1, canonical, _c1 = to_canonical(value, unit)
        q2, zero, _c2 = to_canonical(0.0, to)
        _q, one, _c = to_canonical(1.0, to)
    except DomainError:
        return None
    return float(f"{(canonical - zero) / (one - zero):.15g}") if q1 == q2 and one != zero else None


def _scaled(value: float, factor: float) -> float:
    """``value * factor`` to 15 significant digits: 5 μV is 5e-06 V, not 4.9999999999999996e-06 (what
    is recorded is what the table says, and what a bundle carries of it reads back the same)."""
    return value if factor == 1.0 else float(f"{value * factor:.15g}")


def _number_and_unit(value: Any) -> tuple[float, str | None] | None:
    """``1.000001``, ``'1.000001 V'``, ``'2 μV'`` -> (number, unit or None)."""
    number = _number(value)
    if number is not None:
        return number, None
    m = _WITH_UNIT.match(normalise(value)) if isinstance(value, str) else None
    if m is None:
        return None
    found = _number(m.group(1))
    return None if found is None else (found, (m.group(2) or "").strip() or None)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return to_float(normalise(value).replace("−", "-"))
        except ValueError:
            return None
    return None


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:60]
