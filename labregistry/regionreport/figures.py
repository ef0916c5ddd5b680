"""The region report's figures, counted by the database from the records this home holds.

What the records can honestly tell (docs/region-report.md):

- A standard record holds its current assessment certificate only. A public standard
  (社会公用计量标准) whose certificate was issued from ``since`` (2023-01-01) to ``on`` was
  either set up or re-examined in the period. It is **new** when its first certificate known
  to this home was issued in the period (the earliest issue date in its audit trail, or the
  current one without a trail). Otherwise it had a certificate before the period: it is
  **upgraded** when a re-issue in the period widened a range, improved an accuracy (a grade or class raised within its family, 二等 → 一等) or added a
  capability row, and narrowed or worsened none (a peer's bundle or a local edit changed them
  with the issue date), **re-examined** (counted apart, not towards the target) when not. A re-examination whose earlier
  certificate this home never saw counts as new: the report says so in its definitions.
  Revoked standards are not counted.
- Designations (industry test centres, technical committees) are this home's own records
  (:mod:`labregistry.services.designations`); each distinct name counts once.
- A coverage gap is a level-1 discipline of JJF 1022 with no public standard valid on ``on``
  in a city where the region has institutes.
- Comparison participation: :mod:`labregistry.regionreport.participation`.
- Expiring: certificates valid on ``on`` (not suspended or revoked) whose validity ends
  within 90 or 180 days, assessment certificates of standards of every grade and
  authorisation certificates, by province.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, or_, select

from labregistry import i18n
from labregistry.domain.choices import DESIGNATION_KINDS, PROVINCES
from labregistry.domain.accuracy import parse_accuracy
from labregistry.domain.codes import DISCIPLINES
from labregistry.domain.comparison import relate
from labregistry.domain.grades import grade_relation
from labregistry.domain.errormodel import ErrorModel, NotComparable, error_model
from labregistry.domain.quantities import MeasuredRange, parse_range
from labregistry.errors import DomainError
from labregistry.regionreport.model import Chart, Column, Section, Target
from labregistry.regionreport.participation import comparison_gaps_section, comparisons_section
from labregistry.storage.bulk import table_of
from labregistry.storage.models import AuditEntry, Authorisation, Institute, InstituteDesignation, Standard

S = table_of(Standard)
I = table_of(Institute)  # noqa: E741 - named like S in every query
A = table_of(Authorisation)
D = table_of(InstituteDesignation)
AU = table_of(AuditEntry)

SINCE = dt.date(2023, 1, 1)
TARGET_STANDARDS = 1000
TARGET_CENTRES = 50
TARGET_COMMITTEES = 10
WINDOWS = (90, 180)
INVALID = ("suspended", "revoked")


@dataclass(frozen=True)
class Period:
    """The report's dates and language: counted from ``since`` to ``on`` inclusive."""

    on: dt.date
    since: dt.date
    language: i18n.DocLanguage

    @property
    def english(self) -> bool:
        return self.language == "en"

    def tr(self, code: str, **params: Any) -> str:
        return i18n.tr(code, self.language, **params)


SectionBuilder = Callable[[Connection, Period], Section]


def _col(period: Period, key: str, width: int = 12) -> Column:
    return Column(key, period.tr(f"region_report.col.{key}"), width)


def _province_name(code: str, period: Period) -> str:
    return PROVINCES.label(code).render(period.language) if code in set(PROVINCES) else code


def _discipline_name(code: str, period: Period) -> str:
    zh, en = DISCIPLINES.get(code, (code, code))
    return en if period.english else zh


# ---------------------------------------------------------------- public standards, new and upgraded


