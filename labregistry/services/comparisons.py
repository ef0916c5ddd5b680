"""Comparisons and proficiency tests: recorded from the pilot's results table, listed, shown
on the participants' standards.

The pilot records a comparison (:func:`import_results_table`): the own institute is the table's
主导实验室, and the others receive it in the pilot's bundle (format 4). A comparison piloted
outside the registry (NIM, a key comparison, a PT provider) is recorded by a participant of the
registry, the pilot then a name and an optional code (format 5); several participants may record
it, each record its recorder's, shown as one where they agree (:func:`grouped_comparisons`,
:mod:`labregistry.domain.comparison_records`). Importing a
table of a scheme number already recorded replaces that comparison (same uid, so receivers see
a change, not a new comparison). A participant's result is linked to its standard by the
participant's USCC and the standard's certificate number, looked up when shown
(:func:`results_by_standard`): a standard recorded after the comparison still shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from labregistry import i18n
from labregistry.domain import comparison_records as cr
from labregistry.domain.codes import normalise_uscc
from labregistry.domain.text import normalise
from labregistry.errors import DomainError
from labregistry.interlab import capability_check
from labregistry.interlab.check import uscc_problem
from labregistry.interlab.resultstable import ResultsTable, read_results_table
from labregistry.registry import Registry
from labregistry.storage import bulk, writes
from labregistry.storage.models import (
    Capability,
    Comparison,
    ComparisonResult,
    Institute,
    Standard,
    new_uid,
    utcnow,
)

_RESULT_KEYS = ("lab_code", "institute_uscc", "institute_name", "value", "uncertainty", "coverage_k", "score",
                "verdict", "standard_certificate_no", "parameter")


@dataclass(frozen=True)
class ResultWarning:
    """A participant's result that does not fit its capability rows (recorded all the same)."""

    row: int  # the results table's row
    code: str
    params: dict[str, Any]

    def render(self, lang: str | None = None) -> str:
        """The warning in the user's language: the edge renders it (issue 17)."""
        params = {**self.params}
        if "rows" in params:
            params["have"] = capability_check.describe(params.pop("rows"))
        return i18n.tr(self.code, lang, **params)

    def to_json(self) -> dict[str, Any]:
        """The warning's JSON; its ``message`` is this warning, for the edge's
        :func:`i18n.render_all`."""
        return {"row": self.row, "rule": self.code, "institute_uscc": self.params.get("uscc"),
                "standard_certificate_no": self.params.get("certificate_no"),
                "parameter": self.params.get("parameter"), "message": self}


@dataclass(frozen=True)
class Imported:
    uid: str
    scheme_no: str
    participants: int
    replaced: bool
    warnings: tuple[ResultWarning, ...] = ()


def import_results_table(reg: Registry, path: str | Path) -> Imported:
    """Record the comparison of the results table at ``path``; all or nothing."""
    table = read_results_table(path)
    with reg.uow(source=f"comparisons {Path(path).name}", write=True) as uow:
        own = uow.institutes.own()
        if own is None or own.id is None:
            raise DomainError("record.no_own_institute")
        conn = uow.session.connection()
        pilot_name, pilot_code = _pilot(conn, table, own)
        usccs = _known_usccs(conn)
        comparisons = bulk.table_of(Comparison)
        now = utcnow()
        fields = dict(table.fields)
        existing = conn.execute(select(comparisons.c.uid, comparisons.c.created_at).where(
            and_(comparisons.c.institute_id == own.id, comparisons.c.scheme_no == fields["scheme_no"]))).first()
        uid = existing.uid if existing is not None else new_uid()
        results = [{"comparison_id": 0, "position": i, **{k: getattr(r, k) for k in _RESULT_KEYS},
                    "institute_uscc": r.institute_uscc or usccs.get(_folded(r.institute_name))}
                   for i, r in enumerate(table.rows)]
        record = {"uid": uid, "institute_id": own.id, "created_at": existing.created_at if existing else now,
                  "updated_at": now, **fields, "pilot_name": pilot_name, "pilot_code": pilot_code}
        writes.replace_records(conn, own.id, {Comparison: [uid]} if existing else {}, [writes.NewRows(
            Comparison, [record], children=[writes.Children("comparison_id", writes.NewRows(ComparisonResult, results))])])
        uow.audit("update" if existing else "create", "comparison", uid, label=fields["scheme_no"],
                  after={**{k: _plain(v) for k, v in fields.items()}, "pilot_name": pilot_name,
                         "pilot_code": pilot_code, "participants": len(results)})
        warnings = _capability_warnings(conn, table, [r["institute_uscc"] for r in results])
        uow.commit()
    return Imported(uid, fields["scheme_no"], len(results), existing is not None, warnings)


