"""A recognition decision's rules (互认决定): its scope, dates and evidence.

One set of rules for the two places a decision comes from: the own institute recording it
(``decisions add``, which raises) and a peer's bundle (the pre-flight, which refuses the
bundle naming sheet, row and column). :func:`decision_issue` says what is wrong with a
decision's values, :func:`parse_evidence` reads the evidence ``KIND:REF`` items.

Evidence is stored as one text, ``比对:CSJ-DCV-2026-01; 证书:国量标沪证字第001号;
现场评审:2026-03-01``: the kinds are the Chinese words whatever the language the user typed
them in, so the stored and signed text is the same in every home.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from labregistry.domain.choices import Choices
from labregistry.domain.codes import DISCIPLINES, normalise_uscc, uscc_issues
from labregistry.domain.dates import parse_date
from labregistry.errors import DomainError

COMPARISON, CERTIFICATE, REVIEW = "比对", "证书", "现场评审"
EVIDENCE_KINDS: dict[str, tuple[str, str]] = {
    COMPARISON: ("比对", "comparison"),
    CERTIFICATE: ("证书", "certificate"),
    REVIEW: ("现场评审", "on-site review"),
}
_KIND_SPELLINGS = {
    **{k: k for k in EVIDENCE_KINDS},
    "comparison": COMPARISON, "proficiency": COMPARISON, "能力验证": COMPARISON,
    "certificate": CERTIFICATE, "cert": CERTIFICATE,
    "review": REVIEW, "on-site": REVIEW, "onsite": REVIEW, "on-site review": REVIEW, "评审": REVIEW,
}
SEPARATOR = "; "
STATUSES = Choices({"in_force": ("有效", "in force"), "withdrawn": ("已撤销", "withdrawn")})
"""A decision's status and its label, which the edges render (``STATUSES.named(status)``)."""
MAX_REF = 100


@dataclass(frozen=True)
class Evidence:
    kind: str  # one of EVIDENCE_KINDS
    ref: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.ref}"


def parse_evidence(items: Iterable[str]) -> tuple[Evidence, ...]:
    """``KIND:REF`` items (either language's kind, full-width colons allowed); DomainError on the first bad one."""
    out: list[Evidence] = []
    for raw in items:
        item = " ".join(str(raw).split())
        if not item:
            continue
        kind_text, sep, ref = item.replace("：", ":").partition(":")
        ref = ref.strip()
        if not sep or not ref:
            raise DomainError("decision.evidence_format", item=item)
        kind = _KIND_SPELLINGS.get(kind_text.strip().lower())
        if kind is None:
            raise DomainError("decision.evidence_kind", kind=kind_text.strip())
        if ";" in ref or "；" in ref or len(ref) > MAX_REF:
            raise DomainError("decision.evidence_ref", item=item, max=MAX_REF)
        if kind == REVIEW:
            try:
                ref = parse_date(ref, "evidence").isoformat()
            except DomainError:
                raise DomainError("decision.review_date", item=item) from None
        out.append(Evidence(kind, ref))
    if not out:
        raise DomainError("decision.evidence_none")
    return tuple(out)


def stored_evidence(text: str | None) -> tuple[Evidence, ...]:
    """The evidence of a stored (or signed) decision's text."""
    return parse_evidence((text or "").split(";"))


def evidence_text(evidence: Iterable[Evidence]) -> str:
    return SEPARATOR.join(str(e) for e in evidence)


def decision_issue(values: Mapping[str, Any], recorder_uscc: str) -> tuple[str, DomainError] | None:
    """The first rule the decision's ``values`` (the sheet's keys) break: (field, the refusal).

    ``recorder_uscc`` is the institute that records it: the own one, or a bundle's issuer."""
    uscc = normalise_uscc(values.get("subject_uscc") or "")
    errors = [i for i in uscc_issues(uscc, "uscc") if not i.warning]
    if errors:
        return "subject_uscc", DomainError.from_issues(errors)
    if uscc == normalise_uscc(recorder_uscc):
        return "subject_uscc", DomainError("decision.self", uscc=uscc)
    if values.get("subject_uscc") != uscc:  # a signed row is stored as written: searches compare this form
        return "subject_uscc", DomainError("decision.written_form", value=values.get("subject_uscc"), form=uscc)
    standard, discipline = values.get("standard_certificate_no"), values.get("discipline")
    if bool(standard) == bool(discipline):
        return ("discipline" if discipline else "standard_certificate_no"), DomainError("decision.scope")
    if values.get("parameter") and not standard:
        return "parameter", DomainError("decision.parameter_alone", parameter=values["parameter"])
    if discipline and str(discipline) not in DISCIPLINES:
        known_zh = "、".join(f"{k} {zh}" for k, (zh, _en) in DISCIPLINES.items())
        known_en = ", ".join(f"{k} {en}" for k, (_zh, en) in DISCIPLINES.items())
        return "discipline", DomainError("decision.discipline_unknown", discipline=discipline,
                                         known_zh=known_zh, known_en=known_en)
    start, until = _date(values.get("valid_from")), _date(values.get("valid_until"))
    if start is not None and until is not None and until < start:
        return "valid_until", DomainError("decision.until_before_from", until=until.isoformat(),
                                          start=start.isoformat())
    try:
        evidence = stored_evidence(values.get("evidence"))
    except DomainError as exc:
        return "evidence", exc
    if values.get("evidence") != evidence_text(evidence):
        return "evidence", DomainError("decision.written_form", value=values.get("evidence"),
                                       form=evidence_text(evidence))
    return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None
