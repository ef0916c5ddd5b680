"""The printed certificates: A4 pages laid out with reportlab, Chinese first.

One PDF holds one certificate or several (a batch); each starts on a new page and has its
own page numbers (第 x 页 共 y 页), title block, QR code and signature area. Pages are
rendered from the certificate's content dict (:mod:`.content`), never from the database,
so what is printed is what the signed digest covers.

Page design: a double frame; on a certificate's first page the issuing institute, the
title with its English subtitle, the serial number, and the QR code at the top right; the
verification code in small type at the bottom. Continuation pages carry a running header.
Tables repeat their header rows on every page they run over. The signature block
(签发人 / 盖章 with the institute's name and the date of issue) closes each certificate.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tables import CellStyle

from labregistry import i18n
from labregistry.certificates.content import pack_content
from labregistry.certificates.fonts import FontSet, SeededTTFont
from labregistry.certificates.language import CertificateLanguage, parse_language
from labregistry.errors import DomainError
from labregistry.certificates.payload import KIND_STANDARD, CertificatePayload
from labregistry.certificates.qr import QrMatrix, draw_qr, make_matrix
from labregistry.certificates.pagedtable import PagedTable, Row, span_commands
from labregistry.certificates.textflow import Block, Cell
from labregistry.domain.capabilities import is_standards_own_row
from labregistry.domain.records import (
    AUTH_FORMS,
    GRADES,
    INSTITUTE_KINDS,
    INSTRUMENT_ROLES,
    PROVINCES,
    SERVICE_KINDS,
    STATUSES,
    Choices,
)

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
FIRST_TOP = PAGE_H - 55 * mm
FIRST_BOTTOM = 30 * mm
LATER_TOP = PAGE_H - 25 * mm
LATER_BOTTOM = 22 * mm
QR_SIZE = 31 * mm
METADATA_KEY = "LabRegistryCertificates"
CONTENTS_KEY = "LabRegistryContents"
"""Document info key holding, per certificate, ``page<TAB>`` + :func:`.content.pack_content`
of the content its signed digest covers, so a verifier knows what the page must state."""

INK = colors.HexColor("#1B2A3A")
FRAME = colors.HexColor("#7A1F1F")  # the dark red of Chinese official documents
GRID = colors.HexColor("#4A5563")
HEAD_BG = colors.HexColor("#E9EEF4")
LABEL_BG = colors.HexColor("#F5F7FA")
MUTED = colors.HexColor("#5B6470")


#: The labels a standard's certificate prints in either language (Chinese beside English):
#: their characters are in every such certificate, and go first into its font subsets.
_WORDING = (
    "cert.title.standard", "cert.serial", "cert.issued_on", "cert.scan", "cert.page", "cert.section.basic",
    "cert.section.services", "cert.section.instruments", "cert.f.std_name", "cert.f.code", "cert.f.grade",
    "cert.f.certificate_no", "cert.f.authority", "cert.f.cert_issued_on", "cert.f.valid_until", "cert.f.range",
    "cert.f.accuracy", "cert.f.responsible", "cert.f.operators", "cert.f.environment", "cert.f.status",
    "cert.f.holder", "cert.col.no", "cert.col.service", "cert.col.kind", "cert.col.procedure", "cert.col.role",
    "cert.col.instrument", "cert.col.serial_no", "cert.col.traced_to", "cert.col.calibration_cert",
    "cert.col.due", "cert.signatory", "cert.seal", "cert.capabilities", "cert.col.parameter", "cert.col.range",
)  # fmt: skip


def _wording() -> str:
    """The Chinese characters of :data:`_WORDING`, in code-point order, as many as the first
    embedded subset font has room for (159 beside ASCII): every certificate's first subset
    starts with them (see :class:`~labregistry.certificates.fonts.SeededTTFont`)."""
    chars = sorted({ch for key in _WORDING for ch in i18n.template(key, "zh") if ord(ch) > 127})
    return "".join(chars[:159])


def _seed_fonts(fonts: FontSet) -> None:
    font = pdfmetrics.getFont(fonts.body)
    if isinstance(font, SeededTTFont) and not font.seed:
        font.set_seed(_wording())

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date(day: dt.date, language: CertificateLanguage) -> str:
    """2026年11月27日 / 27 November 2026."""
    if language == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def _languages(language: CertificateLanguage) -> tuple[i18n.DocLanguage, i18n.DocLanguage | None]:
    """(the language of the certificate, the language of the small type under its labels or None)."""
    chosen = parse_language(language)
    return ("zh", "en") if chosen == "zh+en" else (chosen, None)


def choice_label(choices: Choices, key: Any, language: CertificateLanguage) -> str:
    if key is None:
        return ""
    try:
        return choices.label(str(key)).render(language)
    except KeyError:
        return str(key)


@dataclass(frozen=True)
class CertificateSpec:
    """One certificate to print: its content, the signed payload and its text form."""

    content: Mapping[str, Any]
    payload: CertificatePayload
    text: str

    @property
    def serial(self) -> str:
        return self.payload.serial


@dataclass(frozen=True)
class RenderResult:
    data: bytes
    pages: int
    first_pages: tuple[int, ...]  # 1-based first page of each certificate
    qr_version: int


# ---------------------------------------------------------------- text helpers


class _Styles:
    """Text helpers for one font set and language: styles of the two paragraphs, cells, labels."""

    def __init__(self, fonts: FontSet, language: CertificateLanguage) -> None:
        self.fonts = fonts
        self.language, self.second = _languages(language)
        body = fonts.body
        self.body = ParagraphStyle(
            "body",
            fontName=body,
            fontSize=9.5,
            leading=15,
            wordWrap="CJK",
            alignment=TA_JUSTIFY,
            firstLineIndent=19 if self.language == "zh" else 0,
            textColor=INK,
        )
        self.note = ParagraphStyle(
            "note",
            fontName=body,
            fontSize=7.5,
            leading=10,
            wordWrap="CJK",
            textColor=MUTED,
            alignment=TA_LEFT,
        )

    def t(self, key: str, **params: Any) -> str:
        return i18n.tr(key, self.language, **params)

    def sub(self, key: str, **params: Any) -> str:
        """The label in the second language ("" when the certificate has one language)."""
        return i18n.tr(key, self.second, **params) if self.second else ""

    def both(self, key: str, sep: str = " ", **params: Any) -> str:
        """The label, and its translation after ``sep`` in a bilingual certificate."""
        text, sub = self.t(key, **params), self.sub(key, **params)
        return f"{text}{sep}{sub}" if sub else text

    @property
    def colon(self) -> str:
        return "：" if self.language == "zh" else ": "

    def text(self, value: Any) -> str:
        """Markup of a data value (body font, CID fallback for missing glyphs)."""
        return self.fonts.markup("" if value is None else str(value))

    def c(
        self,
        value: Any,
        *,
        size: float = 8,
        align: str = "left",
        color: colors.Color = INK,
        note: str | None = None,
    ) -> Cell:
        """A table cell holding a data value (and an optional grey note line under it)."""
        blocks = [Block("" if value is None else str(value), size, color, leading=size * 1.3)]
        if note:
            blocks.append(Block(note, size - 1, MUTED, leading=(size - 1) * 1.3))
        return Cell(self.fonts, blocks, align)

    def lc(
        self, key: str, *, size: float = 8.2, sub: float = 6.3, align: str = "left", **params: Any
    ) -> Cell:
        """A bilingual label cell: the language's text, its translation in small grey type below."""
        first_face = None if self.language == "zh" else self.fonts.latin
        second_face = self.fonts.latin if self.second == "en" else None
        return Cell(
            self.fonts,
            [
                Block(self.t(key, **params), size, INK, first_face, size * 1.3),
                Block(self.sub(key, **params), sub, MUTED, second_face, sub * 1.3),  # empty: left out
            ],
            align,
        )


