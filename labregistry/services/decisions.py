"""Recognition decisions (互认决定): recorded by the own institute, received from peers, listed.

The own institute records a decision (:func:`add_decision`) and may withdraw it
(:func:`withdraw_decision`); its decisions in force travel in its bundle, where each peer
stores them as the own institute's (the bundle's issuer is the recorder). A decision
applies to a standard of the recognised institute when it names the standard's
certificate number, or the discipline (the first two digits of its JJF 1022 code), and is
in force on the date asked (:func:`with_decisions`; the search filters by
:func:`labregistry.inventory.recognised.recognised_by_own`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select

from labregistry.domain.codes import normalise_uscc
from labregistry.domain.dates import parse_date
from labregistry.domain.decision import (
    COMPARISON,
    SEPARATOR,
    decision_issue,
    evidence_text,
    parse_evidence,
)
from labregistry.errors import DomainError
from labregistry.inventory.recognised import in_force_on
from labregistry.registry import Registry
from labregistry.storage import bulk
from labregistry.storage.models import Comparison, Institute, RecognitionDecision, Standard, utcnow

D = bulk.table_of(RecognitionDecision)
_LIST_KEYS = ("uid", "subject_uscc", "subject_name", "standard_certificate_no", "parameter", "discipline",
              "valid_from", "valid_until", "evidence", "note", "status", "withdrawn_on")


def add_decision(reg: Registry, *, subject_uscc: str, valid_from: object, evidence: Sequence[str],
                 standard: str | None = None, parameter: str | None = None, discipline: str | None = None,
                 valid_until: object = None, subject_name: str | None = None, note: str | None = None
                 ) -> dict[str, Any]:
    """Record the own institute's decision; DomainError names the first rule it breaks."""
    uscc = normalise_uscc(subject_uscc)
    values: dict[str, Any] = {
        "subject_uscc": uscc, "standard_certificate_no": _text(standard), "parameter": _text(parameter),
        "discipline": _text(discipline), "valid_from": parse_date(valid_from, "from"),
        "valid_until": parse_date(valid_until, "until") if valid_until not in (None, "") else None,
        "evidence": evidence_text(parse_evidence(evidence)), "note": _text(note),
    }
    with reg.uow(source="decisions add", write=True) as uow:
        own = uow.institutes.own()
        if own is None or own.id is None:
            raise DomainError("record.no_own_institute")
        found = decision_issue(values, own.uscc)
        if found is not None:
            raise found[1]
        subject = uow.institutes.by_uscc(uscc)
        values["subject_name"] = _text(subject_name) or (subject.name if subject is not None else None)
        if not values["subject_name"]:
            raise DomainError("decision.subject_name_needed", uscc=uscc)
        conn = uow.session.connection()
        if values["standard_certificate_no"] and subject is not None:
            _check_standard(conn, subject, values["standard_certificate_no"])
        _check_comparisons(conn, parse_evidence(values["evidence"].split(";")))
        decision = RecognitionDecision(institute_id=own.id, **values)
        uow.session.add(decision)
        uow.session.flush()
        uow.audit("create", "decision", decision.uid, label=values["subject_name"],
                  after={k: _plain(v) for k, v in values.items()})
        uow.commit()
        return _as_dict(decision, own)


