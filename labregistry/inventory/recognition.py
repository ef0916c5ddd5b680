"""Mutual recognition (互认): equivalent standards across institutes, and the region's coverage.

Equivalents of a reference standard R, at institutes other than R's:

* same code: the same JJF 1022 code (the same kind of standard), whatever the accuracy
  (the accuracy relation is shown);
* same quantity: a capability row of the quantity of one of R's rows, its range sharing
  more than a point of that row's, and its error no larger at both ends of the part shared
  (:func:`labregistry.domain.comparison.relate`, docs/comparison.md: a class, a relative and
  an absolute figure all compare as errors at those values), or a grade of the same family
  no worse (:func:`labregistry.domain.grades.grade_relation`).

The relation shown is the best over the pairs of rows (theirs against R's) that overlap:
better or equal only when their row covers R's row's range; "partial" when it covers a part
only and is no worse there, with that part (``covered_part``) and the relation over it
(``accuracy_in_part``): an error is never judged at values the row cannot measure.

Each is marked valid or not on the date (see :mod:`.search`). Order: valid first, same
code first, better accuracy first, then by province and institute.

Coverage: for every JJF 1022 discipline and province, how many public standards
(社会公用计量标准, grade ``public``) are valid on the date; a gap is a discipline with none
in a province.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, case, false, func, or_, select

from labregistry import i18n
from labregistry.domain import usability
from labregistry.domain.codes import DISCIPLINES
from labregistry.domain.comparison import Requirement, covered_part, covers, judge, range_text, relate
from labregistry.domain.errormodel import ErrorModel
from labregistry.domain.grades import grade_relation
from labregistry.domain.quantities import MeasuredRange
from labregistry.domain.records import PROVINCES
from labregistry.inventory import planner
from labregistry.inventory.capability_rows import (CAP, IDS_AT_ONCE, Signature, StoredRow, id_parts, ids_in,
                                                   row_signatures, signature_row, stored_rows)
from labregistry.inventory.provenance import institute_provenance
from labregistry.storage import queries
from labregistry.storage.bulk import table_of
from labregistry.storage.models import Instrument
from labregistry.inventory.search import INVALID_STATUSES, I, S, is_valid_on, mark_calibration

_COLUMNS = (S.c.id, S.c.institute_id, I.c.uscc.label("institute_uscc"), I.c.name.label("institute_name"),
            I.c.province, I.c.city, I.c.is_own.label("own"), S.c.certificate_no, S.c.code, S.c.name, S.c.grade,
            S.c.range_text, S.c.quantity, S.c.range_min, S.c.range_max, S.c.unit, S.c.accuracy_text,
            S.c.accuracy_kind, S.c.accuracy_value, S.c.accuracy_relative, S.c.accuracy_class, S.c.issued_on,
            S.c.valid_until, S.c.status)
INSTRUMENT = table_of(Instrument)
_RELATION_RANK = {"better": 0, "equal": 1, "partial": 2, "not_comparable": 3, "worse": 4}
_TOLERANCE = 1e-9


def standard_summary(row: dict[str, Any], on: dt.date) -> dict[str, Any]:
    """The fields a reference or a traced standard is shown with, marked by the instrument rule."""
    out: dict[str, Any] = {k: row[k] for k in ("id", "institute_uscc", "institute_name", "province", "city", "certificate_no", "code",
                               "name", "grade", "range_text", "quantity", "range_min", "range_max", "unit",
                               "accuracy_text", "issued_on", "valid_until", "status", "main_calibration_due",
                               "ancillary_calibration_due", "main_instruments") if k in row}
    out["uncertainty"] = row.get("accuracy_text")
    out["valid"] = is_valid_on(row, on)
    out["needs_recalibration"] = usability.row_state(row, on) == usability.NEEDS_RECALIBRATION
    out["ancillary_overdue"] = usability.overdue(row.get("ancillary_calibration_due"), on)
    out["usable"] = out["valid"] and not out["needs_recalibration"]
    return out


def fetch_standard(conn: Connection, standard_id: int) -> dict[str, Any] | None:
    """A standard's row, with its instruments' earliest calibration due dates (for the instrument rule)."""
    row = conn.execute(select(*_COLUMNS).select_from(S.join(I, I.c.id == S.c.institute_id))
                       .where(S.c.id == standard_id)).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out.update(queries.calibration_dues(conn, [standard_id])[standard_id])
    return out


_BRIEF = (S.c.id, S.c.institute_id, I.c.province, I.c.name.label("institute_name"), S.c.certificate_no, S.c.code,
          S.c.issued_on, S.c.valid_until, S.c.status,
          select(func.min(INSTRUMENT.c.calibration_due)).where(INSTRUMENT.c.standard_id == S.c.id,
                                                               INSTRUMENT.c.role == "main")
          .scalar_subquery().label("main_calibration_due"))
"""What of a candidate its place in the order and the counts need (the earliest due date of its
main instruments: whether it is usable); the rest only for those shown."""


def equivalents(conn: Connection, standard_id: int, on: dt.date, *, limit: int | None = None,
                now: dt.datetime | None = None) -> dict[str, Any]:
    """The reference standard, and its equivalents at other institutes (see the module).

    At a region's scale (200,000 standards, thousands of candidates of a common kind) only
    what orders and counts the candidates is read for all of them: a few columns, their rows
    of the reference's quantities by :data:`~.capability_rows.SIGNATURE` (rows repeat: the
    relation of each distinct one is worked out once), the instruments' due dates of the valid
    ones (for "usable"); every column, the instrument marks and provenance for those shown."""
    ref = fetch_standard(conn, standard_id)
    if ref is None:
        raise LookupError(standard_id)
    ref_rows = stored_rows(conn, [standard_id]).get(standard_id, [])
    # Two indexed queries (code; rows of a quantity and range) rather than one OR that would scan.
    bases = [S.c.code == ref["code"]]
    if ref_rows:
        bases.append(S.c.id.in_(_rows_as_good(ref_rows)))
    briefs: dict[int, dict[str, Any]] = {}
    for basis in bases:
        stmt = (select(*_BRIEF).select_from(S.join(I, I.c.id == S.c.institute_id))
                .where(S.c.institute_id != ref["institute_id"], basis))
        briefs.update((r.id, dict(r._mapping)) for r in conn.execute(stmt))
    signatures = row_signatures(conn, list(briefs), {row["quantity"] for row, _m, _r in ref_rows})
    relations = _Relations(ref_rows)
    found: list[dict[str, Any]] = []
    for brief in briefs.values():
        same_code = brief["code"] == ref["code"]
        rel = relations.best(signatures.get(brief["id"], ()))
        if not same_code and rel.relation not in ("better", "equal", "partial"):
            continue
        brief.update(same_code=same_code, relation=rel, valid=is_valid_on(brief, on))
        found.append(brief)
    valid = [r for r in found if r["valid"]]
    for brief in valid:  # the instrument rule, as mark_calibration marks those shown
        brief["usable"] = usability.row_state(brief, on) != usability.NEEDS_RECALIBRATION
    # usable first: a valid standard whose main instrument is overdue cannot stand in for the reference
    found.sort(key=lambda r: (not r["valid"], not r.get("usable", False), not r["same_code"],
                              _RELATION_RANK[r["relation"].relation], r["relation"].figure, r["province"],
                              r["institute_name"], r["certificate_no"]))
    shown = _shown(conn, found if limit is None else found[:limit], on)
    prov = institute_provenance(conn, {r["institute_id"] for r in shown}, now)
    for item in shown:
        item["provenance"] = prov.get(item["institute_id"])
    return {"standard": standard_summary(ref, on), "valid_on": on, "equivalents": shown,
            "counts": {"total": len(found), "valid": len(valid), "usable": sum(1 for r in valid if r["usable"]),
                       "shown": len(shown), "institutes": len({r["institute_id"] for r in valid})}}


def _shown(conn: Connection, briefs: list[dict[str, Any]], on: dt.date) -> list[dict[str, Any]]:
    """The equivalents shown, in the order of ``briefs``: every column, the relation's fields
    and the instrument rule's marks."""
    full: dict[int, Any] = {}
    for part in id_parts(conn, [b["id"] for b in briefs]):
        stmt = select(*_COLUMNS).select_from(S.join(I, I.c.id == S.c.institute_id)).where(ids_in(conn, S.c.id, part))
        full.update((r.id, r) for r in conn.execute(stmt).all())
    shown: list[dict[str, Any]] = []
    for brief in briefs:
        row = dict(full[brief["id"]]._mapping)
        rel = brief["relation"]
        row.update(basis="code" if brief["same_code"] else "quantity", same_code=brief["same_code"],
                   range_overlap=rel.overlaps, accuracy=rel.relation, uncertainty=row["accuracy_text"],
                   valid=brief["valid"], own=bool(row["own"]), covered_part=rel.part,
                   covered_range=dict(rel.part_range) if rel.part_range else None,  # its own: shared by equals
                   accuracy_in_part=rel.in_part, accuracy_note=relation_note(rel.relation, rel.part, rel.in_part))
        shown.append(row)
    for start in range(0, len(shown), IDS_AT_ONCE):
        mark_calibration(conn, shown[start:start + IDS_AT_ONCE], on)
    return shown


