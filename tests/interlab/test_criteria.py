"""The En and z criteria (JJF 1117; ISO 13528 / CNAS-GL002) as docs/comparisons.md states them."""

from __future__ import annotations

import pytest

from labregistry.crypto.jsonform import Detail
from labregistry.interlab.check import Scheme, judge
from labregistry.interlab.criteria import en_value, score_text, stated_agrees, verdict, verdict_allowed, z_score

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def test_en_is_the_difference_over_the_root_sum_of_squares_of_both_expanded_uncertainties() -> None:
    # the 1 V exam case: lab 6 reads 1.000004 V, U 5 μV; reference 1.000001 V, U 2 μV (k=2)
    en = en_value(1.000004, 1.000001, 5e-6, 2e-6)
    assert en == pytest.approx(3e-6 / (29e-12) ** 0.5)
    assert en is not None and round(en, 2) == 0.56
    assert en_value(1.0, 1.0, 0.0, None) is None


@pytest.mark.parametrize(("score", "expected"), [(0.0, "satisfactory"), (1.0, "satisfactory"), (-1.0, "satisfactory"),
                                                  (1.01, "unsatisfactory"), (-2.5, "unsatisfactory")])
def test_en_is_satisfactory_up_to_one_in_size(score: float, expected: str) -> None:
    assert verdict("en", score) == expected


@pytest.mark.parametrize(("score", "expected"), [(2.0, "satisfactory"), (-2.0, "satisfactory"), (2.01, "questionable"),
                                                  (-2.99, "questionable"), (3.0, "unsatisfactory"), (-4, "unsatisfactory")])
def test_z_is_satisfactory_to_two_questionable_below_three(score: float, expected: str) -> None:
    assert verdict("z", score) == expected


def test_z_is_the_difference_over_sigma_pt() -> None:
    assert z_score(10.3, 10.0, 0.15) == pytest.approx(2.0)
    assert z_score(1.0, 1.0, 0.0) is None


def test_a_stated_score_agrees_when_it_rounds_the_computed_one_to_its_decimals() -> None:
    assert stated_agrees(0.56, 0.557)
    assert stated_agrees(0.6, 0.557)
    assert not stated_agrees(0.62, 0.557)
    assert not stated_agrees(0.5, 0.557)  # 0.557 to one decimal is 0.6
    assert not stated_agrees(-0.56, 0.557)


def test_questionable_is_a_z_verdict_only() -> None:
    assert verdict_allowed("z", "questionable")
    assert not verdict_allowed("en", "questionable")
    assert verdict_allowed("en", "unsatisfactory")


@pytest.mark.engine_independent
@pytest.mark.parametrize(("x", "assigned", "sigma_pt", "limit", "expected"), [
    (10.3, 10.0, 0.15, 2.0, "satisfactory"),  # binary floats give 2.000000000000005: questionable
    (10.6, 10.0, 0.2, 3.0, "unsatisfactory"),  # binary floats give 2.9999999999999982: questionable
])
def test_a_z_exactly_at_a_limit_in_the_recorded_decimals_is_judged_at_that_limit(
        x: float, assigned: float, sigma_pt: float, limit: float, expected: str) -> None:
    z = z_score(x, assigned, sigma_pt)
    assert z == limit and verdict("z", z) == expected


@pytest.mark.engine_independent
def test_an_en_of_exactly_one_in_the_recorded_decimals_is_satisfactory() -> None:
    en = en_value(1.3, 1.0, 0.3, None)  # binary floats give 1.0000000000000002: unsatisfactory
    assert en == 1.0 and verdict("en", en) == "satisfactory"


@pytest.mark.engine_independent
def test_huge_or_tiny_numbers_are_judged_or_refused_never_overflow() -> None:
    en = en_value(1e200, 0.0, 1e200, 1e200)  # U² overflows a float
    assert en == pytest.approx(2 ** -0.5)
    judged = judge(Scheme("z", -1e300, sigma_pt=1e-300), 1e300, None, None, None)  # z beyond any float
    assert judged == ("score", "comparison.rule_no_score", {"criterion": Detail("comparison.criterion_z"),
                                                            "why": Detail("comparison.why_out_of_range")})


@pytest.mark.engine_independent
@pytest.mark.parametrize(("scheme", "value", "stated", "verdict_key"), [
    (Scheme("en", 0.0, 1.0), 1.004, 1.0, "unsatisfactory"),  # En 1.004 shown as 1.0 reads satisfactory
    (Scheme("z", 0.0, sigma_pt=1.0), 2.4, 2.0, "questionable"),  # z 2.4 shown as 2 reads satisfactory
    (Scheme("z", 0.0, sigma_pt=1.0), 2.6, 3.0, "questionable"),  # z 2.6 shown as 3 reads unsatisfactory
])
def test_a_stated_score_whose_rounding_reads_as_another_verdict_is_refused(
        scheme: Scheme, value: float, stated: float, verdict_key: str) -> None:
    problem = judge(scheme, value, None, stated, verdict_key)
    assert isinstance(problem, tuple) and problem[:2] == ("score", "comparison.rule_rounded_verdict")


@pytest.mark.engine_independent
def test_a_stated_score_in_exponent_form_is_held_to_its_decimals() -> None:
    assert stated_agrees(1e-07, 0.0)
    assert not stated_agrees(1e-07, 0.45)  # shown as 1E-07, it is not 0.45 to any rounding


@pytest.mark.engine_independent
@pytest.mark.parametrize(("scheme", "u", "stated", "column"), [
    (Scheme("z", 10.0, sigma_pt=-0.1), None, -2.0, "score"),  # a negative σ_pt turns z = +2 into -2
    (Scheme("en", 1.0, -0.1), 0.1, 1.41, "score"),  # a negative U of the reference value
    (Scheme("en", 1.0, 0.1), -0.1, 1.41, "uncertainty"),  # a negative U of the result
])
def test_a_negative_uncertainty_or_sigma_pt_is_refused(scheme: Scheme, u: float | None, stated: float,
                                                       column: str) -> None:
    problem = judge(scheme, 1.2 if scheme.criterion == "en" else 10.2, u, stated, "unsatisfactory"
                    if scheme.criterion == "en" else "satisfactory")
    assert isinstance(problem, tuple) and problem[0] == column and problem[1] == "comparison.rule_no_score"
    assert problem[2]["why"] == Detail("comparison.why_negative")


@pytest.mark.engine_independent
@pytest.mark.parametrize(("criterion", "score", "shown"), [
    ("en", 1.004, "1.004"),  # "1.00" would read 满意 beside 不满意
    ("en", -1.0004, "-1.0004"),
    ("en", 0.5555, "0.56"),
    ("z", 2.004, "2.004"),  # "2.00" would read 满意 beside 可疑
    ("z", 2.9996, "2.9996"),
    ("z", 1.234, "1.23"),
])
def test_a_score_is_shown_with_the_decimals_its_verdict_needs(criterion: str, score: float, shown: str) -> None:
    assert score_text(criterion, score) == shown  # type: ignore[arg-type]


@pytest.mark.engine_independent
def test_a_verdict_refusal_shows_the_score_that_gives_its_verdict() -> None:
    problem = judge(Scheme("en", 0.0, 1.0), 1.004 * 2 ** 0.5, 1.0, None, "satisfactory")
    assert isinstance(problem, tuple) and problem[1] == "comparison.rule_verdict"
    assert problem[2]["computed"] == "1.004"
