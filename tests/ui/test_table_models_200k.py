"""The standards table model over 200,000 standards, without a window.

What a lab manager notices in a list this long: it opens at the right length, the first
page, the last page (scrolled to the end) and any page in between show the right records
in the right order, sorting by another column and searching narrow it correctly, and the
app does not grow while scrolling (the model keeps the sorted ids and a bounded cache of
rows, never every row). The expected rows come from queries written here against the
tables (SQLAlchemy Core, not the core's listing queries the model reads through) and from
how the rows were made.

The home (``tests/ui/standards_200k.py``, the session fixture ``big`` of the conftest) is
built in about ten seconds with set-based inserts (``storage.bulk``) inside the search
index's bulk mode (``textindex.deferred``), once per test run: the xdist workers and
test_large_table.py share the file (they only read it).

SQLite only: on PostgreSQL the same 200,000 inserts take a minute, nearly all of it
maintaining the free-text indexes (GIN over trigrams and bigrams, which have no bulk mode
there); dropping them and building them afterwards still takes 40 s of the CI's budget. The
model's queries are the same on both (the PostgreSQL pass runs the 1,000-standard model
tests in test_table_models_demo.py).
"""

from __future__ import annotations

import datetime as dt
import random
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from sqlalchemy import select

from labregistry.registry import Registry
from labregistry.storage.bulk import table_of
from labregistry.storage.models import Institute, Standard
from tests.ui.conftest import OWN_USCC, CountingSource
from tests.ui.standards_200k import ROWS, TODAY, certificate, status, valid_until
from ui.models.record_table import RawValueRole, RecordTableModel, RegistrySource, RowIdRole

pytestmark = [pytest.mark.sqlite_only, pytest.mark.slow]

DISPLAY = Qt.ItemDataRole.DisplayRole
EXPIRING_DAYS = 180
CACHE_BOUND = 2000  # RecordTableModel's default row cache, as the app's pages make it
STANDARD = table_of(Standard).c  # the table's columns, for the queries the model is checked against
INSTITUTE = table_of(Institute).c


@dataclass(frozen=True)
class Listed:
    """What one row shows: its id, certificate no., name, validity and status."""

    id: int
    certificate_no: str
    name: str
    valid_until: dt.date
    status: str


def own_id(reg: Registry) -> int:
    with reg.engine.connect() as conn:
        return int(conn.execute(select(INSTITUTE.id).where(INSTITUTE.uscc == OWN_USCC)).scalar_one())


def expected(reg: Registry, order: Sequence[Any], start: int, count: int) -> list[Listed]:
    """``count`` rows of the own institute from ``start``, straight from the table, in
    ``order`` (ending with the id, as the list breaks ties)."""
    stmt = (
        select(STANDARD.id, STANDARD.certificate_no, STANDARD.name, STANDARD.valid_until, STANDARD.status)
        .where(STANDARD.institute_id == own_id(reg))
        .order_by(*order)
        .offset(start)
        .limit(count)
    )
    with reg.engine.connect() as conn:
        return [Listed(*row) for row in conn.execute(stmt)]


def expected_ids(reg: Registry, order: Sequence[Any], *where: Any) -> list[int]:
    """The ids of the own institute's rows straight from the table, in ``order``."""
    stmt = select(STANDARD.id).where(STANDARD.institute_id == own_id(reg), *where).order_by(*order)
    with reg.engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


def shown(model: RecordTableModel, start: int, count: int) -> list[Listed]:
    """Rows ``start`` .. ``start + count`` as a view reads them: every cell of each row."""
    out = []
    columns = range(model.columnCount())
    for row in range(start, min(start + count, model.rowCount())):
        cells = {model.columns[c].key: model.index(row, c).data(DISPLAY) for c in columns}
        until = model.index(row, model.column_index("valid_until")).data(RawValueRole)
        out.append(
            Listed(
                model.index(row, 0).data(RowIdRole), cells["certificate_no"], cells["name"], until,
                model.index(row, model.column_index("status")).data(RawValueRole),
            )
        )  # fmt: skip
    return out


def standards_model(reg: Registry) -> tuple[RecordTableModel, CountingSource]:
    """The standards page's model, with the app's page size and cache bound."""
    source = CountingSource(RegistrySource(reg))
    model = RecordTableModel(source, "standards", today=TODAY)
    model.refresh()
    return model, source


# ---------------------------------------------------------------- opening and scrolling


def test_200000_standards_open_at_full_length_and_show_the_first_last_and_a_middle_page(
    big: Registry,
) -> None:
    model, source = standards_model(big)
    page = model.page_size
    assert model.rowCount() == ROWS  # the peer's 1,000 are not the own institute's
    assert model.fetched_rows == 0  # the ids only, until rows are shown

    by_certificate = (STANDARD.certificate_no, STANDARD.id)
    first = shown(model, 0, page)
    assert first == expected(big, by_certificate, 0, page)
    assert [r.certificate_no for r in first] == [certificate(n) for n in range(page)]
    assert [(r.valid_until, r.status) for r in first] == [(valid_until(n), status(n)) for n in range(page)]

    last = shown(model, ROWS - page, page)  # scrolled to the end
    assert last == expected(big, by_certificate, ROWS - page, page)
    assert last[-1].certificate_no == certificate(ROWS - 1)

    middle = random.Random(5).randrange(page, ROWS - 2 * page)
    rows = shown(model, middle, page)
    assert rows == expected(big, by_certificate, middle, page)
    assert [r.certificate_no for r in rows] == [certificate(n) for n in range(middle, middle + page)]

    # three screens shown: at most a page (or two, across a page boundary) fetched for each
    assert model.fetched_rows <= 5 * page and model.fetch_calls <= 5
    assert max(source.row_requests) <= page
    assert len(source.id_queries) == 1


