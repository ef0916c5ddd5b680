"""Fonts for certificates: every character of a signed value is drawn from a font that has it.

Where the font comes from, first usable wins:

1. ``LABREGISTRY_CJK_FONT`` (env) or the ``configured`` argument (the registry setting
   ``certificates.cjk_font``): a path, ``path#N`` for subfont N of a ``.ttc`` collection,
   or ``builtin`` to use the fallback below without searching.
2. The system's fonts: Windows (``%WINDIR%\\Fonts``: simsun.ttc, simhei.ttf, msyh.ttc ...,
   and the per-user font folder), macOS (``/System/Library/Fonts``: STHeiti, PingFang,
   Songti, Hiragino Sans GB, Arial Unicode), Linux (``fc-list :lang=zh``, then the usual
   paths of WenQuanYi, AR PL, Droid Sans Fallback).
3. Otherwise reportlab's built-in CID font ``STSong-Light`` (Adobe-GB1): not embedded, so
   the reader's viewer supplies the glyphs, but the text is real text that extracts.

A candidate is usable when reportlab's ``TTFont`` loads it (it refuses CFF-based
``.otf``/``.ttc`` such as Noto Sans CJK) and it has a glyph for every character of
:data:`PROBE`. The chosen font is embedded as a subset (reportlab does that for TTFont).

Per-glyph fallback (``docs/certificate-fonts.md``): each character is drawn from the first
font of this chain that has a glyph for it:

1. the CJK font above (a TrueType font, or the CID font when none was found);
2. Latin TrueType fonts with the symbols of measurement values (superscripts ``⁻⁰¹²³⁴⁵⁶⁷⁸⁹``,
   ``℃ µ μ Ω ‰ ± × ≤ ≥ √ °``): DejaVu Sans (Debian ``fonts-dejavu-core``) on Linux, Segoe UI,
   Segoe UI Symbol, Cambria (Math) and Arial on Windows 10/11, Arial Unicode on macOS;
   ``LABREGISTRY_SYMBOL_FONT`` adds one of your own first;
3. the CID font ``STSong-Light`` for a Chinese character none of them has: it is trusted for
   the characters GBK encodes and CJK Extension A (Adobe-GB1-4), nothing else.

:meth:`FontSet.missing` names the characters no font of the chain has: a certificate holding
one is refused (:mod:`.layout`), never printed with a character dropped or replaced.
:meth:`FontSet.runs` and :meth:`FontSet.markup` split text into runs of one font each. The
TrueType fonts are embedded as subsets with a ToUnicode map, so the PDF's text layer
extracts to the characters recorded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import threading
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import SUBSETN, TTFError, TTFont

log = logging.getLogger(__name__)

FONT_ENV = "LABREGISTRY_CJK_FONT"
SYMBOL_FONT_ENV = "LABREGISTRY_SYMBOL_FONT"
FONT_SETTING = "certificates.cjk_font"
BUILTIN = "builtin"
CID_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
MONO_FONT = "Courier"

#: Characters every certificate prints; a font missing any of them is not used.
PROBE = "计量标准能力证明机构声明签发人盖章第页共年月日号证书编码范围准确度有效期至统一社会信用代码"

# Well-known CJK TrueType fonts, in order of preference (Song/Hei styles a lab uses on paper).
WINDOWS_FONTS = ("simsun.ttc", "simhei.ttf", "msyh.ttc", "msyh.ttf", "simkai.ttf", "simfang.ttf", "Deng.ttf")
MACOS_FONTS = (
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
)
LINUX_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
)


#: Latin TrueType fonts that carry the symbols of measurement values, in order of preference.
WINDOWS_SYMBOL_FONTS = ("segoeui.ttf", "seguisym.ttf", "cambria.ttc", "arial.ttf", "times.ttf")
MACOS_SYMBOL_FONTS = (
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
)
LINUX_SYMBOL_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian, Ubuntu: fonts-dejavu-core
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",  # Fedora
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",  # Arch
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
)


@dataclass(frozen=True)
class FontCandidate:
    path: Path
    index: int | None = None  # subfont of a collection; None: try each
    source: str = "system"


@dataclass(frozen=True)
class FallbackFont:
    """A registered TrueType font drawn for the characters the fonts before it lack."""

    name: str  # reportlab's registered name
    family: str
    path: Path
    covered: frozenset[int] = field(repr=False)


def cid_covers(ch: str) -> bool:
    """Whether the CID font ``STSong-Light`` (Adobe-GB1) is trusted with ``ch``: GBK encodes it,
    or it is in CJK Extension A (GB 18030-2000, Adobe-GB1-4).

    The font is not embedded, so its coverage cannot be read from a file here; what pdftotext
    reads back of it was checked for these ranges (tests/certificates/test_exact_text.py)."""
    if 0x3400 <= ord(ch) <= 0x4DB5:
        return True
    if ch in _CID_UNMAPPED:
        return False
    try:
        ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return drawable(ch)


#: GBK characters that Python's codec maps but the ``UniGB-UCS2-H`` CMap does not (they read back
#: as nothing): found by drawing every GBK character in the CID font and reading it with pdftotext.
_CID_UNMAPPED = frozenset(
    "\u00b7\u0144\u0148\u0251\u0261\uf979\uf995\uf9e7\uf9f1\ufa0c\ufe31"
    + "".join(chr(c) for c in range(0xFE33, 0xFE45))
)


_BLANKS = "\n\r\t "
#: Drawn together from one font (see :meth:`FontSet.font_for`).
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ"


def drawable(ch: str) -> bool:
    """A character that shows on paper: not a control, format, surrogate or unassigned code point
    (a font may map those to a glyph, but it prints nothing a reader can see)."""
    return ch in _BLANKS or unicodedata.category(ch)[0] != "C"


@dataclass
class FontSet:
    """The fonts a certificate uses: ``body`` (CJK) plus Latin and monospace faces."""

    body: str
    path: Path | None
    subfont_index: int
    source: str  # env / setting / system / builtin
    family: str = ""
    latin: str = LATIN_FONT
    mono: str = MONO_FONT
    cid: str = CID_FONT
    problems: tuple[str, ...] = ()
    _covered: frozenset[int] | None = field(default=None, repr=False)  # the body's; None: the CID body
    fallbacks: tuple[FallbackFont, ...] = ()
    _super: str | None = field(default=None, repr=False, compare=False)  # see _superscript_font
    _plain: frozenset[int] | None = field(default=None, repr=False, compare=False)  # see _all_body

    @property
    def embedded(self) -> bool:
        """True when the CJK font is a TrueType font embedded (as a subset) in the PDF."""
        return self.path is not None

    def _body_covers(self, ch: str) -> bool:
        if self._covered is None:
            return cid_covers(ch)
        return ord(ch) in self._covered or ch in _BLANKS

    def font_for(self, ch: str) -> str | None:
        """The first font of the chain (module docstring) with a glyph for ``ch``; None: no font has one.

        Superscripts go together to the first font that has all of them, so that an exponent
        such as ``⁻¹⁰`` is drawn in one face even when the CJK font has ``¹`` but not ``⁻⁰``."""
        if not drawable(ch):
            return None
        if ch in SUPERSCRIPTS:
            together = self._superscript_font()
            if together is not None:
                return together
        if self._body_covers(ch):
            return self.body
        code = ord(ch)
        for fallback in self.fallbacks:
            if code in fallback.covered:
                return fallback.name
        if self._covered is not None and cid_covers(ch):
            return self.cid
        return None

    def covers(self, ch: str) -> bool:
        return self.font_for(ch) is not None

    def _all_body(self, text: str) -> bool:
        """The fast path: every character of ``text`` is the TrueType body's (no superscript moved away)."""
        if self._covered is None:
            return False
        if self._plain is None:
            moved = self._superscript_font() not in (None, self.body)
            self._plain = self._covered - frozenset(map(ord, SUPERSCRIPTS)) if moved else self._covered
        plain = self._plain
        return all(ord(c) in plain for c in text)

    def _superscript_font(self) -> str | None:
        if self._super is None:
            codes = [ord(c) for c in SUPERSCRIPTS]
            found = ""
            if all(self._body_covers(c) for c in SUPERSCRIPTS):
                found = self.body
            else:
                found = next((f.name for f in self.fallbacks if all(c in f.covered for c in codes)), "")
            self._super = found
        return self._super or None

    def missing(self, text: str) -> list[str]:
        """The distinct characters of ``text`` that no font of the chain has, in order of appearance."""
        if self._all_body(text) and text.isprintable():
            return []
        out: list[str] = []
        for ch in text:
            if ch not in out and self.font_for(ch) is None:
                out.append(ch)
        return out

    def runs(self, text: str) -> Iterator[tuple[str, str]]:
        """``(font name, text)`` pieces, each in the first font of the chain that has its characters.

        A character no font has (refused before rendering, see :meth:`missing`) stays in the body font."""
        if self._all_body(text):
            if text:
                yield self.body, text
            return
        current, buf = self.body, list[str]()
        for ch in text:
            font = self.font_for(ch) or self.body
            if font != current and buf:
                yield current, "".join(buf)
                buf = []
            current = font
            buf.append(ch)
        if buf:
            yield current, "".join(buf)

    def markup(self, text: str) -> str:
        """``text`` escaped for a reportlab Paragraph, with fallback runs wrapped in ``<font>``."""
        parts = []
        for font, piece in self.runs(text):
            safe = escape(piece).replace("\n", "<br/>")
            parts.append(safe if font == self.body else f'<font face="{font}">{safe}</font>')
        return "".join(parts)

    def describe(self) -> dict[str, object]:
        """What ``certificate --json`` reports about the font."""
        return {
            "name": self.family or self.body,
            "path": str(self.path) if self.path else None,
            "subfont_index": self.subfont_index if self.path else None,
            "embedded": self.embedded,
            "source": self.source,
            "fallbacks": [{"name": f.family, "path": str(f.path)} for f in self.fallbacks],
        }


