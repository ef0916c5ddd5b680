"""Ledgers laid out with the exact headers of published forms (issue #23 follow-up).

Each builder writes a small real .xlsx whose header words are those of one published form,
read from the public copy cited in its docstring (and in docs/ledger-headers.md, sources
Z, H). Only the header words are taken from the forms; the rows are this project's own
made-up examples.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ledger.institute_ledgers import _save, _sheet

# ---------------------------------------------------------------------------------------
# 1. JJF 1033 计量标准考核（复查）申请书 and 计量标准更换申报表 (Zhejiang's online forms)
# ---------------------------------------------------------------------------------------

#: the 申请书's instrument table, column by column (附录 page 1, under 计量标准器)
JJF1033_INSTRUMENT_HEADERS = ("名称", "型号", "测量范围", "不确定度或准确度等级或最大允许误差", "制造厂及出厂编号",
                              "检定周期或复校间隔", "末次检定或校准日期", "检定或校准机构及证书号")
JJF1033_CERTS = ("[2019]浙量标证字第0211号", "[2021]浙量标证字第0388号")


def jjf1033_application(path: Path) -> Path:
    """The 申请书's own fields as a ledger's columns, its 计量标准器 table under that banner.

    Headers: 计量标准名称, 计量标准代码, 计量标准考核证书号, 计量标准类别, 测量范围,
    不确定度或准确度等级或最大允许误差 (申请书 page 1 and 考核申请表), 计量标准考核证书有效期
    (更换申报表), then the banner 计量标准器 over the instrument table's eight columns.
    Source: github.com/GDongYang/testPro, form-server/src/main/resources/templates/app/
    tz_cer_436.ftl (申请书), tz_cer_323.ftl (考核申请表), tz_cer_437.ftl (更换申报表).
    """
    own = ["计量标准名称", "计量标准代码", "计量标准考核证书号", "计量标准类别", "测量范围",
           "不确定度或准确度等级或最大允许误差", "计量标准考核证书有效期"]
    rows: list[list[Any]] = [
        ["计量标准考核（复查）申请书 汇总"],
        own + ["计量标准器"] + [None] * 7,
        [None] * len(own) + list(JJF1033_INSTRUMENT_HEADERS),
        ["精密压力表标准装置", "12113100", JJF1033_CERTS[0], "社会公用计量标准", "(0~60)MPa", "0.05级", "2027-05-19",
         "数字压力计", "CPG2500", "(0~60)MPa", "0.01级", "Mensor 2019-0457", "1年", "2024-03-02",
         "浙江省计量科学研究院 YL2024-0112"],
        [None, None, None, None, None, None, None,
         "活塞式压力计", "YS-600", "(1~60)MPa", "0.02级", "西安仪表厂 1187", "2年", "2023-09-14",
         "中国计量科学研究院 LSyl2023-0456"],
        ["电子天平检定装置", "12211700", JJF1033_CERTS[1], "社会公用计量标准", "(0~2)kg", "E2级", "2025-08-31",
         "E2等级砝码", "1mg~1kg", "(1mg~1kg)", "E2级", "梅特勒 B712", "1年", "2024-06-20",
         "浙江省计量科学研究院 ZL2024-0871"],
    ]
    width = len(rows[1])
    merges = [f"A1:{_col(width)}1", f"{_col(len(own) + 1)}2:{_col(width)}2"]
    merges += [f"{_col(i)}2:{_col(i)}3" for i in range(1, len(own) + 1)]
    merges += [f"{_col(i)}4:{_col(i)}5" for i in range(1, len(own) + 1)]
    return _save(_sheet("计量标准", rows, tuple(merges)), path)


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


# ---------------------------------------------------------------------------------------
# 2. A province's 企事业最高计量标准器具汇总表 (Hubei, defence industry)
# ---------------------------------------------------------------------------------------

HUBEI_HEADERS = ("法人单位名称", "所属计量专业", "企事业最高计量标准器具名称", "证书号", "主标准器名称型号",
                 "配套设备名称型号", "测量参数及范围", "不确定度或准确度等级或最大允许误差", "主标准器溯源机构")


def hubei_enterprise_standards(path: Path) -> Path:
    """The summary table's nine columns, in the order its import reads them.

    Source: github.com/KJCplatform/KJCplatform, WebRoot/administration/qjhzb.jsp (the table's
    headers) and src/platform/service/impl/JljlqjhzbServiceImpl.java (its .xls import and export).
    """
    rows: list[list[Any]] = [
        list(HUBEI_HEADERS),
        ["某某仪表有限公司", "力学", "压力表标准装置", "[2022]鄂量标企证字第031号", "精密压力表 YB-150A",
         "压力校验器 YJY-60", "(0~60)MPa", "0.4级", "湖北省计量测试技术研究院"],
        ["某某仪表有限公司", "热学", "工作用玻璃液体温度计标准装置", "[2023]鄂量标企证字第007号", "二等标准水银温度计",
         "恒温槽 HWC-300", "(-30~300)℃", "U=0.05℃, k=2", "湖北省计量测试技术研究院"],
    ]
    return _save(_sheet("Sheet1", rows), path)


# ---------------------------------------------------------------------------------------
# 3. The same province's 计量检定员 统计表
# ---------------------------------------------------------------------------------------

VERIFIER_HEADERS = ("单位名称", "姓名", "性别", "文化程度", "出生年月", "计量检定员证号", "首次取证日期", "有效期",
                    "可从事检定项目", "签发日期")
VERIFIER_NAMES = ("周建国", "吴晓燕", "郑浩")


def hubei_verifiers(path: Path) -> Path:
    """The verifiers' table: first and current certificate dates, the items in one cell.

    Source: github.com/KJCplatform/KJCplatform, WebRoot/administration/xxtjb.jsp (its export
    list; the grid's own header has the typo 计量检定员证员).
    """
    rows: list[list[Any]] = [
        list(VERIFIER_HEADERS),
        ["某某仪表有限公司", VERIFIER_NAMES[0], "男", "本科", "1979.05", "鄂计检字第20110345号", "2011-06-01",
         "2026-05-31", "压力表、压力变送器", "2021-06-01"],
        ["某某仪表有限公司", VERIFIER_NAMES[1], "女", "大专", "1986.11", "鄂计检字第20150122号", "2015-03-20",
         "2025-03-19", "玻璃液体温度计", "2020-03-20"],
        ["某某仪表有限公司", VERIFIER_NAMES[2], "男", "硕士", "1990.02", "鄂计检字第20190057号", "2019-09-10",
         "2029-09-09", "电子天平；砝码", "2024-09-10"],
    ]
    return _save(_sheet("Sheet1", rows), path)