def _text_width(fonts: FontSet, text: str, size: float, face: str | None = None) -> float:
    if face is not None:
        return float(pdfmetrics.stringWidth(text, face, size))
    return float(sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in fonts.runs(text)))


def _draw(
    canv: Canvas,
    fonts: FontSet,
    text: str,
    x: float,
    y: float,
    size: float,
    *,
    align: str = "left",
    face: str | None = None,
    bold: bool = False,
    spacing: float = 0.0,
) -> float:
    """Draw one line with CJK fallback runs; returns its width. ``bold`` strokes the glyphs
    thinly (Chinese system fonts rarely come with a bold face)."""
    pieces = [(face, text)] if face is not None else list(fonts.runs(text))
    width = sum(pdfmetrics.stringWidth(t, f, size) for f, t in pieces) + spacing * max(len(text) - 1, 0)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    canv.saveState()  # character spacing and render mode are graphics state: keep them local
    obj = canv.beginText(x, y)
    if spacing:
        obj.setCharSpace(spacing)
    if bold:
        obj.setTextRenderMode(2)
        canv.setLineWidth(size / 40)
    for font, piece in pieces:
        obj.setFont(font, size)
        obj.textOut(piece)
    canv.drawText(obj)
    canv.restoreState()
    return float(width)


# ---------------------------------------------------------------- the document machinery


