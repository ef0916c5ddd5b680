"""The signed payload a certificate's QR code carries, and its offline verification.

Text form (what a phone scans, what is printed in small type, what the PDF metadata holds)::

    LRC1:<BASE32(canonical JSON of the payload)>.<BASE32(Ed25519 signature)>

BASE32 is RFC 4648 upper case without padding: every character is in the QR code's
alphanumeric set (``0-9 A-Z $%*+-./:`` and space), which packs 5.5 bits per character
against 8 for bytes, so a standard's certificate fits QR version 12 at error correction
M. The signature is :func:`labregistry.crypto.signing.sign_payload` with
``DOMAIN_CERTIFICATE`` over the payload dict; the JSON bytes must be exactly its canonical
form, so each payload has one text.

Payload keys (one letter each, to stay small):

========  =====================================================================
``t``     ``"s"``: a standard's certificate; ``"i"``: an institute's statement
``i``     the issuer's unified social credit code
``k``     the signing key's id (16 hex digits)
``d``     date of issue, ``YYYYMMDD``
``h``     digest of the certified content: base64url (no padding) of 16 bytes
          (:func:`labregistry.certificates.content.content_digest`)
``r``     (``s`` only) the standard's uid
``c``     (``s`` only, optional) the assessment certificate number, so a reader can
          compare it with the paper
``x``     (``s`` only) the standard's certificate valid until, ``YYYYMMDD``
``n``     (``i`` only) ``[standards, authorised items]`` counted in the statement
========  =====================================================================

The serial number printed on the certificate is derived from the payload
(:attr:`CertificatePayload.serial`), so a verifier shows the same number offline.

:func:`verify_payload_text` needs no database: it takes the keys it knows (trusted peer
keys, possibly marked revoked, and the own institute's keys) as mappings by key id.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.crypto.jsonform import (
    Detail,
    FormatError,
    Reader,
    canonical_json,
    parse_object,
)
from labregistry.crypto.keys import SigningKey
from labregistry.crypto.signing import DOMAIN_CERTIFICATE, SIGNATURE_SIZE, verify_payload

PREFIX = "LRC1:"
KIND_STANDARD = "standard"
KIND_STATEMENT = "statement"
_KIND_CODES = {KIND_STANDARD: "s", KIND_STATEMENT: "i"}
_KIND_NAMES = {v: k for k, v in _KIND_CODES.items()}
DIGEST_SIZE = 16
MAX_TEXT = 2048
CERTIFICATE_NO_LIMIT = 100  # UTF-8 bytes; a longer number is left out of the QR (version <= 15)

GENUINE = "genuine"
ALTERED = "altered"
UNKNOWN_ISSUER = "unknown_issuer"
REVOKED_KEY = "revoked_key"
MALFORMED = "malformed"
PAGE_MISMATCH = "page_mismatch"  # a genuine code on a page that does not state what it signed
STATUSES = (GENUINE, ALTERED, UNKNOWN_ISSUER, REVOKED_KEY, MALFORMED, PAGE_MISMATCH)


class KeyLike(Protocol):
    """What verification needs of a key: a :class:`~labregistry.exchange.trust.TrustedKey`
    or a :class:`~labregistry.crypto.keys.PublicKeyInfo` (``revoked`` is optional)."""

    @property
    def key_id(self) -> str: ...

    @property
    def uscc(self) -> str: ...

    @property
    def public_key(self) -> bytes: ...


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _b64url_decode(text: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64url(raw) != text:
        raise ValueError("not canonical base64url")
    return raw


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _b32_decode(text: str) -> bytes:
    if not re.fullmatch(r"[A-Z2-7]+", text):
        raise ValueError("not base32")
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except binascii.Error:
        raise ValueError("not base32") from None
    if _b32(raw) != text:
        raise ValueError("not canonical base32")
    return raw


def _day(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


@dataclass(frozen=True)
class CertificatePayload:
    """What a certificate certifies, by whom, when: the signed part of the QR code."""

    kind: str
    issuer_uscc: str
    key_id: str
    issued_on: dt.date
    digest: bytes
    record_uid: str | None = None
    certificate_no: str | None = None
    valid_until: dt.date | None = None
    counts: tuple[int, int] | None = None  # statement: (standards, authorised items)

    def to_json(self) -> dict[str, Any]:
        """The dict that is signed (compact keys, see the module docstring)."""
        out: dict[str, Any] = {
            "t": _KIND_CODES[self.kind],
            "i": self.issuer_uscc,
            "k": self.key_id,
            "d": _day(self.issued_on),
            "h": _b64url(self.digest),
        }
        if self.kind == KIND_STANDARD:
            out["r"] = self.record_uid
            if self.certificate_no:
                out["c"] = self.certificate_no
            if self.valid_until is not None:
                out["x"] = _day(self.valid_until)
        else:
            counts = self.counts or (0, 0)
            out["n"] = [counts[0], counts[1]]
        return out

    @property
    def records(self) -> list[str]:
        """What is certified, as ``kind:id`` strings (``standard:<uid>`` / ``institute:<uscc>``)."""
        if self.kind == KIND_STANDARD:
            return [f"standard:{self.record_uid}"]
        return [f"institute:{self.issuer_uscc}"]

    @property
    def serial(self) -> str:
        """The certificate's serial number, e.g. ``LR20261127-7KQ2M4XA`` (derived, not stored)."""
        h = hashlib.sha256(canonical_json(self.to_json())).digest()
        return f"LR{_day(self.issued_on)}-{_b32(h)[:8]}"

    @classmethod
    def from_json(cls, obj: Any) -> CertificatePayload:
        """Strictly read a payload dict; :class:`FormatError` naming the bad field."""
        r = Reader(obj, code="certificate.malformed")
        kind_code = r.choice("t", tuple(_KIND_NAMES))
        kind = _KIND_NAMES[kind_code]
        if kind == KIND_STANDARD:
            allowed = {"t", "i", "k", "d", "h", "r", "x"} | ({"c"} if "c" in r.obj else set())
        else:
            allowed = {"t", "i", "k", "d", "h", "n"}
        r.exact_keys(allowed)
        uscc = r.uscc("i")
        kid = r.key_id("k")
        issued_on = _read_day(r, "d")
        digest_text = r.string("h")
        try:
            digest = _b64url_decode(digest_text)
        except ValueError:
            raise r.fail("h", "json.bad_base64") from None
        if len(digest) != DIGEST_SIZE:
            raise r.fail("h", "json.bad_length", expected=DIGEST_SIZE, actual=len(digest))
        common = cls(kind=kind, issuer_uscc=uscc, key_id=kid, issued_on=issued_on, digest=digest)
        if kind == KIND_STANDARD:
            return replace(
                common,
                record_uid=r.text("r", 64),
                certificate_no=_certificate_no(r) if "c" in r.obj else None,
                valid_until=_read_day(r, "x"),
            )
        counts = r.items("n", 2)
        if len(counts) != 2:
            raise r.fail("n", "json.bad_length", expected=2, actual=len(counts))
        nr = r.nested({"standards": counts[0], "items": counts[1]}, "n.")
        return replace(common, counts=(nr.integer("standards", 0, 10**9), nr.integer("items", 0, 10**9)))


