"""The QR code of a certificate, drawn as vector squares (segno computes the matrix).

Error correction M (15 % of the code can be soiled or stamped over), no boost, so the
version stays as small as the payload allows: a standard's certificate needs version 12
(65 x 65 modules), about 0.45 mm per module at the printed size, which phone cameras read.

The mask pattern is fixed (:data:`MASK`) instead of searched: the search only polishes
the pattern for old scanners, costs segno about 16 ms of pure Python per code (most of a
batch certificate's budget), and any mask is valid for every decoder.

A payload is always QR alphanumeric text (upper-case base32, ``:`` and ``.``), so
:func:`make_matrix` encodes it itself, with what never changes for a version (function
patterns, format and version information, the order of the data modules and the mask
over them) computed once per version: about a twentieth of segno's time, module for
module the same symbol (tested against segno for every version up to
:data:`MAX_VERSION`). Any other text, or a longer one, goes to segno.
"""

from __future__ import annotations

import operator
import re
import threading
from dataclasses import dataclass
from typing import Any

import segno
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white border the standard asks for
_DARK_RUN = re.compile(rb"[^\x00]+")  # a run of dark modules in a row (one byte per module)
MASK = 2  # vertical stripes every third column: breaks up long runs of equal modules
MAX_VERSION = 15


@dataclass(frozen=True)
class QrMatrix:
    version: int
    rows: tuple[bytes, ...]  # one byte per module: 1 dark, 0 light

    @property
    def size(self) -> int:
        return len(self.rows)


def make_matrix(text: str) -> QrMatrix:
    """The QR code of ``text``: error correction M, the smallest version, mask :data:`MASK`."""
    fast = _alphanumeric_matrix(text)
    if fast is not None:
        return fast
    return segno_matrix(text)


def segno_matrix(text: str) -> QrMatrix:
    """The same symbol made by segno (any text; the reference the fast path is tested against)."""
    qr = segno.make_qr(text, error="m", boost_error=False, mask=MASK)
    rows = tuple(bytes(row) for row in qr.matrix)
    return QrMatrix(version=int(qr.version), rows=rows)


# ---------------------------------------------------------------- alphanumeric, error correction M

ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALNUM_VALUE = {ch: i for i, ch in enumerate(ALPHANUMERIC)}
#: Error correction M, versions 1 to MAX_VERSION (ISO/IEC 18004 table 9): ECC codewords per
#: block, then (blocks, data codewords per block) of the short and the long blocks.
_BLOCKS_M: dict[int, tuple[int, tuple[tuple[int, int], ...]]] = {
    1: (10, ((1, 16),)),
    2: (16, ((1, 28),)),
    3: (26, ((1, 44),)),
    4: (18, ((2, 32),)),
    5: (24, ((2, 43),)),
    6: (16, ((4, 27),)),
    7: (18, ((4, 31),)),
    8: (22, ((2, 38), (2, 39))),
    9: (22, ((3, 36), (2, 37))),
    10: (26, ((4, 43), (1, 44))),
    11: (30, ((1, 50), (4, 51))),
    12: (22, ((6, 36), (2, 37))),
    13: (22, ((8, 37), (1, 38))),
    14: (24, ((4, 40), (5, 41))),
    15: (24, ((5, 41), (5, 42))),
}
_FORMAT_M = 0b00  # the error correction level's two bits in the format information


