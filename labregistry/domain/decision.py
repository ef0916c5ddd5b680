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

from labregistry import i18n
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

i18n.register(
    {
        "decision.evidence_none": {"zh": "互认决定须注明依据（比对、证书或现场评审）",
                                   "en": "a recognition decision states its evidence (comparison, certificate or "
                                   "on-site review)"},
        "decision.evidence_format": {
            "zh": "依据“{item}”应写作“类型:编号”，如 比对:CSJ-DCV-2026-01、证书:国量标沪证字第001号、现场评审:2026-03-01",
            "en": "evidence '{item}' is written KIND:REF, e.g. comparison:CSJ-DCV-2026-01, certificate:No. 001, "
            "review:2026-03-01"},
        "decision.evidence_kind": {"zh": "依据类型“{kind}”未知，应为 比对、证书 或 现场评审",
                                   "en": "unknown kind of evidence '{kind}': comparison (比对), certificate (证书) "
                                   "or on-site review (现场评审)"},
        "decision.evidence_ref": {"zh": "依据“{item}”的编号不能含分号且不超过 {max} 个字符",
                                  "en": "the reference of evidence '{item}' holds no semicolon and at most {max} "
                                  "characters"},
        "decision.review_date": {"zh": "现场评审依据“{item}”应注明评审日期，如 现场评审:2026-03-01",
                                 "en": "on-site review evidence '{item}' gives the review's date, e.g. "
                                 "review:2026-03-01"},
        "decision.self": {"zh": "机构不能认可自己的结果（{uscc}）：互认决定针对另一家机构",
                          "en": "an institute does not recognise its own results ({uscc}): a decision is about "
                          "another institute"},
        "decision.scope": {"zh": "互认范围须为一项计量标准（证书编号）或一个学科，二者择一",
                           "en": "a decision's scope is either one standard (its certificate number) or one "
                           "discipline, not both and not neither"},
        "decision.parameter_alone": {"zh": "参数“{parameter}”须与计量标准证书编号一同给出",
                                     "en": "the parameter '{parameter}' goes with a standard's certificate number"},
        "decision.discipline_unknown": {"zh": "未知的学科代码“{discipline}”（JJF 1022 一级代码），可用：{known_zh}",
                                        "en": "unknown discipline '{discipline}' (a JJF 1022 level-1 code); "
                                        "known: {known_en}"},
        "decision.written_form": {"zh": "“{value}”应写作“{form}”（记录时的写法，查询按此比较）",
                                  "en": "'{value}' is to be written '{form}' (as it is recorded; searches compare "
                                  "that form)"},
        "decision.until_before_from": {"zh": "有效期至 {until} 早于生效日期 {start}",
                                       "en": "valid until {until} is before the start date {start}"},
    }
)


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
