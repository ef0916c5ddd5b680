"""The ledger's validation report (``import-excel --report``) speaks one language.

Found by the eighth trial: the English report's comments read "【Error】Measurement range：...（now
'(60~0)MPa'）": the comment's frame was a Chinese template around English messages. English
text uses ASCII punctuation, Chinese keeps its full-width punctuation; what the ledger itself
holds (its headers, its cells) is quoted as it is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import run_cli
from tests.ledger import ledgers as L

FULL_WIDTH = re.compile(r"[，：（）【】“”‘’；。、！？]")


def _comments(home: Path, ledger: Path, report: Path, lang: str) -> tuple[list[str], list[str]]:
    """The report's comments, and every text of the ledger's sheet (its user data)."""
    result = run_cli("--home", str(home), "--lang", lang, "import-excel", str(ledger), "--kind", "standards",
                     "--report", str(report))
    assert result.code == 1 and report.exists(), result.err
    ws = load_workbook(report)["计量标准"]
    comments = [c.comment.text for row in ws.iter_rows() for c in row if c.comment is not None]
    data = [str(c.value) for row in load_workbook(ledger)["计量标准"].iter_rows() for c in row if c.value is not None]
    return comments, data


def test_the_english_report_uses_ascii_punctuation_outside_the_ledgers_own_text(own_home: Path,
                                                                                 tmp_path: Path) -> None:
    ledger = L.standards_ledger(tmp_path / "台账.xlsx")
    comments, data = _comments(own_home, ledger, tmp_path / "report-en.xlsx", "en")
    assert len(comments) == 3
    for comment in comments:
        assert comment.startswith("[Error] "), comment
        own = comment
        for text in sorted(data, key=len, reverse=True):  # the ledger's headers and cells, longest first
            own = own.replace(text, "")
        assert not FULL_WIDTH.findall(own), comment
    assert any("(now '(60~0)MPa')" in c for c in comments), comments

    zh, _data = _comments(own_home, ledger, tmp_path / "report-zh.xlsx", "zh")
    assert all(c.startswith("【错误】") for c in zh), zh
    assert any("（现为“(60~0)MPa”）" in c for c in zh), zh
