"""The standards table model over 200,000 standards, without a window.

What a lab manager notices in a list this long: it opens at the right length, the first
page, the last page (scrolled to the end) and any page in between show the right records
in the right order, sorting by another column and searching narrow it correctly, and the
app does not grow while scrolling (the model keeps the sorted ids and a bounded cache of
rows, never every row). The expected rows come from queries written here against the
tables (SQLAlchemy Core, not the core's listing queries the model reads through) and from
how the rows were made.

The home is built in about ten seconds with set-based inserts (``storage.bulk``) inside
the search index's bulk mode (``textindex.deferred``), once per test run: the xdist
workers share the file (they only read it).

SQLite only: on PostgreSQL the same 200,000 inserts take a minute, nearly all of it
maintaining the free-text indexes (GIN over trigrams and bigrams, which have no bulk mode
there); dropping them and building them afterwards still takes 40 s of the CI's budget. The
model's queries are the same on both (the PostgreSQL pass runs the 1,000-standard model
tests in test_table_models_demo.py).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import random
import tracemalloc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from sqlalchemy import select

from labregistry.inventory import textindex
from labregistry.registry import Registry, open_registry
from labregistry.storage.bulk import insert_returning_ids, insert_values, table_of
from labregistry.storage.models import Institute, Standard, utcnow
from tests.ui.conftest import OWN_USCC, PEER_USCC, CountingSource, institute_row, make_registry
from ui.models.record_table import RawValueRole, RecordTableModel, RegistrySource, RowIdRole

pytestmark = [pytest.mark.sqlite_only, pytest.mark.slow]

DISPLAY = Qt.ItemDataRole.DisplayRole
ROWS = 200_000
PEER_ROWS = 1_000  # the same certificate numbers at another institute: never listed
TODAY = dt.date(2025, 6, 1)
EXPIRING_DAYS = 180
CACHE_BOUND = 2000  # RecordTableModel's default row cache, as the app's pages make it
STANDARD = table_of(Standard).c  # the table's columns, for the queries the model is checked against
INSTITUTE = table_of(Institute).c
COLUMNS = (
    "uid", "institute_id", "name", "code", "code_temporary", "grade", "certificate_no", "valid_until",
    "range_text", "accuracy_text", "status", "created_at", "updated_at",
)  # fmt: skip


# ---------------------------------------------------------------- the 200,000 standards


def certificate(n: int) -> str:
    return f"[2024]沪量标证字第{n:06d}号"


def valid_until(n: int) -> dt.date:
    """A thousand dates from 200 days ago on: standards 1,000 apart share one."""
    return TODAY + dt.timedelta(days=n % 1000 - 200)


def status(n: int) -> str:
    return "suspended" if n % 50 == 7 else "valid"


def numbers_in_insert_order() -> list[int]:
    """Standard numbers in the order they are inserted (so, by id): two runs interleaved
    (0, 100000, 1, 100001, ...), so the certificate order is not the id order. (Appending
    to two places keeps the inserts cheap; a random order costs SQLite twice the time.)"""
    half = ROWS // 2
    return [(i % 2) * half + i // 2 for i in range(ROWS)]


def standard_values(institute_id: int, n: int, now: dt.datetime, *, peer: bool = False) -> tuple[Any, ...]:
    """Standard number ``n`` as values for :data:`COLUMNS`: what the list shows, no children."""
    words = ("压力", "温度", "质量", "电学")
    name = "江苏的标准" if peer else f"{words[n % 4]}标准装置{n:06d}"
    uid = f"{n + (10**9 if peer else 0):032x}"
    return (
        uid, institute_id, name, f"{n % 100000:05d}", False, "public", certificate(n), valid_until(n),
        "(0~10) MPa", "U=0.05%, k=2", status(n), now, now,
    )  # fmt: skip


def build_home(home: Path) -> None:
    """An own institute with ROWS standards and a peer with PEER_ROWS, in seconds."""
    reg = make_registry(home)
    try:
        now = utcnow()
        with reg.engine.begin() as conn:
            own, peer = insert_returning_ids(
                conn,
                Institute,
                [
                    institute_row(OWN_USCC, "上海市计量测试技术研究院", own=True),
                    institute_row(PEER_USCC, "江苏省计量科学研究院", own=False, province="江苏", city="南京"),
                ],
            )
            with textindex.deferred(conn):  # the search index: one pass at the end, not per row
                peers = [standard_values(peer, n, now, peer=True) for n in range(PEER_ROWS)]
                insert_values(conn, Standard, COLUMNS, peers)
                rows = [standard_values(own, n, now) for n in numbers_in_insert_order()]
                insert_values(conn, Standard, COLUMNS, rows)
    finally:
        reg.close()


@pytest.fixture(scope="session")
def big(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Registry]:
    """The registry with 200,000 own standards, built once per run: by the first xdist
    worker that needs it, under a lock; the others wait and open the same file."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the run's folder, above each worker's own
    home = shared / "standards-200k" / "home"
    built = home.parent / "built"
    with (shared / "standards-200k.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            build_home(home)
            built.touch()
    reg = open_registry(home, migrate=False, logging=False)  # no migration, no daily backup
    yield reg
    reg.close()


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

    model.set_expiring_within(EXPIRING_DAYS)  # on top: those whose validity ends within 180 days
    horizon = TODAY + dt.timedelta(days=EXPIRING_DAYS)
    wanted = [n for n in wanted if TODAY <= valid_until(n) <= horizon]
    assert 0 < len(wanted) < 200
    assert [r.certificate_no for r in shown(model, 0, 1000)] == [certificate(n) for n in wanted]

    model.set_text("")  # every expiring suspended standard, checked against the table
    query = (
        STANDARD.status == "suspended",
        STANDARD.valid_until >= TODAY,
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
