"""What a cell looks like: whether Excel, WPS or LibreOffice would show its signed value.

The signature covers the cells' values. A person reads what the spreadsheet program draws,
which also depends on ``xl/styles.xml``: a number format can show literal text instead of
the value (``"已撤销"``), round it (``0`` on 0.25), hide it (``;;;``) or show another date;
a font can be white on a white fill, one point high, struck through, or a symbol font that
draws letters as pictures; an alignment can repeat the text (``fill``), push it out of the
cell, or read it right to left (``readingOrder="2"``, which reorders "[2022]No. 8" around
its brackets and digits). Rich-text runs in the shared strings carry fonts of their own, and phonetic runs
(``<rPh>``) carry text of their own, drawn above the cell and not part of its value.

This module reads ``xl/styles.xml`` (and the theme, for theme colours) once per distinct
content and answers, per cell style (``s=`` of a cell, an index into ``cellXfs``), whether a
value shows faithfully: :class:`StyleBook`. It also summarises the run fonts of shared
strings (:class:`RunLook`). ``docs/bundle-format.md`` ("What people see") lists the rules.

Both interpretations of a cell format are checked: Excel applies the ``cellXfs`` entry's
own number format, font and fill; LibreOffice takes them from the parent cell style
(``cellStyleXfs[xfId]``) when ``apply...="0"``. A style passes only if both do.

Where Excel's and WPS's behaviour could not be tried here, the rules follow the ECMA-376
number-format grammar (Part 1, 18.8.31) and err on refusing.
"""

from __future__ import annotations

import colorsys
import datetime as dt
import hashlib
import math
import re
import threading
import xml.parsers.expat as expat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from labregistry.xlsx.preflight import MAX_XML_DEPTH

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

MIN_FONT_POINTS = 6.0
"""Smallest font size (points) that shows text; Excel's default is 11, LibreOffice's 10."""
MAX_FONT_POINTS = 11.0
"""Largest font size (points): the writer's. Its columns are as wide as it makes them for
11-point text (``sheetframe``'s width rule), and its rows one line of it high: a larger font
in the same column shows a number rounded (0.0125 as 0.01) or text cut at the border."""
SCRIPT_SCALE = 0.6
"""Superscript and subscript are drawn at about this fraction of the font size."""
MIN_CONTRAST = 2.5
"""Least WCAG contrast ratio between text and fill (white on white is 1, black on white
21, light grey C0C0C0 on white 1.8, yellow on white 1.07)."""
MAX_INDENT = 0
"""Most indent levels. Each level is three spaces (ECMA-376 Part 1, 18.8.1): two levels push a
value six characters right, out of a column as wide as the writer makes it for the value
(a 10-character column shows 4 characters of "(0~60)MPa"); the writer writes none."""
SYMBOL_FONTS = frozenset(
    ("symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings", "marlett", "zapf dingbats",
     "zapfdingbats", "itc zapf dingbats", "mt extra", "ms outlook", "bookshelf symbol 7",
     "ms reference specialty", "opensymbol")
)
"""Fonts that draw letters and digits as pictures (plus any font with the symbol charset, 2)."""

SYSTEM_BACKGROUND = 65
"""Indexed colour 65: the system's window background, white (LibreOffice draws a font of
this colour white; so does Excel on a default system). 64 is the window text colour."""

RGB = tuple[float, float, float]
BLACK: RGB = (0.0, 0.0, 0.0)
WHITE: RGB = (1.0, 1.0, 1.0)

# Format classes (what a number format shows faithfully)
GENERAL = "general"  # any value as it is
TEXT = "text"  # "@": text as it is; numbers refused (no re-save writes it on a number)
INTEGER = "integer"  # "0": integers, and text as it is
DATE = "date"  # year, month and day: dates at midnight, and text as it is
DATETIME = "datetime"  # date and h:mm:ss: any date or time
DATETIME_MINUTES = "datetime_minutes"  # date and h:mm: dates whose seconds are 0
BAD = "bad"

_BUILTIN = {0: GENERAL, 1: INTEGER, 14: DATE, 22: DATETIME_MINUTES, 49: TEXT}
"""Built-in formats allowed, by id, when ``numFmts`` does not redefine them. 14 and 22 are
the locale's short date (zh-CN Excel: ``yyyy/m/d``, ``yyyy/m/d h:mm``; the specification
writes ``mm-dd-yy``, ``m/d/yy h:mm``); LibreOffice saves them again as ``m/d/yyyy`` and
``m/d/yyyy\\ h:mm``, which are refused: month-first order is not how a Chinese reader reads a date."""


# ---------------------------------------------------------------- number formats

