"""Ledgers laid out as institutes keep them, not as this project's template does (issue #23).

Each builder writes a real .xlsx with openpyxl in the layout of one kind of institute's
ledger, reconstructed from the forms they follow (JJF 1033-2023's 计量标准考核证书 and
申请书 fields, the 注册计量师 registration certificate, the 计量授权证书 and its 授权项目
list) and from what issue #23 reports of ledgers nobody here wrote: no 计量标准类别 column
at a district legal metrology institute, 注册计量师级别 一级/二级 instead of a credential
type, two-row merged headers, 测量范围(MPa), full-width brackets, line breaks and spaces
in headers, notes columns. docs/ledger-headers.md names where each header comes from.

The .xls and .ods ledgers are files LibreOffice wrote from two of these (``files/``,
made by :func:`make_old_format_files`, committed so that tests need no LibreOffice).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

FILES = Path(__file__).parent / "files"


def _sheet(title: str, rows: list[list[Any]], merges: tuple[str, ...] = (), *, wrap: bool = False) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
                if wrap:
                    ws.cell(r, c).alignment = Alignment(wrap_text=True)
    for ref in merges:
        ws.merge_cells(ref)
    ws["A1"].font = Font(bold=True, size=14)
    return wb


def _save(wb: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# ---------------------------------------------------------------------------------------
# 1. A district legal metrology institute's standards: no 计量标准类别 column at all
# ---------------------------------------------------------------------------------------

DISTRICT_CERTS = ("[2021]浦量标证字第015号", "[2022]浦量标证字第021号", "[2023]浦量标证字第007号")


def district_standards(path: Path) -> Path:
    """区县所的计量标准台账: title, 填报单位 line, one header row, notes column, a signature row."""
    rows: list[list[Any]] = [
        ["上海市浦东新区计量质量检测所计量标准一览表"],
        ["填报单位（盖章）：浦东新区计量所", None, None, None, None, "填报日期：2024年6月20日"],
        ["序号", "计量标准名称", "计量标准代码", "计量标准考核证书编号", "测量范围", "不确定度或准确度等级或最大允许误差",
         "发证日期", "有效期至", "计量标准负责人", "备注"],
        [1, "精密压力表标准装置", "12113100", DISTRICT_CERTS[0], "(0~60)MPa", "0.05级", "2021.03.12", "2025.03.11",
         "陈立", None],
        [2, "出租汽车计价器检定装置", "61214300", DISTRICT_CERTS[1], "(0~300)km/h", "MPE: ±0.5%", "2022年8月1日",
         "2026年7月31日", "王强", "含标准车"],
        [3, "电子天平检定装置", "12211700", DISTRICT_CERTS[2], "(0~2)kg", "E2级", dt.datetime(2023, 5, 9),
         dt.datetime(2027, 5, 8), "李敏", None],
        ["制表：张三        审核：李四"],
    ]
    return _save(_sheet("计量标准", rows, ("A1:J1",)), path)


# ---------------------------------------------------------------------------------------
# 2. A city institute's standards: two-row merged header, instruments under a banner
# ---------------------------------------------------------------------------------------

CITY_CERTS = ("［2020］苏量标证字第１０３号", "[2022]苏量标证字第118号")


def city_standards_two_rows(path: Path) -> Path:
    """市所的计量标准台账: banners 计量标准考核证书 / 主标准器 over their columns, full-width brackets."""
    rows: list[list[Any]] = [
        ["苏州市计量测试院 计量标准台账（2024年度）"],
        [None],
        ["序号", "计量标准名称", "代码", "类别", "计量标准考核证书", None, None, "测量范围", "准确度等级/最大允许误差/不确定度",
         "主标准器", None, None, "备注"],
        [None, None, None, None, "证书编号", "发证日期", "有效期至", None, None, "名称", "型号规格", "出厂编号", None],
        [1, "数字多用表检定装置", "15113808", "社会公用", CITY_CERTS[0], "2020-11-02", "2024-11-01",
         "0.1mV～1000V", "U=0.002%, k=2", "多功能校准器", "5522A", "3450012", "已申请复查"],
        [None, None, None, None, None, None, None, None, None, "数字多用表", "8508A", "972201", None],
        [2, "铂电阻温度计标准装置", "04113421", "社会公用", CITY_CERTS[1], "2022-04-18", "2026-04-17",
         "(0~419.527)℃", "U=10mK, k=2", "标准铂电阻温度计", "WZPB-2", "1025", "二等"],
    ]
    merges = ("A1:M1", "E3:G3", "J3:L3", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "H3:H4", "I3:I4", "M3:M4",
              "A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:E6", "F5:F6", "G5:G6", "H5:H6", "I5:I6")
    return _save(_sheet("标准台账", rows, merges), path)


# ---------------------------------------------------------------------------------------
# 3. A pressure laboratory's own sheet: line breaks, spaces, 测量范围(MPa), no category
# ---------------------------------------------------------------------------------------

PRESSURE_CERTS = ("[2023]浙量标杭证字第201号", "[2023]浙量标杭证字第202号")


def pressure_lab_standards(path: Path) -> Path:
    """压力室自己的表: headers broken over lines, spaced out, the unit in the range's header."""
    rows: list[list[Any]] = [
        ["杭州市质量技术监督检测院 压力室 计量标准"],
        ["序 号", "计量标准\n名称", "标准代码", "考核证书号", "测量范围\n（MPa）", "准确度等级/\n最大允许误差",
         "有 效 期", "说明"],
        [1, "活塞式压力计标准装置", "12113500", PRESSURE_CERTS[0], "0.04~6", "0.02级", "2027/09/30", None],
        [2, "数字压力计标准装置", "12114700", PRESSURE_CERTS[1], "-0.1~2.5", "0.05级", "2027/10/15", "负压段另见附表"],
    ]
    return _save(_sheet("压力", rows, ("A1:H1",), wrap=True), path)