class _Begin(Flowable):  # type: ignore[misc]
    """Marks where certificate ``index`` starts, so page decorations know whose page it is."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        doc = self.canv._lr_doc
        if doc.cancelled():
            raise Cancelled
        if self.index and doc.progress is not None:
            doc.progress(self.index, len(doc.specs))
        doc.current = self.index
        doc.first_pages.append(self.canv.getPageNumber())


class Cancelled(Exception):
    """Rendering was stopped by its cancel flag."""


class _Info(pdfdoc.PDFInfo):  # type: ignore[misc]
    """Document info with two extra keys: the payloads, ``page<TAB>text`` per line, and the
    signed contents, ``page<TAB>packed content`` per line."""

    payload_lines = ""
    content_lines = ""

    def format(self, document: Any) -> bytes:
        d = {
            "Title": pdfdoc.PDFString(self.title),
            "Author": pdfdoc.PDFString(self.author),
            "Subject": pdfdoc.PDFString(self.subject),
            "Keywords": pdfdoc.PDFString(self.keywords),
            "Creator": pdfdoc.PDFString(self.creator),
            "Producer": pdfdoc.PDFString(self.producer),
            METADATA_KEY: pdfdoc.PDFString(self.payload_lines),
            CONTENTS_KEY: pdfdoc.PDFString(self.content_lines),
        }
        d["ModDate"] = d["CreationDate"] = pdfdoc.PDFDate(
            ts=document._timeStamp, dateFormatter=self._dateFormatter
        )
        d["Trapped"] = pdfdoc.PDFName(self.trapped)
        return pdfdoc.PDFDictionary(d).format(document)  # type: ignore[no-any-return]


class _Canvas(Canvas):  # type: ignore[misc]
    """Keeps pages until the end, so each certificate's pages get "第 x 页 共 y 页"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        info = _Info()
        info.__dict__.update(self._doc.info.__dict__)
        self._doc.info = info
        self._lr_pages: list[tuple[dict[str, Any], int]] = []
        self.lr_group = 0
        self.lr_footer: Callable[[Canvas, int, int, int], None] | None = None

    def showPage(self) -> None:
        self._lr_pages.append((dict(self.__dict__), self.lr_group))
        self._startPage()

    def save(self) -> None:
        totals = Counter(group for _, group in self._lr_pages)
        seen: Counter[int] = Counter()
        pages = self._lr_pages
        for state, group in pages:
            self.__dict__.update(state)
            seen[group] += 1
            if self.lr_footer is not None:
                self.lr_footer(self, group, seen[group], totals[group])
            Canvas.showPage(self)
        Canvas.save(self)


