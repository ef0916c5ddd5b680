"""A fast reader of worksheet cells that yields exactly what openpyxl's read-only reader yields.

openpyxl builds an element, a dict and a cell object for every cell under defusedxml's
``iterparse``; for the sheets of a regional exchange that is most of an import's time. The
XML that spreadsheet programs write for plain values is regular, though, so this module
reads it with one compiled regular expression over the raw bytes, and returns, row by row,
the same ``(row number, values, data types)`` that ``ReadOnlyWorksheet.iter_rows()`` (after
``reset_dimensions()``) gives as cells: same row numbers, gaps, widths, Python values and
``data_type`` letters.

It is exact by construction, not by approximation: it accepts only a narrow, fully
understood subset of the format and raises :class:`Unsupported` for anything else, and the
caller then reads the file with openpyxl itself (``workbook.read_workbook`` does). What is
accepted:

- the root is ``<worksheet>`` in the main SpreadsheetML namespace as the default namespace,
  declared on the root only; one ``<sheetData>`` (no attributes); no element named ``row``,
  ``c`` or ``sheetData`` (whatever its prefix) outside it;
- the part with its rows left out (``<sheetData/>``) is well-formed (expat, namespaces, no
  DTD) and reads without error with openpyxl's own worksheet parser (print settings, views,
  column widths ...; remembered per distinct bytes);
- inside ``<sheetData>``, nothing but these tokens, back to back: ``<row r="N" ...>`` (``N``
  >= 1 and increasing; other attributes ignored, as openpyxl ignores them, but well-formed
  in the root's namespaces and no namespace declarations), ``</row>``, ``<row r="N" .../>``,
  and cells ``<c r="COL ROW" [s="N"] [t="n|s|inlineStr"]>`` in increasing column order,
  ``ROW`` written as the row's own ``N``,
  holding nothing, ``<v>number or index</v>``, or ``<is><t>text</t></is>`` (plain inline
  text, optionally ``xml:space="preserve"``, which text with white space at an end must
  have: the slow path refuses it, ``bundle.loose_space``); the text holds only characters XML allows
  and only the five predefined entities and character references to allowed characters.
  With the check of the rest, that makes the whole part well-formed, and every ``<`` and
  ``&`` in it mean what they mean in XML.

Anything else - formulas, booleans, errors, ``t="str"``/``t="d"``, rich-text or phonetic
inline strings, comments, processing instructions, CDATA, whitespace between tags, cells out
of order or naming another row, a shared-string index out of range, a date serial openpyxl
cannot convert, nesting deeper than the pre-flight's cap around the rows - is
:class:`Unsupported`. So are refusals that openpyxl itself would raise as exceptions: the
slow reader finds them and words them as before. (Cells and rows out of order, and deep
nesting, the slow path refuses: ``workbook._scan_sheet``.)
"""

from __future__ import annotations

import io
import re
import threading
import xml.parsers.expat as expat
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from labregistry.xlsx.preflight import MAX_XML_DEPTH

MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


class Unsupported(Exception):
    """The part holds something this reader does not handle: read it with openpyxl."""


_TOKEN = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?'
    rb"(?: ?/>|>(?:(<is><t/></is>|<is><t(?: xml:space=\"preserve\")?></t></is>|<is/>|<is></is>|<v/>|<v></v>)"
    # a text without xml:space="preserve" (group 7) is white space alone (group 8: the writer
    # and openpyxl write " " so) or has none at either end; any other is not a token, and the
    # slow path refuses it (bundle.loose_space)
    rb"|<v>([^<]*)</v>|<is><t( xml:space=\"preserve\")?>(?(7)|(?=([ \t\n\r]*</t>)|[^< \t\n\r]))([^<]*)"
    rb"(?(7)|(?(8)|(?<![ \t\n\r])))</t></is>|)</c>)"
    rb'|<row r="([0-9]+)"((?: (?!xmlns)[A-Za-z_][\w.:-]*="[^"<&]*")*) ?(/?)>'
    rb"|(</row>)"
    rb"|([\s\S])"
)
_XML_SPACE = " \t\n\r"
_NUMBER = re.compile(rb"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z")
_INDEX = re.compile(rb"[0-9]+\Z")
_ROOT = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:<\?xml[^>]*\?>\s*)?(<worksheet(?:\s[^>]*)?>)")
_DEFAULT_NS = re.compile(rb'\sxmlns\s*=\s*(["\'])([^"\']*)\1')
_ROW_OR_CELL = re.compile(rb"<(?:[^\s/>!?:]+:)?(?:row|c|sheetData)[\s/>]")
# what XML 1.0 forbids in character data: control characters, U+FFFE/U+FFFF, "]]>"
_CONTROL = bytes([*range(0, 9), 11, 12, *range(14, 32)])
_NOT_XML = (b"\xef\xbf\xbe", b"\xef\xbf\xbf", b"]]>")
_REFERENCE = re.compile(r"&([^;&<]*)(;?)")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_DECIMAL = re.compile(r"#[0-9]+\Z")
_HEX = re.compile(r"#x[0-9a-fA-F]+\Z")