# ---------------------------------------------------------------------------------------
# 4. A staff ledger keeping 注册计量师级别 一级/二级, no credential type column
# ---------------------------------------------------------------------------------------

STAFF_NAMES = ("赵一", "钱二", "孙三", "李四", "周五", "吴六")


def registered_staff(path: Path) -> Path:
    """人员台账: 注册计量师级别 instead of a credential type, 性别 / 出生年月 / 学历 left unread."""
    rows: list[list[Any]] = [
        ["注册计量师登记表"],
        ["序号", "姓名", "性别", "出生年月", "学历", "部门", "职称", "注册计量师级别", "注册证书编号", "注册专业",
         "注册有效期至", "备注"],
    ]
    levels = ("一级", "二级", "二级", "一级", "二级", "二级")
    for i, (name, level) in enumerate(zip(STAFF_NAMES, levels, strict=True), start=1):
        rows.append([i, name, "男" if i % 2 else "女", "1985.06", "本科", "力学室" if i < 4 else "电学室", "工程师",
                     level, f"沪{'1' if level == '一级' else '2'}2020{i:06d}", "力学；热学" if i < 4 else "电磁学",
                     "2027-12-31", None])
    return _save(_sheet("人员", rows, ("A1:L1",)), path)


# ---------------------------------------------------------------------------------------
# 5. Verifiers' certificates (检定员证), no credential type column: one --set
# ---------------------------------------------------------------------------------------

VERIFIERS = ("黄河", "长江", "淮河")


def verifier_staff(path: Path) -> Path:
    """检定员持证情况: each person's certificate number, items and validity; the kind is implied."""
    rows: list[list[Any]] = [
        ["计量检定人员持证情况一览表"],
        ["姓  名", "所在科室", "证件编号", "持证项目", "发证时间", "有效期（至）"],
        [VERIFIERS[0], "长度室", "JD-0001", "卡尺、千分尺", "2019.7.1", "2024.6.30"],
        [VERIFIERS[1], "衡器室", "JD-0002", "电子天平、案秤", "2020.7.1", "2025.6.30"],
        [VERIFIERS[2], "衡器室", "JD-0003", "砝码", "2021.7.1", "2026.6.30"],
    ]
    return _save(_sheet("检定员", rows, ("A1:F1",)), path)


# ---------------------------------------------------------------------------------------
# 6. Authorisations with their items, two-row header, no 授权形式 column: one --set
# ---------------------------------------------------------------------------------------

AUTH_CERT = "(苏)法计(2022)03012号"


def authorisation_items(path: Path) -> Path:
    """授权项目一览表 of one certificate: its number merged down over its items."""
    rows: list[list[Any]] = [
        ["计量授权项目一览表"],
        ["授权证书", None, None, "授权检定项目", None, None, None],
        ["证书编号", "发证日期", "有效期至", "项目名称", "测量范围", "准确度等级", "依据的检定规程"],
        [AUTH_CERT, "2022-03-01", "2027-02-28", "压力表", "(-0.1~60)MPa", "1.0级", "JJG 52-2013"],
        [None, None, None, "血压计", "(0~40)kPa", "MPE: ±0.5kPa", "JJG 270-2008"],
        [None, None, None, "水表", "(0.016~4)m³/h", "2级", "JJG 162-2019"],
    ]
    merges = ("A1:G1", "A2:C2", "D2:G2", "A4:A6", "B4:B6", "C4:C6")
    return _save(_sheet("授权项目", rows, merges), path)