def test_sorting_by_validity_or_name_orders_all_200000_as_the_database_does(big: Registry) -> None:
    model, _ = standards_model(big)
    page = model.page_size

    model.sort(model.column_index("valid_until"), Qt.SortOrder.DescendingOrder)
    newest_first = (STANDARD.valid_until.desc(), STANDARD.id.desc())
    assert list(model.ids()) == expected_ids(big, newest_first)
    assert shown(model, 0, page) == expected(big, newest_first, 0, page)
    assert shown(model, ROWS - page, page) == expected(big, newest_first, ROWS - page, page)
    assert shown(model, 0, 1)[0].valid_until == valid_until(999)
    assert shown(model, ROWS - 1, 1)[0].valid_until == valid_until(0)

    model.sort(model.column_index("name"), Qt.SortOrder.AscendingOrder)  # the database's collation
    by_name = (STANDARD.name, STANDARD.id)
    assert list(model.ids()) == expected_ids(big, by_name)
    middle = ROWS // 2 + 321
    assert shown(model, middle, page) == expected(big, by_name, middle, page)
    assert model.cached_rows() <= CACHE_BOUND


def test_search_and_filters_narrow_200000_standards_to_the_matching_ones(big: Registry) -> None:
    model, source = standards_model(big)

    model.set_text("第0123")  # as typed in the search box: certificates 012300 .. 012399
    assert [r.certificate_no for r in shown(model, 0, 1000)] == [certificate(n) for n in range(12300, 12400)]

    model.set_text("第01")  # 10,000 certificates, then the suspended ones among them
    assert model.rowCount() == 10_000
    model.set_status("suspended")
    wanted = [n for n in range(10_000, 20_000) if status(n) == "suspended"]
    assert [(r.certificate_no, r.status) for r in shown(model, 0, 1000)] == [
        (certificate(n), "suspended") for n in wanted
    ]

    model.set_expiring_within(EXPIRING_DAYS)  # on top: those whose validity ends within 180 days or has ended
    horizon = TODAY + dt.timedelta(days=EXPIRING_DAYS)
    wanted = [n for n in wanted if valid_until(n) <= horizon]
    assert 0 < len(wanted) < 200
    assert [r.certificate_no for r in shown(model, 0, 1000)] == [certificate(n) for n in wanted]

    model.set_text("")  # every expiring suspended standard, checked against the table
    query = (
        STANDARD.status == "suspended",
        STANDARD.valid_until <= horizon,
    )
    assert list(model.ids()) == expected_ids(big, (STANDARD.certificate_no, STANDARD.id), *query)

    model.set_status(None)
    model.set_expiring_within(None)
    assert model.rowCount() == ROWS
    assert len(source.id_queries) == 8  # the first, and one per change, none for the same filter again
    assert model.cached_rows() <= CACHE_BOUND


# ---------------------------------------------------------------- memory


def scroll_to(model: RecordTableModel, start: int) -> None:
    """What painting a screen from ``start`` asks of the model: each row's text and colour
    (one column is enough: a row is fetched and cached whole, with its page)."""
    for row in range(start, start + model.page_size):
        index = model.index(row, 0)
        index.data(DISPLAY)
        index.data(Qt.ItemDataRole.BackgroundRole)


def test_scrolling_through_200000_standards_keeps_memory_bounded(big: Registry) -> None:
    """tracemalloc counts every Python allocation: the first ten pages fill the row cache,
    then five times the cache's worth of rows more must not grow memory (the 200,000 ids
    are kept by design, and are allocated before the count starts)."""
    model, _ = standards_model(big)
    page, bound = model.page_size, CACHE_BOUND
    starts = random.Random(11).sample(range(0, ROWS - page, page), 60)
    tracemalloc.start()
    try:
        empty = tracemalloc.get_traced_memory()[0]
        for start in starts[:10]:  # 2,000 rows: a full cache
            scroll_to(model, start)
        full = tracemalloc.get_traced_memory()[0]
        assert model.cached_rows() == bound
        for start in starts[10:]:  # 10,000 rows more
            scroll_to(model, start)
            assert model.cached_rows() <= bound
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert model.fetched_rows == 60 * page
    cache = full - empty
    assert cache > bound * 500  # the rows do take memory (about a kilobyte or more each) ...
    assert after - full < cache / 10, (cache, after - full)  # ... but no more rows are kept


# ---------------------------------------------------------------- Qt's model checker


def test_qt_model_tester_over_a_search_in_200000_standards(big: Registry) -> None:
    """QAbstractItemModelTester walks every row after every reset (about 0.25 ms a row: a
    minute for 200,000), so it checks the model narrowed by a search to 1,000 standards,
    through sorting, paging, filtering and a language change."""
    model = RecordTableModel(RegistrySource(big), "standards", today=TODAY)
    model.set_text("第012")  # before the first query: the full list is never walked
    model.refresh()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    assert model.rowCount() == 1000
    model.sort(model.column_index("valid_until"), Qt.SortOrder.DescendingOrder)
    for start in range(0, 1000, model.page_size):  # every page fetched
        shown(model, start, 1)
    assert shown(model, 999, 1)[0].valid_until == min(valid_until(n) for n in range(12000, 13000))
    model.set_status("suspended")
    assert model.rowCount() == 20
    model.invalidate()
    model.retranslate()
    model.set_status(None)
    assert model.rowCount() == 1000
    del tester
