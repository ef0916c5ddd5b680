"""Reading a certificate PDF for ``verify-certificate``: payloads, contents, page text.

The payloads: first the document info key written by :mod:`.layout`
(``/LabRegistryCertificates``: one ``page<TAB>payload`` per certificate); when a PDF tool
dropped it, the verification code printed in small type on the page. The contents the
signatures cover: ``/LabRegistryContents`` (:mod:`.pagecheck`). The text of each page,
for checking that the page states the signed facts. A PDF that is not the single revision
that was written is refused first (``certificate.pdf_updated``). When pypdfium2 and
zxing-cpp are installed (the test extras), :func:`qr_texts` also decodes the QR code from
the rendered page, so the service can check that the printed code and the embedded one agree.
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labregistry.certificates import pagecheck
from labregistry.certificates.content import Content
from labregistry.certificates.layout import CONTENTS_KEY, METADATA_KEY
from labregistry.certificates.payload import PREFIX, normalise_text
from labregistry.errors import DomainError
from labregistry.crypto.jsonform import FormatError

log = logging.getLogger(__name__)

PDF_LIMIT = 200 * 1024 * 1024
_SIGNATURE_CHARS = 103  # BASE32 of 64 bytes, unpadded
_PRINTED = re.compile(r"LRC1:[A-Z2-7\s]+\.[A-Z2-7\s]+")


@dataclass(frozen=True)
class FoundPayload:
    text: str
    page: int | None  # 1-based first page of the certificate, when known
    source: str  # "metadata" or "text"


def is_pdf(path: str | os.PathLike[str]) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(1024).lstrip().startswith(b"%PDF")
    except OSError:
        return False


@dataclass
class CertificatePdf:
    """A certificate PDF as read: its payloads in page order, the signed contents carried by
    first page, and its pages' text, extracted when first asked for. Close it when done.

    Two extractors: pdfium (:meth:`text`, about five times faster) and pypdf
    (:meth:`exact_text`), which maps the glyphs of the built-in CID font (STSong-Light) to
    their characters through its CMap where pdfium, without the font's file, loses some
    (``m⁻¹`` reads ``m ¹``). A check reads the fast text first and the exact one only when a
    fact is not found in it."""

    file: str
    data: bytes = field(repr=False)
    found: list[FoundPayload]
    contents: dict[int, Content]
    page_count: int
    _reader: Any = field(repr=False)
    _texts: dict[tuple[bool, int], str] = field(default_factory=dict, repr=False)
    _pdfium: Any = field(default=None, repr=False)

    def pages_of(self, item: FoundPayload) -> tuple[int, int]:
        """The 1-based first and last page of ``item``'s certificate (it runs to the next one)."""
        first = item.page or 1
        later = sorted(f.page for f in self.found if f.page is not None and f.page > first)
        return first, (later[0] - 1 if later else self.page_count)

    def text(self, first: int, last: int) -> str:
        """The text of pages ``first`` to ``last`` as pdfium reads it (pypdf where pdfium cannot)."""
        return self._pages(first, last, exact=False)

    def exact_text(self, first: int, last: int) -> str:
        """The text of pages ``first`` to ``last`` as pypdf reads it."""
        return self._pages(first, last, exact=True)

    def _pages(self, first: int, last: int, *, exact: bool) -> str:
        parts = []
        for number in range(first, last + 1):
            if (exact, number) not in self._texts:
                try:
                    text = self._pypdf_text(number) if exact else self._pdfium_text(number)
                except Exception as exc:  # noqa: BLE001 - a page that cannot be read states nothing
                    log.warning("text of page %s of %s not extracted: %s", number, self.file, exc)
                    text = ""
                self._texts[(exact, number)] = text
            parts.append(self._texts[(exact, number)])
        return "\n".join(parts)

    def _pypdf_text(self, number: int) -> str:
        return str(self._reader.pages[number - 1].extract_text() or "")

    def _pdfium_text(self, number: int) -> str:
        if self._pdfium is None:
            try:
                import pypdfium2 as pdfium

                self._pdfium = pdfium.PdfDocument(self.data)
            except Exception:  # noqa: BLE001 - not installed, or it cannot open what pypdf can
                self._pdfium = False
        if self._pdfium is False:
            return self._pypdf_text(number)
        page = self._pdfium[number - 1]
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_range())
        finally:
            textpage.close()
            page.close()

    def close(self) -> None:
        if self._pdfium not in (None, False):
            self._pdfium.close()
        self._pdfium = False