class _Document(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buf: io.BytesIO, specs: Sequence[CertificateSpec], fonts: FontSet,
                 language: CertificateLanguage) -> None:
        title, subject = _titles(specs, language)
        super().__init__(
            buf,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=20 * mm,
            bottomMargin=LATER_BOTTOM,
            title=title,
            subject=subject,
            author=_author(specs),
            creator="LabRegistry",
            keywords="LabRegistry certificate",
            lang="zh-CN" if _languages(language)[0] == "zh" else "en",
        )
        self.specs = specs
        self.fonts = fonts
        self.st = _Styles(fonts, language)
        self.current = 0
        self.first_pages: list[int] = []
        self.progress: Callable[[int, int], None] | None = None
        self.cancelled: Callable[[], bool] = lambda: False
        self.qr: list[QrMatrix] = [make_matrix(s.text) for s in specs]
        first = Frame(
            MARGIN_X,
            FIRST_BOTTOM,
            CONTENT_W,
            FIRST_TOP - FIRST_BOTTOM,
            id="first",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        later = Frame(
            MARGIN_X,
            LATER_BOTTOM,
            CONTENT_W,
            LATER_TOP - LATER_BOTTOM,
            id="later",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("first", [first], onPage=self._start_page, onPageEnd=self._first_page),
                PageTemplate("later", [later], onPage=self._start_page, onPageEnd=self._later_page),
            ]
        )

    # --- page decorations

    def _start_page(self, canv: Canvas, doc: Any) -> None:
        canv._lr_doc = self

    def _frame(self, canv: Canvas) -> None:
        canv.saveState()
        canv.setStrokeColor(FRAME)
        canv.setLineWidth(1.6)
        canv.rect(10 * mm, 10 * mm, PAGE_W - 20 * mm, PAGE_H - 20 * mm)
        canv.setLineWidth(0.5)
        canv.rect(11.6 * mm, 11.6 * mm, PAGE_W - 23.2 * mm, PAGE_H - 23.2 * mm)
        canv.restoreState()

    def _first_page(self, canv: Canvas, doc: Any) -> None:
        spec = self.specs[self.current]
        st, fonts = self.st, self.fonts
        inst = spec.content["institute"]
        canv.lr_group = self.current
        canv.lr_footer = self._footer
        self._frame(canv)
        canv.saveState()
        canv.setFillColor(INK)
        canv.setStrokeColor(INK)
        kind = "standard" if spec.payload.kind == KIND_STANDARD else "statement"
        cx = PAGE_W / 2
        qx = PAGE_W - MARGIN_X - QR_SIZE + 3 * mm
        room = 2 * (qx - 3 * mm - cx)  # centred lines stay clear of the QR code

        def line(
            text: str,
            y: float,
            size: float,
            face: str | None = None,
            bold: bool = False,
            spacing: float = 0.0,
        ) -> None:
            width = _text_width(fonts, text, size, face) + spacing * max(len(text) - 1, 0)
            if width > room:
                size, spacing = size * room / width, spacing * room / width
            _draw(canv, fonts, text, cx, y, size, align="center", face=face, bold=bold, spacing=spacing)

        name = inst["name"] if st.language == "zh" or not inst.get("name_en") else inst["name_en"]
        line(name, PAGE_H - 25 * mm, 12.5)  # recorded text: every character in a font that has it
        title = st.t(f"cert.title.{kind}")
        subtitle = st.sub(f"cert.title.{kind}")
        if st.language == "zh":
            line(title, PAGE_H - 38 * mm, 23, bold=True, spacing=3)
            if subtitle:
                line(subtitle, PAGE_H - 44.5 * mm, 9.5, fonts.latin)
        else:
            line(title, PAGE_H - 37 * mm, 16, "Helvetica-Bold")
        # serial and date of issue, under the title, left
        canv.setFillColor(MUTED)
        y = PAGE_H - 50.5 * mm
        serial = f"{st.both('cert.serial')}{st.colon}{spec.serial}"
        _draw(canv, fonts, serial, MARGIN_X, y, 8.5)
        issued = f"{st.both('cert.issued_on')}{st.colon}{format_date(spec.payload.issued_on, st.language)}"
        _draw(canv, fonts, issued, MARGIN_X + CONTENT_W * 0.52, y, 8.5)
        canv.restoreState()
        # the QR code, top right, with its caption
        qy = PAGE_H - 15 * mm - QR_SIZE
        draw_qr(canv, self.qr[self.current], qx, qy, QR_SIZE)
        canv.saveState()
        canv.setFillColor(MUTED)
        _draw(
            canv,
            fonts,
            st.both("cert.scan"),
            qx + QR_SIZE / 2,
            qy - 1.2 * mm,
            6.5,
            align="center",
        )
        canv.restoreState()
        self._verification_code(canv, spec)

    def _verification_code(self, canv: Canvas, spec: CertificateSpec) -> None:
        """The payload in small monospace type above the footer (what verify-certificate reads)."""
        size = 5.6
        per_line = int(CONTENT_W / pdfmetrics.stringWidth("M", self.fonts.mono, size))
        lines = textwrap.wrap(spec.text, per_line, break_long_words=True)
        canv.saveState()
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.3)
        canv.line(MARGIN_X, FIRST_BOTTOM - 1.6 * mm, PAGE_W - MARGIN_X, FIRST_BOTTOM - 1.6 * mm)
        canv.setFillColor(MUTED)
        y = FIRST_BOTTOM - 4.8 * mm
        _draw(canv, self.fonts, self.st.t("cert.verify_code"), MARGIN_X, y, 6.3)
        canv.setFillColor(colors.black)
        for line in lines:
            y -= size * 1.25
            _draw(canv, self.fonts, line, MARGIN_X, y, size, face=self.fonts.mono)
        canv.restoreState()

    def _later_page(self, canv: Canvas, doc: Any) -> None:
        spec = self.specs[self.current]
        st, fonts = self.st, self.fonts
        canv.lr_group = self.current
        canv.lr_footer = self._footer
        self._frame(canv)
        kind = "standard" if spec.payload.kind == KIND_STANDARD else "statement"
        canv.saveState()
        canv.setFillColor(MUTED)
        y = PAGE_H - 19 * mm
        left = f"{spec.content['institute']['name']} · {st.t(f'cert.title.{kind}')}"
        _draw(canv, fonts, left, MARGIN_X, y, 8)
        _draw(canv, fonts, f"{st.t('cert.serial')}{st.colon}{spec.serial}", PAGE_W - MARGIN_X, y, 8, align="right")
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, y - 2.2 * mm, PAGE_W - MARGIN_X, y - 2.2 * mm)
        canv.restoreState()

    def _footer(self, canv: Canvas, group: int, page: int, pages: int) -> None:
        st = self.st
        canv.saveState()
        canv.setFillColor(MUTED)
        text = st.both("cert.page", sep="   ", page=page, pages=pages)
        _draw(canv, self.fonts, text, PAGE_W / 2, 14.5 * mm, 7.5, align="center")
        canv.restoreState()


def refuse_missing_glyphs(spec: CertificateSpec, fonts: FontSet) -> None:
    """DomainError ``cert.no_glyph`` naming the first recorded character no font can draw.

    Every string of the content (what is printed and digested) is checked before a page is
    laid out: a value is printed exactly as recorded, or the certificate is not issued."""
    for path, text in _strings(spec.content, ""):
        missing = fonts.missing(text)
        if missing:
            ch = missing[0]
            where = (spec.content["standard"]["certificate_no"] if spec.payload.kind == KIND_STANDARD
                     else spec.content["institute"]["name"])
            shown = text if len(text) <= 60 else text[:57] + "..."
            raise DomainError("cert.no_glyph", where=where, field=path, value=shown, char=ch,
                              codepoint=f"U+{ord(ch):04X}")


