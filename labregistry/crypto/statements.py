"""Signed statements about keys: rotation (endorsement of a new key) and revocation.

A statement is a flat JSON object: its payload fields plus ``"signature"`` (base64 of the
64-byte Ed25519 signature of the payload, domain :data:`~.signing.DOMAIN_STATEMENT`).
Times are UTC ``YYYY-MM-DDTHH:MM:SSZ``; keys are base64 of the 32 raw bytes.

Rotation, signed by the OLD key::

    {"type": "rotate", "uscc", "old_key_id", "new_key_id", "new_public_key", "at", "signature"}

Revocation, signed by ``signer_key_id``::

    {"type": "revoke", "uscc", "key_id", "at", "reason", "signer_key_id",
     ["compromised_since",] "signature"}

``compromised_since`` (since LabRegistry 0.x, issue 13): the instant from which the key is
not to be trusted (a compromise may have started before it was found). It is at or before
``at``. Every revocation made now carries it (default: the time of signing); one without
it (made by an earlier version) revokes the key but withdraws nothing the key endorsed
before (see :mod:`labregistry.exchange.trust`). Its absence keeps the earlier payload, so
earlier statements still verify.

Who may sign a revocation: the revoked key itself, or a key the same issuer rotated to
from it (a successor: reachable from the revoked key by valid rotation statements of the
same uscc). That lets an institute that lost its old key's file, or suspects a theft, revoke
it with its current key. Checking the signer is the successor is the job of
:mod:`labregistry.exchange.trust`; :func:`verify_revocation` only checks the signature.

The ``at`` of a statement is the signer's own claim: trust decisions never rely on it
alone (a thief can backdate), only together with when the receiver first saw it.

Statement file (``trust import FILE``; ``keys rotate/revoke --statement-out FILE``)::

    {"format": "labregistry-key-statements", "version": 1, "statements": [statement, ...]}

The list holds the statement(s) the file is for and the rotations that link their signer
to a key the receiver may already trust, oldest first. A bare statement object (the form
kept in ``HOME/keys/statements``) is read as a file of one. The ``type`` of each statement
is the extension point: a later kind (a coordinator's endorsement) adds its own ``type``
with its own fields; a reader refuses a type it does not know, naming it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from labregistry.crypto.jsonform import (
    Reader,
    b64encode,
    canonical_json,
    format_datetime,
    normalise_time,
    parse_object,
    pretty_json,
    text_valid,
)
from labregistry.crypto.keys import PublicKeyInfo, SigningKey, fingerprint, key_id
from labregistry.crypto.signing import DOMAIN_STATEMENT, PUBLIC_KEY_SIZE, SIGNATURE_SIZE, verify_payload

STATEMENT_LIMIT = 16 * 1024
STATEMENT_FILE_LIMIT = 256 * 1024
MAX_FILE_STATEMENTS = 64
FILE_FORMAT = "labregistry-key-statements"
FILE_VERSION = 1
REASON_LIMIT = 500


class _Signed:
    """What every statement is on the wire: the payload its signer signed (each class says
    which fields), and beside it the signature."""

    signature: bytes

    def payload(self) -> dict[str, Any]:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        return {**self.payload(), "signature": b64encode(self.signature)}


@dataclass(frozen=True)
class RotationStatement(_Signed):
    """The old key endorses the new key of the same institute."""

    uscc: str
    old_key_id: str
    new_key_id: str
    new_public_key: bytes
    at: datetime
    signature: bytes

    TYPE = "rotate"

    @property
    def signer_key_id(self) -> str:
        return self.old_key_id

    def payload(self) -> dict[str, Any]:
        return {
            "type": self.TYPE,
            "uscc": self.uscc,
            "old_key_id": self.old_key_id,
            "new_key_id": self.new_key_id,
            "new_public_key": b64encode(self.new_public_key),
            "at": format_datetime(self.at),
        }


@dataclass(frozen=True)
class RevocationStatement(_Signed):
    """``key_id`` of ``uscc`` must no longer be trusted; signed by ``signer_key_id``."""

    uscc: str
    key_id: str
    at: datetime
    reason: str
    signer_key_id: str
    signature: bytes
    compromised_since: datetime | None = None  # None: a statement of an earlier version

    TYPE = "revoke"

    def payload(self) -> dict[str, Any]:
        out = {
            "type": self.TYPE,
            "uscc": self.uscc,
            "key_id": self.key_id,
            "at": format_datetime(self.at),
            "reason": self.reason,
            "signer_key_id": self.signer_key_id,
        }
        if self.compromised_since is not None:
            out["compromised_since"] = format_datetime(self.compromised_since)
        return out


@dataclass(frozen=True)
class _CoordinatorSigned(_Signed):
    """A statement of the coordinator ``coordinator_uscc``, signed by its key ``signer_key_id``,
    about the key ``key_id`` of institute ``uscc``: the fields an endorsement and its
    withdrawal both hold, in the payload's order after its ``type``."""

    coordinator_uscc: str
    signer_key_id: str
    uscc: str
    key_id: str

    def _about(self) -> dict[str, Any]:
        """The payload's fields after its type: who signed, and the key the statement is about."""
        return {
            "coordinator_uscc": self.coordinator_uscc,
            "signer_key_id": self.signer_key_id,
            "uscc": self.uscc,
            "key_id": self.key_id,
        }