def standards_section(conn: Connection, period: Period) -> Section:
    rows = conn.execute(
        select(S.c.uid, func.substr(S.c.code, 1, 2), I.c.province, I.c.uscc, I.c.is_own, S.c.certificate_no)
        .select_from(S.join(I, I.c.id == S.c.institute_id))
        .where(S.c.grade == "public", S.c.status != "revoked", S.c.issued_on >= period.since,
               S.c.issued_on <= period.on)
    ).all()
    history, unread = _renewals(conn, period, {r[0]: (r[3], bool(r[4])) for r in rows})
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for uid, discipline, province, _uscc, _own, _certificate_no in rows:
        counts[(province, discipline)][history.get(uid, "new")] += 1
    not_compared = sorted(r[5] for r in rows if r[0] in unread and history.get(r[0]) == "renewed")
    provinces = list(PROVINCES) + sorted({p for p, _d in counts} - set(PROVINCES))
    disciplines = list(DISCIPLINES) + sorted({d for _p, d in counts} - set(DISCIPLINES))
    table: list[dict[str, Any]] = []
    for p in provinces:
        for d in disciplines:
            c = counts.get((p, d))
            if c:
                table.append({"province": _province_name(p, period), "discipline": d,
                              "discipline_name": _discipline_name(d, period), "new": c["new"],
                              "upgraded": c["upgraded"], "renewed": c["renewed"],
                              "total": c["new"] + c["upgraded"]})
    reached = sum(r["total"] for r in table)
    by_province = [(_province_name(p, period), sum(r["total"] for r in table if r["province"] == _province_name(p, period)))
                   for p in provinces]
    by_discipline = Counter[str]()
    for r in table:
        by_discipline[r["discipline_name"]] += r["total"]
    left_out = _not_compared(not_compared)
    return Section(
        key="standards", title=period.tr("region_report.standards"), sheet=period.tr("region_report.standards.sheet"),
        columns=[_col(period, "province", 8), _col(period, "discipline", 10), _col(period, "discipline_name", 14),
                 _col(period, "new", 8), _col(period, "upgraded", 8), _col(period, "renewed", 14),
                 _col(period, "total", 14)],
        rows=table,
        facts=[(period.tr("region_report.standards.definition"),
                period.tr("region_report.standards.definition.text", since=period.since.isoformat(),
                          on=period.on.isoformat())),
               *([(period.tr("region_report.not_compared"), left_out.render(period.language))] if left_out else [])],
        targets=[Target(period.tr("region_report.standards.target", since=period.since.isoformat()), TARGET_STANDARDS,
                        reached)],
        warnings=[i18n.Message.of("region_report.not_compared.warning", **left_out.params)] if left_out else [],
        charts=[Chart(period.tr("region_report.chart.by_province"), by_province),
                Chart(period.tr("region_report.chart.by_discipline"),
                      [(name, n) for name, n in by_discipline.most_common() if n])],
    )


def _not_compared(certificates: list[str]) -> i18n.Message | None:
    """What the report says of the re-examinations it could not compare (None: there were none)."""
    if not certificates:
        return None
    return i18n.Message.of("region_report.not_compared.text", n=len(certificates),
                           certificates_zh="、".join(certificates), certificates_en=", ".join(certificates))


def _renewals(conn: Connection, period: Period,
              owners: dict[str, tuple[str, bool]]) -> tuple[dict[str, str], set[str]]:
    """``{uid: "upgraded" | "renewed"}`` of the standards ``owners`` (``{uid: (its institute's
    USCC, whether it is this home's)}``) whose change history shows a certificate issued before
    the period (see the module docstring); the others are new. And the standards with a re-issue
    in the period that could not be compared: a snapshot of it whose range or accuracy does not
    read under today's rules (saved before a rule was tightened, as ``(0,100)℃`` before the comma
    rule). They count as re-examined, as any change the report cannot defend as an upgrade, and
    the report says how many (never an undercount it does not own up to)."""
    earliest: dict[str, str] = {}
    upgraded: set[str] = set()
    unread: set[str] = set()
    if not owners:
        return {}, unread
    since, on = period.since.isoformat(), period.on.isoformat()
    entries = conn.execute(
        select(AU.c.record_uid, AU.c.source, AU.c.before, AU.c.after)
        .where(AU.c.entity == "standard", AU.c.action == "update", AU.c.before.is_not(None), AU.c.after.is_not(None))
    )
    for uid, source, before_text, after_text in entries:
        if uid not in owners or not _by_owner(source, *owners[uid]):
            continue
        before, after = json.loads(before_text), json.loads(after_text)
        issued_before, issued_after = _day(before), _day(after)
        if issued_before:
            earliest[uid] = min(earliest.get(uid, issued_before), issued_before)
        if issued_before and issued_before < issued_after and since <= issued_after <= on:
            grew = _upgraded(before, after)
            if grew:
                upgraded.add(uid)
            elif grew is None:
                unread.add(uid)
    kinds = {uid: "upgraded" if uid in upgraded else "renewed" for uid, first in earliest.items() if first < since}
    return kinds, unread - upgraded


def _by_owner(source: str | None, uscc: str, own: bool) -> bool:
    """Whether a change in the audit trail was the standard's own institute's: a bundle's changes
    are its issuer's (``bundle:USCC#seq``), any other source is a change made at this home, to
    its own records. The trail is kept by record id only, and an id outlives its record: a
    peer's standard under the id of a deleted one must not be counted by that one's history."""
    if source is not None and source.startswith("bundle:"):
        return source[len("bundle:"):].partition("#")[0] == uscc
    return own


