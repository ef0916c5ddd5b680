"""``labregistry cmc-table``: the own capabilities as a CMC table, as a real process (issue 18)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import run_cli
from tests.dbstate import dump_home
from tests.test_cli_capabilities import TWO_ROWS
from tests.test_cli_registry import INIT


def test_the_cmc_table_lists_each_capability_row_of_the_own_standards(home: Path, tmp_path: Path) -> None:
    assert run_cli("--home", str(home), *INIT).code == 0
    assert run_cli("--home", str(home), *TWO_ROWS).code == 0
    out = tmp_path / "能力表.xlsx"
    made = run_cli("--home", str(home), "cmc-table", str(out), "--on", "2026-01-01", "--json")
    assert made.code == 0, made.err
    assert made.json() == {"file": str(out), "rows": 2}
    book = load_workbook(out, read_only=True)
    values = [list(r) for r in book.active.iter_rows(values_only=True)]
    book.close()
    header = next(i for i, v in enumerate(values) if v and v[0] == "序号")
    assert [(r[3], r[4], r[5], r[6]) for r in values[header + 1:]] == [
        ("直流电压", "(0~1000)V", "U=0.002%,k=2", 2), ("交流电压 1kHz", "(0~750)V", "U=0.01%,k=2", 2)]

    text = run_cli("--home", str(home), "--lang", "en", "cmc-table", str(tmp_path / "again.xlsx"))
    assert text.code == 0 and text.out.strip().endswith("2 capabilities"), text.err


def test_a_cmc_table_is_never_written_over_the_database_or_as_another_format(home: Path, tmp_path: Path) -> None:
    assert run_cli("--home", str(home), *INIT).code == 0
    before = dump_home(home)
    for target in (home / "labregistry.db", tmp_path / "table.csv"):
        refused = run_cli("--home", str(home), "--lang", "en", "cmc-table", str(target))
        lines = refused.err.strip().splitlines()
        assert refused.code == 1 and len(lines) == 1 and lines[0].startswith("error:"), refused.err
    assert not (tmp_path / "table.csv").exists()
    assert dump_home(home) == before
