"""A light table cell for Chinese and mixed text: wraps by character, draws with fallback fonts.

reportlab's ``Paragraph(wordWrap="CJK")`` splits text into one fragment per character and
costs about 0.2 ms per cell; a certificate has a hundred cells and a statement thousands.
:class:`Cell` does the little a table cell needs: blocks of plain text (one style each),
each starting on a new line and wrapped greedily to the column, with the usual Chinese
line-breaking rules (no line starts with a closing mark such as ``，。）``, none ends with an
opening one such as ``（``), Latin words and numbers kept whole where they fit, and each
character in the first font of the chain that has it (:meth:`FontSet.runs`). Rich markup
stays with Paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from labregistry.certificates.fonts import FontSet

# closing marks may not start a line; opening marks may not end one (GB/T 15834 practice)
_NO_START = set("，。、；：？！）】》」』’”〕…—～%％,.;:?!)]}·°℃")
_NO_END = set("（【《「『‘“〔([{")
# a run of Latin letters, digits and their joiners is one unbreakable token
_TOKENS = re.compile(r"[A-Za-z0-9_\-+./#&'@^|=<>*%±µμΩ·×⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹‰℃°]+|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class Block:
    """One piece of text in one style, starting on its own line."""

    text: str
    size: float
    color: Color
    face: str | None = None  # a font for the whole block (Latin); None: the body font with fallback
    leading: float | None = None


class _Widths:
    """Character widths, cached per font set (a certificate measures the same few hundred)."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.cache: dict[tuple[str, str | None], float] = {}
        self.tokens: dict[tuple[str, str | None], float] = {}

    def font_of(self, ch: str, face: str | None) -> str:
        if face is not None:
            return face
        return self.fonts.font_for(ch) or self.fonts.body

    def unit(self, ch: str, face: str | None) -> float:
        """Width of ``ch`` at size 1."""
        key = (ch, face)
        w = self.cache.get(key)
        if w is None:
            w = pdfmetrics.stringWidth(ch, self.font_of(ch, face), 1000) / 1000
            self.cache[key] = w
        return w

    def text(self, text: str, face: str | None) -> float:
        key = (text, face)
        w = self.tokens.get(key)
        if w is None:
            w = sum(self.unit(ch, face) for ch in text)
            if len(self.tokens) < 200_000:
                self.tokens[key] = w
        return w


_widths: dict[int, _Widths] = {}


def widths_for(fonts: FontSet) -> _Widths:
    w = _widths.get(id(fonts))
    if w is None or w.fonts is not fonts:
        w = _widths[id(fonts)] = _Widths(fonts)
    return w


def _tokens(text: str) -> list[str]:
    """Break opportunities: Latin words whole, each Chinese character alone, marks glued."""
    out: list[str] = []
    for tok in _TOKENS.findall(text):
        if out and (tok[0] in _NO_START or out[-1][-1] in _NO_END) and not tok.isspace():
            out[-1] += tok
        else:
            out.append(tok)
    return out


def wrap_lines(text: str, width: float, size: float, widths: _Widths, face: str | None) -> list[str]:
    """Greedy line breaking of ``text`` into lines no wider than ``width`` (hard breaks kept)."""
    lines: list[str] = []
    limit = width / size
    for para in text.split("\n"):
        line = ""
        used = 0.0
        for tok in _tokens(para):
            w = widths.text(tok, face)
            if tok.isspace():
                if line:
                    line += tok
                    used += w
                continue
            if used + w <= limit:
                line += tok
                used += w
                continue
            if line.strip():
                lines.append(line.rstrip())
            line, used = "", 0.0
            if w <= limit:
                line, used = tok, w
                continue
            for ch in tok:  # a token longer than the line: break it by character
                cw = widths.unit(ch, face)
                if used + cw > limit and line:
                    lines.append(line)
                    line, used = "", 0.0
                line += ch
                used += cw
        lines.append(line.rstrip())
    return lines


class Cell(Flowable):  # type: ignore[misc]
    """Blocks of text wrapped to the cell's width; ``align`` is left or center."""

    def __init__(self, fonts: FontSet, blocks: Sequence[Block], align: str = "left") -> None:
        super().__init__()
        self.fonts = fonts
        self.blocks = [b for b in blocks if b.text]
        self.align = align
        self._laid: list[tuple[Block, list[str]]] = []
        self._width = 0.0
        self._wrapped: tuple[float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped is not None and self._width == availWidth:
            return self._wrapped  # a table asks again with the same width (sizing, then drawing)
        widths = widths_for(self.fonts)
        self._laid = [(b, wrap_lines(b.text, availWidth, b.size, widths, b.face)) for b in self.blocks]
        self._width = availWidth
        height = sum(len(lines) * (b.leading or b.size * 1.28) for b, lines in self._laid)
        self.width, self.height = availWidth, height
        self._wrapped = (availWidth, height)
        return availWidth, height

    def draw(self) -> None:
        canv = self.canv
        widths = widths_for(self.fonts)
        y = self.height
        for block, lines in self._laid:
            leading = block.leading or block.size * 1.28
            canv.setFillColor(block.color)
            for line in lines:
                y -= leading
                baseline = y + (leading - block.size) / 2 + block.size * 0.14
                x = 0.0
                if self.align == "center":
                    x = (self._width - widths.text(line, block.face) * block.size) / 2
                obj = canv.beginText(x, baseline)
                for font, piece in _runs(line, block.face, widths):
                    obj.setFont(font, block.size)
                    obj.textOut(piece)
                canv.drawText(obj)


def _runs(line: str, face: str | None, widths: _Widths) -> list[tuple[str, str]]:
    if face is not None:
        return [(face, line)]
    return list(widths.fonts.runs(line))