_COLUMNS: dict[bytes, int] = {}
_LETTERS: list[bytes] = []


def _column(letters: bytes) -> int:
    index = _COLUMNS.get(letters)
    if index is None:
        index = 0
        for ch in letters:
            index = index * 26 + (ch - 64)
        if len(_COLUMNS) < 20000:
            _COLUMNS[letters] = index
    return index


def _letters(count: int) -> list[bytes]:
    """Column letters by index - 1, for at least ``count`` columns."""
    while len(_LETTERS) < count:
        n = len(_LETTERS) + 1
        text = b""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            text = bytes((65 + rem,)) + text
        _LETTERS.append(text)
    return _LETTERS


def _reference(match: re.Match[str]) -> str:
    name, semicolon = match.group(1), match.group(2)
    if semicolon:
        named = _NAMED.get(name)
        if named is not None:
            return named
        code = -1
        if _DECIMAL.match(name):
            code = int(name[1:])
        elif _HEX.match(name):
            code = int(name[2:], 16)
        if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
            return chr(code)
    raise Unsupported(f"reference &{name[:20]}")


def _parses(data: bytes) -> bool:
    """Well-formed XML with namespaces, no DTD, nested at most the pre-flight's
    :data:`.preflight.MAX_XML_DEPTH` levels deep (a small part; deeper is left to the slow
    path, which refuses it before openpyxl would build it as a tree)."""
    depth = 0

    def forbid(*_: Any) -> None:
        raise Unsupported("DTD or entity declaration")

    def start(*_: Any) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise Unsupported("nested too deeply")

    def end(*_: Any) -> None:
        nonlocal depth
        depth -= 1

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.UnparsedEntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid  # type: ignore[assignment]
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, Unsupported):
        return False
    return True


_lock = threading.Lock()
_checked_rest: dict[bytes, bool] = {}
_checked_rows: dict[tuple[bytes, bytes], bool] = {}


def _remember(cache: dict[Any, bool], key: Any, ok: bool) -> None:
    with _lock:
        if len(cache) > 512:
            cache.clear()
        cache[key] = ok


def _rest_reads_cleanly(rest: bytes) -> None:
    """The part without its rows (``<sheetData/>``) must be well-formed and read with
    openpyxl's own worksheet parser without an error, as it does on the slow path."""
    known = _checked_rest.get(rest)
    if known is None:
        from openpyxl.worksheet._reader import WorkSheetParser

        known = _parses(rest)
        if known:
            try:
                for _ in WorkSheetParser(io.BytesIO(rest), []).parse():
                    pass
            except Exception:  # noqa: BLE001 - any failure: openpyxl reports it, in its order
                known = False
        _remember(_checked_rest, rest, known)
    if not known:
        raise Unsupported("the parts around the rows")


def _row_attributes_ok(root: bytes, attrs: bytes) -> None:
    """Extra ``<row>`` attributes (spans, heights, Excel's ``x14ac:dyDescent``...) must be
    well-formed in the root's namespace context: unique, prefixes declared."""
    key = (root, attrs)
    known = _checked_rows.get(key)
    if known is None:
        known = _parses(root + b'<row r="1"' + attrs + b"/></worksheet>")
        _remember(_checked_rows, key, known)
    if not known:
        raise Unsupported("row attributes")


