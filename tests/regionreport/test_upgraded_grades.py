"""What counts as an upgrade (升级) in the region report when the accuracy is a grade or a class."""

from __future__ import annotations

import pytest

from labregistry.regionreport.figures import _upgraded

pytestmark = pytest.mark.engine_independent


def _snap(accuracy: str, range_text: str = "0~300 ℃") -> dict[str, str]:
    return {"range_text": range_text, "accuracy_text": accuracy}


@pytest.mark.parametrize(("before", "after", "upgraded"), [
    ("二等", "一等", True),      # a re-issue at a higher grade is the upgrade the plan counts
    ("一等", "二等", False),     # a lower grade upgraded nothing
    ("二等", "二等", False),     # the same grade: re-examined
    ("E2级", "E1级", True),          # weights: OIML classes, one family
    ("F1级", "E2级", True),
    ("E1级", "F1级", False),
    ("二等", "E1级", False),       # two families: the report cannot defend either answer
    ("B级", "A级", True),
])
def test_a_better_grade_is_an_upgrade_and_only_within_one_family(before: str, after: str, upgraded: bool) -> None:
    assert _upgraded(_snap(before), _snap(after)) is upgraded


def test_a_better_grade_over_a_narrower_range_is_no_upgrade() -> None:
    assert not _upgraded(_snap("二等", "0~300 ℃"), _snap("一等", "0~100 ℃"))


def test_a_wider_range_at_the_same_grade_is_an_upgrade() -> None:
    assert _upgraded(_snap("二等", "0~100 ℃"), _snap("二等", "0~300 ℃"))
