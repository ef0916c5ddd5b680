"""The region report's comparison participation (比对与能力验证参加情况), two sections.

What the records can honestly tell (docs/region-report.md):

- A comparison or proficiency test counts when its date (the report date, else the end date,
  else the start date) falls from ``since`` to ``on``; one without any date is not counted.
- A result belongs to the province of the participant's institute when the registry knows the
  participant's credit code, else to the row "not in the registry"; its discipline is the
  level-1 discipline (JJF 1022) of the standard its certificate number links to (the
  participant's institute and that number, as :mod:`labregistry.services.comparisons` links
  them), else "no linked standard". Each province has a subtotal row (all disciplines), the
  region a total row. Each figure of a row counts that row's results:
  comparisons and institutes distinct (a participant without a credit code by its name), the
  verdicts as recorded (every verdict was checked against the numbers when recorded), the
  satisfactory rate is satisfactory results / results.
- The gap list: institutes of the four provinces with at least one public standard valid on
  ``on`` and no result in a comparison counted above, with the date of their latest
  comparison of any date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, func, or_, select

from labregistry.domain import comparison_records as records
from labregistry.domain.choices import PROVINCES
from labregistry.regionreport.model import Chart, Section
from labregistry.storage.bulk import table_of
from labregistry.storage.models import Comparison, ComparisonResult, Institute, Standard

if TYPE_CHECKING:  # figures imports this module for its SECTIONS; its helpers are imported when called
    from labregistry.regionreport.figures import Period

C = table_of(Comparison)
R = table_of(ComparisonResult)
S = table_of(Standard)
I = table_of(Institute)  # noqa: E741 - named like the other tables
VERDICTS = ("satisfactory", "questionable", "unsatisfactory")
INVALID = ("suspended", "revoked")


def _dated() -> Any:
    return func.coalesce(C.c.report_on, C.c.ended_on, C.c.started_on)


def _results(conn: Connection, period: Period) -> list[Any]:
    """Every result of a comparison dated in the period, with its participant's province (or None)
    and its linked standard's discipline (or None); a participant's result once per comparison,
    however many records of it the registry holds (:mod:`labregistry.domain.comparison_records`)."""
    linked = (select(func.min(func.substr(S.c.code, 1, 2)))
              .select_from(S.join(I, I.c.id == S.c.institute_id))
              .where(I.c.uscc == R.c.institute_uscc, S.c.certificate_no == R.c.standard_certificate_no)
              .scalar_subquery())
    province = select(I.c.province).where(I.c.uscc == R.c.institute_uscc).limit(1).scalar_subquery()
    recorder = select(I.c.uscc).where(I.c.id == C.c.institute_id).scalar_subquery()
    stmt = (select(C.c.scheme_no, C.c.criterion, C.c.reference_value, C.c.reference_uncertainty, C.c.sigma_pt,
                   recorder.label("recorded_by"), C.c.created_at, C.c.uid, R.c.institute_uscc,
                   R.c.institute_name, R.c.verdict, province.label("province"), linked.label("discipline"))
            .join(C, C.c.id == R.c.comparison_id)
            .where(_dated() >= period.since, _dated() <= period.on))
    return _once_per_comparison(list(conn.execute(stmt)))


def _once_per_comparison(rows: list[Any]) -> list[Any]:
    """One result per participant and comparison: the participant's own record's, else the first
    recorder's. Records are of one comparison when their scheme number, criterion and reference
    agree, whoever piloted (co-pilots each record it); two comparisons that merely share a scheme
    number stay two. ``comparison_id`` becomes that key, so that two records of one comparison
    count as one."""
    def record(row: Any) -> records.Record:
        return records.Record(row.scheme_no, row.recorded_by, None, None, "", (None, None, None),
                              (row.created_at, row.uid))

    by_comparison: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        reference = (r.reference_value, r.reference_uncertainty, r.sigma_pt)
        by_comparison[f"{records.scheme_key(r.scheme_no)}|{r.criterion}|{reference}"].append(r)
    out = []
    for comparison, held in by_comparison.items():
        names = {records.folded(r.institute_name): r.institute_uscc for r in held if r.institute_uscc}
        by_participant: dict[str, list[Any]] = defaultdict(list)
        for r in held:
            by_participant[records.participant_key(r.institute_uscc, r.institute_name, names)].append(r)
        for candidates in by_participant.values():
            linked = next((c for c in candidates if c.institute_uscc), candidates[0])  # the USCC a record knows
            chosen = records.preferred(candidates, linked.institute_uscc, record)
            out.append(_Counted(comparison, linked.institute_uscc, chosen.institute_name, chosen.verdict,
                                linked.province, chosen.discipline or linked.discipline))
    return out


@dataclass(frozen=True)
class _Counted:
    comparison_id: str
    institute_uscc: str | None
    institute_name: str
    verdict: str
    province: str | None
    discipline: str | None


def comparisons_section(conn: Connection, period: Period) -> Section:
    from labregistry.regionreport.figures import _col, _discipline_name, _province_name

    groups: dict[tuple[str | None, str | None], list[Any]] = defaultdict(list)
    results = _results(conn, period)
    for r in results:
        groups[(r.province, r.discipline)].append(r)
    provinces = [*PROVINCES, *sorted({p for p, _d in groups if p and p not in PROVINCES}), None]
    table: list[dict[str, Any]] = []
    bars: list[tuple[str, int]] = []
    for p in provinces:
        name = _province_name(p, period) if p else period.tr("region_report.unregistered")
        disciplines = sorted({d for q, d in groups if q == p}, key=lambda d: (d is None, d or ""))
        for d in disciplines:
            table.append({"province": name, "discipline": d,
                          "discipline_name": _discipline_name(d, period) if d else period.tr("region_report.unlinked"),
                          **_figures(groups[(p, d)])})
        in_province = [r for d in disciplines for r in groups[(p, d)]]
        if in_province:
            table.append({"province": name, "discipline_name": period.tr("region_report.all_disciplines"),
                          **_figures(in_province)})
        if p in PROVINCES or in_province:
            bars.append((name, len(in_province)))
    table.append({"province": period.tr("region_report.total_row"), **_figures(results)})
    return Section(
        key="comparisons", title=period.tr("region_report.comparisons"),
        sheet=period.tr("region_report.comparisons.sheet"),
        columns=[_col(period, "province", 10), _col(period, "discipline", 10), _col(period, "discipline_name", 14),
                 *(_col(period, k, 10) for k in ("comparisons", "institutes", "results", *VERDICTS)),
                 _col(period, "rate", 12)],
        rows=table,
        facts=[(period.tr("region_report.standards.definition"),
                period.tr("region_report.comparisons.definition.text", since=period.since.isoformat(),
                          on=period.on.isoformat())),
               (period.tr("region_report.comparisons.count"), table[-1]["comparisons"])],
        charts=[Chart(period.tr("region_report.chart.results_by_province"), bars)],
    )


def _figures(results: list[Any]) -> dict[str, Any]:
    verdicts = Counter[str](r.verdict for r in results)
    return {"comparisons": len({r.comparison_id for r in results}),
            "institutes": len({r.institute_uscc or "".join(r.institute_name.split()) for r in results}),
            "results": len(results), **{v: verdicts[v] for v in VERDICTS},
            "rate": round(100.0 * verdicts["satisfactory"] / len(results), 1) if results else None}


def comparison_gaps_section(conn: Connection, period: Period) -> Section:
    from labregistry.regionreport.figures import _col, _province_name

    counted = {u for (u,) in conn.execute(
        select(R.c.institute_uscc).distinct().join(C, C.c.id == R.c.comparison_id)
        .where(R.c.institute_uscc.is_not(None), _dated() >= period.since, _dated() <= period.on))}
    latest = dict(conn.execute(select(R.c.institute_uscc, func.max(_dated())).join(C, C.c.id == R.c.comparison_id)
                               .where(R.c.institute_uscc.is_not(None)).group_by(R.c.institute_uscc)).all())
    standing = conn.execute(
        select(I.c.province, I.c.city, I.c.name, I.c.uscc, func.count())
        .select_from(S.join(I, I.c.id == S.c.institute_id))
        .where(S.c.grade == "public", S.c.status.not_in(INVALID), S.c.valid_until >= period.on,
               or_(S.c.issued_on.is_(None), S.c.issued_on <= period.on), and_(I.c.province.in_(list(PROVINCES))))
        .group_by(I.c.province, I.c.city, I.c.name, I.c.uscc)).all()
    order = list(PROVINCES)
    gaps = sorted((r for r in standing if r.uscc not in counted),
                  key=lambda r: (order.index(r.province), r.city or "", r.name))
    table = [{"province": _province_name(r.province, period), "city": r.city, "institute": r.name, "uscc": r.uscc,
              "public_standards": int(r[4]), "last_comparison": _day(latest.get(r.uscc))} for r in gaps]
    per_province = Counter[str](t["province"] for t in table)
    return Section(
        key="comparison_gaps", title=period.tr("region_report.comparison_gaps"),
        sheet=period.tr("region_report.comparison_gaps.sheet"),
        columns=[_col(period, "province", 8), _col(period, "city", 10), _col(period, "institute", 24),
                 _col(period, "uscc", 22), _col(period, "public_standards", 14), _col(period, "last_comparison", 14)],
        rows=table,
        facts=[(period.tr("region_report.standards.definition"),
                period.tr("region_report.comparison_gaps.definition.text", since=period.since.isoformat(),
                          on=period.on.isoformat())),
               (period.tr("region_report.comparison_gaps.count"), len(table))],
        charts=[Chart(period.tr("region_report.chart.comparison_gaps"),
                      [(_province_name(p, period), per_province.get(_province_name(p, period), 0)) for p in PROVINCES])],
    )


def _day(value: Any) -> dt.date | None:
    """A date from either engine (SQLite may give the text of a computed date)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