def fits_payload(certificate_no: str) -> bool:
    """Whether a certificate number is short enough to go into the QR payload."""
    return 0 < len(certificate_no.encode("utf-8")) <= CERTIFICATE_NO_LIMIT


def _certificate_no(r: Reader) -> str:
    value = r.text("c", CERTIFICATE_NO_LIMIT)
    if not fits_payload(value):
        raise r.fail("c", "json.bad_text", limit=CERTIFICATE_NO_LIMIT)
    return value


def _read_day(r: Reader, key: str) -> dt.date:
    text = r.string(key)
    if not re.fullmatch(r"\d{8}", text):
        raise r.fail(key, "certificate.bad_date", actual=text[:20])
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise r.fail(key, "certificate.bad_date", actual=text[:20]) from None


# ---------------------------------------------------------------- text form


def sign_certificate(payload: CertificatePayload, key: SigningKey) -> str:
    """The payload's text form, signed with the institute's ``key``."""
    if key.uscc != payload.issuer_uscc or key.key_id != payload.key_id:
        raise ValueError("the payload names another issuer or key than the signing key")
    signature = key.sign(DOMAIN_CERTIFICATE, payload.to_json())
    return encode_text(payload.to_json(), signature)


def encode_text(payload: Mapping[str, Any], signature: bytes) -> str:
    """``LRC1:`` + BASE32(canonical JSON) + ``.`` + BASE32(signature)."""
    return f"{PREFIX}{_b32(canonical_json(dict(payload)))}.{_b32(signature)}"


