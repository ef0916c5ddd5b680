"""Which characters text may hold, and how untrusted text is shown: text that cannot act or deceive.

The one rule behind ``docs/security.md`` ("Text that cannot act or deceive"): the domain's
validation refuses these characters in every field (:func:`labregistry.domain.validation.text_issue`),
the bundle and key card readers refuse them in signed data, and every message that echoes a
value shows them escaped (:func:`visible` in :func:`labregistry.i18n.tr`, the command line's
output streams, the app's message boxes). A leaf module with no imports of the project, so
that :mod:`labregistry.i18n`, which every module imports, can use it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Refused in every text field at every entry point, and shown escaped in every message:
# - control characters: C0 except tab, line feed and carriage return (which every field
#   folds into single spaces, see :func:`.domain.text.clean`), DEL and C1. They act on terminals (ANSI
#   escapes start with ESC) and XML 1.0 cannot hold most of them;
# - every format character (Unicode category Cf): the bidi embeddings, overrides and
#   isolates (U+202A-U+202E, U+2066-U+2069) and marks (U+200E, U+200F, U+061C) reorder what
#   a person reads (浙江 shown as 江浙); the zero-width ones (U+200B-U+200D, U+2060,
#   U+FEFF, U+00AD) make two texts that look the same differ. None has a place in a
#   registry's Chinese and English text: ZWJ/ZWNJ only shape emoji and Indic or Arabic
#   script, U+FEFF inside text is a byte-order mark pasted by accident;
# - the invisible letters that render as nothing (U+034F, the Hangul fillers U+115F,
#   U+1160, U+3164, U+FFA0): the same deception as the zero-width characters;
# - lone surrogates (undecodable bytes in a command-line argument): no database stores them.
# Variation selectors stay allowed: they pick the glyph of a Han character in names.
_CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_FORMAT_CHARS = (  # category Cf as of Unicode 15.1 (tests check the running Python's is included)
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_INVISIBLE_LETTERS = "\u034f\u115f\u1160\u3164\uffa0"
_SURROGATES = "\ud800-\udfff"
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""The characters that change the order in which text is shown (Unicode bidi controls)."""

_INVISIBLE_LETTER = re.compile(f"[{_INVISIBLE_LETTERS}]")
_UNSAFE = f"{_CONTROL_CHARS}{_FORMAT_CHARS}{_INVISIBLE_LETTERS}{_SURROGATES}"
UNSAFE_TEXT = re.compile(f"[{_UNSAFE}]")
"""Matches a character that no text field may hold."""
# shown escaped in a message's parameters: the unsafe ones, and the line breaks and tabs
# a one-line message must not hold (a value that forges a line of output)
_SHOWN_ESCAPED = re.compile(f"[\t\n\r\u2028\u2029{_UNSAFE}]")
# in whole output (the command line's stdout and stderr, the app's messages), where the
# output's own line feeds and tabs stay
_OUTPUT_ESCAPED = re.compile(f"[\r\u2028\u2029{_UNSAFE}]")


def _surely_safe(text: str) -> bool:
    """True when ``text`` holds no unsafe character, decided fast for almost every text:
    every unsafe character but the invisible letters is one Python does not print (Cc,
    Cf, Cs), and ``isprintable`` is several times faster than the regular expression.
    (Text with a full-width space or a line break is not printable: the regular
    expression decides then.)"""
    return text.isprintable() and _INVISIBLE_LETTER.search(text) is None


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` that no text field may hold, or None."""
    if _surely_safe(text):
        return None
    match = UNSAFE_TEXT.search(text)
    return match.group() if match else None


def unsafe_index(values: Sequence[object]) -> int | None:
    """The index of the first text among ``values`` holding an unsafe character, or None.

    One look at the texts joined: a column of a hundred thousand values is checked at the
    speed of one ``str.isprintable`` (see :func:`_surely_safe`).
    """
    texts = [v for v in values if isinstance(v, str)]
    if not texts or unsafe_character("".join(texts)) is None:
        return None
    for index, value in enumerate(values):
        if isinstance(value, str) and unsafe_character(value) is not None:
            return index
    return None  # pragma: no cover - the joined search found one


def character_code(char: str) -> str:
    """``'U+202E'``."""
    return f"U+{ord(char):04X}"


def character_kind(char: str) -> str:
    """``'bidi'`` (reorders text), ``'control'`` (acts on terminals) or ``'invisible'``."""
    if char in BIDI_CONTROLS:
        return "bidi"
    if ord(char) < 0xA0:
        return "control"
    return "invisible"


_KIND_LABELS = {
    "bidi": ("文字方向控制字符", "text direction control character"),
    "control": ("控制字符", "control character"),
    "invisible": ("不可见字符", "invisible character"),
}


def character_params(char: str) -> dict[str, str]:
    """The message parameters that name ``char``: ``char`` (U+202E), ``char_name``
    (RIGHT-TO-LEFT OVERRIDE) and ``kind_zh``/``kind_en`` (文字方向控制字符 / text direction
    control character), for messages in either language."""
    kind_zh, kind_en = _KIND_LABELS[character_kind(char)]
    name = unicodedata.name(char, "") or kind_en
    return {"char": character_code(char), "char_name": name, "kind_zh": kind_zh, "kind_en": kind_en}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in "\t\n\r":
        return {"\t": "\\t", "\n": "\\n", "\r": "\\r"}[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` for a one-line message: every unsafe character, line break and tab written
    as its escape (``\\u202e``, ``\\x1b``, ``\\n``), so an echoed value can neither act on a
    terminal nor reorder, hide or add lines of what the user reads."""
    if _surely_safe(text):  # line breaks and tabs are not printable either
        return text
    return _SHOWN_ESCAPED.sub(_escaped, text)


def visible_output(text: str) -> str:
    """:func:`visible` for whole output, which keeps its own line feeds and tabs."""
    if _surely_safe(text):
        return text
    return _OUTPUT_ESCAPED.sub(_escaped, text)


def _json_escaped(match: re.Match[str]) -> str:
    char = match.group()
    if ord(char) < 0x10000:
        return f"\\u{ord(char):04x}"
    code = ord(char) - 0x10000  # a UTF-16 surrogate pair, as JSON writes characters beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(document: str) -> str:
    """JSON text (from ``json.dumps``) with every unsafe character inside its strings written
    as a ``\\uXXXX`` escape: the same data for a JSON reader, inert on a terminal. (Outside
    strings JSON holds none: ``json.dumps`` escapes C0 controls itself.)"""
    if _surely_safe(document):
        return document
    return _OUTPUT_ESCAPED.sub(_json_escaped, document)
