"""200,000 standards: opening, scrolling and sorting the table never loads every row."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from labregistry.registry import Registry
from tests.conftest import BACKEND
from tests.ui.conftest import CountingSource, make_registry
from tests.ui.standards_200k import ROWS, TODAY, certificate, fill, valid_until
from ui.models.record_table import RecordTableModel, RegistrySource
from ui.widgets.record_table_view import RecordTableView


@pytest.fixture(scope="module")
def big_registry(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Registry]:
    """On SQLite, the run's shared 200,000-standard home (the session fixture ``big``,
    which test_table_models_200k.py reads too: built once, not once per file). On
    PostgreSQL, where that one is not built, the same standards in a home of its own,
    without the search index (its GIN indexes have no bulk mode; the list pages without it)."""
    if BACKEND != "postgres":
        yield request.getfixturevalue("big")
        return
    reg = make_registry(tmp_path_factory.mktemp("big") / "home")
    try:
        fill(reg, search_index=False)
        yield reg
    finally:
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

    model.refresh()
    view.grab()  # paint the first screen (how fast: benchmarks/table_open.py)
    assert model.rowCount() == ROWS
    assert 0 < model.fetched_rows <= model.page_size

    view.scrollToBottom()
    view.grab()
    last = model.index(ROWS - 1, model.column_index("certificate_no"))
    assert last.data(Qt.ItemDataRole.DisplayRole) == certificate(ROWS - 1)  # listed by certificate
    view.scrollTo(model.index(ROWS // 2, 0))
    view.grab()
    assert model.fetched_rows <= 4 * model.page_size  # first page, a page or two at the end, the middle
    assert model.cached_rows() <= 2000
    assert len(source.id_queries) == 1

    view.sortByColumn(model.column_index("valid_until"), Qt.SortOrder.DescendingOrder)
    view.scrollToTop()
    view.grab()
    first = model.index(0, model.column_index("valid_until")).data(Qt.ItemDataRole.UserRole + 3)
    assert first == max(valid_until(n) for n in range(1000))  # the latest of the thousand dates
    assert model.fetched_rows <= 6 * model.page_size
