"""Shared for the certificate tests: a registry with Chinese records, and real PDF tools.

PDF checks use real tools: pypdf for text and fonts, pypdfium2 to render a page, zxing-cpp
to decode the QR code from the pixels; poppler's pdftotext and pdffonts as a second opinion
where they are installed.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from labregistry.certificates import fonts as fontmod
from labregistry.domain.records import InstituteInput, InstrumentInput, ServiceInput, StandardInput
from labregistry.registry import Registry, open_registry
from labregistry.services import records, setup
from tests.conftest import PASSPHRASE

NO_CJK_FONT = (
    "no CJK TrueType font on this machine: certificates would print without an embedded Chinese font. "
    "Install one with `apt-get install -y fonts-wqy-zenhei` (scripts/venv.sh SYSTEM_PACKAGES; ./test.sh does)"
)


def require_cjk_font(found: fontmod.FontSet | None = None) -> fontmod.FontSet:
    """The system's CJK TrueType font (or ``found``), embedded; FAILS the test when there is none,
    as a missing LibreOffice does: the test script installs both, so a skip would hide a gap."""
    found = found if found is not None else fontmod.resolve_fonts(env="")
    if not found.embedded:
        pytest.fail(NO_CJK_FONT, pytrace=False)
    return found


USCC = "12310000425011296P"
ISSUED = dt.date(2026, 11, 27)
CERT_NO = "[2023]沪量标证字第0123号"
NAME = "精密压力表标准装置"
INSTITUTE = "上海市计量测试技术研究院"


def institute() -> InstituteInput:
    return InstituteInput(
        name=INSTITUTE,
        uscc=USCC,
        province="上海",
        city="上海",
        name_en="Shanghai Institute of Measurement and Testing Technology",
        address="上海市徐汇区张衡路1500号",
        contact="021-38839800",
    )


def pressure_standard(**changes: Any) -> StandardInput:
    inp = StandardInput(
        name=NAME,
        code="12113100",
        grade="社会公用计量标准",
        certificate_no=CERT_NO,
        certificate_authority="上海市市场监督管理局",
        issued_on="2023-05-31",
        valid_until="2029-05-30",
        range_text="(0～60) MPa",
        accuracy_text="0.05级",
        quantity="压力",
        responsible_person="王建国",
        operators="李明、张华",
        environment="温度 (20±2)℃，相对湿度 ≤85%RH",
        instruments=[
            InstrumentInput(
                name="数字压力计",
                model="ConST 811",
                serial_no="811-2020-0031",
                traced_to_name="中国计量科学研究院",
                calibration_cert_no="YLjl2024-0112",
                calibration_due="2027-12-01",
            ),
            InstrumentInput(
                name="活塞式压力计",
                role="ancillary",
                model="YS-60",
                serial_no="1203",
                traced_to_name="上海市计量测试技术研究院",
                calibration_cert_no="2024-PR-0098",
                calibration_due="2027-03-01",
            ),
        ],
        services=[
            ServiceInput(name="弹簧管式精密压力表", procedure="JJG 49-2013", kind="verification"),
            ServiceInput(name="数字压力计", procedure="JJF 1059.1-2012", kind="calibration"),
        ],
    )
    for k, v in changes.items():
        setattr(inp, k, v)
    return inp


def make_registry(home: Path) -> tuple[Registry, int]:
    reg = open_registry(home, logging=False)
    setup.init_registry(reg, institute(), PASSPHRASE, operator="王质量")
    return reg, records.create_standard(reg, pressure_standard())


# ---------------------------------------------------------------- PDF tools


def pdf_text(path: Path) -> list[str]:
    """The text of each page, extracted by pypdf."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def poppler_text(path: Path) -> str | None:
    """pdftotext's reading, or None when poppler is not installed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    return subprocess.run(
        [tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(path: Path) -> list[dict[str, Any]]:
    """Every font of the PDF: base name, subtype, embedded (a font file in its descriptor)."""
    from pypdf import PdfReader

    out: dict[str, dict[str, Any]] = {}
    for page in PdfReader(str(path)).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out[str(font["/BaseFont"])] = {
                "name": str(font["/BaseFont"]),
                "subtype": str(font["/Subtype"]),
                "embedded": embedded,
            }
    return list(out.values())


def page_qr_codes(path: Path, page: int = 1, dpi: int = 150) -> list[str]:
    """Render ``page`` (1-based) to pixels with pdfium and decode every QR code on it."""
    import pypdfium2 as pdfium
    import zxingcpp

    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[page - 1].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


# ---------------------------------------------------------------- what a forger does to a PDF


def info_of(pdf: Path) -> dict[str, str]:
    """The document info of ``pdf`` (the embedded codes and contents among it)."""
    from pypdf import PdfReader

    return {k: str(v) for k, v in (PdfReader(str(pdf)).metadata or {}).items()}


def with_info(src: Path, dst: Path, **changes: str | None) -> Path:
    """``src`` written anew (one revision, as a PDF tool saves it) with document info keys
    changed (None: removed)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    meta = {k: v for k, v in (writer.metadata or {}).items() if k[1:] not in changes}
    meta.update({f"/{k}": v for k, v in changes.items() if v is not None})
    writer.metadata = None
    writer.add_metadata(meta)
    with open(dst, "wb") as fh:
        writer.write(fh)
    return dst


