"""Honest comparison: every accuracy form evaluated at the requested values (docs/comparison.md)."""

from __future__ import annotations

import itertools

import pytest

from labregistry.domain import parse_accuracy, parse_range
from labregistry.domain.comparison import Requirement, covered_part, covers, judge, range_text, relate
from labregistry.domain.errormodel import ErrorModel, NotComparable, error_model
from labregistry.domain.quantities import MeasuredRange

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

VOLTS = parse_range("(0~10)V")

# Every comparable form on (0~10) V, with its error worked out by hand at 0 V and at 10 V.
FORMS = [
    # text, basis, error at 0 V, error at 10 V
    ("U=2mV, k=2", "uncertainty", 0.002, 0.002),
    ("Urel=0.01%, k=2", "uncertainty", 0.0, 0.001),
    ("U=(0.5mV+0.01%读数), k=2", "uncertainty", 0.0005, 0.0015),
    ("0.02级", "class", 0.002, 0.002),  # 0.02 % of the 10 V span
    ("MPE: ±3mV", "mpe", 0.003, 0.003),
    ("MPE: ±0.05%", "mpe", 0.0, 0.005),  # a bare % is of reading
    ("MPE: ±0.01%FS", "mpe", 0.001, 0.001),
    ("MPE: ±(0.01%读数+0.005%量程)", "mpe", 0.0005, 0.0015),
]
NOT_COMPARABLE = [("二等", "grade"), ("±(0.05%读数+2字)", "counts")]


def _model(text: str, rng: MeasuredRange = VOLTS) -> ErrorModel | NotComparable:
    return error_model(parse_accuracy(text, rng), rng)


@pytest.mark.parametrize("text,basis,e0,e10", FORMS)
def test_each_form_is_an_error_at_each_value(text: str, basis: str, e0: float, e10: float) -> None:
    model = _model(text)
    assert isinstance(model, ErrorModel) and model.basis == basis
    assert model.error_at(0.0, 10.0) == pytest.approx(e0)
    assert model.error_at(10.0, 10.0) == pytest.approx(e10)


@pytest.mark.parametrize(
    "text,rng,constant,of_reading,of_span",
    [
        ("U=2μm+2×10⁻⁶L, k=2", "(0~100)mm", 2e-6, 2e-6, 0.0),
        ("U=(0.5+1×10⁻⁶L)μm, k=2", "(0~100)mm", 5e-7, 1e-6, 0.0),
        ("U=(0.3+2ppm·L), k=2", "(0~100)mm", None, None, None),  # 0.3 what? not comparable
        ("MPE: ±(0.01%读数+0.5mV)", "(0~10)V", 5e-4, 1e-4, 0.0),
        ("U=0.5℃, k=2", "(-40~150)℃", 0.5, 0.0, 0.0),  # a difference: 0.5 K, not 273.65
        ("MPE: ±0.1%F.S.", "(0~60)MPa", 0.0, 0.0, 1e-3),
        ("0.05级", "(0~60)MPa", 0.0, 0.0, 5e-4),
    ],
)
def test_formulas_are_read_term_by_term(text: str, rng: str, constant: float | None, of_reading: float | None,
                                        of_span: float | None) -> None:
    model = _model(text, parse_range(rng))
    if constant is None:
        assert isinstance(model, NotComparable)
        return
    assert isinstance(model, ErrorModel)
    assert (model.constant, model.of_reading, model.of_span) == pytest.approx((constant, of_reading, of_span))


@pytest.mark.parametrize(
    "text,rng,reason",
    [
        *((t, "(0~10)V", r) for t, r in NOT_COMPARABLE),
        ("E2等", "(1~500)g", "grade"),
        ("U=(0.1+0.002L)μm, k=2", "(0~100)mm", "formula_unit"),  # L in mm or m? not said
        ("U=(2μm+0.5mV), k=2", "(0~100)mm", "unit"),
    ],
)
def test_what_cannot_be_compared_says_why(text: str, rng: str, reason: str) -> None:
    model = _model(text, parse_range(rng))
    assert model == NotComparable(reason)
    verdict = judge(model, parse_range(rng), Requirement(limit=1e-4))
    assert (verdict.comparable, verdict.met, verdict.reason) == (False, None, reason)
    assert verdict.note().render("en").startswith("not comparable")


def test_no_accuracy_is_not_comparable() -> None:
    assert error_model(None, VOLTS) == NotComparable("none")


# ---------------------------------------------------------------- the pressure case