def _strings(value: Any, path: str) -> Iterable[tuple[str, str]]:
    """(path, text) of every string in a content dict, e.g. ``instruments[1].accuracy_text``."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def _titles(specs: Sequence[CertificateSpec], language: CertificateLanguage) -> tuple[str, str]:
    first = _languages(language)[0]
    if len(specs) == 1:
        spec = specs[0]
        if spec.payload.kind == KIND_STANDARD:
            std = spec.content["standard"]
            return f"{std['name']} {std['certificate_no']}", i18n.tr(
                "cert.subject.standard", first, certificate_no=std["certificate_no"]
            )
        inst = spec.content["institute"]
        return f"{inst['name']} {i18n.tr('cert.title.statement', first)}", i18n.tr(
            "cert.subject.statement", first, uscc=inst["uscc"]
        )
    return i18n.tr("cert.subject.batch", first, n=len(specs)), i18n.tr(
        "cert.subject.batch", first, n=len(specs)
    )


def _author(specs: Sequence[CertificateSpec]) -> str:
    names = {s.content["institute"]["name"] for s in specs}
    return str(next(iter(names))) if len(names) == 1 else "LabRegistry"


# ---------------------------------------------------------------- tables


def _cell_style(name: str, top: float, bottom: float, valign: str = "MIDDLE", side: float = 3) -> CellStyle:
    style = CellStyle(name)
    style.leftPadding = style.rightPadding = side
    style.topPadding, style.bottomPadding = top, bottom
    style.valign = valign
    return style


# One shared cell style per kind of table instead of padding commands: reportlab applies a
# command to every cell one by one, which dominated the layout of long tables.
_LIST_CELL = _cell_style("lr-list", 2.2, 2.6)
_KV_CELL = _cell_style("lr-kv", 2.4, 2.8)
_PLAIN_CELL = _cell_style("lr-plain", 0, 0, "TOP", 0)


def _cells(rows: int, cols: int, style: CellStyle) -> list[list[CellStyle]]:
    return [[style] * cols for _ in range(rows)]


def _grid_style(header_rows: int = 1, extra: Iterable[tuple[Any, ...]] = ()) -> TableStyle:
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.45, GRID),
        ("BOX", (0, 0), (-1, -1), 0.9, INK),
    ]
    if header_rows:
        cmds.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG))
    cmds.extend(extra)
    return TableStyle(cmds)


def _kv_table(st: _Styles, rows: Sequence[tuple[str, Any] | tuple[str, Any, str, Any]]) -> Table:
    """A label/value grid, two pairs a row, or one pair spanning the row."""
    label_w, value_w = 31 * mm, CONTENT_W / 2 - 31 * mm
    data: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    for r, row in enumerate(rows):
        if len(row) == 2:
            data.append([st.lc(row[0]), st.c(row[1], size=9), "", ""])
            spans.append(("SPAN", (1, r), (3, r)))
        else:
            data.append([st.lc(row[0]), st.c(row[1], size=9), st.lc(row[2]), st.c(row[3], size=9)])
    style = _grid_style(
        0,
        [("BACKGROUND", (0, 0), (0, -1), LABEL_BG), ("BACKGROUND", (2, 0), (2, -1), LABEL_BG), *spans],
    )
    for r, row in enumerate(rows):
        if len(row) == 2:
            style.add("BACKGROUND", (2, r), (2, r), colors.white)
    return Table(
        data,
        colWidths=[label_w, value_w, label_w, value_w],
        style=style,
        cellStyles=_cells(len(data), 4, _KV_CELL),
    )


def _list_table(
    st: _Styles,
    head_keys: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[Any]],
    *,
    centred: Sequence[int] = (0,),
    extra: Iterable[tuple[Any, ...]] = (),
    long: bool = False,
    size: float = 8,
) -> Table:
    """A table with a bilingual header row repeated on every page it runs over."""
    head = [st.lc(k, size=7.8, sub=5.8, align="center") for k in head_keys]
    body = [
        [
            c if isinstance(c, Flowable) else st.c(c, size=size, align="center" if i in centred else "left")
            for i, c in enumerate(row)
        ]
        for row in rows
    ]
    scale = CONTENT_W / sum(widths)
    cls = LongTable if long else Table
    return cls(
        [head, *body],
        colWidths=[w * scale for w in widths],
        repeatRows=1,
        style=_grid_style(1, extra),
        cellStyles=_cells(len(body) + 1, len(widths), _LIST_CELL),
    )


class _Heading(Flowable):  # type: ignore[misc]
    """A section heading: the language's text, its translation after it in small grey type."""

    def __init__(self, st: _Styles, key: str, **params: Any) -> None:
        super().__init__()
        self.st = st
        self.primary = st.t(key, **params)
        self.secondary = st.sub(key, **params)
        self.spaceBefore = 5
        self.spaceAfter = 4

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, 14.0
        return availWidth, 14.0

    def draw(self) -> None:
        st, canv = self.st, self.canv
        fonts = st.fonts
        canv.setFillColor(INK)
        if st.language == "zh":
            w = _draw(canv, fonts, self.primary, 0, 3, 11)
        else:
            w = _draw(canv, fonts, self.primary, 0, 3, 10.5, face="Helvetica-Bold")
        if self.secondary:
            canv.setFillColor(MUTED)
            _draw(canv, fonts, self.secondary, w + 6, 3, 7.5, face=fonts.latin if st.second == "en" else None)


