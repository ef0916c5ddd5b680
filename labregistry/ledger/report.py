"""The validation report: a copy of the ledger with each invalid cell marked.

The copy is made with openpyxl from the original bytes (the same sheets and cells). An
invalid cell gets a red fill and a comment saying what is wrong and what is expected,
in the report's language (the user's); a cell with only warnings gets a yellow fill. A problem with a
field the ledger has no column for (a required column missing) is commented on the
first cell of the record's row. Existing comments are kept, with ours below them.

openpyxl holds every cell of every sheet it loads in memory (some hundred bytes a cell),
so the memory a report needs is bounded by the imported sheet, not by the rest of the
workbook: the other sheets are copied while their XML (with the comments, drawings and
tables they use) stays within :data:`OTHER_SHEETS_BUDGET` in all; a sheet beyond it is
left empty in the report, with a note in A1 saying so (the ledger itself is unchanged).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import shutil
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.xlsx import cells
from labregistry.files import atomic_write
from labregistry.ledger.checks import LedgerIssue
from labregistry.ledger.reader import MAX_CELL_CHARS

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
AUTHOR = "LabRegistry"
MAX_COMMENT = 2000
OTHER_SHEETS_BUDGET = 1024 * 1024
"""Most uncompressed bytes of the other sheets (and the parts they use) copied into a report:
what openpyxl turns into some tens of megabytes. A ledger's notes or summary sheet is far
smaller; a sheet of raw data beyond it is left out."""


def _comment_text(issues: Sequence[LedgerIssue], language: i18n.DocLanguage) -> str:
    lines = []
    for issue in issues:
        # the line's frame is a message of its own: a Chinese frame ("【】", "：", "（）") around
        # English messages mixed full-width punctuation into the English report (the eighth trial)
        kind = i18n.tr("ledger.report.warning" if issue.warning else "ledger.report.error", language)
        params = {"kind": kind, "label": issue.label(language), "reason": issue.message(language)}
        if issue.value is not None and issue.value != "" and issue.column is not None:
            lines.append(i18n.tr("ledger.report.line_value", language, **params, value=_shown(issue.value)))
        else:
            lines.append(i18n.tr("ledger.report.line", language, **params))
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
    language: i18n.DocLanguage,
    *,
    sheet_parts: Mapping[str, str],
    settings: Sequence[Mapping[str, Any]] = (),
) -> Path:
    """Write the annotated copy of the ledger ``data`` to ``out``; returns ``out``.

    ``sheet_parts`` is ``{sheet name: zip part}`` of every worksheet, from the ledger
    reader: the sheets other than ``sheet`` are copied within the budget only.
    ``settings`` are the values given to the whole ledger (:func:`.constants.describe`):
    a sheet of their own lists them, with who chose each and why.
    """
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            own = sheet_parts[sheet]
            others = list(dict.fromkeys(part for part in sheet_parts.values() if part != own))
            package = _without_large_sheets(data, others, i18n.tr("ledger.report.left_out", language, file=file))
            package = _with_bad_dates_as_text(package, [own, *others])
            wb = load_workbook(io.BytesIO(package), data_only=False, keep_links=False, keep_vba=False)
            del package
            _untype_empty_dates(wb)
            ws = wb[sheet]
            by_cell: dict[str, tuple[Any, list[LedgerIssue]]] = {}
            for issue in [*errors, *warnings_]:
                cell = _target(ws, issue.row, issue.column or 1)
                by_cell.setdefault(cell.coordinate, (cell, []))[1].append(issue)
            for cell, issues in by_cell.values():
                if isinstance(cell.value, str) and len(cell.value) > MAX_CELL_CHARS:
                    cells.put(cell, cell.value[:MAX_CELL_CHARS])  # as Excel shows it; the comment says why
                has_error = any(not i.warning for i in issues)
                color = ERROR_FILL if has_error else WARNING_FILL
                cell.fill = PatternFill(fill_type="solid", start_color=color, end_color=color)
                text = _comment_text(issues, language)
                old = cell.comment
                if old is not None and old.text and AUTHOR not in (old.author or ""):
                    text = f"{old.text}\n——\n{text}"
                comment = Comment(text, AUTHOR)
                comment.width = 320
                comment.height = min(60 + 40 * len(issues), 400)
                cell.comment = comment
            if settings:
                _settings_sheet(wb, settings, language)
            wb.active = wb.worksheets.index(ws)
            for other in wb.worksheets:
                other.sheet_view.tabSelected = other is ws
            content = _saved(wb)
    except DomainError:
        raise
    except Exception as exc:  # noqa: BLE001 - never a traceback for the user
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:160]  # one line: the CLI prints one error line
        raise DomainError("ledger.report_failed", file=str(out), reason=reason) from None
    atomic_write(out, content, mode=0o644)
    return out


def _settings_sheet(wb: Any, settings: Sequence[Mapping[str, Any]], language: i18n.DocLanguage) -> None:
    """A sheet listing the values given to every record of the ledger (``--set``, inferred)."""
    title = i18n.tr("ledger.report.settings", language)
    ws = wb.create_sheet(title[:31] if title not in wb.sheetnames else title[:28] + " 2")
    ws.append([i18n.tr(k, language) for k in ("ledger.report.field", "ledger.report.set_value",
                                          "ledger.report.set_source", "ledger.report.note")])
    for item in settings:
        shown = i18n.render_all(item, language)
        ws.append([shown["label"], shown["value"], shown["source_text"], shown["note"] or ""])
    for letter, width in zip("ABCD", (24, 28, 30, 80), strict=True):
        ws.column_dimensions[letter].width = width


def _saved(wb: Any) -> bytes:
    """The workbook as ``.xlsx`` bytes; the zip is closed whatever happens.

    (``Workbook.save`` leaves its zip open when writing fails, and the collector finalises
    it later, raising "I/O operation on closed file" in whatever runs then.)
    """
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        wb.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        ExcelWriter(wb, archive).write_data()
    return buffer.getvalue()


_CELL = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)c(\s[^>/]*)>(.*?)</\1c>", re.DOTALL)
_DATE_TYPE = re.compile(rb"""\st\s*=\s*["']d["']""")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v(?:\s[^>]*)?>(.*?)</(?:[A-Za-z_][\w.-]*:)?v>", re.DOTALL)


def _with_bad_dates_as_text(data: bytes, parts: Sequence[str]) -> bytes:
    """The package with each date-typed cell whose text is not a date made a text cell.

    openpyxl refuses the whole workbook over one such cell (Excel never writes one; the
    import reports it at its cell), so the report could not be written; as text, the
    report shows what the file holds, marked. ``data`` itself when there is none.
    """
    changed: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        for part in dict.fromkeys(parts):
            if part not in names:
                continue
            xml = zf.read(part)
            if _DATE_TYPE.search(xml) is None:
                continue
            fixed = _CELL.sub(_date_cell_as_text, xml)
            if fixed != xml:
                changed[part] = fixed
        if not changed:
            return data
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zw:
            for info in zf.infolist():
                if info.filename in changed:
                    zw.writestr(info.filename, changed[info.filename])
                    continue
                with zf.open(info) as src, zw.open(info.filename, "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        return buffer.getvalue()


def _date_cell_as_text(match: re.Match[bytes]) -> bytes:
    """One ``<c>`` element: unchanged unless it is date-typed and openpyxl cannot read its date."""
    from openpyxl.utils.datetime import from_ISO8601

    prefix, attrs, content = match.group(1), match.group(2), match.group(3)
    if _DATE_TYPE.search(attrs) is None:
        return match.group(0)
    value = _VALUE.search(content)
    if value is None or not value.group(1).strip():
        return match.group(0)  # an empty date cell: see _untype_empty_dates
    try:
        from_ISO8601(value.group(1).decode("utf-8", "replace").strip())
        return match.group(0)
    except (ValueError, TypeError, OverflowError):
        pass
    attrs = _DATE_TYPE.sub(b' t="inlineStr"', attrs)
    text = value.group(1)  # already escaped XML text
    return (b"<" + prefix + b"c" + attrs + b"><" + prefix + b"is><" + prefix + b't xml:space="preserve">' + text
            + b"</" + prefix + b"t></" + prefix + b"is></" + prefix + b"c>")


def _untype_empty_dates(wb: Any) -> None:
    """Make empty date-typed cells (``<c t="d"/>``, which Excel never writes) plain empty cells.

    openpyxl reads them as dates without a value and then fails to write them back.
    """
    for ws in wb.worksheets:
        for cell in getattr(ws, "_cells", {}).values():
            if cell.data_type == "d" and cell._value is None:
                cell.data_type = "n"


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _used_parts(zf: zipfile.ZipFile, part: str, names: set[str]) -> list[str]:
    """The parts a sheet's relationships point to inside the package (comments, drawings ...)."""
    from defusedxml.ElementTree import fromstring

    rels = _rels_of(part)
    if rels not in names:
        return []
    found = [rels]
    folder = posixpath.dirname(part)
    for rel in fromstring(zf.read(rels), forbid_dtd=True).iter(f"{_REL_NS}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = (rel.get("Target") or "").split("#", 1)[0]
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if path in names:
            found.append(path)
    return found


def _without_large_sheets(data: bytes, others: Sequence[str], note: str) -> bytes:
    """The package with the sheets of ``others`` beyond the budget emptied (and their relationships dropped).

    The sheets stay listed in the workbook (defined names and the tab order keep working);
    an emptied sheet holds ``note`` in A1. ``data`` itself when everything fits.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        emptied = set(_beyond_budget(zf, others))
        if not emptied:
            return data
        dropped = {_rels_of(part) for part in emptied}
        empty = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN_NS}">'
                 f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{escape(note)}</t></is></c></row>'
                 "</sheetData></worksheet>").encode()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zw:
            for info in zf.infolist():
                if info.filename in dropped:
                    continue
                if info.filename in emptied:
                    zw.writestr(info.filename, empty)
                    continue
                with zf.open(info) as src, zw.open(info.filename, "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        return buffer.getvalue()


def _beyond_budget(zf: zipfile.ZipFile, parts: Sequence[str]) -> list[str]:
    """The sheet parts, in workbook order, that do not fit in :data:`OTHER_SHEETS_BUDGET` after
    the ones before them (sizes as declared in the zip: the pre-flight held each to it)."""
    sizes = {info.filename: info.file_size for info in zf.infolist()}
    beyond: list[str] = []
    spent = 0
    for part in parts:
        if part not in sizes:
            continue
        cost = sizes[part] + sum(sizes[p] for p in _used_parts(zf, part, set(sizes)))
        if spent + cost <= OTHER_SHEETS_BUDGET:
            spent += cost
        else:
            beyond.append(part)
    return beyond