_LOCALE = re.compile(r"\[\$-(?!F[48]00\])[0-9A-Fa-f]{1,8}\]")


def format_class(code: str) -> str:
    """The class of a custom format code (see the constants above); :data:`BAD` for any
    format that may show something other than the value: literal text, colours,
    conditions, more sections than ``date;@``, rounding, scaling, fills, month or day
    names, two-digit years, day-first or month-first dates."""
    text = code.strip()
    if text.casefold() == "general":
        return GENERAL
    if text == "@":
        return TEXT
    if text == "0":
        return INTEGER
    if text.endswith(";@"):  # Excel's dialog adds a text section that shows text as it is
        text = text[:-2]
    text = _LOCALE.sub("", text, count=1) if text.startswith("[$-") else text
    tokens = _date_tokens(text)
    return BAD if tokens is None else _date_class(tokens)


def _date_tokens(text: str) -> list[tuple[str, str]] | None:
    """``[(kind, text)]``: kind is a letter y/m/d/h/s for a date or time code, or "" for
    literal text (raw, escaped with a backslash, or quoted); None for anything else."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        low = ch.lower()
        if low in "ymdhs":
            j = i
            while j < len(text) and text[j].lower() == low:
                j += 1
            tokens.append((low, text[i:j]))
            i = j
        elif ch == "\\" and i + 1 < len(text):
            tokens.append(("", text[i + 1]))
            i += 2
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                return None
            tokens.append(("", text[i + 1:end]))
            i = end + 1
        elif ch in "-/. :年月日时分秒T":
            tokens.append(("", ch))
            i += 1
        else:  # sections, colours, conditions, digits, fills, AM/PM, fractions of seconds ...
            return None
    merged: list[tuple[str, str]] = []
    for kind, part in tokens:
        if kind == "" and merged and merged[-1][0] == "":
            merged[-1] = ("", merged[-1][1] + part)
        else:
            merged.append((kind, part))
    return merged


_AFTER = {
    # the literal allowed after each part, by the separator style of the date
    "-": {"y": "-", "m": "-", "d": "", "d+": " ", "h": ":", "n": "", "n+": ":", "s": ""},
    "/": {"y": "/", "m": "/", "d": "", "d+": " ", "h": ":", "n": "", "n+": ":", "s": ""},
    ".": {"y": ".", "m": ".", "d": "", "d+": " ", "h": ":", "n": "", "n+": ":", "s": ""},
    "年": {"y": "年", "m": "月", "d": "日", "d+": "日 ", "h": "时", "n": "分", "n+": "分", "s": "秒"},
}
_WIDTHS = {"y": (4,), "m": (1, 2), "d": (1, 2), "h": (1, 2), "n": (2,), "s": (2,)}


def _date_class(tokens: list[tuple[str, str]]) -> str:
    """Year, month, day (and hour, minute, second) in this order, each shown in full, with
    nothing between them but one style of separators: ``yyyy-mm-dd hh:mm:ss``,
    ``yyyy/m/d``, ``yyyy.mm.dd``, ``yyyy年m月d日 h时mm分ss秒`` (the time's ``:`` may go with any
    date style; a last label, ``日`` after the day, may be left out)."""
    parts: list[tuple[str, str, str]] = []  # (kind, code, literal after it)
    for index, (kind, text) in enumerate(tokens):
        if kind:
            after = tokens[index + 1][1] if index + 1 < len(tokens) and not tokens[index + 1][0] else ""
            parts.append((kind, text, after))
        elif index == 0:
            return BAD  # literal text before the year
    kinds = "".join(kind for kind, _, _ in parts)
    if kinds not in ("ymd", "ymdhm", "ymdhms"):
        return BAD
    roles = "ymd" + kinds[3:].replace("m", "n")
    style = _AFTER.get(parts[0][2])
    if style is None:
        return BAD
    for role, (_, text, after) in zip(roles, parts, strict=True):
        if len(text) not in _WIDTHS[role]:
            return BAD
        key = role + ("+" if role in "dn" and role != roles[-1] else "")
        allowed = {style[key]}
        if style is _AFTER["年"] and role in "hns":
            allowed.add(":" if role != roles[-1] else "")
        if role != "y" and style is not _AFTER["年"] and role in "hns":
            allowed.add(_AFTER["年"][key])
        if role == roles[-1]:
            allowed.add("")
        if after not in allowed:
            return BAD
    return {3: DATE, 5: DATETIME_MINUTES, 6: DATETIME}[len(roles)]


def value_fits(klass: str, value: Any) -> bool:
    """Whether a format of class ``klass`` shows ``value`` (as read) faithfully."""
    if klass == GENERAL:
        return True
    cls = value.__class__
    if cls is str:
        return klass != BAD
    if cls is int or cls is float:
        return klass == INTEGER and (cls is int or bool(value.is_integer()))
    if isinstance(value, dt.datetime):
        if klass == DATETIME:
            return True
        if klass == DATETIME_MINUTES:
            return value.second == 0 and value.microsecond == 0
        if klass == DATE:
            return value.time() == dt.time(0, 0)
    return False


# ---------------------------------------------------------------- colours

_THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                "hlink", "folHlink")
"""SpreadsheetML theme colour indices (0 is lt1, 1 is dk1: the order swaps the first pairs)."""
_OFFICE_THEME = {"lt1": "FFFFFF", "dk1": "000000", "lt2": "E7E6E6", "dk2": "44546A", "accent1": "4472C4",
                 "accent2": "ED7D31", "accent3": "A5A5A5", "accent4": "FFC000", "accent5": "5B9BD5",
                 "accent6": "70AD47", "hlink": "0563C1", "folHlink": "954F72"}


def _hex(text: str) -> RGB | None:
    text = text.strip()
    if len(text) == 8:
        text = text[2:]  # ARGB: spreadsheet programs ignore the alpha byte
    if len(text) != 6:
        return None
    try:
        value = int(text, 16)
    except ValueError:
        return None
    return ((value >> 16) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255)


def _tinted(rgb: RGB, tint: float) -> RGB:
    if not tint:
        return rgb
    h, lightness, s = colorsys.rgb_to_hls(*rgb)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    return colorsys.hls_to_rgb(h, min(max(lightness, 0.0), 1.0), s)


def luminance(rgb: RGB) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _blend(fg: RGB, bg: RGB, share: float) -> RGB:
    r, g, b = (f * share + k * (1 - share) for f, k in zip(fg, bg, strict=True))
    return (r, g, b)


_PATTERN_SHARE = {"gray0625": 0.0625, "gray125": 0.125, "lightgray": 0.25, "mediumgray": 0.5,
                  "darkgray": 0.75}


@dataclass(frozen=True)
class Palette:
    """Indexed and theme colours of a workbook: every theme part present is a candidate."""

    indexed: tuple[RGB, ...]
    themes: tuple[Mapping[str, RGB], ...]

    def resolve(self, attrs: Mapping[str, str], default: RGB) -> tuple[RGB, ...]:
        """The colours a ``<color>``-like element can be drawn in (one per theme)."""
        tint = _float(attrs.get("tint"), 0.0)
        if "rgb" in attrs:
            rgb = _hex(attrs["rgb"])
            return (_tinted(rgb, tint),) if rgb is not None else (default,)
        if "theme" in attrs:
            index = _int(attrs["theme"], -1)
            if not 0 <= index < len(_THEME_ORDER):
                return (default,)
            name = _THEME_ORDER[index]
            return tuple(_tinted(theme.get(name, default), tint) for theme in self.themes)
        if "indexed" in attrs:
            index = _int(attrs["indexed"], -1)
            if 0 <= index < len(self.indexed):
                return (_tinted(self.indexed[index], tint),)
            if index == SYSTEM_BACKGROUND:
                return (WHITE,)
            return (default,)  # 64: the system text colour ("automatic"), and ids out of range
        return (default,)  # auto, or no colour


def _default_indexed() -> tuple[RGB, ...]:
    from openpyxl.styles.colors import COLOR_INDEX

    return tuple(_hex(c) or BLACK for c in COLOR_INDEX)


def read_theme(data: bytes) -> dict[str, RGB]:
    """The colour scheme of a theme part: ``{"dk1": rgb, ...}``."""
    scheme: dict[str, RGB] = {}
    current: list[str] = []
    names = set(_THEME_ORDER)

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local in names and name.startswith(DRAWING_NS):
            current.append(local)
        elif current and local in ("srgbClr", "sysClr") and current[-1] not in scheme:
            rgb = _hex(attrs.get("val", "") if local == "srgbClr" else attrs.get("lastClr", ""))
            if rgb is not None:
                scheme[current[-1]] = rgb

    def end(name: str) -> None:
        if current and name.rpartition(" ")[2] == current[-1]:
            current.pop()

    parse_part(data, start, end)
    return scheme


def read_theme_fonts(data: bytes) -> dict[str, set[str]]:
    """The typefaces of a theme's font scheme, per role: ``{"major": {...}, "minor": {...}}``
    (Latin, East Asian, complex script and per-script fonts, casefolded)."""
    fonts: dict[str, set[str]] = {"major": set(), "minor": set()}
    role: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if not name.startswith(DRAWING_NS):
            return
        local = name.rpartition(" ")[2]
        if local in ("majorFont", "minorFont"):
            role.append(local[:5])
        elif role and local in ("latin", "ea", "cs", "font") and attrs.get("typeface", "").strip():
            fonts[role[-1]].add(attrs["typeface"].strip().casefold())

    def end(name: str) -> None:
        if role and name.rpartition(" ")[2] in ("majorFont", "minorFont"):
            role.pop()

    parse_part(data, start, end)
    return fonts


# ---------------------------------------------------------------- fonts, fills, cell formats


@dataclass(frozen=True, slots=True)
class Font:
    size: float | None = None
    colour: tuple[tuple[str, str], ...] | None = None  # the <color> attributes, sorted
    strike: bool = False
    script: bool = False  # superscript or subscript
    name: str = ""
    symbol_charset: bool = False
    scheme: str = ""  # "minor" or "major": the theme's body or heading font stands for the name


@dataclass(frozen=True)
class Fill:
    pattern: str = "none"
    fg: tuple[tuple[str, str], ...] | None = None
    bg: tuple[tuple[str, str], ...] | None = None
    stops: tuple[tuple[tuple[str, str], ...], ...] = ()


@dataclass(frozen=True)
class Xf:
    num_fmt: int = 0
    font: int = 0
    fill: int = 0
    parent: int | None = None  # xfId, for cellXfs
    horizontal: str = ""
    indent: int = 0
    shrink: bool = False
    right_to_left: bool = False
    rotation: int = 0


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "on")


def _float(value: str | None, default: float) -> float:
    """A finite number, else ``default`` (what a program does with a value it cannot use)."""
    try:
        number = float(value) if value is not None else default
    except ValueError:
        return default
    return number if math.isfinite(number) else default


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _FontBuilder:
    """Collects one ``<font>`` or ``<rPr>``'s children."""

    def __init__(self) -> None:
        self.size: float | None = None
        self.colour: tuple[tuple[str, str], ...] | None = None
        self.strike = False
        self.script = False
        self.name = ""
        self.symbol = False
        self.scheme = ""

    def child(self, local: str, attrs: dict[str, str]) -> None:
        val = attrs.get("val")
        if local == "sz":
            self.size = _float(val, 11.0)
        elif local == "color":
            self.colour = tuple(sorted(attrs.items()))
        elif local == "strike":
            self.strike = _bool(val, True)
        elif local == "vertAlign":
            self.script = (val or "") in ("superscript", "subscript")
        elif local in ("name", "rFont"):
            self.name = (val or "").strip().casefold()
        elif local == "charset":
            self.symbol = val == "2"
        elif local == "scheme":
            self.scheme = (val or "").strip().lower()

    def font(self) -> Font:
        return Font(self.size, self.colour, self.strike, self.script, self.name, self.symbol,
                    self.scheme if self.scheme in ("minor", "major") else "")