def relation_note(relation: str, part: str | None = None, in_part: str | None = None) -> i18n.Message:
    """What an equivalent's relation says, for the edges: "准确度更高", or for a candidate that
    covers a part of the reference's range only, that part and the relation there."""
    if relation == "partial":
        return i18n.Message.of("recognition.accuracy.partial", part=part,
                               in_part=i18n.Message.of(f"recognition.accuracy.{in_part}"))
    return i18n.Message.of(f"recognition.accuracy.{relation}")


def _rows_as_good(ref_rows: list[StoredRow]) -> Any:
    """Standards with a row of a reference row's quantity sharing more than a point of its
    range, and (when the reference row can be compared) no larger an error at both ends of the
    part they share (the reference's range when the row covers it): domain.comparison.relate's
    "better or equal" over :func:`~labregistry.domain.comparison.covered_part`, in SQL. Rows of
    grades are judged afterwards, in Python.

    One scan of the quantity's index per quantity (the widest range of its rows), the rows'
    conditions on what it reads: an OR of a condition per row, each bounded by the index on
    its own, made SQLite scan the index once per row (three rows of a 200,000-standard
    region's pressure gauges: 0.34 s)."""
    by_quantity: dict[str, list[tuple[Any, MeasuredRange]]] = {}
    for row, model, rng in ref_rows:
        if not row["quantity"] or row["range_min"] is None or row["range_max"] is None:
            continue
        if rng.min < rng.max:
            cond = and_(CAP.c.range_min < rng.max, CAP.c.range_max > rng.min)
        else:
            cond = and_(CAP.c.range_min <= rng.max, CAP.c.range_max >= rng.min)
        if isinstance(model, ErrorModel):
            span = rng.max - rng.min
            low = case((CAP.c.range_min > rng.min, CAP.c.range_min), else_=rng.min)
            high = case((CAP.c.range_max < rng.max, CAP.c.range_max), else_=rng.max)
            for x in (low, high):
                bound = (model.constant + model.of_reading * func.abs(x) + model.of_span * span) * (1 + _TOLERANCE)
                cond = and_(cond, CAP.c.error_constant + CAP.c.error_of_reading * func.abs(x)
                            + CAP.c.error_of_span * (CAP.c.range_max - CAP.c.range_min) <= bound)
        by_quantity.setdefault(row["quantity"], []).append((cond, rng))
    conds = [and_(CAP.c.quantity == quantity, CAP.c.range_min <= max(rng.max for _c, rng in rows),
                  CAP.c.range_max >= min(rng.min for _c, rng in rows), or_(*(c for c, _rng in rows)))
             for quantity, rows in by_quantity.items()]
    return select(CAP.c.standard_id).where(or_(*conds)) if conds else select(CAP.c.standard_id).where(false())


