"""Canonical JSON and domain-separated signatures, including byte-flip properties."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from hypothesis import given
from hypothesis import strategies as st

from labregistry.errors import DomainError
from labregistry.crypto import cards, statements
from labregistry.crypto.jsonform import canonical_json
from labregistry.crypto.signing import (
    DOMAIN_BUNDLE_MANIFEST,
    DOMAIN_CERTIFICATE,
    DOMAIN_KEY_CARD,
    DOMAIN_STATEMENT,
    sign_payload,
    signed_message,
    verify_payload,
)
from tests.crypto.helpers import SH, make_key
from tests.properties import property_settings

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

DOMAINS = (DOMAIN_KEY_CARD, DOMAIN_STATEMENT, DOMAIN_BUNDLE_MANIFEST, DOMAIN_CERTIFICATE)
KEY = make_key()
OTHER = make_key()
CARD = cards.make_card(KEY, "江苏省计量科学研究院")
CARD_BYTES = CARD.to_bytes()
ROTATION = statements.make_rotation(KEY, OTHER.info)
ROTATION_BYTES = statements.statement_to_bytes(ROTATION)

FLIP = property_settings(short=150, long=3000)

payloads = st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.text(max_size=20),
        st.lists(st.text(max_size=5), max_size=3),
    ),
    min_size=1,
    max_size=6,
)


def test_canonical_json_is_sorted_compact_utf8() -> None:
    assert canonical_json({"b": 1, "a": ["计量", True, None]}) == '{"a":["计量",true,null],"b":1}'.encode()


@pytest.mark.parametrize(
    "bad", [{"x": 1.5}, {1: "a"}, {"x": float("nan")}, {"x": 2**64}, {"x": b"raw"}, {"x": "\ud800"}]
)
def test_canonical_json_refuses_what_has_no_stable_form(bad: dict[Any, Any]) -> None:
    with pytest.raises((TypeError, ValueError)):
        canonical_json(bad)


def test_signature_verifies_only_with_its_key_domain_and_payload() -> None:
    payload = {"seq": 7, "issuer": SH, "名称": "标准"}
    signature = sign_payload(KEY.private_key, DOMAIN_BUNDLE_MANIFEST, payload)
    assert verify_payload(KEY.public_key, DOMAIN_BUNDLE_MANIFEST, payload, signature)
    assert not verify_payload(OTHER.public_key, DOMAIN_BUNDLE_MANIFEST, payload, signature)
    assert not verify_payload(KEY.public_key, DOMAIN_BUNDLE_MANIFEST, {**payload, "seq": 8}, signature)
    assert not verify_payload(KEY.public_key, DOMAIN_BUNDLE_MANIFEST, payload, signature[:-1])
    assert not verify_payload(b"short", DOMAIN_BUNDLE_MANIFEST, payload, signature)
    assert not verify_payload(KEY.public_key, DOMAIN_BUNDLE_MANIFEST, {"x": 1.5}, signature)


@pytest.mark.parametrize(("signed_in", "checked_in"), list(itertools.permutations(DOMAINS, 2)))
def test_a_signature_from_one_domain_never_verifies_in_another(signed_in: bytes, checked_in: bytes) -> None:
    payload = {"type": "rotate", "uscc": SH}
    signature = sign_payload(KEY.private_key, signed_in, payload)
    assert verify_payload(KEY.public_key, signed_in, payload, signature)
    assert not verify_payload(KEY.public_key, checked_in, payload, signature)


def test_statement_and_card_signatures_do_not_cross_contexts() -> None:
    assert not verify_payload(KEY.public_key, DOMAIN_KEY_CARD, ROTATION.payload(), ROTATION.signature)
    assert not verify_payload(KEY.public_key, DOMAIN_BUNDLE_MANIFEST, ROTATION.payload(), ROTATION.signature)
    assert not verify_payload(KEY.public_key, DOMAIN_STATEMENT, CARD.payload(), CARD.signature)
    assert not verify_payload(KEY.public_key, DOMAIN_CERTIFICATE, CARD.payload(), CARD.signature)


@pytest.mark.parametrize(
    "bad", [b"labregistry/x", b"other/statement/v1", b"labregistry/a\n/v1", "labregistry/a/v1"]
)
def test_invalid_domain_is_a_programming_error(bad: Any) -> None:
    with pytest.raises(ValueError):
        sign_payload(KEY.private_key, bad, {"a": 1})


@FLIP
@given(payload=payloads, index=st.integers(min_value=0), mask=st.integers(1, 255))
def test_flipping_any_signature_byte_fails(payload: dict[str, Any], index: int, mask: int) -> None:
    signature = bytearray(sign_payload(KEY.private_key, DOMAIN_STATEMENT, payload))
    signature[index % len(signature)] ^= mask
    assert not verify_payload(KEY.public_key, DOMAIN_STATEMENT, payload, bytes(signature))


@FLIP
@given(payload=payloads, index=st.integers(min_value=0), mask=st.integers(1, 255))
def test_flipping_any_payload_byte_fails(payload: dict[str, Any], index: int, mask: int) -> None:
    signature = sign_payload(KEY.private_key, DOMAIN_STATEMENT, payload)
    message = bytearray(signed_message(DOMAIN_STATEMENT, payload))
    body_start = len(DOMAIN_STATEMENT) + 1
    i = body_start + index % (len(message) - body_start)
    message[i] ^= mask
    # the signed bytes themselves: Ed25519 refuses any flip, whatever the bytes now say
    with pytest.raises(InvalidSignature):
        Ed25519PublicKey.from_public_bytes(KEY.public_key).verify(signature, bytes(message))
    try:
        edited = json.loads(message[body_start:].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return  # no payload to hand to verify_payload: the check above is the whole story
    # a flip inside a JSON object leaves an object (a first byte flipped does not parse)
    assert isinstance(edited, dict) and edited != payload, edited
    assert not verify_payload(KEY.public_key, DOMAIN_STATEMENT, edited, signature)


@FLIP
@given(index=st.integers(min_value=0), mask=st.integers(1, 255))
def test_flipping_any_card_file_byte_is_refused_or_harmless(index: int, mask: int) -> None:
    data = bytearray(CARD_BYTES)
    data[index % len(data)] ^= mask
    try:
        card = cards.read_card(bytes(data))
    except DomainError as exc:
        assert exc.code in ("card.malformed", "card.bad_signature")
    else:
        # only a change of insignificant whitespace can still read
        assert card == CARD


@FLIP
@given(index=st.integers(min_value=0), mask=st.integers(1, 255))
def test_flipping_any_statement_byte_is_refused_or_harmless(index: int, mask: int) -> None:
    data = bytearray(ROTATION_BYTES)
    data[index % len(data)] ^= mask
    try:
        stmt = statements.read_statement(bytes(data))
    except DomainError as exc:
        assert exc.code == "statement.malformed"
        return
    if stmt != ROTATION:
        assert not (
            isinstance(stmt, statements.RotationStatement)
            and statements.verify_rotation(stmt, KEY.public_key)
        )
