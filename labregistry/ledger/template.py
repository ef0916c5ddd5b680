"""Blank ledger templates: the headers the importer expects, drop-downs, and instructions.

The data sheet has one bilingual header per field ("证书编号 *" over "Certificate No.";
``*`` marks required columns), frozen, with column widths; date columns are formatted as
dates and identifier columns as text (so 01101000 keeps its leading zero); fields with
a fixed list of values (disciplines, categories, statuses, instrument roles,
authorisation forms, credential kinds, registration types) get drop-downs that warn on
other values (the importer also accepts the usual short forms). A second sheet
"填写说明 Instructions" explains every column and shows an example.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from labregistry.xlsx import cells
from labregistry.files import atomic_write
from labregistry.xlsx.refs import column_letter
from labregistry.ledger.fields import FieldSpec, KindSpec

INSTRUCTIONS_SHEET = "填写说明 Instructions"
ROWS = 5000
"""Rows of the data sheet covered by drop-downs."""
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
_IDENTIFIERS = {"code", "certificate_no", "instruments.serial_no", "instruments.calibration_cert_no",
                "instruments.traced_to_uscc", "phone", "id_number", "credentials.certificate_no"}

_GENERAL = (
    ("第 1 行是表头，请勿修改、删除或调换；从第 2 行起填写数据，中间可以有空行。",
     "Row 1 is the header: do not change, delete or reorder it; enter data from row 2 (blank rows are fine)."),
    ("表头带 * 的列必须填写；下拉列表中的选项也可以用常见简称（如“社会公用”）。",
     "Columns marked * are required; drop-down values may also be written in their usual short forms."),
    ("日期可写作 2025-03-01、2025/3/1、2025.03.01 或 2025年3月1日，也可以是 Excel 日期。",
     "Dates may be written as 2025-03-01, 2025/3/1, 2025.03.01 or 2025年3月1日, or be Excel dates."),
    ("不要使用公式：含有公式的台账会被拒绝（可复制后“选择性粘贴-数值”）。",
     "Do not use formulas: a ledger holding a formula is refused (copy the cells and paste them as values)."),
    ("导入前会逐行校验：有错误时不写入任何数据，并可生成一份标出错误单元格的校验报告。",
     ("Every row is checked before importing: with any error nothing is written, and a report marking the "
      "wrong cells can be produced.")),
)
_BY_KIND = {
    "standards": (
        (("一个计量标准有多台主标准器或配套设备时，每台设备占一行：第一行填写计量标准和第一台设备，"
          "下面各行只填设备各列（计量标准各列留空或合并单元格）。开展的检定或校准项目同样每项一行。"),
         ("A standard with several instruments takes one row per instrument: the first row holds the standard "
          "and its first instrument, the rows below only the instrument columns (leave the standard's cells "
          "empty or merge them). Verification or calibration items likewise take one row each.")),
        (("一个计量标准有多个被测参数（如直流电压、交流电压）时，每个参数占一行：填写“被测参数”“测量范围”和"
          "“不确定度/准确度等级/最大允许误差”三列（与设备可在同一行），计量标准各列留空或合并单元格；也可在一格中用“；”"
          "或换行分隔，如“直流电压 (0~1000)V U=0.002%,k=2；交流电压 (0~750)V U=0.05%,k=2”，或测量范围一格"
          "“(0~1000)V；(0~750)V”、准确度一格按同样顺序“U=0.002%,k=2；U=0.05%,k=2”。"
          "同时给出不确定度和最大允许误差（或准确度等级）时，以不确定度为该参数的准确度，其余保存为条件。"),
         ("A standard with several parameters (DC voltage, AC voltage ...) takes one row per parameter: fill the "
          "parameter, range and accuracy columns (on an instrument's row if you like) and leave the standard's "
          "cells empty or merged; or list them in one cell separated by ';' or line breaks, e.g. "
          "'直流电压 (0~1000)V U=0.002%,k=2; 交流电压 (0~750)V U=0.05%,k=2', or ranges '(0~1000)V; (0~750)V' with "
          "the accuracies in the same order 'U=0.002%,k=2; U=0.05%,k=2'. An uncertainty given with an MPE (or a "
          "class) is the parameter's accuracy; the rest is kept as its conditions.")),
        ("再次导入时按本机构的证书编号匹配已有计量标准：未改动的保持不变，有改动的更新并记入修改记录。",
         ("A re-import matches the own institute's standards by certificate number: unchanged ones are left "
          "alone, changed ones are updated and recorded in the audit trail.")),
    ),
    "authorisations": (
        ("一张授权证书有多个授权项目时，每个项目占一行：证书各列只在第一行填写（或合并单元格、或每行重复填写）。",
         ("An authorisation with several items takes one row per item: the certificate's cells are filled on "
          "the first row only (or merged, or repeated on every row).")),
        ("再次导入时按本机构的授权证书编号匹配已有记录。",
         "A re-import matches the own institute's authorisations by certificate number."),
    ),
    "staff": (
        ("一人持有多本证书时，每本证书占一行：姓名等各列只在第一行填写（或合并单元格、或每行重复填写）。",
         ("A person with several credentials takes one row per credential: the person's cells are filled on "
          "the first row only (or merged, or repeated).")),
        ("再次导入时按证书编号匹配已有人员，没有证书的按姓名和部门匹配。联系电话和身份证号码只保存在本机构。",
         ("A re-import matches people by certificate number, people without one by name and department. Phone "
          "and ID numbers stay inside the institute.")),
    ),
}
#: A second example row: a continuation row with a further list item.
_CONTINUATION = {
    "standards": {"capabilities.parameter": "负压", "range_text": "(-0.1~0)MPa", "accuracy_text": "0.05级",
                  "instruments.role": "配套设备", "instruments.name": "温湿度计", "instruments.model": "WSB-1",
                  "instruments.serial_no": "A1234", "instruments.traced_to_name": "上海市计量测试技术研究院",
                  "instruments.calibration_cert_no": "2024R-0567", "instruments.calibration_due": "2025-08-31",
                  "services.name": "数字压力计校准", "services.procedure": "JJF 1871-2020", "services.kind": "校准"},
    "authorisations": {"items.name": "数字压力计", "items.range_text": "(0~60)MPa", "items.accuracy_text": "0.05级",
                       "items.procedure": "JJG 875-2019"},
    "staff": {"credentials.kind": "计量检定员证", "credentials.certificate_no": "沪检字第0456号",
              "credentials.issued_on": "2018-06-01", "credentials.valid_until": "2026-05-31",
              "credentials.items": "压力变送器"},
}


def header_text(f: FieldSpec) -> str:
    return f"{f.zh}{' *' if f.required else ''}\n{f.en}"


def _example(f: FieldSpec, value: Any) -> Any:
    if value is None:
        return None
    if f.type == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="A6A6A6")
    return {
        "head_font": Font(bold=True),
        "required_fill": PatternFill("solid", start_color="FCE4D6", end_color="FCE4D6"),
        "optional_fill": PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6"),
        "wrap": Alignment(wrap_text=True, vertical="center", horizontal="center"),
        "left": Alignment(wrap_text=True, vertical="top"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "title": Font(bold=True, size=14),
        "bold": Font(bold=True),
    }


def _write_header(ws: Any, fields: tuple[FieldSpec, ...], row: int, st: dict[str, Any]) -> None:
    for col, f in enumerate(fields, start=1):
        cell = cells.put(ws.cell(row=row, column=col), header_text(f))
        cell.font = st["head_font"]
        cell.fill = st["required_fill"] if f.required else st["optional_fill"]
        cell.alignment = st["wrap"]
        cell.border = st["border"]
    ws.row_dimensions[row].height = 36


def _data_sheet(ws: Any, spec: KindSpec, st: dict[str, Any]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.title = spec.sheet_title
    _write_header(ws, spec.fields, 1, st)
    ws.freeze_panes = "A2"
    for col, f in enumerate(spec.fields, start=1):
        letter = column_letter(col)
        dim = ws.column_dimensions[letter]
        dim.width = f.width
        if f.type == "date":
            dim.number_format = DATE_FORMAT
        elif f.key in _IDENTIFIERS:
            dim.number_format = TEXT_FORMAT
        if f.choices is not None:
            labels = [label.zh.replace(",", "，") for label in f.choices.labels()]
            if f.key == "discipline":
                labels = [f"{code} {zh}" for code, (zh, _en) in f.choices.items()]
            dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
            dv.errorStyle = "warning"
            dv.errorTitle = "不在列表中 Not in the list"
            dv.error = ("建议从下拉列表中选择。Please choose from the list.")
            dv.promptTitle = f.zh[:32]
            dv.prompt = (f.help_zh or f.zh)[:250]
            dv.showErrorMessage = True
            dv.showInputMessage = True
            dv.add(f"{letter}2:{letter}{ROWS}")
            ws.add_data_validation(dv)


def _instructions(ws: Any, spec: KindSpec, st: dict[str, Any]) -> None:
    ws.title = INSTRUCTIONS_SHEET
    title = cells.put(ws.cell(row=1, column=1), f"{spec.label.render('zh')}台账填写说明 / Instructions: ledger of "
                                                 f"{spec.label.render('en')}")
    title.font = st["title"]
    row = 3
    for zh, en in (*_GENERAL, *_BY_KIND[spec.name]):
        cells.put(ws.cell(row=row, column=1), f"{row - 2}.")
        cells.put(ws.cell(row=row, column=2), zh).alignment = st["left"]
        cells.put(ws.cell(row=row, column=4), en).alignment = st["left"]
        row += 1
    row += 1
    heads = ("列 Column", "表头 Header", "必填 Required", "填写说明", "Explanation", "示例 Example")
    for col, text in enumerate(heads, start=1):
        cell = cells.put(ws.cell(row=row, column=col), text)
        cell.font = st["bold"]
        cell.fill = st["optional_fill"]
        cell.border = st["border"]
    row += 1
    for col, f in enumerate(spec.fields, start=1):
        values = (
            column_letter(col),
            header_text(f).replace("\n", " / "),
            "是 Yes" if f.required else "",
            f.help_zh,
            f.help_en,
            _example(f, f.example),
        )
        for c, value in enumerate(values, start=1):
            cell = cells.put(ws.cell(row=row, column=c), value)
            cell.alignment = st["left"]
            cell.border = st["border"]
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
        row += 1
    row += 1
    cells.put(ws.cell(row=row, column=1), "示例 Example（复制到第一个工作表即可导入 / copy to the first sheet to import）").font = (
        st["bold"])
    row += 1
    _write_header(ws, spec.fields, row, st)
    examples = [{f.key: f.example for f in spec.fields}, _CONTINUATION[spec.name]]
    for example in examples:
        row += 1
        for col, f in enumerate(spec.fields, start=1):
            value = _example(f, example.get(f.key))
            cell = cells.put(ws.cell(row=row, column=col), value)
            cell.border = st["border"]
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
    widths = {1: 10, 2: 30, 3: 10, 4: 46, 5: 46, 6: 22}
    for col, width in widths.items():
        ws.column_dimensions[column_letter(col)].width = width
    for col in range(7, len(spec.fields) + 1):
        ws.column_dimensions[column_letter(col)].width = spec.fields[col - 1].width


def build_template(spec: KindSpec) -> bytes:
    """The template's bytes."""
    from openpyxl import Workbook

    st = _styles()
    wb = Workbook()
    _data_sheet(wb.active, spec, st)
    _instructions(wb.create_sheet(), spec, st)
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_template(out: Path, spec: KindSpec) -> Path:
    """Write the template of ``spec`` to ``out`` (replacing it atomically)."""
    atomic_write(out, build_template(spec), mode=0o644)
    return out
