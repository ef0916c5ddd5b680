"""The certificate's QR code: the fast alphanumeric encoder draws exactly segno's symbol.

The printed QR code must not change with the encoder: for every length of payload text up
to the largest version a certificate may use (so every version, every way the data can end
against a codeword boundary, every padding), the matrix is module for module the one segno
makes with the same settings, and text the fast path does not handle goes to segno.
"""

from __future__ import annotations

import random

import pytest

from labregistry.certificates import qr
from labregistry.certificates.qr import MAX_VERSION, make_matrix, segno_matrix

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def _versions() -> dict[int, int]:
    """Text length -> version, for every length the fast path takes (up to MAX_VERSION)."""
    versions: dict[int, int] = {}
    n = 1
    while (matrix := qr._alphanumeric_matrix("A" * n)) is not None:
        versions[n] = matrix.version
        n += 1
    return versions


def _lengths(versions: dict[int, int]) -> list[int]:
    """Lengths at the end of every version's capacity (where the terminator and the padding
    are cut short, and where the data fills the symbol), and a sample between."""
    longest = max(versions)
    ends = [n for n in versions if n == longest or versions[n + 1] != versions[n]]
    near = {n for end in ends for n in range(max(1, end - 5), end + 1)}
    rng = random.Random(11)
    return sorted(near | {1, 2, 3} | {rng.randint(1, longest) for _ in range(40)})


def test_every_version_and_way_of_ending_is_segnos_symbol() -> None:
    rng = random.Random(7)
    versions = _versions()
    assert set(versions.values()) == set(range(1, MAX_VERSION + 1))
    for n in _lengths(versions):
        text = "LRC1:"[:n] + "".join(rng.choice(qr.ALPHANUMERIC) for _ in range(max(0, n - 5)))
        fast = qr._alphanumeric_matrix(text)
        assert fast is not None and fast.version == versions[n], n
        assert fast == segno_matrix(text), f"{n} characters"
    assert segno_matrix("A" * (max(versions) + 1)).version > MAX_VERSION  # beyond it, segno decides


@pytest.mark.parametrize("text", ["12345", "lrc1:abc", "证书", "A B\n", "A" * 700])
def test_other_text_is_left_to_segno(text: str) -> None:
    assert qr._alphanumeric_matrix(text) is None
    assert make_matrix(text) == segno_matrix(text)
