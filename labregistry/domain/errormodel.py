"""What an accuracy statement says about the error at a measured value.

Every comparable form of JJF 1033 is one straight line in the magnitude of the value ``x``
(canonical unit of the range's quantity) over a range of span ``S = max - min``::

    e(x) = constant + of_reading · |x| + of_span · S

* an absolute U or MPE (``U=0.5℃``, ``MPE: ±0.5mg``): ``constant``;
* a relative U, or an MPE in % of reading (``Urel=1×10⁻⁶``, ``±0.05%读数``, ``MPE: ±0.1%``):
  ``of_reading``. A bare % in an MPE is a relative error, the error over the value
  (JJF 1001), so it is read as % of reading;
* an MPE in % of full scale or of span (``±0.1%FS``, ``0.1%量程``): ``of_span``;
* a numeric class (``0.05级``): ``of_span`` = class / 100, the fiducial error of pressure
  gauges, indicating instruments and transmitters (error over the span);
* formulas, term by term: ``U=2μm+2×10⁻⁶L``, ``U=(0.5+1×10⁻⁶L)μm``,
  ``±(0.05%读数+0.01%量程)``. A coefficient of ``L`` must be a pure number written as such
  (``2×10⁻⁶``, ``0.002%``, ``2ppm``): in ``(0.1+0.002L)μm`` the unit of L is not stated,
  so it is not comparable.

Not comparable, with the reason: grades and named classes (``二等``, ``E2``: what they
mean depends on the instrument's regulation), counts (``2字``: their size depends on the
resolution), formulas that cannot be read, no accuracy at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from labregistry.domain.accuracy import Accuracy, statement_value
from labregistry.domain.quantities import NUMBER, MeasuredRange, RangeParseError, fits_quantity, parse_span, to_float
from labregistry.domain.text import normalise

BASES = ("uncertainty", "mpe", "class")
"""What a figure is: an uncertainty (U, Urel), a maximum permissible error, an accuracy class."""


@dataclass(frozen=True)
class ErrorModel:
    """``e(x) = constant + of_reading·|x| + of_span·span``, as a U, an MPE or a class says it."""

    basis: str  # uncertainty / mpe / class
    constant: float = 0.0  # canonical unit of the range's quantity
    of_reading: float = 0.0  # a fraction of |x|
    of_span: float = 0.0  # a fraction of the range's span
    k: float | None = None

    def error_at(self, x: float, span: float) -> float:
        return self.constant + self.of_reading * abs(x) + self.of_span * span

    @property
    def reading(self) -> str:
        """How the figure is read: absolute, of_reading, of_span, or linear (more than one term)."""
        parts = [name for name, v in (("absolute", self.constant), ("of_reading", self.of_reading),
                                      ("of_span", self.of_span)) if v]
        return parts[0] if len(parts) == 1 else ("absolute" if not parts else "linear")


@dataclass(frozen=True)
class NotComparable:
    """Why an accuracy has no error model: none / grade / counts / formula / formula_unit / unit."""

    reason: str


_SPAN_MARK = r"(?:F\.?S\.?|满量程|量程|跨度|of\s*span|span|FS)"
_READING_MARK = r"(?:读数|示值|RD|rd|rdg|reading|of\s*reading)"
_FRACTION = re.compile(rf"^(?P<num>{NUMBER})\s*(?P<mark>%|ppm|×?\s*10\^-?\d+)?$")
_TERM_SPAN = re.compile(rf"^(?P<coef>.+?)\s*[×·*]?\s*{_SPAN_MARK}$")
_TERM_READING = re.compile(rf"^(?P<coef>.+?)\s*[×·*]?\s*{_READING_MARK}$")
_TERM_VARIABLE = re.compile(r"^(?P<coef>.+?)\s*[×·*]?\s*[LlDdxX]$")
_TERM_COUNTS = re.compile(rf"^{NUMBER}\s*(?:个)?\s*(?:字|d|D|dgt|digits?|LSD|counts?)$")
_BRACKETED = re.compile(r"^[(\[]\s*(?P<body>[^()\[\]]*?)\s*[)\]]\s*(?P<unit>[^()\[\]]*)$")
_PLUS = re.compile(r"(?<!\^)(?<!\d[eE])\+")


class _Unreadable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def error_model(acc: Accuracy | None, rng: MeasuredRange | None) -> ErrorModel | NotComparable:
    """The error model of ``acc`` on the range ``rng`` (absolute terms need the range's quantity)."""
    if acc is None:
        return NotComparable("none")
    if acc.kind == "class":
        if acc.accuracy_class and re.fullmatch(r"\d+(?:\.\d+)?", acc.accuracy_class):
            return ErrorModel("class", of_span=float(acc.accuracy_class) / 100)
        return NotComparable("grade")
    basis = "mpe" if acc.kind == "MPE" else "uncertainty"
    try:
        return _model(basis, acc, rng)
    except _Unreadable as err:
        return NotComparable(err.reason)


def _model(basis: str, acc: Accuracy, rng: MeasuredRange | None) -> ErrorModel:
    value = statement_value(acc)
    if acc.value is not None and not acc.formula:
        if not acc.relative:
            return ErrorModel(basis, constant=acc.value, k=acc.k)
        if re.search(rf"{_SPAN_MARK}\s*\)?$", value):
            return ErrorModel(basis, of_span=acc.value, k=acc.k)
        return ErrorModel(basis, of_reading=acc.value, k=acc.k)
    terms = _terms(value, rng)
    return ErrorModel(basis, constant=terms[0], of_reading=terms[1], of_span=terms[2], k=acc.k)


def _terms(value: str, rng: MeasuredRange | None) -> tuple[float, float, float]:
    """(constant, of_reading, of_span) of a formula such as ``(0.5+1×10^-6L)μm``."""
    body, unit = value.strip().lstrip("±").strip(), ""
    m = _BRACKETED.match(body)
    if m:
        body, unit = m.group("body"), m.group("unit").strip()
    sums = [0.0, 0.0, 0.0]
    for raw in _PLUS.split(body):
        term = normalise(raw).strip().lstrip("±").strip(" ()")
        if not term:
            raise _Unreadable("formula")
        slot, amount = _term(term, unit, rng)
        sums[slot] += amount
    return sums[0], sums[1], sums[2]


def _term(term: str, unit: str, rng: MeasuredRange | None) -> tuple[int, float]:
    """One term: (0 constant / 1 of reading / 2 of span, its amount)."""
    if _TERM_COUNTS.match(term):
        raise _Unreadable("counts")
    for slot, pattern in ((2, _TERM_SPAN), (1, _TERM_READING), (1, _TERM_VARIABLE)):
        m = pattern.match(term)
        if m:
            return slot, _fraction(m.group("coef"))
    return _absolute(term, unit, rng)


def _fraction(coef: str) -> float:
    """A pure number written as one: ``0.05%``, ``2×10^-6``, ``2ppm``, ``5e-6`` (not ``0.002``)."""
    m = _FRACTION.match(coef.strip())
    if m is None:
        raise _Unreadable("formula")
    mark, number = m.group("mark") or "", m.group("num")
    if mark == "%":
        return to_float(number) / 100
    if mark == "ppm":
        return to_float(number) * 1e-6
    if mark:
        return to_float(number + mark.replace(" ", ""))
    if re.search(r"[eE×^]", number):
        return to_float(number)
    raise _Unreadable("formula_unit")  # 0.002 L: per what unit of L?


def _absolute(term: str, unit: str, rng: MeasuredRange | None) -> tuple[int, float]:
    text = term if not unit or not re.fullmatch(NUMBER, term) else f"{term}{unit}"
    try:
        info, low, high = parse_span(text, delta=True)
    except RangeParseError:
        raise _Unreadable("formula") from None
    amount = max(abs(low), abs(high))
    if info is None:
        raise _Unreadable("formula_unit")
    if info.quantity == "dimensionless" and info.dims is not None:
        return 1, amount  # a bare % in a formula: relative to the value
    if rng is None:
        raise _Unreadable("unit")
    same = info.unit == rng.unit if info.dims is None else fits_quantity(info, rng.quantity)
    if not same:
        raise _Unreadable("unit")
    return 0, amount
