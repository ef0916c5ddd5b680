"""Accuracy statements: uncertainty, accuracy class or MPE, exactly one of them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labregistry.domain import accuracy_issues, parse_accuracy, parse_range
from labregistry.errors import DomainError

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

PRESSURE = parse_range("(0~60)MPa")
TEMPERATURE = parse_range("(-40~150)℃")
LENGTH = parse_range("(0~100)mm")
MASS = parse_range("(1~500)g")
LEVEL = parse_range("(0~100)dB")


def _refused(text: str, rng: object = None, field: str = "accuracy_text") -> tuple[str, dict[str, object]]:
    with pytest.raises(DomainError) as exc:
        parse_accuracy(text, rng, field=field)  # type: ignore[arg-type]
    [issue] = exc.value.issues
    assert (issue.field, issue.value) == (field, text)
    return issue.code, issue.params


@pytest.mark.parametrize(
    "text,kind,value,k",
    [
        ("U=0.02%, k=2", "Urel", 2e-4, 2.0),
        ("U = 0.02 %，k = 2", "Urel", 2e-4, 2.0),
        ("Urel=1×10⁻⁶ (k=2)", "Urel", 1e-6, 2.0),
        ("Urel=1×10-6, k=2", "Urel", 1e-6, 2.0),
        ("Urel = 5e-6 (k=2)", "Urel", 5e-6, 2.0),
        ("Urel=0.5%（k=3）", "Urel", 5e-3, 3.0),
        ("Urel=3μV/V, k=2", "Urel", 3e-6, 2.0),
        ("Urel=2ppm (k=2)", "Urel", 2e-6, 2.0),
        ("扩展不确定度：U=0.02%，k=2", "Urel", 2e-4, 2.0),
        ("相对扩展不确定度：0.02%（k=2）", "Urel", 2e-4, 2.0),
        ("Urel=(0.1~0.5)%, k=2", "Urel", 5e-3, 2.0),  # a span: its upper end
        ("Urel=(2~5)×10⁻⁶, k=2", "Urel", 5e-6, 2.0),  # was "unknown unit '×10^-6'"
        ("Urel=(2~5)×10^-6, k=2", "Urel", 5e-6, 2.0),
        ("U=±0.02%, k=2", "Urel", 2e-4, 2.0),  # a stray ± after U= is tolerated
        ("U95=0.02%", "Urel", 2e-4, None),
    ],
)
def test_relative_uncertainty_is_a_fraction(text: str, kind: str, value: float, k: float | None) -> None:
    acc = parse_accuracy(text, PRESSURE)
    assert (acc.kind, acc.relative, acc.k, acc.unit, acc.accuracy_class) == (kind, True, k, None, None)
    assert acc.value == pytest.approx(value, rel=1e-12)
    assert acc.text == text and acc.comparable


def test_absolute_uncertainty_is_a_difference_in_the_canonical_unit() -> None:
    acc = parse_accuracy("U=0.5℃ (k=2)", TEMPERATURE)
    assert (acc.kind, acc.value, acc.unit, acc.relative, acc.k) == ("U", 0.5, "K", False, 2.0)  # not 273.65
    assert parse_accuracy("U=0.9℉, k=2", TEMPERATURE).value == pytest.approx(0.5)
    assert parse_accuracy("U=2μm, k=2", LENGTH).value == pytest.approx(2e-6)
    assert parse_accuracy("U=0.2dB, k=2", LEVEL).unit == "dB"
    assert parse_accuracy("U=0.5 kPa (k=2)", None).unit == "Pa"  # no range: nothing to compare with


@pytest.mark.parametrize(
    "text,cls",
    [
        ("0.05级", "0.05"),
        ("0.05 级", "0.05"),
        ("0.02级", "0.02"),
        ("1级", "1"),
        ("准确度等级：0.05级", "0.05"),
        ("Class 0.5", "0.5"),
        ("二等", "二等"),
        ("一等", "一等"),
        ("2等", "二等"),
        ("E2等", "E2"),
        ("F1级", "F1"),
        ("Class0.5", "0.5"),  # review 11: the prefix glued to the figure
        ("0.05级（二等）", "0.05"),  # a class and the grade of standard it stands for: not two classes
        ("二等（0.05级）", "二等"),
    ],
)
def test_accuracy_class(text: str, cls: str) -> None:
    acc = parse_accuracy(text, MASS)
    assert (acc.kind, acc.accuracy_class, acc.value, acc.k, acc.comparable) == (
        "class",
        cls,
        None,
        None,
        False,
    )
    assert accuracy_issues(text, MASS) == []


@pytest.mark.parametrize(
    "text,value,relative,unit,rng",
    [
        ("MPE: ±0.1%", 1e-3, True, None, PRESSURE),
        ("MPE:±0.1%", 1e-3, True, None, PRESSURE),
        ("最大允许误差：±0.05%", 5e-4, True, None, PRESSURE),
        ("±0.1%FS", 1e-3, True, None, PRESSURE),
        ("±0.1%F.S.", 1e-3, True, None, PRESSURE),
        ("MPEV=±0.5mg", 5e-7, False, "kg", MASS),
        ("±0.5℃", 0.5, False, "K", TEMPERATURE),
        ("准确度 ±0.1%", 1e-3, True, None, PRESSURE),
    ],
)
def test_maximum_permissible_error(
    text: str, value: float, relative: bool, unit: str | None, rng: object
) -> None:
    acc = parse_accuracy(text, rng)  # type: ignore[arg-type]
    assert (acc.kind, acc.relative, acc.unit, acc.k) == ("MPE", relative, unit, None)
    assert acc.value == pytest.approx(value, rel=1e-12)


def test_formula_is_kept_but_not_comparable() -> None:
    acc = parse_accuracy("U=2μm+2×10⁻⁶L, k=2", LENGTH)
    assert (acc.kind, acc.value, acc.k, acc.formula, acc.comparable) == ("U", None, 2.0, True, False)
    # read term by term (a + b·L): compared and searched, so no warning that it is not (trial 9)
    assert accuracy_issues("U=2μm+2×10⁻⁶L, k=2", LENGTH) == []
    # L without its unit (mm or m?) cannot be compared: that one is warned of
    assert [(i.code, i.warning) for i in accuracy_issues("U=(0.1+0.002L)μm, k=2", LENGTH)] == [
        ("accuracy.formula", True)
    ]
    mpe = parse_accuracy("±(0.05%读数+2字)", None)
    assert (mpe.kind, mpe.value, mpe.formula) == ("MPE", None, True)


def test_missing_k_is_a_warning() -> None:
    acc = parse_accuracy("U=0.02%", PRESSURE)
    assert acc.k is None
    [issue] = accuracy_issues("U=0.02%", PRESSURE, field="accuracy_text")
    assert (issue.code, issue.warning, issue.field) == ("accuracy.k_missing", True, "accuracy_text")
    assert "k" in issue.message("zh")


@pytest.mark.parametrize(
    "text",
    ["U=0.1%, MPE: ±0.2%", "0.05级，U=0.01%(k=2)", "0.05级 MPE ±0.05%", "U=0.1% (k=2) ±0.2%"],
)
def test_mixing_forms_is_ambiguous(text: str) -> None:
    code, _ = _refused(text, PRESSURE)
    assert code == "accuracy.ambiguous"
    with pytest.raises(DomainError) as exc:
        parse_accuracy(text, PRESSURE, field="accuracy_text")
    assert "只能填写其中一种" in exc.value.render("zh")
    assert "exactly one" in exc.value.render("en")


@pytest.mark.parametrize("text", ["", "   ", "hello", "良好", "U=", "MPE:"])
def test_empty_or_unrecognised(text: str) -> None:
    assert _refused(text)[0] == "accuracy.unparseable"


def test_absolute_value_in_the_wrong_unit() -> None:
    code, params = _refused("U=0.5℃ (k=2)", PRESSURE)
    assert code == "accuracy.unit_quantity"
    assert params["unit"] == "°C" and params["quantity"] == "pressure"
    assert _refused("MPEV=±0.5mg", PRESSURE)[0] == "accuracy.unit_quantity"
    assert _refused("U=0.2dBm, k=2", LEVEL)[0] == "accuracy.unit_quantity"
    with pytest.raises(DomainError) as exc:
        parse_accuracy("MPEV=±0.5mg", PRESSURE, field="accuracy_text")
    assert "压力" in exc.value.render("zh") and "pressure" in exc.value.render("en")


def test_other_refusals() -> None:
    assert _refused("U=0.5 (k=2)", PRESSURE)[0] == "accuracy.unit_missing"
    assert _refused("Urel=0.5mV (k=2)")[0] == "accuracy.relative_unit"
    assert _refused("U=0.5furlongz, k=2")[0] == "range.unit_unknown"


@given(st.text(max_size=40))
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        parse_accuracy(text, PRESSURE)
    except DomainError:
        pass


@given(st.text(alphabet="U=rel0123456789.%,k()±MPE:级等×10^-⁻⁶ μmV℃+L", max_size=25))
def test_accuracy_like_text_never_crashes(text: str) -> None:
    try:
        acc = parse_accuracy(text, TEMPERATURE)
    except DomainError:
        return
    assert acc.kind in ("U", "Urel", "class", "MPE")
    assert acc.value is None or acc.value >= 0


@pytest.mark.parametrize("text", ["U=0.02%, k=0", "Urel=1×10⁻⁶ (k=0.0)", "U=0.5℃ (k=0.5)"])
def test_a_coverage_factor_below_one_is_refused(text: str) -> None:
    """An expanded uncertainty is the standard uncertainty times k >= 1 (JJF 1059.1: k = 2 or
    3 in practice, 1 for a standard uncertainty): k = 0 states no uncertainty at all, and a k
    below one makes the "expanded" figure smaller than the standard uncertainty. Both were
    stored and compared as if they were U."""
    with pytest.raises(DomainError) as exc:
        parse_accuracy(text, TEMPERATURE if "℃" in text else PRESSURE)
    [issue] = exc.value.issues
    assert issue.code == "accuracy.k_invalid" and issue.params["k"] in ("0", "0.0", "0.5")
    assert f"k={issue.params['k']}" in issue.message("zh") and "不小于 1" in issue.message("zh")


@pytest.mark.parametrize("text", ["0.0_5级", "0.5_0.02级", "1x0.02级"])
def test_a_class_glued_to_other_characters_is_not_read(text: str) -> None:
    """'0.0_5级' was read as class 5 and '0.5_0.02级' as class 0.02 (a better class than the
    text's first figure): the class is read only where its figure starts a token."""
    assert _refused(text)[0] == "accuracy.class_glued"


@pytest.mark.parametrize("text", ["0.05级或0.1级", "0.05级（0~1MPa），0.1级（1~6MPa）", "二等/三等"])
def test_two_classes_are_refused_not_the_first_taken(text: str) -> None:
    """A text naming two classes was read as its first (0.05 for the whole range where the
    upper part is 0.1): one class per capability row, each with its range."""
    code, params = _refused(text)
    assert code == "accuracy.two_classes"
    assert params["classes"] in ("0.05、0.1", "二等、三等")