def font_problem(font: Font) -> tuple[str, dict[str, Any]] | None:
    """Why text in ``font`` does not show as it is, whatever the fill; None when it does."""
    if font.size is not None:
        shown = font.size * (SCRIPT_SCALE if font.script else 1.0)
        if shown < MIN_FONT_POINTS:
            return "bundle.hide.font_size", {"size": f"{shown:g}"}
        if font.size > MAX_FONT_POINTS:
            return "bundle.hide.font_large", {"size": f"{font.size:g}", "limit": f"{MAX_FONT_POINTS:g}"}
    elif font.script and 11.0 * SCRIPT_SCALE < MIN_FONT_POINTS:  # pragma: no cover - 6.6 pt
        return "bundle.hide.font_size", {"size": f"{11.0 * SCRIPT_SCALE:g}"}
    if font.strike:
        return "bundle.hide.strike", {}
    if font.name in SYMBOL_FONTS or font.symbol_charset:
        return "bundle.hide.symbol_font", {"font": font.name or "charset 2"}
    return None


@dataclass(frozen=True)
class CellLook:
    """What one ``cellXfs`` entry does to the value of a cell (both interpretations)."""

    classes: tuple[str, ...]
    format_code: str
    problem: tuple[str, dict[str, Any]] | None
    text_colours: tuple[RGB, ...]
    backgrounds: tuple[RGB, ...]
    font_size: float