def _day(snapshot: dict[str, Any]) -> str:
    """The snapshot's issue date as ``YYYY-MM-DD`` ("" when it has none)."""
    return str(snapshot.get("issued_on") or "")[:10]


def _upgraded(before: dict[str, Any], after: dict[str, Any]) -> bool | None:
    """Whether the capability grew between two snapshots: no row (parameter) lost, no range
    narrowed, no accuracy worse (the error compared over the earlier range, as search compares;
    grades and classes by their order within one family), and one range wider, one accuracy
    better or one parameter more. A change the program cannot read or compare is not counted
    as an upgrade: the report says only what it can defend. None when a snapshot's range or
    accuracy does not read at all (the report says how many so)."""
    old, new = _readings(before), _readings(after)
    if old is None or new is None:
        return None
    if not old.keys() <= new.keys():
        return False
    grew = bool(new.keys() - old.keys())
    for parameter, was in old.items():
        now = new[parameter]
        if now.range.unit != was.range.unit or now.range.min > was.range.min or now.range.max < was.range.max:
            return False
        relation = "equal" if now.text == was.text else _relation(now, was)
        if relation not in ("better", "equal"):
            return False
        grew = grew or relation == "better" or now.range.min < was.range.min or now.range.max > was.range.max
    return grew


@dataclass(frozen=True)
class _Reading:
    """One capability row of a snapshot, read: its range, accuracy text, grade and error model."""

    range: MeasuredRange
    text: str
    grade: str | None
    model: ErrorModel | NotComparable


def _relation(now: _Reading, was: _Reading) -> str:
    """How the new accuracy relates to the old, over the old range; two grades or classes of
    one family (二等 → 一等) by their order, as recognition compares them."""
    if isinstance(now.model, NotComparable) and isinstance(was.model, NotComparable):
        return grade_relation(now.grade, was.grade)
    return relate(now.model, now.range, was.model, was.range)


def _readings(snapshot: dict[str, Any]) -> dict[str, _Reading] | None:
    """``{parameter: reading}`` of a snapshot's rows (the standard's own range and accuracy when
    it has none); None when one does not read."""
    rows = _rows(snapshot) or [(None, snapshot.get("range_text"), snapshot.get("accuracy_text"))]
    out: dict[str, _Reading] = {}
    for parameter, range_text, accuracy_text in rows:
        text = str(accuracy_text or "")
        try:
            rng = parse_range(str(range_text or ""))
            accuracy = parse_accuracy(text, rng)
        except DomainError:
            return None
        out[str(parameter or "")] = _Reading(rng, text, accuracy.accuracy_class, error_model(accuracy, rng))
    return out


def _rows(snapshot: dict[str, Any]) -> list[tuple[Any, ...]]:
    rows = next((v for k, v in snapshot.items() if k.startswith("capabilit") and isinstance(v, list)), [])
    return [(r.get("parameter"), r.get("range_text"), r.get("accuracy_text")) for r in rows if isinstance(r, dict)]


# ---------------------------------------------------------------- designations


def designations_section(conn: Connection, period: Period) -> Section:
    known = {r.uscc: (r.name, r.province) for r in conn.execute(select(I.c.uscc, I.c.name, I.c.province))}
    rows = conn.execute(select(D).order_by(D.c.kind, D.c.name, D.c.uscc)).all()
    table: list[dict[str, Any]] = []
    for r in rows:
        name, province = known.get(r.uscc, (r.institute_name, None))
        table.append({"kind": DESIGNATION_KINDS.label(r.kind).render(period.language), "designation": r.name, "institute": name,
                      "uscc": r.uscc, "province": _province_name(province, period) if province else None,
                      "designated_by": r.designated_by, "designated_on": r.designated_on, "_kind": r.kind})
    centres = {r.name for r in rows if r.kind == "industry_centre"}
    committees = {r.name for r in rows if r.kind == "committee"}
    by_province = Counter[str](t["province"] or "—" for t in table if t["_kind"] == "industry_centre")
    return Section(
        key="designations", title=period.tr("region_report.designations"),
        sheet=period.tr("region_report.designations.sheet"),
        columns=[_col(period, "kind", 15), _col(period, "designation", 24), _col(period, "institute", 24),
                 _col(period, "uscc", 27), _col(period, "province", 8), _col(period, "designated_by", 14),
                 _col(period, "designated_on", 16)],
        rows=table,
        facts=[(period.tr("region_report.designations.source"), period.tr("region_report.designations.source.text"))],
        targets=[Target(period.tr("region_report.target.centres"), TARGET_CENTRES, len(centres)),
                 Target(period.tr("region_report.target.committees"), TARGET_COMMITTEES, len(committees))],
        charts=[Chart(period.tr("region_report.chart.centres_by_province"),
                      [(_province_name(p, period), by_province.get(_province_name(p, period), 0)) for p in PROVINCES])],
    )


