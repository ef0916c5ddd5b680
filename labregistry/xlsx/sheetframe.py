"""What a worksheet shows around and over its cells: hidden rows and columns, sizes, merged
cells, header and footer text, and the shapes of its drawings.

A signed value still in the file but out of sight is as good as changed: a hidden row or
column, one a point high or a sliver wide, one folded away by a collapsed outline group
(LibreOffice folds the group of a ``collapsed`` row or column even when none of its rows
says ``hidden``), a merge that covers a cell, ``showZeros="0"`` (zeros shown as blanks),
rows hidden by default (``zeroHeight``). A row's or a column's own format (``<row s=
customFormat="1">``, ``<col style=>``) is the format LibreOffice gives to the cells of the
row or column written without ``s=``, which every cell of the exporter is: it must show
any value as it is (a style of :attr:`.looks.StyleBook.fine`). Unsigned text can be put
beside or over the cells: header and footer text (printed, shown in page view), a text box
or shape in a drawing, a comment set to stay visible. None of these is written by the
exporter or by an unchanged open-and-save in LibreOffice (checked by the tests), so every
one of them is refused, naming the sheet and the row, column, cell or part. Comments that
show only when the pointer is over their cell are allowed (docs/bundle-format.md).

The checks read the elements of a worksheet other than its rows' cells: the fast reader
(:mod:`.sheetxml`) feeds them the part without its rows, the openpyxl path its streaming
scan of the whole part; the rules are the same functions either way, so both paths refuse
the same files with the same message.
"""

from __future__ import annotations

import math
import re
import xml.parsers.expat as expat
from collections.abc import Mapping
from typing import Any

from labregistry.xlsx.looks import MAX_FONT_POINTS, parse_part
from labregistry.xlsx.refs import column_letter

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SHEET_DATA = f"{MAIN_NS} sheetData"
MIN_ROW_HEIGHT = round(1.2 * MAX_FONT_POINTS, 2)
"""Lowest row accepted, in points: one line of the largest font a cell may have (11 points;
Excel makes such a row 15 points high, and LibreOffice 7.4's re-save writes ``ht="15"`` on
every row). A lower row cuts the line (an ``ht`` of 9 shows the top of a certificate number)."""
MIN_COLUMN_WIDTH = 2.0
"""Narrowest column accepted, in characters, where the writer sets no width of its own."""
COLUMN_WIDTH_SLACK = 0.5
"""How much narrower than the writer's width a column may be saved (characters): programs
that open and save a bundle may store widths in their own units and back (Excel rounds to
1/256 of a character and pixels; LibreOffice 7.4 wrote the writer's widths back exactly, 34,
10, 24, merged into ranges). Half a character is less than the cell's own margin."""
DEFAULT_COLUMN_WIDTH = 8.43
"""Excel's width of a column that no ``<col>`` sizes and no ``defaultColWidth`` sets."""

Problem = tuple[str, dict[str, Any]]
_TRUE = ("1", "true", "on")


def _true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in _TRUE