def _text(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _check_standard(conn: Any, subject: Institute, certificate_no: str) -> None:
    s = bulk.table_of(Standard)
    hit = conn.execute(select(s.c.id).where(s.c.institute_id == subject.id, s.c.certificate_no == certificate_no)
                       .limit(1)).first()
    if hit is None:
        raise DomainError("decision.standard_unknown", name=subject.name, uscc=subject.uscc,
                          certificate_no=certificate_no)


def _check_comparisons(conn: Any, evidence: Iterable[Any]) -> None:
    c = bulk.table_of(Comparison)
    for item in evidence:
        if item.kind == COMPARISON and conn.execute(select(c.c.id).where(c.c.scheme_no == item.ref).limit(1)
                                                    ).first() is None:
            raise DomainError("decision.comparison_unknown", scheme_no=item.ref)


def withdraw_decision(reg: Registry, uid: str, on: dt.date | None = None) -> dict[str, Any]:
    """Withdraw one of the own decisions; it leaves the own next bundle, and so the peers."""
    with reg.uow(source="decisions withdraw", write=True) as uow:
        own = uow.institutes.own()
        decision = None if own is None else uow.session.execute(select(RecognitionDecision).where(
            RecognitionDecision.institute_id == own.id,  # type: ignore[arg-type]
            RecognitionDecision.uid == uid.strip())).scalars().first()  # type: ignore[arg-type]
        if own is None or decision is None:
            raise DomainError("decision.not_found", uid=uid)
        if decision.status == "withdrawn":
            raise DomainError("decision.already_withdrawn", uid=uid, date=_plain(decision.withdrawn_on))
        decision.status, decision.withdrawn_on, decision.updated_at = "withdrawn", on or dt.date.today(), utcnow()
        uow.audit("update", "decision", decision.uid, label=decision.subject_name,
                  before={"status": "in_force"}, after={"status": "withdrawn",
                                                       "withdrawn_on": _plain(decision.withdrawn_on)})
        uow.commit()
        return _as_dict(decision, own)


def list_decisions(reg: Registry, *, subject_uscc: str | None = None, recorded_by: str | None = None
                   ) -> list[dict[str, Any]]:
    """Every decision in the registry (the own and the peers'), the recorder's first, newest first."""
    inst = bulk.table_of(Institute)
    stmt = (select(D, inst.c.uscc.label("recorder_uscc"), inst.c.name.label("recorder_name"),
                   inst.c.is_own.label("own")).join(inst, inst.c.id == D.c.institute_id)
            .order_by(inst.c.is_own.desc(), inst.c.uscc, D.c.valid_from.desc(), D.c.subject_name, D.c.uid))
    if subject_uscc:
        stmt = stmt.where(D.c.subject_uscc == normalise_uscc(subject_uscc))
    if recorded_by:
        stmt = stmt.where(inst.c.uscc == normalise_uscc(recorded_by))
    with reg.uow() as uow:
        conn = uow.session.connection()
        items = [_row_dict(row._mapping) for row in conn.execute(stmt)]
        held = _held_schemes(conn, {ref for item in items for ref in comparison_refs(item["evidence"])})
    return [{**item, "evidence_unheld": [ref for ref in comparison_refs(item["evidence"]) if ref not in held]}
            for item in items]


def comparison_refs(evidence: str) -> list[str]:
    """The scheme numbers a decision's evidence names (比对:SCHEME)."""
    try:
        return [e.ref for e in parse_evidence(evidence.split(SEPARATOR.strip())) if e.kind == COMPARISON]
    except DomainError:  # stored text always parses (checked when recorded or received); be safe
        return []


def _held_schemes(conn: Any, refs: set[str]) -> set[str]:
    """Which of the scheme numbers ``refs`` this registry holds a comparison of (one query).

    A peer's decision names comparisons the recorder held; the receiver holds them only once
    the pilot's (or the recording participant's) bundle has arrived, which may come after the
    decision's: so this is said when the decisions are listed, not refused at import."""
    if not refs:
        return set()
    c = bulk.table_of(Comparison)
    return {row.scheme_no for row in conn.execute(select(c.c.scheme_no).where(c.c.scheme_no.in_(sorted(refs))))}


def _row_dict(row: Any) -> dict[str, Any]:
    return {**{k: _plain(row[k]) for k in _LIST_KEYS}, "recorded_by": {"uscc": row["recorder_uscc"],
                                                                      "name": row["recorder_name"]},
            "own": bool(row["own"])}


def _as_dict(decision: RecognitionDecision, recorder: Institute) -> dict[str, Any]:
    return {**{k: _plain(getattr(decision, k)) for k in _LIST_KEYS},
            "recorded_by": {"uscc": recorder.uscc, "name": recorder.name}, "own": bool(recorder.is_own)}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


# ---------------------------------------------------------------- what applies


def with_decisions(reg: Registry, rows: list[dict[str, Any]], on: dt.date | None = None) -> list[dict[str, Any]]:
    """Standards' rows (``institute_uscc``, ``certificate_no``, ``code``) each with ``decisions``:
    the decisions in force on ``on`` (today) that apply to it, by any recorder; one query."""
    on = on or dt.date.today()
    usccs = sorted({r["institute_uscc"] for r in rows if r.get("institute_uscc")})
    inst = bulk.table_of(Institute)
    found: list[dict[str, Any]] = []
    if usccs:
        stmt = (select(D, inst.c.uscc.label("recorder_uscc"), inst.c.name.label("recorder_name"),
                       inst.c.is_own.label("own")).join(inst, inst.c.id == D.c.institute_id)
                .where(D.c.subject_uscc.in_(usccs), in_force_on(on)).order_by(D.c.valid_from, D.c.uid))
        with reg.uow() as uow:
            found = [_row_dict(row._mapping) for row in uow.session.connection().execute(stmt)]
    return [{**r, "decisions": [_brief(d) for d in found if _applies(d, r)]} for r in rows]


def _applies(decision: dict[str, Any], row: dict[str, Any]) -> bool:
    if decision["subject_uscc"] != row.get("institute_uscc"):
        return False
    if decision["standard_certificate_no"]:
        return bool(decision["standard_certificate_no"] == row.get("certificate_no"))
    return bool(decision["discipline"] == str(row.get("code") or "")[:2])


def _brief(d: dict[str, Any]) -> dict[str, Any]:
    keys = ("uid", "standard_certificate_no", "parameter", "discipline", "valid_from", "valid_until", "evidence")
    return {"recorded_by": d["recorded_by"], **{k: d[k] for k in keys}}


def about_standard(reg: Registry, standard_id: int, on: dt.date | None = None) -> list[dict[str, Any]]:
    """The decisions in force on ``on`` (today) that cover one standard, by any recorder
    (the standard editor shows them beside the standard's comparison results)."""
    s, inst = bulk.table_of(Standard), bulk.table_of(Institute)
    with reg.uow() as uow:
        row = uow.session.connection().execute(
            select(inst.c.uscc.label("institute_uscc"), s.c.certificate_no, s.c.code)
            .join(inst, inst.c.id == s.c.institute_id).where(s.c.id == standard_id)).first()
    if row is None:
        return []
    [found] = with_decisions(reg, [dict(row._mapping)], on)
    return list(found["decisions"])