def _heading(st: _Styles, key: str, **params: Any) -> list[Flowable]:
    return [CondPageBreak(30 * mm), _Heading(st, key, **params)]


def _signature(st: _Styles, inst: Mapping[str, Any], issued_on: dt.date) -> Flowable:
    """签发人 on the left; on the right the institute and the date, with room for its seal."""
    date = format_date(issued_on, st.language)
    left = [
        st.lc("cert.signatory", size=9, sub=6.5),
        Spacer(1, 8 * mm),
        st.c("_" * 24),
    ]
    right = [
        st.lc("cert.seal", size=9, sub=6.5, align="center"),
        Spacer(1, 5 * mm),
        st.c(inst["name"], size=10.5, align="center"),
        st.c(date, size=10.5, align="center"),
    ]
    return Table(
        [[left, right]], colWidths=[CONTENT_W * 0.45, CONTENT_W * 0.55], cellStyles=_cells(1, 2, _PLAIN_CELL)
    )


def _closing(st: _Styles, key: str, inst: Mapping[str, Any], issued_on: dt.date) -> Flowable:
    return KeepTogether(
        [
            Spacer(1, 2 * mm),
            Paragraph(st.text(st.t(key)), st.body),
            Paragraph(st.text(st.t("cert.verify_note")), st.note),
            Spacer(1, 3 * mm),
            _signature(st, inst, issued_on),
        ]
    )


# ---------------------------------------------------------------- the two certificates


def _standard_flowables(st: _Styles, spec: CertificateSpec) -> list[Flowable]:
    c = spec.content
    s = c["standard"]
    language = st.language
    code = s["code"] + (st.t("cert.code_temporary") if s.get("code_temporary") else "")
    cert_date = s["issued_on"] or ""
    inst = c["institute"]
    rows: list[Any] = [
        ("cert.f.holder", inst["name"], "cert.f.uscc", inst["uscc"]),
        ("cert.f.std_name", s["name"]),
        ("cert.f.code", code, "cert.f.grade", choice_label(GRADES, s["grade"], language)),
        ("cert.f.certificate_no", s["certificate_no"], "cert.f.authority", s["certificate_authority"] or ""),
        ("cert.f.cert_issued_on", cert_date, "cert.f.valid_until", s["valid_until"] or ""),
        ("cert.f.range", s["range_text"]),
        ("cert.f.accuracy", s["accuracy_text"]),
        (
            "cert.f.responsible",
            s["responsible_person"] or "",
            "cert.f.status",
            choice_label(STATUSES, s["status"], language),
        ),
    ]
    if s.get("operators") and s.get("environment"):
        rows.append(("cert.f.operators", s["operators"], "cert.f.environment", s["environment"]))
    elif s.get("operators"):
        rows.append(("cert.f.operators", s["operators"]))
    elif s.get("environment"):
        rows.append(("cert.f.environment", s["environment"]))
    out: list[Flowable] = [*_heading(st, "cert.section.basic"), _kv_table(st, rows)]
    out += _capability_flowables(st, printed_capabilities(s, c.get("capabilities")))

    out += _heading(st, "cert.section.services")
    services = c["services"]
    if services:
        out.append(
            _list_table(
                st,
                ["cert.col.no", "cert.col.service", "cert.col.kind", "cert.col.procedure"],
                [9, 78, 16, 52],
                [
                    [i + 1, sv["name"], choice_label(SERVICE_KINDS, sv["kind"], language), sv["procedure"] or ""]
                    for i, sv in enumerate(services)
                ],
                centred=(0, 2),
            )
        )
    else:
        out.append(st.c(st.t("cert.none")))

    out += _heading(st, "cert.section.instruments")
    instruments = c["instruments"]
    if instruments:
        rows2 = []
        for i, ins in enumerate(instruments):
            extra = [x for x in (ins["model"], ins["range_text"], ins["accuracy_text"]) if x]
            name = st.c(ins["name"], note=" · ".join(extra) or None)
            traced = ins["traced_to_name"] or ins["traced_to_uscc"] or ""
            rows2.append(
                [
                    i + 1,
                    choice_label(INSTRUMENT_ROLES, ins["role"], language),
                    name,
                    ins["serial_no"] or "",
                    traced,
                    ins["calibration_cert_no"] or "",
                    ins["calibration_due"] or "",
                ]
            )
        out.append(
            _list_table(
                st,
                [
                    "cert.col.no",
                    "cert.col.role",
                    "cert.col.instrument",
                    "cert.col.serial_no",
                    "cert.col.traced_to",
                    "cert.col.calibration_cert",
                    "cert.col.due",
                ],
                [8, 17, 34, 25, 37, 30, 19],
                rows2,
                centred=(0, 1, 6),
            )
        )
    else:
        out.append(st.c(st.t("cert.none")))
    out.append(_closing(st, "cert.declaration.standard", c["institute"], spec.payload.issued_on))
    return out