def qr_box() -> tuple[float, float, float]:
    """Where the layout draws the QR code on a first page: x, y and size in points (with its quiet zone)."""
    from reportlab.lib.pagesizes import A4

    from labregistry.certificates.layout import MARGIN_X, QR_SIZE

    margin = 2.5 * 72 / 25.4
    x = A4[0] - MARGIN_X - QR_SIZE + 3 * 72 / 25.4
    y = A4[1] - 15 * 72 / 25.4 - QR_SIZE
    return x - margin, y - margin, QR_SIZE + 2 * margin


def transplant_qr(donor: Path, target: Path, out: Path, **info: str | None) -> Path:
    """The donor's QR code cut out as pixels and pasted over the target's, then the donor's
    embedded code (and whatever ``info`` says) put in the document info: one clean revision."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from labregistry.certificates.layout import METADATA_KEY

    x, y, size = qr_box()
    pdf = pdfium.PdfDocument(str(donor))
    try:
        scale = 300 / 72
        image = pdf[0].render(scale=scale).to_pil()
    finally:
        pdf.close()
    top = A4[1] - (y + size)
    box = (round(x * scale), round(top * scale), round((x + size) * scale), round((top + size) * scale))
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.drawImage(ImageReader(image.crop(box)), x, y, size, size)
    canvas.save()
    writer = PdfWriter(clone_from=PdfReader(str(target)))
    writer.pages[0].merge_page(PdfReader(io.BytesIO(buf.getvalue())).pages[0])
    meta = dict(writer.metadata or {})
    meta[f"/{METADATA_KEY}"] = info_of(donor)[f"/{METADATA_KEY}"]
    for key, value in info.items():
        if value is None:
            meta.pop(f"/{key}", None)
        else:
            meta[f"/{key}"] = value
    writer.metadata = None
    writer.add_metadata(meta)
    with open(out, "wb") as fh:
        writer.write(fh)
    return out


# ---------------------------------------------------------------- capability rows signed


def assert_signs_the_rows(reg: Registry, sid: int, out: Path, rows: list[Any], changed: list[Any]) -> None:
    """``out`` verifies as changed once the standard's capability rows are ``changed`` (a row is
    part of what was signed); the rows are put back to ``rows`` after."""
    from labregistry.services import certificates as svc

    records.update(reg, "standard", sid, pressure_standard(capabilities=changed))
    try:
        assert svc.verify_source(reg, out)[0].record_state == "changed"
    finally:
        records.update(reg, "standard", sid, pressure_standard(capabilities=list(rows)))


def assert_verifies_unchanged(reg: Registry, out: Path, payload: str) -> None:
    """The PDF (checked with the content it carries) and its bare code (with the record's
    content) both verify as genuine and unchanged: as an older content version must."""
    from labregistry.services import certificates as svc

    for source in (out, payload):
        (check,) = svc.verify_source(reg, source)
        assert check.genuine and check.record_state == "unchanged", source
