"""``populate_demo``: fill the own institute with realistic, reproducible synthetic records.

Reproducible: every value, uids included, comes from ``random.Random`` streams seeded
from the own institute's credit code and ``seed`` (one stream per record kind), and every
date from ``today``. The same institute with the same seed and ``today`` gets the same data
on any machine; another institute with the same seed gets records of its own (other uids:
its bundles never carry uids of the first one's records, which a receiver would refuse).
Only the bookkeeping timestamps (``created_at``, ``updated_at``, the audit ``at``) are the
real time of the run.

Scalable: rows are generated and inserted in chunks (set-based inserts through
``storage.bulk``), all in ONE transaction: a failure leaves the registry unchanged.
Memory stays bounded by the chunk size and the staff roster (names only).

Proportions: authorisations ~ standards/10 (at least 1), each with 3-15 items; staff
~ standards/4 (at least 2), each with 1-2 credentials covering 1-5 professional items.
About 12 % of the standards' certificates expire within 180 days, ~3 % have expired,
~2 % are suspended or revoked.

What a lab manager would take for real:

* each kind of standard (name, range, accuracy) appears once per round through the
  catalogue, so a registry holds no heap of copies of one standard: with N standards and
  V catalogue variants, at most ceil(N / V) alike (2-3 for the default 200);
* a legal metrology institute's standards are nearly all 社会公用 (public); an authorised
  institute's mostly, with some department-highest ones; an enterprise's are its highest
  standards. Certificate numbers carry the grade's infix: ``[2023]沪量标证字第0123号`` for a
  public standard, ``[2023]沪量标企证字第0123号`` for an enterprise's highest standard;
* authorisation numbers name their issuer: ``(国)`` when the national administration
  authorised, ``(沪)``/``(苏)``/``(浙)``/``(皖)`` when the province did, and carry ``法计``
  whatever the form, as public certificates do (``(国)法计(2012)01023号``, a special
  authorisation ``(京)法计(2012)006号``; docs/standard-codes.md);
* 计量检定员证 are not issued after the licensing of 计量检定员 was abolished (国发〔2017〕7号,
  January 2017, see ``VERIFIER_CERTIFICATES_UNTIL``): people hold a registration
  (注册计量师) or a 计量专业项目考核合格证明, and an old verifier certificate only as a
  second, lapsed credential;
* main standard instruments are calibrated in time, except those of suspended standards
  (the reason they are suspended) and about 1 % of the others, which then need
  recalibration (docs/instrument-rule.md); about 4 % of the ancillary equipment is overdue;
* the own institute is never invented a second time as an upstream institute: when it is
  one of the catalogue's (e.g. 上海市计量测试技术研究院), the instruments it calibrated are
  traced to it, by its own name and credit code.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import func, select

from labregistry import i18n
from labregistry.demo import catalogue as cat
from labregistry.domain import upstream
from labregistry.domain.accuracy import Accuracy, parse_accuracy
from labregistry.domain.capabilities import capability_of, capability_row, parse_capability
from labregistry.domain.codes import parse_standard_code
from labregistry.domain.quantities import MeasuredRange, parse_range
from labregistry.domain.records import ValidatedCapability
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.storage import writes
from labregistry.storage.writes import Children, NewRows, insert_tree
from labregistry.storage import models
from labregistry.storage.models import utcnow
from labregistry.storage.uow import UnitOfWork

#: Rows of top-level records generated and inserted at a time.
CHUNK = 2000
EXPIRY_WINDOW_DAYS = 180
STANDARD_VALIDITY_YEARS = 4  # 计量标准考核证书
AUTHORISATION_VALIDITY_YEARS = 5  # 计量授权证书
REGISTRATION_VALIDITY_YEARS = 5  # 注册计量师注册证书, 检定员证
#: The licensing of 计量检定员 was abolished by 国发〔2017〕7号 (January 2017): no 检定员证 is
#: issued after this date, registration (注册计量师) took its place.
VERIFIER_CERTIFICATES_UNTIL = dt.date(2016, 12, 31)
MAIN_OVERDUE_SHARE = 0.01  # standards in force whose main instrument is overdue (they need recalibration)
ANCILLARY_OVERDUE_SHARE = 0.04
#: Grade shares by institute kind (public, department-highest, enterprise-highest).
GRADE_SHARES = {
    "legal": ((0.97, "public"), (1.0, "enterprise")),  # a 事业单位 may keep a highest standard of its own
    "authorised": ((0.75, "public"), (1.0, "department")),
    "enterprise": ((1.0, "enterprise"),),
    "other": ((0.5, "public"), (1.0, "enterprise")),
}
#: The infix of an assessment certificate number by grade ([2023]沪量标证字第0123号).
CERTIFICATE_INFIX = {"public": "量标", "department": "量标", "enterprise": "量标企"}

Progress = Callable[[str, int, int], None]


@dataclass
class DemoSummary:
    """What ``populate_demo`` created: its counts, kept as the records are written (one
    transaction, so a summary is returned only when everything was)."""

    institute_uscc: str
    institute_name: str
    seed: int
    today: dt.date
    standards: int = 0
    instruments: int = 0
    services: int = 0
    authorisations: int = 0
    authorisation_items: int = 0
    staff: int = 0
    credentials: int = 0
    credential_items: int = 0
    audit_entries: int = 0
    expiring_within_180_days: int = 0
    expired: int = 0
    seconds: float = 0.0

    def _count_standards(self, rows: list[dict[str, Any]], instruments: int, services: int) -> None:
        """Count a chunk of standards with their instruments and services, and which of them
        are expired or expire within :data:`EXPIRY_WINDOW_DAYS` of ``today``."""
        horizon = self.today + dt.timedelta(days=EXPIRY_WINDOW_DAYS)
        self.standards += len(rows)
        self.instruments += instruments
        self.services += services
        for row in rows:
            if row["status"] == "expired":
                self.expired += 1
            elif row["status"] in ("valid", "suspended") and self.today <= row["valid_until"] <= horizon:
                self.expiring_within_180_days += 1

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["today"] = self.today.isoformat()
        return data

    def render(self, lang: str | None = None) -> str:
        return i18n.tr(
            "demo.summary",
            lang,
            institute=self.institute_name,
            standards=self.standards,
            instruments=self.instruments,
            services=self.services,
            authorisations=self.authorisations,
            authorisation_items=self.authorisation_items,
            staff=self.staff,
            credentials=self.credentials,
            expiring=self.expiring_within_180_days,
            expired=self.expired,
            seconds=self.seconds,
        )


def counts_for(standards: int) -> tuple[int, int]:
    """(authorisations, staff) generated alongside ``standards`` standards."""
    return max(1, round(standards / 10)), max(2, round(standards / 4))


def populate_demo(
    reg: Registry,
    *,
    standards: int = 200,
    seed: int = 0,
    today: dt.date | None = None,
    operator: str | None = None,
    progress: Progress | None = None,
    chunk_size: int = CHUNK,
) -> DemoSummary:
    """Fill the own institute with ``standards`` standards and proportional other records.

    Raises DomainError ``demo.no_own_institute`` when there is no own institute,
    ``demo.not_empty`` when it already holds records, ``demo.bad_count`` for a count < 1.
    ``progress(kind, done, total)`` is called after each chunk (kind: standards /
    authorisations / staff). Everything is one transaction: on any error nothing is kept.
    """
    if isinstance(standards, bool) or not isinstance(standards, int) or standards < 1:
        raise DomainError("demo.bad_count", standards=standards)
    today = today or dt.date.today()
    chunk_size = max(1, chunk_size)
    started = time.perf_counter()
    n_auth, n_staff = counts_for(standards)
    with reg.uow(operator, source="demo", write=True) as uow:
        own = uow.institutes.own()
        if own is None or own.id is None:
            raise DomainError("demo.no_own_institute")
        _refuse_if_not_empty(uow, own.id)
        conn = uow.session.connection()
        with writes.inserting(conn):  # index the new rows once at the end, not per row
            gen = _Generator(own, seed, today, standards)
            summary = DemoSummary(institute_uscc=own.uscc, institute_name=own.name, seed=seed, today=today)
            roster = gen.roster(n_staff)
            for done, (rows, instruments, services, capabilities, audits) in gen.standards(standards, roster,
                                                                                          chunk_size):
                insert_tree(conn, NewRows(models.Standard, rows, children=[
                    Children("standard_id", NewRows(models.Instrument, instruments)),
                    Children("standard_id", NewRows(models.Service, services)),
                    Children("standard_id", NewRows(models.Capability, capabilities))]))
                summary.audit_entries += uow.audit_many(audits)
                summary._count_standards(rows, len(instruments), len(services))
                if progress:
                    progress("standards", done, standards)
            for done, (rows, items, audits) in gen.authorisations(n_auth, chunk_size):
                insert_tree(conn, NewRows(models.Authorisation, rows, children=[
                    Children("authorisation_id", NewRows(models.AuthorisationItem, items))]))
                summary.audit_entries += uow.audit_many(audits)
                summary.authorisations += len(rows)
                summary.authorisation_items += len(items)
                if progress:
                    progress("authorisations", done, n_auth)
            for done, (rows, creds, cred_items, audits) in gen.staff(roster, chunk_size):
                insert_tree(conn, NewRows(models.Staff, rows, children=[Children("staff_id", NewRows(
                    models.Credential, creds,
                    children=[Children("credential_id", NewRows(models.CredentialItem, cred_items))]))]))
                summary.audit_entries += uow.audit_many(audits)
                summary.staff += len(rows)
                summary.credentials += len(creds)
                summary.credential_items += len(cred_items)
                if progress:
                    progress("staff", done, len(roster))
        uow.commit()
        summary.seconds = round(time.perf_counter() - started, 3)
        return summary


def _refuse_if_not_empty(uow: UnitOfWork, institute_id: int) -> None:
    s = uow.session

    def n(model: Any) -> int:
        stmt = select(func.count()).select_from(model).where(model.institute_id == institute_id)
        return int(s.execute(stmt).scalar_one())

    standards, authorisations, staff = n(models.Standard), n(models.Authorisation), n(models.Staff)
    if standards or authorisations or staff:
        raise DomainError("demo.not_empty", standards=standards, authorisations=authorisations, staff=staff)


# --------------------------------------------------------------------------------------
# The generator: pure functions of (own institute, seed, today)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    name: str
    department: str
    title: str
    disciplines: tuple[str, ...]


@dataclass(frozen=True)
class _Variant:
    """A template variant with its parsed range and accuracy (parsed once, reused)."""

    template: cat.StandardTemplate
    name: str
    code_temporary: bool
    range_text: str
    rng: MeasuredRange
    accuracy_text: str
    accuracy: Accuracy
    capabilities: tuple[ValidatedCapability, ...] = ()  # its own range first, then its siblings'


CAPABILITIES_PER_STANDARD = 3
"""At least this many capability rows per standard where the catalogue has them: its own
range and accuracy (with its template's parameter, :data:`.catalogue.CAPABILITY_PARAMETERS`),
its template's further parameters, then the ranges of the template's other variants (a
pressure standard's 0-6 MPa and 0-60 MPa rows ...), so that search meets multi-row standards
as issue 18's target names them (about three rows each in the benchmark)."""


def _with_capabilities(variants: list[_Variant]) -> list[_Variant]:
    by_template: dict[int, list[ValidatedCapability]] = {}
    for v in variants:
        by_template.setdefault(id(v.template), []).append(_own_row(v))
    out = []
    for v in variants:
        own = _own_row(v)
        extra = _parameter_rows(v.template)
        others = [c for c in by_template[id(v.template)] if c != own]
        rows = (own, *extra, *others)[:max(CAPABILITIES_PER_STANDARD, 1 + len(extra))]
        out.append(replace(v, capabilities=rows))
    return out


def _own_row(v: _Variant) -> ValidatedCapability:
    return capability_of(v.rng, v.accuracy, cat.CAPABILITY_PARAMETERS.get(v.template.code, (None, ()))[0])


def _parameter_rows(template: cat.StandardTemplate) -> tuple[ValidatedCapability, ...]:
    """The template's further parameters as rows (parsed as a certificate's list is)."""
    rows = []
    for text in cat.CAPABILITY_PARAMETERS.get(template.code, (None, ()))[1]:
        given = parse_capability(text)
        assert given.range_text is not None and given.accuracy_text is not None
        rng = parse_range(given.range_text, None)
        rows.append(capability_of(rng, parse_accuracy(given.accuracy_text, rng), given.parameter))
    return tuple(rows)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _valid_until(issued: dt.date, years: int) -> dt.date:
    return _add_years(issued, years) - dt.timedelta(days=1)


def _pattern(rng: random.Random, pattern: str) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    out = []
    for ch in pattern:
        if ch == "#":
            out.append("0123456789"[rng.randrange(10)])
        elif ch == "@":
            out.append(letters[rng.randrange(len(letters))])
        else:
            out.append(ch)
    return "".join(out)


def _uid(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _weighted(items: Sequence[tuple[Any, float]]) -> tuple[list[Any], list[float]]:
    values = [v for v, _ in items]
    cum = list(itertools.accumulate(w for _, w in items))
    return values, cum


def _pick(rng: random.Random, values: list[Any], cum: list[float]) -> Any:
    return values[bisect(cum, rng.random() * cum[-1])]


def _sample_in_order(rng: random.Random, items: Sequence[Any], low: int, high: int) -> list[Any]:
    """Between ``low`` and ``high`` of ``items`` (capped by its length), in catalogue order."""
    high = min(high, len(items))
    low = min(low, high)
    k = rng.randint(low, high)
    chosen = sorted(rng.sample(range(len(items)), k))
    return [items[i] for i in chosen]


class _Generator:
    def __init__(self, own: models.Institute, seed: int, today: dt.date, standards: int) -> None:
        assert own.id is not None
        self.own_id = own.id
        self.own_uscc = own.uscc
        self.own_name = own.name
        self.province = own.province if own.province in cat.PROVINCE_INFO else "上海"
        self.abbr, self.bureau = cat.PROVINCE_INFO[self.province]
        self.seed = seed
        self.today = today
        self.now = utcnow()
        self.grades = GRADE_SHARES.get(own.kind or "legal", GRADE_SHARES["other"])
        self.upstream = {u.key: self._as_own(u) for u in upstream.UPSTREAM_INSTITUTES}
        self.provincial = self.upstream[cat.PROVINCIAL_UPSTREAM[self.province]]
        self.variants, self.variant_cum = self._variants()
        self.departments = self._departments()
        # Certificate serials: sparse for small registries, dense for large ones.
        self.serial_step = max(1, min(30, 40000 // max(standards, 1)))

    def _as_own(self, up: upstream.UpstreamInstitute) -> upstream.UpstreamInstitute:
        """The catalogue's institute, or the own institute when it is that one (never a twin)."""
        if not upstream.same_institute(up.name, self.own_name):
            return up
        return replace(up, name=self.own_name, uscc=self.own_uscc, province=self.province)

    def _rng(self, kind: str) -> random.Random:
        return random.Random(f"labregistry-demo:{self.own_uscc}:{self.seed}:{kind}")

    # ---------------------------------------------------------------- catalogue, parsed once
    def _variants(self) -> tuple[list[_Variant], list[float]]:
        variants: list[_Variant] = []
        weights: list[float] = []
        templates = [(t, 1.0) for t in cat.TEMPLATES] + [(t, 0.15) for t in cat.TEMPORARY_TEMPLATES]
        for template, factor in templates:
            code = parse_standard_code(template.code)
            for range_text, accuracy_text, prefix in template.variants:
                rng = parse_range(range_text, template.quantity)
                variants.append(
                    _Variant(template, prefix + template.name, code.temporary, range_text, rng, accuracy_text,
                             parse_accuracy(accuracy_text, rng))
                )
                weights.append(template.weight * factor / len(template.variants))
        return _with_capabilities(variants), list(itertools.accumulate(weights))

    def _departments(self) -> dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...], float]]:
        """department -> (disciplines, professional items with discipline, weight)."""
        weight: dict[str, float] = {}
        for t in cat.TEMPLATES:
            dept = cat.DISCIPLINE_DEPARTMENTS[t.discipline][0]
            weight[dept] = weight.get(dept, 0.0) + t.weight
        out: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...], float]] = {}
        for disc, (dept, items) in cat.DISCIPLINE_DEPARTMENTS.items():
            discs, its, w = out.get(dept, ((), (), weight.get(dept, 1.0)))
            out[dept] = (discs + (disc,), its + tuple((i, disc) for i in items), w)
        return out

    # ---------------------------------------------------------------- people
    def roster(self, n: int) -> list[_Person]:
        """The staff, generated first so that standards can name their responsible persons."""
        rng = self._rng("roster")
        surnames, s_cum = _weighted(cat.SURNAMES)
        titles, t_cum = _weighted(cat.TITLES)
        depts = sorted(self.departments)
        d_cum = list(itertools.accumulate(self.departments[d][2] for d in depts))
        given_names = cat.GIVEN_NAMES
        seen: set[str] = set()
        people: list[_Person] = []
        for i in range(n):
            for _ in range(8):  # a big roster runs out of distinct names: then namesakes are fine
                name = _pick(rng, surnames, s_cum) + given_names[rng.randrange(len(given_names))]
                if name not in seen:
                    break
            seen.add(name)
            # Departments in turn for the first few people, so even a tiny roster covers them.
            dept = depts[i] if i < min(n // 3, len(depts)) else _pick(rng, depts, d_cum)
            people.append(_Person(name, dept, _pick(rng, titles, t_cum), self.departments[dept][0]))
        return people

    # ---------------------------------------------------------------- standards
    def standards(self, n: int, roster: list[_Person], chunk: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
        rng = self._rng("standards")
        by_dept: dict[str, list[str]] = {}
        for p in roster:
            by_dept.setdefault(p.department, []).append(p.name)
        everyone = [p.name for p in roster]
        serials: dict[int, int] = {}
        deck = self._deck(rng)
        done = 0
        while done < n:
            size = min(chunk, n - done)
            rows: list[dict[str, Any]] = []
            instruments: list[dict[str, Any]] = []
            services: list[dict[str, Any]] = []
            capabilities: list[dict[str, Any]] = []
            audits: list[dict[str, Any]] = []
            for idx in range(size):
                row, inst, svc, caps = self._standard(rng, next(deck), idx, by_dept, everyone, serials)
                rows.append(row)
                instruments.extend(inst)
                services.extend(svc)
                capabilities.extend(caps)
                audits.append(_audit_standard(row, len(inst), len(svc)))
            done += size
            yield done, (rows, instruments, services, capabilities, audits)

    def _deck(self, rng: random.Random) -> Iterator[_Variant]:
        """Variants in rounds: each round every variant once, the common ones (by weight) first
        (a weighted shuffle, Efraimidis-Spirakis keys), so no standard is held many times over."""
        weights = [b - a for a, b in zip([0.0, *self.variant_cum], self.variant_cum, strict=False)]
        while True:
            keys = [rng.random() ** (1.0 / w) for w in weights]
            yield from (self.variants[i] for i in sorted(range(len(keys)), key=keys.__getitem__, reverse=True))

    def _standard(self, rng: random.Random, v: _Variant, idx: int, by_dept: dict[str, list[str]],
                  everyone: list[str], serials: dict[int, int]
                  ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        today = self.today
        t = v.template
        issued = today - dt.timedelta(days=rng.randint(7, 365 * STANDARD_VALIDITY_YEARS + 46))
        valid_until = _valid_until(issued, STANDARD_VALIDITY_YEARS)
        serials[issued.year] = serials.get(issued.year, 0) + rng.randint(1, self.serial_step)
        r = rng.random()
        grade = next(g for share, g in self.grades if r < share)
        cert = f"[{issued.year}]{self.abbr}{CERTIFICATE_INFIX[grade]}证字第{serials[issued.year]:04d}号"
        status, notes = self._standard_status(rng, valid_until)
        dept = cat.DISCIPLINE_DEPARTMENTS[t.discipline][0]
        colleagues = by_dept.get(dept) or everyone
        responsible = colleagues[rng.randrange(len(colleagues))]
        ops = {colleagues[rng.randrange(len(colleagues))] for _ in range(rng.randint(1, 3))} - {responsible}
        acc = v.accuracy
        row = {
            "uid": _uid(rng),
            "institute_id": self.own_id,
            "name": v.name,
            "code": t.code,
            "code_temporary": v.code_temporary,
            "grade": grade,
            "certificate_no": cert,
            "certificate_authority": self.bureau,
            "issued_on": issued,
            "valid_until": valid_until,
            "range_text": v.range_text,
            "quantity": v.rng.quantity,
            "range_min": v.rng.min,
            "range_max": v.rng.max,
            "unit": v.rng.unit,
            "accuracy_text": v.accuracy_text,
            "accuracy_kind": acc.kind,
            "accuracy_value": acc.value,
            "accuracy_relative": acc.relative,
            "accuracy_k": acc.k,
            "accuracy_class": acc.accuracy_class,
            "responsible_person": responsible,
            "operators": "、".join(sorted(ops)) or None,
            "environment": t.environment,
            "status": status,
            "notes": notes,
            "created_at": self.now,
            "updated_at": self.now,
        }
        instruments: list[dict[str, Any]] = []
        main_late = status == "suspended" or (status == "valid" and rng.random() < MAIN_OVERDUE_SHARE)
        for role, pool, low in (("main", t.main, 1), ("ancillary", t.ancillary, 1)):
            for n, it in enumerate(_sample_in_order(rng, pool, low, len(pool))):
                # the first main instrument is the late one of a standard needing recalibration
                late = (main_late and n == 0) if role == "main" else rng.random() < ANCILLARY_OVERDUE_SHARE
                instruments.append(self._instrument(rng, idx, len(instruments), role, it, t.discipline, late))
        services = [
            {"standard_id": idx, "position": i, "name": s.name, "procedure": s.procedure, "kind": s.kind}
            for i, s in enumerate(_sample_in_order(rng, t.services, 1, len(t.services)))
        ]
        capabilities = [{"standard_id": idx, **capability_row(c, i)} for i, c in enumerate(v.capabilities)]
        return row, instruments, services, capabilities

    def _standard_status(self, rng: random.Random, valid_until: dt.date) -> tuple[str, str | None]:
        if valid_until < self.today:
            return "expired", "证书已过有效期，复查考核申请未按期提交" if rng.random() < 0.5 else None
        r = rng.random()
        if r < 0.015:
            return "suspended", "主标准器送检超期，暂停使用"
        if r < 0.02:
            return "revoked", "装置报废，考核证书已注销"
        if (valid_until - self.today).days <= EXPIRY_WINDOW_DAYS and rng.random() < 0.4:
            return "valid", "已提交复查考核申请"
        return "valid", None

    def _instrument(self, rng: random.Random, std_idx: int, position: int, role: str, it: cat.InstrumentTemplate,
                    discipline: str, overdue: bool) -> dict[str, Any]:
        up_name, up_uscc, cert_no = self._trace(rng, it.level, discipline)
        # calibrated in time: due at least ten days ahead; overdue: due 20 to 120 days ago
        last = self.today - dt.timedelta(days=rng.randint(10, 365 * it.period_years - 10))
        if overdue:
            last = self.today - dt.timedelta(days=365 * it.period_years + rng.randint(20, 120))
        due = _valid_until(last, it.period_years)
        return {
            "standard_id": std_idx,
            "position": position,
            "role": role,
            "name": it.name,
            "model": it.models[rng.randrange(len(it.models))],
            "serial_no": _pattern(rng, it.serial),
            "range_text": it.range_text,
            "accuracy_text": it.accuracy_text,
            "traced_to_uscc": up_uscc,
            "traced_to_name": up_name,
            "calibration_cert_no": cert_no.replace("{year}", str(last.year)),
            "calibration_due": due,
        }

    def _trace(self, rng: random.Random, level: str, discipline: str) -> tuple[str, str, str]:
        """Who calibrated an instrument: (name, USCC, certificate number with a ``{year}`` slot)."""
        r = rng.random()
        prefix = _DISCIPLINE_PREFIX.get(discipline, "JL")
        if level == "own":  # the institute's own higher standard, else the provincial institute
            if r < 0.6 or self.provincial.uscc == self.own_uscc:
                return self.own_name, self.own_uscc, f"JZ{{year}}-{discipline}-{rng.randint(1, 99999):05d}"
            key = self.provincial.key
        elif level == "national":
            key = "nim" if r < 0.65 else "simt"
        else:
            key = self.provincial.key if r < 0.75 else "simt" if r < 0.9 else "nim"
        up = self.upstream[key]
        n = rng.randint(1, 99999)
        if up.uscc == self.own_uscc:  # the own institute calibrated it (it is that upstream institute)
            return self.own_name, self.own_uscc, f"JZ{{year}}-{discipline}-{n:05d}"
        if up.key == "nim":
            cert = f"{prefix}jz{{year}}-{n:05d}"
        elif up.key == "simt":
            cert = f"{{year}}F33-10-{n:05d}{rng.randint(0, 99):02d}001"
        else:
            cert = f"{up.cert_prefix}{{year}}-{prefix}{n:05d}"
        return up.name, up.uscc, cert

    # ---------------------------------------------------------------- authorisations
    def authorisations(self, n: int, chunk: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
        rng = self._rng("authorisations")
        forms, f_cum = _weighted((("legal_verification", 40), ("public_standard", 30), ("special", 20),
                                  ("internal", 10)))
        legal_items = [i for i in cat.AUTH_ITEMS if i.legal]
        standard_items = self._standard_items()
        serials: dict[tuple[str, int, bool], int] = {}
        done = 0
        while done < n:
            size = min(chunk, n - done)
            rows: list[dict[str, Any]] = []
            items: list[dict[str, Any]] = []
            audits: list[dict[str, Any]] = []
            for idx in range(size):
                form = _pick(rng, forms, f_cum)
                issued = self.today - dt.timedelta(days=rng.randint(10, 365 * AUTHORISATION_VALIDITY_YEARS + 50))
                valid_until = _valid_until(issued, AUTHORISATION_VALIDITY_YEARS)
                infix = cat.AUTH_FORMS_ZH[form][0]
                national = form in ("legal_verification", "special") and rng.random() < 0.15
                authority = cat.NATIONAL_AUTHORITY if national else self.bureau
                issuer = "国" if national else self.abbr  # the number names who authorised
                # one series per issuer and year; the legal verification numbers run apart, 5 digits
                key = (issuer, issued.year, form == "legal_verification")
                serials[key] = serials.get(key, 0) + rng.randint(1, 9)
                if form == "legal_verification":  # e.g. (沪)法计(2022)01001号
                    cert = f"({issuer}){infix}({issued.year}){1000 + serials[key]:05d}号"
                else:  # e.g. (沪)法计(2022)006号
                    cert = f"({issuer}){infix}({issued.year}){serials[key]:03d}号"
                if valid_until < self.today:
                    status = "expired"
                elif rng.random() < 0.03:
                    status = "suspended"
                else:
                    status = "valid"
                pool: Sequence[Any] = (standard_items if form == "public_standard"
                                       else legal_items if form in ("legal_verification", "internal")
                                       else cat.AUTH_ITEMS)
                chosen = _sample_in_order(rng, pool, 3, 15)
                row = {
                    "uid": _uid(rng),
                    "institute_id": self.own_id,
                    "certificate_no": cert,
                    "form": form,
                    "authority": authority,
                    "issued_on": issued,
                    "valid_until": valid_until,
                    "status": status,
                    "notes": None,
                    "created_at": self.now,
                    "updated_at": self.now,
                }
                rows.append(row)
                for pos, item in enumerate(chosen):
                    items.append(_auth_item(idx, pos, item))
                audits.append(_audit_authorisation(row, len(chosen)))
            done += size
            yield done, (rows, items, audits)

    def _standard_items(self) -> list[cat.AuthItemTemplate]:
        """Items of a public-standard authorisation: the standards themselves, as certified."""
        out: list[cat.AuthItemTemplate] = []
        for v in self.variants:
            if not v.code_temporary:
                out.append(cat.AuthItemTemplate(v.name, v.range_text, v.template.quantity, v.accuracy_text,
                                                v.template.services[0].procedure, legal=False))
        return out

    # ---------------------------------------------------------------- staff
    def staff(self, roster: list[_Person], chunk: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
        rng = self._rng("staff")
        prov_code = {"上海": "31", "江苏": "32", "浙江": "33", "安徽": "34"}[self.province]
        first_kinds, fk_cum = _weighted((("registered_2", 60), ("registered_1", 15), ("item_cert", 25)))
        serials: dict[tuple[str, int], int] = {}
        done = 0
        for start in range(0, len(roster), chunk):
            rows: list[dict[str, Any]] = []
            creds: list[dict[str, Any]] = []
            cred_items: list[dict[str, Any]] = []
            audits: list[dict[str, Any]] = []
            for idx, person in enumerate(roster[start : start + chunk]):
                row = {
                    "uid": _uid(rng),
                    "institute_id": self.own_id,
                    "name": person.name,
                    "department": person.department,
                    "title": person.title,
                    "phone": None,
                    "id_number": None,
                    "status": "active",
                    "created_at": self.now,
                    "updated_at": self.now,
                }
                rows.append(row)
                kinds = [_pick(rng, first_kinds, fk_cum)]
                if rng.random() < 0.3:  # a second credential: an old verifier certificate, or the other kind
                    kinds.append(rng.choice(("verifier", "item_cert")) if kinds[0].startswith("registered")
                                 else rng.choice(("verifier", "registered_2")))
                items_pool = self.departments[person.department][1]
                for pos, kind in enumerate(kinds):
                    creds.append(self._credential(rng, idx, pos, kind, prov_code, serials))
                    cred_index = len(creds) - 1
                    for ipos, (name, disc) in enumerate(_sample_in_order(rng, items_pool, 1, 5)):
                        cred_items.append({"credential_id": cred_index, "position": ipos, "name": name,
                                           "discipline": disc})
                audits.append(_audit_staff(row, kinds))
            done += len(rows)
            yield done, (rows, creds, cred_items, audits)

    def _credential(self, rng: random.Random, staff_idx: int, position: int, kind: str, prov_code: str,
                    serials: dict[tuple[str, int], int]) -> dict[str, Any]:
        issued = self.today - dt.timedelta(days=rng.randint(20, 365 * REGISTRATION_VALIDITY_YEARS + 40))
        if kind == "verifier":  # issued before the licensing was abolished, lapsed since
            issued = min(issued, VERIFIER_CERTIFICATES_UNTIL - dt.timedelta(days=rng.randint(0, 4 * 365)))
        year = issued.year
        serials[(kind, year)] = serials.get((kind, year), 0) + rng.randint(1, 40)
        n = serials[(kind, year)]
        if kind == "registered_1":
            number = f"JL1-{year}-{n:06d}"  # 一级: registered nationally
        elif kind == "registered_2":
            number = f"JL2-{prov_code}-{year}-{n:05d}"
        elif kind == "verifier":
            number = f"[{year}]{self.abbr}计检证字第{n:05d}号"  # 计量检定员证
        else:
            number = f"{self.abbr}计项考字({year}){n:05d}号"
        registration = None
        if kind.startswith("registered"):
            registration = ("initial", "renewal", "change")[bisect((0.55, 0.9), rng.random())]
        return {
            "staff_id": staff_idx,
            "position": position,
            "kind": kind,
            "certificate_no": number,
            "registration": registration,
            "issued_on": issued,
            "valid_until": _valid_until(issued, REGISTRATION_VALIDITY_YEARS),
        }


#: Pinyin initials of the disciplines, as certificate numbers use them.
_DISCIPLINE_PREFIX = {"01": "CD", "04": "RG", "12": "LX", "15": "DX", "23": "WX", "25": "SP", "28": "GX", "33": "SX",
               "37": "DL", "46": "HX", "55": "RG", "61": "LX"}


def _auth_item(auth_idx: int, position: int, item: cat.AuthItemTemplate) -> dict[str, Any]:
    rng = _item_range(item.range_text, item.quantity)
    return {
        "authorisation_id": auth_idx,
        "position": position,
        "name": item.name,
        "range_text": item.range_text,
        "quantity": rng.quantity if rng else None,
        "range_min": rng.min if rng else None,
        "range_max": rng.max if rng else None,
        "unit": rng.unit if rng else None,
        "accuracy_text": item.accuracy_text,
        "procedure": item.procedure,
    }


_ITEM_RANGES: dict[tuple[str | None, str | None], MeasuredRange | None] = {}


def _item_range(text: str | None, quantity: str | None) -> MeasuredRange | None:
    key = (text, quantity)
    if key not in _ITEM_RANGES:
        _ITEM_RANGES[key] = parse_range(text, quantity) if text else None
    return _ITEM_RANGES[key]


def _audit_standard(row: dict[str, Any], instruments: int, services: int) -> dict[str, Any]:
    return {
        "action": "create",
        "entity": "standard",
        "uid": row["uid"],
        "label": row["certificate_no"],
        "after": {
            "name": row["name"],
            "code": row["code"],
            "certificate_no": row["certificate_no"],
            "grade": row["grade"],
            "valid_until": row["valid_until"].isoformat(),
            "status": row["status"],
            "range": row["range_text"],
            "accuracy": row["accuracy_text"],
            "instruments": instruments,
            "services": services,
        },
    }


def _audit_authorisation(row: dict[str, Any], items: int) -> dict[str, Any]:
    return {
        "action": "create",
        "entity": "authorisation",
        "uid": row["uid"],
        "label": row["certificate_no"],
        "after": {
            "certificate_no": row["certificate_no"],
            "form": row["form"],
            "authority": row["authority"],
            "valid_until": row["valid_until"].isoformat(),
            "status": row["status"],
            "items": items,
        },
    }


def _audit_staff(row: dict[str, Any], kinds: list[str]) -> dict[str, Any]:
    return {
        "action": "create",
        "entity": "staff",
        "uid": row["uid"],
        "label": row["name"],
        "after": {"name": row["name"], "department": row["department"], "title": row["title"],
                  "credentials": kinds},
    }


__all__ = ["CHUNK", "DemoSummary", "counts_for", "populate_demo"]