def printed_capabilities(standard: Mapping[str, Any],
                         rows: Sequence[Mapping[str, Any]] | None) -> Sequence[Mapping[str, Any]]:
    """The capability rows a page prints beneath ``standard``: none when its one row only
    restates the standard's own range and accuracy (no parameter, no conditions), as every
    standard recorded before capability rows has. The signed content keeps that row; the page
    states its range and accuracy once, on the standard's line, where the page check finds them."""
    if not rows or is_standards_own_row(rows, standard.get("range_text"), standard.get("accuracy_text")):
        return ()
    return rows


def _capability_flowables(st: _Styles, rows: Sequence[Mapping[str, Any]] | None) -> list[Flowable]:
    """The standard's capability rows, one line each: parameter (its conditions below it),
    range, and the accuracy exactly as recorded. None for a certificate of content version 1."""
    if not rows:
        return []
    body = [
        [i + 1, st.c(r["parameter"] or "", note=r["conditions"]), r["range_text"], r["accuracy_text"]]
        for i, r in enumerate(rows)
    ]
    return [
        Spacer(1, 2.5 * mm),
        st.lc("cert.capabilities", size=8.5, sub=6.5),
        Spacer(1, 1 * mm),
        _list_table(st, ["cert.col.no", "cert.col.parameter", "cert.col.range", "cert.col.accuracy"],
                    [9, 46, 50, 70], body),
    ]


def _institute_rows(st: _Styles, inst: Mapping[str, Any]) -> list[Any]:
    language = st.language
    region = f"{choice_label(PROVINCES, inst['province'], language)} {inst['city']}".strip()
    rows: list[Any] = [("cert.f.inst_name", inst["name"])]
    if inst.get("name_en"):
        rows.append(("cert.f.name_en", inst["name_en"]))
    rows.append(("cert.f.uscc", inst["uscc"], "cert.f.region", region))
    rows.append(
        (
            "cert.f.inst_kind",
            choice_label(INSTITUTE_KINDS, inst.get("kind"), language),
            "cert.f.contact",
            inst.get("contact") or "",
        )
    )
    if inst.get("address"):
        rows.append(("cert.f.address", inst["address"]))
    return rows


def _statement_flowables(st: _Styles, spec: CertificateSpec) -> list[Flowable]:
    c = spec.content
    language = st.language
    standards = c["standards"]
    auths = c["authorisations"]
    n_items = sum(len(a["items"]) for a in auths)
    out: list[Flowable] = [
        *_heading(st, "cert.section.institute"),
        _kv_table(st, _institute_rows(st, c["institute"])),
    ]
    out.append(Spacer(1, 3 * mm))
    summary = st.t(
        "cert.summary",
        date=format_date(spec.payload.issued_on, language),
        standards=len(standards),
        authorisations=len(auths),
        items=n_items,
    )
    out.append(Paragraph(st.text(summary), st.body))

    out += _heading(st, "cert.section.standards", n=len(standards))
    if any(printed_capabilities(s, s.get("capabilities")) for s in standards):  # content version 2 on
        out += [st.lc("cert.statement_capabilities", size=7.6, sub=6), Spacer(1, 1 * mm)]
    if standards:
        out.append(_statement_standards_table(st, standards))
    else:
        out.append(st.c(st.t("cert.none")))

    out += _heading(st, "cert.section.items", n=n_items)
    if n_items:
        rows2: list[list[Any]] = []
        extra: list[tuple[Any, ...]] = []
        k = 0
        for a in auths:
            if not a["items"]:
                continue
            group = st.t(
                "cert.auth_group",
                certificate_no=a["certificate_no"],
                form=choice_label(AUTH_FORMS, a["form"], language),
                authority=a["authority"] or "—",
                valid_until=a["valid_until"] or "",
            )
            r = len(rows2) + 1
            rows2.append([st.c(group), "", "", "", ""])
            extra += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), LABEL_BG)]
            for it in a["items"]:
                k += 1
                rows2.append(
                    [k, it["name"], it["range_text"] or "", it["accuracy_text"] or "", it["procedure"] or ""]
                )
        out.append(
            _list_table(
                st,
                ["cert.col.no", "cert.col.item", "cert.col.range", "cert.col.accuracy", "cert.col.procedure"],
                [8, 52, 36, 38, 39],
                rows2,
                extra=extra,
                long=True,
                size=7.6,
            )
        )
    else:
        out.append(st.c(st.t("cert.none")))
    out.append(_closing(st, "cert.declaration.statement", c["institute"], spec.payload.issued_on))
    return out


_STATEMENT_COLUMNS = ("cert.col.no", "cert.col.std_name", "cert.col.code", "cert.col.certificate_no",
                      "cert.col.range", "cert.col.accuracy", "cert.col.valid_until")
_STATEMENT_WIDTHS = (8, 38.5, 17, 42, 28, 30.5, 19)


