"""The public key card: what ``keys export-public`` writes and ``trust add`` reads.

Format ``labregistry-key-card`` version 1, a UTF-8 JSON object with exactly these keys::

    {"format": "labregistry-key-card", "version": 1,
     "uscc": ..., "institute_name": ..., "key_id": ..., "algorithm": "Ed25519",
     "public_key": base64(32 bytes), "created_at": "YYYY-MM-DDTHH:MM:SSZ",
     "endorsements": [rotation statement, ...],
     "signature": base64(64 bytes)}

``signature`` is the card's own key's signature (domain :data:`~.signing.DOMAIN_KEY_CARD`)
of every other field, so a truncated or edited card is refused. ``created_at`` is the
key's creation time, so exporting the same key twice gives the same card.

``endorsements`` is always present, possibly empty: the chain of rotation statements,
oldest first, that leads from an earlier key of the same institute to this one. Each link
after the first is checked here (its old key is the previous link's new key); the first
link's old key is one the receiver must already trust, which :mod:`.trust` decides.

Trusting a card is never automatic: the receiver compares the fingerprint read out by the
issuer over the phone or on paper (:func:`check_card_fingerprint`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from labregistry.errors import DomainError
from labregistry import files
from labregistry.crypto.jsonform import (
    Reader,
    b64encode,
    fault,
    format_datetime,
    parse_object,
    pretty_json,
    text_valid,
)
from labregistry.crypto.keys import (
    ALGORITHM,
    PublicKeyInfo,
    SigningKey,
    fingerprint,
    fingerprint_matches,
    key_id,
)
from labregistry.crypto.signing import DOMAIN_KEY_CARD, PUBLIC_KEY_SIZE, SIGNATURE_SIZE, verify_payload
from labregistry.crypto.statements import RotationStatement, statement_from_reader, verify_rotation

CARD_FORMAT = "labregistry-key-card"
CARD_VERSION = 1
CARD_LIMIT = 64 * 1024
NAME_LIMIT = 200
MAX_ENDORSEMENTS = 32
_KEYS = (
    "format", "version", "uscc", "institute_name", "key_id", "algorithm",
    "public_key", "created_at", "endorsements", "signature",
)  # fmt: skip


@dataclass(frozen=True)
class KeyCard:
    """A peer's public key as read from (or written to) a key card file."""

    uscc: str
    institute_name: str
    key_id: str
    public_key: bytes
    created_at: datetime
    endorsements: tuple[RotationStatement, ...]
    signature: bytes
    algorithm: str = ALGORITHM

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def info(self) -> PublicKeyInfo:
        return PublicKeyInfo(
            uscc=self.uscc, key_id=self.key_id, public_key=self.public_key, created_at=self.created_at
        )

    def payload(self) -> dict[str, Any]:
        return {
            "format": CARD_FORMAT,
            "version": CARD_VERSION,
            "uscc": self.uscc,
            "institute_name": self.institute_name,
            "key_id": self.key_id,
            "algorithm": self.algorithm,
            "public_key": b64encode(self.public_key),
            "created_at": format_datetime(self.created_at),
            "endorsements": [stmt.to_dict() for stmt in self.endorsements],
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.payload(), "signature": b64encode(self.signature)}

    def to_bytes(self) -> bytes:
        return pretty_json(self.to_dict())


def make_card(
    signing_key: SigningKey, institute_name: str, *, endorsements: Iterable[RotationStatement] = ()
) -> KeyCard:
    """The self-signed card of ``signing_key``; ``endorsements`` must end at this key."""
    if not text_valid(institute_name, NAME_LIMIT):
        raise ValueError(f"institute name must be 1..{NAME_LIMIT} characters without control characters")
    info = signing_key.info
    chain = tuple(endorsements)
    _check_chain(chain, info.uscc, info.key_id, info.public_key)
    unsigned = KeyCard(
        uscc=info.uscc,
        institute_name=institute_name,
        key_id=info.key_id,
        public_key=info.public_key,
        created_at=info.created_at,
        endorsements=chain,
        signature=b"",
    )
    signature = signing_key.sign(DOMAIN_KEY_CARD, unsigned.payload())
    return replace(unsigned, signature=signature)


def write_card(path: str | os.PathLike[str], card: KeyCard, *, overwrite: bool = True) -> Path:
    """Atomically; a card is public, so it is world-readable (0644)."""
    return files.atomic_write(path, card.to_bytes(), mode=0o644, overwrite=overwrite)


