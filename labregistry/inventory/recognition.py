"""Mutual recognition (互认): equivalent standards across institutes, and the region's coverage.

Equivalents of a reference standard R, at institutes other than R's:

* same code: the same JJF 1022 code (the same kind of standard), whatever the accuracy
  (the accuracy relation is shown);
* same quantity: the same quantity, a range overlapping R's, and an accuracy comparable
  with R's and better or equal (:func:`labregistry.inventory.comparability.relation`:
  the same kind of figure - relative with relative, absolute in the same unit - or grades
  of the same family).

Each is marked valid or not on the date (see :mod:`.search`). Order: valid first, same
code first, better accuracy first, then by province and institute.

Coverage: for every JJF 1022 discipline and province, how many public standards
(社会公用计量标准, grade ``public``) are valid on the date; a gap is a discipline with none
in a province.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from labregistry.domain import usability
from labregistry.domain.codes import DISCIPLINES
from labregistry.domain.records import PROVINCES
from labregistry.inventory import comparability as cmp
from labregistry.inventory import planner
from labregistry.inventory.provenance import institute_provenance
from labregistry.storage import queries
from labregistry.inventory.search import INVALID_STATUSES, I, S, is_valid_on, mark_calibration

_COLUMNS = (S.c.id, S.c.institute_id, I.c.uscc.label("institute_uscc"), I.c.name.label("institute_name"),
            I.c.province, I.c.city, I.c.is_own.label("own"), S.c.certificate_no, S.c.code, S.c.name, S.c.grade,
            S.c.range_text, S.c.quantity, S.c.range_min, S.c.range_max, S.c.unit, S.c.accuracy_text,
            S.c.accuracy_kind, S.c.accuracy_value, S.c.accuracy_relative, S.c.accuracy_class, S.c.issued_on,
            S.c.valid_until, S.c.status)
_RELATION_RANK = {"better": 0, "equal": 1, "not_comparable": 2, "worse": 3}


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


def equivalents(conn: Connection, standard_id: int, on: dt.date, *, limit: int | None = None,
                now: dt.datetime | None = None) -> dict[str, Any]:
    """The reference standard, and its equivalents at other institutes (see the module)."""
    ref = fetch_standard(conn, standard_id)
    if ref is None:
        raise LookupError(standard_id)
    # Two indexed queries (code; quantity and range) rather than one OR that would scan.
    bases = [S.c.code == ref["code"]]
    if ref["quantity"] and ref["range_min"] is not None and ref["range_max"] is not None:
        overlap = and_(S.c.quantity == ref["quantity"], S.c.range_min <= ref["range_max"],
                       S.c.range_max >= ref["range_min"])
        fig = cmp.figure_of(ref["accuracy_kind"], ref["accuracy_value"], ref["accuracy_relative"],
                            ref["accuracy_class"], ref["unit"])
        if fig is not None:  # better or equal, in SQL: only those come back (grades are judged below)
            bound = cmp.Limit(fig.value, fig.relative, fig.unit)
            overlap = and_(overlap, cmp.sql_figure(S.c, bound, conn.dialect.name) <= fig.value * (1 + 1e-9))
        bases.append(overlap)
    rows: dict[int, Any] = {}
    for basis in bases:
        stmt = (select(*_COLUMNS).select_from(S.join(I, I.c.id == S.c.institute_id))
                .where(S.c.institute_id != ref["institute_id"], basis))
        rows.update((r.id, r) for r in conn.execute(stmt))
    found: list[dict[str, Any]] = []
    for r in rows.values():
        row = dict(r._mapping)
        same_code = row["code"] == ref["code"]
        overlaps = bool(row["quantity"] is not None and row["quantity"] == ref["quantity"]
                        and row["range_min"] is not None and ref["range_max"] is not None
                        and row["range_min"] <= ref["range_max"] and row["range_max"] >= ref["range_min"])
        relation = cmp.relation(row, ref)
        if not same_code and relation not in ("better", "equal"):
            continue
        row.update(basis="code" if same_code else "quantity", same_code=same_code, range_overlap=overlaps,
                   accuracy=relation, uncertainty=row["accuracy_text"], valid=is_valid_on(row, on),
                   own=bool(row["own"]))
        found.append(row)
    mark_calibration(conn, found, on)
    # usable first: a valid standard whose main instrument is overdue cannot stand in for the reference
    found.sort(key=lambda r: (not r["valid"], not r["usable"], not r["same_code"], _RELATION_RANK[r["accuracy"]],
                              _figure(r), r["province"], r["institute_name"], r["certificate_no"]))
    total, valid = len(found), sum(1 for r in found if r["valid"])
    shown = found if limit is None else found[:limit]
    prov = institute_provenance(conn, {r["institute_id"] for r in shown}, now)
    for item in shown:
        item["provenance"] = prov.get(item["institute_id"])
    return {"standard": standard_summary(ref, on), "valid_on": on, "equivalents": shown,
            "counts": {"total": total, "valid": valid, "usable": sum(1 for r in found if r["usable"]),
                       "shown": len(shown),
                       "institutes": len({r["institute_id"] for r in found if r["valid"]})}}


def _figure(row: dict[str, Any]) -> float:
    fig = cmp.figure_of(row.get("accuracy_kind"), row.get("accuracy_value"), row.get("accuracy_relative"),
                        row.get("accuracy_class"), row.get("unit"))
    return fig.value if fig is not None else float("inf")


def coverage(conn: Connection, on: dt.date, *, grade: str = "public", lang: str | None = None) -> dict[str, Any]:
    """Valid public standards per discipline and province on ``on``, and the gaps (none valid)."""
    T: Any = planner.table_for("scan", conn) if conn.dialect.name == "sqlite" else S  # narrow covering index
    discipline = func.substr(T.c.code, 1, 2)
    stmt = (select(discipline.label("discipline"), I.c.province, func.count().label("n"))
            .select_from(T.join(I, I.c.id == T.c.institute_id))
            .where(T.c.grade == grade, T.c.status.not_in(INVALID_STATUSES),
                   or_(T.c.issued_on.is_(None), T.c.issued_on <= on), T.c.valid_until >= on)
            .group_by(discipline, I.c.province))
    counts: dict[str, dict[str, int]] = {}
    for r in conn.execute(stmt):
        counts.setdefault(r.discipline, {})[r.province] = int(r.n)
    provinces = list(PROVINCES)
    codes = list(DISCIPLINES) + sorted(set(counts) - set(DISCIPLINES))
    rows: list[dict[str, Any]] = []
    gaps: list[dict[str, str]] = []
    for code in codes:
        zh, en = DISCIPLINES.get(code, (code, code))
        per = {p: counts.get(code, {}).get(p, 0) for p in provinces}
        rows.append({"discipline": code, "discipline_name": en if lang == "en" else zh, "counts": per,
                     "total": sum(per.values())})
        gaps.extend({"discipline": code, "discipline_name": en if lang == "en" else zh, "province": p}
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