def normalise_text(text: str) -> str:
    """What a person or scanner gives, tidied: full-width folded, spaces and line breaks removed."""
    plain = "".join(unicodedata.normalize("NFKC", text).split())
    if plain[: len(PREFIX)].upper() == PREFIX:
        plain = PREFIX + plain[len(PREFIX) :].upper()
    return plain


def decode_text(text: str) -> tuple[dict[str, Any], bytes]:
    """The payload dict and the signature of a text form; :class:`FormatError` otherwise.

    The dict is only checked to be canonical JSON here, not read as a payload.
    """
    plain = normalise_text(text)
    if len(plain) > MAX_TEXT:
        raise _malformed("json.too_large", size=len(plain), limit=MAX_TEXT)
    if not plain.startswith(PREFIX):
        raise _malformed("certificate.bad_prefix", prefix=PREFIX)
    body, sep, sig_text = plain[len(PREFIX) :].partition(".")
    try:
        if not sep:
            raise ValueError("no separator")
        data = _b32_decode(body)
        signature = _b32_decode(sig_text)
    except ValueError:
        raise _malformed("certificate.bad_encoding") from None
    if len(signature) != SIGNATURE_SIZE:
        raise _malformed("json.bad_length", expected=SIGNATURE_SIZE, actual=len(signature))
    obj = parse_object(data, code="certificate.malformed", limit=MAX_TEXT)
    if canonical_json(obj) != data:
        raise _malformed("certificate.not_canonical")
    return obj, signature


def _malformed(problem: str, **params: Any) -> FormatError:
    return FormatError("certificate.malformed", field=PREFIX.rstrip(":"), problem=Detail(problem, **params))


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class Fact:
    """One signed fact a certificate states: ``label_code`` names it (an i18n code), ``where``
    says whose it is (an i18n code and 1-based numbers: a statement's standard or
    authorisation, a capability row, or a standard and its capability row)."""

    key: str
    label_code: str
    value: str
    where: tuple[str, int] | tuple[str, int, int] | None = None

    def where_params(self) -> dict[str, int]:
        """The numbers of ``where`` as its message's params: ``n``, then ``m``."""
        return dict(zip(("n", "m"), self.where[1:])) if self.where else {}

    @property
    def label(self) -> i18n.Message:
        """What the fact is (``第 2 项计量标准：证书编号``), for the edges to render."""
        where = i18n.Message(self.where[0], self.where_params()) if self.where else ""
        return i18n.Message.of("certificate.fact_label", where=where, label=i18n.Message.of(self.label_code))

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "value": self.value}