class StyleBook:
    """The cell formats of one ``xl/styles.xml`` (with its workbook's theme colours)."""

    def __init__(self, looks: list[CellLook], palette: Palette,
                 theme_symbols: Mapping[str, list[str]] | None = None) -> None:
        self.looks = looks
        self.palette = palette
        self.theme_symbols = dict(theme_symbols or {})
        """The symbol fonts of the theme's font scheme, per role (``minor``, ``major``)."""
        self.fine = frozenset(i for i, look in enumerate(looks)
                              if look.problem is None and look.classes == (GENERAL,))
        """Styles that show any value as it is: a row using only these needs no other check.
        (With no ``cellXfs`` at all, cells take the defaults: style 0 is fine.)"""
        if not looks:
            self.fine = frozenset((0,))
        self.dates = frozenset(i for i, look in enumerate(looks) if look.problem is None
                               and all(c in (GENERAL, DATE, DATETIME, DATETIME_MINUTES) for c in look.classes))
        """Styles that show a date at midnight as it is (the dates of every bundle)."""
        self._runs: dict[tuple[int, RunLook], tuple[str, dict[str, Any]] | None] = {}

    def cell_problem(self, style: int, value: Any) -> tuple[str, dict[str, Any]] | None:
        """(message code, params) when a cell of style ``style`` does not show ``value`` as
        it is; None when it does. Codes: ``bundle.cell_style`` (no such style),
        ``bundle.number_format``, ``bundle.hidden_text``."""
        if not 0 <= style < len(self.looks):
            if style == 0:  # no cellXfs at all: the defaults (General, 11 pt, no fill)
                return None
            return "bundle.cell_style", {"style": style}
        look = self.looks[style]
        if look.problem is not None:
            return "bundle.hidden_text", {"how": look.problem}
        for klass in look.classes:
            if not value_fits(klass, value):
                return "bundle.number_format", {"format": look.format_code[:60]}
        return None

    def run_problem(self, style: int, runs: RunLook) -> tuple[str, dict[str, Any]] | None:
        """The same for the rich-text runs or phonetic text of a shared string in a cell."""
        key = (style, runs)
        if key not in self._runs:
            self._runs[key] = self._run_problem(style, runs)
        return self._runs[key]

    def _run_problem(self, style: int, runs: RunLook) -> tuple[str, dict[str, Any]] | None:
        if runs.phonetic:
            return "bundle.phonetic", {}
        if runs.loose_space:
            return "bundle.loose_space", {}
        look = self.looks[style] if 0 <= style < len(self.looks) else _DEFAULT_LOOK
        for font in runs.fonts:
            problem = font_problem(font)
            if problem is None and self.theme_symbols.get(font.scheme):
                problem = "bundle.hide.symbol_font", {"font": self.theme_symbols[font.scheme][0]}
            scale = SCRIPT_SCALE if font.script else 1.0
            if problem is None and font.size is None and look.font_size * scale < MIN_FONT_POINTS:
                problem = "bundle.hide.font_size", {"size": f"{look.font_size * SCRIPT_SCALE:g}"}
            if problem is None:
                colours = (self.palette.resolve(dict(font.colour), BLACK) if font.colour is not None
                           else (*look.text_colours, BLACK))
                problem = _contrast_problem(colours, look.backgrounds)
            if problem is not None:
                return "bundle.hidden_text", {"how": problem}
        return None