_lock = threading.Lock()
_cache: dict[tuple[object, ...], FontSet] = {}


def resolve_fonts(
    configured: str | None = None,
    *,
    env: str | None = None,
    search: Iterable[FontCandidate] | None = None,
    symbols: Iterable[FontCandidate] | None = None,
) -> FontSet:
    """The font set to print with (rules in the module docstring); cached per process.

    ``env`` defaults to the ``LABREGISTRY_CJK_FONT`` variable; ``search`` replaces the
    system search (tests pass ``[]`` to force the built-in fallback); ``symbols`` replaces the
    search for the Latin fallback fonts (``[]``: none).
    """
    env_value = os.environ.get(FONT_ENV) if env is None else env
    search_list = None if search is None else tuple(search)
    symbol_list = tuple(symbol_candidates()) if symbols is None else tuple(symbols)
    key = (
        env_value or None,
        configured or None,
        None if search_list is None else tuple(map(str, search_list)),
        tuple(map(str, symbol_list)),
    )
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
        fonts = _resolve(env_value or None, configured or None, search_list)
        fonts = replace(fonts, fallbacks=_fallbacks(symbol_list, fonts.path))
        _cache[key] = fonts
        log.info("certificate font: %s", fonts.describe())
        return fonts


def _fallbacks(candidates: tuple[FontCandidate, ...], body: Path | None) -> tuple[FallbackFont, ...]:
    """The Latin fallback fonts that load (the CJK body's own file is not repeated)."""
    out: list[FallbackFont] = []
    for candidate in candidates:
        path = candidate.path
        if not path.is_file() or (body is not None and path.resolve() == body.resolve()):
            continue
        index = candidate.index or 0
        name = "LRSYM-" + hashlib.sha256(f"{path.resolve()}#{index}".encode()).hexdigest()[:10]
        try:
            font = _registered(name) or TTFont(name, str(path), subfontIndex=index)
        except (TTFError, OSError, ValueError, KeyError, IndexError) as exc:
            log.info("symbol font %s not usable: %s", path, exc)
            continue
        if _registered(name) is None:
            _cache_tables(font)
            pdfmetrics.registerFont(font)
        if any(f.name == name for f in out):
            continue
        out.append(FallbackFont(name, _family(font), path, frozenset(font.face.charToGlyph)))
    return tuple(out)


