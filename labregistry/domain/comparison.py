"""Honest comparison of a capability with a requirement "range A-B at accuracy X".

A row (a range and its accuracy, see :mod:`labregistry.domain.errormodel`) meets the
requirement only when it covers A-B and its error, evaluated at the requested values, is
within X. The rules (docs/comparison.md says them for users):

* the requested values are the ends of A-B (the row's own range when no range is asked).
  Every comparable form is ``e(x) = a + b·|x| + c·span``, so its worst absolute error over
  A-B is at the end farthest from zero and its worst error relative to the value at the
  end nearest to zero: the ends decide for every value between them;
* an absolute limit (0.003 MPa) is compared with the largest error over A-B, in the same
  quantity only;
* a relative limit (0.05 %) is compared with the error over the value at each requested
  value but zero (relative to zero means nothing: "0-6 MPa at 0.05 %" is judged at 6 MPa);
* the result names its basis: the row's figure is an uncertainty, an MPE (a bound) or a
  class (a fiducial error of the span); when the requirement names another form ("U=0.05%"
  against an MPE), the verdict says that it compared one with the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from labregistry import i18n
from labregistry.domain.errormodel import ErrorModel, NotComparable
from labregistry.domain.quantities import MeasuredRange, lookup_unit
from labregistry.domain.text import figure

_EPS = 1e-9


@dataclass(frozen=True)
class Requirement:
    """Values ``low``-``high`` (canonical unit; None: the row's own range) at ``limit`` or better.

    ``limit`` is a fraction when ``relative``, else a value in the canonical ``unit``; None
    asks for the figure alone (to rank). ``form`` is what the user's figure is, when the
    user said it (``uncertainty`` / ``mpe``)."""

    low: float | None = None
    high: float | None = None
    limit: float | None = None
    relative: bool = True
    unit: str | None = None
    form: str | None = None


@dataclass(frozen=True)
class Point:
    """The error ``error`` at the value ``value``, both in the range's canonical unit."""

    value: float
    error: float

    @property
    def relative(self) -> float | None:
        return self.error / abs(self.value) if self.value else None


@dataclass(frozen=True)
class Judgement:
    """How a row compares with a requirement; ``reason`` is its basis or why it is not comparable."""

    comparable: bool
    covers: bool
    met: bool | None  # None: not comparable, or no limit asked
    reason: str
    worst: Point | None = None
    figure: float | None = None  # a fraction (relative limit, or none) or a canonical value
    params: dict[str, Any] = field(default_factory=dict)

    def note(self, display_unit: str | None = None) -> Note:
        """The basis and the error at the requested range, for the edge to render (issue 17):
        e.g. "按准确度等级比较（0.05级 = 量程的 0.05%）；在 6 MPa 处为 ±0.03 MPa（0.5%）", the error
        shown in ``display_unit`` when it is the range's unit in another scale."""
        return Note(self, display_unit)


@dataclass(frozen=True)
class Note:
    """A :class:`Judgement`'s note: what the edge renders in the user's language (a search's
    row, a recognition's). Its parts join with the language's own separator, so it is a
    message type of its own rather than one catalogue entry."""

    judgement: Judgement
    display_unit: str | None = None

    def render(self, lang: str | None = None) -> str:
        j = self.judgement
        if not j.comparable:
            text = i18n.tr(f"compare.{j.reason}", lang)
        else:
            text = i18n.tr(f"compare.basis.{j.reason}", lang, **j.params)
            if j.worst is not None:
                text += self._sep(lang) + self._at(j.worst, j.params.get("unit"), lang)
            if j.params.get("wanted"):
                text += self._sep(lang) + self._cross(j.params["wanted"], j.reason, lang)
        if not j.covers:
            text = i18n.tr("compare.not_covered", lang) + self._sep(lang) + text
        return text

    @staticmethod
    def _sep(lang: str | None) -> str:
        return "; " if i18n.normalise_lang(lang or i18n.default_lang()) == "en" else "；"

    @staticmethod
    def _cross(wanted: str, basis: str, lang: str | None) -> str:
        return i18n.tr("compare.cross", lang,
                       wanted_zh=i18n.tr(f"compare.form.{wanted}", "zh"),
                       wanted_en=i18n.tr(f"compare.form.{wanted}", "en"),
                       basis_zh=i18n.tr(f"compare.form.{basis}", "zh"),
                       basis_en=i18n.tr(f"compare.form.{basis}", "en").removeprefix("an ").removeprefix("a "))

    def _at(self, point: Point, unit: str | None, lang: str | None) -> str:
        info = lookup_unit(self.display_unit) if self.display_unit else None
        shown_unit = self.display_unit if info is not None and info.unit == unit else unit
        scale, offset = (info.scale, info.offset) if info is not None and info.unit == unit else (1.0, 0.0)
        x = f"{figure((point.value - offset) / scale)} {shown_unit or ''}".strip()
        error = f"{figure(point.error / scale, 3)} {shown_unit or ''}".strip()
        if point.relative is None:
            return i18n.tr("compare.at_zero", lang, x=x, error=error)
        return i18n.tr("compare.at", lang, x=x, error=error, relative=f"{figure(point.relative * 100, 3)}%")


def judge(model: ErrorModel | NotComparable, rng: MeasuredRange, req: Requirement) -> Judgement:
    """Whether the row (``rng`` with its error ``model``) meets ``req``, and on what basis."""
    low = req.low if req.low is not None else req.high
    high = req.high if req.high is not None else req.low
    covers = True
    if low is None or high is None:
        low, high = rng.min, rng.max
    else:
        covers = rng.min <= low + abs(low) * _EPS and rng.max >= high - abs(high) * _EPS
    if isinstance(model, NotComparable):
        return Judgement(False, covers, None, model.reason)
    span = rng.max - rng.min
    points = [Point(x, model.error_at(x, span)) for x in dict.fromkeys((low, high))]
    params = _basis_params(model, rng)
    if req.form and req.form != model.basis:
        params["wanted"] = req.form
    if req.limit is not None and not req.relative:
        if req.unit != rng.unit:
            return Judgement(False, covers, None, "unit")
        worst = max(points, key=lambda p: p.error)
        met = covers and worst.error <= req.limit * (1 + _EPS)
        return Judgement(True, covers, met, model.basis, worst, worst.error, params)
    nonzero = [p for p in points if p.value]
    if not nonzero:
        return Judgement(False, covers, None, "at_zero_only")
    worst = max(nonzero, key=lambda p: p.relative or 0.0)
    figure = worst.relative
    within = None if req.limit is None else covers and figure is not None and figure <= req.limit * (1 + _EPS)
    return Judgement(True, covers, within, model.basis, worst, figure, params)


def relate(candidate: ErrorModel | NotComparable, candidate_range: MeasuredRange,
           reference: ErrorModel | NotComparable, reference_range: MeasuredRange,
           tolerance: float = 1e-9, over: tuple[float, float] | None = None) -> str:
    """How ``candidate``'s error compares with ``reference``'s over the reference's range (or
    over ``over``, a part of it both rows cover: :func:`covered_part`): better / equal / worse /
    not_comparable. Better means no larger at either end and smaller at one; an error larger
    at one end is worse, whatever it is at the other.

    The errors are compared at values the caller says both rows measure: a row's error
    evaluated outside its own range is a figure of nothing (a (-0.1~2.5) MPa row is not
    "better" at 60 MPa): over values outside the candidate's range the answer is
    not_comparable. A caller compares a candidate that covers a part only over that part, and
    says so (docs/comparison.md, *Row against row*)."""
    if isinstance(candidate, NotComparable) or isinstance(reference, NotComparable):
        return "not_comparable"
    if candidate_range.unit != reference_range.unit:
        return "not_comparable"
    c_span = candidate_range.max - candidate_range.min
    r_span = reference_range.max - reference_range.min
    low, high = over if over is not None else (reference_range.min, reference_range.max)
    if not covers(candidate_range, MeasuredRange("", reference_range.quantity, low, high, reference_range.unit)):
        return "not_comparable"  # never an error at values the candidate's row cannot measure
    pairs = [(candidate.error_at(x, c_span), reference.error_at(x, r_span)) for x in dict.fromkeys((low, high))]
    if any(c > r and not _close(c, r, tolerance) for c, r in pairs):
        return "worse"
    if all(_close(c, r, tolerance) for c, r in pairs):
        return "equal"
    return "better"


def covers(candidate_range: MeasuredRange, reference_range: MeasuredRange) -> bool:
    """Whether the candidate row measures every value of the reference row's range."""
    return (candidate_range.unit == reference_range.unit
            and candidate_range.min <= reference_range.min + abs(reference_range.min) * _EPS
            and candidate_range.max >= reference_range.max - abs(reference_range.max) * _EPS)


def covered_part(candidate_range: MeasuredRange, reference_range: MeasuredRange) -> tuple[float, float] | None:
    """The part of the reference row's range the candidate row measures, when it is more than
    a point (ranges that only touch, (0~40) kPa and (0.04~0.6) MPa, share no part to compare);
    None when they share none. A reference range of one value is its own part when covered."""
    if candidate_range.unit != reference_range.unit:
        return None
    low, high = max(candidate_range.min, reference_range.min), min(candidate_range.max, reference_range.max)
    if high > low or (high == low and reference_range.min == reference_range.max):
        return low, high
    return None


def range_text(low: float, high: float, rng: MeasuredRange) -> str:
    """``(low~high)unit`` in the unit ``rng`` was typed in (its canonical one when that cannot
    be read back from its text), so a covered part reads as the recorded range does."""
    info = None
    match = _TYPED_UNIT.search(rng.text or "")
    if match:
        info = lookup_unit(match.group(1).strip())
    if info is None or info.unit != rng.unit or not info.scale:
        return f"({figure(low)}~{figure(high)}){rng.unit}"
    unit = match.group(1).strip() if match else rng.unit
    return f"({figure((low - info.offset) / info.scale)}~{figure((high - info.offset) / info.scale)}){unit}"


_TYPED_UNIT = re.compile(r"[)）]\s*([^\s()（）~～,，;；]+)\s*$")


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def _basis_params(model: ErrorModel, rng: MeasuredRange) -> dict[str, Any]:
    params: dict[str, Any] = {"unit": rng.unit}
    if model.basis == "class":
        pct = figure(model.of_span * 100)
        params.update(cls=pct, pct=pct)
    return params
