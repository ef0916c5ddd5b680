"""Pre-flight of an ``.xlsx`` file before any of its XML is parsed by openpyxl.

Used for signed bundles and for institutes' own Excel ledgers. An ``.xlsx`` file is a zip
of XML parts; a hostile one can be a zip bomb, an XML entity bomb, carry macros, external
links to other workbooks, embedded OLE/ActiveX objects or data connections. Here, with
nothing but :mod:`zipfile` and :mod:`defusedxml` on small parts, every one of those is
refused with a message that names the file and the part:

1. a regular file (no FIFO, device or folder) of at most ``max_bytes``, read ONCE into
   memory so that what is checked is what is later parsed (:func:`checked_bytes`);
2. a real zip starting at byte 0 (an old ``.xls`` or a password-protected workbook, which
   are OLE files, get their own message), at most ``max_entries`` entries, no duplicate
   names, no odd names (``..``, ``\\``, absolute), no encrypted entries, only stored or
   deflated entries, no entries that overlap;
3. every part name on an allow-list (:data:`BUNDLE_PARTS`, :data:`LEDGER_PARTS` adds what
   Excel ledgers legitimately hold); dangerous parts are named with their own code:
   macros (``xlsx.macros``), external links (``xlsx.external_link``), embedded objects
   (``xlsx.embedded_object``), data connections (``xlsx.data_connection``); anything
   else is ``xlsx.unknown_part``;
4. sizes from the zip headers: total uncompressed size and per-entry compression ratio;
5. then every entry is actually decompressed in a streaming read with a byte budget
   (declared sizes are not trusted; the CRC is checked on the way), XML parts are
   refused if they hold a DTD (``<!DOCTYPE`` / ``<!ENTITY``: no spreadsheet program
   writes one), and the small ``.rels`` parts and ``[Content_Types].xml`` are parsed with
   defusedxml: no ``TargetMode="External"`` relationship (a ledger may keep cell
   hyperlinks), no relationship to a part outside the allow-list, a worksheet's
   relationships only to its comments, their drawings and printer settings.

:func:`ensure_defusedxml` checks that openpyxl itself parses through defusedxml; it is
called by every entry point here and should be called once at start-up.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import zipfile
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import unquote

from labregistry.errors import DomainError
from labregistry.files import read_at_most

MiB = 1024 * 1024

MAX_BYTES = 100 * MiB
"""Largest ``.xlsx`` file accepted (compressed size on disk)."""
MAX_ENTRIES = 2000
"""Most zip entries (a bundle has about 15; a big ledger with comments a few hundred)."""
MAX_RATIO = 500
"""Largest uncompressed/compressed ratio of one entry. Sheets written by openpyxl compress
about 10 times; LibreOffice's shared strings, with a rich-text run per change of script,
70 times (measured on a 5,000-standard bundle); zip bombs 1,000 times. Entries below
:data:`RATIO_FLOOR` are not ratio-checked; the total budget is the hard limit."""
MAX_UNCOMPRESSED = 512 * MiB
"""Largest total uncompressed size of all entries."""
RATIO_FLOOR = 1 * MiB
MAX_SMALL_PART = 4 * MiB
"""Largest ``.rels`` / ``[Content_Types].xml`` part parsed here."""

Kind = Literal["bundle", "ledger"]

_CHUNK = 256 * 1024


# ---------------------------------------------------------------- defusedxml


def ensure_defusedxml() -> None:
    """Raise ``DomainError("xlsx.no_defusedxml")`` unless openpyxl parses XML via defusedxml.

    openpyxl decides at import time (``openpyxl.xml.DEFUSEDXML``: defusedxml importable and
    the environment variable ``OPENPYXL_DEFUSEDXML`` not set to anything but ``True``);
    the parse functions it bound are checked as well.
    """
    try:
        import openpyxl.xml
        import openpyxl.xml.functions as functions
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise DomainError("xlsx.no_defusedxml") from None
    if getattr(openpyxl.xml, "DEFUSEDXML", False) is not True:
        raise DomainError("xlsx.no_defusedxml")
    # worksheets and shared strings are parsed with iterparse: it must be defusedxml's
    if not _from_defusedxml(getattr(functions, "iterparse", None)):
        raise DomainError("xlsx.no_defusedxml")
    # fromstring (small parts): defusedxml's, or lxml's with entity resolution off when
    # openpyxl uses lxml
    if not getattr(openpyxl.xml, "LXML", False) and not _from_defusedxml(getattr(functions, "fromstring", None)):
        raise DomainError("xlsx.no_defusedxml")


def _from_defusedxml(fn: object) -> bool:
    return fn is not None and str(getattr(fn, "__module__", "")).startswith("defusedxml")


# ---------------------------------------------------------------- part names


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\A(?:" + "|".join(patterns) + r")\Z")


_BUNDLE_PATTERNS = (
    r"\[Content_Types\]\.xml",
    r"_rels/\.rels",
    r"docProps/[A-Za-z0-9_]+\.xml",
    r"docProps/thumbnail\.(?:jpeg|jpg|png|emf|wmf)",
    r"xl/workbook\.xml",
    r"xl/_rels/workbook\.xml\.rels",
    r"xl/worksheets/sheet[0-9]+\.xml",
    r"xl/worksheets/_rels/sheet[0-9]+\.xml\.rels",
    r"xl/styles\.xml",
    r"xl/sharedStrings\.xml",
    r"xl/theme/theme[0-9]+\.xml",
    r"xl/calcChain\.xml",
    r"xl/comments[0-9]*\.xml",
    r"xl/comments/comment[0-9]+\.xml",
    r"xl/drawings/(?:vmlDrawing|commentsDrawing)[0-9]+\.vml",
    # LibreOffice writes an empty drawing part next to the comments of a sheet
    r"xl/drawings/drawing[0-9]+\.xml",
    # Excel 365 "modern" comments (it writes legacy comments beside them)
    r"xl/threadedComments/threadedComment[0-9]+\.xml",
    r"xl/persons/person\.xml",
    r"xl/printerSettings/printerSettings[0-9]+\.bin",
)
_LEDGER_EXTRA = (
    r"xl/drawings/_rels/drawing[0-9]+\.xml\.rels",
    r"xl/media/image[0-9]+\.(?:png|jpeg|jpg|gif|bmp|emf|wmf|tif|tiff)",
    r"xl/tables/table[0-9]+\.xml",
    r"xl/metadata\.xml",
    r"customXml/item[0-9]+\.xml",
    r"customXml/itemProps[0-9]+\.xml",
    r"customXml/_rels/item[0-9]+\.xml\.rels",
)

BUNDLE_PARTS = _rx(*_BUNDLE_PATTERNS)
"""Parts a bundle may hold: what openpyxl writes plus what Excel, WPS and LibreOffice add
when a person opens and saves it (shared strings, calc chain, comments, printer settings)."""
LEDGER_PARTS = _rx(*_BUNDLE_PATTERNS, *_LEDGER_EXTRA)
"""Parts an institute's own Excel ledger may hold in addition: tables, pictures,
threaded comments, custom XML (document-management metadata)."""

# what a worksheet's relationships may point to
_SHEET_TARGET_PATTERNS = (
    r"xl/comments[0-9]*\.xml",
    r"xl/comments/comment[0-9]+\.xml",
    r"xl/drawings/(?:vmlDrawing|commentsDrawing)[0-9]+\.vml",
    r"xl/drawings/drawing[0-9]+\.xml",
    r"xl/threadedComments/threadedComment[0-9]+\.xml",
    r"xl/printerSettings/printerSettings[0-9]+\.bin",
)
_SHEET_TARGETS_BUNDLE = _rx(*_SHEET_TARGET_PATTERNS)
_SHEET_TARGETS_LEDGER = _rx(*_SHEET_TARGET_PATTERNS, r"xl/tables/table[0-9]+\.xml")

# refused with their own message (checked case-insensitively, before the allow-list)
_DANGER: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"vbaProject|vbaData|macrosheets/|dialogsheets/", re.I), "xlsx.macros"),
    (re.compile(r"externalLink", re.I), "xlsx.external_link"),
    (re.compile(r"embeddings/|activeX|oleObject|\.ole\Z|ctrlProps/", re.I), "xlsx.embedded_object"),
    (re.compile(r"connections\.xml|queryTables?/|xl/model/|pivotCache|customData/", re.I),
     "xlsx.data_connection"),
)

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# UTF-16/32 byte order marks or a first "<" in two or four bytes: the DTD scan reads UTF-8
_NOT_UTF8_XML = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# An OLE compound file (Excel 97-2003, or Excel's password-protected .xlsx) names its streams
# in UTF-16: an .xls holds its sheets in "Workbook" (Excel 95: "Book"), an encrypted .xlsx in
# "EncryptedPackage" (and no "Workbook")
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OLE_BIFF = ("Workbook\0".encode("utf-16-le"), "Book\0".encode("utf-16-le"))
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def _ole_code(data: bytes) -> str:
    """``xlsx.old_xls`` for an Excel 97-2003 workbook, named so with its way out (it was
    "an old .xls or a password-protected workbook"); ``xlsx.old_format`` for any other OLE
    file (a password-protected workbook, a damaged one)."""
    if _OLE_ENCRYPTED not in data and any(stream in data for stream in _OLE_BIFF):
        return "xlsx.old_xls"
    return "xlsx.old_format"


def _is_opendocument_spreadsheet(zf: zipfile.ZipFile) -> bool:
    """True for LibreOffice's own format (.ods, and its template .ots): a zip whose
    ``mimetype`` entry (the first, stored, as OpenDocument requires) names a spreadsheet. It
    was refused as lacking ``[Content_Types].xml``, which told the user nothing."""
    try:
        info = zf.getinfo("mimetype")
    except KeyError:
        return False
    if info.file_size > 100:
        return False
    return zf.read(info).strip().startswith(_ODS_MIMETYPE)


def _danger_code(name: str) -> str | None:
    for pattern, code in _DANGER:
        if pattern.search(name):
            return code
    return None


def _bad_name(name: str) -> bool:
    if not name or len(name) > 260 or name.startswith("/") or "\\" in name or "\x00" in name:
        return True
    segments = name.rstrip("/").split("/")
    return any(seg in ("", ".", "..") for seg in segments) or ":" in segments[0]


# ---------------------------------------------------------------- entry points


def checked_bytes(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_BYTES,
    max_entries: int = MAX_ENTRIES,
    max_ratio: int = MAX_RATIO,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    kind: Kind = "bundle",
) -> bytes:
    """Read the file at ``path`` once, pre-flight it, and return its bytes.

    Parse those bytes (``openpyxl.load_workbook(io.BytesIO(data))``), never the path
    again: the file may change between the check and a second read.
    """
    data = read_limited(path, max_bytes)
    preflight_bytes(
        data,
        name=str(path),
        max_entries=max_entries,
        max_ratio=max_ratio,
        max_uncompressed=max_uncompressed,
        kind=kind,
    )
    return data


def read_limited(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` of them."""
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DomainError("xlsx.not_found", file=name) from None
    except IsADirectoryError:
        raise DomainError("xlsx.not_regular_file", file=name) from None
    except OSError as exc:
        raise DomainError("xlsx.unreadable", file=name, reason=exc.strerror or type(exc).__name__) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DomainError("xlsx.not_regular_file", file=name)
        if info.st_size > max_bytes:
            raise DomainError("xlsx.too_large", file=name, size=info.st_size, limit=max_bytes)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = read_at_most(fh, max_bytes, info.st_size)
    except OSError as exc:
        raise DomainError("xlsx.unreadable", file=name, reason=exc.strerror or type(exc).__name__) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise DomainError("xlsx.too_large", file=name, size=len(data), limit=max_bytes)
    return data