def symbol_candidates() -> list[FontCandidate]:
    """Latin fonts with the symbols of measurement values on this machine, best first
    (``LABREGISTRY_SYMBOL_FONT`` first when set)."""
    found: list[FontCandidate] = []
    own = os.environ.get(SYMBOL_FONT_ENV, "").strip()
    if own:
        found.append(parse_spec(own, "env"))
    if sys.platform.startswith("win"):
        found += [FontCandidate(folder / name) for folder in _windows_folders() for name in WINDOWS_SYMBOL_FONTS]
    elif sys.platform == "darwin":
        found += [FontCandidate(Path(p)) for p in MACOS_SYMBOL_FONTS]
    else:
        found += [FontCandidate(Path(p)) for p in LINUX_SYMBOL_FONTS]
    seen: set[str] = set()
    out = []
    for c in found:
        if str(c.path) not in seen and c.path.is_file():
            seen.add(str(c.path))
            out.append(c)
    return out


def _resolve(
    env_value: str | None, configured: str | None, search: tuple[FontCandidate, ...] | None
) -> FontSet:
    problems: list[str] = []
    for value, source in ((env_value, "env"), (configured, "setting")):
        if not value:
            continue
        if value.strip().lower() in (BUILTIN, "none", "cid"):
            return builtin_fonts(source, tuple(problems))
        candidate = parse_spec(value, source)
        fonts = _try(candidate, problems)
        if fonts is not None:
            return fonts
    for candidate in system_candidates() if search is None else search:
        fonts = _try(candidate, problems)
        if fonts is not None:
            return fonts
    return builtin_fonts("builtin", tuple(problems))


