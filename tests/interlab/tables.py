"""Results tables as pilots publish them, written as real .xlsx files (data/README.md: the sources)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

A = ("上海市计量测试技术研究院", "12310000425011296P")
B = ("江苏省计量科学研究院", "12320000466002712H")
C = ("浙江省计量科学研究院", "12330000470040568F")

HEADER: list[tuple[str, Any]] = [
    ("比对名称", "长三角直流电压（1 V）计量比对"),
    ("比对编号", "CSJ-DCV-2026-01"),
    ("主导实验室", A[0]),
    ("组织机构", "长三角计量技术委员会"),
    ("被测量", "直流电压"),
    ("传递标准", "Fluke 732C 直流电压标准（编号 8765001）"),
    ("比对时间", "2026-03-01 至 2026-06-30"),
    ("开始日期", "2026-03-01"),
    ("结束日期", "2026-06-30"),
    ("报告日期", "2026-09-15"),
    ("参考值", "1.000001 V"),
    ("参考值扩展不确定度", "2 μV"),
]
COLUMNS = ["实验室代码", "参加实验室", "测得值(V)", "扩展不确定度U/(μV)", "k", "En值", "结论", "计量标准证书编号"]
# the exam case's values (docs/comparisons.md): lab 6 En = 3/√29 = 0.56
ROWS: list[list[Any]] = [
    ["Lab 1", A[0], 1.000001, 4, 2, 0.00, "满意", "[2024]沪量标证字第0900号"],
    ["Lab 2", B[0], 1.000002, 5, 2, 0.19, "满意", "[2023]苏量标证字第0321号"],
    ["Lab 3", C[0], 0.999999, 6, 2, -0.32, "满意", "[2022]浙量标证字第0456号"],
    ["Lab 4", "安徽省计量科学研究院", 0.999999, 5, 2, -0.37, "满意", None],
    ["Lab 6", "南京市计量监督检测院", 1.000004, 5, 2, 0.56, "满意", None],
]


def write_table(path: Path, header: Sequence[tuple[str, Any]] = HEADER, columns: Sequence[str] = COLUMNS,
                rows: Sequence[Sequence[Any]] = ROWS, title: str = "比对结果汇总表") -> Path:
    """A results table: a title, the header block (label in A, value in B), a blank row, the results."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "结果汇总"
    ws.append([title])
    for label, value in header:
        ws.append([label, value])
    ws.append([])
    ws.append(list(columns))
    for row in rows:
        ws.append(list(row))
    ws.append([])
    ws.append(["注：En = (x − X)/√(U² + U_ref²)，|En| ≤ 1 为满意。"])
    wb.save(path)
    return path


def replaced(rows: Sequence[Sequence[Any]], index: int, column: int, value: Any) -> list[list[Any]]:
    """``rows`` with one cell changed."""
    out = [list(r) for r in rows]
    out[index][column] = value
    return out