def _contrast_problem(texts: Iterable[RGB], backgrounds: Iterable[RGB]) -> tuple[str, dict[str, Any]] | None:
    backgrounds = tuple(backgrounds)
    for text in texts:
        for background in backgrounds:
            ratio = contrast(text, background)
            if ratio < MIN_CONTRAST:
                return "bundle.hide.colour", {"text": _rgb_text(text), "fill": _rgb_text(background),
                                              "ratio": f"{ratio:.2f}"}
    return None


def _rgb_text(rgb: RGB) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgb)


_DEFAULT_LOOK = CellLook((GENERAL,), "General", None, (BLACK,), (WHITE,), 11.0)


@dataclass(frozen=True)
class RunLook:
    """The distinct run fonts of a shared string, and whether it holds phonetic text."""

    fonts: tuple[Font, ...]
    phonetic: bool = False
    loose_space: bool = False
    """A ``<t>`` of the string begins or ends with white space without ``xml:space="preserve"``
    (see :meth:`RunCollector.text`)."""

    def merge(self, other: RunLook) -> RunLook:
        fonts = self.fonts + tuple(f for f in other.fonts if f not in self.fonts)
        return RunLook(fonts, self.phonetic or other.phonetic, self.loose_space or other.loose_space)


# ---------------------------------------------------------------- reading styles.xml


