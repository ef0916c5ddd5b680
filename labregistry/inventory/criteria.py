"""What a regional search asks for: raw inputs (CLI flags, form fields) to normalised criteria.

:func:`build_criteria` takes what a user typed and returns :class:`Criteria`, or raises a
:class:`DomainError` saying which input is wrong and why. Normalisation:

* quantity: a name or a label in either language (``压力``, ``pressure``); with ``unit`` it
  may be left out (the unit says it);
* ``low``/``high`` with ``unit``: converted to the quantity's canonical unit with the domain's
  unit library, offsets included (20 ℃ -> 293.15 K), so 0.5 MPa compares with a range
  written in kPa. Without a unit they are read in the canonical unit;
* maximum uncertainty: ``0.05%``, ``5×10⁻⁴``, ``1ppm`` (relative) or ``0.5℃``, ``0.02 MPa``
  (absolute, converted as a difference: 0.5 ℃ = 0.5 K);
* provinces: keys, labels or short forms (``JS``, ``苏``, ``江苏省``), several at once;
  cities without the trailing 市;
* code: a JJF 1022 code prefix (``12``, ``1211``, ``12113100``); discipline: a two-digit
  code or its name (``力学``, ``mechanics``);
* dates in any spelling the domain accepts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from labregistry import i18n
from labregistry.domain.codes import DISCIPLINES
from labregistry.domain.dates import parse_date
from labregistry.domain.quantities import (
    KINDS,
    QUANTITY_NAMES,
    RangeParseError,
    fits_quantity,
    lookup_unit,
    parse_span,
    quantity_key,
)
from labregistry.domain.records import AUTH_FORMS, CREDENTIAL_KINDS, GRADES, PROVINCES
from labregistry.domain.text import normalise
from labregistry.errors import DomainError
from labregistry.inventory.comparability import Limit
from labregistry.inventory.textindex import split_terms

SEARCH_KINDS = ("standards", "authorisations", "staff")

_KIND_ZH = {"standards": "计量标准", "authorisations": "授权项目", "staff": "人员"}
_KIND_EN = {"standards": "measurement standards", "authorisations": "authorised items", "staff": "people"}

CRITERION_LABELS: dict[str, tuple[str, str]] = {
    "low": ("所需测量范围的下限", "the lower limit of the required range"),
    "high": ("所需测量范围的上限", "the upper limit of the required range"),
    "range": ("所需测量范围", "the required range"),
    "quantity_or_unit": ("量或单位", "a quantity or a unit"),
    "unit": ("单位", "the unit"),
    "max_uncertainty": ("不确定度上限", "the maximum uncertainty"),
    "code": ("计量标准代码", "the standard code"),
    "grade": ("计量标准类别", "the grade of standard"),
    "form": ("授权形式", "the form of authorisation"),
    "credentials": ("证书类别", "the credential"),
    "recognised": ("本机构互认的范围", "recognised by the own institute"),
}
"""How messages name a search input: words that fit a form field and a command-line option
alike (the CLI adds its option with :func:`naming_options`)."""

_SLOTS = ("criterion", "other")


def _named(**slots: str) -> dict[str, Any]:
    """Message params naming criteria: ``criterion="low"`` -> criterion, criterion_zh, criterion_en."""
    params: dict[str, Any] = {}
    for slot, key in slots.items():
        zh, en = CRITERION_LABELS[key]
        params.update({slot: key, f"{slot}_zh": zh, f"{slot}_en": en})
    return params


def naming_options(exc: DomainError, options: dict[str, str]) -> DomainError:
    """``exc`` with each search input it names followed by the option that gives it, e.g.
    "所需测量范围的下限（--min）" for the command line; an error naming none is returned as is."""
    params = dict(exc.params)
    changed = False
    for slot in _SLOTS:
        option = options.get(str(params.get(slot)))
        if option is None or f"{slot}_zh" not in params:
            continue
        params[f"{slot}_zh"] = f"{params[f'{slot}_zh']}（{option}）"
        params[f"{slot}_en"] = f"{params[f'{slot}_en']} ({option})"
        changed = True
    return DomainError(exc.code, exc.issues, **params) if changed else exc


@dataclass(frozen=True)
class Criteria:
    """A normalised search. Empty fields do not filter."""

    kind: str = "standards"
    text: str = ""
    terms: tuple[str, ...] = ()
    quantity: str | None = None
    low: float | None = None  # canonical unit of ``quantity``
    high: float | None = None
    unit: str | None = None  # the canonical unit (what low/high are in)
    given_unit: str | None = None  # the unit the user wrote, for display
    max_uncertainty: Limit | None = None
    comparable_only: bool = False
    provinces: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    code_prefix: str | None = None
    valid_on: dt.date | None = None
    institute_uscc: str | None = None
    own_only: bool = False
    recognised_by_own: bool = False  # standards the own institute's decisions in force cover
    grade: str | None = None
    form: str | None = None
    credential_kinds: tuple[str, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def has_range(self) -> bool:
        return self.low is not None or self.high is not None

    def range_text(self) -> str:
        """The searched range in the unit the user wrote (0 ~ 6 MPa), else the canonical one."""
        low, high, unit = self.low, self.high, self.unit
        info = lookup_unit(self.given_unit) if self.given_unit else None
        if info is not None and info.scale:
            low, high = (_given(v, info.scale, info.offset) for v in (self.low, self.high))
            unit = self.given_unit
        return f"{_fmt(low)} ~ {_fmt(high)} {unit or ''}".strip()

    @property
    def on(self) -> dt.date:
        """The date validity is judged on: ``valid_on``, else today (for ranking only)."""
        return self.valid_on or self.today

    def describe(self) -> list[tuple[i18n.Label, str | i18n.Label]]:
        """(label, value) pairs of what was asked, for reports and headers: the labels (and
        the words among the values) in both languages, shown in the reader's."""
        both = i18n.Label
        kinds = {"standards": "计量标准", "authorisations": "授权项目", "staff": "人员"}
        out: list[tuple[i18n.Label, str | i18n.Label]] = [(both("检索", "kind"), both(kinds[self.kind], self.kind))]
        if self.text:
            out.append((both("关键词", "text"), self.text))
        if self.quantity:
            names = QUANTITY_NAMES.get(self.quantity, (self.quantity, self.quantity))
            out.append((both("量", "quantity"), both(*names)))
        if self.has_range:
            out.append((both("测量范围", "range"), self.range_text()))
        if self.max_uncertainty:
            out.append((both("不确定度上限", "max uncertainty"), self.max_uncertainty.text))
        if self.provinces:
            out.append((both("省份", "provinces"), "、".join(self.provinces)))
        if self.cities:
            out.append((both("城市", "cities"), "、".join(self.cities)))
        if self.code_prefix:
            out.append((both("代码", "code"), self.code_prefix))
        if self.valid_on:
            out.append((both("有效日期", "valid on"), self.valid_on.isoformat()))
        if self.institute_uscc:
            out.append((both("机构", "institute"), self.institute_uscc))
        if self.recognised_by_own:
            out.append((both("互认", "recognition"), both("本机构已认可", "recognised by the own institute")))
        if self.grade:
            out.append((both("计量标准类别", "grade"), self.grade))
        if self.form:
            out.append((both("授权形式", "form"), self.form))
        if self.credential_kinds:
            out.append((both("证书", "credentials"), ", ".join(self.credential_kinds)))
        return out


