"""The search's Excel report (``search --report``) joins a standard's services in the report's
language: the eighth trial found the English report's cells framed by Chinese punctuation
("名称（JJG 52-2013）；名称"). The names and procedures are quoted as recorded."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import text

from tests.exchange.sites import cli, make_site

FULL_WIDTH = re.compile(r"[，：（）【】“”；。、]")


def test_the_english_search_report_joins_services_in_ascii_punctuation(tmp_path: Path) -> None:
    site = make_site(tmp_path, "A", standards=12, seed=4)
    with site.reg.engine.connect() as conn:
        recorded = {str(v) for row in conn.execute(text("SELECT name, procedure FROM service")) for v in row if v}
    site.reg.close()
    cells: dict[str, list[str]] = {}
    for lang in ("en", "zh"):
        out = tmp_path / f"report-{lang}.xlsx"
        assert cli(site, "--lang", lang, "search", "--report", str(out)).code == 0
        rows = list(load_workbook(out).active.iter_rows(values_only=True))
        at = next(i for i, row in enumerate(rows) if "JJG" in " ".join(str(v) for v in row if v))
        column = next(j for j, v in enumerate(rows[at]) if v and "JJG" in str(v))
        cells[lang] = [str(row[column]) for row in rows[at:] if row[column]]
    assert any("; " in c and " (JJ" in c for c in cells["en"]), cells["en"]
    for cell in cells["en"]:
        own = cell
        for value in sorted(recorded, key=len, reverse=True):
            own = own.replace(value, "")
        assert not FULL_WIDTH.findall(own), cell
    assert any("；" in c and "（JJ" in c for c in cells["zh"]), cells["zh"]