@dataclass(frozen=True)
class EndorsementStatement(_CoordinatorSigned):
    """A coordinator endorses ``key_id`` (``public_key``) as the key of institute ``uscc``
    until ``until``; signed by ``signer_key_id``, a key of the coordinator ``coordinator_uscc``
    (issue 19, TUF-style delegation). Whether the signer may endorse is decided by the
    receiver (:mod:`labregistry.exchange.endorsement`)."""

    public_key: bytes
    until: datetime
    at: datetime
    signature: bytes

    TYPE = "endorse"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def payload(self) -> dict[str, Any]:
        return {
            "type": self.TYPE,
            **self._about(),
            "public_key": b64encode(self.public_key),
            "fingerprint": self.fingerprint,
            "until": format_datetime(self.until),
            "at": format_datetime(self.at),
        }


@dataclass(frozen=True)
class EndorsementRevocation(_CoordinatorSigned):
    """The coordinator withdraws its endorsement of ``key_id`` of ``uscc`` from ``at`` on:
    every endorsement of that key by the coordinator made at or before ``at`` is void."""

    at: datetime
    signature: bytes

    TYPE = "unendorse"

    def payload(self) -> dict[str, Any]:
        return {"type": self.TYPE, **self._about(), "at": format_datetime(self.at)}


KeyStatement = RotationStatement | RevocationStatement
"""Statements an institute makes about its own keys."""
Statement = RotationStatement | RevocationStatement | EndorsementStatement | EndorsementRevocation
TYPES = (RotationStatement.TYPE, RevocationStatement.TYPE, EndorsementStatement.TYPE, EndorsementRevocation.TYPE)


def statement_digest(stmt: Statement) -> str:
    """SHA-256 (hex) of the statement's canonical JSON, signature included: what a bundle's
    manifest lists, and how a stored statement is recognised."""
    return hashlib.sha256(canonical_json(stmt.to_dict())).hexdigest()


# ---------------------------------------------------------------- making and checking


def make_rotation(old: SigningKey, new: PublicKeyInfo, *, at: datetime | None = None) -> RotationStatement:
    """``old`` endorses ``new`` (same institute, a different key)."""
    if old.uscc != new.uscc:
        raise ValueError("a key can only be rotated to a key of the same institute")
    if old.key_id == new.key_id:
        raise ValueError("a key cannot be rotated to itself")
    unsigned = RotationStatement(
        uscc=old.uscc,
        old_key_id=old.key_id,
        new_key_id=new.key_id,
        new_public_key=new.public_key,
        at=normalise_time(at),
        signature=b"",
    )
    return replace(unsigned, signature=old.sign(DOMAIN_STATEMENT, unsigned.payload()))


def verify_rotation(stmt: RotationStatement, old_public_key: bytes) -> bool:
    """True when ``old_public_key`` is the key ``stmt.old_key_id`` and signed ``stmt``,
    and ``stmt.new_public_key`` is the key ``stmt.new_key_id``."""
    try:
        if key_id(old_public_key) != stmt.old_key_id or key_id(stmt.new_public_key) != stmt.new_key_id:
            return False
    except ValueError:
        return False
    if stmt.old_key_id == stmt.new_key_id:
        return False
    return verify_payload(old_public_key, DOMAIN_STATEMENT, stmt.payload(), stmt.signature)


