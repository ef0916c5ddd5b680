"""The QR code of a certificate, drawn as vector squares (segno computes the matrix).

Error correction M (15 % of the code can be soiled or stamped over), no boost, so the
version stays as small as the payload allows: a standard's certificate needs version 12
(65 x 65 modules), about 0.45 mm per module at the printed size, which phone cameras read.

The mask pattern is fixed (:data:`MASK`) instead of searched: the search only polishes
the pattern for old scanners, costs segno about 16 ms of pure Python per code (most of a
batch certificate's budget), and any mask is valid for every decoder.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white border the standard asks for
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
    qr = segno.make_qr(text, error="m", boost_error=False, mask=MASK)
    rows = tuple(bytes(row) for row in qr.matrix)
    return QrMatrix(version=int(qr.version), rows=rows)


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
    ops = []
    for r, row in enumerate(matrix.rows):
        c = 0
        n = len(row)
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            ops.append(f"{start} {r} {c - start} 1 re")
    ops.append("f")
    canv.addLiteral("\n".join(ops))
    canv.restoreState()