@dataclass
class _Relation:
    """The best relation of a candidate's rows with the reference's: ``relation`` (better /
    equal / partial / not_comparable / worse), and for ``partial`` the part of a reference row
    the candidate covers (``part``, as text, and ``part_range``) and the relation there."""

    relation: str = "not_comparable"
    overlaps: bool = False
    figure: float = float("inf")
    part: str | None = None
    part_range: dict[str, Any] | None = None
    in_part: str | None = None


class _Relations:
    """The best relation of a candidate's rows with any reference row of its quantity it shares
    a part of the range with, whether any does, and the best figure there (to order equals).

    "better" and "equal" need the candidate's row to cover the reference row's range; one that
    covers a part only is compared over that part and is at best "partial" (docs/comparison.md,
    *Row against row*), "worse" when its error there is larger.

    Worked out once per distinct row (its :data:`~.capability_rows.SIGNATURE`) and once per
    distinct list of rows: the same instruments at many institutes make the same rows."""

    def __init__(self, ref_rows: list[StoredRow]) -> None:
        self.ref_rows = ref_rows
        self._pairs: dict[Signature, list[_Relation]] = {}
        self._best: dict[tuple[Signature, ...], _Relation] = {}

    def best(self, signatures: tuple[Signature, ...]) -> _Relation:
        found = self._best.get(signatures)
        if found is None:
            found = self._best[signatures] = _best_of([self._pairs_of(s) for s in signatures])
        return found

    def _pairs_of(self, signature: Signature) -> list[_Relation]:
        found = self._pairs.get(signature)
        if found is None:
            found = self._pairs[signature] = _pair_relations(signature_row(signature), self.ref_rows)
        return found