def read_card(data: bytes) -> KeyCard:
    """Strictly parse and verify a key card.

    ``card.malformed`` names the field and what is wrong; ``card.bad_signature`` when the
    card's own signature, or a link of its endorsement chain, does not verify.
    """
    code = "card.malformed"
    r = Reader(parse_object(data, code=code, limit=CARD_LIMIT), code=code)
    r.exact_keys(_KEYS)
    r.const("format", CARD_FORMAT, "json.bad_format")
    r.version("version", CARD_VERSION)
    uscc = r.uscc("uscc")
    institute_name = r.text("institute_name", NAME_LIMIT)
    algorithm = r.const("algorithm", ALGORITHM)
    public_key = r.b64("public_key", PUBLIC_KEY_SIZE)
    kid = r.key_id("key_id")
    if kid != key_id(public_key):
        raise r.fail("key_id", "json.bad_value", expected=key_id(public_key), actual=kid)
    created_at = r.time("created_at")
    chain: list[RotationStatement] = []
    for i, item in enumerate(r.items("endorsements", MAX_ENDORSEMENTS)):
        sub = r.nested(item, f"endorsements[{i}].")
        stmt = statement_from_reader(sub)
        if not isinstance(stmt, RotationStatement):
            raise sub.fail("type", "card.not_rotation")
        chain.append(stmt)
    signature = r.b64("signature", SIGNATURE_SIZE)
    card = KeyCard(
        uscc=uscc,
        institute_name=institute_name,
        key_id=kid,
        public_key=public_key,
        created_at=created_at,
        endorsements=tuple(chain),
        signature=signature,
        algorithm=algorithm,
    )
    # the card's own signature first: an edited chain shows as an edited card
    if not verify_payload(public_key, DOMAIN_KEY_CARD, card.payload(), signature):
        raise DomainError("card.bad_signature", field="signature", key_id=kid)
    _check_chain(card.endorsements, uscc, kid, public_key)
    return card


def read_card_file(path: str | os.PathLike[str]) -> KeyCard:
    """:func:`read_card` over a file, reading no more than the size cap (+1 to detect it)."""
    return read_card(files.read_head(path, CARD_LIMIT + 1))


def check_card_fingerprint(card: KeyCard, given: str) -> None:
    """Refuse (``trust.fingerprint_mismatch``, naming both) unless ``given`` is the card's."""
    if not fingerprint_matches(given, card.fingerprint):
        shown = given if isinstance(given, str) else repr(given)
        raise DomainError(
            "trust.fingerprint_mismatch",
            given=shown.strip()[:100],
            actual=card.fingerprint,
            key_id=card.key_id,
            uscc=card.uscc,
        )


def _check_chain(
    chain: Sequence[RotationStatement], uscc: str, card_key_id: str, card_public_key: bytes
) -> None:
    """Links after the first verify against the previous link's new key; the last ends here."""
    code = "card.malformed"
    seen: set[str] = set()
    for i, stmt in enumerate(chain):
        where = f"endorsements[{i}]"
        if stmt.uscc != uscc:
            raise fault(code, f"{where}.uscc", "json.bad_value", expected=uscc, actual=stmt.uscc)
        if stmt.old_key_id in seen:
            raise fault(code, f"{where}.old_key_id", "card.chain_repeats", actual=stmt.old_key_id)
        seen.add(stmt.old_key_id)
        if i > 0:
            prev = chain[i - 1]
            if stmt.old_key_id != prev.new_key_id:
                raise fault(
                    code,
                    f"{where}.old_key_id",
                    "card.chain_broken",
                    expected=prev.new_key_id,
                    actual=stmt.old_key_id,
                )
            if not verify_rotation(stmt, prev.new_public_key):
                raise DomainError("card.bad_signature", field=f"{where}.signature", key_id=stmt.old_key_id)
    if chain:
        last = chain[-1]
        if last.new_key_id != card_key_id or last.new_public_key != card_public_key:
            raise fault(
                code,
                f"endorsements[{len(chain) - 1}].new_key_id",
                "card.chain_broken",
                expected=card_key_id,
                actual=last.new_key_id,
            )
        if card_key_id in seen:
            raise fault(code, "endorsements", "card.chain_repeats", actual=card_key_id)
