"""The pre-flight's limits, pinned by the values docs/bundle-format.md promises.

Each limit is written here as a literal, never read from the code's constants, and tried on
both sides with the default call (no limit passed in): a file exactly at the limit passes
that check, one unit over is refused with the documented code. A limit changed in the code
(or an off-by-one in a comparison) fails here until the documentation is changed too.
"""

from __future__ import annotations

import functools
import random
import zlib
from pathlib import Path
from typing import Any

import pytest

from labregistry.errors import DomainError
from labregistry.xlsx import preflight
from labregistry.xlsx.preflight import checked_bytes
from tests.xlsx.test_preflight import plain_workbook

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

MiB = 1024 * 1024
# docs/bundle-format.md, "Pre-flight": the defaults
FILE_SIZE = 100 * MiB
ENTRIES = 2000
RATIO = 500
RATIO_FLOOR = 1 * MiB  # entries up to this size are not ratio-checked
TOTAL = 512 * MiB
TREE_PART = 16 * MiB
SMALL_PART = 4 * MiB
DEPTH = 100

EMPTY_STORED_BLOCK = b"\x00\x00\x00\xff\xff"  # deflate: a stored block of no bytes (byte-aligned)
FINAL_EMPTY_BLOCK = b"\x03\x00"  # deflate: the last block, fixed Huffman, no bytes


def code_of(path: Path) -> str | None:
    """The pre-flight's refusal code for ``path`` with the default limits, None when accepted."""
    try:
        checked_bytes(path)
    except DomainError as err:
        return err.code
    return None


@pytest.fixture
def parts(tmp_path: Path, ziptools: Any) -> dict[str, bytes]:
    return dict(ziptools.parts(plain_workbook(tmp_path / "good.xlsx")))


Entry = tuple[str, bytes, int, int]  # craft_zip's (name, raw data, crc, size)


def zipped(tmp_path: Path, ziptools: Any, parts: dict[str, bytes], extra: list[Entry], name: str = "x.xlsx") -> Path:
    """The workbook ``parts`` deflated, then the ``extra`` entries as they are (deflate streams)."""
    entries = [(n, ziptools.deflate(d), zlib.crc32(d), len(d)) for n, d in parts.items()]
    path = tmp_path / name
    path.write_bytes(ziptools.craft_zip(entries + extra))
    return path


def stored(tmp_path: Path, ziptools: Any, parts: dict[str, bytes], name: str = "x.xlsx") -> Path:
    """Every part stored uncompressed (method 0): a part of any size, at a ratio of 1."""
    path = tmp_path / name
    path.write_bytes(ziptools.craft_zip([(n, d, zlib.crc32(d), len(d)) for n, d in parts.items()], method=0))
    return path


# ---------------------------------------------------------------- the defaults, as documented


def test_the_defaults_are_the_documented_ones() -> None:
    assert checked_bytes.__kwdefaults__ == {"max_bytes": FILE_SIZE, "max_entries": ENTRIES, "max_ratio": RATIO,
                                             "max_uncompressed": TOTAL, "kind": "bundle"}
    assert (preflight.RATIO_FLOOR, preflight.MAX_TREE_PART, preflight.MAX_SMALL_PART, preflight.MAX_XML_DEPTH) == (
        RATIO_FLOOR, TREE_PART, SMALL_PART, DEPTH)


# ---------------------------------------------------------------- each limit, on both sides


def test_file_size(tmp_path: Path) -> None:
    at, over = tmp_path / "at.xlsx", tmp_path / "over.xlsx"
    for path, size in ((at, FILE_SIZE), (over, FILE_SIZE + 1)):
        with path.open("wb") as fh:  # sparse: no 100 MiB written
            fh.truncate(size)
    assert code_of(at) == "xlsx.not_zip"  # past the size check: refused for what it holds
    assert code_of(over) == "xlsx.too_large"


def test_number_of_entries(tmp_path: Path, parts: dict[str, bytes], ziptools: Any) -> None:
    def with_entries(total: int) -> Path:
        extra = {f"docProps/custom{i}.xml": b"<x/>" for i in range(total - len(parts))}
        return ziptools.rezip({**parts, **extra}, tmp_path / f"{total}.xlsx")

    assert code_of(with_entries(ENTRIES)) is None
    assert code_of(with_entries(ENTRIES + 1)) == "xlsx.too_many_entries"


