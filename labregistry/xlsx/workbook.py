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
hidden sheets, unknown, missing or repeated sheets, headers that differ from the spec,
values outside the spec's columns, cells or rows out of place (where openpyxl and the
spreadsheet programs would disagree), booleans, error values, times, over-long cells, too
many rows, defined names other than print areas and titles, sheets nested too deeply.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import math
import os
import re
import threading
import warnings
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from xml.parsers.expat import ExpatError

from labregistry.errors import DomainError
from labregistry.xlsx import looks as looks_
from labregistry.xlsx import sheetframe, sheetxml
from labregistry.xlsx.canonical import (
    CELL_MAX_CHARS,
    Canonical,
    SheetDigest,
    SheetHasher,
    canonical_cell,
    canonical_number,
    canonical_row,
    normalise_text,
    round_float,
    utf16_length,
)
from labregistry.files import atomic_write
from labregistry.crypto.jsonform import Detail, FormatError
from labregistry.xlsx.preflight import MAX_BYTES, MAX_XML_DEPTH, checked_bytes, preflight_bytes
from labregistry.xlsx.refs import column_letter
from labregistry.xlsx.strings import TooDeep, parse_chunks, read_shared_strings

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
# Bundle fix (red team): the writer refuses such text (bundle.write.escape_sequence), but the
# reader took a peer's signed "_x5DF2__x64A4__x9500_" as written, which Excel shows as "已撤销"
_SHOWN_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_", re.I)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


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


COVER_WIDTHS = (34.0, 80.0)
"""The cover's columns (label, value), in characters; a reader refuses them narrower."""
META_WIDTHS = (24.0, 100.0)
"""The signature sheet's columns (key, value); the pieces of a long value in C... take the default."""


def _display_length(text: str) -> int:
    # CJK characters take about two columns
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


