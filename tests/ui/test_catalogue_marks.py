"""The records tables mark a standard or an authorisation citing a procedure edition the
catalogue says is superseded or withdrawn (docs/catalogues.md), in a column of their own, read
with the row's page: the number of queries per page does not grow with the rows shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import event, select

from labregistry.registry import Registry
from labregistry.services import listing
from labregistry.storage.bulk import insert_rows
from labregistry.storage.models import Authorisation, AuthorisationItem, Service, Standard
from ui.models.record_table import RecordTableModel, RegistrySource
from ui.pages.records import RecordsPage
from ui.settings import Settings

TOOLTIP = Qt.ItemDataRole.ToolTipRole


def _cite(reg: Registry) -> None:
    """Standard 1 cites JJG 270-1995 (older than JJG 270-2008, in force in the shipped catalogue)
    and JJG 270-2008; the 2024 authorisation gets an item citing JJG 543-1996 (shipped superseded)."""
    with reg.engine.begin() as conn:
        standard = conn.execute(select(Standard.id).where(Standard.name == "活塞式压力计标准装置")).scalar_one()
        insert_rows(conn, Service, [
            {"standard_id": standard, "position": 0, "name": "血压计检定", "procedure": "JJG 270-1995",
             "kind": "verification"},
            {"standard_id": standard, "position": 1, "name": "血压表检定", "procedure": "JJG 270-2008",
             "kind": "verification"}])
        auth = conn.execute(select(Authorisation.id).where(
            Authorisation.certificate_no == "(沪)法计(2024)01001号")).scalar_one()
        insert_rows(conn, AuthorisationItem, [
            {"authorisation_id": auth, "position": 9, "name": "心电图机", "range_text": None, "quantity": None,
             "range_min": None, "range_max": None, "unit": None, "accuracy_text": None,
             "procedure": "JJG 543-1996"}])


def _column(model: RecordTableModel) -> int:
    column = model.column_index("catalogue_marks")
    assert column >= 0
    return column


def _texts(model: RecordTableModel, role: Any = Qt.ItemDataRole.DisplayRole) -> dict[str, Any]:
    column = _column(model)
    cert = model.column_index("certificate_no")
    return {model.index(r, cert).data(): model.index(r, column).data(role) for r in range(model.rowCount())}


def test_a_standard_citing_a_superseded_edition_is_marked_and_its_tooltip_names_the_replacement(
        small_registry: Registry, qtbot: Any, tmp_path: Any) -> None:
    _cite(small_registry)
    page = RecordsPage(RegistrySource(small_registry), "standards", Settings(tmp_path / "s.ini"))
    qtbot.addWidget(page)
    page.load()
    shown = _texts(page.model)
    assert shown["[2024]沪量标证字第000001号"] == "⚠ Superseded procedure"
    assert [cert for cert, text in shown.items() if text] == ["[2024]沪量标证字第000001号"]  # the others: no mark
    tip = _texts(page.model, TOOLTIP)["[2024]沪量标证字第000001号"]
    assert "血压计检定" in tip and "JJG 270-1995" in tip and "JJG 270-2008" in tip  # the service and its replacement
    assert "血压表检定" not in tip  # the edition in force is not flagged
    # the column cannot be sorted (computed per row): a click leaves the order as it was
    before = list(page.model.ids())
    page.view.horizontalHeader().sectionClicked.emit(_column(page.model))
    page.model.sort(_column(page.model), Qt.SortOrder.DescendingOrder)
    assert list(page.model.ids()) == before
    assert page.view.horizontalHeader().sortIndicatorSection() == page.model.column_index("certificate_no")


def test_an_authorisation_with_an_item_citing_a_superseded_edition_is_marked(small_registry: Registry) -> None:
    _cite(small_registry)
    model = RecordTableModel(RegistrySource(small_registry), "authorisations")
    model.refresh()
    shown = _texts(model)
    assert shown == {"(沪)法计(2024)01001号": "⚠ Superseded procedure", "(沪)法计(2021)00042号": None}
    assert "心电图机" in _texts(model, TOOLTIP)["(沪)法计(2024)01001号"]


def test_the_marks_cost_the_same_queries_for_one_row_as_for_a_page(small_registry: Registry) -> None:
    _cite(small_registry)
    ids = listing.record_ids(small_registry, listing.RecordQuery(kind="standards"))
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(small_registry.engine, "before_cursor_execute", count)
    try:
        listing.rows_by_ids(small_registry, "standards", ids[:1])
        one = len(statements)
        statements.clear()
        rows = listing.rows_by_ids(small_registry, "standards", ids)
        assert len(statements) == one
    finally:
        event.remove(small_registry.engine, "before_cursor_execute", count)
    assert sum(bool(r["catalogue_marks"]) for r in rows.values()) == 1
