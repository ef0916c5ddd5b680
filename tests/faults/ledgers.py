"""Small standards ledgers whose certificate numbers do not collide, as real .xlsx files."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADER = ["证书编号", "计量标准名称", "计量标准代码", "计量标准类别", "测量范围", "不确定度/准确度等级/最大允许误差",
          "有效期至"]


def cert(n: int) -> str:
    return f"[2024]沪量标证字第{n:05d}号"


def numbered_ledger(path: Path, first: int, count: int) -> Path:
    """Standards ``first`` .. ``first + count - 1``, one row each."""
    wb = Workbook()
    ws = wb.active
    ws.title = "计量标准"
    ws.append(HEADER)
    for n in range(first, first + count):
        ws.append([cert(n), "精密压力表标准装置", "12113100", "社会公用", "(0~60)MPa", "0.05级", "2028-05-30"])
    wb.save(path)
    return path