class _StylesReader:
    def __init__(self) -> None:
        self.num_fmts: dict[int, str] = {}
        self.fonts: list[Font] = []
        self.fills: list[Fill] = []
        self.style_xfs: list[Xf] = []
        self.cell_xfs: list[Xf] = []
        self.indexed: list[RGB] = []
        self.normal: int | None = None  # the cellStyleXfs entry of the Normal cell style
        self.stack: list[str] = []
        self.font: _FontBuilder | None = None
        self.fill: dict[str, Any] | None = None
        self.xf: dict[str, Any] | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition(" ")
        path = self.stack
        parent = path[-1] if path else ""
        path.append(local if ns == MAIN_NS else "?")
        if ns != MAIN_NS:
            return
        if len(path) == 3 and path[1] == "numFmts" and local == "numFmt":
            self.num_fmts[_int(attrs.get("numFmtId"), -1)] = attrs.get("formatCode", "")
        elif len(path) == 3 and path[1] == "fonts" and local == "font":
            self.font = _FontBuilder()
        elif len(path) == 4 and path[1] == "fonts" and self.font is not None:
            self.font.child(local, attrs)
        elif len(path) == 3 and path[1] == "fills" and local == "fill":
            self.fill = {"pattern": "none", "fg": None, "bg": None, "stops": []}
        elif self.fill is not None and len(path) == 4 and local == "patternFill":
            self.fill["pattern"] = attrs.get("patternType", "none")
        elif self.fill is not None and len(path) == 4 and local == "gradientFill":
            self.fill["pattern"] = "gradient"
        elif self.fill is not None and len(path) == 5 and local in ("fgColor", "bgColor"):
            self.fill[local[:2]] = tuple(sorted(attrs.items()))
        elif self.fill is not None and len(path) == 6 and local == "color" and parent == "stop":
            self.fill["stops"].append(tuple(sorted(attrs.items())))
        elif len(path) == 3 and path[1] in ("cellXfs", "cellStyleXfs") and local == "xf":
            self.xf = {"num_fmt": _int(attrs.get("numFmtId"), 0), "font": _int(attrs.get("fontId"), 0),
                       "fill": _int(attrs.get("fillId"), 0),
                       "parent": _int(attrs.get("xfId"), 0) if path[1] == "cellXfs" else None}
        elif self.xf is not None and len(path) == 4 and local == "alignment":
            self.xf["horizontal"] = attrs.get("horizontal", "")
            self.xf["indent"] = _int(attrs.get("indent"), 0)
            self.xf["shrink"] = _bool(attrs.get("shrinkToFit"), False)
            self.xf["right_to_left"] = attrs.get("readingOrder", "").strip() == "2"
            self.xf["rotation"] = _int(attrs.get("textRotation"), 0)
        elif len(path) == 3 and path[1] == "cellStyles" and local == "cellStyle":
            if attrs.get("builtinId", "").strip() == "0" and self.normal is None:
                self.normal = _int(attrs.get("xfId"), 0)
        elif len(path) == 4 and path[1:3] == ["colors", "indexedColors"] and local == "rgbColor":
            self.indexed.append(_hex(attrs.get("rgb", "")) or BLACK)

    def end(self, _name: str) -> None:
        path = self.stack
        if len(path) == 3:
            if self.font is not None and path[1] == "fonts":
                self.fonts.append(self.font.font())
                self.font = None
            elif self.fill is not None and path[1] == "fills":
                f = self.fill
                self.fills.append(Fill(f["pattern"].lower(), f["fg"], f["bg"], tuple(f["stops"])))
                self.fill = None
            elif self.xf is not None:
                (self.cell_xfs if path[1] == "cellXfs" else self.style_xfs).append(Xf(**self.xf))
                self.xf = None
        path.pop()


def read_styles(styles: bytes | None, themes: Iterable[bytes] = ()) -> StyleBook:
    """The :class:`StyleBook` of a workbook, remembered per distinct parts (every bundle of
    a registry has the same styles: parsed once)."""
    themes = tuple(themes)
    digest = hashlib.sha256()
    for part in (styles or b"", *themes):
        digest.update(len(part).to_bytes(8, "big") + part)
    key = digest.digest()
    with _LOCK:
        book = _BOOKS.get(key)
    if book is None:
        book = _read_styles(styles, themes)
        with _LOCK:
            if len(_BOOKS) >= 32:
                _BOOKS.clear()
            _BOOKS[key] = book
    return book


_BOOKS: dict[bytes, StyleBook] = {}
_LOCK = threading.Lock()


def _read_styles(styles: bytes | None, themes: tuple[bytes, ...]) -> StyleBook:
    reader = _StylesReader()
    if styles:
        parse_part(styles, reader.start, reader.end)
    palette = Palette(tuple(reader.indexed) or _default_indexed(),
                      tuple({**_hex_theme(_OFFICE_THEME), **read_theme(t)} for t in themes)
                      or (_hex_theme(_OFFICE_THEME),))
    theme_fonts: dict[str, set[str]] = {"major": set(), "minor": set()}
    for theme in themes:
        for role, names in read_theme_fonts(theme).items():
            theme_fonts[role] |= names
    symbols = {role: sorted(names & SYMBOL_FONTS) for role, names in theme_fonts.items()}
    normal = _normal_size(reader)
    # a Normal font smaller than the writer's narrows every column for the text of every
    # cell, a rich-text run's included (whose plain fonts are not kept: RunCollector)
    small = ("bundle.hide.font_size", {"size": f"{normal:g}"}) if normal < MAX_FONT_POINTS else None
    looks = [_look(reader, xf, palette, symbols, small) for xf in reader.cell_xfs]
    return StyleBook(looks, palette, symbols)


