"""Huge hostile files, written at test time with streaming zip writes (never committed).

Each builder takes the base file's bytes and writes the hostile file to ``path``; the
expensive part (the million rows, the million characters) comes from a generator, so
neither the test process nor the disk holds more than the compressed file.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

from tests.fuzz import xlsxkit as K

MILLION = 1_000_000


def _split_sheet(xml: bytes) -> tuple[bytes, bytes, int]:
    """The sheet XML up to ``</sheetData>``, from it, and the number of the last row."""
    xml = re.sub(rb"<sheetData\s*/>", b"<sheetData></sheetData>", xml, count=1)
    end = xml.index(b"</sheetData>")
    rows = [int(r) for r in re.findall(rb'<row r="([0-9]+)"', xml[:end])]
    return xml[:end], xml[end:], max(rows, default=0)


def _chunks(rows: Iterator[str], per_chunk: int = 20_000) -> Iterator[bytes]:
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= per_chunk:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def bundle_sparse_million_rows(base: bytes, sheet: str, path: Path) -> Path:
    """One value in row 1,000,002 of a data sheet: the readers fill a million empty rows."""
    parts = K.parts_of(base)
    part = K.sheet_parts(parts)[sheet]
    ref = f"A{MILLION + 2}"
    parts[part] = K.set_cell(parts[part], ref, K.inline_cell(ref, "far away"))
    path.write_bytes(K.zip_bytes(parts))
    return path


def million_rows(base: bytes, part_of: str | None, path: Path, *, cells: str = "B", sheet: str | None = None,
                 count: int = MILLION) -> Path:
    """A million more rows at the end of a sheet, each with a short text in each of ``cells``."""
    parts = K.parts_of(base)
    part = part_of or K.sheet_parts(parts)[sheet or ""]
    head, tail, last = _split_sheet(parts[part])
    first_row = last + 1

    def rows() -> Iterator[str]:
        for r in range(first_row, first_row + count):
            yield f'<row r="{r}">' + "".join(
                f'<c r="{c}{r}" t="inlineStr"><is><t>x{r}</t></is></c>' for c in cells) + "</row>"

    def gen() -> Iterator[bytes]:
        yield head
        yield from _chunks(rows())
        yield tail

    return K.stream_zip(path, parts, {part: gen}, level=1)


def long_cell(base: bytes, part_of: str | None, ref: str, path: Path, *, length: int = MILLION,
              sheet: str | None = None, seed: int = 1) -> Path:
    """A cell of ``length`` random characters (random, so that no compression ratio refuses it)."""
    parts = K.parts_of(base)
    part = part_of or K.sheet_parts(parts)[sheet or ""]
    rnd = random.Random(seed)
    alphabet = "计量标准器具检定校准证书编号有效期测量范围不确定度abcdefghijklmnopqrstuvwxyz0123456789"
    text = "".join(rnd.choice(alphabet) for _ in range(length))
    parts[part] = K.set_cell(parts[part], ref, K.inline_cell(ref, text))
    path.write_bytes(K.zip_bytes(parts, level=1))
    return path


def ratio_bomb(base: bytes, part: str, path: Path, *, size: int = 300 * K.MiB) -> Path:
    """``part`` replaced by ``size`` bytes of zeros compressed about 1,000 times."""
    raw, crc = K.zero_bomb(size)
    entries = [K.deflated(n, d) for n, d in K.parts_of(base).items() if n != part]
    path.write_bytes(K.craft_zip([*entries, (part, raw, crc, size, 8, 0x800)]))
    return path


def many_small_bombs(base: bytes, path: Path, *, count: int = 600) -> Path:
    """``count`` extra sheets of 1 MiB of zeros each (below the per-entry ratio check): 600 MiB
    in a file of about 1 MB, over the total budget."""
    raw, crc = K.zero_bomb(K.MiB)
    entries = [K.deflated(n, d) for n, d in K.parts_of(base).items()]
    extra = [(f"xl/worksheets/sheet{1000 + i}.xml", raw, crc, K.MiB, 8, 0x800) for i in range(count)]
    path.write_bytes(K.craft_zip([*entries, *extra]))
    return path


def lying_bombs(base: bytes, path: Path, *, count: int = 600) -> Path:
    """The same, each entry declaring 1 KiB: the streaming read must stop at the first."""
    raw, crc = K.zero_bomb(K.MiB)
    entries = [K.deflated(n, d) for n, d in K.parts_of(base).items()]
    extra = [(f"xl/worksheets/sheet{1000 + i}.xml", raw, crc, 1024, 8, 0x800) for i in range(count)]
    path.write_bytes(K.craft_zip([*entries, *extra]))
    return path


def too_many_entries(base: bytes, path: Path, *, count: int = 2001) -> Path:
    entries = [K.deflated(n, d) for n, d in K.parts_of(base).items()]
    extra = [K.stored(f"docProps/custom{i}.xml", b"") for i in range(count)]
    path.write_bytes(K.craft_zip([*entries, *extra]))
    return path


def deep_nesting(base: bytes, part: str, path: Path, *, depth: int = MILLION, root: bytes | None = None) -> Path:
    """``part`` replaced by ``depth`` nested elements (random tag names: no ratio refuses it)."""
    rnd = random.Random(7)
    tags = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(4)) for _ in range(997)]
    opening = root or f'<worksheet xmlns="{K.MAIN_NS}"><sheetData>'.encode()

    def gen() -> Iterator[bytes]:
        yield opening
        for start in range(0, depth, 20_000):
            yield "".join(f"<{tags[(start + i) % 997]}>" for i in range(min(20_000, depth - start))).encode()

    return K.stream_zip(path, K.parts_of(base), {part: gen}, level=1)