def _number(value: str | None) -> float | None:
    """A finite number, or None (absent or not a number: the program's default applies)."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def row_problem(attrs: Mapping[str, str], number: int, fine: frozenset[int] = frozenset((0,))) -> Problem | None:
    """Why the row ``number`` with these ``<row>`` attributes is not shown as it is; ``fine``:
    the cell styles that show any value as it is (:attr:`.looks.StyleBook.fine`)."""
    if _true(attrs.get("hidden")):
        return "bundle.hidden_row", {"row": number, "how": ("bundle.hide.hidden", {})}
    if _true(attrs.get("collapsed")):
        return "bundle.hidden_row", {"row": number, "how": ("bundle.hide.collapsed", {})}
    height = _number(attrs.get("ht"))
    if height is not None and height < MIN_ROW_HEIGHT:
        return "bundle.hidden_row", {"row": number, "how": _low(height)}
    if _true(attrs.get("ph")):
        return "bundle.phonetic", {"cell": f"{number}:{number}"}
    if _true(attrs.get("customFormat")):
        if _own_style(attrs.get("s"), fine):
            return "bundle.row_style", {"row": number, "style": attrs.get("s", "")[:20]}
    return None


def _low(height: float) -> Problem:
    return "bundle.hide.row_height", {"height": f"{height:g}", "line": f"{MIN_ROW_HEIGHT:g}",
                                      "size": f"{MAX_FONT_POINTS:g}"}


def _own_style(value: str | None, fine: frozenset[int]) -> bool:
    """Whether a row's ``s`` or a column's ``style`` names a style of its own that does not
    show every value as it is. Style 0 is every plain cell's own (checked on the cells), a
    style that is not a number names none that is fine."""
    if value is None:
        return False
    try:
        index = int(value)
    except ValueError:
        return True
    return index != 0 and index not in fine


_ATTRIBUTE = re.compile(r' ([A-Za-z_][\w.:-]*)="([^"]*)"')


def row_attributes(text: str) -> dict[str, str]:
    """The unprefixed attributes of a ``<row>`` start tag's attribute text (as the fast reader
    captures it: ``' ht="15" hidden="1"'``). Prefixed names are other attributes (another
    namespace), which no spreadsheet program reads as these."""
    return {name: value for name, value in _ATTRIBUTE.findall(text) if ":" not in name}


class FrameScan:
    """Fed the elements of a worksheet (namespaces as ``"uri local"``), it keeps the first
    problem of the elements outside ``<sheetData>`` in document order."""

    _HEADER_FOOTER = frozenset(f"{MAIN_NS} {n}" for n in (
        "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"))

    def __init__(self, fine: frozenset[int] = frozenset((0,)), widths: tuple[float, ...] = ()) -> None:
        self.fine = fine
        """The cell styles that show any value as it is (a column's own style must be one)."""
        self.widths = widths
        """The width the writer gives each column from A on (characters): none may be narrower
        (:data:`COLUMN_WIDTH_SLACK` aside), whichever ``<col>`` or default sizes it."""
        self.sized: list[float | None] = [None] * len(widths)  # the least width a <col> gives each 
        self.default_width: float | None = None  # sheetFormatPr's defaultColWidth, else baseColWidth
        self.problem: Problem | None = None
        self.depth = 0
        self.data_depth = 0  # the depth of <sheetData> while inside it
        self.text: list[str] | None = None
        self.view_corner: str | None = None  # the open sheetView's topLeftCell

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.data_depth or self.problem is not None:
            return
        if name == _SHEET_DATA:
            self.data_depth = self.depth
            return
        if not name.startswith(MAIN_NS):
            return
        local = name[len(MAIN_NS) + 1:]
        check = _CHECKS.get(local)
        if check is not None:
            self.found(check(attrs))
        if local == "col":
            if _own_style(attrs.get("style"), self.fine):
                self.found(("bundle.column_style", {"column": _columns(attrs), "style": attrs.get("style", "")[:20]}))
            self.size(attrs)
        elif local == "sheetFormatPr":
            self.default_width = _number(attrs.get("defaultColWidth"))
            if self.default_width is None:
                base = _number(attrs.get("baseColWidth"))
                self.default_width = None if base is None else base + DEFAULT_COLUMN_WIDTH - 8
        elif local == "sheetView":
            self.view_corner = attrs.get("topLeftCell")
        elif local == "pane" and attrs.get("state") in ("frozen", "frozenSplit"):
            self.found(_frozen_problem(self.view_corner, attrs))
        if name in self._HEADER_FOOTER:
            self.text = []

    def end(self, name: str) -> None:
        if self.data_depth == self.depth:
            self.data_depth = 0
        self.depth -= 1
        if self.text is not None and name in self._HEADER_FOOTER:
            self.found(header_footer_problem("".join(self.text)))
            self.text = None
        if self.depth == 0 and self.widths and self.problem is None:
            self.found(self.narrowed())

    def size(self, attrs: Mapping[str, str]) -> None:
        """Note the width a ``<col>`` gives the writer's columns it names: the least of every
        ``<col>`` naming a column counts (programs differ on which of two they take); one
        without ``width`` gives the default, one whose width is not a number none."""
        low, high = _span(attrs)
        text = attrs.get("width")
        width = self.default() if text is None else _number(text) or 0.0
        for index in range(low - 1, min(high, len(self.sized))):
            known = self.sized[index]
            self.sized[index] = width if known is None else min(known, width)

    def default(self) -> float:
        """The width of a column no ``<col>`` sizes (``sheetFormatPr`` comes before ``cols``)."""
        return DEFAULT_COLUMN_WIDTH if self.default_width is None else self.default_width

    def narrowed(self) -> Problem | None:
        """The first of the writer's columns narrower than the writer makes it (review: the
        red team's second round). Excel's General format rounds a number to what fits its
        column (0.0125 shows 0.01, 123456789 shows 1.2E+08), and text is cut at the border
        when the next cell holds a value ("0~60 MPa" shows "0~6"); the writer's widths show
        what they were made for, so a column narrowed below them (or left to a narrow
        default) would show a signed value other than it is."""
        for column, wanted in enumerate(self.widths, start=1):
            width = self.sized[column - 1]
            if width is None:
                width = self.default()
            if width < wanted - COLUMN_WIDTH_SLACK:
                return "bundle.column_width", {"column": column_letter(column), "width": f"{width:g}",
                                               "expected": f"{wanted:g}"}
        return None

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def found(self, problem: Problem | None) -> None:
        if problem is not None and self.problem is None:
            self.problem = problem

    # one method per element checked

    @staticmethod
    def _sheetFormatPr(attrs: dict[str, str]) -> Problem | None:  # noqa: N802 - the element's name
        if _true(attrs.get("zeroHeight")):
            return "bundle.sheet_display", {"how": ("bundle.hide.zero_height", {})}
        height = _number(attrs.get("defaultRowHeight"))
        if height is not None and height < MIN_ROW_HEIGHT:
            return "bundle.sheet_display", {"how": _low(height)}
        width = _number(attrs.get("defaultColWidth"))
        if width is None:
            width = _number(attrs.get("baseColWidth"))
        if width is not None and width < MIN_COLUMN_WIDTH:
            return "bundle.sheet_display", {"how": ("bundle.hide.column_width", {"width": f"{width:g}"})}
        return None

    @staticmethod
    def _col(attrs: dict[str, str]) -> Problem | None:
        columns = _columns(attrs)
        if _true(attrs.get("hidden")):
            return "bundle.hidden_column", {"column": columns, "how": ("bundle.hide.hidden", {})}
        if _true(attrs.get("collapsed")):
            return "bundle.hidden_column", {"column": columns, "how": ("bundle.hide.collapsed", {})}
        width = _number(attrs.get("width"))
        if width is not None and width < MIN_COLUMN_WIDTH:
            return "bundle.hidden_column", {"column": columns,
                                            "how": ("bundle.hide.column_width", {"width": f"{width:g}"})}
        if _true(attrs.get("phonetic")):
            return "bundle.phonetic", {"cell": f"{columns}"}
        return None

    @staticmethod
    def _sheetView(attrs: dict[str, str]) -> Problem | None:  # noqa: N802 - the element's name
        shows = attrs.get("showZeros")
        if shows is not None and not _true(shows):
            return "bundle.sheet_display", {"how": ("bundle.hide.show_zeros", {})}
        return None

    @staticmethod
    def _mergeCell(attrs: dict[str, str]) -> Problem | None:  # noqa: N802 - the element's name
        return "bundle.merged_cells", {"cell": attrs.get("ref", "")[:40]}

    @staticmethod
    def _legacyDrawingHF(_attrs: dict[str, str]) -> Problem | None:  # noqa: N802 - the element's name
        return "bundle.header_footer", {"text": "[图片 picture]"}


_MAX_COLUMN = 16384


def _span(attrs: Mapping[str, str]) -> tuple[int, int]:
    """The first and last column of a ``<col>`` element (1 for A)."""
    low = min(max(int(_number(attrs.get("min")) or 1), 1), _MAX_COLUMN)
    high = min(max(int(_number(attrs.get("max")) or low), low), _MAX_COLUMN)
    return low, high


def _columns(attrs: Mapping[str, str]) -> str:
    """The columns of a ``<col>`` element, as letters (``B`` or ``B:D``)."""
    low, high = _span(attrs)
    return column_letter(low) + ("" if high == low else ":" + column_letter(high))


_CELL = re.compile(r"\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})")


def _frozen_problem(corner: str | None, pane: Mapping[str, str]) -> Problem | None:
    """Frozen panes keep the rows above and the columns left of the sheet view's first cell
    out of reach (Excel: they cannot be scrolled to until the panes are unfrozen), but only
    along what is frozen: with rows frozen (``ySplit``) the view must start in row 1, with
    columns frozen (``xSplit``) in column A. The writer freezes row 1 only, and its top pane
    still scrolls sideways: a person who scrolls right and saves leaves the view at ``C1``,
    and columns A and B can be scrolled back to (review 10). A corner that is not a cell
    reference is refused (nothing says what it keeps away)."""
    if corner is None or corner.strip().upper() in ("", "A1"):
        return None
    rows_frozen = (_number(pane.get("ySplit")) or 0) > 0
    columns_frozen = (_number(pane.get("xSplit")) or 0) > 0
    match = _CELL.fullmatch(corner.strip().upper())
    if match is not None:
        column, row = match.groups()
        if not (rows_frozen and row != "1") and not (columns_frozen and column != "A"):
            return None
    return "bundle.sheet_display", {"how": ("bundle.hide.frozen_away", {"cell": corner[:20]})}


_CHECKS = {"sheetFormatPr": FrameScan._sheetFormatPr, "col": FrameScan._col,
           "sheetView": FrameScan._sheetView, "mergeCell": FrameScan._mergeCell,
           "legacyDrawingHF": FrameScan._legacyDrawingHF}
"""The elements outside the rows that are checked, by local name (main namespace)."""
_HF_CODE = re.compile(r'&(?:"[^"]*"|[0-9]+|[LCRPNDTAFZGBIUSEXYK]|&)', re.I)


def header_footer_problem(text: str) -> Problem | None:
    """Header and footer text may hold field codes (``&P`` page, ``&A`` sheet name, ...) and
    formatting codes, nothing that reads as text of its own."""
    literal = _HF_CODE.sub("", text).strip()
    if literal:
        return "bundle.header_footer", {"text": literal[:60]}
    return None


def frame_problem(rest: bytes, fine: frozenset[int] = frozenset((0,)),
                  widths: tuple[float, ...] = ()) -> Problem | None:
    """The first problem of a worksheet part given without its rows (the fast reader's
    ``<sheetData/>`` version, which it has checked to be well-formed); ``fine`` and
    ``widths`` as for :class:`FrameScan`."""
    scan = FrameScan(fine, widths)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.chars
    parser.buffer_text = True
    parser.Parse(rest, True)
    return scan.problem


# ---------------------------------------------------------------- drawings

_XDR_ANCHORS = ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor")
_VML = "urn:schemas-microsoft-com:vml"
_EXCEL = "urn:schemas-microsoft-com:office:excel"
_VML_SHAPES = frozenset(f"{_VML} {n}" for n in (
    "shape", "rect", "roundrect", "oval", "line", "polyline", "arc", "curve", "image", "group"))


def drawing_problem(part: str, data: bytes) -> Problem | None:
    """A DrawingML drawing (``xl/drawings/drawingN.xml``) may be empty (LibreOffice writes one
    beside comments); any anchored shape, picture, chart or text box is refused."""
    found: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local in _XDR_ANCHORS and not found:
            found.append(local)

    if not _parse(data, start):
        return "bundle.drawing", {"part": part, "what": "?"}
    return ("bundle.drawing", {"part": part, "what": found[0]}) if found else None


def vml_problem(part: str, data: bytes) -> Problem | None:
    """A VML drawing may hold the boxes of comments (``ObjectType="Note"``) that show only
    when the pointer is over their cell; any other shape, or a comment set to stay
    visible, is refused. A comment box must say ``visibility:hidden`` in its style, as
    Excel, openpyxl and LibreOffice write it: LibreOffice keeps a box without it open over
    the sheet (Excel goes by ``<x:Visible/>``, refused as well)."""
    shapes: list[list[str]] = []  # per open top-level shape: the ClientData types seen
    hidden: list[bool] = []  # per open top-level shape: its style says visibility:hidden
    depth_of: list[int] = []
    problem: list[Problem] = []
    depth = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if problem:
            return
        if name in _VML_SHAPES and not depth_of:
            shapes.append([])
            depth_of.append(depth)
            style = attrs.get("style", "").replace(" ", "").lower()
            hidden.append("visibility:hidden" in style)
            if "visibility:visible" in style:
                problem.append(("bundle.drawing", {"part": part, "what": "visible comment"}))
        elif name == f"{_EXCEL} ClientData" and depth_of:
            shapes[-1].append(attrs.get("ObjectType", ""))
        elif name == f"{_EXCEL} Visible" and depth_of:
            problem.append(("bundle.drawing", {"part": part, "what": "visible comment"}))

    def end(name: str) -> None:
        nonlocal depth
        if depth_of and depth_of[-1] == depth:
            depth_of.pop()
            kinds = shapes[-1]
            if kinds != ["Note"] and not problem:
                problem.append(("bundle.drawing", {"part": part, "what": ",".join(kinds)[:40] or "shape"}))
            elif not hidden[-1] and not problem:
                problem.append(("bundle.drawing", {"part": part, "what": "visible comment"}))
        depth -= 1

    if not _parse(data, start, end):
        return "bundle.drawing", {"part": part, "what": "?"}
    return problem[0] if problem else None


def _parse(data: bytes, start: Any, end: Any = None) -> bool:
    """Parse a pre-flighted part; False when it is not well-formed or nested too deeply."""
    try:
        parse_part(data, start, end or (lambda _name: None))
    except (expat.ExpatError, ValueError):
        return False
    return True


__all__ = ["FrameScan", "drawing_problem", "frame_problem", "header_footer_problem", "row_attributes",
           "row_problem", "vml_problem"]
