"""Messy ledgers as institutes keep them, built as real .xlsx files with openpyxl.

Each builder returns the path; the module constants say where the good and bad values
are, so that tests can assert on rows and columns.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

USCC = "12310000425011296P"  # the own institute (valid check character)

# ---------------------------------------------------------------------------------------
# Standards: title rows, a two-row header under a merged banner, merged continuation rows
# ---------------------------------------------------------------------------------------

#: columns of the standards ledger
S_COLS = {
    "seq": "A", "name": "B", "certificate_no": "C", "code": "D", "grade": "E", "range_text": "F",
    "accuracy_text": "G", "issued_on": "H", "valid_until": "I", "instruments.name": "J", "instruments.model": "K",
    "instruments.serial_no": "L", "instruments.calibration_cert_no": "M", "instruments.calibration_due": "N",
    "notes": "O",
}
S_HEADER_ROW = 4
PRESSURE = "[2023]沪量标证字第0123号"
VOLTAGE_FW = "［2022］沪量标证字第０２３４号"  # full-width brackets and digits, as typed
FREQUENCY = "[2021]沪量标证字第0345号"
MULTIMETER = "[2023]沪量标证字第0456号"
BAD_CERT = "[2023]沪量标证字第0567号"
#: rows of the standards ledger
S_ROWS = {"pressure": 6, "pressure_2": 7, "pressure_3": 8, "voltage": 9, "frequency": 11, "multimeter": 12,
          "bad": 13, "bad_instrument": 14, "total": 15, "note": 16, "signature": 17}
GOOD_STANDARDS = (PRESSURE, VOLTAGE_FW, FREQUENCY, MULTIMETER)


def simple_ledger(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = (), title: str = "台账") -> Path:
    """One sheet of ``rows`` (the header among them) with cells merged, as a minimal ledger."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def _put(ws: Any, row: int, cols: dict[str, str], values: dict[str, Any]) -> None:
    for key, value in values.items():
        ws[f"{cols[key]}{row}"] = value


