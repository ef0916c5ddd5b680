"""Writing and reading bundle workbooks, generic over sheets (no knowledge of records).

Layout of a workbook written here (``docs/bundle-format.md`` has the full picture):

1. a cover sheet (first, :data:`COVER_SHEET`): label/value pairs for people; not signed;
2. one sheet per :class:`SheetSpec`: row 1 holds one bilingual header per column,
   ``"证书编号 Certificate No."`` (:attr:`ColumnSpec.header`), frozen; data from row 2;
3. a visible last sheet (the meta sheet, e.g. ``"签名 Signature"``): row 1 ``键 Key`` /
   ``值 Value``, then one key/value pair per row; a value longer than one cell holds is
   continued in the cells to its right (C, D, ...) and joined on reading.

Every text is written as text (``t="inlineStr"``), never as a formula, whatever it starts
with; no booleans are written; numbers and dates only in the form that survives Excel,
WPS and LibreOffice (:mod:`.canonical`). :func:`write_workbook` returns the digest of each
data sheet, computed from the values as written, and can build the meta rows from them
(so the manifest with the digests goes into the same file, in one pass).

:func:`read_workbook` pre-flights the file (:mod:`.preflight`), reads it once into
memory, and refuses with a message naming the file, sheet and cell: formulas anywhere,
hidden sheets, unknown or missing sheets, headers that differ from the spec, values
outside the spec's columns, booleans, error values, times, over-long cells, too many
rows, defined names other than print areas and titles.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.exchange.canonical import (
    CELL_MAX_CHARS,
    SheetDigest,
    SheetHasher,
    normalise_text,
    round_float,
    utf16_length,
)
from labregistry.exchange.files import atomic_write
from labregistry.exchange.jsonform import Detail, FormatError
from labregistry.exchange.preflight import MAX_BYTES, checked_bytes, ensure_defusedxml, preflight_bytes

ColumnType = Literal["text", "int", "float", "date"]
COLUMN_TYPES: tuple[str, ...] = ("text", "int", "float", "date")

COVER_SHEET = "封面 Cover"
META_HEADER = ("键 Key", "值 Value")
FIRST_DATA_ROW = 2
"""Spreadsheet row number of ``rows[0]``: ``rows[i]`` is row ``i + FIRST_DATA_ROW``."""
MAX_ROWS = 1_000_000
"""Most data rows per sheet (Excel's limit is 1,048,575 under one header row)."""
MAX_CELLS = 40_000_000
"""Most cells read from one workbook (empty cells inside a row and empty rows between
rows count too): bounds the memory of the rows kept."""
MAX_META_ROWS = 1000
META_CHUNK = 32_000
"""A meta value is split into cells of at most this many UTF-16 code units."""
MAX_META_CHUNKS = 200
INT_LIMIT = 10**15
"""Integers written must be below this in magnitude (15 digits survive as doubles)."""
FLOAT_MIN = 1e-300
FLOAT_MAX = 1e300
DATE_MIN = dt.date(1900, 3, 1)
"""Earliest date written: before it Excel's serial numbers are wrong (the 1900 leap year)."""
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"

_READ_INT_LIMIT = 10**300  # beyond, an integer has no float value (and no spreadsheet holds it)
# characters XML 1.0 cannot hold (or openpyxl refuses)
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# OOXML character escapes: Excel reads "_x0041_" as "A"; openpyxl drops "x005F_" from shared strings
_OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_|x005F_", re.I)
_NEEDS_CHECK = re.compile(_ILLEGAL_XML.pattern + "|" + _OOXML_ESCAPE.pattern, re.I)
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

i18n.register(
    {
        "bundle.formula": {
            "zh": "文件 {file} 的单元格 {sheet}!{cell} 含有公式，拒绝读取（交换文件中不允许公式）",
            "en": "the cell {sheet}!{cell} of the file {file} holds a formula and is refused "
            "(no formulas are allowed in an exchange file)",
        },
        "bundle.hidden_sheet": {
            "zh": "文件 {file} 含有隐藏的工作表 {sheet}，拒绝读取",
            "en": "the file {file} holds a hidden sheet {sheet} and is refused",
        },
        "bundle.unknown_sheet": {
            "zh": "文件 {file} 含有不应出现的工作表 {sheet}",
            "en": "the file {file} holds an unexpected sheet {sheet}",
        },
        "bundle.missing_sheet": {
            "zh": "文件 {file} 缺少工作表 {sheet}",
            "en": "the file {file} lacks the sheet {sheet}",
        },
        "bundle.bad_header": {
            "zh": "文件 {file} 工作表 {sheet} 的表头 {cell} 应为“{expected}”，实际为“{actual}”",
            "en": "the header {cell} of the sheet {sheet} in the file {file} should be "
            "\u201c{expected}\u201d, is \u201c{actual}\u201d",
        },
        "bundle.extra_cell": {
            "zh": "文件 {file} 的单元格 {sheet}!{cell} 在规定的列之外却有内容",
            "en": "the cell {sheet}!{cell} of the file {file} lies outside the sheet's columns but holds a value",
        },
        "bundle.bad_cell": {
            "zh": "文件 {file} 的单元格 {sheet}!{cell} 含有{kind}，交换文件中不允许",
            "en": "the cell {sheet}!{cell} of the file {file} holds {kind}, which an exchange file may not hold",
        },
        "bundle.kind.boolean": {"zh": "逻辑值（TRUE/FALSE）", "en": "a boolean (TRUE/FALSE)"},
        "bundle.kind.error": {"zh": "错误值（如 #N/A）", "en": "an error value (such as #N/A)"},
        "bundle.kind.time": {"zh": "不带日期的时间", "en": "a time without a date"},
        "bundle.kind.other": {"zh": "无法识别的值", "en": "a value of an unknown kind"},
        "bundle.wrong_type": {
            "zh": "文件 {file} 的单元格 {sheet}!{cell}（{column}）应为{expected}，实际为 {value}",
            "en": "the cell {sheet}!{cell} ({column}) of the file {file} should be {expected}, is {value}",
        },
        "bundle.type.text": {"zh": "文本", "en": "text"},
        "bundle.type.int": {"zh": "整数", "en": "an integer"},
        "bundle.type.float": {"zh": "数值", "en": "a number"},
        "bundle.type.date": {"zh": "日期", "en": "a date"},
        "bundle.cell_too_long": {
            "zh": "文件 {file} 的单元格 {sheet}!{cell} 过长（{length} 个字符，上限 {limit}）",
            "en": "the cell {sheet}!{cell} of the file {file} is too long ({length} characters, limit {limit})",
        },
        "bundle.too_many_rows": {
            "zh": "文件 {file} 的工作表 {sheet} 行数过多（上限 {limit} 行）",
            "en": "the sheet {sheet} of the file {file} has too many rows (limit {limit})",
        },
        "bundle.too_many_cells": {
            "zh": "文件 {file} 的单元格过多（上限 {limit} 个）",
            "en": "the file {file} has too many cells (limit {limit})",
        },
        "bundle.defined_name": {
            "zh": "文件 {file} 含有不允许的名称定义 {name}（{value}）",
            "en": "the file {file} holds a defined name that is not allowed: {name} ({value})",
        },
        "bundle.bad_meta": {
            "zh": "文件 {file} 的工作表 {sheet} 第 {row} 行格式错误：{problem}",
            "en": "row {row} of the sheet {sheet} in the file {file} is malformed: {problem}",
        },
        "bundle.meta.not_text": {"zh": "单元格应为文本", "en": "the cells must hold text"},
        "bundle.meta.no_key": {"zh": "缺少键", "en": "the key is missing"},
        "bundle.meta.duplicate": {"zh": "键 {key} 重复", "en": "the key {key} appears twice"},
        "bundle.meta.gap": {"zh": "值的单元格不连续", "en": "the value's cells are not contiguous"},
        "bundle.meta.too_many": {"zh": "行数或单元格过多", "en": "too many rows or cells"},
        "bundle.unreadable": {
            "zh": "文件 {file} 无法作为工作簿读取（{reason}）",
            "en": "the file {file} cannot be read as a workbook ({reason})",
        },
        # writing
        "bundle.write.too_long": {
            "zh": "无法导出：{sheet}!{cell}（{column}）的文本过长（{length} 个字符，Excel 单元格上限 {limit}）",
            "en": "cannot export: the text of {sheet}!{cell} ({column}) is too long "
            "({length} characters, an Excel cell holds at most {limit})",
        },
        "bundle.write.illegal_character": {
            "zh": "无法导出：{sheet}!{cell}（{column}）的文本含有 Excel 无法保存的控制字符 {char}",
            "en": "cannot export: the text of {sheet}!{cell} ({column}) holds the control character {char}, "
            "which Excel cannot store",
        },
        "bundle.write.escape_sequence": {
            "zh": "无法导出：{sheet}!{cell}（{column}）的文本含有 {text}，Excel 会将其当作字符转义而改变文本",
            "en": "cannot export: the text of {sheet}!{cell} ({column}) holds {text}, which Excel reads "
            "as a character escape and would change",
        },
        "bundle.write.number_range": {
            "zh": "无法导出：{sheet}!{cell}（{column}）的数值 {value} 超出电子表格能无损保存的范围",
            "en": "cannot export: the number {value} of {sheet}!{cell} ({column}) is outside what "
            "spreadsheet programs keep unchanged",
        },
        "bundle.write.date_range": {
            "zh": "无法导出：{sheet}!{cell}（{column}）的日期 {value} 早于 1900-03-01 或无效",
            "en": "cannot export: the date {value} of {sheet}!{cell} ({column}) is before 1900-03-01 or not valid",
        },
        "bundle.write.too_many_rows": {
            "zh": "无法导出：工作表 {sheet} 超过 {limit} 行",
            "en": "cannot export: the sheet {sheet} has more than {limit} rows",
        },
    }
)


# ---------------------------------------------------------------- specs


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a data sheet: stable ``key``, bilingual header, value type, width."""

    key: str
    header_zh: str
    header_en: str
    type: ColumnType = "text"
    width: float | None = None

    def __post_init__(self) -> None:
        if not self.key or not isinstance(self.key, str):
            raise ValueError("a column needs a key")
        if self.type not in COLUMN_TYPES:
            raise ValueError(f"column {self.key}: type must be one of {COLUMN_TYPES}, not {self.type!r}")
        for text in (self.header_zh, self.header_en):
            if not text or text != text.strip() or _ILLEGAL_XML.search(text) or "\n" in text:
                raise ValueError(f"column {self.key}: headers must be single-line, non-empty, unpadded text")

    @property
    def header(self) -> str:
        """The header cell text: ``"证书编号 Certificate No."``."""
        return f"{self.header_zh} {self.header_en}"

    @property
    def display_width(self) -> float:
        if self.width is not None:
            return self.width
        return float(min(60, max(10, _display_length(self.header_zh) + 2, len(self.header_en) + 2)))


@dataclass(frozen=True)
class SheetSpec:
    """A data sheet: its exact ``name`` (e.g. ``"计量标准 Standards"``) and its columns."""

    name: str
    columns: tuple[ColumnSpec, ...]

    def __init__(self, name: str, columns: Iterable[ColumnSpec]) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "columns", tuple(columns))
        check_sheet_name(name)
        if not self.columns:
            raise ValueError(f"sheet {name}: no columns")
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"sheet {name}: column keys must be distinct")
        headers = [c.header for c in self.columns]
        if len(set(headers)) != len(headers):
            raise ValueError(f"sheet {name}: column headers must be distinct")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)


def check_sheet_name(name: str) -> str:
    """``name`` if Excel accepts it as a sheet name; ValueError otherwise."""
    if (
        not isinstance(name, str)
        or not 0 < len(name) <= 31
        or _SHEET_NAME_BAD.search(name)
        or name.startswith("'")
        or name.endswith("'")
        or name != name.strip()
        or _ILLEGAL_XML.search(name)
        or name.casefold() == "history"
    ):
        raise ValueError(f"{name!r} is not a valid sheet name (1-31 characters, none of []:*?/\\)")
    return name


def _display_length(text: str) -> int:
    # CJK characters take about two columns
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ---------------------------------------------------------------- writing

Pairs = Sequence[tuple[str, str]]
PairsOrBuilder = Pairs | Callable[[Mapping[str, SheetDigest]], Pairs]


def write_workbook(
    path: str | os.PathLike[str],
    cover_rows: PairsOrBuilder,
    sheets: Sequence[tuple[SheetSpec, Iterable[Sequence[Any]]]],
    meta_sheet: tuple[str, PairsOrBuilder],
    *,
    cover_name: str = COVER_SHEET,
    creator: str = "LabRegistry",
) -> dict[str, SheetDigest]:
    """Write a bundle workbook to ``path`` (atomically) and return each data sheet's digest.

    ``sheets`` are written in order; each row is a sequence with one value per column:
    ``None``; ``str`` for text columns; ``int`` for int columns; ``int``/``float``/``Decimal``
    for float columns (rounded to 15 significant digits); ``date``/naive ``datetime`` for
    date columns (datetimes rounded to whole seconds). A value of another type is a
    ``TypeError``; a value spreadsheet programs would not keep (over-long or control
    characters, numbers out of range, dates before 1900-03-01) a ``DomainError`` naming the
    cell. ``cover_rows`` and the meta rows are ``(label, value)`` text pairs, or a callable
    that receives ``{sheet name: SheetDigest}`` once the data sheets are written and
    returns them (that is how a signed manifest of the digests gets into the meta sheet).
    """
    from openpyxl import Workbook

    ensure_defusedxml()
    meta_name, meta_rows = meta_sheet
    names = [cover_name, *(spec.name for spec, _ in sheets), meta_name]
    for name in names:
        check_sheet_name(name)
    if len({n.casefold() for n in names}) != len(names):
        raise ValueError("sheet names must be distinct (Excel ignores case)")

    wb = Workbook(write_only=True)
    wb.properties.creator = creator
    styles = _Styles()
    cover_ws = wb.create_sheet(cover_name)
    data_ws = [wb.create_sheet(spec.name) for spec, _ in sheets]
    meta_ws = wb.create_sheet(meta_name)

    digests: dict[str, SheetDigest] = {}
    buffer = io.BytesIO()
    try:
        for ws, (spec, rows) in zip(data_ws, sheets, strict=True):
            digests[spec.name] = _write_data_sheet(ws, spec, rows, styles)
        cover_pairs = cover_rows(dict(digests)) if callable(cover_rows) else cover_rows
        _write_cover(cover_ws, cover_pairs, styles)
        meta_pairs = meta_rows(dict(digests)) if callable(meta_rows) else meta_rows
        _write_meta(meta_ws, meta_name, meta_pairs, styles)
        wb.save(buffer)
    except BaseException:
        _discard(wb)
        raise
    atomic_write(path, buffer.getvalue(), mode=0o644)
    return digests


def _discard(wb: Any) -> None:
    """Close the streaming sheets of a workbook that will not be saved, and remove their temp files."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # noqa: BLE001, S110 - best effort on the way out of an error
            pass
        try:
            if writer is not None:
                writer.cleanup()
        except Exception:  # noqa: BLE001, S110
            pass


class _Styles:
    """Styles shared by the cells of one workbook (created lazily: openpyxl imports)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.header_font = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor="DDEBF7")
        self.header_alignment = Alignment(vertical="center", wrap_text=True)
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.top = Alignment(vertical="top")


def _text_cell(ws: Any, value: str, *, font: Any = None, fill: Any = None, alignment: Any = None) -> Any:
    """A cell holding ``value`` as text whatever it starts with (never a formula or error)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _header_row(ws: Any, headers: Sequence[str], styles: _Styles) -> list[Any]:
    return [
        _text_cell(ws, h, font=styles.header_font, fill=styles.header_fill, alignment=styles.header_alignment)
        for h in headers
    ]


class _Where:
    """Place of a value being written, for messages."""

    __slots__ = ("headers", "index", "row", "sheet")

    def __init__(self, sheet: SheetSpec | str, headers: Sequence[str] = ("", "")) -> None:
        self.sheet = sheet.name if isinstance(sheet, SheetSpec) else sheet
        self.headers = sheet.headers if isinstance(sheet, SheetSpec) else tuple(headers)
        self.row = 0
        self.index = 0

    def params(self) -> dict[str, Any]:
        column = self.headers[self.index - 1] if 0 < self.index <= len(self.headers) else column_letter(self.index)
        return {"sheet": self.sheet, "cell": f"{column_letter(self.index)}{self.row}", "column": column}


def _check_text(value: str, where: _Where, *, max_length: int | None = CELL_MAX_CHARS) -> str:
    """``value`` with normalised line breaks, if spreadsheet programs keep it unchanged."""
    text = normalise_text(value)
    bad = _ILLEGAL_XML.search(text)
    if bad:
        raise DomainError("bundle.write.illegal_character", char=f"U+{ord(bad.group()):04X}", **where.params())
    escape = _OOXML_ESCAPE.search(text)
    if escape:
        raise DomainError("bundle.write.escape_sequence", text=escape.group(), **where.params())
    if max_length is not None:
        length = utf16_length(text)
        if length > max_length:
            raise DomainError("bundle.write.too_long", length=length, limit=max_length, **where.params())
    return text


def _number_range(number: float, where: _Where, shown: Any) -> None:
    if number != 0 and not FLOAT_MIN <= abs(number) <= FLOAT_MAX:
        raise DomainError("bundle.write.number_range", value=str(shown)[:40], **where.params())


Converter = Callable[[Any, "_Where"], tuple[Any, Any]]


def _converter(ws: Any, column: ColumnSpec) -> Converter:
    """For ``column``: value -> (value as the digest sees it, value or cell to append)."""
    from openpyxl.cell import WriteOnlyCell

    sheet, key = ws.title, column.key

    def wrong(value: Any, expected: str) -> TypeError:
        return TypeError(f"{sheet} column {key}: {expected} expected, got {type(value).__name__}")

    if column.type == "text":

        def text(value: Any, where: _Where) -> tuple[Any, Any]:
            if value.__class__ is not str:
                if value is None:
                    return None, None
                if not isinstance(value, str):
                    raise wrong(value, "text")
            if not value:
                return None, None
            if "\r" in value or _NEEDS_CHECK.search(value) or len(value) > CELL_MAX_CHARS // 2:
                value = _check_text(value, where)
            if value[0] == "=" or value in _ERROR_CODES:
                return value, _text_cell(ws, value)
            return value, value

        return text

    if column.type == "int":

        def integer(value: Any, where: _Where) -> tuple[Any, Any]:
            if value.__class__ is not int:
                if value is None:
                    return None, None
                if not isinstance(value, int) or isinstance(value, bool):
                    raise wrong(value, "int")
            if not -INT_LIMIT < value < INT_LIMIT:
                raise DomainError("bundle.write.number_range", value=str(value)[:40], **where.params())
            return value, value

        return integer

    if column.type == "float":

        def number(value: Any, where: _Where) -> tuple[Any, Any]:
            if value is None:
                return None, None
            if not isinstance(value, (int, float, Decimal)) or isinstance(value, bool):
                raise wrong(value, "number")
            try:
                rounded = round_float(value)
            except (ValueError, OverflowError):
                raise DomainError("bundle.write.number_range", value=str(value)[:40], **where.params()) from None
            if rounded != 0 and not FLOAT_MIN <= abs(rounded) <= FLOAT_MAX:
                raise DomainError("bundle.write.number_range", value=str(value)[:40], **where.params())
            return rounded, rounded

        return number

    def date(value: Any, where: _Where) -> tuple[Any, Any]:
        if value is None:
            return None, None
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                raise wrong(value, "naive datetime")
            if value.microsecond:
                rounded = value.replace(microsecond=0)
                if value.microsecond >= 500_000 and rounded.date() < dt.date.max:
                    rounded += dt.timedelta(seconds=1)
                value = rounded
            day = value.date()
            fmt = DATE_FORMAT if value.time() == dt.time(0, 0) else DATETIME_FORMAT
        elif isinstance(value, dt.date):
            day = value
            fmt = DATE_FORMAT
        else:
            raise wrong(value, "date")
        if day < DATE_MIN:
            raise DomainError("bundle.write.date_range", value=value.isoformat(), **where.params())
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = fmt
        return value, cell

    return date


def _write_data_sheet(ws: Any, spec: SheetSpec, rows: Iterable[Sequence[Any]], styles: _Styles) -> SheetDigest:
    for index, column in enumerate(spec.columns, start=1):
        ws.column_dimensions[column_letter(index)].width = column.display_width
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, spec.headers, styles))
    hasher = SheetHasher(spec.keys)
    width = len(spec.columns)
    where = _Where(spec)
    converters = [_converter(ws, column) for column in spec.columns]
    for row_index, row in enumerate(rows, start=FIRST_DATA_ROW):
        if row_index - 1 > MAX_ROWS:
            raise DomainError("bundle.write.too_many_rows", sheet=spec.name, limit=MAX_ROWS)
        if len(row) != width:
            raise ValueError(f"{spec.name} row {row_index}: {len(row)} values for {width} columns")
        where.row = row_index
        plain: list[Any] = []
        out: list[Any] = []
        for index, (convert, value) in enumerate(zip(converters, row), start=1):
            where.index = index
            seen, written = convert(value, where)
            plain.append(seen)
            out.append(written)
        hasher.add(plain)
        ws.append(out)
    return hasher.result()