def _pressure(rng_text: str, accuracy: str) -> tuple[ErrorModel | NotComparable, MeasuredRange]:
    rng = parse_range(rng_text)
    return error_model(parse_accuracy(accuracy, rng), rng), rng


SIX_MPA_AT_005 = Requirement(low=0.0, high=6e6, limit=5e-4, relative=True)


def test_a_005_class_60_mpa_gauge_is_not_good_enough_for_6_mpa_at_005_percent() -> None:
    verdict = judge(*_pressure("(0~60)MPa", "0.05级"), SIX_MPA_AT_005)
    assert verdict.comparable and verdict.covers and verdict.met is False
    assert verdict.worst is not None and verdict.worst.value == 6e6
    assert verdict.figure == pytest.approx(5e-3)  # 0.03 MPa at 6 MPa: 0.5 % of reading
    assert verdict.note("MPa").render("zh") == "按准确度等级比较（0.05级 = 量程的 0.05%）；在 6 MPa 处为 ±0.03 MPa（0.5%）"
    assert verdict.note("MPa").render("en") == (
        "compared by its accuracy class (class 0.05 = 0.05 % of span); ±0.03 MPa (0.5%) at 6 MPa")


def test_a_002_class_6_mpa_gauge_is_found() -> None:
    verdict = judge(*_pressure("(0~6)MPa", "0.02级"), SIX_MPA_AT_005)
    assert (verdict.comparable, verdict.met, verdict.reason) == (True, True, "class")
    assert verdict.figure == pytest.approx(2e-4)


def test_a_relative_limit_is_met_at_every_requested_value_not_only_the_top() -> None:
    # 1-6 MPa at 0.05 %: the 0.02-class 0-6 MPa gauge errs 0.0012 MPa, 0.12 % of 1 MPa
    verdict = judge(*_pressure("(0~6)MPa", "0.02级"), Requirement(low=1e6, high=6e6, limit=5e-4))
    assert verdict.met is False and verdict.worst is not None and verdict.worst.value == 1e6
    assert verdict.figure == pytest.approx(1.2e-3)
    # a relative uncertainty is the same fraction at every value: met
    assert judge(*_pressure("(0~60)MPa", "Urel=0.01%, k=2"), Requirement(low=1e6, high=6e6, limit=5e-4)).met


def test_a_range_not_covered_is_not_met_and_says_so() -> None:
    verdict = judge(*_pressure("(0~6)MPa", "0.02级"), Requirement(low=0.0, high=10e6, limit=5e-4))
    assert (verdict.covers, verdict.met) == (False, False)
    assert verdict.note().render("en").startswith("its range does not cover the required one; ")


def test_a_relative_limit_at_zero_alone_is_not_comparable() -> None:
    verdict = judge(*_pressure("(0~6)MPa", "0.02级"), Requirement(low=0.0, high=0.0, limit=5e-4))
    assert (verdict.comparable, verdict.reason) == (False, "at_zero_only")


# ---------------------------------------------------------------- every form against a limit

ZERO_TO_TEN = Requirement(low=0.0, high=10.0)


@pytest.mark.parametrize("text,basis,e0,e10", FORMS)
@pytest.mark.parametrize("form", [None, "uncertainty", "mpe"])
def test_every_form_against_a_relative_limit(text: str, basis: str, e0: float, e10: float,
                                             form: str | None) -> None:
    # 0.02 % over 0-10 V: judged at 10 V (relative to 0 V means nothing)
    req = Requirement(low=0.0, high=10.0, limit=2e-4, relative=True, form=form)
    verdict = judge(_model(text), VOLTS, req)
    assert verdict.comparable and verdict.reason == basis
    assert verdict.figure == pytest.approx(e10 / 10)
    assert verdict.met is (e10 / 10 <= 2e-4 * (1 + 1e-9))
    crossed = form is not None and form != basis
    assert ("compared instead" in verdict.note().render("en")) is crossed
    assert ("代替比较" in verdict.note().render("zh")) is crossed


@pytest.mark.parametrize("text,basis,e0,e10", FORMS)
def test_every_form_against_an_absolute_limit(text: str, basis: str, e0: float, e10: float) -> None:
    # 2 mV over 0-10 V: the largest error over the range decides
    verdict = judge(_model(text), VOLTS, Requirement(low=0.0, high=10.0, limit=0.002, relative=False, unit="V"))
    assert verdict.comparable and verdict.reason == basis
    assert verdict.figure == pytest.approx(max(e0, e10))
    assert verdict.met is (max(e0, e10) <= 0.002 * (1 + 1e-9))


