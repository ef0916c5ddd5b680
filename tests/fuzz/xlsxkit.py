"""Taking ``.xlsx`` files apart and putting them together again, for the fuzz suite.

Everything here works on bytes: the parts of a workbook as an ordered ``{name: bytes}``
mapping, rebuilt into a zip with any names (duplicates too), any compression and any
declared sizes. Huge files (a million rows, a bomb, a million-character cell) are written
with a streaming zip writer, so that making them costs neither memory nor disk beyond
their compressed size.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MiB = 1 << 20

Parts = dict[str, bytes]


# ---------------------------------------------------------------- parts <-> zip bytes


def parts_of(data: bytes) -> Parts:
    """The parts of a zip, in their order (the last one wins for a duplicated name)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def zip_bytes(
    entries: Parts | Iterable[tuple[str, bytes]],
    *,
    method: int = zipfile.ZIP_DEFLATED,
    level: int = 6,
) -> bytes:
    """A zip of ``entries`` (a mapping, or pairs: the same name may come twice)."""
    items = entries.items() if isinstance(entries, dict) else entries
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method, compresslevel=level if method == zipfile.ZIP_DEFLATED else None) as zf:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = method
            with _quiet_duplicates():
                zf.writestr(info, data)
    return buf.getvalue()


class _quiet_duplicates:
    """zipfile warns about duplicate names (UserWarning, an error under our pytest settings)."""

    def __enter__(self) -> None:
        import warnings

        self._cm = warnings.catch_warnings()
        self._cm.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc: object) -> None:
        self._cm.__exit__(*exc)


def raw_entry(name: str, raw: bytes, crc: int, size: int, *, method: int = 8, flags: int = 0x800) -> tuple[
        str, bytes, int, int, int, int]:
    return (name, raw, crc, size, method, flags)


def craft_zip(entries: Sequence[tuple[str, bytes, int, int, int, int]], *, prefix: bytes = b"",
              comment: bytes = b"") -> bytes:
    """A zip from pre-compressed entries ``(name, raw, crc32, declared_size, method, flags)``.

    The central directory says whatever the entry says: sizes may lie, methods may be
    unsupported, flags may claim encryption.
    """
    out = bytearray(prefix)
    central = bytearray()
    for name, raw, crc, size, method, flags in entries:
        encoded = name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0x21, crc & 0xFFFFFFFF, len(raw),
                           size, len(encoded), 0)
        out += encoded + raw
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, method, 0, 0x21, crc & 0xFFFFFFFF,
                               len(raw), size, len(encoded), 0, 0, 0, 0, 0, offset)
        central += encoded
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_offset,
                       len(comment))
    out += comment
    return bytes(out)


def deflate(data: bytes, level: int = 9) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def stored(name: str, data: bytes) -> tuple[str, bytes, int, int, int, int]:
    return (name, data, zlib.crc32(data), len(data), 0, 0x800)


def deflated(name: str, data: bytes) -> tuple[str, bytes, int, int, int, int]:
    return (name, deflate(data), zlib.crc32(data), len(data), 8, 0x800)


def entries_of(parts: Parts) -> list[tuple[str, bytes, int, int, int, int]]:
    return [deflated(name, data) for name, data in parts.items()]