def parse_spec(value: str, source: str) -> FontCandidate:
    """``path`` or ``path#N`` (subfont N of a collection)."""
    text = value.strip()
    path, sep, index = text.rpartition("#")
    if sep and index.isdecimal():  # "²".isdigit() is true, int("²") raises
        return FontCandidate(Path(path).expanduser(), int(index), source)
    return FontCandidate(Path(text).expanduser(), None, source)


def builtin_fonts(source: str = "builtin", problems: tuple[str, ...] = ()) -> FontSet:
    """The CID fallback (``STSong-Light``): always available, never embedded."""
    _register_cid()
    return FontSet(
        body=CID_FONT, path=None, subfont_index=0, source=source, family=CID_FONT, problems=problems
    )


def _register_cid() -> None:
    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))


def _try(candidate: FontCandidate, problems: list[str]) -> FontSet | None:
    path = candidate.path
    if not path.is_file():
        if candidate.source != "system":
            problems.append(f"{path}: not found")
            log.warning("configured certificate font %s (%s) not found", path, candidate.source)
        return None
    indices: Iterable[int] = (
        (candidate.index,) if candidate.index is not None else range(_subfont_count(path))
    )
    for index in indices:
        name = "LRCJK-" + hashlib.sha256(f"{path.resolve()}#{index}".encode()).hexdigest()[:10]
        try:
            font = _registered(name) or SeededTTFont(name, str(path), subfontIndex=index)
        except (TTFError, OSError, ValueError, KeyError, IndexError) as exc:  # CFF outlines, damaged file
            problems.append(f"{path}#{index}: {exc}")
            log.info("certificate font %s#%d not usable: %s", path, index, exc)
            continue
        covered = frozenset(font.face.charToGlyph)
        missing = [ch for ch in PROBE if ord(ch) not in covered]
        if missing:
            problems.append(f"{path}#{index}: no glyph for {''.join(missing[:5])}")
            continue
        if _registered(name) is None:
            _cache_tables(font)
            pdfmetrics.registerFont(font)
        _register_cid()
        family = _family(font)
        return FontSet(
            body=name,
            path=path,
            subfont_index=index,
            source=candidate.source,
            family=family,
            problems=tuple(problems),
            _covered=covered,
        )
    return None


class SeededTTFont(TTFont):  # type: ignore[misc]
    """reportlab's TTFont, whose first subset font holds :attr:`seed`'s characters first.

    reportlab numbers a document's characters in the order it first draws them, 256 to an
    embedded subset font; a certificate starts with the institute's name, so every one
    embedded a different first subset of mostly the same characters (its own wording).
    With the wording's characters placed first (as many as the first subset holds), and
    the document's other characters from the next subset on, the first subset is the same
    font file in every document: it is made and compressed once per process, which were a
    tenth of a certificate's time. The PDF shows and extracts the same text either way.
    """

    seed = ""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._fixed: list[tuple[int, ...]] = []  # the subsets the seed fills, the same in every document
        self._made: dict[tuple[int, ...], bytes] = {}  # their subset font files
        self._packed: dict[str, bytes] = {}  # their compressed streams, by object name
        self._seed_lock = threading.Lock()

    def set_seed(self, characters: str) -> None:
        """The characters to place first (once, before the font draws in any document)."""
        with self._seed_lock:
            if not self.seed:
                self.seed = characters

    def splitString(self, text: str, doc: object, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        if self.seed and doc not in self.state:
            self._start(doc)
        return super().splitString(text, doc, encoding)  # type: ignore[no-any-return]

    def _start(self, doc: object) -> None:
        """Number the seed's characters first, then move to the next subset for the document's own."""
        super().splitString(self.seed, doc)
        state = self.state[doc]
        state.nextCode = 256 * len(state.subsets)  # reportlab starts a new subset at the next character
        fixed = [tuple(subset) for subset in state.subsets]
        if self._fixed != fixed:
            with self._seed_lock:
                self._fixed, self._made, self._packed = fixed, {}, {}

    def addObjects(self, doc: object) -> None:
        state = self.state.get(doc)
        fixed = len(self._fixed) if state is not None and self.seed else 0
        names = [self._subset_name(n) for n in range(fixed)]
        super().addObjects(doc)
        for name in names:
            for key in (f"fontFile:{self.face.filename}({name})", f"toUnicodeCMap:{name}"):
                self._pack(doc, key)

    def _subset_name(self, n: int) -> str:
        face = self.face
        return str((b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX))).decode("pdfdoc"))

    def _pack(self, doc: object, key: str) -> None:
        """Give a fixed subset's stream its compressed bytes from the first document that made them:
        what reportlab would write (zlib's default level, ``/Filter [ /FlateDecode ]``)."""
        stream = getattr(doc, "idToObject", {}).get(key)
        if not isinstance(stream, pdfdoc.PDFStream) or stream.filters != [pdfdoc.PDFZCompress] \
                or "Filter" in stream.dictionary.dict:
            return
        packed = self._packed.get(key)
        if packed is None:
            content = stream.content.encode("utf8") if isinstance(stream.content, str) else stream.content
            packed = self._packed[key] = zlib.compress(content)
        stream.content = packed
        stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])

    def made_subset(self, subset: list[int], make: object) -> bytes:
        """A fixed subset's font file, made once; any other subset made each time."""
        key = tuple(subset)
        if key not in self._fixed:
            return make(subset)  # type: ignore[operator,no-any-return]
        data = self._made.get(key)
        if data is None:
            data = self._made[key] = make(subset)  # type: ignore[operator]
        return data