def _given(canonical: float | None, scale: float, offset: float) -> float | None:
    """A canonical value back in the unit the user wrote (12 significant digits)."""
    return None if canonical is None else float(f"{(canonical - offset) / scale:.12g}")


def _fmt(value: float | None) -> str:
    """A number as a person writes it: 6000000, 0.0001, 1.5 (never 6e+06)."""
    if value is None:
        return ""
    text = f"{value:.12f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _number(value: object, criterion: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return float(normalise(str(value)).replace(",", ""))
    except ValueError:
        raise DomainError("search.number", value=value, **_named(criterion=criterion)) from None


def _split_many(values: Iterable[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in re.split(r"[,，、;；\s]+", normalise(str(v))) if p.strip())
    return out


def parse_quantity(text: str) -> str:
    key = quantity_key(text)
    if key is None:
        known = ", ".join(f"{k}/{zh}" for k, zh in _quantities_like(text))
        raise DomainError("search.quantity_unknown", quantity=text, known=known)
    return key


def _quantities_like(text: str) -> list[tuple[str, str]]:
    """The quantities whose name holds ``text`` (湿度: 相对湿度; 浓度: both concentrations), else
    every quantity: a refusal names the one meant, never only the first few of the list."""
    every = [(k, zh) for k, (zh, _en) in QUANTITY_NAMES.items()]
    wanted = normalise(text).strip().lower()
    near = [(k, zh) for k, zh in every
            if wanted and (wanted in zh.lower() or wanted in k or wanted in QUANTITY_NAMES[k][1].lower())]
    return near or every


def parse_limit(text: str, unit: str | None = None, quantity: str | None = None) -> Limit:
    """A maximum uncertainty: relative (a fraction) or absolute (canonical unit, as a difference)."""
    raw = str(text)
    s = normalise(raw).strip()
    s = re.sub(r"^(?:U_?rel|Ur|U|MPE)\s*[=:]\s*", "", s, flags=re.IGNORECASE).lstrip("±").strip()
    try:
        info, low, high = parse_span(s, delta=True)
    except (RangeParseError, DomainError, ValueError):
        raise DomainError("search.uncertainty_unparseable", value=raw) from None
    value = max(abs(low), abs(high))
    if info is None:
        if re.search(r"[eE×xX*·^]", s):
            return Limit(value, True, None, raw)
        if unit:
            info = lookup_unit(unit)
            if info is None:
                raise DomainError("search.unit_unknown", unit=unit)
            value = info.convert(value, True)
        else:
            raise DomainError("search.uncertainty_no_unit", value=raw,
                              **_named(criterion="max_uncertainty", other="unit"))
    if info.quantity == "dimensionless" and info.dims is not None:
        return Limit(value, True, None, raw)
    if quantity is not None and not fits_quantity(info, quantity):
        zh, en = QUANTITY_NAMES.get(quantity, (quantity, quantity))
        raise DomainError("search.unit_quantity", unit=raw, quantity_zh=zh, quantity_en=en)
    return Limit(value, False, info.unit, raw)


def parse_code(code: str | None, discipline: str | None) -> str | None:
    prefix = None
    if code:
        prefix = normalise(str(code)).replace(" ", "")
        if not re.fullmatch(r"\d{1,8}", prefix):
            raise DomainError("search.code_format", prefix=code)
    if discipline:
        d = normalise(str(discipline)).strip()
        disc = d if d in DISCIPLINES else next(
            (k for k, (zh, en) in DISCIPLINES.items() if d in (zh, en.lower(), en) or d.lower() == en.lower()), None)
        if disc is None:
            known = ", ".join(f"{k} {zh}" for k, (zh, _en) in DISCIPLINES.items())
            raise DomainError("search.discipline_unknown", discipline=discipline, known=known)
        if prefix and not (prefix.startswith(disc) or disc.startswith(prefix)):
            raise DomainError("search.code_discipline", prefix=prefix, discipline=disc)
        prefix = prefix if prefix and len(prefix) > len(disc) else disc
    return prefix


def build_criteria(
    *,
    kind: str = "standards",
    text: str | None = None,
    quantity: str | None = None,
    low: object = None,
    high: object = None,
    unit: str | None = None,
    max_uncertainty: str | None = None,
    comparable_only: bool = False,
    provinces: Iterable[str] | str | None = None,
    cities: Iterable[str] | str | None = None,
    code: str | None = None,
    discipline: str | None = None,
    valid_on: object = None,
    institute_uscc: str | None = None,
    own_only: bool = False,
    recognised_by_own: bool = False,
    grade: str | None = None,
    form: str | None = None,
    credentials: Iterable[str] | str | None = None,
    today: dt.date | None = None,
) -> Criteria:
    """Check and normalise raw search inputs; DomainError names the first wrong one."""
    if kind not in SEARCH_KINDS:
        raise DomainError("search.kind_unknown", kind=kind)
    text = " ".join((text or "").split())  # kept as typed: the index holds the records as typed
    q = parse_quantity(quantity) if quantity else None
    given_unit = normalise(unit).strip() if unit else None
    lo, hi = _number(low, "low"), _number(high, "high")
    canonical_unit: str | None = None
    if given_unit:
        info = lookup_unit(given_unit)
        if info is None:
            raise DomainError("search.unit_unknown", unit=unit)
        if q is None:
            q = info.quantity
        elif not fits_quantity(info, q):
            zh, en = QUANTITY_NAMES.get(q, (q, q))
            raise DomainError("search.unit_quantity", unit=unit, quantity_zh=zh, quantity_en=en)
        canonical_unit = KINDS[q].unit if q in KINDS else info.unit
        lo = info.convert(lo) if lo is not None else None
        hi = info.convert(hi) if hi is not None else None
    elif q is not None:
        canonical_unit = KINDS[q].unit
    elif lo is not None or hi is not None:
        raise DomainError("search.range_needs_quantity", **_named(criterion="range", other="quantity_or_unit"))
    if lo is not None and hi is not None and lo > hi:
        raise DomainError("search.min_gt_max", low=low, high=high)
    limit = parse_limit(max_uncertainty, given_unit, q) if max_uncertainty else None

    province_keys: list[str] = []
    for p in _split_many(provinces):
        key = PROVINCES.parse(p)
        if key is None:
            raise DomainError("search.province_unknown", province=p)
        if key not in province_keys:
            province_keys.append(key)
    city_names = [re.sub(r"市$", "", c) for c in _split_many(cities)]

    grade_key = None
    if grade:
        grade_key = GRADES.parse(grade)
        if grade_key is None:
            raise DomainError("search.grade_unknown", grade=grade)
    form_key = None
    if form:
        form_key = AUTH_FORMS.parse(form)
        if form_key is None:
            raise DomainError("search.form_unknown", form=form)
    cred_keys: list[str] = []
    for c in _split_many(credentials):
        if c.lower() in ("registered", "注册计量师"):
            cred_keys.extend(k for k in ("registered_1", "registered_2") if k not in cred_keys)
            continue
        key = CREDENTIAL_KINDS.parse(c)
        if key is None:
            raise DomainError("search.credential_unknown", credential=c)
        if key not in cred_keys:
            cred_keys.append(key)

    prefix = parse_code(code, discipline)
    _check_applicable(kind, code=prefix, limit=limit, grade=grade_key, form=form_key, recognised=recognised_by_own,
                      credentials=cred_keys, range=lo is not None or hi is not None)
    return Criteria(
        kind=kind, text=text, terms=tuple(split_terms(text)), quantity=q, low=lo, high=hi, unit=canonical_unit,
        given_unit=given_unit, max_uncertainty=limit, comparable_only=comparable_only,
        provinces=tuple(province_keys), cities=tuple(city_names), code_prefix=prefix,
        valid_on=parse_date(valid_on, "valid_on") if valid_on not in (None, "") else None,
        institute_uscc=institute_uscc.strip().upper() if institute_uscc else None, own_only=own_only,
        recognised_by_own=recognised_by_own,
        grade=grade_key, form=form_key, credential_kinds=tuple(cred_keys), today=today or dt.date.today(),
    )


def _check_applicable(kind: str, **given: object) -> None:
    allowed = {
        "standards": {"code", "limit", "grade", "range", "recognised"},
        "authorisations": {"form", "range"},
        "staff": {"credentials", "code"},
    }[kind]
    criteria = {"limit": "max_uncertainty"}
    for key, value in given.items():
        if value and key not in allowed:
            raise DomainError("search.not_for_kind", kind=kind, kind_zh=_KIND_ZH[kind], kind_en=_KIND_EN[kind],
                              **_named(criterion=criteria.get(key, key)))
