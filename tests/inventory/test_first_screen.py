"""``services.inventory.search_then_count``: the app's regional search shows its first screen
before the count, and the count is of the same snapshot (issue 18, the app's path).

The first ids, their rows and the total must be those of the search read whole (the
oracle: ``search_ids`` and ``search(limit=None)``), on both engines; and a standard
committed between the first screen and the count is not counted: the number shown beside
the rows is the number of the matches they are the head of."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from labregistry.registry import Registry
from labregistry.services import inventory, records
from tests.services import test_recycle_bin
from tests.services.test_records import pressure_standard

reg = test_recycle_bin.reg  # the fixture: a registry with its own institute

ON = dt.date(2025, 6, 1)


@pytest.fixture
def pressures(reg: Registry) -> Registry:
    """Seven pressure standards, valid on ON but the last, of several accuracies and ranges."""
    for n, (accuracy, top, until) in enumerate([
        ("0.05级", "60", "2027-01-31"), ("0.02级", "60", "2026-05-31"), ("0.05级", "10", "2026-12-31"),
        ("0.1级", "100", "2027-06-30"), ("0.02级", "2.5", "2028-01-31"), ("0.05级", "60", "2026-05-31"),
        ("0.05级", "60", "2024-12-31"),
    ]):
        records.create_standard(reg, pressure_standard(certificate_no=f"[2022]苏量标证字第{n:04d}号",
                                                       accuracy_text=accuracy, range_text=f"(0～{top}) MPa",
                                                       valid_until=until))
    return reg


SEARCHES: list[dict[str, Any]] = [
    {"text": "压力"},
    {"text": "压力", "valid_on": ON},
    {"quantity": "pressure", "low": "0", "high": "1", "unit": "MPa", "valid_on": ON},
    {"quantity": "pressure", "low": "0", "high": "5", "unit": "MPa", "max_uncertainty": "0.02MPa", "valid_on": ON},
    {"quantity": "pressure", "low": "0", "high": "5", "unit": "MPa", "max_uncertainty": "0.02MPa",
     "comparable_only": True},
]


@pytest.mark.parametrize("limit", [1, 3, 50])
@pytest.mark.parametrize("inputs", SEARCHES, ids=range(len(SEARCHES)))
def test_the_first_screen_and_the_count_are_the_whole_search_s(pressures: Registry, inputs: dict[str, Any],
                                                               limit: int) -> None:
    criteria = inventory.build_criteria(**inputs)
    every = inventory.search(pressures, criteria, limit=None)
    assert every.rows, inputs  # every search finds some
    given: list[tuple[list[int], list[dict[str, Any]], int | None]] = []
    total = inventory.search_then_count(pressures, criteria, limit=limit, rows=2,
                                        shown=lambda ids, rows, n: given.append((ids, rows, n)))
    assert total == every.total == len(every.rows)
    [(ids, rows, known)] = given
    assert ids == [r["id"] for r in every.rows[:limit]]
    assert rows == every.rows[:min(2, limit)]  # the same rows, as the search shows them
    assert known == (total if total < limit else None)  # all of them: counted with the first screen


def test_a_standard_committed_after_the_first_screen_is_not_counted(pressures: Registry) -> None:
    """The count is read in the first screen's snapshot: an import (here one standard) that
    commits between them is seen by the next search, not counted beside rows without it."""
    criteria = inventory.build_criteria(text="压力", valid_on=ON)
    before = inventory.search(pressures, criteria, limit=None).total
    assert before is not None and before > 2

    def import_meanwhile(_ids: list[int], _rows: list[dict[str, Any]], _n: int | None) -> None:
        records.create_standard(pressures, pressure_standard(certificate_no="[2022]苏量标证字第0999号",
                                                             valid_until="2027-12-31"))

    total = inventory.search_then_count(pressures, criteria, limit=2, shown=import_meanwhile)
    assert total == before
    assert inventory.search(pressures, criteria, limit=None).total == before + 1  # seen by the next search


def test_a_short_first_page_is_every_match_and_is_not_counted_again(pressures: Registry, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from labregistry.inventory import search as core

    def no_count(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("counted again")

    monkeypatch.setattr(core, "count", no_count)
    given: list[int | None] = []
    total = inventory.search_then_count(pressures, inventory.build_criteria(text="压力", valid_on=ON), limit=50,
                                        shown=lambda _ids, _rows, n: given.append(n))
    assert given == [total] and total == 6


def test_the_rest_of_the_first_block_follows_the_screen_in_its_snapshot(pressures: Registry) -> None:
    """The app's worker reads the rows of the rest of the first block after the first screen,
    before the count (its GUI thread then reads nothing until the user scrolls past the
    block): the search's rows with their comparison counts, as ``rows_by_ids`` gives them,
    read in the first screen's snapshot: a standard deleted meanwhile is still among them."""
    criteria = inventory.build_criteria(text="压力", valid_on=ON)
    every = inventory.search(pressures, criteria, limit=None).rows
    assert len(every) > 4
    ids = [r["id"] for r in every[:4]]
    expected = inventory.rows_by_ids(pressures, criteria, ids[2:], comparisons=True)
    assert [expected[i]["comparisons"] for i in ids[2:]] == [{"count": 0, "satisfactory": 0}] * 2
    order: list[str] = []
    rest: list[list[dict[str, Any]]] = []

    def shown(_ids: list[int], rows: list[dict[str, Any]], _n: int | None) -> None:
        order.append("shown")
        assert [r["id"] for r in rows] == ids[:2] and all("comparisons" in r for r in rows)
        records.delete(pressures, "standard", ids[3])

    total = inventory.search_then_count(pressures, criteria, limit=4, rows=2, comparisons=True,
                                        shown=shown, rest=lambda rows: (order.append("rest"), rest.append(rows)))
    assert order == ["shown", "rest"] and total == len(every)
    assert rest == [[expected[i] for i in ids[2:]]]
    assert ids[3] not in inventory.rows_by_ids(pressures, criteria, ids)  # deleted: the next read's