def _hex_theme(theme: Mapping[str, str]) -> dict[str, RGB]:
    return {name: _hex(value) or BLACK for name, value in theme.items()}


def _normal_size(reader: _StylesReader) -> float:
    """The size of the Normal cell style's font (11 points when it says none): column widths
    are counted in its digits (ECMA-376 Part 1, 18.3.1.13), so a Normal font smaller than the
    writer's makes every column narrower for text in 11 points (the writer's and LibreOffice's
    Normal font is 11 points)."""
    index = reader.normal if reader.normal is not None else 0
    if not 0 <= index < len(reader.style_xfs):
        return MAX_FONT_POINTS
    font = reader.style_xfs[index].font
    size = reader.fonts[font].size if 0 <= font < len(reader.fonts) else None
    return MAX_FONT_POINTS if size is None else size


def _look(reader: _StylesReader, xf: Xf, palette: Palette, theme_symbols: Mapping[str, list[str]],
          normal_problem: tuple[str, dict[str, Any]] | None = None) -> CellLook:
    """``theme_symbols``: the symbol fonts of the theme's font scheme, per role; a font with
    ``<scheme val="minor"/>`` is drawn in the theme's body font (Excel; ECMA-376 Part 1,
    18.8.35), whatever its ``<name>`` says. ``normal_problem``: the problem of every cell when
    the Normal style's font is smaller than the writer's (:func:`_normal_size`)."""
    chain = [xf]
    # LibreOffice takes what a cell format does not apply from its parent; and it drew
    # every cell of a bundle with the Normal style's format (cellStyles builtinId="0")
    # when that style pointed to another cellStyleXfs entry than the cells' parent (";;;":
    # nothing shown): both are checked
    for parent in (xf.parent, reader.normal):
        if parent is not None and 0 <= parent < len(reader.style_xfs) and reader.style_xfs[parent] not in chain[1:]:
            chain.append(reader.style_xfs[parent])
    classes: list[str] = []
    code = ""
    problem: tuple[str, dict[str, Any]] | None = normal_problem
    texts: list[RGB] = []
    backgrounds: list[RGB] = []
    size = 11.0
    for entry in chain:
        custom = reader.num_fmts.get(entry.num_fmt)
        if custom is not None:
            klass, shown = format_class(custom), custom
        else:
            klass, shown = _BUILTIN.get(entry.num_fmt, BAD), _builtin_code(entry.num_fmt)
        if klass not in classes:
            classes.append(klass)
        if not code or klass == BAD:
            code = shown
        font = reader.fonts[entry.font] if 0 <= entry.font < len(reader.fonts) else Font()
        problem = problem or font_problem(font)
        if problem is None and theme_symbols.get(font.scheme):
            problem = "bundle.hide.symbol_font", {"font": theme_symbols[font.scheme][0]}
        size = min(size, font.size) if font.size is not None else size
        texts.extend(palette.resolve(dict(font.colour), BLACK) if font.colour is not None else (BLACK,))
        fill = reader.fills[entry.fill] if 0 <= entry.fill < len(reader.fills) else Fill()
        backgrounds.extend(_backgrounds(fill, palette))
        if problem is None:
            problem = _alignment_problem(entry)
    problem = problem or _contrast_problem(texts, backgrounds)
    return CellLook(tuple(classes), code, problem, tuple(dict.fromkeys(texts)),
                    tuple(dict.fromkeys(backgrounds)), size)


def _builtin_code(number: int) -> str:
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    return str(BUILTIN_FORMATS.get(number, f"#{number}"))


def _alignment_problem(xf: Xf) -> tuple[str, dict[str, Any]] | None:
    if xf.horizontal == "fill":
        return "bundle.hide.fill_alignment", {}
    if xf.shrink:
        return "bundle.hide.shrink", {}
    if xf.indent > MAX_INDENT:
        return "bundle.hide.indent", {"indent": xf.indent}
    if xf.right_to_left:  # LibreOffice draws "[2022]沪量标证字第0008号" as "沪量标证字第0008号]2022["
        return "bundle.hide.right_to_left", {}
    if xf.rotation:  # 90 degrees, or 255 (stacked): the text runs down a row one line high
        return "bundle.hide.rotation", {"angle": xf.rotation}
    return None