def _check_pairs(pairs: Pairs, sheet: str, *, long_values: bool) -> list[tuple[str, str]]:
    """Validated ``(label, value)`` text pairs; values may exceed one cell when ``long_values``."""
    out = []
    where = _Where(sheet, ("A", "B"))
    for row, pair in enumerate(pairs, start=2 if long_values else 1):
        label, value = pair
        if not isinstance(label, str) or not isinstance(value, str):
            raise TypeError(f"{sheet}: label/value pairs must be text, got {pair!r:.80}")
        where.row = row
        where.index = 1
        label = _check_text(label, where)
        where.index = 2
        value = _check_text(value, where, max_length=None if long_values else CELL_MAX_CHARS)
        out.append((label, value))
    return out


def _write_cover(ws: Any, pairs: Pairs, styles: _Styles) -> None:
    checked = _check_pairs(pairs, ws.title, long_values=False)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 80
    for label, value in checked:
        ws.append(
            [
                _text_cell(ws, label, font=styles.header_font, alignment=styles.top) if label else None,
                _text_cell(ws, value, alignment=styles.wrap) if value else None,
            ]
        )


def split_chunks(text: str, limit: int = META_CHUNK) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` UTF-16 code units (never inside a character)."""
    if utf16_length(text) <= limit:
        return [text]
    chunks: list[str] = []
    start = 0
    units = 0
    for i, ch in enumerate(text):
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > limit:
            chunks.append(text[start:i])
            start, units = i, 0
        units += width
    chunks.append(text[start:])
    return chunks


def _write_meta(ws: Any, name: str, pairs: Pairs, styles: _Styles) -> None:
    checked = _check_pairs(pairs, name, long_values=True)
    if len(checked) > MAX_META_ROWS:
        raise ValueError(f"{name}: more than {MAX_META_ROWS} rows")
    keys = [k for k, _ in checked]
    if len(set(keys)) != len(keys) or not all(keys):
        raise ValueError(f"{name}: keys must be non-empty and distinct")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    ws.freeze_panes = "A2"
    ws.append(_header_row(ws, META_HEADER, styles))
    for key, value in checked:
        chunks = split_chunks(value) if value else []
        if len(chunks) > MAX_META_CHUNKS:
            raise ValueError(f"{name}: the value of {key} is too long")
        ws.append(
            [_text_cell(ws, key, font=styles.header_font, alignment=styles.top)]
            + [_text_cell(ws, chunk, alignment=styles.top) for chunk in chunks]
        )


# ---------------------------------------------------------------- reading


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SI, _R, _T = f"{_MAIN_NS} si", f"{_MAIN_NS} r", f"{_MAIN_NS} t"


class _ForbiddenXml(ValueError):
    pass


def read_shared_strings(src: Any) -> list[str]:
    """The shared string table, exactly as openpyxl's ``read_string_table`` reads it, faster.

    LibreOffice writes every change between CJK and Latin script inside a cell as its own
    rich-text run with font properties; openpyxl builds objects for each run's properties
    and reads such a table about eight times slower than this streaming expat reader. The
    text is the same: the ``<t>`` of each ``<si>`` and of its ``<r>`` runs (not the phonetic
    ``<rPh>`` runs), with openpyxl's removal of ``x005F_``. No DTD and no entity is accepted
    (the pre-flight has already refused them; this is a second lock).
    """
    import xml.parsers.expat as expat

    strings: list[str] = []
    buffer: list[str] = []
    stack: list[str | None] = [None]
    collecting = False

    def forbid(*_: Any) -> None:
        raise _ForbiddenXml("DTDs and entities are not allowed")

    def start(name: str, _attrs: Any) -> None:
        nonlocal collecting
        parent = stack[-1]
        if name == _T and (parent == _SI or (parent == _R and stack[-2] == _SI)):
            collecting = True
        stack.append(name)

    def end(name: str) -> None:
        nonlocal collecting
        stack.pop()
        if name == _T:
            collecting = False
        elif name == _SI:
            strings.append("".join(buffer).replace("x005F_", ""))
            buffer.clear()

    def chars(data: str) -> None:
        if collecting:
            buffer.append(data)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.UnparsedEntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid  # type: ignore[assignment]
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    while True:
        chunk = src.read(1 << 16)
        if not chunk:
            break
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return strings


def _load_read_only(data: bytes) -> Any:
    """``openpyxl.load_workbook(read_only=True, data_only=False, keep_links=False)`` with
    :func:`read_shared_strings` for the shared strings."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS

    class _Reader(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            ct = self.package.find(SHARED_STRINGS)
            if ct is not None:
                with self.archive.open(ct.PartName[1:]) as src:
                    self.shared_strings = read_shared_strings(src)

    reader = _Reader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    reader.read()
    return reader.wb


def _formula_types() -> tuple[type, ...]:
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    return (ArrayFormula, DataTableFormula)



@dataclass(frozen=True)
class ReadSheet:
    """A data sheet as read: column keys, typed rows (``rows[i]`` is row ``i + 2``), digest."""

    spec: SheetSpec
    rows: list[list[Any]]
    digest: SheetDigest

    @property
    def header_keys(self) -> tuple[str, ...]:
        return self.spec.keys


@dataclass(frozen=True)
class ReadWorkbook:
    """What :func:`read_workbook` found: data sheets, meta pairs, whether a cover is there."""

    file: str
    sheets: dict[str, ReadSheet]
    meta: dict[str, str]
    cover_present: bool
    data: bytes = field(repr=False)
    """The exact bytes that were checked and read (keep these, not a second read of the file)."""

    @property
    def digests(self) -> dict[str, SheetDigest]:
        return {name: sheet.digest for name, sheet in self.sheets.items()}


def read_workbook(
    source: str | os.PathLike[str] | bytes,
    expected: Sequence[SheetSpec],
    meta_sheet_name: str,
    *,
    cover_name: str = COVER_SHEET,
    name: str | None = None,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
) -> ReadWorkbook:
    """Pre-flight and read a bundle workbook; ``DomainError`` naming file, sheet and cell.

    ``source`` is a path or the file's bytes (then ``name`` names it in messages). Data
    sheets come back with values converted to their column's type (``str``; ``int``;
    ``float``; ``date``, or ``datetime`` when there is a time) and the digest of the
    values as read (:func:`.canonical.sheet_digest`); trailing empty rows are dropped.
    """
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        file = name or "<bytes>"
        if len(data) > max_bytes:
            raise DomainError("xlsx.too_large", file=file, size=len(data), limit=max_bytes)
        preflight_bytes(data, name=file)
    else:
        file = name or str(source)
        data = checked_bytes(source, max_bytes=max_bytes)
    specs = {spec.name: spec for spec in expected}
    if len(specs) != len(expected) or meta_sheet_name in specs or cover_name in specs:
        raise ValueError("expected sheet names must be distinct from each other, the cover and the meta sheet")
    return _Reader(file, data, specs, meta_sheet_name, cover_name, max_rows).read()


class _Reader:
    def __init__(
        self,
        file: str,
        data: bytes,
        specs: dict[str, SheetSpec],
        meta_name: str,
        cover_name: str,
        max_rows: int,
    ) -> None:
        self.file = file
        self.data = data
        self.specs = specs
        self.meta_name = meta_name
        self.cover_name = cover_name
        self.max_rows = max_rows
        self.cells_left = MAX_CELLS
        self.formula_types = _formula_types()

    def fail(self, code: str, **params: Any) -> DomainError:
        return FormatError(code, file=self.file, **params)

    def read(self) -> ReadWorkbook:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return self._read()
        except DomainError:
            raise
        except Exception as exc:  # noqa: BLE001 - hostile input must never give a traceback
            reason = f"{type(exc).__name__}: {exc}"[:160]
            raise self.fail("bundle.unreadable", reason=reason) from None

    def _read(self) -> ReadWorkbook:
        wb = _load_read_only(self.data)
        try:
            worksheets = list(wb.worksheets)
            present = [ws.title for ws in worksheets]
            for ws in worksheets:
                if ws.sheet_state != "visible":
                    raise self.fail("bundle.hidden_sheet", sheet=ws.title)
            known = {self.cover_name, self.meta_name, *self.specs}
            for title in present:
                if title not in known:
                    raise self.fail("bundle.unknown_sheet", sheet=title)
            for wanted in [*self.specs, self.meta_name]:
                if wanted not in present:
                    raise self.fail("bundle.missing_sheet", sheet=wanted)
            self.check_names(wb, worksheets)
            by_title = {ws.title: ws for ws in worksheets}
            cover_present = self.cover_name in by_title
            if cover_present:
                self.read_cover(by_title[self.cover_name])
            sheets = {name: self.read_data(by_title[name], spec) for name, spec in self.specs.items()}
            meta = self.read_meta(by_title[self.meta_name])
        finally:
            wb.close()
        return ReadWorkbook(self.file, sheets, meta, cover_present, self.data)

    # -- workbook level

    def check_names(self, wb: Any, worksheets: list[Any]) -> None:
        scopes = [wb.defined_names] + [getattr(ws, "defined_names", {}) for ws in worksheets]
        for names in scopes:
            for key, defn in names.items():
                value = str(getattr(defn, "value", "") or getattr(defn, "attr_text", "") or "")
                reserved = key.startswith("_xlnm.")
                if not reserved or "[" in value or "(" in value:
                    raise self.fail("bundle.defined_name", name=key[:80], value=value[:80])

    # -- cells

    def cell_name(self, row: int, column: int) -> str:
        return f"{column_letter(column)}{row}"

    def check_cell(self, sheet: str, cell: Any, row: int, column: int) -> None:
        """Refuse formulas in any cell of any sheet."""
        if cell.data_type == "f" or isinstance(cell.value, self.formula_types):
            raise self.fail("bundle.formula", sheet=sheet, cell=self.cell_name(row, column))

    def plain_value(self, sheet: str, cell: Any, row: int, column: int) -> Any:
        """The value of a cell of a data or meta sheet: None, str, int, float or datetime."""
        value = cell.value
        if value is None:
            return None
        data_type = cell.data_type
        kind = "bundle.kind.other"
        if data_type == "s" and value.__class__ is str:
            if len(value) > CELL_MAX_CHARS // 2:
                length = utf16_length(value)
                if length > CELL_MAX_CHARS:
                    raise self.fail(
                        "bundle.cell_too_long",
                        sheet=sheet,
                        cell=self.cell_name(row, column),
                        length=length,
                        limit=CELL_MAX_CHARS,
                    )
            return value or None
        if data_type == "n" and value.__class__ is float:
            if math.isfinite(value):
                return value
        elif data_type == "n" and value.__class__ is int:
            if -_READ_INT_LIMIT < value < _READ_INT_LIMIT:
                return value
        elif data_type == "d":
            if value.__class__ is dt.datetime and value.tzinfo is None:
                return value
            if value.__class__ is dt.date:
                return dt.datetime(value.year, value.month, value.day)
            if isinstance(value, (dt.time, dt.timedelta)):
                kind = "bundle.kind.time"
        elif data_type == "f" or isinstance(value, self.formula_types):
            self.check_cell(sheet, cell, row, column)
        elif data_type == "b" or isinstance(value, bool):
            kind = "bundle.kind.boolean"
        elif data_type == "e":
            kind = "bundle.kind.error"
        raise self.fail("bundle.bad_cell", sheet=sheet, cell=self.cell_name(row, column), kind=Detail(kind))

    def rows(self, ws: Any) -> Iterable[tuple[int, tuple[Any, ...]]]:
        """``(row number, cells)`` for every row, with the row cap enforced."""
        ws.reset_dimensions()  # never trust (or pad to) the declared dimension
        limit = self.max_rows + 1  # plus the header row
        for number, cells in enumerate(ws.iter_rows(), start=1):
            if number > limit:
                raise self.fail("bundle.too_many_rows", sheet=ws.title, limit=self.max_rows)
            self.spend(len(cells))
            yield number, cells

    def spend(self, cells: int) -> None:
        self.cells_left -= cells
        if self.cells_left < 0:
            raise self.fail("bundle.too_many_cells", limit=MAX_CELLS)

    # -- sheets

    def read_cover(self, ws: Any) -> None:
        for number, cells in self.rows(ws):
            for column, cell in enumerate(cells, start=1):
                if cell.value is not None:
                    self.check_cell(ws.title, cell, number, column)

    def read_data(self, ws: Any, spec: SheetSpec) -> ReadSheet:
        sheet = ws.title
        width = len(spec.columns)
        hasher = SheetHasher(spec.keys)
        rows: list[list[Any]] = []
        pending_empty = 0
        saw_header = False
        for number, cells in self.rows(ws):
            if number == 1:
                saw_header = True
                values = [self.plain_value(sheet, c, number, column) for column, c in enumerate(cells, start=1)]
                self.check_header(sheet, spec, values)
                continue
            if not cells:  # a row without cells (openpyxl fills gaps with these)
                hasher.add_empty()
                pending_empty += 1
                continue
            values = [self.plain_value(sheet, c, number, column) for column, c in enumerate(cells[:width], start=1)]
            for column in range(width + 1, len(cells) + 1):
                cell = cells[column - 1]
                if cell.value is not None:
                    self.check_cell(sheet, cell, number, column)
                    raise self.fail("bundle.extra_cell", sheet=sheet, cell=self.cell_name(number, column))
            values.extend([None] * (width - len(values)))
            hasher.add(values)
            if all(v is None for v in values):
                pending_empty += 1
                continue
            if pending_empty:
                self.spend(width * pending_empty)
                rows.extend([None] * width for _ in range(pending_empty))
                pending_empty = 0
            rows.append([self.typed(sheet, col, v, number, i) for i, (col, v) in enumerate(zip(spec.columns, values), 1)])
        if not saw_header:
            self.check_header(sheet, spec, [])
        return ReadSheet(spec, rows, hasher.result())

    def check_header(self, sheet: str, spec: SheetSpec, values: list[Any]) -> None:
        expected = list(spec.headers)
        for column in range(1, max(len(expected), len(values)) + 1):
            want = expected[column - 1] if column <= len(expected) else None
            have = values[column - 1] if column <= len(values) else None
            if have != want:
                raise self.fail(
                    "bundle.bad_header",
                    sheet=sheet,
                    cell=self.cell_name(1, column),
                    expected=want or "",
                    actual="" if have is None else str(have)[:80],
                )

    def typed(self, sheet: str, column: ColumnSpec, value: Any, row: int, index: int) -> Any:
        if value is None:
            return None
        kind = column.type
        if kind == "text" and isinstance(value, str):
            return normalise_text(value)
        if kind == "int" and isinstance(value, int):
            return value
        if kind == "int" and isinstance(value, float) and value.is_integer():
            return int(value)
        if kind == "float" and isinstance(value, (int, float)):
            return float(value)
        if kind == "date" and isinstance(value, dt.datetime):
            return value.date() if value.time() == dt.time(0, 0) else value.replace(microsecond=0)
        raise self.fail(
            "bundle.wrong_type",
            sheet=sheet,
            cell=self.cell_name(row, index),
            column=column.header,
            expected=Detail(f"bundle.type.{kind}"),
            value=repr(value)[:60],
        )

    def read_meta(self, ws: Any) -> dict[str, str]:
        sheet = ws.title
        meta: dict[str, str] = {}
        for number, cells in self.rows(ws):
            values = [self.plain_value(sheet, cell, number, column) for column, cell in enumerate(cells, start=1)]
            if number == 1:
                self.check_header(sheet, _META_SPEC, values)
                continue
            while values and values[-1] is None:
                values.pop()
            if not values:
                continue

            def bad(problem: str, **params: Any) -> DomainError:
                return self.fail("bundle.bad_meta", sheet=sheet, row=number, problem=Detail(problem, **params))

            if len(meta) >= MAX_META_ROWS or len(values) > MAX_META_CHUNKS + 1:
                raise bad("bundle.meta.too_many")
            if not all(v is None or isinstance(v, str) for v in values):
                raise bad("bundle.meta.not_text")
            key, chunks = values[0], values[1:]
            if key is None:
                raise bad("bundle.meta.no_key")
            if any(c is None for c in chunks):
                raise bad("bundle.meta.gap")
            if key in meta:
                raise bad("bundle.meta.duplicate", key=key[:80])
            meta[key] = "".join(chunks)
        return meta


_META_SPEC = SheetSpec(
    "meta",
    [ColumnSpec("key", *META_HEADER[0].split(" ", 1)), ColumnSpec("value", *META_HEADER[1].split(" ", 1))],
)


__all__ = [
    "COLUMN_TYPES",
    "COVER_SHEET",
    "ColumnSpec",
    "FIRST_DATA_ROW",
    "MAX_ROWS",
    "META_HEADER",
    "ReadSheet",
    "ReadWorkbook",
    "SheetSpec",
    "check_sheet_name",
    "column_letter",
    "read_shared_strings",
    "read_workbook",
    "split_chunks",
    "write_workbook",
]
