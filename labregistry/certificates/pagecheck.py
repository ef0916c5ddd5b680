"""The page must say what the signature says: the signed facts, and the PDF as issued.

A signature over a QR payload proves who signed what, not that the paper around it states
the same: a genuine QR code and verification code copied onto another page (or another
certificate's page) still verify. So ``verify-certificate`` also checks:

* **one revision** (:func:`revision_problem`): the PDF is exactly as written, one body,
  one cross-reference table, one ``%%EOF`` at the very end. A reader shows the last
  revision, so an incremental update appended after the signed original could show other
  text; the writer (reportlab) never makes one.
* **the facts** (:func:`signed_facts`, :func:`first_missing`): the certificate's content,
  whose digest the signature covers, is carried in the PDF (``/LabRegistryContents``,
  checked against the digest) or known from the database; its key facts (institute, credit
  code, standard name, certificate number, range, accuracy, validity, each capability row's
  parameter, range and accuracy; for a statement each standard's, its capability rows', and
  each authorised item's) must each appear in the text of the certificate's pages.

Text is compared after :func:`normalise`: Unicode NFKC (full-width forms, ``²`` to ``2``,
``～`` to ``~``), case folded, all white space removed (line breaks inside table cells,
spaces a text extractor puts between font runs). Nothing else is dropped: a fact that is
missing or differs by one character is reported with its name and value. The limit: the
text layer is what is checked, not what is drawn; a forger who writes a whole new PDF can
hide text. That is why the facts are also printed, for a person to compare with the paper.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from labregistry.certificates.content import Content, unpack_content
from labregistry.certificates.payload import KIND_STANDARD, CertificatePayload, Fact
from labregistry.crypto.jsonform import Detail

_EOF = re.compile(rb"(?:^|[\r\n])%%EOF", re.MULTILINE)
_STARTXREF = re.compile(rb"(?:^|[\r\n])startxref\s", re.MULTILINE)
_TRAILER_PREV = re.compile(rb"/Prev\s+\d+")


@dataclass(frozen=True)
class RevisionProblem:
    """Why a PDF is not the single revision that was written: a message code and params."""

    code: str
    params: Mapping[str, Any]

    def detail(self) -> Detail:
        """As a message param, rendered in the language of the message around it."""
        return Detail(self.code, **self.params)


def revision_problem(data: bytes) -> RevisionProblem | None:
    """None when ``data`` is one PDF revision ending at its ``%%EOF`` (white space after it
    is allowed: transfers add line ends); else what was added after the original."""
    marks = list(_EOF.finditer(data))
    if not marks:
        return RevisionProblem("certificate.rev.no_eof", {})
    end = marks[-1].end()
    extra = len(data[end:].strip(b" \t\r\n\x00"))
    if len(marks) > 1 or len(_STARTXREF.findall(data)) > 1:
        return RevisionProblem("certificate.rev.revisions", {"n": max(len(marks), len(_STARTXREF.findall(data)))})
    if extra:
        return RevisionProblem("certificate.rev.appended", {"n": extra})
    tail = data[data.rfind(b"trailer"):] if b"trailer" in data else data[-4096:]
    if _TRAILER_PREV.search(tail):
        return RevisionProblem("certificate.rev.prev", {})
    return None


# ---------------------------------------------------------------- the facts


def normalise(text: str) -> str:
    """What two texts are compared as (see the module docstring)."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _fact(key: str, label: str, value: Any, prefix: tuple[str, int] | tuple[str, int, int] | None = None
          ) -> Fact | None:
    text = "" if value is None else str(value).strip()
    return Fact(key, label, text, prefix) if text else None