def _alphanumeric_matrix(text: str) -> QrMatrix | None:
    """The symbol of ``text`` in alphanumeric mode, or None when segno must make it (other
    characters; only digits, which segno puts in numeric mode; too long for MAX_VERSION)."""
    if not text or text.isdigit():
        return None
    try:
        values = [_ALNUM_VALUE[ch] for ch in text]
    except KeyError:
        return None
    n = len(values)
    bits = 11 * (n // 2) + 6 * (n % 2)
    version = next((v for v in _BLOCKS_M if 4 + (9 if v < 10 else 11) + bits <= 8 * _data_codewords(v)), None)
    if version is None:
        return None
    plan = _plan(version)
    data = _data_bits(values, n, version, plan.data_codewords)
    codewords = _with_error_correction(data, plan)
    stream = int.from_bytes(codewords, "big") << plan.remainder_bits
    masked = format(stream ^ plan.mask, f"0{plan.data_modules}b").encode("ascii")
    flat = bytes(plan.gather(masked.translate(_BIT_BYTES) + b"\x00\x01"))
    size = plan.size
    return QrMatrix(version, tuple(flat[r * size:(r + 1) * size] for r in range(size)))


_BIT_BYTES = bytes.maketrans(b"01", b"\x00\x01")


def _data_codewords(version: int) -> int:
    return sum(count * length for count, length in _BLOCKS_M[version][1])


def _data_bits(values: list[int], n: int, version: int, capacity: int) -> bytes:
    """Mode, count, the characters in pairs, terminator, padding: the data codewords."""
    acc, used = 0b0010, 4
    count_bits = 9 if version < 10 else 11
    acc, used = (acc << count_bits) | n, used + count_bits
    for i in range(0, n - 1, 2):
        acc, used = (acc << 11) | (values[i] * 45 + values[i + 1]), used + 11
    if n % 2:
        acc, used = (acc << 6) | values[-1], used + 6
    terminator = min(4, capacity * 8 - used)
    acc, used = acc << terminator, used + terminator
    # to the byte boundary as segno pads (1 to 8 zero bits: a whole zero byte when already on
    # it), so that the symbol is segno's module for module; decoders stop at the terminator
    fill = 8 - used % 8
    acc, used = acc << fill, used + fill
    data = acc.to_bytes(used // 8, "big")[:capacity]
    pads = capacity - len(data)
    return data + (b"\xec\x11" * (pads // 2 + 1))[:pads]


# ---------------------------------------------------------------- Reed-Solomon over GF(256)

_EXP = [0] * 512
_LOG = [0] * 256
_x = 1
for _i in range(255):
    _EXP[_i] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0x100:
        _x ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


def _gf_mul(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[_LOG[a] + _LOG[b]]


def _divisor(degree: int) -> list[int]:
    """The generator polynomial's coefficients (highest first, the leading 1 left out)."""
    result = [0] * (degree - 1) + [1]
    root = 1
    for _ in range(degree):
        for j in range(degree):
            result[j] = _gf_mul(result[j], root)
            if j + 1 < degree:
                result[j] ^= result[j + 1]
        root = _gf_mul(root, 2)
    return result


def _remainder_table(degree: int) -> list[int]:
    """For each leading factor, the divisor times it, as one integer of ``degree`` bytes."""
    divisor = _divisor(degree)
    return [int.from_bytes(bytes(_gf_mul(c, f) for c in divisor), "big") for f in range(256)]


def _ecc(block: bytes, table: list[int], degree: int) -> bytes:
    """The block's error correction codewords: polynomial division, a byte per step."""
    rem, shift, keep = 0, 8 * (degree - 1), (1 << (8 * degree)) - 1
    for b in block:
        rem = ((rem << 8) & keep) ^ table[b ^ (rem >> shift)]
    return rem.to_bytes(degree, "big")


def _with_error_correction(data: bytes, plan: _Plan) -> bytes:
    """Data split into blocks, each with its ECC, interleaved as the symbol stores them."""
    blocks, start = [], 0
    for length in plan.block_lengths:
        blocks.append(data[start:start + length])
        start += length
    eccs = [_ecc(b, plan.ecc_table, plan.ecc_per_block) for b in blocks]
    out = bytearray()
    for i in range(max(plan.block_lengths)):
        out.extend(b[i] for b in blocks if i < len(b))
    for i in range(plan.ecc_per_block):
        out.extend(e[i] for e in eccs)
    return bytes(out)


# ---------------------------------------------------------------- what is fixed per version


@dataclass(frozen=True)
class _Plan:
    size: int
    data_codewords: int
    block_lengths: tuple[int, ...]
    ecc_per_block: int
    ecc_table: list[int]
    data_modules: int  # codeword bits plus the remainder bits
    remainder_bits: int
    mask: int  # MASK over the data modules in placement order, as one integer
    gather: operator.itemgetter[Any]  # the symbol, row by row, from (data bits..., light, dark)


_PLANS: dict[int, _Plan] = {}
_PLANS_LOCK = threading.Lock()


def _plan(version: int) -> _Plan:
    plan = _PLANS.get(version)
    if plan is None:
        with _PLANS_LOCK:
            plan = _PLANS.get(version) or _make_plan(version)
            _PLANS[version] = plan
    return plan


def _make_plan(version: int) -> _Plan:
    size = 17 + 4 * version
    fixed: dict[tuple[int, int], int] = {}  # (row, column) -> 1 dark / 0 light, function modules
    _function_patterns(fixed, version, size)
    order = [(r, c) for r, c in _placement_order(size) if (r, c) not in fixed]
    ecc, groups = _BLOCKS_M[version]
    lengths = tuple(length for count, length in groups for _ in range(count))
    codeword_bits = 8 * (sum(lengths) + ecc * len(lengths))
    mask = 0
    for r, c in order:
        mask = (mask << 1) | (1 if c % 3 == 0 else 0)  # mask 2: every third column
    index = {rc: i for i, rc in enumerate(order)}
    light, dark = len(order), len(order) + 1
    sources = [index[(r, c)] if (r, c) in index else (dark if fixed[(r, c)] else light)
               for r in range(size) for c in range(size)]
    return _Plan(size, sum(lengths), lengths, ecc, _remainder_table(ecc), len(order), len(order) - codeword_bits,
                 mask, operator.itemgetter(*sources))


def _placement_order(size: int) -> list[tuple[int, int]]:
    """Every module in the order data bits are placed: two-column strips from the right,
    up and down in turn, skipping the vertical timing pattern's column."""
    out: list[tuple[int, int]] = []
    right = size - 1
    while right >= 1:
        if right == 6:
            right = 5
        upward = ((right + 1) & 2) == 0
        for vert in range(size):
            row = size - 1 - vert if upward else vert
            out.extend(((row, right), (row, right - 1)))
        right -= 2
    return out


def _alignment_positions(version: int) -> list[int]:
    if version == 1:
        return []
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    size = 17 + 4 * version
    return [6, *sorted(size - 7 - i * step for i in range(count - 1))]


def _function_patterns(fixed: dict[tuple[int, int], int], version: int, size: int) -> None:
    """Finder, separator, timing, alignment patterns, the dark module, format and version information."""
    for i in range(size):
        fixed[(6, i)] = fixed[(i, 6)] = 1 if i % 2 == 0 else 0
    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):
        for dr in range(-1, 8):
            for dc in range(-1, 8):
                r, c = top + dr, left + dc
                if 0 <= r < size and 0 <= c < size:
                    dist = max(abs(dr - 3), abs(dc - 3))
                    fixed[(r, c)] = 1 if dist in (0, 1, 3) else 0
    positions = _alignment_positions(version)
    last = len(positions) - 1
    for i, ar in enumerate(positions):
        for j, ac in enumerate(positions):
            if (i, j) in ((0, 0), (0, last), (last, 0)):
                continue  # under a finder pattern
            for dr in range(-2, 3):
                for dc in range(-2, 3):
                    fixed[(ar + dr, ac + dc)] = 1 if max(abs(dr), abs(dc)) != 1 else 0
    data = (_FORMAT_M << 3) | MASK
    rem = data
    for _ in range(10):
        rem = (rem << 1) ^ ((rem >> 9) * 0x537)
    fmt = ((data << 10) | rem) ^ 0x5412
    bit = [(fmt >> i) & 1 for i in range(15)]
    for i in range(6):
        fixed[(i, 8)] = bit[i]
    fixed[(7, 8)], fixed[(8, 8)], fixed[(8, 7)] = bit[6], bit[7], bit[8]
    for i in range(9, 15):
        fixed[(8, 14 - i)] = bit[i]
    for i in range(8):
        fixed[(8, size - 1 - i)] = bit[i]
    for i in range(8, 15):
        fixed[(size - 15 + i, 8)] = bit[i]
    fixed[(size - 8, 8)] = 1  # the dark module
    if version >= 7:
        rem = version
        for _ in range(12):
            rem = (rem << 1) ^ ((rem >> 11) * 0x1F25)
        info = (version << 12) | rem
        for i in range(18):
            b = (info >> i) & 1
            a, c = size - 11 + i % 3, i // 3
            fixed[(c, a)] = fixed[(a, c)] = b


def draw_qr(canv: Canvas, matrix: QrMatrix, x: float, y: float, size: float) -> None:
    """Draw ``matrix`` in the square of side ``size`` whose lower left corner is (x, y),
    quiet zone included. Dark modules of a row are merged into runs: one path, few ops."""
    modules = matrix.size + 2 * QUIET_ZONE
    m = size / modules
    canv.saveState()
    canv.setFillColorRGB(1, 1, 1)
    canv.rect(x, y, size, size, stroke=0, fill=1)
    canv.setFillColorRGB(0, 0, 0)
    # One path of whole-module rectangles in module units (y downwards from the top left of
    # the symbol), written as PDF operators directly: a version 12 code has ~1500 runs, and
    # reportlab's path objects cost more than the rest of the page. Filled as one path, the
    # squares leave no hairline seams between them.
    canv.transform(m, 0, 0, -m, x + QUIET_ZONE * m, y + size - QUIET_ZONE * m)
    ops = [f"{run.start()} {r} {run.end() - run.start()} 1 re"
           for r, row in enumerate(matrix.rows) for run in _DARK_RUN.finditer(row)]
    ops.append("f")
    canv.addLiteral("\n".join(ops))
    canv.restoreState()
