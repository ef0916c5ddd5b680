"""Domain-separated Ed25519 signatures over canonical JSON payloads.

The signed message is ``domain + b"\\n" + canonical_json(payload)``. A domain is ASCII of
the form ``labregistry/<context>/v<n>`` and holds no newline, so the first newline of the
message ends the domain: a signature made for one context (a key card, a statement, a
bundle manifest, a certificate QR payload) never verifies in another, whatever the payload.

Every context uses its own constant below; a new context adds a new constant here, so
two modules cannot pick the same domain by accident.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from labregistry.crypto.jsonform import canonical_json

DOMAIN_KEY_CARD = b"labregistry/key-card/v1"
DOMAIN_STATEMENT = b"labregistry/statement/v1"
DOMAIN_BUNDLE_MANIFEST = b"labregistry/bundle-manifest/v1"
DOMAIN_CERTIFICATE = b"labregistry/certificate/v1"

SIGNATURE_SIZE = 64
PUBLIC_KEY_SIZE = 32

_DOMAIN_RE = re.compile(rb"\Alabregistry/[a-z0-9][a-z0-9-]{0,62}/v[1-9][0-9]{0,3}\Z")


def check_domain(domain: bytes) -> bytes:
    """``domain`` if it is a valid domain-separation prefix; ValueError otherwise."""
    if not isinstance(domain, bytes) or not _DOMAIN_RE.match(domain):
        raise ValueError(f"invalid signature domain {domain!r}: expected b'labregistry/<context>/v<n>'")
    return domain


def signed_message(domain: bytes, payload: Mapping[str, Any]) -> bytes:
    """The exact bytes an Ed25519 signature covers."""
    return check_domain(domain) + b"\n" + canonical_json(dict(payload))


def sign_payload(private_key: Ed25519PrivateKey, domain: bytes, payload: Mapping[str, Any]) -> bytes:
    """A 64-byte Ed25519 signature of ``payload`` in context ``domain``."""
    return private_key.sign(signed_message(domain, payload))


def load_public_key(public_key: Ed25519PublicKey | bytes) -> Ed25519PublicKey:
    if isinstance(public_key, Ed25519PublicKey):
        return public_key
    if not isinstance(public_key, (bytes, bytearray)) or len(public_key) != PUBLIC_KEY_SIZE:
        raise ValueError("an Ed25519 public key is 32 raw bytes")
    return Ed25519PublicKey.from_public_bytes(bytes(public_key))


def verify_payload(
    public_key: Ed25519PublicKey | bytes, domain: bytes, payload: Mapping[str, Any], signature: bytes
) -> bool:
    """True only when ``signature`` is ``public_key``'s signature of ``payload`` in ``domain``.

    Never raises for bad input (a malformed key, signature or payload is simply not valid);
    an invalid ``domain`` constant is a programming error and raises ValueError.
    """
    check_domain(domain)
    try:
        key = load_public_key(public_key)
        message = signed_message(domain, payload)
    except (TypeError, ValueError):
        return False
    if not isinstance(signature, (bytes, bytearray)) or len(signature) != SIGNATURE_SIZE:
        return False
    try:
        key.verify(bytes(signature), message)
    except InvalidSignature:
        return False
    return True