def _pair_relations(stored: StoredRow, ref_rows: list[StoredRow]) -> list[_Relation]:
    """The relation of one row with each reference row of its quantity it shares a part of the
    range with, in the reference's order (see :class:`_Relations`)."""
    row, model, rng = stored
    out: list[_Relation] = []
    for ref_row, ref_model, ref_rng in ref_rows:
        if row["quantity"] != ref_row["quantity"]:
            continue
        part = covered_part(rng, ref_rng)
        if part is None:
            continue
        relation = relate(model, rng, ref_model, ref_rng, _TOLERANCE, over=part)
        if relation == "not_comparable":
            relation = grade_relation(row.get("accuracy_class"), ref_row.get("accuracy_class"))
        fig = judge(model, rng, Requirement(*part)).figure
        found = _Relation(relation, True, fig if fig is not None else float("inf"))
        if not covers(rng, ref_rng) and relation in ("better", "equal"):
            found = _Relation("partial", True, found.figure, range_text(*part, ref_rng),
                              {"min": part[0], "max": part[1], "unit": ref_rng.unit}, relation)
        out.append(found)
    return out


def _best_of(pairs: list[list[_Relation]]) -> _Relation:
    """The best of the relations of a candidate's rows (:func:`_pair_relations`, in the rows'
    order): the best comparison made (even "worse" says more than none; the first of equals),
    whether any pair overlaps, the smallest figure."""
    best = _Relation()
    made: list[_Relation] = []
    for found in (f for row in pairs for f in row):
        best.overlaps = True
        best.figure = min(best.figure, found.figure)
        if found.relation != "not_comparable":
            made.append(found)
    if made:
        chosen = min(made, key=lambda r: (_RELATION_RANK[r.relation], _RELATION_RANK[r.in_part or r.relation]))
        best.relation, best.part, best.part_range, best.in_part = (
            chosen.relation, chosen.part, chosen.part_range, chosen.in_part)
    return best