@pytest.mark.parametrize("text,basis,e0,e10", FORMS)
def test_an_absolute_limit_of_another_quantity_is_not_comparable(text: str, basis: str, e0: float,
                                                                 e10: float) -> None:
    verdict = judge(_model(text), VOLTS, Requirement(limit=0.002, relative=False, unit="A"))
    assert (verdict.comparable, verdict.met, verdict.reason) == (False, None, "unit")


def test_the_expected_verdicts_are_a_mix() -> None:
    """The tables above are not all passes or all failures (a test that cannot fail)."""
    met = [judge(_model(t), VOLTS, Requirement(0.0, 10.0, 2e-4)).met for t, *_ in FORMS]
    assert met == [True, True, True, True, False, False, True, True]


def test_without_a_limit_the_figure_ranks_over_the_rows_own_range() -> None:
    verdict = judge(_model("0.05级", parse_range("(0~60)MPa")), parse_range("(0~60)MPa"), Requirement())
    assert (verdict.comparable, verdict.met) == (True, None)
    assert verdict.figure == pytest.approx(5e-4)  # at its full scale: the class figure itself


# ---------------------------------------------------------------- every pair of forms, row against row


@pytest.mark.parametrize(("a", "b"), list(itertools.product(FORMS, FORMS)), ids=lambda f: f[0])
def test_every_pair_of_forms_relates_by_its_errors_at_both_ends(a: tuple[str, str, float, float],
                                                                b: tuple[str, str, float, float]) -> None:
    (ta, _, a0, a10), (tb, _, b0, b10) = a, b
    larger_somewhere = a0 > b0 + 1e-12 or a10 > b10 + 1e-12
    same = a0 == pytest.approx(b0) and a10 == pytest.approx(b10)
    expected = "worse" if larger_somewhere else "equal" if same else "better"
    assert relate(_model(ta), VOLTS, _model(tb), VOLTS) == expected


def test_relations_are_not_all_alike() -> None:
    found = {relate(_model(a), VOLTS, _model(b), VOLTS) for (a, *_), (b, *_) in itertools.product(FORMS, FORMS)}
    assert found == {"better", "equal", "worse"}


@pytest.mark.parametrize("text,reason", NOT_COMPARABLE)
def test_a_grade_or_counts_relates_to_nothing(text: str, reason: str) -> None:
    for other, *_ in FORMS:
        assert relate(_model(text), VOLTS, _model(other), VOLTS) == "not_comparable"
        assert relate(_model(other), VOLTS, _model(text), VOLTS) == "not_comparable"


def test_a_class_on_a_wide_range_is_worse_than_a_relative_uncertainty_at_the_low_end() -> None:
    wide = parse_range("(0~60)MPa")
    narrow = parse_range("(0~6)MPa")
    assert relate(_model("0.05级", wide), wide, _model("Urel=0.05%, k=2", narrow), narrow) == "worse"
    assert relate(_model("Urel=0.01%, k=2", wide), wide, _model("0.05级", narrow), narrow) == "better"


def test_rows_of_different_quantities_do_not_relate() -> None:
    amps = parse_range("(0~10)A")
    assert relate(_model("Urel=0.01%, k=2", amps), amps, _model("Urel=0.01%, k=2"), VOLTS) == "not_comparable"


def test_a_row_is_never_judged_at_values_outside_its_own_range() -> None:
    """Trial 9: a (-0.1~2.5) MPa 0.4级 gauge was "better" than a 0.05级 piston gauge's (1~60) MPa
    row because its error was worked out at 60 MPa, which it cannot measure."""
    gauge, piston = parse_range("(-0.1~2.5)MPa"), parse_range("(1~60)MPa")
    gauge_model, piston_model = _model("0.4级", gauge), _model("0.05级", piston)
    assert relate(gauge_model, gauge, piston_model, piston) == "not_comparable"
    # over the part it covers, (1~2.5) MPa, its 0.0104 MPa is smaller than the piston's 0.0295 MPa
    assert covers(gauge, piston) is False and covered_part(gauge, piston) == (1e6, 2.5e6)
    assert relate(gauge_model, gauge, piston_model, piston, over=(1e6, 2.5e6)) == "better"
    assert range_text(1e6, 2.5e6, piston) == "(1~2.5)MPa"


def test_ranges_that_only_touch_share_no_part_to_compare() -> None:
    cuff, piston = parse_range("(0~40)kPa"), parse_range("(0.04~0.6)MPa")
    assert covered_part(cuff, piston) is None
    point = parse_range("40kPa")
    assert covered_part(cuff, point) == (40e3, 40e3) and covers(cuff, point)
