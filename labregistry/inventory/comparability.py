"""When two accuracy statements can be compared, and what figure compares them.

A standard states its accuracy as ONE of (JJF 1033-2023): an uncertainty (U absolute, or
Urel relative), an accuracy class, or a maximum permissible error (MPE, absolute or
relative). The registry keeps a normalised value for each (relative: a fraction;
absolute: the canonical unit of the range's quantity). The rules:

* relative against relative: Urel, a relative MPE and a numeric accuracy class compare
  as fractions. A class "0.05级" is read as ±0.05 % of span (what a class means for
  pressure gauges, electrical indicating instruments, transmitters ...), so it counts as
  0.0005; an MPE is compared as the bound it is. The figure says which reading was used
  (``basis``: ``uncertainty`` / ``mpe`` / ``class``), so a user can tell an uncertainty
  from a bound.
* absolute against absolute: only in the same canonical unit (so the same quantity):
  0.5 ℃ and 0.5 K compare; 2 μm and 0.5 K do not.
* absolute against relative: NOT comparable. Converting would need the point of the range
  the figure applies to, which the statement does not give.
* grades and named classes (二等, E2, A级) have no number: comparable only with the same
  family (一等 < 二等 < 三等; E1 < E2 < F1 < F2 < M1 < M2 < M3; A < B < C < D), and only in
  recognition (a search limit is a number). Formulas (U = 2 μm + 2×10⁻⁶ L) are never
  comparable.

``search`` uses :func:`sql_figure` (the same rules, as SQL) to filter and rank, and
:func:`against_limit` to explain each row; ``recognition`` uses :func:`relation`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, and_, case, cast, func, literal, null, or_
from sqlalchemy.sql.elements import ColumnElement

from labregistry import i18n

i18n.register(
    {
        "cmp.uncertainty": {"zh": "不确定度与限值直接比较", "en": "uncertainty compared with the limit"},
        "cmp.mpe": {"zh": "以最大允许误差作为界限比较", "en": "maximum permissible error compared as a bound"},
        "cmp.class": {"zh": "准确度等级按量程的百分数比较（{cls}级 = {pct}%）",
                      "en": "accuracy class read as % of span (class {cls} = {pct} %)"},
        "cmp.absolute_vs_relative": {"zh": "不可比：绝对值与相对限值不能直接比较",
                                     "en": "not comparable: an absolute value against a relative limit"},
        "cmp.relative_vs_absolute": {"zh": "不可比：相对值与绝对限值不能直接比较",
                                     "en": "not comparable: a relative value against an absolute limit"},
        "cmp.unit": {"zh": "不可比：单位（量）不同", "en": "not comparable: a different unit (quantity)"},
        "cmp.no_value": {"zh": "不可比：以等级或公式表示，没有数值",
                         "en": "not comparable: a grade or a formula, no numeric value"},
        "cmp.none": {"zh": "不可比：未给出准确度", "en": "not comparable: no accuracy given"},
    }
)

_NUMERIC_CLASS = re.compile(r"^\d+(?:\.\d+)?$")
_GRADE_FAMILIES = (
    {f"{d}等": i for i, d in enumerate("一二三四五六", 1)},
    {c: i for i, c in enumerate(("E1", "E2", "F1", "F2", "M1", "M2", "M3"), 1)},
    {c: i for i, c in enumerate("ABCD", 1)},
)


def class_fraction(accuracy_class: str | None) -> float | None:
    """``"0.05"`` (0.05级) -> 0.0005; grades and named classes -> None."""
    if accuracy_class and _NUMERIC_CLASS.match(accuracy_class):
        return float(accuracy_class) / 100
    return None


@dataclass(frozen=True)
class Figure:
    """The number an accuracy statement compares by."""

    value: float
    relative: bool
    unit: str | None  # canonical unit of an absolute figure
    basis: str  # uncertainty / mpe / class


def figure_of(kind: str | None, value: float | None, relative: bool | None, accuracy_class: str | None,
              unit: str | None) -> Figure | None:
    """The comparable figure of a stored accuracy (None for grades, formulas, nothing)."""
    if kind == "class":
        frac = class_fraction(accuracy_class)
        return Figure(frac, True, None, "class") if frac is not None else None
    if value is None or kind is None:
        return None
    basis = "mpe" if kind == "MPE" else "uncertainty"
    if relative:
        return Figure(value, True, None, basis)
    return Figure(value, False, unit, basis)


@dataclass(frozen=True)
class Limit:
    """A required maximum uncertainty: a fraction (relative) or a value in a canonical unit."""

    value: float
    relative: bool
    unit: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Verdict:
    comparable: bool
    figure: float | None
    reason: str  # uncertainty / mpe / class / absolute_vs_relative / relative_vs_absolute / unit / no_value / none
    params: dict[str, Any]

    def note(self, lang: str | None = None) -> str:
        return i18n.tr(f"cmp.{self.reason}", lang, **self.params)


def against_limit(row: dict[str, Any], limit: Limit) -> Verdict:
    """Whether a standard's accuracy (a row with the accuracy_* columns) compares with ``limit``."""
    kind, cls = row.get("accuracy_kind"), row.get("accuracy_class")
    fig = figure_of(kind, row.get("accuracy_value"), row.get("accuracy_relative"), cls, row.get("unit"))
    if fig is None:
        return Verdict(False, None, "none" if not kind else "no_value", {})
    if fig.relative != limit.relative:
        return Verdict(False, None, "absolute_vs_relative" if limit.relative else "relative_vs_absolute", {})
    if not fig.relative and fig.unit != limit.unit:
        return Verdict(False, None, "unit", {})
    params = {"cls": cls, "pct": f"{fig.value * 100:g}"} if fig.basis == "class" else {}
    return Verdict(True, fig.value, fig.basis, params)


