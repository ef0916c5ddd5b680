"""A standard ranks by the capability row that answers best (8 Dec 2026), on both databases.

Of a standard's rows that answer a search (cover the range and, with a limit, are within it or
cannot be compared), the best is the one with the best figure and, of those, the tightest range;
its figure and its range place the standard, and it is the row the result shows. Before, the
best figure and the tightest range were taken from any two rows (a row outside the limit could
lend its range), so a standard could be placed by a range it does not answer with. Every way a
page is read (the rows' bounded sort, the summary grouped, the general plan's grouping) ranks
by this rule: the answers of each are compared in tests/inventory/test_search_plans.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from labregistry.domain.records import CapabilityInput, StandardInput
from labregistry.inventory.criteria import build_criteria
from labregistry.registry import Registry
from labregistry.services import inventory
from tests.inventory.region import ON, fill, open_site, std


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def home(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Registry]:
    url = str(request.getfixturevalue("pg_url")) if request.param == "postgres" else None
    reg = open_site(tmp_path, "A", url)
    yield reg
    reg.close()


def _standard(cert: str, until: str, *rows: tuple[str, str]) -> StandardInput:
    inp = std("数字压力计标准装置", "12114500", cert, "2024-01-01", until, rows[0][0], rows[0][1])
    inp.capabilities = [CapabilityInput("压力", rng, None, acc) for rng, acc in rows]
    return inp


#: Pressure 0.5~60 MPa with U <= 0.02 MPa (an absolute limit: a row's figure is its U).
ASKED = {"quantity": "压力", "low": 0.5, "high": 60, "unit": "MPa", "max_uncertainty": "0.02MPa"}


def test_a_standard_ranks_by_its_best_answering_row_and_shows_it(home: Registry) -> None:
    fill(home, [
        # X: its best row (U 5 kPa) spans 100 MPa; a worse one (10 kPa, within the limit) 60 MPa
        _standard("X", "2028-12-31", ("(0~100)MPa", "U=0.005MPa"), ("(0~60)MPa", "U=0.01MPa")),
        # Y: one row, U 5 kPa over 80 MPa
        _standard("Y", "2027-06-30", ("(0~80)MPa", "U=0.005MPa")),
        # Z: U 5 kPa over 100 MPa; a row outside the limit (50 kPa) over 60.5 MPa answers nothing
        _standard("Z", "2027-12-31", ("(0~100)MPa", "U=0.005MPa"), ("(0~60.5)MPa", "U=0.05MPa")),
        # W: two rows of the same figure: the tighter one places it and is shown
        _standard("W", "2026-12-31", ("(0~100)MPa", "U=0.005MPa"), ("(0~90)MPa", "U=0.005MPa")),
    ])
    criteria = build_criteria(**ASKED, valid_on=ON, today=ON)
    page = inventory.search(home, criteria, limit=50)
    # all best at 5 kPa; then by the best row's span: Y 80, W 90, then X and Z at 100 by their
    # end of validity (X later). The old rule: X (60 from its worse row), Z (60.5 from a row
    # outside the limit), Y (80), W (90)
    assert [r["certificate_no"] for r in page.rows] == ["Y", "W", "X", "Z"]
    assert [r["range_max"] for r in page.rows] == [80e6, 90e6, 100e6, 100e6]  # the row shown, in pascals
    assert (page.total, page.not_comparable) == (4, 0)
    # every way of reading the page ranks the same: the rows' first page, the whole ranking
    assert [r["certificate_no"] for r in inventory.search(home, criteria, limit=None).rows] == ["Y", "W", "X", "Z"]
    ids = inventory.search_ids(home, criteria)
    assert inventory.search_ids(home, criteria, 1, 2) == ids[1:3]
    # and with another filter of the standards (the general plan's grouping)
    placed = build_criteria(**ASKED, valid_on=ON, provinces="上海", today=ON)
    assert [r["certificate_no"] for r in inventory.search(home, placed, limit=3).rows] == ["Y", "W", "X"]


def test_a_row_outside_the_limit_neither_matches_nor_places(home: Registry) -> None:
    """A standard whose only row within the limit cannot be compared is listed after the
    comparable ones, placed by that row's range, not by a tighter row outside the limit."""
    fill(home, [
        _standard("P", "2028-12-31", ("(0~100)MPa", "U=0.005MPa")),
        # Q: a row outside the limit over 60 MPa, and one that cannot be compared (a grade)
        _standard("Q", "2028-12-31", ("(0~60)MPa", "U=0.05MPa"), ("(0~70)MPa", "二等")),
        # R: outside the limit only: no match
        _standard("R", "2028-12-31", ("(0~60)MPa", "U=0.05MPa")),
    ])
    criteria = build_criteria(**ASKED, valid_on=ON, today=ON)
    page = inventory.search(home, criteria, limit=50)
    assert [(r["certificate_no"], r["comparable"]) for r in page.rows] == [("P", True), ("Q", False)]
    assert (page.total, page.not_comparable) == (2, 1)
    assert inventory.count(home, criteria) == (2, 1)