def make_revocation(
    signer: SigningKey,
    reason: str,
    *,
    key_id: str | None = None,
    at: datetime | None = None,
    compromised_since: datetime | None = None,
) -> RevocationStatement:
    """Revoke ``key_id`` (default: the signer's own key) of the signer's institute, not to be
    trusted from ``compromised_since`` (default: ``at``, i.e. now)."""
    if not text_valid(reason, REASON_LIMIT):
        raise ValueError(f"a revocation reason is 1..{REASON_LIMIT} characters without control characters")
    when = normalise_time(at)
    since = when if compromised_since is None else normalise_time(compromised_since)
    if since > when:
        raise ValueError("a key cannot be compromised after the revocation is signed")
    unsigned = RevocationStatement(
        uscc=signer.uscc,
        key_id=key_id if key_id is not None else signer.key_id,
        at=when,
        reason=reason,
        signer_key_id=signer.key_id,
        signature=b"",
        compromised_since=since,
    )
    return replace(unsigned, signature=signer.sign(DOMAIN_STATEMENT, unsigned.payload()))


def verify_revocation(stmt: RevocationStatement, signer_public_key: bytes) -> bool:
    """True when ``signer_public_key`` is ``stmt.signer_key_id`` and signed ``stmt``.

    Whether that signer may revoke ``stmt.key_id`` is decided in :mod:`.trust`.
    """
    return _signed_by(stmt, signer_public_key)


def _signed_by(
    stmt: RevocationStatement | EndorsementStatement | EndorsementRevocation, signer_public_key: bytes
) -> bool:
    """The check every statement naming its ``signer_key_id`` shares (a rotation's signer is
    its old key, checked with the new one in :func:`verify_rotation`)."""
    try:
        if key_id(signer_public_key) != stmt.signer_key_id:
            return False
    except ValueError:
        return False
    return verify_payload(signer_public_key, DOMAIN_STATEMENT, stmt.payload(), stmt.signature)


# ---------------------------------------------------------------- reading and writing


def make_endorsement(coordinator: SigningKey, endorsed: PublicKeyInfo, *, until: datetime,
                     at: datetime | None = None) -> EndorsementStatement:
    """``coordinator`` endorses ``endorsed`` (a key of another institute) until ``until``."""
    if endorsed.uscc == coordinator.uscc:
        raise ValueError("a coordinator endorses other institutes' keys")
    when = normalise_time(at)
    unsigned = EndorsementStatement(
        coordinator_uscc=coordinator.uscc, signer_key_id=coordinator.key_id, uscc=endorsed.uscc,
        key_id=endorsed.key_id, public_key=endorsed.public_key, until=normalise_time(until), at=when, signature=b"",
    )
    return replace(unsigned, signature=coordinator.sign(DOMAIN_STATEMENT, unsigned.payload()))


def make_endorsement_revocation(coordinator: SigningKey, uscc: str, endorsed_key_id: str, *,
                                at: datetime | None = None) -> EndorsementRevocation:
    """``coordinator`` withdraws its endorsement of ``endorsed_key_id`` (of ``uscc``), from now on."""
    unsigned = EndorsementRevocation(
        coordinator_uscc=coordinator.uscc, signer_key_id=coordinator.key_id, uscc=uscc, key_id=endorsed_key_id,
        at=normalise_time(at), signature=b"",
    )
    return replace(unsigned, signature=coordinator.sign(DOMAIN_STATEMENT, unsigned.payload()))


def verify_signed_by(stmt: EndorsementStatement | EndorsementRevocation, signer_public_key: bytes) -> bool:
    """True when ``signer_public_key`` is ``stmt.signer_key_id`` and signed ``stmt``."""
    return _signed_by(stmt, signer_public_key)