"""1 -> A, 27 -> AA."""


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

    The package is written directly (:class:`_Package`), as openpyxl's write-only mode
    writes it - the same cells (text always as an inline string, never a formula; numbers
    as ``%.16g``; dates as serial numbers with a date format), the same styles, widths and
    frozen header row - without building an object per cell.
    """
    meta_name, meta_rows = meta_sheet
    names = [cover_name, *(spec.name for spec, _ in sheets), meta_name]
    for name in names:
        check_sheet_name(name)
    if len({n.casefold() for n in names}) != len(names):
        raise ValueError("sheet names must be distinct (Excel ignores case)")

    digests: dict[str, SheetDigest] = {}
    data_xml: list[bytes] = []
    for spec, rows in sheets:
        xml, digests[spec.name] = _write_data_sheet(spec, rows)
        data_xml.append(xml)
    cover_pairs = cover_rows(dict(digests)) if callable(cover_rows) else cover_rows
    cover_xml = _write_cover(cover_name, cover_pairs)
    meta_pairs = meta_rows(dict(digests)) if callable(meta_rows) else meta_rows
    meta_xml = _write_meta(meta_name, meta_pairs)
    package = _Package(creator)
    package.add_sheet(cover_name, cover_xml)
    for (spec, _), xml in zip(sheets, data_xml, strict=True):
        package.add_sheet(spec.name, xml)
    package.add_sheet(meta_name, meta_xml)
    atomic_write(path, package.bytes(), mode=0o644)
    return digests


# -- the package: the parts openpyxl writes, minus its theme and empty elements

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

# cell styles (cellXfs indices)
_S_HEADER, _S_DATE, _S_DATETIME, _S_LABEL, _S_WRAP, _S_TOP = 1, 2, 3, 4, 5, 6
_STYLES_XML = (
    f'<styleSheet xmlns="{_NS_MAIN}">'
    f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{DATETIME_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><name val="Calibri"/><family val="2"/><sz val="11"/></font>'
    '<font><b val="1"/><name val="Calibri"/><family val="2"/><sz val="11"/></font></fonts>'
    '<fills count="3"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="00DDEBF7"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" applyAlignment="1" pivotButton="0" quotePrefix="0" '
    'xfId="0"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1" pivotButton="0" quotePrefix="0" '
    'xfId="0"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" applyNumberFormat="1" pivotButton="0" quotePrefix="0" '
    'xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" applyAlignment="1" pivotButton="0" quotePrefix="0" '
    'xfId="0"><alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1" pivotButton="0" quotePrefix="0" '
    'xfId="0"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1" pivotButton="0" quotePrefix="0" '
    'xfId="0"><alignment vertical="top"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/></cellStyles>'
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)


def _escape(text: str) -> str:
    """Character data as ElementTree writes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attribute(text: str) -> str:
    text = _escape(text)
    for char, entity in (('"', "&quot;"), ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#09;")):
        if char in text:
            text = text.replace(char, entity)
    return text


def _inline(ref: str, text: str, style: int = 0) -> str:
    """A text cell: an inline string (never a formula, whatever it starts with)."""
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def _number(value: float) -> str:
    return "%.16g" % value


def _serial(value: dt.date) -> str:
    """openpyxl's ``to_excel`` (1900 date system) for dates from 1900-03-01."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    days = (moment - _WINDOWS_EPOCH).days
    fraction = (moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 10**6) / 86400
    return _number(days + fraction)


_WINDOWS_EPOCH = dt.datetime(1899, 12, 30)


def _sheet_xml(rows_xml: list[str], widths: Sequence[float], *, frozen: bool) -> bytes:
    if frozen:
        view = ('<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                'state="frozen"/><selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView>')
    else:
        view = '<sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView>'
    cols = "".join(f'<col width="{_number(w)}" customWidth="1" min="{i}" max="{i}"/>'
                   for i, w in enumerate(widths, start=1))
    head = (f'<worksheet xmlns="{_NS_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
            f"<pageSetUpPr/></sheetPr><sheetViews>{view}</sheetViews>"
            f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>{cols}</cols><sheetData>')
    tail = ('</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
            "</worksheet>")
    return (head + "".join(rows_xml) + tail).encode("utf-8")


class _Package:
    """The parts of an ``.xlsx`` file: content types, relationships, properties, styles, sheets."""

    def __init__(self, creator: str) -> None:
        self.creator = creator
        self.sheets: list[tuple[str, bytes]] = []

    def add_sheet(self, name: str, xml: bytes) -> None:
        self.sheets.append((name, xml))

    def bytes(self) -> bytes:
        n = len(self.sheets)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        sheet_types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT_SHEET}"/>'
                              for i in range(1, n + 1))
        parts: list[tuple[str, str | bytes]] = [
            ("[Content_Types].xml",
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/styles.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
             '<Override PartName="/docProps/core.xml" '
             'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
             '<Override PartName="/docProps/app.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
             f"{sheet_types}</Types>"),
            ("_rels/.rels",
             f'<Relationships xmlns="{_NS_PKG_REL}">'
             f'<Relationship Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml" Id="rId1"/>'
             '<Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
             'core-properties" Target="docProps/core.xml" Id="rId2"/>'
             f'<Relationship Type="{_NS_REL}/extended-properties" Target="docProps/app.xml" Id="rId3"/>'
             "</Relationships>"),
            ("docProps/app.xml",
             '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
             f"<Application>{_escape(self.creator)}</Application></Properties>"),
            ("docProps/core.xml",
             '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
             ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
             ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
             f"<dc:creator>{_escape(self.creator)}</dc:creator>"
             f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
             f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'),
            ("xl/workbook.xml",
             f'<workbook xmlns:r="{_NS_REL}" xmlns="{_NS_MAIN}"><workbookPr/><bookViews>'
             '<workbookView visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" '
             'showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/>'
             "</bookViews><sheets>"
             + "".join(f'<sheet name="{_escape_attribute(name)}" sheetId="{i}" state="visible" r:id="rId{i}"/>'
                       for i, (name, _) in enumerate(self.sheets, start=1))
             + '</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'),
            ("xl/_rels/workbook.xml.rels",
             f'<Relationships xmlns="{_NS_PKG_REL}">'
             + "".join(f'<Relationship Type="{_NS_REL}/worksheet" Target="/xl/worksheets/sheet{i}.xml" Id="rId{i}"/>'
                       for i in range(1, n + 1))
             + f'<Relationship Type="{_NS_REL}/styles" Target="styles.xml" Id="rId{n + 1}"/></Relationships>'),
            ("xl/styles.xml", _STYLES_XML),
        ]
        parts += [(f"xl/worksheets/sheet{i}.xml", xml) for i, (_, xml) in enumerate(self.sheets, start=1)]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, content in parts:
                zf.writestr(name, content if isinstance(content, bytes) else content.encode("utf-8"))
        return buffer.getvalue()


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


Converter = Callable[[Any, "_Where", str], tuple[Any, str | None]]


def _converter(sheet: str, column: ColumnSpec) -> Converter:
    """For ``column``: (value, where, cell reference) -> (value as the digest sees it, the
    cell's XML or None for an empty cell)."""
    key = column.key

    def wrong(value: Any, expected: str) -> TypeError:
        return TypeError(f"{sheet} column {key}: {expected} expected, got {type(value).__name__}")

    if column.type == "text":

        def text(value: Any, where: _Where, ref: str) -> tuple[Any, str | None]:
            if value.__class__ is not str:
                if value is None:
                    return None, None
                if not isinstance(value, str):
                    raise wrong(value, "text")
            if not value:
                return None, None
            if "\r" in value or _NEEDS_CHECK.search(value) or len(value) > CELL_MAX_CHARS // 2:
                value = _check_text(value, where)
            return value, _inline(ref, value)

        return text

    if column.type == "int":

        def integer(value: Any, where: _Where, ref: str) -> tuple[Any, str | None]:
            if value.__class__ is not int:
                if value is None:
                    return None, None
                if not isinstance(value, int) or isinstance(value, bool):
                    raise wrong(value, "int")
            if not -INT_LIMIT < value < INT_LIMIT:
                raise DomainError("bundle.write.number_range", value=str(value)[:40], **where.params())
            return value, f'<c r="{ref}" t="n"><v>{_number(value)}</v></c>'

        return integer

    if column.type == "float":

        def number(value: Any, where: _Where, ref: str) -> tuple[Any, str | None]:
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
            return rounded, f'<c r="{ref}" t="n"><v>{_number(rounded)}</v></c>'

        return number

    def date(value: Any, where: _Where, ref: str) -> tuple[Any, str | None]:
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
            style = _S_DATE if value.time() == dt.time(0, 0) else _S_DATETIME
        elif isinstance(value, dt.date):
            day = value
            style = _S_DATE
        else:
            raise wrong(value, "date")
        if day < DATE_MIN:
            raise DomainError("bundle.write.date_range", value=value.isoformat(), **where.params())
        return value, f'<c r="{ref}" s="{style}" t="n"><v>{_serial(value)}</v></c>'

    return date


def _header_row(headers: Sequence[str]) -> str:
    return '<row r="1">' + "".join(
        _inline(f"{column_letter(i)}1", h, _S_HEADER) for i, h in enumerate(headers, start=1)) + "</row>"


def _write_data_sheet(spec: SheetSpec, rows: Iterable[Sequence[Any]]) -> tuple[bytes, SheetDigest]:
    hasher = SheetHasher(spec.keys)
    width = len(spec.columns)
    where = _Where(spec)
    converters = [_converter(spec.name, column) for column in spec.columns]
    letters = [column_letter(i) for i in range(1, width + 1)]
    out = [_header_row(spec.headers)]
    for row_index, row in enumerate(rows, start=FIRST_DATA_ROW):
        if row_index - 1 > MAX_ROWS:
            raise DomainError("bundle.write.too_many_rows", sheet=spec.name, limit=MAX_ROWS)
        if len(row) != width:
            raise ValueError(f"{spec.name} row {row_index}: {len(row)} values for {width} columns")
        where.row = row_index
        number = str(row_index)
        plain: list[Any] = []
        cells = [f'<row r="{number}">']
        index = 0
        for convert, value in zip(converters, row):
            where.index = index + 1
            seen, xml = convert(value, where, letters[index] + number)
            plain.append(seen)
            if xml is not None:
                cells.append(xml)
            index += 1
        hasher.add(plain)
        if len(cells) == 1:
            out.append(f'<row r="{number}" />')
        else:
            cells.append("</row>")
            out.append("".join(cells))
    return _sheet_xml(out, [c.display_width for c in spec.columns], frozen=True), hasher.result()


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


def _write_cover(name: str, pairs: Pairs) -> bytes:
    checked = _check_pairs(pairs, name, long_values=False)
    rows = []
    for number, (label, value) in enumerate(checked, start=1):
        cells = (_inline(f"A{number}", label, _S_LABEL) if label else "") + \
            (_inline(f"B{number}", value, _S_WRAP) if value else "")
        rows.append(f'<row r="{number}">{cells}</row>' if cells else f'<row r="{number}" />')
    return _sheet_xml(rows, COVER_WIDTHS, frozen=False)


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


def _write_meta(name: str, pairs: Pairs) -> bytes:
    checked = _check_pairs(pairs, name, long_values=True)
    if len(checked) > MAX_META_ROWS:
        raise ValueError(f"{name}: more than {MAX_META_ROWS} rows")
    keys = [k for k, _ in checked]
    if len(set(keys)) != len(keys) or not all(keys):
        raise ValueError(f"{name}: keys must be non-empty and distinct")
    rows = [_header_row(META_HEADER)]
    for number, (key, value) in enumerate(checked, start=2):
        chunks = split_chunks(value) if value else []
        if len(chunks) > MAX_META_CHUNKS:
            raise ValueError(f"{name}: the value of {key} is too long")
        rows.append(f'<row r="{number}">' + _inline(f"A{number}", key, _S_LABEL) + "".join(
            _inline(f"{column_letter(i)}{number}", chunk, _S_TOP) for i, chunk in enumerate(chunks, start=2))
            + "</row>")
    return _sheet_xml(rows, META_WIDTHS, frozen=True)


# ---------------------------------------------------------------- reading


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
def _load_read_only(data: bytes) -> Any:
    """:func:`_load_read_only_uncached`, remembering what openpyxl made of the workbook-level
    parts. Every bundle of a registry has the same content types, workbook, relationships
    and styles - only its cells, shared strings and document properties differ - and
    parsing those with openpyxl costs more than reading a small institute's cells. The key
    is a SHA-256 of the part names and of every part openpyxl parses on loading except the
    shared strings and ``docProps/core.xml``, which are read for each file as openpyxl
    reads them: equal key, equal workbook (any error: a full load, which reports it)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    found = _workbook_key(archive)
    if found is not None:
        with _WORKBOOKS_LOCK:
            template = _WORKBOOKS.get(found[0])
        if template is not None:
            try:
                return _from_template(template, archive, found[1])
            except Exception:  # noqa: BLE001, S110 - the full load below finds it again, and says so
                pass
    archive.close()
    wb = _load_read_only_uncached(data)
    if found is not None:
        template = copy.copy(wb)
        template._archive = None
        template._sheets = [copy.copy(ws) for ws in wb._sheets]
        with _WORKBOOKS_LOCK:
            if len(_WORKBOOKS) >= 16:
                _WORKBOOKS.clear()
            _WORKBOOKS[found[0]] = template
    return wb


_WORKBOOKS: dict[str, Any] = {}
_WORKBOOKS_LOCK = threading.Lock()
_CORE_PART = "docProps/core.xml"
_READ_PER_FILE = re.compile(r"xl/worksheets/sheet[0-9]+\.xml|docProps/app\.xml|docProps/core\.xml")


def _workbook_key(archive: zipfile.ZipFile) -> tuple[str, str | None] | None:
    """(key, shared strings part) of the workbook-level parts; None when not cacheable."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    try:
        names = sorted(archive.namelist())
        strings = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml"))).find(SHARED_STRINGS)
        strings_part = strings.PartName[1:] if strings is not None else None
        digest = hashlib.sha256(repr((names, strings_part)).encode("utf-8"))
        for name in names:
            if name != strings_part and not _READ_PER_FILE.fullmatch(name):
                digest.update(name.encode("utf-8") + b"\0" + archive.read(name) + b"\0")
    except Exception:  # noqa: BLE001 - not cacheable: the full load says what is wrong
        return None
    return digest.hexdigest(), strings_part


def _from_template(template: Any, archive: zipfile.ZipFile, strings_part: str | None) -> Any:
    """The workbook openpyxl loads from ``archive``, made from one loaded from the same
    workbook-level parts: with this archive, its shared strings and document properties."""
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.xml.functions import fromstring

    strings: list[str] = []
    string_looks: dict[str, looks_.RunLook] = {}
    if strings_part is not None:
        with archive.open(strings_part) as src:
            strings = read_shared_strings(src, looks=string_looks)
    wb = copy.copy(template)
    wb._labregistry_string_looks = string_looks
    if _CORE_PART in archive.namelist():
        wb.properties = DocumentProperties.from_tree(fromstring(archive.read(_CORE_PART)))
    wb._archive = archive
    sheets = []
    for ws in template._sheets:
        ws = copy.copy(ws)
        ws.parent = wb
        if hasattr(ws, "_shared_strings"):
            ws._shared_strings = strings
        sheets.append(ws)
    wb._sheets = sheets
    return wb


def _load_read_only_uncached(data: bytes) -> Any:
    """``openpyxl.load_workbook(read_only=True, data_only=False, keep_links=False)`` with
    :func:`read_shared_strings` for the shared strings, and without openpyxl's scan of every
    sheet for its size on loading (the reader never uses the size: it walks every row at
    its natural width, see ``_Reader.rows``); each sheet is parsed once, when it is read."""
    reader = _excel_reader_class()(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    reader.read()
    _keep_all_defined_names(reader)
    reader.wb._labregistry_string_looks = getattr(reader, "string_looks", {})
    return reader.wb


_EXCEL_READER: list[type] = []


def _excel_reader_class() -> type:
    if _EXCEL_READER:
        return _EXCEL_READER[0]
    from openpyxl.packaging.relationship import get_dependents, get_rels_path
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.xml.constants import SHARED_STRINGS

    class _LazyWorksheet(ReadOnlyWorksheet):  # type: ignore[misc]
        def _get_size(self) -> None:  # openpyxl parses the whole sheet here just to size it
            pass

    class _Reader(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            ct = self.package.find(SHARED_STRINGS)
            if ct is not None:
                self.string_looks: dict[str, looks_.RunLook] = {}
                with self.archive.open(ct.PartName[1:]) as src:
                    self.shared_strings = read_shared_strings(src, ct.PartName[1:], looks=self.string_looks)

        def read_worksheets(self) -> None:
            # ExcelReader.read_worksheets in read-only mode, with the lazy worksheet
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    self.read_chartsheet(sheet, rel)
                    continue
                rels_path = get_rels_path(rel.target)
                if rels_path in self.valid_files:
                    get_dependents(self.archive, rels_path)
                ws = _LazyWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)

    _EXCEL_READER.append(_Reader)
    return _Reader


class _Cell:
    """A cell as the reader's checks see it: openpyxl's ``value`` and ``data_type``."""

    __slots__ = ("data_type", "value")

    def __init__(self, value: Any, data_type: str) -> None:
        self.value = value
        self.data_type = data_type


_HALF_CELL = CELL_MAX_CHARS // 2
_MIDNIGHT = dt.time(0, 0)
_INFINITIES = (math.inf, -math.inf)


def _types_of(values: list[Any]) -> list[str]:
    """openpyxl's ``data_type`` of values read by :mod:`.sheetxml` (it follows from the class)."""
    return [
        "s" if v.__class__ is str else "d" if isinstance(v, (dt.date, dt.time, dt.timedelta)) else "n"
        for v in values
    ]


def _plain_row(
    values: list[Any], kinds: list[ColumnType], width: int
) -> tuple[list[Canonical], list[Any] | None] | None:
    """(canonical cells, typed row or None when the row holds no value) of a data row read by
    :mod:`.sheetxml` whose every cell is a plain value of its column's type, as
    ``_Reader._checked_row`` computes them; None for any other row (which ``_checked_row``
    then refuses, or accepts)."""
    n = len(values)
    if n > width:
        for value in values[width:]:
            if value is not None:
                return None
        n = width
    canonical: list[Canonical] = [None] * width
    typed: list[Any] = [None] * width
    empty = True
    for i in range(n):
        v = values[i]
        if v is None:
            continue
        cls = v.__class__
        if cls is str:
            if kinds[i] != "text" or len(v) > _HALF_CELL:
                return None
            if not v:
                continue
            if "_" in v and _SHOWN_ESCAPE.search(v):
                return None  # refused by _checked_row (bundle.escape_text)
            if "\r" in v:
                v = normalise_text(v)
            canonical[i] = typed[i] = v
        elif cls is int or cls is float:
            kind = kinds[i]
            if cls is int:
                if not -_READ_INT_LIMIT < v < _READ_INT_LIMIT:
                    return None
                if kind == "int":
                    typed[i] = v
                elif kind == "float":
                    typed[i] = float(v)
                else:
                    return None
            elif cls is float:
                if v != v or v in _INFINITIES:
                    return None
                if kind == "float":
                    typed[i] = v
                elif kind == "int" and v.is_integer():
                    typed[i] = int(v)
                else:
                    return None
            canonical[i] = {"n": canonical_number(v)}
        elif cls is dt.datetime:
            if v.tzinfo is not None or kinds[i] != "date":
                return None
            if v.time() == _MIDNIGHT:
                day = v.date()
                canonical[i] = {"d": day.isoformat()}
                typed[i] = day
            else:
                canonical[i] = canonical_cell(v)
                typed[i] = v.replace(microsecond=0)
        else:
            return None
        empty = False
    return canonical, (None if empty else typed)


_SourceRow = tuple[int, list[Any], list[str] | None, list[int] | None, "sheetframe.Problem | None"]
_SHOWN_TYPES = frozenset("snd")
_SHOWN_CLASSES = frozenset((str, int, float, dt.datetime))
"""openpyxl data types whose look is checked (formulas, booleans and errors are refused
as such by the checks that follow)."""


def _styles_of(cells: Sequence[Any]) -> list[int] | None:
    """openpyxl cells' ``s=``, as the fast reader gives them (None when all are 0)."""
    styles = [getattr(c, "_style_id", 0) or 0 for c in cells]
    return styles if any(styles) else None


_FRAMES: dict[tuple[bytes, frozenset[int], tuple[float, ...]], sheetframe.Problem | None] = {}
_ROW_LOOKS: dict[tuple[str, frozenset[int]], bool] = {}


def _frame_problem(rest: bytes, fine: frozenset[int], widths: tuple[float, ...]) -> sheetframe.Problem | None:
    """:func:`.sheetframe.frame_problem`, remembered per distinct part (without its rows),
    set of fine styles (the workbook's :attr:`.looks.StyleBook.fine`) and writer's widths."""
    key = (rest, fine, widths)
    if key not in _FRAMES:
        if len(_FRAMES) > 256:
            _FRAMES.clear()
        _FRAMES[key] = sheetframe.frame_problem(rest, fine, widths)
    return _FRAMES[key]


def _row_problem(attrs: str, number: int, fine: frozenset[int]) -> sheetframe.Problem | None:
    """:func:`.sheetframe.row_problem` of the fast reader's attribute text (LibreOffice
    writes the same attributes on every row: classified once per set of fine styles)."""
    key = (attrs, fine)
    hides = _ROW_LOOKS.get(key)
    if hides is None:
        hides = sheetframe.row_problem(sheetframe.row_attributes(attrs), 1, fine) is not None
        if len(_ROW_LOOKS) > 4096:
            _ROW_LOOKS.clear()
        _ROW_LOOKS[key] = hides
    return sheetframe.row_problem(sheetframe.row_attributes(attrs), number, fine) if hides else None


def _details(params: Mapping[str, Any]) -> dict[str, Any]:
    """Message parameters with nested ``(code, params)`` pairs made into :class:`Detail`."""
    return {key: Detail(value[0], **_details(value[1])) if isinstance(value, tuple) else value
            for key, value in params.items()}


_STYLES_PART = "xl/styles.xml"
_STRINGS_PART = "xl/sharedStrings.xml"
_DRAWING_PART = re.compile(r"xl/drawings/drawing[0-9]+\.xml")
_VML_PART = re.compile(r"xl/drawings/(?:vmlDrawing|commentsDrawing)[0-9]+\.vml")
_THEME_PART = re.compile(r"xl/theme/theme[0-9]+\.xml")
_REL_TYPES = {"/styles": _STYLES_PART, "/sharedStrings": _STRINGS_PART}
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def check_part_targets(reader: _Reader, archive: zipfile.ZipFile, names: set[str]) -> None:
    """Spreadsheet programs take the styles and the shared strings from the parts the
    workbook's relationships name; openpyxl from ``xl/styles.xml`` and the part
    ``[Content_Types].xml`` lists. A file where these differ would show other styles or
    text than those checked: refused (``bundle.part_mismatch``)."""
    from defusedxml.ElementTree import fromstring

    rels_part = "xl/_rels/workbook.xml.rels"
    if rels_part in names:
        for rel in fromstring(archive.read(rels_part)):
            kind = (rel.get("Type") or "").rpartition("/")[2]
            expected = _REL_TYPES.get("/" + kind)
            if expected is None:
                continue
            target = _resolve_target("xl", rel.get("Target") or "")
            if target != expected:
                raise reader.fail("bundle.part_mismatch", part=rels_part, target=(target or "")[:80],
                                  expected=expected)
    for item in fromstring(archive.read("[Content_Types].xml")):
        if (item.get("ContentType") or "") == _STRINGS_TYPE and item.get("PartName") != "/" + _STRINGS_PART:
            raise reader.fail("bundle.part_mismatch", part="[Content_Types].xml",
                              target=str(item.get("PartName"))[:80], expected="/" + _STRINGS_PART)


def _resolve_target(base: str, target: str) -> str | None:
    from labregistry.xlsx.preflight import _resolve

    return _resolve(base, target)


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
    cover: Grid | None = None
    """The cover's non-empty rows as read (None without a cover)."""
    meta_grid: Grid = ()
    """The meta sheet's non-empty rows after the header, as read."""
    narrowed: tuple[DomainError, ...] = ()
    """A refusal per sheet with a column narrower than the writer makes it
    (``bundle.column_width``), in the order the sheets were read."""

    def check_widths(self) -> None:
        """Raise the first ``bundle.column_width`` refusal: :func:`read_workbook` does, unless
        its caller (the bundle layer) first checks which sheets the file's version has."""
        if self.narrowed:
            raise self.narrowed[0]

    @property
    def digests(self) -> dict[str, SheetDigest]:
        return {name: sheet.digest for name, sheet in self.sheets.items()}


Grid = tuple[tuple[int, tuple[Any, ...]], ...]
"""Non-empty rows of a sheet: ``(row number, values up to the last one)``."""


def _add_row(grid: list[tuple[int, tuple[Any, ...]]], number: int, values: Sequence[Any]) -> None:
    values = list(values)
    while values and values[-1] is None:
        values.pop()
    if values:
        grid.append((number, tuple(values)))


def grid_of(rows: Sequence[Sequence[str]], first_row: int) -> Grid:
    """The :data:`Grid` the writer produces from text rows starting at ``first_row`` (empty
    text is an empty cell)."""
    grid: list[tuple[int, tuple[Any, ...]]] = []
    for number, row in enumerate(rows, start=first_row):
        _add_row(grid, number, [normalise_text(v) if v else None for v in row])
    return tuple(grid)


def meta_grid_of(pairs: Pairs) -> Grid:
    """The meta sheet's rows after the header as :func:`write_workbook` writes ``pairs``."""
    return grid_of([(key, *(split_chunks(normalise_text(value)) if value else [])) for key, value in pairs],
                   FIRST_DATA_ROW)


def first_difference(actual: Grid, expected: Grid) -> tuple[str, str, str] | None:
    """The first cell (row by row) where two grids differ: (cell, expected, actual text)."""
    have = {(row, column): v for row, values in actual for column, v in enumerate(values, start=1)}
    want = {(row, column): v for row, values in expected for column, v in enumerate(values, start=1)}
    for row, column in sorted(have.keys() | want.keys()):
        a, e = have.get((row, column)), want.get((row, column))
        if a != e or a.__class__ is not e.__class__:
            return (f"{column_letter(column)}{row}", "" if e is None else str(e)[:80],
                    "" if a is None else str(a)[:80])
    return None


def read_workbook(
    source: str | os.PathLike[str] | bytes,
    expected: Sequence[SheetSpec],
    meta_sheet_name: str,
    *,
    cover_name: str = COVER_SHEET,
    name: str | None = None,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
    engine: Literal["auto", "openpyxl", "fast"] = "auto",
    optional: Collection[str] = (),
    check_meta: Callable[[Mapping[str, str]], Sequence[SheetSpec] | None] | None = None,
    defer_widths: bool = False,
) -> ReadWorkbook:
    """Pre-flight and read a bundle workbook; ``DomainError`` naming file, sheet and cell.

    ``engine``: ``"auto"`` reads the sheets with :mod:`.sheetxml` where their XML is within
    its subset and with openpyxl otherwise (the same rows, digests and refusals either way);
    ``"openpyxl"`` always uses openpyxl; ``"fast"`` (for tests) raises
    :class:`.sheetxml.Unsupported` instead of falling back.

    ``source`` is a path or the file's bytes (then ``name`` names it in messages). Data
    sheets come back with values converted to their column's type (``str``; ``int``;
    ``float``; ``date``, or ``datetime`` when there is a time) and the digest of the
    values as read (:func:`.canonical.sheet_digest`); trailing empty rows are dropped.
    ``optional`` names sheets of ``expected`` that may be missing (a sheet a later format
    version added: the caller decides from the file's version whether it must be there); one
    that is there is read and checked as any other.

    ``check_meta`` is called with the meta sheet's key/value pairs as soon as they are read:
    after the pre-flight and the checks that say which sheet is the meta sheet and that its
    cells show what they hold, before any other sheet is looked at (unknown, missing, headers,
    columns). A caller refuses there a file of a newer format, named by a pair every format
    keeps, before the checks a newer format would fail for what it added. It may return the
    sheets' specs as the file's format version has them (a later version added columns to a
    sheet), which are then read instead of ``expected`` (the same sheet names).

    A column narrower than the writer makes it (``bundle.column_width``) is refused once every
    sheet is read; with ``defer_widths`` the caller does it (``ReadWorkbook.check_widths``),
    after its own checks of which sheets the file's version has.
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
    reader = _Reader(file, data, specs, meta_sheet_name, cover_name, max_rows, frozenset(optional))
    reader.engine = engine
    reader.check_meta = check_meta
    book = reader.read()
    if not defer_widths:
        book.check_widths()
    return book


# Fuzz-suite fix (tests/fuzz): openpyxl binds sheet-scoped names to their sheets and drops
# some on the way: print areas and print titles become sheet properties, global
# _xlnm.Print_Area/Print_Titles/_FilterDatabase and names whose localSheetId names no sheet
# are discarded, a repeated name keeps its last definition. So `_xlnm.Print_Area =
# WEBSERVICE(...)` or `evil (localSheetId 99) = [1]Sheet1!A1` passed check_names. Every
# <definedName> of the workbook is checked instead.
def _keep_all_defined_names(reader: Any) -> None:
    names = getattr(getattr(reader, "parser", None), "defined_names", None)
    reader.wb._labregistry_all_names = tuple(getattr(names, "definedName", ()) or ())


def _all_defined_names(wb: Any) -> list[tuple[str, Any]]:
    return [(str(defn.name or ""), defn) for defn in getattr(wb, "_labregistry_all_names", ())]


def _refuse_duplicate_sheets(reader: _Reader, titles: list[str]) -> None:
    seen: set[str] = set()
    for title in titles:
        folded = title.casefold()  # Excel ignores case in sheet names
        if folded in seen:
            raise reader.fail("bundle.duplicate_sheet", sheet=title)
        seen.add(folded)


class _Reader:
    def __init__(
        self,
        file: str,
        data: bytes,
        specs: dict[str, SheetSpec],
        meta_name: str,
        cover_name: str,
        max_rows: int,
        optional: frozenset[str] = frozenset(),
    ) -> None:
        self.file = file
        self.optional = optional
        self.data = data
        self.specs = specs
        self.meta_name = meta_name
        self.cover_name = cover_name
        self.max_rows = max_rows
        self.cells_left = MAX_CELLS
        self.formula_types = _formula_types()
        self.engine = "auto"
        self.fast = True
        self.styles = looks_.read_styles(None)
        self.meta_grid: list[tuple[int, tuple[Any, ...]]] = []
        self.string_looks: dict[str, looks_.RunLook] = {}
        self.check_meta: Callable[[Mapping[str, str]], Sequence[SheetSpec] | None] | None = None
        self.narrowed: dict[str, DomainError] = {}
        """Per sheet, its column narrower than the writer makes it (:meth:`check_frame`)."""

    def fail(self, code: str, **params: Any) -> DomainError:
        return FormatError(code, file=self.file, **params)

    def read(self) -> ReadWorkbook:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.fast = self.engine != "openpyxl"
                if self.fast:
                    try:
                        return self._read()
                    except DomainError:
                        # a refusal of the shared checks below, on the same cells in the same
                        # order as openpyxl's: the same refusal the slow path gives
                        raise
                    except Exception:  # noqa: BLE001 - outside the fast reader's subset
                        if self.engine == "fast":
                            raise
                        self.fast = False
                        self.cells_left = MAX_CELLS
                return self._read()
        except DomainError:
            raise
        except sheetxml.Unsupported:
            raise
        except TooDeep as exc:
            raise DomainError("xlsx.too_deep", file=self.file, part=exc.part, limit=MAX_XML_DEPTH) from None
        except Exception as exc:  # noqa: BLE001 - hostile input must never give a traceback
            reason = f"{type(exc).__name__}: {exc}"[:160]
            raise self.fail("bundle.unreadable", reason=reason) from None

    def _read(self) -> ReadWorkbook:
        self.narrowed.clear()
        wb = _load_read_only(self.data)
        try:
            worksheets = list(wb.worksheets)
            present = [ws.title for ws in worksheets]
            for ws in worksheets:
                if ws.sheet_state != "visible":
                    raise self.fail("bundle.hidden_sheet", sheet=ws.title)
            _refuse_duplicate_sheets(self, present)
            self.check_names(wb, worksheets)
            self.check_package(wb)
            by_title = {ws.title: ws for ws in worksheets}
            self.meta_grid.clear()
            meta = self.read_meta(by_title[self.meta_name]) if self.meta_name in by_title else {}
            if self.check_meta is not None and self.meta_name in by_title:
                versioned = self.check_meta(meta)
                if versioned is not None:
                    specs = {spec.name: spec for spec in versioned}
                    if set(specs) != set(self.specs):
                        raise ValueError("the specs of a version must name the expected sheets")
                    self.specs = specs
            known = {self.cover_name, self.meta_name, *self.specs}
            for title in present:
                if title not in known:
                    raise self.fail("bundle.unknown_sheet", sheet=title)
            for wanted in [*self.specs, self.meta_name]:
                if wanted not in present and wanted not in self.optional:
                    raise self.fail("bundle.missing_sheet", sheet=wanted)
            cover_present = self.cover_name in by_title
            cover = self.read_cover(by_title[self.cover_name]) if cover_present else None
            sheets = {name: self.read_data(by_title[name], spec) for name, spec in self.specs.items()
                      if name in by_title}
        finally:
            wb.close()
        return ReadWorkbook(self.file, sheets, meta, cover_present, self.data, cover, tuple(self.meta_grid),
                            tuple(self.narrowed.values()))

    # -- workbook level

    def check_names(self, wb: Any, worksheets: list[Any]) -> None:
        scopes = [wb.defined_names] + [getattr(ws, "defined_names", {}) for ws in worksheets]
        scopes.append(_all_defined_names(wb))
        for names in scopes:
            for key, defn in names.items() if isinstance(names, Mapping) else names:
                value = str(getattr(defn, "value", "") or getattr(defn, "attr_text", "") or "")
                reserved = key.startswith("_xlnm.")
                # a print area prints the cells it names and no other: a printout (or a PDF)
                # of the sheet without the records it holds; the writer sets none
                printed = key.casefold().endswith("print_area")
                if not reserved or printed or "[" in value or "(" in value:
                    raise self.fail("bundle.defined_name", name=key[:80], value=value[:80])

    def check_package(self, wb: Any) -> None:
        """What the workbook shows besides cells: the parts spreadsheet programs take styles
        and shared strings from must be the ones read here; drawings and comment boxes must
        not put shapes or text over the cells (:mod:`.sheetframe`). Reads the cell styles
        (:mod:`.looks`) for the sheets."""
        archive = wb._archive
        names = set(archive.namelist())
        check_part_targets(self, archive, names)
        for name in sorted(names):
            problem = None
            if _DRAWING_PART.fullmatch(name):
                problem = sheetframe.drawing_problem(name, archive.read(name))
            elif _VML_PART.fullmatch(name):
                problem = sheetframe.vml_problem(name, archive.read(name))
            if problem is not None:
                code, params = problem
                raise self.fail(code, **params)
        themes = [archive.read(n) for n in sorted(names) if _THEME_PART.fullmatch(n)]
        styles = archive.read(_STYLES_PART) if _STYLES_PART in names else None
        try:
            self.styles = looks_.read_styles(styles, themes)
        except (ValueError, ExpatError) as exc:  # not well-formed: openpyxl has read it, so this is rare
            raise self.fail("bundle.unreadable", reason=f"{_STYLES_PART}: {exc}"[:160]) from None
        self.string_looks = getattr(wb, "_labregistry_string_looks", {})

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

    def source(self, ws: Any) -> Iterator[_SourceRow]:
        """``(row number, values, data types, styles, row problem)`` of every row as openpyxl
        reads the sheet: with :mod:`.sheetxml` when the sheet's XML is within its subset
        (raising ``Unsupported`` otherwise), else with openpyxl itself. ``styles`` are the
        cells' ``s=`` (None: all 0); the row problem says why the row is not shown as it
        is (:func:`.sheetframe.row_problem`). What the sheet shows around its cells
        (:mod:`.sheetframe`) is checked before the first row, on both paths."""
        sheet = ws.title
        fine = self.styles.fine
        if self.fast:
            wb = ws.parent
            widths = self.widths_of(sheet)
            rows = sheetxml.iter_rows(
                wb._archive.read(ws._worksheet_path), ws._shared_strings, wb._date_formats,
                wb._timedelta_formats, wb.epoch,
                on_frame=lambda rest: self.check_frame(sheet, _frame_problem(rest, fine, widths)),
            )
            for number, values, types, styles, attrs in rows:
                yield number, values, types, styles, None if attrs is None else _row_problem(attrs, number, fine)
            return
        ws.reset_dimensions()  # never trust (or pad to) the declared dimension
        # before openpyxl parses the part: its nesting (memory), where its cells are, what it shows
        scan = _scan_sheet(self, ws)
        problem = scan.problem
        if problem is None:
            look = scan.look if scan.checking else None
            if scan.checking:
                self.check_frame(sheet, scan.frame.problem)
            for number, cells in enumerate(ws.iter_rows(), start=1):
                yield (number, [c.value for c in cells], [c.data_type for c in cells], _styles_of(cells),
                       look[1] if look is not None and look[0] == number else None)
            return
        # the rows before the problem, as the fast reader yields them before it gives up;
        # then no more parsing: openpyxl is not asked for the row that holds the problem
        if problem.after:
            for number, cells in enumerate(ws.iter_rows(), start=1):
                yield number, [c.value for c in cells], [c.data_type for c in cells], _styles_of(cells), None
                if number >= problem.after:
                    break
        for number in range(problem.after + 1, problem.before):
            yield number, [], [], None, None
        raise problem.error

    def widths_of(self, sheet: str) -> tuple[float, ...]:
        """The width the writer gives each column of ``sheet``, from A on (characters)."""
        spec = self.specs.get(sheet)
        if spec is not None:
            return tuple(column.display_width for column in spec.columns)
        if sheet == self.cover_name:
            return COVER_WIDTHS
        if sheet == self.meta_name:
            return META_WIDTHS
        return ()

    def check_frame(self, sheet: str, problem: sheetframe.Problem | None) -> None:
        if problem is not None:
            code, params = problem
            if code == "bundle.column_width":
                # said once every sheet is read (ReadWorkbook.check_widths): a sheet with other
                # columns than its version's, or one its version does not have, has other
                # widths too, and its header or its name says better what is wrong
                self.narrowed.setdefault(sheet, self.fail(code, sheet=sheet, **_details(params)))
                return
            raise self.fail(code, sheet=sheet, **_details(params))

    def value_rows(self, ws: Any) -> Iterator[tuple[int, list[Any], list[str] | None]]:
        """:meth:`source` with the row cap, the cell budget and what people see enforced:
        hidden or squeezed rows, and cells whose style or rich text does not show the value."""
        limit = self.max_rows + 1  # plus the header row
        sheet = ws.title
        fine = self.styles.fine
        runs = self.string_looks
        for number, values, types, styles, problem in self.source(ws):
            if number > limit:
                raise self.fail("bundle.too_many_rows", sheet=sheet, limit=self.max_rows)
            if problem is not None:
                self.check_frame(sheet, problem)
            self.spend(len(values))
            if values:
                if styles is None:
                    if 0 not in fine or runs:
                        self.check_looks(sheet, number, values, types, [0] * len(values))
                elif runs or not fine.issuperset(styles):
                    self.check_looks(sheet, number, values, types, styles)
            yield number, values, types

    def check_looks(self, sheet: str, number: int, values: list[Any], types: list[str] | None,
                    styles: list[int]) -> None:
        """Refuse the first cell of the row whose style (number format, font, fill,
        alignment) or rich-text runs do not show its value as it is (:mod:`.looks`)."""
        book = self.styles
        fine = book.fine
        runs = self.string_looks
        dates = book.dates
        indices = range(len(values)) if runs else [i for i, style in enumerate(styles) if style not in fine]
        for index in indices:
            if index >= len(values):
                break
            value = values[index]
            if value.__class__ not in _SHOWN_CLASSES or (types is not None and types[index] not in _SHOWN_TYPES):
                continue  # empty; or a boolean, time or error: refused as such by the checks that follow
            style = styles[index] if index < len(styles) else 0
            if value.__class__ is dt.datetime and style in dates and value.time() == _MIDNIGHT:
                problem = None
            else:
                problem = None if style in fine else book.cell_problem(style, value)
            if problem is None and runs and value.__class__ is str:
                look = runs.get(value)
                if look is not None:
                    problem = book.run_problem(style, look)
            if problem is not None:
                code, params = problem
                raise self.fail(code, sheet=sheet, cell=self.cell_name(number, index + 1), **_details(params))

    def rows(self, ws: Any) -> Iterable[tuple[int, list[_Cell]]]:
        """``(row number, cells)`` for every row, with the row cap enforced."""
        for number, values, types in self.value_rows(ws):
            yield number, [_Cell(v, t) for v, t in zip(values, types or _types_of(values))]

    def spend(self, cells: int) -> None:
        self.cells_left -= cells
        if self.cells_left < 0:
            raise self.fail("bundle.too_many_cells", limit=MAX_CELLS)

    # -- sheets

    def read_cover(self, ws: Any) -> Grid:
        """The cover's cells (checked against the signed data by the bundle layer)."""
        grid: list[tuple[int, tuple[Any, ...]]] = []
        for number, cells in self.rows(ws):
            for column, cell in enumerate(cells, start=1):
                if cell.value is not None:
                    self.check_cell(ws.title, cell, number, column)
            _add_row(grid, number, [cell.value for cell in cells])
        return tuple(grid)

    def read_data(self, ws: Any, spec: SheetSpec) -> ReadSheet:
        """The typed rows and digest of a data sheet.

        Each row goes through :func:`_plain_row`, which does in one pass what
        :meth:`plain_value`, :meth:`typed` and the hasher do for the values every valid
        bundle holds; a row holding anything else (an extra cell, a long or wrong value, a
        boolean...) goes through :meth:`_checked_row`, the cell-by-cell path that raises
        the refusal naming the cell, or accepts the row exactly as :func:`_plain_row` would.
        """
        sheet = ws.title
        width = len(spec.columns)
        kinds = [column.type for column in spec.columns]
        hasher = SheetHasher(spec.keys)
        rows: list[list[Any]] = []
        pending_empty = 0
        saw_header = False
        for number, values, types in self.value_rows(ws):
            if number == 1:
                saw_header = True
                cells = [_Cell(v, t) for v, t in zip(values, types or _types_of(values))]
                header = [self.plain_value(sheet, c, number, column) for column, c in enumerate(cells, start=1)]
                self.check_header(sheet, spec, header)
                continue
            if not values:  # a row without cells (openpyxl fills gaps with these)
                hasher.add_empty()
                pending_empty += 1
                continue
            plain = _plain_row(values, kinds, width) if types is None else None
            if plain is None:
                canonical, typed = self._checked_row(sheet, spec, number, values, types)
            else:
                canonical, typed = plain
            hasher.add_canonical(canonical)
            if typed is None:  # no value in the row
                pending_empty += 1
                continue
            if pending_empty:
                self.spend(width * pending_empty)
                rows.extend([None] * width for _ in range(pending_empty))
                pending_empty = 0
            rows.append(typed)
        if not saw_header:
            self.check_header(sheet, spec, [])
        return ReadSheet(spec, rows, hasher.result())

    def _checked_row(
        self, sheet: str, spec: SheetSpec, number: int, values: list[Any], types: list[str] | None
    ) -> tuple[list[Canonical], list[Any] | None]:
        """One data row, cell by cell: refusals name the cell; (canonical cells, typed row or
        None when the row holds no value)."""
        width = len(spec.columns)
        cells = [_Cell(v, t) for v, t in zip(values, types or _types_of(values))]
        plain = [self.plain_value(sheet, c, number, column) for column, c in enumerate(cells[:width], start=1)]
        for column in range(width + 1, len(cells) + 1):
            cell = cells[column - 1]
            if cell.value is not None:
                self.check_cell(sheet, cell, number, column)
                raise self.fail("bundle.extra_cell", sheet=sheet, cell=self.cell_name(number, column))
        plain.extend([None] * (width - len(plain)))
        canonical = canonical_row(plain, width)
        if all(v is None for v in plain):
            return canonical, None
        typed = [self.typed(sheet, col, v, number, i) for i, (col, v) in enumerate(zip(spec.columns, plain), 1)]
        return canonical, typed

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
            if "_x" in value or "_X" in value:
                escape = _SHOWN_ESCAPE.search(value)
                if escape is not None:
                    raise self.fail("bundle.escape_text", sheet=sheet, cell=self.cell_name(row, index),
                                    text=escape.group())
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
            self.meta_grid.append((number, tuple(values)))

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


def _text_column(key: str, header: str) -> ColumnSpec:
    """A text column whose bilingual header is written ``"中文 English"`` (as META_HEADER)."""
    header_zh, header_en = header.split(" ", 1)
    return ColumnSpec(key, header_zh, header_en)


_META_SPEC = SheetSpec("meta", [_text_column("key", META_HEADER[0]), _text_column("value", META_HEADER[1])])


__all__ = [
    "COLUMN_TYPES",
    "COVER_SHEET",
    "ColumnSpec",
    "FIRST_DATA_ROW",
    "Grid",
    "MAX_ROWS",
    "META_HEADER",
    "ReadSheet",
    "ReadWorkbook",
    "SheetSpec",
    "check_sheet_name",
    "first_difference",
    "grid_of",
    "meta_grid_of",
    "read_workbook",
    "split_chunks",
    "write_workbook",
]


_ROW_TAG = f"{_MAIN_NS} row"
_IS_TAG = f"{_MAIN_NS} is"
_V_TAG = f"{_MAIN_NS} v"
_F_TAG = f"{_MAIN_NS} f"
_VALUE_TAGS = frozenset((_V_TAG, _IS_TAG))
# Bundle fix (red team): openpyxl reads a number cell's <v> with Python's int() or float(),
# which take "100_000" and digits of any script ("１０００００", "١٠٠"); LibreOffice reads the
# XML Schema form and showed 100 and 0 for them. A number (or a shared-string index) must be
# written in ASCII: sign, digits, point, exponent, and spaces around
_NUMBER_TEXT = re.compile(r"[ \t\r\n]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\r\n]*\Z")
_INDEX_TEXT = re.compile(r"[ \t\r\n]*[0-9]+[ \t\r\n]*\Z")
_RICH_TAGS = frozenset((f"{_MAIN_NS} r", f"{_MAIN_NS} rPh"))
_T_TAG = f"{_MAIN_NS} t"
_XML_SPACE_ATTR = "http://www.w3.org/XML/1998/namespace space"
_XML_SPACE = " \t\n\r"
_PLAIN_TYPES = frozenset(("n", "s", "inlineStr", "f"))
"""Cell types (``t=``) that may be empty: the writer writes numbers and inline strings,
LibreOffice shared strings; a formula (``f``, its ``<f>`` seen) is refused as such. A cell of
another type without a value (``b``, ``e``, ``d``), or of type ``str`` without a formula, is
written by no program: Excel may show FALSE, an error, or the text section of the cell's
number format for it, none of which was signed (review: the red team's second round)."""


@dataclass(frozen=True)
class _SheetProblem:
    """What :func:`_scan_sheet` found: the rows up to ``after`` may be read (the last row
    closed before the problem), then empty rows up to ``before`` (exclusive: the gap the
    row holding the problem leaves), then ``error`` is raised."""

    after: int
    before: int
    error: DomainError


class _StopScan(Exception):
    pass


class _SheetScan:
    """expat handlers following rows and cells as openpyxl's WorkSheetParser numbers them:
    a ``row`` element of the main namespace anywhere, numbered by its ``r`` or one more
    than the last; every child element of a row is a cell, placed by its ``r`` or one
    column right of the previous one."""

    def __init__(self, reader: _Reader, sheet: str, part: str) -> None:
        self.reader = reader
        self.sheet = sheet
        self.part = part
        self.depth = 0
        self.prev = 0  # the number of the last row closed
        self.row: int | None = None  # the number of the open row
        self.row_depth = 0
        self.column = 0
        self.checking = True  # off once openpyxl itself would fail (a malformed reference)
        self.problem: _SheetProblem | None = None
        # what the sheet shows (sheetframe): its frame, and the first row or cell whose
        # attributes hide it or add text (kept going: the frame comes after the rows)
        self.frame = sheetframe.FrameScan(reader.styles.fine, reader.widths_of(sheet))
        self.look: tuple[int, sheetframe.Problem] | None = None
        self.cell_ref = ""
        self.inline_depth = 0  # the depth of an open <is> of a cell
        self.values = 0  # the <v> and <is> elements of the open cell
        self.cell_type = ""  # the open cell's t= ("n" when absent)
        self.number: list[str] | None = None  # the text of an open <v> of a number or shared-string cell
        self.cell_value = False  # the open cell's <v> holds text
        self.in_value = False  # inside a <v> of the open cell
        self.inline_text: list[str] | None = None  # the text of an open <t> of an inline string
        self.inline_kept = False  # that <t> says xml:space="preserve"

    def found(self, before: int, error: DomainError) -> None:
        self.problem = _SheetProblem(self.prev, max(before, self.prev + 1), error)
        raise _StopScan

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            part = f"{self.part} ({self.sheet})"
            self.found(self.row or 0, DomainError("xlsx.too_deep", file=self.reader.file, part=part,
                                                  limit=MAX_XML_DEPTH))
        self.frame.start(name, attrs)
        if not self.checking:
            return
        if self.row is not None and self.depth == self.row_depth + 1:
            self.cell(attrs.get("r"))
            self.values = 0
            self.cell_type = attrs.get("t", "n")
            self.cell_value = False
            if sheetframe._true(attrs.get("ph")):
                self.saw(("bundle.phonetic", {"cell": self.cell_ref}))
        elif self.row is not None and self.depth == self.row_depth + 2 and name in _VALUE_TAGS:
            # openpyxl reads a cell's first <v> or <is>, LibreOffice shows its last
            # (or, with both, nothing): one cell, one value
            self.values += 1
            if self.values > 1:
                self.saw(("bundle.cell_values", {"cell": self.cell_ref}))
            if name == _V_TAG:
                self.in_value = True
                if self.cell_type in ("n", "s"):
                    self.number = []
            if name == _IS_TAG:
                self.inline_depth = self.depth
        elif self.row is not None and self.depth == self.row_depth + 2 and name == _F_TAG:
            self.cell_type = "f"  # refused as a formula (bundle.formula), whatever its cached value
        elif self.inline_depth and self.depth == self.inline_depth + 1 and name in _RICH_TAGS:
            self.saw(("bundle.rich_text", {"cell": self.cell_ref}))
        elif self.inline_depth and self.depth == self.inline_depth + 1 and name == _T_TAG:
            self.inline_text, self.inline_kept = [], attrs.get(_XML_SPACE_ATTR) == "preserve"
        if name == _ROW_TAG:
            self.open_row(attrs)

    def chars(self, data: str) -> None:
        self.frame.chars(data)
        if self.number is not None:
            self.number.append(data)
        if self.in_value and data:
            self.cell_value = True
        if self.inline_text is not None:
            self.inline_text.append(data)

    def end(self, name: str) -> None:
        if self.number is not None and name == _V_TAG:
            text = "".join(self.number)
            self.number = None
            if text and not (_INDEX_TEXT if self.cell_type == "s" else _NUMBER_TEXT).match(text):
                self.saw(("bundle.number_text", {"cell": self.cell_ref, "text": text[:40]}))
        if name == _V_TAG:
            self.in_value = False
        if self.inline_text is not None and name == _T_TAG:
            text = "".join(self.inline_text)
            self.inline_text = None
            # as in the shared strings (looks.RunCollector.text): white space at an end,
            # not preserved, of a text that is not white space alone
            if (not self.inline_kept and text and (text[0] in _XML_SPACE or text[-1] in _XML_SPACE)
                    and text.strip(_XML_SPACE)):
                self.saw(("bundle.loose_space", {"cell": self.cell_ref}))
        if (self.row is not None and self.depth == self.row_depth + 1 and self.checking
                and self.cell_type not in _PLAIN_TYPES and (self.cell_type == "str" or not self.cell_value)):
            self.saw(("bundle.cell_kind", {"cell": self.cell_ref, "type": self.cell_type[:12]}))
        if self.row is not None and self.depth == self.row_depth:
            self.prev, self.row = self.row, None
        if self.depth == self.inline_depth:
            self.inline_depth = 0
        self.frame.end(name)
        self.depth -= 1

    def saw(self, problem: sheetframe.Problem) -> None:
        """The first row or cell (in document order) that does not show as it is."""
        if self.look is None and self.row is not None:
            self.look = (self.row, problem)

    def open_row(self, attrs: dict[str, str]) -> None:
        if self.row is not None:  # a row inside a row
            self.found(self.row, self.reader.fail("bundle.cell_order", sheet=self.sheet, row=self.row,
                                                  cell=attrs.get("r", "")[:20]))
        number: int | None = self.prev + 1
        if "r" in attrs:
            number = _row_number(attrs["r"])
        if number is None:  # openpyxl refuses the row when it gets there
            self.checking = False
            return
        if number <= self.prev:
            self.found(self.prev + 1, self.reader.fail("bundle.row_order", sheet=self.sheet, row=number,
                                                       previous=self.prev))
        self.row, self.row_depth, self.column = number, self.depth, 0
        problem = sheetframe.row_problem({k: v for k, v in attrs.items() if " " not in k}, number,
                                         self.reader.styles.fine)
        if problem is not None:
            self.saw(problem)

    def cell(self, ref: str | None) -> None:
        from openpyxl.utils.cell import coordinate_to_tuple

        assert self.row is not None
        if not ref:
            self.column += 1
            return
        try:
            row, column = coordinate_to_tuple(ref)
        except Exception:  # noqa: BLE001 - openpyxl refuses the cell when it gets there
            self.checking = False
            return
        if row != self.row or column <= self.column:
            self.found(self.row, self.reader.fail("bundle.cell_order", sheet=self.sheet, row=self.row,
                                                  cell=ref[:20]))
        self.column = column
        self.cell_ref = ref[:20]


def _row_number(text: str) -> int | None:
    """A row's ``r`` as openpyxl's parse_row reads it; None where it raises."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def _scan_sheet(reader: _Reader, ws: Any) -> _SheetScan:
    """The scan of the sheet ``ws``: its first nesting or cell-place problem (``problem``),
    and what it shows (``frame``, ``look``). Malformed XML ends the scan quietly: openpyxl
    stops at the same byte, and says so."""
    from xml.parsers import expat

    part = ws._worksheet_path
    scan = _SheetScan(reader, ws.title, part)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.chars
    parser.buffer_text = True
    try:
        with ws.parent._archive.open(part) as src:
            parse_chunks(parser, src)
    except _StopScan:
        pass
    except (ExpatError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        scan.checking = False  # not well-formed, or unreadable: openpyxl stops there too, and says so
    return scan