def _titled_sheet(title: str, banner: str, last_column: str) -> tuple[Workbook, Any]:
    """A workbook whose one sheet ``title`` opens with ``banner`` across row 1 (merged from A
    to ``last_column``), as the institutes' ledgers do above their header."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws["A1"] = banner
    ws.merge_cells(f"A1:{last_column}1")
    return wb, ws


def standards_ledger(path: Path, *, pressure_range: str = "(0~60)MPa", with_formula: str | None = None,
                     extra_sheet: bool = True) -> Path:
    wb, ws = _titled_sheet("计量标准", "上海市计量测试技术研究院  计量标准台账", "O")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A2"] = "填报单位：上海市计量测试技术研究院（盖章）          填报日期：2024年6月"
    ws.merge_cells("A2:O2")
    # two-row header: a merged banner "主标准器" over its sub-columns, the rest merged down
    heads = {"A": "序号", "B": "计量标准名称", "C": "考核证书号", "D": "代码", "E": "类别", "F": "测量范围",
             "G": "不确定度或准确度等级或最大允许误差", "H": "发证日期", "I": "有效期至", "O": "备注"}
    for col, text in heads.items():
        ws[f"{col}4"] = text
        ws.merge_cells(f"{col}4:{col}5")
    ws["J4"] = "主标准器"
    ws.merge_cells("J4:N4")
    for col, text in {"J": "名称", "K": "型号", "L": "出厂编号", "M": "检定证书号", "N": "有效期"}.items():
        ws[f"{col}5"] = text
    for cell in ws[4] + ws[5]:
        cell.alignment = Alignment(wrap_text=True)
    r = S_ROWS
    # 1. pressure standard over three rows (its own cells merged), three instruments
    _put(ws, r["pressure"], S_COLS, {
        "seq": 1, "name": "精密压力表标准装置", "certificate_no": PRESSURE, "code": "12113100", "grade": "社会公用",
        "range_text": pressure_range, "accuracy_text": "0.05级", "issued_on": dt.datetime(2023, 5, 31),
        "valid_until": "2027/5/30", "instruments.name": "精密数字压力计", "instruments.model": "CPG2500",
        "instruments.serial_no": "2019-0457", "instruments.calibration_cert_no": "LSzj2024-01234",
        "instruments.calibration_due": "2025年6月30日",
    })
    _put(ws, r["pressure_2"], S_COLS, {
        "instruments.name": "活塞式压力计", "instruments.model": "YS-60", "instruments.serial_no": "1021",
        "instruments.calibration_cert_no": "LSzj2024-01235", "instruments.calibration_due": 45900,  # Excel serial
    })
    _put(ws, r["pressure_3"], S_COLS, {
        "instruments.name": "  温湿度计 ", "instruments.model": "WSB-1", "instruments.serial_no": "A1234",
        "instruments.calibration_due": "2025.08.31",
    })
    for key in ("seq", "name", "certificate_no", "code", "grade", "range_text", "accuracy_text", "issued_on",
                "valid_until", "notes"):
        col = S_COLS[key]
        ws.merge_cells(f"{col}{r['pressure']}:{col}{r['pressure_3']}")
    # 2. voltage: full-width certificate, an Excel serial issue date, 0.1mV～1000V
    _put(ws, r["voltage"], S_COLS, {
        "seq": 2, "name": "直流电压标准装置", "certificate_no": VOLTAGE_FW, "code": 15113100,
        "grade": "社会公用计量标准", "range_text": "0.1mV～1000V", "accuracy_text": "Urel=1×10⁻⁶ (k=2)",
        "issued_on": 44927, "valid_until": "2026.12.31", "instruments.name": "多功能校准源",
        "instruments.model": "5522A", "instruments.serial_no": "3456789",
    })
    # row 10 blank
    # 3. frequency: stray spaces, a spaced code, a date in 年月日
    _put(ws, r["frequency"], S_COLS, {
        "seq": 3, "name": " 频率计检定装置 ", "certificate_no": f" {FREQUENCY}  ", "code": "25 11 11 00",
        "grade": "企事业最高", "range_text": "10Hz-1GHz", "accuracy_text": "U=0.02%, k=2",
        "issued_on": "2021年3月1日", "valid_until": dt.datetime(2025, 2, 28),
        "instruments.name": "铷原子频率标准", "instruments.model": "FS725",
    })
    # 4. multimeter: full-width range and an MPE
    _put(ws, r["multimeter"], S_COLS, {
        "seq": 4, "name": "数字多用表检定装置", "certificate_no": MULTIMETER, "code": "15119900",
        "grade": "公用", "range_text": "（0～1000）V", "accuracy_text": "MPE: ±0.1%",
        "issued_on": "2023-09-01", "valid_until": "2027-08-31", "instruments.name": "多功能标准源",
        "notes": "备用",
    })
    # 5. a bad record: min > max, a date that does not exist; its 2nd instrument has a bad due date
    _put(ws, r["bad"], S_COLS, {
        "seq": 5, "name": "压力变送器检定装置", "certificate_no": BAD_CERT, "code": "12113100", "grade": "社会公用",
        "range_text": "(60~0)MPa", "accuracy_text": "0.1级", "issued_on": "2023-13-45", "valid_until": "2028-01-01",
        "instruments.name": "压力控制器",
    })
    _put(ws, r["bad_instrument"], S_COLS, {"instruments.name": "数字压力计", "instruments.calibration_due": "2025-02-30"})
    for key in ("seq", "name", "certificate_no", "code", "grade", "range_text", "accuracy_text", "issued_on",
                "valid_until"):
        col = S_COLS[key]
        ws.merge_cells(f"{col}{r['bad']}:{col}{r['bad_instrument']}")
    ws[f"A{r['total']}"] = "合计：5 项"
    ws.merge_cells(f"A{r['total']}:O{r['total']}")
    ws[f"A{r['note']}"] = "注：准确度一栏填写测量不确定度、准确度等级或最大允许误差之一。"
    ws.merge_cells(f"A{r['note']}:O{r['note']}")
    ws[f"A{r['signature']}"] = "制表人：张三"
    ws[f"F{r['signature']}"] = "审核人：李四"
    if with_formula:
        ws[with_formula] = "=1+1"
    if extra_sheet:
        other = wb.create_sheet("统计")
        other["A1"] = "类别"
        other["B1"] = "数量"
        other["A2"] = "社会公用"
        other["B2"] = 4
    wb.save(path)
    return path


def standards_good_only(path: Path, **kw: Any) -> Path:
    """The standards ledger without its bad record (rows 13-14 emptied)."""
    standards_ledger(path, **kw)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["计量标准"]
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row == S_ROWS["bad"]:
            ws.unmerge_cells(str(rng))
    for row in (S_ROWS["bad"], S_ROWS["bad_instrument"]):
        for col in S_COLS.values():
            ws[f"{col}{row}"] = None
    wb.save(path)
    return path


# ---------------------------------------------------------------------------------------
# Authorisations: a title, items on rows with the certificate repeated, merged, or empty
# ---------------------------------------------------------------------------------------

A_COLS = {"certificate_no": "A", "form": "B", "authority": "C", "issued_on": "D", "valid_until": "E",
          "items.name": "F", "items.range_text": "G", "items.accuracy_text": "H", "items.procedure": "I"}
A_ROWS = {"legal": 3, "legal_2": 4, "legal_3": 5, "special": 7, "special_2": 8, "bad": 9, "note": 11}
LEGAL = "(沪)法计(2022)01001号"
SPECIAL = "(沪)专计(2021)00087号"
BAD_AUTH = "(沪)专计(2020)00001号"


def authorisations_ledger(path: Path) -> Path:
    wb, ws = _titled_sheet("授权项目表", "计量授权证书及授权项目一览表", "I")
    _put(ws, 2, A_COLS, {"certificate_no": "授权证书编号", "form": "授权类别", "authority": "授权单位",
                         "issued_on": "发证日期", "valid_until": "有效期", "items.name": "项目名称",
                         "items.range_text": "量程", "items.accuracy_text": "准确度等级", "items.procedure": "检定规程"})
    r = A_ROWS
    common = {"certificate_no": LEGAL, "form": "法定计量检定机构授权", "authority": "上海市市场监督管理局",
              "issued_on": 44621, "valid_until": "2027年2月28日"}
    _put(ws, r["legal"], A_COLS, {**common, "items.name": "压力表", "items.range_text": "(0~60)MPa",
                                  "items.accuracy_text": "1.6级", "items.procedure": "JJG 52-2013"})
    # the certificate repeated on the next row, and left empty on the third
    _put(ws, r["legal_2"], A_COLS, {**common, "items.name": "数字压力计", "items.range_text": "(0～60)MPa",
                                    "items.accuracy_text": "0.05级", "items.procedure": "ＪＪＧ 875-2019"})
    _put(ws, r["legal_3"], A_COLS, {"items.name": "电子天平", "items.range_text": "(0~220)g",
                                    "items.procedure": "JJG 1036-2022"})
    # row 6 blank; a second certificate merged over its two items
    _put(ws, r["special"], A_COLS, {"certificate_no": SPECIAL, "form": "专项", "authority": "上海市市场监督管理局",
                                    "issued_on": "2021/6/1", "valid_until": dt.datetime(2026, 5, 31),
                                    "items.name": "出租汽车计价器", "items.procedure": "JJG 517-2016"})
    _put(ws, r["special_2"], A_COLS, {"items.name": "机动车测速仪", "items.range_text": "(20~180)km/h",
                                      "items.procedure": "JJG 527-2015"})
    for key in ("certificate_no", "form", "authority", "issued_on", "valid_until"):
        col = A_COLS[key]
        ws.merge_cells(f"{col}{r['special']}:{col}{r['special_2']}")
    # a bad certificate: an unknown form, valid until before its issue date
    _put(ws, r["bad"], A_COLS, {"certificate_no": BAD_AUTH, "form": "随便授权", "issued_on": "2020-01-01",
                                "valid_until": "2019-12-31", "items.name": "水表", "items.procedure": "JJG 162-2019"})
    ws[f"A{r['note']}"] = "注：本表由质量管理部维护。"
    wb.save(path)
    return path


# ---------------------------------------------------------------------------------------
# Staff: a person with two credentials (name merged), another with the name repeated
# ---------------------------------------------------------------------------------------

P_COLS = {"name": "A", "department": "B", "title": "C", "credentials.kind": "D", "credentials.certificate_no": "E",
          "credentials.issued_on": "F", "credentials.valid_until": "G", "credentials.items": "H"}
P_ROWS = {"wang": 4, "wang_2": 5, "li": 6, "li_2": 7, "zhao": 8, "bad": 9, "sign": 11}
WANG_CERT = "沪22020001234"


def staff_ledger(path: Path) -> Path:
    wb, ws = _titled_sheet("人员", "检定校准人员一览表", "H")
    ws["A2"] = "单位：上海市计量测试技术研究院"
    _put(ws, 3, P_COLS, {"name": "姓名", "department": "所在部门", "title": "职称", "credentials.kind": "证书类别",
                         "credentials.certificate_no": "证书编号", "credentials.issued_on": "发证日期",
                         "credentials.valid_until": "有效期至", "credentials.items": "核准项目"})
    r = P_ROWS
    _put(ws, r["wang"], P_COLS, {"name": "王质量", "department": "力学室", "title": "高级工程师",
                                 "credentials.kind": "二级注册计量师", "credentials.certificate_no": WANG_CERT,
                                 "credentials.issued_on": "2022-01-10", "credentials.valid_until": "2027-01-09",
                                 "credentials.items": "压力表、数字压力计；砝码"})
    _put(ws, r["wang_2"], P_COLS, {"credentials.kind": "检定员证", "credentials.certificate_no": "沪检字第0456号",
                                   "credentials.issued_on": 43252, "credentials.items": "压力变送器"})
    for key in ("name", "department", "title"):
        ws.merge_cells(f"{P_COLS[key]}{r['wang']}:{P_COLS[key]}{r['wang_2']}")
    # the name repeated on each of her rows
    li = {"name": "李 检定", "department": "电学室", "title": "工程师"}
    _put(ws, r["li"], P_COLS, {**li, "credentials.kind": "一级注册计量师", "credentials.certificate_no": "沪11190000567",
                               "credentials.issued_on": "2019/7/1", "credentials.valid_until": "2024/6/30",
                               "credentials.items": "数字多用表"})
    _put(ws, r["li_2"], P_COLS, {**li, "credentials.kind": "计量专业项目考核合格证明",
                                 "credentials.certificate_no": "沪项0789", "credentials.items": "电能表"})
    # a person without any credential
    _put(ws, r["zhao"], P_COLS, {"name": "赵辅助", "department": "办公室", "title": "助理工程师"})
    # bad: a registered metrologist without a valid-until date, an unknown credential kind
    _put(ws, r["bad"], P_COLS, {"name": "钱错误", "department": "热工室", "credentials.kind": "三级注册计量师",
                                "credentials.certificate_no": "沪33", "credentials.issued_on": "2023-02-30"})
    ws[f"A{r['sign']}"] = "审核人：孙主任"
    ws[f"D{r['sign']}"] = "日期：2024-06-30"
    wb.save(path)
    return path