def _endorsement_from_reader(r: Reader, kind: str) -> EndorsementStatement | EndorsementRevocation:
    common = ("type", "coordinator_uscc", "signer_key_id", "uscc", "key_id", "at", "signature")
    if kind == EndorsementRevocation.TYPE:
        r.exact_keys(common)
        return EndorsementRevocation(
            coordinator_uscc=r.uscc("coordinator_uscc"), signer_key_id=r.key_id("signer_key_id"), uscc=r.uscc("uscc"),
            key_id=r.key_id("key_id"), at=r.time("at"), signature=r.b64("signature", SIGNATURE_SIZE),
        )
    r.exact_keys((*common, "public_key", "fingerprint", "until"))
    public_key = r.b64("public_key", PUBLIC_KEY_SIZE)
    kid = r.key_id("key_id")
    if kid != key_id(public_key):
        raise r.fail("key_id", "json.bad_value", expected=key_id(public_key), actual=kid)
    shown = r.text("fingerprint", 100)
    if shown != fingerprint(public_key):
        raise r.fail("fingerprint", "json.bad_value", expected=fingerprint(public_key), actual=shown)
    return EndorsementStatement(
        coordinator_uscc=r.uscc("coordinator_uscc"), signer_key_id=r.key_id("signer_key_id"), uscc=r.uscc("uscc"),
        key_id=kid, public_key=public_key, until=r.time("until"), at=r.time("at"),
        signature=r.b64("signature", SIGNATURE_SIZE),
    )


def statement_from_reader(r: Reader) -> Statement:
    """Strictly read one statement object (used for files and embedded in cards/bundles)."""
    kind = r.choice("type", TYPES)
    if kind in (EndorsementStatement.TYPE, EndorsementRevocation.TYPE):
        return _endorsement_from_reader(r, kind)
    if kind == RotationStatement.TYPE:
        r.exact_keys(("type", "uscc", "old_key_id", "new_key_id", "new_public_key", "at", "signature"))
        new_public_key = r.b64("new_public_key", PUBLIC_KEY_SIZE)
        new_key_id = r.key_id("new_key_id")
        if new_key_id != key_id(new_public_key):
            raise r.fail("new_key_id", "json.bad_value", expected=key_id(new_public_key), actual=new_key_id)
        return RotationStatement(
            uscc=r.uscc("uscc"),
            old_key_id=r.key_id("old_key_id"),
            new_key_id=new_key_id,
            new_public_key=new_public_key,
            at=r.time("at"),
            signature=r.b64("signature", SIGNATURE_SIZE),
        )
    keys = ("type", "uscc", "key_id", "at", "reason", "signer_key_id", "signature")
    dated = "compromised_since" in r.obj
    r.exact_keys((*keys, "compromised_since") if dated else keys)
    at = r.time("at")
    since = r.time("compromised_since") if dated else None
    if since is not None and since > at:
        raise r.fail("compromised_since", "statement.compromise_after", actual=format_datetime(since),
                     expected=format_datetime(at))
    return RevocationStatement(
        uscc=r.uscc("uscc"),
        key_id=r.key_id("key_id"),
        at=at,
        reason=r.text("reason", REASON_LIMIT),
        signer_key_id=r.key_id("signer_key_id"),
        signature=r.b64("signature", SIGNATURE_SIZE),
        compromised_since=since,
    )


def statement_from_dict(obj: Any, *, code: str = "statement.malformed", prefix: str = "") -> Statement:
    return statement_from_reader(Reader(obj, code=code, prefix=prefix))


def read_statement(data: bytes) -> Statement:
    """Parse a statement file; ``statement.malformed`` naming the fault. Signatures are
    not checked here (the signer's key comes from the trust store)."""
    return statement_from_dict(parse_object(data, code="statement.malformed", limit=STATEMENT_LIMIT))


def statement_to_bytes(stmt: Statement) -> bytes:
    return pretty_json(stmt.to_dict())


def statement_file_bytes(stmts: Sequence[Statement]) -> bytes:
    """A statement file (see the module docstring) holding ``stmts`` in order."""
    return pretty_json(
        {"format": FILE_FORMAT, "version": FILE_VERSION, "statements": [s.to_dict() for s in stmts]}
    )


def read_statement_file(data: bytes) -> list[Statement]:
    """The statements of a statement file, or of a bare statement; ``statement.malformed``
    naming the fault. Signatures are not checked here."""
    obj = parse_object(data, code="statement.malformed", limit=STATEMENT_FILE_LIMIT)
    if "type" in obj and "format" not in obj:
        return [statement_from_dict(obj)]
    r = Reader(obj, code="statement.malformed")
    r.exact_keys(("format", "version", "statements"))
    r.const("format", FILE_FORMAT, "json.bad_format")
    r.version("version", FILE_VERSION)
    items = r.items("statements", MAX_FILE_STATEMENTS)
    if not items:
        raise r.fail("statements", "statement.file_empty")
    return [statement_from_reader(r.nested(item, f"statements[{i}].")) for i, item in enumerate(items)]
