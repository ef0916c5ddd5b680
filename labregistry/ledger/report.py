"""The validation report: a copy of the ledger with each invalid cell marked.

The copy is made with openpyxl from the original bytes (the same sheets and cells). An
invalid cell gets a red fill and a comment saying what is wrong and what is expected,
in the user's language; a cell with only warnings gets a yellow fill. A problem with a
field the ledger has no column for (a required column missing) is commented on the
first cell of the record's row. Existing comments are kept, with ours below them.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.exchange.files import atomic_write
from labregistry.ledger.checks import LedgerIssue

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
AUTHOR = "LabRegistry"
MAX_COMMENT = 2000

i18n.register(
    {
        "ledger.report.error": {"zh": "错误", "en": "Error"},
        "ledger.report.warning": {"zh": "提示", "en": "Warning"},
        "ledger.report.value": {"zh": "现为“{value}”", "en": "now '{value}'"},
        "ledger.report_failed": {
            "zh": "无法生成校验报告 {file}：{reason}",
            "en": "cannot write the validation report {file}: {reason}",
        },
    }
)


def _comment_text(issues: Sequence[LedgerIssue], lang: str | None) -> str:
    lines = []
    for issue in issues:
        kind = i18n.tr("ledger.report.warning" if issue.warning else "ledger.report.error", lang)
        text = f"【{kind}】{issue.label(lang)}：{issue.message(lang)}"
        if issue.value is not None and issue.value != "" and issue.column is not None:
            text += "（" + i18n.tr("ledger.report.value", lang, value=_shown(issue.value)) + "）"
        lines.append(text)
    text = "\n".join(lines)
    return text if len(text) <= MAX_COMMENT else text[: MAX_COMMENT - 1] + "…"


def _shown(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _target(ws: Any, row: int, column: int) -> Any:
    """The cell to mark: the top-left cell when (row, column) lies inside a merge."""
    from openpyxl.cell.cell import MergedCell

    cell = ws.cell(row=row, column=column)
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= row <= rng.max_row and rng.min_col <= column <= rng.max_col:
                return ws.cell(row=rng.min_row, column=rng.min_col)
    return cell


def write_annotated(
    data: bytes,
    file: str,
    sheet: str,
    errors: Sequence[LedgerIssue],
    warnings_: Sequence[LedgerIssue],
    out: Path,
    lang: str | None = None,
) -> Path:
    """Write the annotated copy of the ledger ``data`` to ``out``; returns ``out``."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), data_only=False, keep_links=False, keep_vba=False)
            ws = wb[sheet]
            by_cell: dict[str, tuple[Any, list[LedgerIssue]]] = {}
            for issue in [*errors, *warnings_]:
                cell = _target(ws, issue.row, issue.column or 1)
                by_cell.setdefault(cell.coordinate, (cell, []))[1].append(issue)
            for cell, issues in by_cell.values():
                has_error = any(not i.warning for i in issues)
                color = ERROR_FILL if has_error else WARNING_FILL
                cell.fill = PatternFill(fill_type="solid", start_color=color, end_color=color)
                text = _comment_text(issues, lang)
                old = cell.comment
                if old is not None and old.text and AUTHOR not in (old.author or ""):
                    text = f"{old.text}\n——\n{text}"
                comment = Comment(text, AUTHOR)
                comment.width = 320
                comment.height = min(60 + 40 * len(issues), 400)
                cell.comment = comment
            wb.active = wb.worksheets.index(ws)
            for other in wb.worksheets:
                other.sheet_view.tabSelected = other is ws
            buffer = io.BytesIO()
            wb.save(buffer)
    except DomainError:
        raise
    except Exception as exc:  # noqa: BLE001 - never a traceback for the user
        raise DomainError("ledger.report_failed", file=str(out), reason=f"{type(exc).__name__}: {exc}"[:160]) from None
    atomic_write(out, buffer.getvalue(), mode=0o644)
    return out