def _capability_warnings(conn: Connection, table: ResultsTable, usccs: list[str | None]) -> tuple[ResultWarning, ...]:
    """Each result of a participant in the registry whose parameter (else the measurand) no
    capability row of its standard (else of any of its standards) covers; one query for the
    capability rows of every such participant."""
    known = sorted({u for u in usccs if u})
    if not known:
        return ()
    s, inst, cap = bulk.table_of(Standard), bulk.table_of(Institute), bulk.table_of(Capability)
    stmt = (select(inst.c.uscc, s.c.certificate_no, cap.c.parameter, cap.c.quantity, cap.c.range_text)
            .join(s, s.c.institute_id == inst.c.id).outerjoin(cap, cap.c.standard_id == s.c.id)
            .where(inst.c.uscc.in_(known)).order_by(inst.c.uscc, s.c.certificate_no, cap.c.position))
    members = {u for (u,) in conn.execute(select(inst.c.uscc).where(inst.c.uscc.in_(known)))}
    rows: dict[str, list[capability_check.CapabilityRow]] = {}
    for uscc, certificate_no, parameter, quantity, range_text in conn.execute(stmt):
        rows.setdefault(uscc, []).append(capability_check.CapabilityRow(certificate_no, parameter, quantity, range_text))
    out = []
    for result, uscc in zip(table.rows, usccs, strict=True):
        if uscc is None or uscc not in members:
            continue
        found = _capability_issue(table, result, uscc, rows.get(uscc, []))
        if found is not None:
            out.append(found)
    return tuple(out)


def _capability_issue(table: ResultsTable, result: Any, uscc: str,
                      rows: list[capability_check.CapabilityRow]) -> ResultWarning | None:
    parameter = result.parameter or str(table.fields.get("measurand") or "")
    base = {"file": table.file, "sheet": table.sheet, "row": result.row, "uscc": uscc, "parameter": parameter,
            "lab": " ".join(x for x in (result.lab_code, result.institute_name) if x),
            "certificate_no": result.standard_certificate_no}
    if result.standard_certificate_no:
        own = [r for r in rows if r.certificate_no == result.standard_certificate_no]
        if not own:
            return ResultWarning(result.row, "comparison.capability_no_standard", base)
        if any(capability_check.covers(r, parameter) for r in own):
            return None
        return ResultWarning(result.row, "comparison.capability_mismatch", {**base, "rows": own})
    if not rows or any(capability_check.covers(r, parameter) for r in rows):
        return None  # a participant without recorded standards here: nothing to compare
    return ResultWarning(result.row, "comparison.capability_none", base)