# ---------------------------------------------------------------- coverage gaps by city


def gaps_section(conn: Connection, period: Period) -> Section:
    cities = sorted({(p, c) for p, c in conn.execute(select(I.c.province, I.c.city).distinct())
                     if p in PROVINCES and c}, key=lambda pc: (list(PROVINCES).index(pc[0]), pc[1]))
    covered = {(p, c, d) for p, c, d in conn.execute(
        select(I.c.province, I.c.city, func.substr(S.c.code, 1, 2)).distinct()
        .select_from(S.join(I, I.c.id == S.c.institute_id))
        .where(S.c.grade == "public", S.c.status.not_in(INVALID), S.c.valid_until >= period.on,
               or_(S.c.issued_on.is_(None), S.c.issued_on <= period.on)))}
    table = [{"province": _province_name(p, period), "city": c, "discipline": d,
              "discipline_name": _discipline_name(d, period)}
             for p, c in cities for d in DISCIPLINES if (p, c, d) not in covered]
    per_city = Counter[str](r["city"] for r in table)
    return Section(
        key="gaps", title=period.tr("region_report.gaps"), sheet=period.tr("region_report.gaps.sheet"),
        columns=[_col(period, "province", 8), _col(period, "city", 10), _col(period, "discipline", 10),
                 _col(period, "discipline_name", 16)],
        rows=table,
        facts=[(period.tr("region_report.standards.definition"),
                period.tr("region_report.gaps.definition.text", on=period.on.isoformat(), n=len(DISCIPLINES))),
               (period.tr("region_report.gaps.cities"), len(cities)),
               (period.tr("region_report.gaps.count"), len(table))],
        charts=[Chart(period.tr("region_report.chart.gaps_by_city"), [(c, per_city.get(c, 0)) for _p, c in cities])],
    )


# ---------------------------------------------------------------- certificates ending soon


def expiring_section(conn: Connection, period: Period) -> Section:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, table in (("standards", S), ("authorisations", A)):
        for days in WINDOWS:
            stmt = (select(I.c.province, func.count()).select_from(table.join(I, I.c.id == table.c.institute_id))
                    .where(table.c.status.not_in(INVALID), table.c.valid_until >= period.on,
                           table.c.valid_until <= period.on + dt.timedelta(days=days),
                           or_(table.c.issued_on.is_(None), table.c.issued_on <= period.on))
                    .group_by(I.c.province))
            for province, n in conn.execute(stmt):
                counts[province][f"{kind}_{days}"] = int(n)
    provinces = list(PROVINCES) + sorted(set(counts) - set(PROVINCES))
    keys = [f"{kind}_{days}" for kind in ("standards", "authorisations") for days in WINDOWS]
    rows: list[dict[str, Any]] = [{"province": _province_name(p, period), **{k: counts[p][k] for k in keys}}
                                  for p in provinces]
    rows.append({"province": period.tr("region_report.total_row"), **{k: sum(r[k] for r in rows) for k in keys}})
    return Section(
        key="expiring", title=period.tr("region_report.expiring"), sheet=period.tr("region_report.expiring.sheet"),
        columns=[_col(period, "province", 10), *(_col(period, k, 18) for k in keys)],
        rows=rows,
        facts=[(period.tr("region_report.standards.definition"),
                period.tr("region_report.expiring.definition.text", on=period.on.isoformat()))],
        charts=[Chart(period.tr("region_report.chart.expiring"),
                      [(r["province"], r["standards_180"]) for r in rows[:-1]])],
    )


SECTIONS: list[SectionBuilder] = [standards_section, designations_section, gaps_section, expiring_section,
                                  comparisons_section, comparison_gaps_section]
"""The report's sections, in order. A section is added by appending its builder here."""


def institute_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(I)).scalar_one())


def build_sections(conn: Connection, period: Period, builders: Iterable[SectionBuilder] | None = None) -> list[Section]:
    return [build(conn, period) for build in (SECTIONS if builders is None else builders)]


__all__ = ["SECTIONS", "SINCE", "Period", "build_sections"]
