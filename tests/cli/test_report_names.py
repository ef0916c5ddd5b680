"""Every Excel report a command writes must be named ``.xlsx``: a ``.csv`` or ``.xls`` name
holding an .xlsx zip would open in Excel or WPS as garbage or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.dbstate import dump_home

INIT = ("init", "--name", "上海市计量测试技术研究院", "--uscc", "12310000425011296P", "--province", "上海",
        "--city", "上海")


@pytest.mark.parametrize("command", [
    ("list", "staff", "--report"),
    ("list", "standards", "--expiring-within", "90", "--report"),
    ("search", "--quantity", "压力", "--report"),
])
def test_a_report_not_named_xlsx_is_refused_and_nothing_is_written(
    tmp_path: Path, cli: Any, command: tuple[str, ...]
) -> None:
    folder = tmp_path / "报告 #1"
    home = folder / "home"
    assert cli("--home", str(home), *INIT).code == 0
    before = dump_home(home)
    out = folder / "一览 #.csv"
    result = cli("--home", str(home), *command, str(out))
    assert result.code == 1 and result.err == f"error: 输出文件 {out} 应以 .xlsx 结尾\n", result.err
    assert not out.exists()
    assert dump_home(home) == before