def delete_comparison(reg: Registry, ref: str) -> dict[str, Any]:
    """Delete an own comparison recorded in error, by its uid or its scheme number, with its
    results. The own next bundle no longer carries it, so every receiver deletes it when it
    imports that bundle (as a withdrawn decision leaves the bundle). Refused while an own
    decision in force names it as its only evidence of that number (the decision would rest
    on nothing this registry holds)."""
    key = " ".join(str(ref).split())
    with reg.uow(source="comparisons delete", write=True) as uow:
        own = uow.institutes.own()
        if own is None or own.id is None:
            raise DomainError("record.no_own_institute")
        conn = uow.session.connection()
        c, r = bulk.table_of(Comparison), bulk.table_of(ComparisonResult)
        row = conn.execute(select(c).where(c.c.institute_id == own.id, or_(c.c.uid == key, c.c.scheme_no == key))
                           .order_by(c.c.uid != key)).first()
        if row is None or not key:
            raise DomainError("comparison.not_found", ref=key)
        _check_not_cited(conn, own.id, row.scheme_no, row.uid)
        participants = conn.execute(select(func.count()).select_from(r).where(r.c.comparison_id == row.id)).scalar_one()
        writes.delete_by_uid(conn, Comparison, own.id, [row.uid])
        item = _comparison_dict({**row._mapping, "recorded_by": own.uscc, "recorded_by_name": own.name})
        del item["id"], item["participants"], item["_order"]
        uow.audit("delete", "comparison", row.uid, label=row.scheme_no, before={**item, "participants": participants})
        uow.commit()
    return {"uid": row.uid, "scheme_no": row.scheme_no, "participants": int(participants)}


def _check_not_cited(conn: Connection, own_id: int, scheme_no: str, uid: str) -> None:
    """Refuse when an own decision in force cites ``比对:scheme_no`` and no other comparison of
    that number stays in the registry (another participant's record of it, a peer's)."""
    from labregistry.services.decisions import D, comparison_refs

    c = bulk.table_of(Comparison)
    others = conn.execute(select(c.c.id).where(c.c.scheme_no == scheme_no, c.c.uid != uid).limit(1)).first()
    if others is not None:
        return
    cited = [row.uid for row in conn.execute(
        select(D.c.uid, D.c.evidence).where(D.c.institute_id == own_id, D.c.status == "in_force",
                                            D.c.evidence.contains(scheme_no)).order_by(D.c.uid))
             if scheme_no in comparison_refs(row.evidence)]
    if cited:
        raise DomainError("comparison.cited", scheme_no=scheme_no, uids=", ".join(cited))


def _pilot(conn: Connection, table: ResultsTable, own: Institute) -> tuple[str | None, str | None]:
    """``(pilot_name, pilot_code)`` to record: ``(None, None)`` when the own institute is the pilot;
    the outside pilot's name and code when the pilot is no institute of this registry and the own
    institute took part. Refused when the pilot is another institute of the registry, by its
    USCC or its name (its comparison is its own to record), or the own institute is not a
    participant (a participant answers for transcribing the table)."""
    codes = {normalise_uscc(c) for c in (table.pilot_uscc, table.pilot_code) if c}
    if own.uscc in codes or (table.pilot_uscc is None and _folded(table.pilot_name or "") == _folded(own.name)):
        return None, None  # the own USCC in either row, or the own name without another USCC
    pilot = table.pilot_uscc or table.pilot_name or ""
    inst = bulk.table_of(Institute)
    by_code = conn.execute(select(inst.c.uscc, inst.c.name).where(inst.c.uscc.in_(sorted(codes)))).first()
    if by_code is not None:  # a registry institute's USCC given as an outside pilot's code
        raise DomainError("comparison.pilot_in_registry", file=table.file, pilot=pilot, pilot_code=by_code.uscc,
                          name=by_code.name)
    if _folded(table.pilot_name or "") in _known_usccs(conn):
        raise DomainError("comparison.not_pilot", file=table.file, pilot=pilot, own=own.name)
    if not any(r.institute_uscc == own.uscc or _folded(r.institute_name) == _folded(own.name) for r in table.rows):
        raise DomainError("comparison.not_participant", file=table.file, pilot=pilot, own=own.name)
    return table.pilot_name, table.pilot_code


def _folded(name: str) -> str:
    return "".join(normalise(name).split())