def _valid_counts(conn: Connection, on: dt.date, grade: str, digits: int, discipline: str | None = None
                  ) -> dict[str, dict[str, int]]:
    """``{code prefix: {province: n}}`` of the standards of ``grade`` valid on ``on``, grouped by
    the first ``digits`` digits of their code (2: discipline, 6: item), in one grouped query."""
    T: Any = planner.table_for("scan", conn) if conn.dialect.name == "sqlite" else S  # narrow covering index
    prefix = func.substr(T.c.code, 1, digits)
    stmt = (select(prefix.label("prefix"), I.c.province, func.count().label("n"))
            .select_from(T.join(I, I.c.id == T.c.institute_id))
            .where(T.c.grade == grade, T.c.status.not_in(INVALID_STATUSES),
                   or_(T.c.issued_on.is_(None), T.c.issued_on <= on), T.c.valid_until >= on)
            .group_by(prefix, I.c.province))
    if discipline is not None:
        stmt = stmt.where(T.c.code.like(f"{discipline}%"))
    counts: dict[str, dict[str, int]] = {}
    for r in conn.execute(stmt):
        counts.setdefault(r.prefix, {})[r.province] = int(r.n)
    return counts


def code_coverage(conn: Connection, on: dt.date, discipline: str, items: list[tuple[str, str]], *,
                  grade: str = "public") -> dict[str, Any]:
    """Valid standards per catalogue item code (``items``: code and name) of ``discipline`` and
    province on ``on``, and the gaps: the items with none valid, in the region and per province.
    A standard counts for the item its code's first three levels name (a temporary code below
    a catch-all item, 012190xx, for that item)."""
    counts = _valid_counts(conn, on, grade, 6, discipline)
    provinces = list(PROVINCES)
    rows: list[dict[str, Any]] = []
    for code, name in items:
        per = {p: counts.get(code[:6], {}).get(p, 0) for p in provinces}
        rows.append({"code": code, "name": name, "counts": per, "total": sum(per.values())})
    return {
        "valid_on": on, "grade": grade, "discipline": discipline, "provinces": provinces, "codes": rows,
        "region_gaps": [r["code"] for r in rows if r["total"] == 0],
        "gaps": [{"code": r["code"], "name": r["name"], "province": p}
                 for r in rows for p in provinces if r["counts"][p] == 0],
    }


def coverage(conn: Connection, on: dt.date, *, grade: str = "public") -> dict[str, Any]:
    """Valid public standards per discipline and province on ``on``, and the gaps (none valid);
    a discipline's name is an :class:`i18n.Label` the edge renders (the code itself when the
    JJF 1022 list has none)."""
    counts = _valid_counts(conn, on, grade, 2)
    provinces = list(PROVINCES)
    codes = list(DISCIPLINES) + sorted(set(counts) - set(DISCIPLINES))
    rows: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []
    for code in codes:
        name: i18n.Label | str = i18n.Label(*DISCIPLINES[code]) if code in DISCIPLINES else code
        per = {p: counts.get(code, {}).get(p, 0) for p in provinces}
        rows.append({"discipline": code, "discipline_name": name, "counts": per,
                     "total": sum(per.values())})
        gaps.extend({"discipline": code, "discipline_name": name, "province": p}
                    for p in provinces if per[p] == 0)
    others: dict[str, int] = {}
    for per_province in counts.values():
        for p, n in per_province.items():
            if p not in provinces:
                others[p] = others.get(p, 0) + n
    return {
        "valid_on": on,
        "grade": grade,
        "provinces": provinces,
        "disciplines": rows,
        "province_totals": {p: sum(r["counts"][p] for r in rows) for p in provinces},
        "total": sum(r["total"] for r in rows),
        "gaps": gaps,
        "outside_region": others,
    }