def padded_deflate(data: bytes, size: int) -> bytes:
    """``data`` deflated into exactly ``size`` bytes, empty stored blocks making up the rest."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)  # ends byte-aligned
    room = size - len(body) - len(FINAL_EMPTY_BLOCK)
    assert room >= 0 and room % len(EMPTY_STORED_BLOCK) == 0, (len(body), size)
    out = body + EMPTY_STORED_BLOCK * (room // len(EMPTY_STORED_BLOCK)) + FINAL_EMPTY_BLOCK
    assert zlib.decompress(out, -15) == data
    return out


def _body_length(length: int) -> int:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return len(c.compress(_spaces(length)) + c.flush(zlib.Z_SYNC_FLUSH)) + len(FINAL_EMPTY_BLOCK)


def _spaces(length: int) -> bytes:
    return b"<sst>" + b" " * (length - 11) + b"</sst>"


@functools.cache
def ratio_500_entry() -> tuple[bytes, int]:
    """XML of about 2 MiB whose deflate stream can be padded to exactly a 500th of its size: a
    multiple of 500 bytes long, its compressed length a multiple of 5 bytes short of that."""
    body = _body_length(2 * MiB)
    while True:
        target = -(-2 * MiB // RATIO)  # compressed size: the smallest whole number of bytes
        target += (body - target) % len(EMPTY_STORED_BLOCK)  # padding in whole stored blocks
        length = target * RATIO
        if _body_length(length) == body:
            return _spaces(length), target
        body = _body_length(length)


def test_compression_ratio(tmp_path: Path, parts: dict[str, bytes], ziptools: Any) -> None:
    data, compressed = ratio_500_entry()
    exactly = padded_deflate(data, compressed)  # 500 times: accepted
    over = padded_deflate(data, compressed - len(EMPTY_STORED_BLOCK))  # about 500.6 times
    assert len(data) == RATIO * len(exactly) and len(data) > RATIO * len(over)
    name, crc = "xl/sharedStrings.xml", zlib.crc32(data)
    assert code_of(zipped(tmp_path, ziptools, parts, [(name, exactly, crc, len(data))])) is None
    assert code_of(zipped(tmp_path, ziptools, parts, [(name, over, crc, len(data))])) == "xlsx.compression_ratio"


def test_small_entries_are_not_ratio_checked(tmp_path: Path, parts: dict[str, bytes], ziptools: Any) -> None:
    def spaces(size: int) -> Entry:
        data = b"<sst>" + b" " * (size - 11) + b"</sst>"
        return ("xl/sharedStrings.xml", ziptools.deflate(data), zlib.crc32(data), len(data))

    assert len(spaces(RATIO_FLOOR)[1]) * RATIO < RATIO_FLOOR  # over 500 times, yet small enough
    assert code_of(zipped(tmp_path, ziptools, parts, [spaces(RATIO_FLOOR)])) is None
    assert code_of(zipped(tmp_path, ziptools, parts, [spaces(RATIO_FLOOR + 1)])) == "xlsx.compression_ratio"


@pytest.mark.slow
def test_total_uncompressed_size(tmp_path: Path, parts: dict[str, bytes], ziptools: Any) -> None:
    """512 MiB in all: accepted after reading every byte; a byte more is refused from the headers."""
    data, compressed = ratio_500_entry()
    chunk = padded_deflate(data, compressed)
    own = sum(len(d) for d in parts.values())
    count, rest = divmod(TOTAL - own, len(data))
    extra = [(f"xl/comments{i}.xml", chunk, zlib.crc32(data), len(data)) for i in range(count)]

    def last_two(size: int) -> list[Entry]:  # the rest in two entries under the ratio check's floor
        halves = (_spaces(size // 2), _spaces(size - size // 2))
        return [(f"xl/comments{count + i}.xml", ziptools.deflate(h), zlib.crc32(h), len(h))
                for i, h in enumerate(halves)]

    at = extra + last_two(rest)
    assert own + sum(e[3] for e in at) == TOTAL
    assert code_of(zipped(tmp_path, ziptools, parts, at, "at.xlsx")) is None
    over = extra + last_two(rest + 1)
    assert code_of(zipped(tmp_path, ziptools, parts, over, "over.xlsx")) == "xlsx.too_much_data"


def test_parts_parsed_whole(tmp_path: Path, parts: dict[str, bytes], ziptools: Any) -> None:
    """docProps and the like (parsed into trees): 16 MiB; .rels (parsed here): 4 MiB."""
    noise = random.Random(24).randbytes(TREE_PART).hex().encode()  # text that does not compress

    def element(size: int) -> bytes:
        return b"<x>" + noise[: size - 7] + b"</x>"

    assert code_of(stored(tmp_path, ziptools, {**parts, "docProps/custom1.xml": element(TREE_PART)})) is None
    over = stored(tmp_path, ziptools, {**parts, "docProps/custom1.xml": element(TREE_PART + 1)})
    assert code_of(over) == "xlsx.part_too_large"

    rels = parts["_rels/.rels"]
    head, tail = rels[: rels.rindex(b"</Relationships>")], b"</Relationships>"

    def rels_of(size: int) -> bytes:
        return head + b"<!--" + noise[: size - len(head) - len(tail) - 7] + b"-->" + tail

    assert code_of(stored(tmp_path, ziptools, {**parts, "_rels/.rels": rels_of(SMALL_PART)})) is None
    with pytest.raises(DomainError) as err:
        checked_bytes(stored(tmp_path, ziptools, {**parts, "_rels/.rels": rels_of(SMALL_PART + 1)}))
    assert err.value.code == "xlsx.corrupt" and "_rels/.rels is too large" in err.value.render("en")


def test_nesting_depth(tmp_path: Path, parts: dict[str, bytes], ziptools: Any) -> None:
    def nested(levels: int) -> bytes:
        return b"<a>" * levels + b"</a>" * levels

    assert code_of(ziptools.rezip({**parts, "docProps/custom1.xml": nested(DEPTH)}, tmp_path / "at.xlsx")) is None
    over = ziptools.rezip({**parts, "docProps/custom1.xml": nested(DEPTH + 1)}, tmp_path / "over.xlsx")
    assert code_of(over) == "xlsx.too_deep"
