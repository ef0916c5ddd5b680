"""What a certificate certifies, as plain data: the one source of what is printed and digested.

A certificate's content is a dict of strings, integers, lists and None (canonical JSON
allows no floats), built from the stored records by :func:`standard_content` or
:func:`statement_content`. The PDF is rendered from exactly this dict, and
:func:`content_digest` of it goes into the signed QR payload, so the digest covers what
the paper shows. Recomputing the digest from the database later tells whether the record
changed since the certificate was issued.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from labregistry.certificates.payload import DIGEST_SIZE, KIND_STANDARD, KIND_STATEMENT
from labregistry.domain import usability
from labregistry.crypto.jsonform import canonical_json
from labregistry.storage.models import Institute
from labregistry.storage.repositories import AuthorisationAggregate, StandardAggregate

_DIGEST_PREFIX = b"labregistry/certificate-content/v1\n"
CONTENT_VERSION = 2
"""The content a standard's certificate is issued with now. 1 (no ``version`` key): the
standard's own range and accuracy; 2: also its capability rows, one per parameter, with
the accuracy as recorded (issue 18). A certificate of either version verifies; the record is
compared with it in the version it was issued in (:data:`CONTENT_VERSIONS`)."""
CONTENT_VERSIONS = (2, 1)
STATEMENT_VERSION = 2
"""The content an institute's statement is issued with now. 1 (no ``version`` key): each
standard's own range and accuracy; 2: also each standard's capability rows (issue 18). As
for a standard's certificate, the record is compared with a statement in the version it was
issued in (:data:`STATEMENT_VERSIONS`, :func:`statement_contents`)."""
STATEMENT_VERSIONS = (2, 1)
PACKED_LIMIT = 32 * 1024 * 1024  # a statement of thousands of standards is a few MB of JSON

Content = dict[str, Any]


def content_digest(content: Mapping[str, Any]) -> bytes:
    """First 16 bytes of SHA-256 over a prefix and the content's canonical JSON."""
    return hashlib.sha256(_DIGEST_PREFIX + canonical_json(dict(content))).digest()[:DIGEST_SIZE]