def zero_bomb(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``size`` zero bytes (a multiple of 1 MiB) and its CRC, built cheaply.

    One MiB is compressed with a full flush, which resets the compressor, so the same
    compressed block can be repeated; the CRC is computed once per MiB. (The .xlsx and
    bundle tests' ``ziptools`` fixture hands out this one too.)
    """
    assert size % MiB == 0
    chunk = bytes(MiB)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(size // MiB):
        crc = zlib.crc32(chunk, crc)
    return block * (size // MiB) + tail, crc


# ---------------------------------------------------------------- streaming writes


def stream_zip(path: Path, parts: Parts, streamed: dict[str, Callable[[], Iterator[bytes]]],
               *, level: int = 6) -> Path:
    """Write ``parts`` plus parts whose bytes come from generators (never all in memory).

    A streamed part replaces the part of the same name, keeping its position.
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        names = list(parts) + [n for n in streamed if n not in parts]
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in streamed:
                with zf.open(info, "w", force_zip64=False) as fh:
                    for chunk in streamed[name]():
                        fh.write(chunk)
            else:
                zf.writestr(info, parts[name])
    return path


# ---------------------------------------------------------------- workbook structure


def sheet_parts(parts: Parts) -> dict[str, str]:
    """``{sheet name: part name}`` from ``xl/workbook.xml`` and its relationships."""
    from defusedxml.ElementTree import fromstring

    wb = fromstring(parts["xl/workbook.xml"])
    rels = fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {}
    for rel in rels.iter(f"{{{PKG_REL_NS}}}Relationship"):
        target = rel.get("Target") or ""
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    out = {}
    for sheet in wb.iter(f"{{{MAIN_NS}}}sheet"):
        out[sheet.get("name")] = targets[sheet.get(f"{{{REL_NS}}}id")]
    return out


_CELL = re.compile(rb'<c r="(?P<ref>[A-Z]+[0-9]+)"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)


def cell_refs(xml: bytes) -> list[str]:
    return [m.group("ref").decode() for m in _CELL.finditer(xml)]


def set_cell(xml: bytes, ref: str, cell: bytes | None) -> bytes:
    """``xml`` with the cell ``ref`` replaced by ``cell`` (a whole ``<c>`` element), or removed.

    A new cell goes into its row in column order, a new row into ``sheetData`` in row order
    (readers place a row's cells by the last cell's column: out of order, cells get lost).
    """
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)
    replacement = cell or b""
    new, count = pattern.subn(lambda _m: replacement, xml, count=1)
    if count:
        return new
    if cell is None:
        return xml
    letters, row = re.match(r"([A-Z]+)([0-9]+)", ref).groups()  # type: ignore[union-attr]
    column = column_index(letters)
    row_pat = re.compile(rb'(<row r="' + row.encode() + rb'"[^>]*?)(/>|>(.*?)</row>)', re.DOTALL)
    m = row_pat.search(xml)
    if m:
        inner = m.group(3) or b""
        # keep the cells of the row in column order (readers place cells by the last one's column)
        at = len(inner)
        for c in _CELL.finditer(inner):
            if column_index(re.match(r"[A-Z]+", c.group("ref").decode()).group(0)) > column:  # type: ignore[union-attr]
                at = c.start()
                break
        inner = inner[:at] + cell + inner[at:]
        return xml[: m.start()] + m.group(1) + b">" + inner + b"</row>" + xml[m.end():]
    number = int(row)
    for r in re.finditer(rb'<row r="([0-9]+)"', xml):
        if int(r.group(1)) > number:
            return xml[: r.start()] + b'<row r="' + row.encode() + b'">' + cell + b"</row>" + xml[r.start():]
    xml = re.sub(rb"<sheetData\s*/>", b"<sheetData></sheetData>", xml, count=1)
    return xml.replace(b"</sheetData>", b'<row r="' + row.encode() + b'">' + cell + b"</row></sheetData>", 1)


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


def inline_cell(ref: str, text: str, style: int | None = None) -> bytes:
    s = f' s="{style}"' if style is not None else ""
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'.encode()


def number_cell(ref: str, number: str, style: int | None = None) -> bytes:
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}"{s} t="n"><v>{number}</v></c>'.encode()


def typed_cell(ref: str, t: str, v: str, style: int | None = None) -> bytes:
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}"{s} t="{t}"><v>{escape(v)}</v></c>'.encode()


def formula_cell(ref: str, formula: str, cached: str | None = None) -> bytes:
    v = f"<v>{escape(cached)}</v>" if cached is not None else ""
    return f'<c r="{ref}"><f>{escape(formula)}</f>{v}</c>'.encode()


def column_letter(index: int) -> str:
    """1 -> ``A``, 27 -> ``AA``: openpyxl's, not the core's ``xlsx.refs.column_letter`` (the kit
    names cells independently of the code whose messages name them)."""
    return get_column_letter(index)


