"""Accuracy of a measurement standard, as JJF 1033-2023 lets it be stated: exactly ONE of

* measurement uncertainty: ``U=0.02%, k=2``, ``Urel=1×10⁻⁶ (k=2)``, ``U=0.5℃ (k=2)``;
* accuracy class or grade (准确度等级): ``0.05级``, ``二等``, ``E2等``;
* maximum permissible error (最大允许误差): ``MPE: ±0.1%``, ``±0.1%FS``, ``MPEV=±0.5mg``.

The text is kept as typed; :class:`Accuracy` adds a normalised value so that standards
can be compared and searched ("who has Urel ≤ 1×10⁻⁵"):

* relative values (%, ppm, ×10⁻ⁿ, μV/V ...) are fractions: 0.02 % -> 2e-4;
* absolute values are differences in the canonical unit of the range's quantity
  (0.5 ℃ -> 0.5 K, 2 μm -> 2e-6 m);
* an uncertainty given over a span (``Urel=(0.1~0.5)%``) is represented by its upper
  end: the conservative figure when asking "is it good enough";
* an uncertainty or error given as a formula (``U=2μm+2×10⁻⁶L``, ``±(0.05%读数+2字)``)
  keeps its kind and k but has no value: it is valid, only not comparable
  (warning ``accuracy.formula``);
* an uncertainty written as a relative value is kind ``Urel`` even when typed ``U=0.02%``,
  so that the kind alone says whether the value is a fraction;
* classes and grades carry ``accuracy_class`` and no value: what "0.05级" means depends on
  the instrument's own regulation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from labregistry import i18n
from labregistry.domain.quantities import (
    MeasuredRange,
    RangeParseError,
    UnitInfo,
    fits_quantity,
    parse_span,
    quantity_params,
)
from labregistry.domain.text import GROUPED_THOUSANDS, normalise
from labregistry.errors import DomainError, Issue

KINDS = ("U", "Urel", "class", "MPE")


@dataclass(frozen=True)
class Accuracy:
    """One accuracy statement; ``value`` is None for classes and formulas (not comparable)."""

    text: str
    kind: str  # "U" | "Urel" | "class" | "MPE"
    value: float | None
    relative: bool
    k: float | None = None
    accuracy_class: str | None = None
    unit: str | None = None  # canonical unit of an absolute value
    formula: bool = False

    @property
    def comparable(self) -> bool:
        return self.value is not None


class _AccuracyError(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_NUM = r"\d+(?:\.\d+)?"
_GROUPED = re.compile(rf"(?<![\d,.]){GROUPED_THOUSANDS}(?![\d,])")  # 1,500: thousands, as ranges read them
_DECIMAL_COMMA = re.compile(r"\d,\d")
_K = re.compile(rf"[,;]?\s*\(?\s*\b[kK]\s*[=:]\s*(?P<k>{_NUM})\s*\)?")
_P = re.compile(rf"[,;]?\s*\(?\s*\b[pP]\s*[=:]\s*{_NUM}\s*%?\s*\)?")
_U_SYMBOL = r"(?<![A-Za-z])(?P<sym>U(?:_?rel|r|_?(?:95|99)(?:_?rel)?)?)\s*[=:]"
_U_RE = re.compile(_U_SYMBOL)
_U_WORD = re.compile(r"不确定度")
_U_FULL = re.compile(rf"^(?P<prefix>.*?){_U_SYMBOL}\s*(?P<val>.*)$")
_U_WORDS_ONLY = re.compile(r"^(?P<prefix>(?:相对)?(?:扩展|测量)*(?:相对)?不确定度)\s*[:=]?\s*(?P<val>.+)$")
_U_PREFIX_OK = re.compile(r"^[\s,;:]*(?:(?:相对)?(?:扩展|测量)*(?:相对)?不确定度)?[\s,;:]*$")
_MPE_WORDS = re.compile(r"MPEV?|最大允许误差|允许误差|误差限|允差")
_MPE_PREFIX = re.compile(r"^(?:(?:MPEV?|最大允许误差|允许误差|误差限|允差|准确度)\s*[:=]?\s*)+")
_RELATIVE_MARKER = re.compile(r"%\s*(?:F\.?S\.?|满量程|量程|读数|示值|RD|rd|rdg|reading)\s*$")
_CLASS_RE = re.compile(
    # after its prefix, or where the figure starts a token: in "0.0_5级" or "0.5_0.02级" no class
    # is read (not 5, not 0.02); "Class0.5" is
    r"(?:(?P<prefix>准确度等级|等级|[Cc]lass)\s*[:=]?\s*|(?<![0-9A-Za-z._]))"
    r"(?P<cls>\d+(?:\.\d+)?|[EFM][123]|[一二三四五六]|[A-D])\s*(?P<suffix>等级|级|等)?"
)
_CLASS_HINT = re.compile(
    r"\d\s*(?:级|等)|[一二三四五六]\s*等|[EFM][123]\s*(?:等|级)|[A-D]\s*级|准确度等级|[Cc]lass\s*\d"
)
_CHINESE_DIGITS = "一二三四五六"
#: A class figure glued to the characters before it ("0.0_5级", "1x0.02级"): what _CLASS_RE read
#: before its figure had to start a token (bd79531), and no longer reads
_GLUED_CLASS = re.compile(r"[0-9A-Za-z._]+?(?:\d+(?:\.\d+)?|[EFM][123]|[A-D])\s*(?:等级|级|等)")

EARLIER_READ = frozenset({"accuracy.two_classes", "accuracy.class_glued"})
"""The class rules of 2026-12-08 (bd79531, 801d11e): a text naming two classes or two grades,
or a class figure glued to other characters. Every version before read such a text as a class
(its first), so records were saved with it and peers' signed bundles carry it: a stored text
they refuse is kept, not comparable (:func:`unread_accuracy`), with a warning, where the rules
bind only what is entered (the editor, a ledger row, a peer's row: :func:`stored_accuracy_issue`)."""


def _without_k(s: str) -> tuple[str, str | None]:
    """The statement without its k and p, and k as written (``"2"``, ``"2.58"``) or None."""
    m = _K.search(s)
    s = _P.sub("", _K.sub("", s))
    return s.strip(" ,;"), m.group("k") if m else None


def _families(s: str) -> list[str]:
    """Which of U / class / MPE the text speaks of, in that order."""
    found = []
    has_u = bool(_U_RE.search(s) or _U_WORD.search(s))
    if has_u:
        found.append("U")
    if _CLASS_HINT.search(s):
        found.append("class")
    # '±' right after "U=" is a (wrong but common) sign; anywhere else it states an MPE.
    rest = re.sub(_U_SYMBOL + r"\s*±", "", s) if has_u else s
    if _MPE_WORDS.search(s) or "±" in rest:
        found.append("MPE")
    return found


def _ambiguous(families: list[str]) -> _AccuracyError:
    zh = "、".join(i18n.tr(f"accuracy.kind.{f}", "zh") for f in families)
    en = " and ".join(i18n.tr(f"accuracy.kind.{f}", "en") for f in families)
    return _AccuracyError("accuracy.ambiguous", kinds_zh=zh, kinds_en=en)


def _is_formula(val: str) -> bool:
    """'2μm+2×10^-6L', '(0.05%读数+2字)', '0.1+0.002L': terms joined by +, or a variable."""
    body = val.lstrip("±+ (")
    plus = re.search(r"(?<![eE^(±])\+(?!\s*$)", body)
    variable = re.search(r"(?:\d|[×·*])\s?[LlDdhHxX](?![A-Za-z])|读数|字", body)
    return bool(plus or variable)


@dataclass(frozen=True)
class _Amount:
    value: float | None
    relative: bool
    unit: str | None
    formula: bool = False


def _amount(val: str, rng: MeasuredRange | None, relative_only: bool) -> _Amount:
    """The normalised figure of an uncertainty or error value (the upper end of a span)."""
    val = val.strip(" ,;.")
    marker = _RELATIVE_MARKER.search(val)
    if marker:
        val = val[: marker.start()] + "%"
    try:
        info, low, high = parse_span(val, delta=True)
    except RangeParseError as err:
        if _is_formula(val):
            return _Amount(None, False, None, formula=True)
        if err.code == "range.unit_unknown":
            raise _AccuracyError("range.unit_unknown", **err.params) from None
        raise _AccuracyError("accuracy.unparseable") from None
    value = max(abs(low), abs(high))
    if info is None:
        if relative_only or re.search(r"[eE×xX*·]|\^", val):
            return _Amount(value, True, None)
        raise _AccuracyError("accuracy.unit_missing", number=val)
    if info.quantity == "dimensionless" and info.dims is not None:
        return _Amount(value, True, None)
    if relative_only:
        raise _AccuracyError("accuracy.relative_unit", unit=_unit_text(val))
    _check_quantity(info, rng, val)
    return _Amount(value, False, info.unit)


def _unit_text(val: str) -> str:
    return re.sub(r"^[\s(±+\-\d.×xX*·^eE~)]+", "", val).strip() or val


def _check_quantity(info: UnitInfo, rng: MeasuredRange | None, val: str) -> None:
    if rng is None:
        return
    same = info.unit == rng.unit if info.dims is None else fits_quantity(info, rng.quantity)
    if not same:
        raise _AccuracyError("accuracy.unit_quantity", unit=_unit_text(val), **quantity_params(rng.quantity))


def _uncertainty(s: str, k: float | None, rng: MeasuredRange | None, text: str) -> Accuracy:
    m = _U_FULL.match(s)
    if m and _U_PREFIX_OK.match(m.group("prefix")):
        sym, prefix, val = m.group("sym"), m.group("prefix"), m.group("val")
    else:
        w = _U_WORDS_ONLY.match(s)
        if w is None:
            raise _AccuracyError("accuracy.unparseable")
        prefix, val = w.group("prefix"), w.group("val")
        sym = "Urel" if "相对" in prefix else "U"
    relative_only = "rel" in sym or sym == "Ur" or "相对" in prefix
    amount = _amount(val.lstrip("±"), rng, relative_only)
    relative = amount.relative or (amount.formula and relative_only)
    return Accuracy(
        text, "Urel" if relative else "U", amount.value, relative, k, None, amount.unit, amount.formula
    )


def _mpe(s: str, rng: MeasuredRange | None, text: str) -> Accuracy:
    val = _MPE_PREFIX.sub("", s).strip()
    if not val:
        raise _AccuracyError("accuracy.unparseable")
    amount = _amount(val, rng, relative_only=False)
    return Accuracy(text, "MPE", amount.value, amount.relative, None, None, amount.unit, amount.formula)


def _accuracy_class(s: str, text: str) -> Accuracy:
    """The class or grade ``s`` names first; two classes (级), or two grades of standard (等),
    are refused rather than the first taken ("0.05级（0~1MPa），0.1级（1~6MPa）" is two capability
    rows, not a 0.05 over the whole range), while a class beside the grade it stands for
    ("0.05级（二等）") reads as before, as its first."""
    found = [m for m in _CLASS_RE.finditer(s) if m.group("prefix") or m.group("suffix")]
    if not found:
        glued = _GLUED_CLASS.search(s)
        if glued:  # "0.0_5级": read as class 5 before the figure had to start a token
            raise _AccuracyError("accuracy.class_glued", written=glued.group(0))
        raise _AccuracyError("accuracy.unparseable")
    for grade in (False, True):
        named = list(dict.fromkeys(_class_of(m) for m in found if (m.group("suffix") == "等") == grade))
        if len(named) > 1:
            raise _AccuracyError("accuracy.two_classes", classes="、".join(named))
    return Accuracy(text, "class", None, False, None, _class_of(found[0]))


def _class_of(m: re.Match[str]) -> str:
    cls, suffix = m.group("cls"), m.group("suffix") or "级"
    if suffix == "等":  # a grade of standard: 二等, also written 2等
        if cls.isdecimal() and 1 <= int(cls) <= len(_CHINESE_DIGITS):
            cls = _CHINESE_DIGITS[int(cls) - 1]
        if cls in _CHINESE_DIGITS:
            cls += "等"
    return cls


@lru_cache(maxsize=16384)
def _parse(text: str, rng: MeasuredRange | None) -> Accuracy | _AccuracyError:
    s, k_text = _without_k(normalise(text))
    if not s:
        return _AccuracyError("accuracy.unparseable")
    if _DECIMAL_COMMA.search(_GROUPED.sub("", s)):  # "U=0,05%": was "unknown unit ',05%'"
        return _AccuracyError("accuracy.comma")
    k = float(k_text) if k_text is not None else None
    if k is not None and k < 1:  # k = 0 states no uncertainty; below 1, less than the standard one
        return _AccuracyError("accuracy.k_invalid", k=k_text)
    families = _families(s)
    if len(families) > 1:
        return _ambiguous(families)
    if not families:
        return _AccuracyError("accuracy.unparseable")
    try:
        if families[0] == "U":
            return _uncertainty(s, k, rng, text)
        if families[0] == "MPE":
            return _mpe(s, rng, text)
        return _accuracy_class(s, text)
    except _AccuracyError as err:
        return err


def _issue(err: _AccuracyError, text: object, field: str) -> Issue:
    return Issue(err.code, field, text, dict(err.params))


def accuracy_issues(text: str, rng: MeasuredRange | None = None, field: str = "accuracy") -> list[Issue]:
    """The error, or the warnings (k missing, formula), of an accuracy statement."""
    result = _parse(str(text), rng)
    if isinstance(result, _AccuracyError):
        return [_issue(result, text, field)]
    return accuracy_warnings(result, field, rng)


def accuracy_warnings(acc: Accuracy, field: str = "accuracy", rng: MeasuredRange | None = None) -> list[Issue]:
    """Valid but worth a look: an expanded uncertainty without k; a formula the comparison
    cannot read term by term on ``rng`` (``(0.1+0.002L)μm``: L in mm or m?, counts).

    A formula the error model reads (``U=(0.5+1×10⁻⁶L)μm``: a + b·L) is compared and searched
    like any figure (docs/comparison.md), so saying it "is not used in numeric comparison and
    search" was false (trial 9): the warning follows the comparison model, not the text."""
    # errormodel reads an Accuracy: imported here, where a warning is asked, not at the top (a cycle)
    from labregistry.domain.errormodel import NotComparable, error_model

    warnings = []
    if acc.kind in ("U", "Urel") and acc.k is None and not re.search(r"U_?(?:95|99)", normalise(acc.text)):
        warnings.append(Issue("accuracy.k_missing", field, acc.text, warning=True))
    if acc.formula and isinstance(error_model(acc, rng), NotComparable):
        warnings.append(Issue("accuracy.formula", field, acc.text, warning=True))
    return warnings


def parse_accuracy(text: str, rng: MeasuredRange | None = None, field: str = "accuracy") -> Accuracy:
    """Parse an accuracy statement; absolute values must be in the unit of ``rng``'s quantity.

    Raises DomainError: accuracy.unparseable, accuracy.ambiguous, accuracy.unit_quantity,
    accuracy.unit_missing, accuracy.relative_unit, accuracy.k_invalid, range.unit_unknown.
    """
    result = _parse(str(text), rng)
    if isinstance(result, _AccuracyError):
        raise DomainError.from_issues([_issue(result, text, field)])
    return result


def unread_accuracy(text: str) -> Accuracy:
    """A stored accuracy text the rules refuse now, kept as it is: its kind when it states one
    (``"class"`` for "0.05级或0.1级"), no class, no figure: not comparable, so that it is
    never searched as better (or other) than the text says."""
    kinds = statement_kinds(text)
    return Accuracy(str(text), kinds[0] if len(kinds) == 1 else "", None, False)


def stored_accuracy_issue(issue: Issue) -> Issue:
    """``issue``, an accuracy text's refusal, as the warning of a text kept as stored
    (``accuracy.stored``, the refusal's reason in its words): the rules bind what is
    entered, and a record saved before one of them must still be suspended, revoked or
    corrected in another field."""
    detail = i18n.Message.of(issue.code, **issue.params)
    return Issue("accuracy.stored", issue.field, issue.value, {"detail": detail}, issue.place, warning=True)


def statement_kinds(text: str) -> tuple[str, ...]:
    """Which of ``"U"``, ``"class"``, ``"MPE"`` a text states (two or more: several statements
    in one text, which :func:`parse_accuracy` refuses as ambiguous; none: not an accuracy)."""
    s, _k = _without_k(normalise(str(text)))
    return tuple(_families(s))


def statement_value(acc: Accuracy) -> str:
    """The value part of an uncertainty or MPE statement, without its symbol, prefix and k:
    ``'U=(0.5+1×10⁻⁶L)μm, k=2'`` -> ``'(0.5+1×10^-6L)μm'``; ``''`` for a class.

    For :mod:`labregistry.domain.errormodel`, which reads formulas term by term."""
    s, _k = _without_k(normalise(acc.text))
    if acc.kind == "MPE":
        return _MPE_PREFIX.sub("", s).strip()
    if acc.kind not in ("U", "Urel"):
        return ""
    m = _U_FULL.match(s)
    if m and _U_PREFIX_OK.match(m.group("prefix")):
        return m.group("val").lstrip("±").strip()
    w = _U_WORDS_ONLY.match(s)
    return w.group("val").lstrip("±").strip() if w else ""