def _known_usccs(conn: Connection) -> dict[str, str]:
    """``{name: uscc}`` of the institutes this registry knows, to link participants named only."""
    table = bulk.table_of(Institute)
    return {_folded(row.name): row.uscc for row in conn.execute(select(table.c.name, table.c.uscc))}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def list_comparisons(reg: Registry) -> list[dict[str, Any]]:
    """Every comparison record in the registry (the own ones and the peers'), newest first, with
    its results. Each record is its recorder's (``recorded_by``); ``same_as`` names the uids of the
    other records of the same comparison (scheme number, pilot and reference value agree; the
    first recorder's first), ``disagrees_with`` those of the records of its scheme number that do
    not agree (:mod:`labregistry.domain.comparison_records`)."""
    return _newest_first([item for group in _groups(reg) for item in group])


def grouped_comparisons(reg: Registry) -> list[list[dict[str, Any]]]:
    """:func:`list_comparisons`' records in groups of one comparison each, the first recorder's
    record first in each group, the groups newest first (by their first records)."""
    groups = _groups(reg)
    order = {id(item): i for i, item in enumerate(_newest_first([g[0] for g in groups]))}
    return sorted(groups, key=lambda g: order[id(g[0])])


def _newest_first(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: (item["report_on"] or item["ended_on"] or "", item["scheme_no"]),
                  reverse=True)


def _groups(reg: Registry) -> list[list[dict[str, Any]]]:
    with reg.uow() as uow:
        conn = uow.session.connection()
        c, inst = bulk.table_of(Comparison), bulk.table_of(Institute)
        stmt = (select(c, inst.c.uscc.label("recorded_by"), inst.c.name.label("recorded_by_name"))
                .join(inst, inst.c.id == c.c.institute_id)
                .order_by(c.c.report_on.desc(), c.c.ended_on.desc(), c.c.scheme_no))
        out = [_comparison_dict(row._mapping) for row in conn.execute(stmt)]
        by_id = {item.pop("id"): item for item in out}
        r = bulk.table_of(ComparisonResult)
        for row in conn.execute(select(r).where(r.c.comparison_id.in_(list(by_id))).order_by(r.c.comparison_id,
                                                                                               r.c.position)):
            by_id[row.comparison_id]["participants"].append(_result_dict(row._mapping, by_id[row.comparison_id]))
    groups = _relate(out)
    for item in out:
        del item["_order"]
    return groups