def split_sheet(data: bytes) -> tuple[bytes, int, int, bytes]:
    """(root start tag, start and end of the content of ``<sheetData>`` in ``data``, the part
    with ``<sheetData/>`` for its rows), after the checks of the module docstring.

    The content is not checked here: :func:`iter_rows` accepts only its tokens, and checks
    characters and references, which with the checks here makes the whole part well-formed.
    """
    root = _ROOT.match(data)
    if root is None:
        raise Unsupported("root element")
    root_tag = root.group(1)
    declared = _DEFAULT_NS.findall(root_tag)
    if len(declared) != 1 or declared[0][1] != MAIN_NS:
        raise Unsupported("namespace of the root")
    start = data.find(b"<sheetData>")
    if start < 0:
        if data.count(b"<sheetData/>") != 1:
            raise Unsupported("no plain <sheetData>")
        start = data.find(b"<sheetData/>")
        head, tail = data[:start], data[start + len(b"<sheetData/>"):]
        body_start = body_end = start
    else:
        end = data.find(b"</sheetData>", start)
        if end < 0 or data.find(b"<sheetData", start + 1) >= 0:
            raise Unsupported("more than one <sheetData>")
        head, tail = data[:start], data[end + len(b"</sheetData>"):]
        body_start, body_end = start + len(b"<sheetData>"), end
    if _DEFAULT_NS.search(head, root.end()) is not None or _ROW_OR_CELL.search(head) or _ROW_OR_CELL.search(tail):
        raise Unsupported("rows or namespaces outside <sheetData>")
    rest = head + b"<sheetData/>" + tail
    _rest_reads_cleanly(rest)
    return root_tag, body_start, body_end, rest


CHUNK = 1 << 20


def _chunks(data: bytes, start: int, end: int) -> Iterator[str]:
    """The content of ``<sheetData>`` as text, about :data:`CHUNK` bytes at a time, each
    piece ending just after a ``</row>`` (so no token is cut: a ``</row>`` inside the
    content can only be that token, as no accepted token holds a ``<``), its characters
    checked. Tokenised piece by piece, a sheet of a million cells never lives as a million
    tuples at once."""
    while start < end:
        cut = end if end - start <= CHUNK else data.find(b"</row>", start + CHUNK, end)
        cut = end if cut < 0 or cut >= end else cut + len(b"</row>")
        piece = data[start:cut]
        if len(piece.translate(None, _CONTROL)) != len(piece) or any(bad in piece for bad in _NOT_XML):
            raise Unsupported("characters XML does not allow")
        yield piece.decode("utf-8")  # strict: all of it must be valid UTF-8
        start = cut


Row = tuple[int, list[Any], None, list[int] | None, str | None]

_TOKEN_TEXT = re.compile(_TOKEN.pattern.decode("ascii"))
_NUMBER_TEXT = re.compile(_NUMBER.pattern.decode("ascii"))
_INDEX_TEXT = re.compile(_INDEX.pattern.decode("ascii"))
_MAX_COLUMNS = 18278  # ZZZ: the most three letters name
_LETTERS_TEXT: list[str] = []


def _all_letters() -> list[str]:
    """Column letters by index - 1: A to ZZ, then "" (never equal to a cell's letters, which
    sends the columns past ZZ to :func:`_column`) up to and past ZZZ."""
    if not _LETTERS_TEXT:
        letters = [x.decode("ascii") for x in _letters(702)]
        _LETTERS_TEXT.extend(letters + [""] * (_MAX_COLUMNS + 1 - len(letters)))
    return _LETTERS_TEXT