def signed_facts(payload: CertificatePayload, content: Content | None) -> list[Fact]:
    """The key facts a certificate states, from its signed content; from the payload alone
    (credit code, certificate number, validity) when the content is not known."""
    if content is None:
        found = [
            _fact("uscc", "fact.uscc", payload.issuer_uscc),
            _fact("certificate_no", "fact.certificate_no", payload.certificate_no),
            _fact("valid_until", "fact.valid_until", payload.valid_until.isoformat() if payload.valid_until else None),
        ]
        return [f for f in found if f is not None]
    inst = content.get("institute") or {}
    facts = [_fact("institute", "fact.institute", inst.get("name")), _fact("uscc", "fact.uscc", inst.get("uscc"))]
    if payload.kind == KIND_STANDARD:
        facts += _standard_facts(content.get("standard") or {}, "", None)
        for n, row in enumerate(content.get("capabilities") or []):  # content version 2 on
            facts += _capability_facts(row, f"capabilities[{n}].", ("fact.of_capability", n + 1))
    else:
        for n, s in enumerate(content.get("standards") or [], start=1):
            facts += _standard_facts(s, f"standards[{n - 1}].", ("fact.of_standard", n))
            for m, row in enumerate(s.get("capabilities") or []):  # statement content version 2 on
                facts += _capability_facts(row, f"standards[{n - 1}].capabilities[{m}].",
                                           ("fact.of_standard_capability", n, m + 1))
        for n, a in enumerate(a for a in content.get("authorisations") or [] if a.get("items")):
            where = ("fact.of_authorisation", n + 1)
            facts.append(_fact(f"authorisations[{n}].certificate_no", "fact.authorisation_no",
                               a.get("certificate_no"), where))
            facts.append(_fact(f"authorisations[{n}].valid_until", "fact.valid_until", a.get("valid_until"), where))
            for m, item in enumerate(a.get("items") or []):
                for key, label in (("name", "fact.item"), ("range_text", "fact.range"),
                                   ("accuracy_text", "fact.accuracy")):
                    facts.append(_fact(f"authorisations[{n}].items[{m}].{key}", label, item.get(key), where))
    return [f for f in facts if f is not None]


def _standard_facts(s: Mapping[str, Any], prefix: str, where: tuple[str, int] | None) -> list[Fact | None]:
    return [
        _fact(f"{prefix}name", "fact.standard_name", s.get("name"), where),
        _fact(f"{prefix}certificate_no", "fact.certificate_no", s.get("certificate_no"), where),
        _fact(f"{prefix}range_text", "fact.range", s.get("range_text"), where),
        _fact(f"{prefix}accuracy_text", "fact.accuracy", s.get("accuracy_text"), where),
        _fact(f"{prefix}valid_until", "fact.valid_until", s.get("valid_until"), where),
    ]


def _capability_facts(row: Mapping[str, Any], prefix: str,
                      where: tuple[str, int] | tuple[str, int, int]) -> list[Fact | None]:
    return [_fact(f"{prefix}{key}", label, row.get(key), where)
            for key, label in (("parameter", "fact.parameter"), ("range_text", "fact.range"),
                               ("accuracy_text", "fact.accuracy"))]


def first_missing(facts: Iterable[Fact], page_text: str) -> Fact | None:
    """The first fact the page text does not state, in the order of :func:`signed_facts`.

    A fact may stand anywhere on the pages. The facts come in the order the pages print
    them, so each is looked for from where the one before it was found, then (not found
    there) in the whole text: a statement of thousands of standards has tens of thousands of
    facts, and searching the whole text for each took most of its verification."""
    page = normalise(page_text)
    start = 0
    for fact in facts:
        value = normalise(fact.value)
        found = page.find(value, start)
        if found >= 0:
            start = found
        elif value not in page:
            return fact
    return None


def contents_from_metadata(value: object) -> dict[int, Content]:
    """The packed contents of ``/LabRegistryContents`` by first page (unreadable lines left out:
    a certificate whose content cannot be read is checked as one without)."""
    if not isinstance(value, str):
        return {}
    out: dict[int, Content] = {}
    for line in value.splitlines():
        page, _, packed = line.partition("\t")
        if page.isdecimal() and packed:
            content = unpack_content(packed)
            if content is not None:
                out[int(page)] = content
    return out