@dataclass(frozen=True)
class CertificateCheck:
    """The answer to "is this certificate genuine?" and what it certifies.

    ``status`` is one of :data:`STATUSES`; ``problem`` says why it is not genuine (the edges
    render it, and the :attr:`status_label`, in the user's language). The service adds what the database knows: the issuer's name,
    whether the certified record changed since issue (``record_state``: ``unchanged`` /
    ``changed`` / ``not_found``, None when not looked up), whether the QR code on the
    PDF page matched the embedded payload (``qr_checked``), the signed ``facts`` (to print
    for a person to compare with the paper) and whether the page states them all
    (``page_checked``; None when there is no page, e.g. a scanned code).
    """

    status: str
    text: str
    payload: CertificatePayload | None = None
    problem: DomainError | None = field(default=None, compare=False)
    issuer_name: str | None = None
    record_state: str | None = None
    qr_checked: bool | None = None
    page: int | None = None
    facts: tuple[Fact, ...] = ()
    page_checked: bool | None = None

    @property
    def genuine(self) -> bool:
        return self.status == GENUINE

    @property
    def issuer_uscc(self) -> str | None:
        return self.payload.issuer_uscc if self.payload else None

    @property
    def key_id(self) -> str | None:
        return self.payload.key_id if self.payload else None

    @property
    def records(self) -> list[str]:
        return self.payload.records if self.payload else []

    @property
    def issued_on(self) -> dt.date | None:
        return self.payload.issued_on if self.payload else None

    @property
    def reason(self) -> DomainError | None:
        """Why it is not genuine (None when it is), for the edges to render."""
        return self.problem

    @property
    def status_label(self) -> i18n.Message:
        return i18n.Message.of(f"certificate.status.{self.status}")

    def expired(self, today: dt.date | None = None) -> bool | None:
        """Whether the certified standard's validity has ended (None for a statement)."""
        if self.payload is None or self.payload.valid_until is None:
            return None
        return self.payload.valid_until < (today or dt.date.today())

    def to_json(self, today: dt.date | None = None) -> dict[str, Any]:
        """The ``verify-certificate --json`` object; its facts' labels and the reason are
        rendered by the caller (:func:`labregistry.i18n.render_all`)."""
        p = self.payload
        return {
            "genuine": self.genuine,
            "status": self.status,
            "issuer_uscc": self.issuer_uscc,
            "issuer_name": self.issuer_name,
            "key_id": self.key_id,
            "kind": p.kind if p else None,
            "serial": p.serial if p else None,
            "records": self.records,
            "issued_on": p.issued_on.isoformat() if p else None,
            "certificate_no": p.certificate_no if p else None,
            "valid_until": p.valid_until.isoformat() if p and p.valid_until else None,
            "expired": self.expired(today),
            "counts": {"standards": p.counts[0], "authorisation_items": p.counts[1]}
            if p and p.counts
            else None,
            "digest": _b64url(p.digest) if p else None,
            "record_state": self.record_state,
            "qr_checked": self.qr_checked,
            "page_checked": self.page_checked,
            "facts": [f.to_json() for f in self.facts],
            "reason": self.reason,
            "payload": self.text,
        }


def _index(keys: Mapping[str, KeyLike] | Iterable[KeyLike] | None) -> dict[str, KeyLike]:
    if keys is None:
        return {}
    values = keys.values() if isinstance(keys, Mapping) else keys
    return {k.key_id: k for k in values}


def verify_payload_text(
    text: str,
    known_keys: Mapping[str, KeyLike] | Iterable[KeyLike] | None,
    own_keys: Mapping[str, KeyLike] | Iterable[KeyLike] | None = (),
) -> CertificateCheck:
    """Check a certificate's text form offline against the keys known here.

    ``known_keys``: trusted peer keys by key id; one with ``revoked`` true is revoked.
    ``own_keys``: the own institute's keys (current and earlier). A key in ``known_keys``
    wins over the same id in ``own_keys``, so a revoked own key stays revoked.

    Order: malformed; unknown key -> ``unknown_issuer``; signature fails -> ``altered``;
    key revoked -> ``revoked_key``; key of another institute -> ``unknown_issuer``;
    else ``genuine``.
    """
    plain = normalise_text(text) if isinstance(text, str) else ""
    try:
        obj, signature = decode_text(text)
        payload = CertificatePayload.from_json(obj)
    except FormatError as exc:
        return CertificateCheck(MALFORMED, plain, None, exc)
    keys = _index(own_keys)
    keys.update(_index(known_keys))
    key = keys.get(payload.key_id)
    kid, uscc = payload.key_id, payload.issuer_uscc
    if key is None:
        return CertificateCheck(
            UNKNOWN_ISSUER, plain, payload, DomainError("certificate.unknown_issuer", key_id=kid, uscc=uscc)
        )
    if not verify_payload(key.public_key, DOMAIN_CERTIFICATE, obj, signature):
        return CertificateCheck(
            ALTERED, plain, payload, DomainError("certificate.altered", key_id=kid, uscc=uscc)
        )
    if getattr(key, "revoked", False):
        return CertificateCheck(
            REVOKED_KEY, plain, payload, DomainError("certificate.revoked_key", key_id=kid, uscc=uscc)
        )
    if key.uscc != payload.issuer_uscc:
        return CertificateCheck(
            UNKNOWN_ISSUER,
            plain,
            payload,
            DomainError("certificate.wrong_issuer", owner=key.uscc, key_id=kid, uscc=uscc),
        )
    name = getattr(key, "institute_name", None) or None
    return CertificateCheck(GENUINE, plain, payload, None, issuer_name=name)
