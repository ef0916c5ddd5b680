"""The En and z criteria (JJF 1117; ISO 13528 / CNAS-GL002) as docs/comparisons.md states them."""

from __future__ import annotations

import pytest

from labregistry.interlab.criteria import en_value, stated_agrees, verdict, verdict_allowed, z_score

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