def read_certificate_pdf(path: str | os.PathLike[str]) -> CertificatePdf:
    """Read the PDF at ``path``: refused when changed after it was written, unreadable, or
    holding no certificate payload."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise DomainError("certificate.pdf_support_missing") from None
    file = str(path)
    try:
        if os.path.getsize(file) > PDF_LIMIT:
            raise DomainError("certificate.pdf_unreadable", file=file, reason="too large")
        with open(file, "rb") as fh:
            data = fh.read(PDF_LIMIT + 1)
        problem = pagecheck.revision_problem(data)
        if problem is not None:
            raise FormatError("certificate.pdf_updated", file=file, detail=problem.detail())
        reader = PdfReader(io.BytesIO(data), strict=False)
        meta: Mapping[str, Any] = reader.metadata or {}
        found = _from_metadata(meta.get("/" + METADATA_KEY))
        if not found:
            found = _from_text(reader)
        contents = pagecheck.contents_from_metadata(meta.get("/" + CONTENTS_KEY))
        pages = len(reader.pages)
    except (OSError, PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DomainError(
            "certificate.pdf_unreadable", file=file, reason=str(exc) or type(exc).__name__
        ) from None
    if not found:
        raise DomainError("certificate.pdf_no_payload", file=file)
    return CertificatePdf(file, data, found, contents, pages, reader)


def payloads_from_pdf(path: str | os.PathLike[str]) -> list[FoundPayload]:
    """Every certificate payload in the PDF at ``path``, in page order."""
    return read_certificate_pdf(path).found


def _from_metadata(value: object) -> list[FoundPayload]:
    if not isinstance(value, str):
        return []
    out = []
    for line in value.splitlines():
        page_text, _, text = line.partition("\t")
        if not text:
            page_text, text = "", line
        text = normalise_text(text)
        if text.startswith(PREFIX):
            out.append(FoundPayload(text, int(page_text) if page_text.isdecimal() else None, "metadata"))
    return out


def _from_text(reader: object) -> list[FoundPayload]:
    out: list[FoundPayload] = []
    seen: set[str] = set()
    for number, page in enumerate(reader.pages, start=1):  # type: ignore[attr-defined]
        for match in _PRINTED.finditer(page.extract_text() or ""):
            head, _, sig = normalise_text(match.group(0)).partition(".")
            text = f"{head}.{sig[:_SIGNATURE_CHARS]}"  # the footer may follow without a break
            if text not in seen:
                seen.add(text)
                out.append(FoundPayload(text, number, "text"))
    return out


def qr_support() -> bool:
    """Whether page images can be decoded here (pypdfium2 and zxing-cpp installed)."""
    try:
        import pypdfium2  # noqa: F401
        import zxingcpp  # noqa: F401
    except ImportError:
        return False
    return True


def qr_texts(path: str | os.PathLike[str] | Path, page: int, *, dpi: int = 150) -> list[str] | None:
    """The QR codes on 1-based ``page`` of the PDF, decoded; None when it cannot be done here."""
    try:
        import pypdfium2 as pdfium
        import zxingcpp
    except ImportError:
        return None
    try:
        pdf = pdfium.PdfDocument(str(path))
        try:
            if not 1 <= page <= len(pdf):
                return []
            pdf_page = pdf[page - 1]
            width, height = pdf_page.get_size()
            found: list[str] = []
            # the layout puts the code at the top right: decode that corner first (a twentieth of
            # the pixels), the whole page only when it is not there
            for crop in ((width * 0.55, height * 0.72, 0, 0), (0, 0, 0, 0)):
                image = pdf_page.render(scale=dpi / 72, crop=crop).to_pil().convert("L")
                found = [normalise_text(r.text) for r in zxingcpp.read_barcodes(image)]
                if found:
                    break
            return found
        finally:
            pdf.close()
    except Exception as exc:  # noqa: BLE001 - a damaged page image is no reason to refuse the check
        log.warning("QR code on page %s of %s not decoded: %s", page, path, exc)
        return None
