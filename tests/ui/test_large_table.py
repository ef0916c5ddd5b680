"""200,000 standards: opening, scrolling and sorting the table never loads every row."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from labregistry.registry import Registry
from labregistry.storage.bulk import insert_rows
from labregistry.storage.models import Standard
from tests.ui.conftest import CountingSource, add_institutes, make_registry, standard_row
from ui.models.record_table import RecordTableModel, RegistrySource
from ui.widgets.record_table_view import RecordTableView

ROWS = 200_000
TODAY = dt.date(2025, 6, 1)


def without_search_index(reg: Registry) -> None:
    try:
        from labregistry.inventory import textindex
    except ImportError:
        return
    with reg.engine.begin() as conn:
        textindex.uninstall(conn)


@pytest.fixture(scope="module")
def big_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    reg = make_registry(Path(tmp_path_factory.mktemp("big")) / "home")
    own, _ = add_institutes(reg)
    without_search_index(reg)  # the lists page through listing queries; indexing 200k rows is minutes
    with reg.engine.begin() as conn:
        insert_rows(
            conn,
            Standard,
            [
                standard_row(own, n, TODAY + dt.timedelta(days=n % 2000 - 300), uid=f"{n:032x}")
                for n in range(ROWS)
            ],
        )
    yield reg
    reg.close()


@pytest.mark.slow
def test_scrolling_200000_rows_fetches_only_what_is_shown(big_registry: Registry, qtbot: object) -> None:
    source = CountingSource(RegistrySource(big_registry))
    model = RecordTableModel(source, "standards", today=TODAY)
    view = RecordTableView()
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    view.setModel(model)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)  # type: ignore[attr-defined]

    started = time.perf_counter()
    model.refresh()
    view.grab()  # paint the first screen
    opened = time.perf_counter() - started
    assert model.rowCount() == ROWS
    assert 0 < model.fetched_rows <= model.page_size

    view.scrollToBottom()
    view.grab()
    last = model.index(ROWS - 1, model.column_index("certificate_no"))
    assert last.data(Qt.ItemDataRole.DisplayRole) == f"[2024]沪量标证字第{ROWS - 1:06d}号"
    view.scrollTo(model.index(ROWS // 2, 0))
    view.grab()
    assert model.fetched_rows <= 4 * model.page_size  # first page, a page or two at the end, the middle
    assert model.cached_rows() <= 2000
    assert len(source.id_queries) == 1

    started = time.perf_counter()
    view.sortByColumn(model.column_index("valid_until"), Qt.SortOrder.DescendingOrder)
    view.scrollToTop()
    view.grab()
    sorted_in = time.perf_counter() - started
    first = model.index(0, model.column_index("valid_until")).data(Qt.ItemDataRole.UserRole + 3)
    assert first == TODAY + dt.timedelta(days=1999 - 300)
    assert model.fetched_rows <= 6 * model.page_size
    assert opened < 5 and sorted_in < 5, (opened, sorted_in)