def _backgrounds(fill: Fill, palette: Palette) -> tuple[RGB, ...]:
    """The colours text of a cell with ``fill`` is drawn over (patterns as a blend)."""
    fg = palette.resolve(dict(fill.fg), BLACK) if fill.fg is not None else (BLACK,)
    bg = palette.resolve(dict(fill.bg), WHITE) if fill.bg is not None else (WHITE,)
    if fill.pattern == "gradient":
        return tuple(c for stop in fill.stops for c in palette.resolve(dict(stop), WHITE)) or (WHITE,)
    if fill.pattern == "none":
        return (WHITE,)
    if fill.pattern == "solid":
        return fg
    share = _PATTERN_SHARE.get(fill.pattern, 0.75 if fill.pattern.startswith("dark") else 0.5)
    return tuple(_blend(f, b, share) for f in fg for b in bg)


# ---------------------------------------------------------------- shared strings

_XML_SPACE = " \t\n\r"
"""White space as XML defines it: what ``xml:space="preserve"`` is about."""


class RunCollector:
    """Fed the elements of the shared-string table by :func:`.strings.read_shared_strings`:
    the run fonts (``<r><rPr>``) and phonetic text (``<rPh>``) of each ``<si>``. Runs whose
    font shows text as the cell's own font does (LibreOffice writes one, in the cell's size
    and colour, for each change between CJK and Latin script) are not kept: the look of a
    string is None unless it has phonetic text or a run of another look."""

    ELEMENTS = ("rPr", "sz", "color", "strike", "vertAlign", "rFont", "charset", "scheme", "rPh")
    """The local names it is fed (main namespace); the caller skips all others."""

    def __init__(self) -> None:
        self.fonts: list[Font] = []
        self.phonetic = False
        self.builder: _FontBuilder | None = None
        self.interned: dict[RunLook, RunLook] = {}
        self.plain: dict[Font, bool] = {}
        self.loose = False

    def start(self, local: str, attrs: dict[str, str], in_run: bool) -> None:
        """``local`` is one of :data:`ELEMENTS`; ``in_run``: its parent is an ``<r>``."""
        if local == "rPr":
            if in_run:
                self.builder = _FontBuilder()
        elif local == "rPh":
            self.phonetic = True
        elif self.builder is not None:
            self.builder.child(local, attrs)

    def end_properties(self) -> None:
        builder = self.builder
        if builder is None:
            return
        self.builder = None
        font = builder.font()
        plain = self.plain.get(font)
        if plain is None:
            plain = self.plain[font] = (font.colour is None and font_problem(font) is None and not font.scheme
                                        and not (font.size is None and font.script))
        if not plain and font not in self.fonts:
            self.fonts.append(font)

    def text(self, piece: str, preserved: bool) -> None:
        """A ``<t>`` of the string (its own, or a run's): white space at either end of it
        without ``xml:space="preserve"`` is kept by openpyxl and this reader (the digest covers
        it) and, as XML allows, dropped by other readers (Excel's, by the format's rule), which
        would then show other text, and join two runs without the space between them. The
        writer writes ``preserve`` on every such text (and LibreOffice on every text)."""
        if not preserved and piece and (piece[0] in _XML_SPACE or piece[-1] in _XML_SPACE):
            self.loose = True

    def finish(self, text: str = "") -> RunLook | None:
        """The look of the string ``text`` just closed. A string of white space alone shows
        nothing whichever way it is read (the writer and openpyxl write one without ``preserve``)."""
        loose = self.loose and bool(text.strip(_XML_SPACE))
        self.loose = False
        if not self.fonts and not self.phonetic and not loose:
            return None
        look = RunLook(tuple(self.fonts), self.phonetic, loose)
        self.fonts, self.phonetic = [], False
        return self.interned.setdefault(look, look)


# ---------------------------------------------------------------- XML


def parse_part(data: bytes, start: Any, end: Any, chars: Any = None) -> None:
    """Parse a small part (pre-flighted: no DTD, nesting capped) with namespaces."""
    depth = 0

    def on_start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise ValueError("nested too deeply")
        start(name, attrs)

    def on_end(name: str) -> None:
        nonlocal depth
        depth -= 1
        end(name)

    def forbid(*_: Any) -> None:
        raise ValueError("DTD")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    if chars is not None:
        parser.CharacterDataHandler = chars
        parser.buffer_text = True
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.Parse(data, True)


__all__ = ["CellLook", "RunCollector", "RunLook", "StyleBook", "contrast", "format_class", "parse_part",
           "read_styles", "value_fits"]