def sql_figure(c: Any, limit: Limit | None, dialect: str) -> ColumnElement[Any]:
    """:func:`against_limit`'s figure as SQL over standard columns ``c`` (NULL: not comparable).

    Without a limit: a figure to rank by accuracy - relative figures as they are, absolute
    ones divided by the range's largest magnitude (a fraction of full scale; for ranking
    only, never to filter).
    """
    is_numeric_class = (
        and_(c.accuracy_class.op("GLOB")("[0-9]*"), c.accuracy_class.op("NOT GLOB")("*[^0-9.]*"))
        if dialect == "sqlite"
        else c.accuracy_class.op("~")(r"^[0-9]+(\.[0-9]+)?$")
    )
    class_value = cast(c.accuracy_class, Float) / 100.0
    relative = and_(c.accuracy_kind != "class", c.accuracy_relative.is_(True), c.accuracy_value.is_not(None))
    absolute = and_(c.accuracy_kind != "class", c.accuracy_relative.is_not(True), c.accuracy_value.is_not(None))
    klass = and_(c.accuracy_kind == "class", is_numeric_class)
    if limit is not None and limit.relative:
        return case((relative, c.accuracy_value), (klass, class_value), else_=null())
    if limit is not None:
        return case((and_(absolute, c.unit == literal(limit.unit)), c.accuracy_value), else_=null())
    magnitude = case((func.abs(c.range_max) >= func.abs(c.range_min), func.abs(c.range_max)),
                     else_=func.abs(c.range_min))
    return case(
        (relative, c.accuracy_value),
        (klass, class_value),
        (and_(absolute, or_(c.range_max != 0, c.range_min != 0)), c.accuracy_value / magnitude),
        else_=null(),
    )


def row_figure(c: Any, limit: Limit | None, low: float | None, high: float | None) -> ColumnElement[Any]:
    """:func:`labregistry.domain.comparison.judge`'s figure as SQL over capability columns ``c``
    (their error terms ``a + b·|x| + c·span``); NULL: not comparable.

    The requested ends are constants here, so the worst end is chosen in Python: against an
    absolute limit the end farthest from zero, against a relative one (or to rank) the
    nonzero end nearest to zero. Without a requested range, the row's own ends."""
    a, b, k = c.error_constant, c.error_of_reading, c.error_of_span
    span = c.range_max - c.range_min
    ends = [x for x in (low if low is not None else high, high if high is not None else low) if x is not None]
    if limit is not None and not limit.relative:
        far: Any = max(abs(x) for x in ends) if ends else _larger(func.abs(c.range_min), func.abs(c.range_max))
        return case((c.unit == literal(limit.unit), a + b * far + k * span), else_=null())
    if ends:
        nonzero = [abs(x) for x in ends if x]
        if not nonzero:
            return null()
        at_nearest: ColumnElement[Any] = (a + k * span) / literal(min(nonzero)) + b
        return at_nearest
    near = case((c.range_min == 0, func.abs(c.range_max)), (c.range_max == 0, func.abs(c.range_min)),
                else_=_smaller(func.abs(c.range_min), func.abs(c.range_max)))
    own_ends: ColumnElement[Any] = (a + k * span) / func.nullif(near, 0) + b
    return own_ends


def _larger(x: Any, y: Any) -> Any:
    return case((x >= y, x), else_=y)


def _smaller(x: Any, y: Any) -> Any:
    return case((x <= y, x), else_=y)


def _grade_rank(accuracy_class: str | None) -> tuple[int, int] | None:
    if not accuracy_class:
        return None
    for family, ranks in enumerate(_GRADE_FAMILIES):
        if accuracy_class in ranks:
            return family, ranks[accuracy_class]
    return None


def relation(candidate: dict[str, Any], reference: dict[str, Any], tolerance: float = 1e-9) -> str:
    """How ``candidate``'s accuracy relates to ``reference``'s: better / equal / worse / not_comparable."""
    a = figure_of(candidate.get("accuracy_kind"), candidate.get("accuracy_value"),
                  candidate.get("accuracy_relative"), candidate.get("accuracy_class"), candidate.get("unit"))
    b = figure_of(reference.get("accuracy_kind"), reference.get("accuracy_value"),
                  reference.get("accuracy_relative"), reference.get("accuracy_class"), reference.get("unit"))
    if a is not None and b is not None:
        if a.relative != b.relative or (not a.relative and a.unit != b.unit):
            return "not_comparable"
        return _order(a.value, b.value, tolerance)
    ga, gb = _grade_rank(candidate.get("accuracy_class")), _grade_rank(reference.get("accuracy_class"))
    if ga is not None and gb is not None and ga[0] == gb[0]:
        return _order(ga[1], gb[1], 0)
    return "not_comparable"


def _order(a: float, b: float, tolerance: float) -> str:
    if abs(a - b) <= tolerance * max(abs(a), abs(b)):
        return "equal"
    return "better" if a < b else "worse"
