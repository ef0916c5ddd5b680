"""Shared values for the key and signing tests (and the trust and certificate tests that sign):
valid institute codes, real keys with cheap KDF parameters."""

from __future__ import annotations

from datetime import UTC, datetime

from labregistry.crypto import keys

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def with_check(first17: str) -> str:
    """A unified social credit code with its GB 32100 check character."""
    total = sum(_ALPHABET.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + _ALPHABET[(31 - total % 31) % 31]


SH = with_check("12310000425004581")  # a Shanghai institute
JS = with_check("12320000466001234")  # a Jiangsu institute
ZJ = with_check("91330100MA27XY012")  # a Zhejiang company lab
REAL = "91350100M000100Y43"  # a published real-world example code

PASS = "上海计量 test passphrase"
T0 = datetime(2025, 1, 1, 8, 0, 0, tzinfo=UTC)


def make_key(uscc: str = SH, *, now: datetime = T0) -> keys.SigningKey:
    """A fresh real Ed25519 key (its sealed file is thrown away)."""
    signing_key, _sealed = keys.new_signing_key(uscc, PASS, kdf=keys.INSECURE_TEST_KDF, now=now)
    return signing_key