def _statement_standards_table(st: _Styles, standards: Sequence[Mapping[str, Any]]) -> Flowable:
    """The statement's standards: each on a row, its capability rows beneath it (numbered (1),
    (2), ... in grey), one line each: the parameter (its conditions below it) across name, code
    and certificate number, the range under the range, and the accuracy as recorded across
    accuracy and validity. A standard and its rows stay on one page (:class:`PagedTable`: a
    statement of thousands of standards is laid out in linear time)."""
    scale = CONTENT_W / sum(_STATEMENT_WIDTHS)
    widths = [w * scale for w in _STATEMENT_WIDTHS]
    head = [st.lc(k, size=7.8, sub=5.8, align="center") for k in _STATEMENT_COLUMNS]
    size, sub = 7.6, 7.2

    def standard(i: int, s: Mapping[str, Any]) -> Row:
        values = [i + 1, s["name"], s["code"], s["certificate_no"], s["range_text"], s["accuracy_text"],
                  s["valid_until"] or ""]
        return Row([st.c(v, size=size, align="center" if n in (0, 2, 6) else "left") for n, v in enumerate(values)])

    def capability(m: int, c: Mapping[str, Any]) -> Row:
        return Row([st.c(f"({m + 1})", size=6.8, align="center", color=MUTED),
                    st.c(c["parameter"] or "", size=sub, note=c["conditions"]), st.c(""), st.c(""),
                    st.c(c["range_text"], size=sub), st.c(c["accuracy_text"], size=sub), st.c("")],
                   spans=((1, 3), (5, 6)))

    def make(rows: Sequence[Row]) -> Table:
        return Table([head, *(r.cells for r in rows)], colWidths=widths, repeatRows=1,
                     style=_grid_style(1, span_commands(rows)), cellStyles=_cells(len(rows) + 1, len(widths), _LIST_CELL))

    def height(cells: Sequence[Flowable], spans: Sequence[tuple[int, int]] = ()) -> float:
        """A row's height as reportlab sizes it: its tallest cell, padding included."""
        width = dict(enumerate(widths))
        for a, b in spans:
            width[a] = sum(widths[a:b + 1])
            for covered in range(a + 1, b + 1):
                del width[covered]
        pad = _LIST_CELL.leftPadding + _LIST_CELL.rightPadding
        tallest = max(float(cells[n].wrap(w - pad, PAGE_H)[1]) for n, w in width.items())
        return tallest + float(_LIST_CELL.topPadding + _LIST_CELL.bottomPadding)

    groups = [[standard(i, s), *(capability(m, c) for m, c in enumerate(printed_capabilities(s, s.get("capabilities"))))]
              for i, s in enumerate(standards)]
    return PagedTable(groups, make, lambda r: height(r.cells, r.spans), height(head), LATER_TOP - LATER_BOTTOM)


def render(
    specs: Sequence[CertificateSpec],
    fonts: FontSet,
    language: CertificateLanguage = "zh",
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """One PDF holding ``specs`` in order, each from a new page with its own page numbers.

    ``progress(done, total)`` is called as each certificate is finished; :class:`Cancelled`
    is raised when ``cancelled()`` turns true (checked as each certificate starts).
    """
    if not specs:
        raise ValueError("nothing to render")
    language = parse_language(language)  # a caller without types may give "ZH" or "bilingual"
    for spec in specs:
        refuse_missing_glyphs(spec, fonts)
    _seed_fonts(fonts)
    buf = io.BytesIO()
    doc = _Document(buf, specs, fonts, language)
    doc.progress = progress
    doc.cancelled = cancelled or (lambda: False)
    story: list[Flowable] = []
    for index, spec in enumerate(specs):
        if index:
            story += [NextPageTemplate("first"), PageBreak()]
        story += [_Begin(index), NextPageTemplate("later")]
        if spec.payload.kind == KIND_STANDARD:
            story += _standard_flowables(doc.st, spec)
        else:
            story += _statement_flowables(doc.st, spec)
    canvases: list[_Canvas] = []
    doc.build(story, canvasmaker=partial(_PayloadCanvas, lr_specs=specs, lr_document=doc, lr_made=canvases))
    pages = len(canvases[-1]._lr_pages) if canvases else 0
    if progress is not None:
        progress(len(specs), len(specs))
    versions = [m.version for m in doc.qr]
    return RenderResult(buf.getvalue(), pages, tuple(doc.first_pages), max(versions))


class _PayloadCanvas(_Canvas):
    """A canvas whose document info lists each payload with its first page (one class for
    every render: a class made per render cost more than the page it decorates)."""

    def __init__(self, *args: Any, lr_specs: Sequence[CertificateSpec], lr_document: _Document,
                 lr_made: list[_Canvas], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lr_specs = lr_specs
        self._lr_document = lr_document
        lr_made.append(self)

    def save(self) -> None:
        pages = list(zip(self._lr_document.first_pages, self._lr_specs, strict=False))
        self._doc.info.payload_lines = "\n".join(f"{page}\t{spec.text}" for page, spec in pages)
        self._doc.info.content_lines = "\n".join(f"{page}\t{pack_content(spec.content)}" for page, spec in pages)
        super().save()
