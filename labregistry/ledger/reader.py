"""Opening an Excel ledger safely and reading one of its sheets into a grid of plain values.

A ledger is not trusted: the file is read once into memory and pre-flighted
(:func:`labregistry.xlsx.preflight.checked_bytes` with the ledger allow-list: zip
bombs, entity bombs, macros, external links, embedded objects are refused) before any of
its XML is parsed; the bytes checked are the bytes parsed.

The sheet being imported is read with its formulas visible (what openpyxl calls
``data_only=False``): a cell holding a formula makes the ledger invalid, naming the cell
(the same rule as bundles; a cached result may be stale or absent). Other sheets are not
read, except their first rows for the sheet choice. Old ``.xls`` workbooks and
OpenDocument ``.ods`` files are read through python-calamine (:mod:`.oldformats`: their
values, copied into an ``.xlsx`` in memory); WPS ``.et`` files, CSV and other formats are
refused with the advice to save as ``.xlsx`` in Excel or WPS.

Sheets are read in one streaming pass with expat (DTDs and entity declarations refused,
as defusedxml does) instead of openpyxl's read-only mode: for a 20,000-row ledger that is
several times faster, and it also yields the merged ranges, which the read-only mode does
not report. Values come out as openpyxl gives them (shared and inline strings, numbers as
int or float, dates by the cell's number format and the workbook's 1900/1904 epoch,
booleans, error values as :class:`CellError`); a test compares the two cell by cell.
A date-typed cell whose text is not a date (which openpyxl cannot read at all) is read
as :class:`CellNotADate`, a number cell whose text is not a number as Excel writes one
(``100_000``, which openpyxl reads as 100000) as :class:`CellNotANumber`; full-width digits
in a number cell are read as digits (NFKC).
East Asian built-in date formats (ids 27-36, 50-58, written by Chinese Excel without a
format code) are read as dates too.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.xlsx.canonical import CELL_MAX_CHARS
from labregistry.xlsx.preflight import checked_bytes
from labregistry.xlsx.refs import column_letter
from labregistry.xlsx.strings import ANY_NS, parse_chunks, read_shared_strings

MAX_ROWS = 200_000
"""Most non-empty rows read from one sheet."""
MAX_COLUMNS = 300
"""Columns beyond this are not read (a ledger has a few dozen)."""
MAX_MERGED_CELLS = 1_000_000
"""Most cells covered by merged ranges inside the used area of a sheet."""
MAX_CELL_CHARS = CELL_MAX_CHARS
"""Most characters in one cell: Excel's own limit. Excel and WPS cannot show or save a longer
text whole (what the user sees is not what would be imported), so a longer cell is read as
:class:`CellTooLong` and its record refused, naming the cell."""

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

_ET_SUFFIXES = (".et", ".ett")
_OTHER_SUFFIXES = (".csv", ".txt", ".tsv", ".xlt", ".fods", ".numbers", ".wps", ".xml", ".html", ".htm", ".dbf")
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class CellError(str):
    """An Excel error value (``#N/A``, ``#REF!`` ...) read from a cell."""


class _PartlyKept:
    """A cell the reader keeps only a part of (its length, the start of its text): a value
    equal to another of its class keeping the same part, shown as ``Class(part)``."""

    __slots__ = ()

    def _kept(self) -> object:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and other._kept() == self._kept()

    def __hash__(self) -> int:
        return hash((type(self), self._kept()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._kept()!r})"


class CellTooLong(_PartlyKept):
    """A cell holding more than :data:`MAX_CELL_CHARS` characters: only its length is kept.

    Not a ``str``, so that no rule takes it for a header, a note or a value; the grouping
    turns it into a problem of the record at its cell (like :class:`CellError`).
    """

    __slots__ = ("length",)

    def __init__(self, length: int) -> None:
        self.length = length

    def _kept(self) -> int:
        return self.length


class _KeptText(_PartlyKept):
    """A cell whose text is not what its type says: only its start is kept, to name it."""

    __slots__ = ("text",)
    SHOWN = 40
    """Most characters of the text kept, to name it in the message."""

    def __init__(self, text: str) -> None:
        text = " ".join(text.split())
        self.text = text if len(text) <= self.SHOWN else text[: self.SHOWN] + "…"

    def _kept(self) -> str:
        return self.text

    def __str__(self) -> str:
        """The cell's text (its start), as a message shows a cell it names."""
        return self.text


class CellNotADate(_KeptText):
    """A date-typed cell (``t="d"``) whose text is not an ISO 8601 date: only its start is kept.

    Excel writes this type only for dates and cannot show such a cell (it repairs the file
    or refuses it), so its text is nothing anyone saw in the ledger: not a ``str``, so that
    no rule takes it for a value; the grouping turns it into a problem of the record at its
    cell (like :class:`CellTooLong`).
    """

    __slots__ = ()


class CellNotANumber(_KeptText):
    """A number cell (``t="n"``) whose text is no number as Excel writes one: ``100_000``, which
    Python's ``int()`` and ``float()`` read as 100000 (and openpyxl with them), or letters.
    Excel cannot show such a cell either; the grouping makes it a problem of its record at its
    cell. Full-width digits (``１００``, what a Chinese keyboard types) are read, on purpose:
    the text is NFKC-normalised first (:func:`_number`)."""

    __slots__ = ()


_EXCEL_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A number cell's text as Excel writes it: ASCII digits, a point, an exponent; no ``_``."""


def _number(text: str) -> int | float | CellNotANumber:
    """The number a number cell's text says: its full-width digits read as digits (NFKC), any
    other text refused (:class:`CellNotANumber`) rather than read as ``int()`` would."""
    normal = unicodedata.normalize("NFKC", text).strip()
    if not _EXCEL_NUMBER.fullmatch(normal):
        return CellNotANumber(text)
    return float(normal) if ("." in normal or "e" in normal or "E" in normal) else int(normal)


@dataclass(frozen=True)
class SheetInfo:
    """A worksheet of a ledger, as listed for the user to choose from."""

    name: str
    index: int
    visible: bool


@dataclass
class SheetGrid:
    """The values of one sheet: ``rows[r]`` holds the values of row ``r`` from column 1.

    Only non-empty rows are kept. ``merges`` are the merged ranges inside the used area,
    as ``(min_row, min_col, max_row, max_col)``; a cell inside a merge other than its
    top-left cell is empty in ``rows`` (as in the file) and :meth:`origin` names the
    top-left cell.
    """

    file: str
    sheet: str
    rows: dict[int, tuple[Any, ...]]
    max_row: int
    max_col: int
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    _origin: dict[tuple[int, int], tuple[int, int]] | None = None

    def value(self, row: int, col: int) -> Any:
        """The cell's own value (None inside a merge, except its top-left cell)."""
        cells = self.rows.get(row)
        if cells is None or col < 1 or col > len(cells):
            return None
        return cells[col - 1]

    def origin(self, row: int, col: int) -> tuple[int, int] | None:
        """The top-left cell of the merge covering (row, col), unless it is that cell itself."""
        if self._origin is None:
            self._origin = {}
            for r0, c0, r1, c1 in self.merges:
                for r in range(r0, r1 + 1):
                    for c in range(c0, c1 + 1):
                        if (r, c) != (r0, c0):
                            self._origin[(r, c)] = (r0, c0)
        return self._origin.get((row, col))

    def effective(self, row: int, col: int) -> Any:
        """The value shown in the cell: a merged cell shows its top-left cell's value."""
        origin = self.origin(row, col)
        if origin is not None:
            return self.value(*origin)
        return self.value(row, col)

    def horizontal_merges(self, row: int) -> list[tuple[int, int]]:
        """``(min_col, max_col)`` of merges that start in ``row`` and span several columns."""
        return [(c0, c1) for r0, c0, _r1, c1 in self.merges if r0 == row and c1 > c0]

    def row_numbers(self, start: int = 1) -> list[int]:
        return sorted(r for r in self.rows if r >= start)


def _suffix_refusal(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in _ET_SUFFIXES:
        raise DomainError("ledger.et", file=path.name)
    if suffix in _OTHER_SUFFIXES:
        raise DomainError("ledger.not_xlsx", file=path.name)


class LedgerWorkbook:
    """An opened, pre-flighted ledger: its bytes and its sheets. Close it (or use ``with``)."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.file = path.name
        self.data = data
        self.sheets: list[SheetInfo] = []
        self._parts: dict[str, str] = {}
        self._book: _Book | None = None

    def _load(self) -> None:
        try:
            self._book = _Book.read(self.data)
        except DomainError:
            raise
        except Exception as exc:  # noqa: BLE001 - a hostile or damaged file never gives a traceback
            raise DomainError("ledger.unreadable", file=self.file, reason=_short(exc)) from None
        _refuse_duplicate_names(self.file, self._book.names)
        self.sheets = [SheetInfo(name, i, visible) for i, (name, visible, _part) in enumerate(self._book.sheets)]
        self._parts = {name: part for name, _visible, part in self._book.sheets}
        if not self.sheets:
            raise DomainError("ledger.no_sheets", file=self.file)

    def close(self) -> None:
        self._book = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def sheet_parts(self) -> dict[str, str]:
        """``{sheet name: its part in the zip}`` of every worksheet, hidden ones too."""
        return dict(self._parts)

    @property
    def visible_sheets(self) -> list[str]:
        return [s.name for s in self.sheets if s.visible]

    def sheet_info(self, name: str) -> SheetInfo:
        for info in self.sheets:
            if info.name == name:
                return info
        raise DomainError("ledger.unknown_sheet", file=self.file, sheet=name, sheets="、".join(self.visible_sheets))

    def read_sheet(
        self,
        name: str,
        *,
        max_rows: int | None = None,
        limit_rows: int | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        refuse_formulas: bool = True,
    ) -> SheetGrid:
        """Read the sheet ``name``; ``limit_rows`` stops after that many rows (a quick preview).

        Raises DomainError for a hidden or unknown sheet, a formula cell, too many rows.
        A preview may pass ``refuse_formulas=False``: formula cells then read as empty
        (nothing read that way may be imported; the import reads the sheet again).
        """
        info = self.sheet_info(name)
        if not info.visible:
            raise DomainError("ledger.hidden_sheet", sheet=name)
        if self._book is None:
            raise RuntimeError("the ledger is closed")
        reader = _SheetReader(self._book, name, MAX_ROWS if max_rows is None else max_rows, limit_rows,
                              progress, cancel)
        try:
            reader.parse(self._parts[name])
        except (DomainError, _Stop):
            pass
        except Exception as exc:  # noqa: BLE001 - expat, zipfile, int(): never a traceback
            raise DomainError("ledger.unreadable", file=self.file, reason=_short(exc)) from None
        if reader.error is not None:
            raise reader.error
        if reader.formula is not None and refuse_formulas:
            more = i18n.tr("ledger.formula_more", None, n=reader.formulas - 1) if reader.formulas > 1 else ""
            raise DomainError("ledger.formula", sheet=name, cell=reader.formula, more=more)
        rows = reader.rows
        max_row = max(rows) if rows else 0
        grid = SheetGrid(self.file, name, rows, max_row, reader.max_col)
        grid.merges = _clamp_merges(reader.merges, grid, limit_rows)
        return grid


# --------------------------------------------------------------------------------------
# The workbook's parts, read with expat (entities and DTDs refused)
# --------------------------------------------------------------------------------------

_MAIN_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
_OFFICE_REL = "relationships"
#: East Asian built-in date formats (zh-CN Excel writes them without a numFmt entry)
_EAST_ASIAN_DATES = set(range(27, 37)) | set(range(50, 59))


def _parser() -> Any:
    """An expat parser with namespaces, refusing DTDs and entity declarations (as defusedxml does)."""
    from xml.parsers import expat

    p: Any = expat.ParserCreate(namespace_separator="}")
    p.buffer_text = True
    p.buffer_size = 1 << 16

    def refuse(*_args: object) -> None:
        raise ValueError("DTDs and entities are not allowed")

    p.StartDoctypeDeclHandler = refuse
    p.EntityDeclHandler = refuse
    p.UnparsedEntityDeclHandler = refuse
    p.ExternalEntityRefHandler = refuse
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return p


def _local_names(*names: str) -> dict[str, str]:
    out = {}
    for ns in _MAIN_NS:
        for name in names:
            out[f"{ns}}}{name}"] = name
    for name in names:
        out[name] = name
    return out


def _refuse_duplicate_names(file: str, names: list[str]) -> None:
    """Refuse a workbook that lists one sheet name twice (Excel compares names ignoring case).

    Excel and WPS show one of the copies; a name-to-part map keeps the other, so the import
    would read what nobody sees. No ledger saved by Excel, WPS or LibreOffice has this.
    """
    seen: set[str] = set()
    for name in names:
        folded = name.casefold()
        if folded in seen:
            raise DomainError("ledger.duplicate_sheet", file=file, sheet=name)
        seen.add(folded)


class _Book:
    """What a sheet reader needs from the workbook: sheets, shared strings, date styles, epoch."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.sheets: list[tuple[str, bool, str]] = []
        self.names: list[str] = []  # every sheet name listed, chart sheets and dangling entries too
        self.date_styles: set[int] = set()
        self.timedelta_styles: set[int] = set()
        self.epoch: dt.datetime = dt.datetime(1899, 12, 30)
        self._shared: list[str] | None = None
        self._shared_part: str | None = None

    @classmethod
    def read(cls, data: bytes) -> _Book:
        from defusedxml.ElementTree import fromstring

        book = cls(data)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            workbook = fromstring(zf.read("xl/workbook.xml"), forbid_dtd=True)
            rels_name = "xl/_rels/workbook.xml.rels"
            rels = fromstring(zf.read(rels_name), forbid_dtd=True) if rels_name in names else None
            styles = fromstring(zf.read("xl/styles.xml"), forbid_dtd=True) if "xl/styles.xml" in names else None
        targets: dict[str, tuple[str, str]] = {}
        if rels is not None:
            for rel in rels.iter(f"{_REL_NS}Relationship"):
                target = (rel.get("Target") or "").split("#", 1)[0]
                if not target:
                    continue
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join("xl", target))
                targets[rel.get("Id") or ""] = (part, rel.get("Type") or "")
        for part, kind in targets.values():
            if kind.endswith("/sharedStrings") and part in names:
                book._shared_part = part
        for el in workbook.iter():
            local = _local(el.tag)
            if local == "workbookPr" and (el.get("date1904") or "").lower() in ("1", "true"):
                book.epoch = dt.datetime(1904, 1, 1)
            if local != "sheet":
                continue
            rid: str | None = next(
                (str(v) for k, v in el.attrib.items() if _local(k) == "id" and _OFFICE_REL in k), None
            )
            sheet_name = el.get("name")
            if sheet_name:
                book.names.append(str(sheet_name))
            if not sheet_name or rid is None or rid not in targets or targets[rid][0] not in names:
                continue
            if not targets[rid][1].endswith("/worksheet"):
                continue  # chart sheets and dialog sheets hold no rows
            visible = (el.get("state") or "visible") == "visible"
            book.sheets.append((str(sheet_name), visible, targets[rid][0]))
        if styles is not None:
            book._styles(styles)
        return book

    def _styles(self, styles: Any) -> None:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        custom: dict[int, str] = {}
        xfs: list[int] = []
        for el in styles:
            local = _local(el.tag)
            if local == "numFmts":
                for fmt in el:
                    try:
                        custom[int(fmt.get("numFmtId") or "-1")] = fmt.get("formatCode") or ""
                    except ValueError:
                        continue
            elif local == "cellXfs":
                for xf in el:
                    try:
                        xfs.append(int(xf.get("numFmtId") or "0"))
                    except ValueError:
                        xfs.append(0)
        for index, fmt_id in enumerate(xfs):
            code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
            if is_date_format(code) or (fmt_id in _EAST_ASIAN_DATES and fmt_id not in custom):
                self.date_styles.add(index)
            if code and is_timedelta_format(code):
                self.timedelta_styles.add(index)

    def shared_strings(self) -> list[str]:
        if self._shared is None:
            self._shared = _read_shared(self.data, self._shared_part) if self._shared_part else []
        return self._shared


def _read_shared(data: bytes, part: str) -> list[str]:
    """The shared string table: each ``<si>``'s text (runs joined, phonetic runs left out)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(part) as fh:
        return read_shared_strings(fh, part, namespaces=ANY_NS)


class _Stop(Exception):
    """Raised inside the parser to stop reading early (a preview has enough rows)."""


_CELL_REF = re.compile(r"^([A-Za-z]{1,3})([0-9]{1,7})$")


@dataclass(eq=False, repr=False)  # a repr would hold the whole file's bytes or rows
class _SheetReader:
    """One streaming pass over a worksheet part: values, formulas, merged ranges (what it
    found, after :meth:`parse`, in the fields that are not arguments)."""

    book: _Book
    sheet: str
    cap: int
    limit_rows: int | None
    progress: Progress | None
    cancel: Cancel | None
    rows: dict[int, tuple[Any, ...]] = field(init=False, default_factory=dict)
    max_col: int = field(init=False, default=0)
    merges: list[tuple[int, int, int, int]] = field(init=False, default_factory=list)
    formula: str | None = field(init=False, default=None)
    formulas: int = field(init=False, default=0)
    error: DomainError | None = field(init=False, default=None)

    def parse(self, part: str) -> None:
        from openpyxl.utils.cell import column_index_from_string, range_boundaries
        from openpyxl.utils.datetime import from_excel

        names = _local_names("row", "c", "v", "f", "is", "t", "rPh", "mergeCell")
        shared = self.book.shared_strings()
        date_styles = self.book.date_styles
        timedelta_styles = self.book.timedelta_styles
        epoch = self.book.epoch
        rows = self.rows
        columns: dict[str, int] = {}
        row_no = 0
        col_no = 0
        values: list[Any] = []
        cell_type = "n"
        cell_style = 0
        has_formula = False
        capture = False
        in_is = False
        rph = 0
        buf: list[str] = []

        def column_of(letters: str) -> int:
            col = columns.get(letters)
            if col is None:
                col = columns[letters] = int(column_index_from_string(letters.upper()))
            return col

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal row_no, col_no, values, cell_type, cell_style, has_formula, capture, in_is, rph
            local = names.get(name)
            if local == "c":
                ref = attrs.get("r")
                m = _CELL_REF.match(ref) if ref else None
                if m:
                    col_no = column_of(m.group(1))
                else:
                    col_no += 1
                cell_type = attrs.get("t", "n")
                style = attrs.get("s")
                cell_style = int(style) if style else 0
                has_formula = False
                buf.clear()
            elif local == "v":
                capture = True
            elif local == "t":
                capture = in_is and rph == 0
            elif local == "is":
                in_is = True
            elif local == "rPh":
                rph += 1
            elif local == "f":
                has_formula = True
            elif local == "row":
                r = attrs.get("r")
                row_no = int(r) if r else row_no + 1
                if self.limit_rows is not None and row_no > self.limit_rows:
                    raise _Stop
                col_no = 0
                values = []
            elif local == "mergeCell":
                ref = attrs.get("ref") or ""
                if ":" in ref:
                    min_col, min_row, max_col, max_row = range_boundaries(ref)
                    self.merges.append((min_row, min_col, max_row, max_col))

        def end(name: str) -> None:
            nonlocal capture, in_is, rph
            local = names.get(name)
            if local == "c":
                if has_formula:
                    self.formulas += 1
                    if self.formula is None:
                        self.formula = f"{column_letter(col_no)}{row_no}"
                    return
                if col_no > MAX_COLUMNS:
                    return
                text = "".join(buf)
                value: Any = None
                if cell_type == "s":
                    value = shared[int(text)] if text else None
                elif cell_type in ("inlineStr", "str"):
                    value = text
                elif not text:
                    value = None
                elif cell_type == "n":
                    number: Any = _number(text)
                    if cell_style in date_styles and not isinstance(number, CellNotANumber):
                        try:
                            number = from_excel(number, epoch, timedelta=cell_style in timedelta_styles)
                        except (OverflowError, ValueError):
                            number = CellError("#VALUE!")
                    value = number
                elif cell_type == "b":
                    value = text.strip() in ("1", "true")
                elif cell_type == "e":
                    value = CellError(text)
                elif cell_type == "d":
                    try:
                        value = dt.datetime.fromisoformat(text).replace(tzinfo=None)
                    except ValueError:
                        value = CellNotADate(text)
                else:
                    value = text
                if isinstance(value, str):
                    if len(value) > MAX_CELL_CHARS:
                        value = CellTooLong(len(value))
                    elif not value.strip():
                        value = None
                if value is not None:
                    if len(values) < col_no:
                        values.extend([None] * (col_no - len(values)))
                    values[col_no - 1] = value
            elif local in ("v", "t"):
                capture = False
            elif local == "is":
                in_is = False
            elif local == "rPh":
                rph -= 1
            elif local == "row":
                if values:
                    if len(rows) >= self.cap:
                        self.error = DomainError("ledger.too_many_rows", sheet=self.sheet, limit=self.cap)
                        raise _Stop
                    rows[row_no] = tuple(values)
                    self.max_col = max(self.max_col, len(values))
                if row_no % 2000 == 0:
                    if self.cancel is not None and self.cancel():
                        self.error = DomainError("ledger.cancelled")
                        raise _Stop
                    if self.progress is not None:
                        self.progress(row_no, 0)

        def text(data_: str) -> None:
            if capture:
                buf.append(data_)

        p = _parser()
        p.StartElementHandler = start
        p.EndElementHandler = end
        p.CharacterDataHandler = text
        with zipfile.ZipFile(io.BytesIO(self.book.data)) as zf, zf.open(part) as fh:
            parse_chunks(p, fh, 1 << 20)


def open_ledger(path: str | Path) -> LedgerWorkbook:
    """Pre-flight and open the ledger at ``path``; DomainError with a clear reason when refused."""
    p = Path(path)
    _suffix_refusal(p)
    from labregistry.ledger import oldformats

    if p.suffix.lower() in oldformats.SUFFIXES:  # values only, copied into an .xlsx in memory
        book = LedgerWorkbook(p, oldformats.xlsx_bytes(p))
        book._load()
        return book
    try:
        data = checked_bytes(p, kind="ledger")
    except DomainError as err:
        if err.code == "xlsx.not_zip":
            raise DomainError("ledger.not_xlsx", file=p.name) from None
        raise
    book = LedgerWorkbook(p, data)
    book._load()
    return book


def _clamp_merges(
    merges: list[tuple[int, int, int, int]], grid: SheetGrid, limit_rows: int | None
) -> list[tuple[int, int, int, int]]:
    """Merges cut to the used area (a merge over whole columns must not cost a million cells)."""
    last_row = max(grid.max_row, 1)
    if limit_rows is not None:
        last_row = min(last_row, limit_rows)
    last_col = max(grid.max_col, 1)
    out = []
    covered = 0
    for r0, c0, r1, c1 in merges:
        if r0 > last_row or c0 > last_col:
            continue
        r1, c1 = min(r1, last_row), min(c1, last_col)
        if (r0, c0) == (r1, c1):
            continue
        covered += (r1 - r0 + 1) * (c1 - c0 + 1)
        if covered > MAX_MERGED_CELLS:
            raise DomainError("ledger.too_many_merged", sheet=grid.sheet)
        out.append((r0, c0, r1, c1))
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:160]


def iter_cells(grid: SheetGrid, row: int) -> Iterator[tuple[int, Any]]:
    """``(column, value)`` of the non-empty own cells of ``row``."""
    for col, value in enumerate(grid.rows.get(row, ()), start=1):
        if value is not None:
            yield col, value