def _relate(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Each record's ``same_as`` and ``disagrees_with``: the other records of one comparison, and
    the records of its scheme number that tell another comparison; the groups of one comparison."""
    groups = cr.grouped(items, _record)
    by_scheme: dict[str, list[list[dict[str, Any]]]] = {}
    for group in groups:
        by_scheme.setdefault(cr.scheme_key(group[0]["scheme_no"]), []).append(group)
    for group in groups:
        uids = [g["uid"] for g in group]  # the first recorder's first
        others = [g["uid"] for other in by_scheme[cr.scheme_key(group[0]["scheme_no"])] if other is not group
                  for g in other]
        for item in group:
            item["same_as"] = [u for u in uids if u != item["uid"]]
            item["disagrees_with"] = others
    return groups


def _record(item: dict[str, Any]) -> cr.Record:
    outside = item["pilot_outside"]
    return cr.Record(item["scheme_no"], item["recorded_by"], item["pilot_name"] if outside else None,
                     item["pilot_code"], item["criterion"],
                     (item["reference_value"], item["reference_uncertainty"], item["sigma_pt"]),
                     item.get("_order", (0,)))


def merged_participants(group: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The participants of one comparison held in several records (a group of
    :func:`grouped_comparisons`, the first recorder's first): each participant once, its result
    from its own record when there is one, else from the first recorder's."""
    group = [{**item, "_order": (i,)} for i, item in enumerate(group)]
    names = {cr.folded(p["institute_name"]): p["institute_uscc"] for item in group for p in item["participants"]
             if p["institute_uscc"]}
    found: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for item in group:
        for p in item["participants"]:
            found.setdefault(cr.participant_key(p["institute_uscc"], p["institute_name"], names), []).append((item, p))
    out = []
    for key, candidates in found.items():
        uscc = key if not key.startswith("name:") else None
        _item, chosen = cr.preferred(candidates, uscc, lambda pair: _record(pair[0]))
        out.append(chosen)
    return out


def _comparison_dict(row: Any) -> dict[str, Any]:
    """A record as listed. ``pilot_uscc`` and ``pilot_name`` name the pilot: the recorder, or the
    outside pilot (its USCC when its code is one); ``recorded_by`` names the recorder. ``_order``
    (dropped before it is returned) puts the first stored record first."""
    keys = ("id", "uid", "kind", "scheme_no", "name", "organiser", "measurand", "unit",
            "artefact", "started_on", "ended_on", "report_on", "criterion", "reference_value",
            "reference_uncertainty", "sigma_pt", "recorded_by", "recorded_by_name", "pilot_code")
    out = {k: _plain(row[k]) for k in keys}
    outside = row["pilot_name"] is not None
    code = row["pilot_code"]
    out.update(pilot_outside=outside, pilot_name=row["pilot_name"] if outside else row["recorded_by_name"],
               pilot_uscc=(code if code and uscc_problem(code) is None else None) if outside else row["recorded_by"],
               participants=[], _order=(row["created_at"], row["uid"]))
    return out


def _result_dict(row: Any, comparison: dict[str, Any]) -> dict[str, Any]:
    out = {k: row[k] for k in _RESULT_KEYS if k != "score"}
    out[comparison["criterion"]] = row["score"]
    return out


def with_comparisons(reg: Registry, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Standards' rows (with ``id``) each with ``comparisons``: the results of its own in comparisons."""
    with reg.uow() as uow:
        found = results_by_standard(uow.session.connection(), [int(r["id"]) for r in rows])
    return [{**r, "comparisons": found.get(int(r["id"]), [])} for r in rows]


def results_by_standard(conn: Connection, standard_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """``{standard id: its comparison results}`` (scheme, name, date, criterion, score, verdict, the
    pilot), newest first, for the given standards: one query per 5,000 standards, joined on the
    standard's institute USCC and certificate number (index ``ix_comparison_result_participant``).
    A comparison held in several records (:mod:`labregistry.domain.comparison_records`) gives one
    result, from the participant's own record when there is one, else the first recorder's;
    records that disagree each give theirs."""
    ids = list(standard_ids)
    found: dict[int, list[Any]] = {}
    s, inst = bulk.table_of(Standard), bulk.table_of(Institute)
    c, r = bulk.table_of(Comparison), bulk.table_of(ComparisonResult)
    recorder = inst.alias("recorder")
    for start in range(0, len(ids), 5000):  # stay below the engines' bound-parameter limits
        stmt = (select(s.c.id.label("standard_id"), inst.c.uscc.label("participant"), c.c.kind, c.c.scheme_no,
                       c.c.name, c.c.report_on, c.c.ended_on, c.c.criterion, c.c.reference_value,
                       c.c.reference_uncertainty, c.c.sigma_pt, c.c.pilot_name, c.c.pilot_code, c.c.created_at,
                       c.c.uid, recorder.c.uscc.label("recorded_by"), recorder.c.name.label("recorded_by_name"),
                       r.c.score, r.c.verdict, r.c.parameter)
                .join(inst, inst.c.id == s.c.institute_id)
                .join(r, and_(r.c.institute_uscc == inst.c.uscc, r.c.standard_certificate_no == s.c.certificate_no))
                .join(c, c.c.id == r.c.comparison_id)
                .join(recorder, recorder.c.id == c.c.institute_id)
                .where(s.c.id.in_(ids[start:start + 5000])))
        for row in conn.execute(stmt):
            found.setdefault(row.standard_id, []).append(row)
    out: dict[int, list[dict[str, Any]]] = {}
    for standard_id, rows in found.items():
        items = []
        groups = [rows] if len(rows) == 1 else cr.grouped(rows, _row_record)  # most standards: one result
        for group in groups:
            row = group[0] if len(group) == 1 else cr.preferred(group, rows[0].participant, _row_record)
            items.append({
                "kind": row.kind, "scheme_no": row.scheme_no, "name": row.name,
                "date": _plain(row.report_on or row.ended_on), "criterion": row.criterion, row.criterion: row.score,
                "verdict": row.verdict, "parameter": row.parameter, "pilot_outside": row.pilot_name is not None,
                "pilot_name": row.pilot_name or row.recorded_by_name, "recorded_by": row.recorded_by})
        items.sort(key=lambda item: (item["date"] or "", item["scheme_no"]), reverse=True)
        out[standard_id] = items
    return out


def _row_record(row: Any) -> cr.Record:
    return cr.Record(row.scheme_no, row.recorded_by, row.pilot_name, row.pilot_code, row.criterion,
                     (row.reference_value, row.reference_uncertainty, row.sigma_pt), (row.created_at, row.uid))


def with_comparison_counts(reg: Registry, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Standards' rows (search or recognition results) each with ``comparisons``: how many
    comparisons it took part in and how many of its results were satisfactory (比对 2 次，满意 2);
    one query for all the rows, never one per row."""
    with reg.uow() as uow:
        return comparison_counts_on(uow.session.connection(), rows)


def comparison_counts_on(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """:func:`with_comparison_counts` on a connection the caller holds: the app's search reads
    a block's rows and their counts on one (its kept read connection), where a unit of work
    of its own opened another (on PostgreSQL a new server connection: some 40 ms)."""
    found = results_by_standard(conn, [int(r["id"]) for r in rows])
    return [{**r, "comparisons": summary(found.get(int(r["id"]), []))} for r in rows]


def summary_label(counts: dict[str, Any]) -> Summary | str:
    """"比对 2 次，满意 2" for a standard's :func:`summary`, with "（库外主导：中国计量科学研究院）" when
    any of them was piloted outside the registry, for the edge to render; "" when it took part
    in none."""
    return Summary(counts) if counts.get("count") else ""


def named_label(results: list[dict[str, Any]]) -> Named | str:
    """"比对：CSJ-DCV-2024-01（2024-09-15，满意）、…" for a standard's results, for the edge to
    render; "" without any."""
    return Named(tuple(results)) if results else ""


@dataclass(frozen=True)
class Summary:
    """:func:`summary_label`'s text: the pilots outside the registry are joined with the
    separator of the language it is shown in."""

    counts: dict[str, Any]

    def render(self, lang: str | None = None) -> str:
        counts = self.counts
        text = i18n.tr("comparison.summary", lang, count=counts["count"], satisfactory=counts["satisfactory"])
        if counts.get("outside_pilots"):
            pilots = ("、" if i18n.normalise_lang(lang or i18n.default_lang()) != "en" else ", ").join(
                counts["outside_pilots"])
            text += i18n.tr("comparison.summary_outside", lang, pilots=pilots)
        return text


@dataclass(frozen=True)
class Named:
    """:func:`named_label`'s text: each result named, joined as the language joins them."""

    results: tuple[dict[str, Any], ...]

    def render(self, lang: str | None = None) -> str:
        from labregistry.interlab.criteria import VERDICTS

        items = [i18n.tr("comparison.named_item_outside" if r.get("pilot_outside") else "comparison.named_item",
                         lang, scheme_no=r["scheme_no"], date=r["date"] or "?", verdict=VERDICTS.label(r["verdict"]),
                         pilot=r.get("pilot_name")) for r in self.results]
        return i18n.tr("comparison.named", lang, items=("、" if lang != "en" else "; ").join(items))


def summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    """How many comparisons a standard took part in, and with how many satisfactory results;
    ``outside_pilots`` (only when there are any): the names of the pilots outside the registry."""
    out: dict[str, Any] = {"count": len(results),
                           "satisfactory": sum(1 for r in results if r["verdict"] == "satisfactory")}
    outside = sorted({r["pilot_name"] for r in results if r.get("pilot_outside")})
    if outside:
        out["outside_pilots"] = outside
    return out