def set_sheet_state(parts: Parts, sheet: str, state: str) -> Parts:
    """``xl/workbook.xml`` with ``sheet`` in ``state`` (visible, hidden, veryHidden)."""
    out = dict(parts)
    name = escape(sheet, {'"': "&quot;"}).encode()
    wb = parts["xl/workbook.xml"]
    pat = re.compile(rb'(<sheet name="' + re.escape(name) + rb'"[^>]*?) state="[A-Za-z]+"')
    if pat.search(wb):
        wb = pat.sub(rb'\1 state="' + state.encode() + b'"', wb, count=1)
    else:
        wb = wb.replace(b'<sheet name="' + name + b'"', b'<sheet name="' + name + b'" state="' + state.encode()
                        + b'"', 1)
    out["xl/workbook.xml"] = wb
    return out


# ---------------------------------------------------------------- XML-level hostility

BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    b'<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    b'<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    b'<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    b'<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    b'<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>'
)
XXE = b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def with_doctype(xml: bytes, doctype: bytes = BILLION_LAUGHS) -> bytes:
    """``xml`` with a DOCTYPE inserted after the XML declaration (or at the start)."""
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype + xml[end:]
    return doctype + xml


def use_entity(xml: bytes, entity: bytes = b"&lol9;") -> bytes:
    """Reference an entity inside the first text node (``<t>`` or ``<v>``), if there is one."""
    for tag in (b"<t>", b"<v>", b"<t xml:space=\"preserve\">"):
        i = xml.find(tag)
        if i >= 0:
            return xml[: i + len(tag)] + entity + xml[i + len(tag):]
    return xml


def xml_declared(xml: bytes, encoding: str) -> bytes:
    """``xml`` re-encoded in ``encoding`` with a declaration saying so (BOM as the codec writes it)."""
    body = xml
    if body.startswith(b"<?xml"):
        body = body[body.index(b"?>") + 2:]
    text = body.decode("utf-8")
    decl = f'<?xml version="1.0" encoding="{encoding}" standalone="yes"?>\n'
    if encoding.lower().replace("-", "") in ("utf16", "utf16le", "utf16be", "utf32"):
        return (decl + text).encode(encoding if encoding.lower() != "utf-16" else "utf-16")
    return decl.encode("ascii") + text.encode(encoding, errors="xmlcharrefreplace")


# ---------------------------------------------------------------- re-signing (a legitimate but hostile issuer)


def resign(data: bytes, signing_key: Any, *, mutate: Callable[[dict[str, Any]], None] | None = None) -> bytes:
    """The bundle ``data`` with a manifest holding the digests of its sheets as they are now,
    signed by ``signing_key``: what an issuer can do with any content it likes.

    Raises the reader's DomainError when the workbook cannot be read at all.
    """
    from labregistry.exchange import schema
    from labregistry.crypto.jsonform import b64encode, canonical_json
    from labregistry.crypto.signing import DOMAIN_BUNDLE_MANIFEST
    from labregistry.xlsx.workbook import read_workbook

    book = read_workbook(data, schema.SPECS, schema.META_SHEET, name="resign.xlsx")
    manifest = json.loads(book.meta["manifest"])
    manifest["sheets"] = [{"name": s["name"], "rows": book.digests[s["name"]].row_count,
                           "sha256": book.digests[s["name"]].sha256} for s in manifest["sheets"]]
    if mutate is not None:
        mutate(manifest)
    signature = b64encode(signing_key.sign(DOMAIN_BUNDLE_MANIFEST, manifest))
    return replace_meta(data, {"manifest": canonical_json(manifest).decode("utf-8"), "signature": signature})


def replace_meta(data: bytes, values: dict[str, str]) -> bytes:
    """The bundle ``data`` with the signature sheet's values for ``values``' keys replaced."""
    from labregistry.exchange import schema

    parts = parts_of(data)
    part = sheet_parts(parts)[schema.META_SHEET]
    xml = parts[part]
    for key, value in values.items():
        m = re.search(rb'<c r="A([0-9]+)"[^>]*><is><t[^>]*>' + re.escape(escape(key).encode()) + rb"</t></is></c>", xml)
        assert m, key
        row = m.group(1).decode()
        xml = set_cell(xml, f"B{row}", inline_cell(f"B{row}", value))
    parts[part] = xml
    return zip_bytes(parts)


def meta_value(data: bytes, key: str) -> str:
    from labregistry.exchange import schema
    from labregistry.xlsx.workbook import read_workbook

    return read_workbook(data, schema.SPECS, schema.META_SHEET, name="meta.xlsx").meta[key]