def pack_content(content: Mapping[str, Any]) -> str:
    """The content as one line of ASCII (its canonical JSON, deflated, base64url without
    padding): what a certificate PDF carries so a verifier knows what its digest covers."""
    packed = zlib.compress(canonical_json(dict(content)), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def unpack_content(text: str) -> Content | None:
    """:func:`pack_content` undone; None when ``text`` is not a packed content (damaged,
    too large once inflated, or not a JSON object). Its digest is not checked here."""
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
        inflater = zlib.decompressobj()
        data = inflater.decompress(raw, PACKED_LIMIT)
        if inflater.unconsumed_tail:
            return None
        value = json.loads(data.decode("utf-8"))
    except (binascii.Error, ValueError, zlib.error, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def institute_content(inst: Institute) -> Content:
    return {
        "uscc": inst.uscc,
        "name": inst.name,
        "name_en": _text(inst.name_en),
        "province": inst.province,
        "city": inst.city,
        "kind": _text(inst.kind),
        "address": _text(inst.address),
        "contact": _text(inst.contact),
    }


def standard_content(inst: Institute, agg: StandardAggregate, version: int = CONTENT_VERSION) -> Content:
    """A standard's certificate: the standard, its capability rows (``version`` 2 on), its
    services, its instruments and their traceability."""
    s = agg.standard
    content: Content = {
        "kind": KIND_STANDARD,
        "institute": institute_content(inst),
        "standard": {
            "uid": s.uid,
            "name": s.name,
            "code": s.code,
            "code_temporary": bool(s.code_temporary),
            "grade": s.grade,
            "certificate_no": s.certificate_no,
            "certificate_authority": _text(s.certificate_authority),
            "issued_on": _text(s.issued_on),
            "valid_until": _text(s.valid_until),
            "range_text": s.range_text,
            "accuracy_text": s.accuracy_text,
            "quantity": _text(s.quantity),
            "responsible_person": _text(s.responsible_person),
            "operators": _text(s.operators),
            "environment": _text(s.environment),
            "status": s.status,
        },
        "services": [
            {"name": sv.name, "procedure": _text(sv.procedure), "kind": sv.kind} for sv in agg.services
        ],
        "instruments": [
            {
                "role": i.role,
                "name": i.name,
                "model": _text(i.model),
                "serial_no": _text(i.serial_no),
                "range_text": _text(i.range_text),
                "accuracy_text": _text(i.accuracy_text),
                "traced_to_uscc": _text(i.traced_to_uscc),
                "traced_to_name": _text(i.traced_to_name),
                "calibration_cert_no": _text(i.calibration_cert_no),
                "calibration_due": _text(i.calibration_due),
            }
            for i in agg.instruments
        ],
    }
    if version >= 2:
        content["version"] = version
        content["capabilities"] = [
            _capability(c.parameter, c.range_text, c.accuracy_text, c.conditions) for c in agg.capabilities
        ]
    return content


def _capability(parameter: Any, range_text: str, accuracy_text: str, conditions: Any) -> Content:
    """One capability row as a certificate states it: range and accuracy exactly as recorded."""
    return {"parameter": _text(parameter), "range_text": range_text, "accuracy_text": accuracy_text,
            "conditions": _text(conditions)}


def standard_contents(inst: Institute, agg: StandardAggregate) -> list[Content]:
    """The standard's content in every version a certificate of it may have been issued in,
    newest first: a certificate issued before its capability rows were printed compares with
    the record as it printed it."""
    return [standard_content(inst, agg, version) for version in CONTENT_VERSIONS]


def valid_on(status: str | None, issued_on: Any, valid_until: Any, day: dt.date) -> bool:
    """In force on ``day`` (:func:`labregistry.domain.usability.in_force`)."""
    return usability.in_force(status, issued_on, valid_until, day)


Capabilities = Mapping[int, Sequence[Mapping[str, Any]]]
"""Capability rows by standard id (:func:`labregistry.storage.queries.capabilities_of`)."""


def statement_content(
    inst: Institute,
    standards: Iterable[Mapping[str, Any]],
    authorisations: Sequence[AuthorisationAggregate],
    as_of: dt.date,
    *,
    capabilities: Capabilities,
    version: int = STATEMENT_VERSION,
) -> Content:
    """An institute's statement: its standards (with their capability rows, ``version`` 2
    on) and authorised items in force on ``as_of``.

    ``standards`` are list rows (:func:`labregistry.storage.queries.page`) of the institute;
    rows not usable (not in force, or a main standard instrument past its calibration due date:
    :func:`labregistry.domain.usability.row_usable`) are left out here, so the caller may pass
    them all. A standard needing recalibration is never declared in force. ``capabilities``
    holds the rows of (at least) the usable standards, by the list row's ``id``.
    """
    rows = [_statement_standard(r, capabilities, version) for r in standards if usability.row_usable(r, as_of)]
    rows.sort(key=lambda r: (r["code"], r["certificate_no"], r["uid"]))
    auths = []
    for agg in authorisations:
        a = agg.authorisation
        if not valid_on(a.status, a.issued_on, a.valid_until, as_of):
            continue
        auths.append(
            {
                "uid": a.uid,
                "certificate_no": a.certificate_no,
                "form": a.form,
                "authority": _text(a.authority),
                "issued_on": _text(a.issued_on),
                "valid_until": _text(a.valid_until),
                "items": [
                    {
                        "name": it.name,
                        "range_text": _text(it.range_text),
                        "accuracy_text": _text(it.accuracy_text),
                        "procedure": _text(it.procedure),
                    }
                    for it in agg.items
                ],
            }
        )
    auths.sort(key=lambda a: (a["certificate_no"], a["uid"]))
    content: Content = {
        "kind": KIND_STATEMENT,
        "as_of": as_of.isoformat(),
        "institute": institute_content(inst),
        "standards": rows,
        "authorisations": auths,
    }
    if version >= 2:
        content["version"] = version
    return content


def _statement_standard(r: Mapping[str, Any], capabilities: Capabilities, version: int) -> Content:
    row: Content = {
        "uid": r["uid"],
        "certificate_no": r["certificate_no"],
        "name": r["name"],
        "code": r["code"],
        "grade": r["grade"],
        "range_text": r["range_text"],
        "accuracy_text": r["accuracy_text"],
        "valid_until": _text(r["valid_until"]),
    }
    if version >= 2:
        row["capabilities"] = [
            _capability(c["parameter"], c["range_text"], c["accuracy_text"], c["conditions"])
            for c in capabilities.get(r["id"], ())
        ]
    return row


def statement_contents(
    inst: Institute,
    standards: Sequence[Mapping[str, Any]],
    authorisations: Sequence[AuthorisationAggregate],
    as_of: dt.date,
    *,
    capabilities: Capabilities,
) -> list[Content]:
    """The statement in every version it may have been issued in, newest first: a statement
    issued before the capability rows were printed compares with the record as it printed it."""
    return [statement_content(inst, standards, authorisations, as_of, capabilities=capabilities, version=v)
            for v in STATEMENT_VERSIONS]


def statement_counts(content: Mapping[str, Any]) -> tuple[int, int]:
    """(standards, authorised items) of a statement's content."""
    return len(content["standards"]), sum(len(a["items"]) for a in content["authorisations"])