def iter_rows(
    data: bytes,
    shared_strings: Sequence[str],
    date_formats: Any,
    timedelta_formats: Any,
    epoch: Any,
    on_frame: Callable[[bytes], None] | None = None,
) -> Iterator[Row]:
    """``(row number, values, None, styles, row attributes)`` as openpyxl's read-only
    worksheet yields cells: ``styles`` holds each cell's ``s=`` (0 without one), or is None
    when no cell of the row has one; ``row attributes`` is the ``<row>`` tag's attribute
    text after ``r`` (``' ht="15" hidden="1"'``), or None.

    Each value's openpyxl ``data_type`` follows from its class: ``str`` is ``"s"``, ``int``
    and ``float`` are ``"n"``, ``datetime``/``time``/``timedelta`` are ``"d"``; ``None`` is
    an empty cell (whose type no check looks at). Rows that the part leaves out, and rows
    without cells, come as ``(n, [], None)``. The checks run when iteration starts;
    :class:`Unsupported` may come at any row (the caller then starts again with openpyxl).
    ``on_frame`` is called with the part without its rows (``<sheetData/>``) before the first
    row, for the checks of what the sheet shows around its cells (:mod:`.sheetframe`).
    """
    root_tag, body_start, body_end, rest = split_sheet(data)
    if on_frame is not None:
        on_frame(rest)
    from openpyxl.utils.datetime import from_excel

    number_re = _NUMBER_TEXT.match
    index_re = _INDEX_TEXT.match
    n_strings = len(shared_strings)
    letters_of = _all_letters()
    is_date: dict[str, bool] = {"": False}
    style_ids: dict[str, int] = {}
    is_timedelta: dict[str, bool] = {}
    row_no = 0  # the last row yielded
    in_row = False
    values: list[Any] = []
    styles: list[int] | None = None
    width = 0
    row_text = ""  # the open row's r=, as written
    row_attrs: str | None = None
    for letters, digits, style, kind, empty, v, kept, _blank, t, r, attrs, closed, end_row, other in _tokens(
            data, body_start, body_end):
        if letters:
            if digits != row_text:  # another row's reference, or a cell outside a row
                raise Unsupported("the row of a cell reference")
            if letters == letters_of[width]:
                width += 1
            else:
                column = _column(letters.encode("ascii"))
                if column <= width:
                    raise Unsupported("cells out of order")
                values.extend([None] * (column - width - 1))
                if styles is not None:
                    styles.extend([0] * (column - width - 1))
                width = column
            if style:
                if styles is None:
                    styles = [0] * (width - 1)
                styles.append(style_ids[style] if style in style_ids else style_ids.setdefault(style, int(style)))
            elif styles is not None:
                styles.append(0)
            if t:  # the usual text cell
                if kind != "inlineStr":
                    raise Unsupported("inline string in a cell of another type")
                if "&" in t or "\r" in t:
                    t = _text(t)
                    if not kept and t.strip(_XML_SPACE) not in ("", t):  # "&#32;x": the slow path refuses it
                        raise Unsupported("white space at an end of a text without xml:space")
                values.append(t)
                continue
            if empty and (empty[1] == "v") != (kind != "inlineStr"):
                raise Unsupported("value element and cell type disagree")
            if not kind or kind == "n":
                if not v:
                    values.append(None)
                    continue
                date = is_date.get(style)
                if date is None:
                    date = is_date[style] = int(style) in date_formats
                if date:
                    delta = is_timedelta.get(style)
                    if delta is None:
                        delta = is_timedelta[style] = int(style) in timedelta_formats
                    key = (v, delta, epoch)
                    value = _DATES.get(key)
                    if value is None:
                        if number_re(v) is None:
                            raise Unsupported("number")
                        number = float(v) if ("." in v or "e" in v or "E" in v) else int(v)
                        try:
                            value = from_excel(number, epoch, timedelta=delta)
                        except (OverflowError, ValueError):
                            raise Unsupported("date serial") from None
                        if value is None:
                            raise Unsupported("date serial")
                        if len(_DATES) >= 65536:
                            _DATES.clear()
                        _DATES[key] = value
                    values.append(value)
                    continue
                if number_re(v) is None:
                    raise Unsupported("number")
                values.append(float(v) if ("." in v or "e" in v or "E" in v) else int(v))
                continue
            if kind == "inlineStr":
                if v:
                    raise Unsupported("inline string with a value element")
                # "" from an <is> without text (openpyxl's Text), None without <is>
                values.append("" if empty else None)
                continue
            if kind == "s":
                if not v:
                    values.append(None)
                    continue
                if index_re(v) is None:
                    raise Unsupported("shared string index")
                index = int(v)
                if index >= n_strings:
                    raise Unsupported("shared string index out of range")
                values.append(shared_strings[index])
                continue
            raise Unsupported(f"cell type {kind!r}")
        if r:
            if in_row or width:
                raise Unsupported("row inside a row, or a cell outside")
            if attrs:
                _row_attributes_ok(root_tag, attrs.encode("utf-8"))
            number_row = int(r)
            if number_row <= row_no:
                raise Unsupported("rows out of order")
            while row_no + 1 < number_row:
                row_no += 1
                yield row_no, [], None, None, None
            row_no = number_row
            if closed:
                yield row_no, [], None, None, attrs or None
                continue
            in_row, row_text, row_attrs = True, r, attrs or None
            continue
        if end_row:
            if not in_row:
                raise Unsupported("</row> without <row>")
            yield row_no, values, None, styles, row_attrs
            values, styles, width, in_row, row_text = [], None, 0, False, ""
            continue
        raise Unsupported(f"unexpected content {other!r}")
    if in_row or width:
        raise Unsupported("unclosed row, or a cell outside")


# openpyxl's from_excel(serial, epoch, timedelta) is a pure function of these three (its
# results - datetime, time, timedelta - are immutable): bundles repeat a few thousand dates
_DATES: dict[tuple[str, bool, Any], Any] = {}


def _tokens(data: bytes, start: int, end: int) -> Iterator[tuple[str, ...]]:
    findall = _TOKEN_TEXT.findall
    for piece in _chunks(data, start, end):
        yield from findall(piece)


def _text(text: str) -> str:
    """XML character data as a parser delivers it (references checked and replaced)."""
    if "\r" in text:  # end-of-line handling comes before references are replaced
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _REFERENCE.sub(_reference, text)
    return text


__all__ = ["Unsupported", "iter_rows", "split_sheet"]