def preflight_bytes(
    data: bytes,
    *,
    name: str,
    max_entries: int = MAX_ENTRIES,
    max_ratio: int = MAX_RATIO,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    kind: Kind = "bundle",
) -> None:
    """Pre-flight the ``.xlsx`` bytes ``data``; ``name`` names the file in messages."""
    ensure_defusedxml()
    _Preflight(data, name, max_entries, max_ratio, max_uncompressed, kind).run()


# ---------------------------------------------------------------- the checks


@dataclass(eq=False, repr=False)  # a repr would hold the whole file's bytes or rows
class _Preflight:
    """One pre-flight of the bytes ``data`` of the file named ``file``, with its limits; the
    parts a ``kind`` of workbook may hold follow from it."""

    data: bytes
    file: str
    max_entries: int
    max_ratio: int
    max_uncompressed: int
    kind: Kind
    allowed: re.Pattern[str] = field(init=False)
    sheet_targets: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        if self.kind not in ("bundle", "ledger"):
            raise ValueError(f"unknown pre-flight kind {self.kind!r}")
        self.allowed = BUNDLE_PARTS if self.kind == "bundle" else LEDGER_PARTS
        self.sheet_targets = _SHEET_TARGETS_BUNDLE if self.kind == "bundle" else _SHEET_TARGETS_LEDGER

    def fail(self, code: str, **params: object) -> DomainError:
        return DomainError(code, None, file=self.file, **params)

    def named(self, code: str) -> str:
        """The refusal ``code`` of a file named for what it is, in its form for a bundle: a
        ledger is saved again as .xlsx; a bundle is asked for as it was sent, since a copy
        saved in another format may hold other values (LibreOffice's .ods rounded a number
        of a real bundle to 10 digits: saved back as .xlsx, its signature no longer matched)."""
        if code == "xlsx.old_format" or self.kind != "bundle":
            return code
        return f"{code}_bundle"

    def corrupt(self, reason: str) -> DomainError:
        return self.fail("xlsx.corrupt", reason=reason)

    def run(self) -> None:
        data = self.data
        if not data:
            raise self.fail("xlsx.empty")
        if data.startswith(_OLE_MAGIC):
            raise self.fail(self.named(_ole_code(data)))
        if not data.startswith(b"PK\x03\x04"):
            raise self.fail("xlsx.not_zip")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                infos = zf.infolist()
                if _is_opendocument_spreadsheet(zf):
                    raise self.fail(self.named("xlsx.opendocument"))
                self.check_headers(infos)
                small = self.read_all(zf, infos)
        except DomainError:
            raise
        except zipfile.LargeZipFile:
            raise self.corrupt("zip64") from None
        except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError, RuntimeError) as exc:
            raise self.corrupt(_short(exc)) from None
        except Exception as exc:  # noqa: BLE001 - zipfile on hostile input: never a traceback
            raise self.corrupt(type(exc).__name__) from None
        self.check_content_types(small.get("[Content_Types].xml"))
        for part, text in small.items():
            if part.endswith(".rels"):
                self.check_rels(part, text)

    # -- headers (central directory): cheap refusals first

    def check_headers(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > self.max_entries:
            raise self.fail("xlsx.too_many_entries", count=len(infos), limit=self.max_entries)
        names = {info.filename for info in infos}
        for required in ("[Content_Types].xml", "xl/workbook.xml"):
            if required not in names:
                raise self.fail("xlsx.not_workbook", part=required)
        seen: set[str] = set()
        declared_total = 0
        compressed_total = 0
        for info in infos:
            name = info.filename
            if _bad_name(name):
                raise self.fail("xlsx.bad_part_name", part=name[:120])
            folded = name.casefold()
            if folded in seen:
                raise self.corrupt(f"duplicate part {name}")
            seen.add(folded)
            if info.flag_bits & 0x1:
                raise self.fail("xlsx.encrypted", part=name)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self.corrupt(f"unsupported compression in {name}")
            if name.endswith("/"):
                if info.file_size:
                    raise self.fail("xlsx.bad_part_name", part=name)
                continue
            code = _danger_code(name)
            if code is not None:
                raise self.fail(code, part=name)
            if not self.allowed.match(name):
                raise self.fail("xlsx.unknown_part", part=name)
            self.check_ratio(name, info.file_size, info.compress_size)
            _check_tree_part(self, name, info.file_size)
            declared_total += info.file_size
            compressed_total += info.compress_size
            if declared_total > self.max_uncompressed:
                raise self.fail("xlsx.too_much_data", limit=self.max_uncompressed)
        if compressed_total > len(self.data):
            raise self.corrupt("entries overlap")
        if infos and infos[0].header_offset != 0:
            raise self.corrupt("data before the first entry")

    def check_ratio(self, name: str, size: int, compressed: int) -> None:
        if size > RATIO_FLOOR and size > self.max_ratio * max(compressed, 1):
            ratio = size // max(compressed, 1)
            raise self.fail("xlsx.compression_ratio", part=name, ratio=ratio, limit=self.max_ratio)

    # -- contents: a streaming read with a byte budget

    def read_all(self, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, bytes]:
        budget = self.max_uncompressed
        small: dict[str, bytes] = {}
        for info in infos:
            name = info.filename
            if name.endswith("/"):
                continue
            keep = name.endswith(".rels") or name == "[Content_Types].xml"
            is_xml = name.endswith(_XML_SUFFIXES)
            kept: list[bytes] = []
            count = 0
            tail = b""
            depth = _DepthCheck(self, name) if keep or _TREE_PARTS.match(name) else None
            rules = _RuleScan(self, name) if self.kind == "bundle" else None
            with zf.open(info) as fh:
                while True:
                    # never ask for more than the budget allows (plus one byte to see an overrun)
                    chunk = fh.read(min(_CHUNK, budget + 1))
                    if not chunk:
                        break
                    count += len(chunk)
                    budget -= len(chunk)
                    if budget < 0:
                        raise self.fail("xlsx.too_much_data", limit=self.max_uncompressed)
                    if count > info.file_size:
                        raise self.corrupt(f"{name} is longer than declared")
                    self.check_ratio(name, count, info.compress_size)
                    if is_xml:
                        if count == len(chunk) and chunk.startswith(_NOT_UTF8_XML):
                            raise self.corrupt(f"{name} is not UTF-8 XML")
                        window = tail + chunk
                        if any(marker in window for marker in _DTD_MARKERS):
                            raise self.fail("xlsx.dtd", part=name)
                        tail = chunk[-16:]
                    if depth is not None:
                        depth.feed(chunk)
                    if rules is not None:
                        if count == len(chunk):  # any part: a relationship may make a .bin part a sheet
                            _check_declared_encoding(self, name, chunk)
                        rules.feed(chunk)
                    if keep:
                        if count > MAX_SMALL_PART:
                            raise self.corrupt(f"{name} is too large")
                        kept.append(chunk)
            if count != info.file_size:
                raise self.corrupt(f"{name} is shorter than declared")
            if keep:
                small[name] = b"".join(kept)
        return small

    # -- the small XML parts

    def parse_small(self, part: str, text: bytes):  # type: ignore[no-untyped-def]
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import ParseError, fromstring

        try:
            return fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException:
            raise self.fail("xlsx.dtd", part=part) from None
        except (ParseError, ValueError, UnicodeError):
            raise self.corrupt(f"{part} is not well-formed XML") from None

    def check_content_types(self, text: bytes | None) -> None:
        if text is None:  # pragma: no cover - required part, checked above
            raise self.fail("xlsx.not_workbook", part="[Content_Types].xml")
        root = self.parse_small("[Content_Types].xml", text)
        for el in root.iter():
            if el.tag not in (f"{_CT_NS}Default", f"{_CT_NS}Override"):
                continue
            content_type = (el.get("ContentType") or "").lower()
            where = el.get("PartName") or el.get("Extension") or ""
            if "macroenabled" in content_type or "vbaproject" in content_type or "macrosheet" in content_type:
                raise self.fail("xlsx.macros", part=f"[Content_Types].xml: {where}")
            if "activex" in content_type or "oleobject" in content_type:
                raise self.fail("xlsx.embedded_object", part=f"[Content_Types].xml: {where}")
            if "externallink" in content_type:
                raise self.fail("xlsx.external_link", part=f"[Content_Types].xml: {where}")

    def check_rels(self, part: str, text: bytes) -> None:
        root = self.parse_small(part, text)
        if root.tag != f"{_REL_NS}Relationships":
            raise self.corrupt(f"{part} is not a relationships part")
        # the part these relationships belong to: a/_rels/b.rels -> a/b
        folder, _, rels_name = part.rpartition("/")
        base = posixpath.dirname(folder)  # folder ends with _rels
        is_sheet = folder == "xl/worksheets/_rels"
        for rel in root.iter(f"{_REL_NS}Relationship"):
            target = rel.get("Target") or ""
            rel_type = rel.get("Type") or ""
            if (rel.get("TargetMode") or "").lower() == "external" or _looks_external(target):
                if self.kind == "ledger" and is_sheet and rel_type == _HYPERLINK:
                    continue  # a cell hyperlink in a ledger: a URL, nothing is loaded from it
                raise self.fail("xlsx.external_target", part=part, target=target[:200])
            resolved = _resolve(base, target)
            if resolved is None:
                raise self.fail("xlsx.bad_relationship", part=part, target=target[:200])
            code = _danger_code(resolved)
            if code is not None:
                raise self.fail(code, part=f"{part} -> {resolved}")
            allowed = self.sheet_targets if is_sheet else self.allowed
            if not allowed.match(resolved) or resolved.endswith(".rels"):
                raise self.fail("xlsx.bad_relationship", part=part, target=resolved[:200])


# Fuzz-suite fix (tests/fuzz): parts that openpyxl and the ledger reader parse whole into
# element trees or objects (not streamed like worksheets and shared strings) cost about 13
# times their size in memory: a 4.7 MB bundle whose styles.xml held 1.5 million <xf>
# entries (100 MB) took 38 s and 1.4 GB to refuse. Excel's own limits (65,490 cell formats,
# 1,024 fonts) keep a real styles.xml under about 10 MB. The declared size is enough to
# check: a part longer than declared is refused while it is read.
MAX_TREE_PART = 16 * MiB
"""Largest ``xl/workbook.xml``, ``xl/styles.xml``, theme or document-properties part."""
_TREE_PARTS = re.compile(r"\A(?:xl/workbook\.xml|xl/styles\.xml|xl/theme/theme[0-9]+\.xml|docProps/[^/]+\.xml)\Z")


def _check_tree_part(check: _Preflight, name: str, size: int) -> None:
    if size > MAX_TREE_PART and _TREE_PARTS.match(name):
        raise check.fail("xlsx.part_too_large", part=name, size=size, limit=MAX_TREE_PART)


# Fuzz-suite fix (tests/fuzz): the same parts, and the .rels and [Content_Types].xml parsed
# here, nested a million elements deep (6 MB, no DTD needed) cost 400 MB and more as element
# trees. Spreadsheet programs nest these parts about ten levels deep.
MAX_XML_DEPTH = 100
"""Deepest element nesting accepted in the parts that are parsed whole (see MAX_TREE_PART)."""


class _DepthCheck:
    """Feeds a part to expat and refuses nesting beyond MAX_XML_DEPTH. Malformed XML is left
    to the readers (their messages stay as they are): the check just stops."""

    def __init__(self, check: _Preflight, part: str) -> None:
        from xml.parsers import expat

        self.check = check
        self.part = part
        self.depth = 0
        self.parser: Any = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end

    def start(self, *_: object) -> None:
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise self.check.fail("xlsx.too_deep", part=self.part, limit=MAX_XML_DEPTH)

    def end(self, *_: object) -> None:
        self.depth -= 1

    def feed(self, chunk: bytes) -> None:
        if self.parser is None:
            return
        try:
            self.parser.Parse(chunk, False)
        except DomainError:
            raise
        except Exception:  # noqa: BLE001 - not well-formed: the readers refuse it in their own words
            self.parser = None


# Bundle fix (tests/fuzz): conditional formats and data validation change no cell value,
# so the reader ignored them; but their formulas run when Excel shows the sheet (a rule
# calling WEBSERVICE("http://...?"&B2) sends a cell away), and they sit outside the cells,
# so the digests and the signature still hold when anyone on the way adds one. The
# exporter never writes them, and an open-and-save by LibreOffice adds none: any of them,
# in any namespace (Excel 2010 writes x14:conditionalFormattings and x14:dataValidations in
# the sheet's extLst), is refused in a bundle. A byte scan: "<" cannot appear in XML text
# or attribute values, so "<name" or "<prefix:name" is an element (or inside a comment,
# which is refused as well: harmless, and no spreadsheet program writes one there).
_RULE_MARKERS = ((b"conditionalFormatting", "xlsx.conditional_format"), (b"dataValidation", "xlsx.data_validation"))
_NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")


class _RuleScan:
    """Refuses ``<conditionalFormatting``/``<x:dataValidations``... in a part read in chunks."""

    _KEEP = 256  # a marker cut in two, and a prefix before it

    def __init__(self, check: _Preflight, part: str) -> None:
        self.check = check
        self.part = part
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        window = self.tail + chunk
        for marker, code in _RULE_MARKERS:
            # a match that ends in the kept tail was judged with the previous window
            at = window.find(marker, max(len(self.tail) - len(marker) + 1, 0))
            while at >= 0:
                if _opens_element(window, at):
                    raise self.check.fail(code, part=self.part)
                at = window.find(marker, at + 1)
        self.tail = window[-self._KEEP:]


def _opens_element(window: bytes, at: int) -> bool:
    """Whether the name at ``window[at:]`` follows ``<`` or ``<prefix:``. A prefix that runs
    back to the start of the window (longer than what was kept) counts as one: refusing a
    bundle that holds such a name in a cell's text costs nothing."""
    if at == 0:
        return False  # the start of the part
    before = window[at - 1]
    if before == ord("<"):
        return True
    if before != ord(":"):
        return False
    i = at - 2
    while i >= 0 and window[i] in _NAME_BYTES:
        i -= 1
    return i < 0 or window[i] == ord("<")


_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[ \t\r\n]")
_ENCODING = re.compile(rb"""[ \t\r\n]encoding[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")


def _check_declared_encoding(check: _Preflight, part: str, first: bytes) -> None:
    """Bundle fix (tests/fuzz): docs/bundle-format.md says UTF-8 only, but a part declaring
    ISO-8859-1 (or any 8-bit encoding Python has a codec for: expat asks it) was read. Only
    a declared "UTF-8" (any case), or none, is accepted; ``first`` is the part's first chunk."""
    if not _DECLARATION.match(first):
        return
    end = first.find(b"?>")
    if end < 0:
        raise check.corrupt(f"{part} has a malformed XML declaration")
    found = _ENCODING.search(first, 0, end)
    if found is None:
        return
    encoding = (found.group(1) if found.group(1) is not None else found.group(2)).decode("ascii", "replace")
    if encoding.lower() != "utf-8":
        raise check.fail("xlsx.not_utf8", part=part, encoding=encoding[:40])


def _looks_external(target: str) -> bool:
    lowered = target.strip().lower()
    return bool(re.match(r"[a-z][a-z0-9+.-]*:", lowered)) or lowered.startswith(("//", "\\\\"))


def _resolve(base: str, target: str) -> str | None:
    """The part name a relationship target points to, or None when it leaves the package."""
    target = unquote(target.split("#", 1)[0])
    if not target or "\\" in target:
        return None
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(base, target) if base else target
    parts: list[str] = []
    for seg in joined.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if not parts:
                return None
            parts.pop()
            continue
        parts.append(seg)
    return "/".join(parts) or None


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[:160]


__all__ = [
    "BUNDLE_PARTS",
    "LEDGER_PARTS",
    "MAX_BYTES",
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED",
    "checked_bytes",
    "ensure_defusedxml",
    "preflight_bytes",
    "read_limited",
]