def _cache_tables(font: TTFont) -> None:
    """Keep the font's tables instead of slicing them out of the file for every subset.

    reportlab copies the whole ``glyf`` table (14 MB for WenQuanYi Zen Hei) each time it
    makes a subset, twice per certificate; the tables never change, so one copy serves all.
    """
    face = font.face
    original = face.get_table
    tables: dict[object, bytes] = {}

    def get_table(tag: object) -> bytes:
        data = tables.get(tag)
        if data is None:
            data = tables[tag] = original(tag)
        return data

    face.get_table = get_table
    if isinstance(font, SeededTTFont):
        make = face.makeSubset
        face.makeSubset = lambda subset: font.made_subset(subset, make)


def _registered(name: str) -> TTFont | None:
    try:
        font = pdfmetrics.getFont(name)
    except KeyError:
        return None
    return font if isinstance(font, TTFont) else None


def _family(font: TTFont) -> str:
    raw = getattr(font.face, "name", b"")
    return raw.decode("latin-1") if isinstance(raw, bytes) else str(raw)


def _subfont_count(path: Path) -> int:
    """How many fonts a ``.ttc`` holds (1 for a plain font file)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
    except OSError:
        return 1
    if head[:4] == b"ttcf" and len(head) == 12:
        return max(1, min(int.from_bytes(head[8:12], "big"), 16))
    return 1


# ---------------------------------------------------------------- the system search


def system_candidates() -> list[FontCandidate]:
    """Font files to try on this machine, best first (duplicates removed)."""
    found: list[FontCandidate] = []
    if sys.platform.startswith("win"):
        found += _windows()
    elif sys.platform == "darwin":
        found += [FontCandidate(Path(p)) for p in MACOS_FONTS]
    else:
        found += [FontCandidate(Path(p)) for p in LINUX_FONTS]
        found += _fontconfig()
    seen: set[tuple[str, int | None]] = set()
    out = []
    for c in found:
        key = (str(c.path), c.index)
        if key not in seen and c.path.is_file():
            seen.add(key)
            out.append(c)
    return out


def _windows_folders() -> list[Path]:
    folders = []
    for var in ("WINDIR", "SystemRoot"):
        base = os.environ.get(var)
        if base:
            folders.append(Path(base) / "Fonts")
    folders.append(Path("C:/Windows/Fonts"))
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return folders


def _windows() -> list[FontCandidate]:
    return [FontCandidate(folder / name) for folder in _windows_folders() for name in WINDOWS_FONTS]


def _fontconfig() -> list[FontCandidate]:
    """TrueType fonts fontconfig knows for Chinese (CFF-based ones are skipped)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "-f", "%{file}|%{index}|%{fontformat}\n"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in sorted(out.splitlines()):
        file, _, rest = line.partition("|")
        index, _, fmt = rest.partition("|")
        if fmt.strip() not in ("TrueType", "") or not file:
            continue
        found.append(FontCandidate(Path(file), int(index) if index.strip().isdigit() else None))
    return found


def clear_cache() -> None:
    """Forget the resolved fonts (after the setting changed)."""
    with _lock:
        _cache.clear()
