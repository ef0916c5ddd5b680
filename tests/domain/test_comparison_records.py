"""Several records of one comparison (docs/comparisons.md): which are one comparison, whose
result is shown. The rules without a database."""

from __future__ import annotations

import pytest

from labregistry.domain.comparison_records import Record, grouped, participant_key, preferred, same_comparison

pytestmark = pytest.mark.engine_independent

A, B, C = "12310000425011296P", "12320000466002712H", "12330000470040568F"
REF: tuple[float | None, float | None, float | None] = (10.000012, 0.0003, None)


def rec(recorder: str, order: int, scheme: str = "CCEM-K4.2017", name: str | None = "中国计量科学研究院",
        code: str | None = "CCEM-K4.2017",
        reference: tuple[float | None, float | None, float | None] = REF) -> Record:
    return Record(scheme, recorder, name, code, "en", reference, (order,))


def test_records_agree_on_scheme_pilot_and_reference_whatever_the_spelling() -> None:
    assert same_comparison(rec(A, 1), rec(B, 2, scheme="ＣＣＥＭ－K4.2017 "))  # full-width, a space
    assert same_comparison(rec(A, 1), rec(B, 2, scheme="ccem-k4.2017"))  # case
    assert same_comparison(rec(A, 1, code=None), rec(B, 2, name="中国计量科学研究院 "))  # by name when a code lacks
    assert not same_comparison(rec(A, 1), rec(B, 2, code="CCEM-K4.2018"))  # both codes given: they decide
    assert not same_comparison(rec(A, 1), rec(B, 2, reference=(10.000013, 0.0003, None)))
    assert not same_comparison(rec(A, 1), rec(B, 2, scheme="CCEM-K4.2018"))


def test_two_pilots_records_are_two_pilots_and_an_outside_pilot_is_not_the_recorder() -> None:
    assert not same_comparison(rec(A, 1, name=None, code=None), rec(B, 2, name=None, code=None))
    assert same_comparison(rec(A, 1, name=None, code=None), rec(A, 2, name=None, code=None))
    assert not same_comparison(rec(A, 1, name=None, code=None), rec(B, 2))


def test_groups_keep_the_first_recorder_first_and_disagreeing_records_apart() -> None:
    items = [rec(C, 3, reference=(10.000013, 0.0003, None)), rec(B, 2), rec(A, 1), rec(A, 4, scheme="CCEM-K2")]
    groups = grouped(items, lambda r: r)
    assert [[r.recorded_by for r in g] for g in groups] == [[A, B], [C], [A]]


def test_a_participants_result_comes_from_its_own_record_else_the_first_recorders() -> None:
    first, second = rec(A, 1), rec(B, 2)
    assert preferred([second, first], B, lambda r: r) is second  # B's own record
    assert preferred([second, first], C, lambda r: r) is first  # C recorded nothing: the first recorder's
    assert preferred([second, first], None, lambda r: r) is first


def test_a_participant_named_only_is_matched_by_the_uscc_another_record_gives_its_name() -> None:
    names = {"江苏省计量科学研究院": B}
    assert participant_key(None, "江苏省计量科学研究院 ", names) == B
    assert participant_key(B, "江苏省计量院", names) == B
    assert participant_key(None, "南京市计量监督检测院", names) == "name:南京市计量监督检测院"