# ---------------------------------------------------------------------------------------
# 7. A provincial authorisation list: one row per item, the certificate repeated
# ---------------------------------------------------------------------------------------

PROVINCE_AUTHS = ("(皖)法计(2021)01001号", "(皖)法计(2023)01017号")


def provincial_authorisations(path: Path) -> Path:
    """Each row repeats its certificate; 授权类别 holds the form; a 备注 column."""
    rows: list[list[Any]] = [
        ["安徽省计量授权情况"],
        ["授权证书号", "授权类别", "授权机关", "授权项目名称", "测量范围", "准确度等级/最大允许误差", "依据规程", "发证日期",
         "有效期至", "备注"],
        [PROVINCE_AUTHS[0], "法定计量检定机构授权", "安徽省市场监督管理局", "出租汽车计价器", "(0~200)km", "MPE: ±1%",
         "JJG 517-2016", "2021-06-01", "2026-05-31", None],
        [PROVINCE_AUTHS[0], "法定计量检定机构授权", "安徽省市场监督管理局", "加油机", "(4~60)L/min", "0.3级",
         "JJG 443-2023", "2021-06-01", "2026-05-31", None],
        [PROVINCE_AUTHS[1], "专项授权", "安徽省市场监督管理局", "电能表", "(0~100)A", "1级", "JJG 596-2012",
         "2023-02-10", "2028-02-09", "延续"],
    ]
    return _save(_sheet("授权", rows, ("A1:J1",)), path)


# ---------------------------------------------------------------------------------------
# 8. An enterprise's highest standards (saved as .xls by LibreOffice)
# ---------------------------------------------------------------------------------------

ENTERPRISE_CERTS = ("[2022]锡量标企证字第031号", "[2023]锡量标企证字第044号")


def enterprise_standards(path: Path) -> Path:
    """企业最高计量标准: 等级 column, 准确度 column, 到期日期, an 有效期 as text dates."""
    rows: list[list[Any]] = [
        ["无锡某仪表有限公司 企业最高计量标准台账"],
        ["序号", "标准名称", "分类代码", "计量标准等级", "证书号", "量程", "准确度", "到期日期"],
        [1, "压力表标准装置", "12113100", "企业最高", ENTERPRISE_CERTS[0], "(0~25)MPa", "0.25级", "2026-08-31"],
        [2, "千分尺标准装置", "01112300", "企事业最高", ENTERPRISE_CERTS[1], "(0~100)mm", "MPE: ±2μm", dt.datetime(2027, 3, 15)],
    ]
    return _save(_sheet("Sheet1", rows, ("A1:H1",)), path)


# ---------------------------------------------------------------------------------------
# 9. A small staff ledger of a county institute (saved as .ods by LibreOffice)
# ---------------------------------------------------------------------------------------

COUNTY_STAFF = ("郑七", "王八")


def county_staff(path: Path) -> Path:
    """县所人员: 级别 alone (一级/二级), 证号, 项目."""
    rows: list[list[Any]] = [
        ["德清县计量所人员台账"],
        ["姓名", "级别", "证号", "项目", "有效期"],
        [COUNTY_STAFF[0], "二级", "浙22019000101", "压力表；血压计", "2026-01-15"],
        [COUNTY_STAFF[1], "一级", "浙12018000057", "电能表", dt.datetime(2025, 9, 30)],
    ]
    return _save(_sheet("人员", rows, ("A1:E1",)), path)


XLS_FILE = FILES / "企业最高计量标准.xls"
ODS_FILE = FILES / "县所人员.ods"


def make_old_format_files(workdir: Path) -> list[Path]:
    """Write the .xls and .ods fixtures with LibreOffice (run by hand; the results are committed)."""
    import shutil
    import subprocess

    workdir.mkdir(parents=True, exist_ok=True)
    made = []
    for builder, target, fmt in ((enterprise_standards, XLS_FILE, "xls"), (county_staff, ODS_FILE, "ods")):
        source = builder(workdir / (target.stem + ".xlsx"))
        profile = workdir / "lo-profile"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
                        "--outdir", str(workdir), str(source)], check=True, capture_output=True, timeout=240)
        FILES.mkdir(exist_ok=True)
        shutil.copyfile(workdir / target.name, target)
        made.append(target)
    return made


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(make_old_format_files(Path(tmp)))
