"""The table models under Qt's own model checker, over a real home with demo data.

``QAbstractItemModelTester`` (QtTest) checks every structural promise of a model (row and
column counts, indexes, parents, data for every role, the signals around resets) when it
is attached and again after every change; it reports a broken promise as a Qt warning,
which fails the test here. The expected rows come from the core's listing and search
services and the colours from each row's own status and dates, not from the models.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtTest import QAbstractItemModelTester

from labregistry import i18n as core_i18n
from labregistry.registry import Registry
from labregistry.services import inventory, listing
from tests.exchange.sites import make_site
from tests.ui.conftest import CountingSource, add_standards, standard_row
from ui.models.record_table import (
    STATE_COLOURS,
    RawValueRole,
    RecordTableModel,
    RegistrySource,
    RowIdRole,
    collated_ids,
    RowState,
    RowStateRole,
)
from ui.pages.inventory_page import BLOCK, COLUMNS, Blocks, InventoryModel

DISPLAY = Qt.ItemDataRole.DisplayRole
STANDARDS = 1000
PAGE = 100
#: the reminder users expect (DOMAIN.md: re-examination is applied for about six months before
#: expiry): a certificate ending within 180 days is "expiring", written here, not imported
EXPIRING_WITHIN = 180
#: standards added to the demo on the boundary days: days from today -> the colour they must have
BOUNDARY = {-1: RowState.EXPIRED, 0: RowState.EXPIRING, 1: RowState.EXPIRING, 179: RowState.EXPIRING,
            180: RowState.EXPIRING, 181: RowState.OK}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    """An institute with the demo generator's records: 1,000 standards, 100 authorisations,
    250 people, with expired, expiring, suspended and revoked ones among them. (The checker
    walks every index after every reset, so more rows only make the test slower; 200,000
    rows are in test_large_table.)"""
    site = make_site(tmp_path_factory.mktemp("demo"), "A", standards=STANDARDS, seed=7)
    with site.reg.uow() as uow:
        own_id = uow.institutes.own().id  # type: ignore[union-attr]
    today = dt.date.today()
    add_standards(site.reg, [standard_row(own_id, 900_000 + days, today + dt.timedelta(days=days),
                                          name=f"边界标准{days:+d}天") for days in BOUNDARY])
    yield site.reg
    site.reg.close()


@pytest.fixture(scope="module")
def today() -> dt.date:
    return dt.date.today()


def checked(model: QAbstractItemModel) -> QAbstractItemModelTester:
    """Qt's model tester on ``model``, failing the test on the first broken promise."""
    return QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)


def expected_state(row: dict[str, Any], today: dt.date) -> str:
    """The colour a row must have, from its status, validity and main instruments' due date
    (independent of the model)."""
    valid_until, status = row.get("valid_until"), row.get("status")
    if status == "revoked":
        return RowState.REVOKED
    if status == "expired" or (valid_until is not None and valid_until < today):
        return RowState.EXPIRED
    if status == "suspended":
        return RowState.SUSPENDED
    main_due = row.get("main_calibration_due")  # the instrument rule: a main instrument overdue
    if status == "valid" and main_due is not None and main_due < today:
        return RowState.NEEDS_RECALIBRATION
    if valid_until is not None and (valid_until - today).days <= EXPIRING_WITHIN:
        return RowState.EXPIRING
    return RowState.OK


def assert_coloured(model: QAbstractItemModel, row: int, state: str) -> None:
    index = model.index(row, 0)
    assert index.data(RowStateRole) == state
    background = index.data(Qt.ItemDataRole.BackgroundRole)
    foreground = index.data(Qt.ItemDataRole.ForegroundRole)
    if state in STATE_COLOURS:
        assert background.color().name() == STATE_COLOURS[state][0]
        assert foreground.color().name() == STATE_COLOURS[state][1]
    else:
        assert background is None


# ---------------------------------------------------------------- the record tables


@pytest.mark.parametrize("kind", ["standards", "authorisations", "staff"])
def test_record_tables_keep_qts_model_contract_through_sort_filter_and_paging(
    demo: Registry, today: dt.date, kind: str
) -> None:
    source = CountingSource(RegistrySource(demo))
    model = RecordTableModel(source, kind, today=today, page_size=PAGE, cache_rows=2 * PAGE)
    tester = checked(model)
    model.refresh()
    everything = listing.list_records(demo, listing.RecordQuery(kind=kind, own_only=True, today=today))
    by_id = {r["id"]: r for r in everything}
    assert model.rowCount() == len(everything) == len(set(model.ids())) > 0

    # sorting: the ids follow the core's order (dates checked here too; text order is the
    # database's collation), and the tester checks every reset (each walks every index: few)
    text_key = "name" if kind != "authorisations" else "certificate_no"
    for key, descending in (("valid_until", True), (text_key, False), ("valid_until", False)):
        model.sort(
            model.column_index(key),
            Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
        )
        expected = listing.record_ids(
            demo, listing.RecordQuery(kind=kind, own_only=True, sort=key, descending=descending, today=today)
        )
        column = model.columns[model.column_index(key)]
        if column.collated:  # people's names: by pinyin (ui.models.record_table.collated_ids)
            expected = collated_ids(by_id, expected, key, descending)
        assert list(model.ids()) == expected
        if key == "valid_until":
            dates = [d for d in (by_id[i][key] for i in model.ids()) if d is not None]
            assert dates == sorted(dates, reverse=descending)

    # paging through every row: one page per request (a page's cached rows are not pushed out
    # by the page's new ones), never more rows cached than the cache holds
    calls = model.fetch_calls
    seen = 0
    for row in range(model.rowCount()):
        record_id = model.index(row, 0).data(RowIdRole)
        raw = model.index(row, model.column_index("valid_until")).data(RawValueRole)
        assert raw == by_id[record_id]["valid_until"]
        assert model.cached_rows() <= 2 * PAGE
        seen += 1
    assert seen == len(everything)
    assert model.fetch_calls - calls <= math.ceil(len(everything) / PAGE)
    assert max(source.row_requests) <= PAGE

    # the expiring filter, then a search text on top, narrow the rows as the core's listing does
    model.set_expiring_within(EXPIRING_WITHIN)
    query = listing.RecordQuery(
        kind=kind, own_only=True, expiring_within=EXPIRING_WITHIN, today=today, sort="valid_until"
    )
    assert list(model.ids()) == listing.record_ids(demo, query) and 0 < model.rowCount() < len(everything)
    first = by_id[model.ids()[0]]
    word = str(first["name"] if kind == "staff" else first["certificate_no"])
    model.set_text(word)
    assert list(model.ids()) == listing.record_ids(demo, replace(query, text=word))
    assert model.ids()[0] == first["id"] and model.rowCount() < 5
    model.invalidate()  # dataChanged over every row: checked too
    model.retranslate()
    del tester


@pytest.mark.parametrize("kind", ["standards", "authorisations", "staff"])
def test_record_tables_colour_expired_expiring_and_suspended_rows(
    demo: Registry, today: dt.date, kind: str
) -> None:
    model = RecordTableModel(RegistrySource(demo), kind, today=today)
    tester = checked(model)
    model.refresh()
    rows = listing.rows_by_ids(demo, kind, list(model.ids()))
    states: dict[str, int] = {}
    for row, record_id in enumerate(model.ids()):
        state = expected_state(rows[record_id], today)
        states[state] = states.get(state, 0) + 1
        assert_coloured(model, row, state)
    assert states.get(RowState.EXPIRED) and states.get(RowState.EXPIRING)  # the demo has both
    if kind == "standards":  # the boundary days, by name
        names = {rows[record_id]["name"]: row for row, record_id in enumerate(model.ids())}
        for days, state in BOUNDARY.items():
            assert model.index(names[f"边界标准{days:+d}天"], 0).data(RowStateRole) == state, days
    if kind != "staff":  # people are active or not; records can be suspended
        assert states.get(RowState.SUSPENDED)
    del tester


# ---------------------------------------------------------------- the inventory results


def first_block(reg: Registry, criteria: inventory.Criteria, lang: str = "zh") -> tuple[int, list[dict[str, Any]]]:
    """(how many match, the first block of them), read and rendered as the inventory page's
    worker reads and renders them."""
    first: list[dict[str, Any]] = []
    total = inventory.search_then_count(reg, criteria, limit=BLOCK, comparisons=True,
                                        shown=lambda _ids, rows, _n: first.extend(rows))
    core_i18n.render_fields(first, inventory.RENDERED_FIELDS, lang)
    return total, first


def inventory_model(reg: Registry, criteria: inventory.Criteria, lang: str = "zh") -> InventoryModel:
    """The model as the inventory page fills it: the total and the first block, then by offset."""
    model = InventoryModel()
    model.reset(*first_block(reg, criteria, lang), Blocks.of_search(reg, criteria, lang), criteria.on)
    return model


@pytest.mark.parametrize("kind", ["standards", "authorisations", "staff"])
def test_inventory_results_keep_qts_model_contract_and_page_in_blocks(
    demo: Registry, today: dt.date, kind: str
) -> None:
    criteria = inventory.build_criteria(kind=kind)
    model = inventory_model(demo, criteria)
    tester = checked(model)
    everything = inventory.search(demo, criteria, limit=None)
    assert model.rowCount() == everything.total > BLOCK
    assert model.columnCount() == len(COLUMNS)
    for row in range(model.rowCount()):  # every row shown once, in rank order
        assert model.index(row, 0).data(Qt.ItemDataRole.UserRole) == everything.rows[row]["id"]
    # rows read once each, a block at a time; the ids past the first block once, all of them
    assert sum(model.row_reads) == model.rowCount() - BLOCK and max(model.row_reads) <= BLOCK
    assert model.id_reads == [(0, model.rowCount())]
    # a narrower search replaces the rows: the tester checks the reset
    narrower = inventory.build_criteria(
        kind=kind, text="计量" if kind != "staff" else everything.rows[0]["name"], valid_on=today
    )
    model.reset(*first_block(demo, narrower), None, narrower.on)
    assert 0 < model.rowCount() < everything.total
    del tester


def test_inventory_rows_read_past_the_first_block_say_their_notes_in_the_apps_language(demo: Registry) -> None:
    """Issue 17: a search's rows hold the basis of each row's accuracy at the range as a note
    the edge renders. The page renders the first block on its worker and each later block as
    the model reads it: a row past the first block says it in the app's language too (the
    uncertainty's tooltip), as the first row does."""
    criteria = inventory.build_criteria(quantity="pressure")
    model = inventory_model(demo, criteria, "en")
    notes = [r["accuracy_at_range"] for r in inventory.search(demo, criteria, limit=None).rows]
    assert model.rowCount() == len(notes) > BLOCK
    uncertainty = [key for key, _label in COLUMNS].index("uncertainty")
    for row in (0, BLOCK, model.rowCount() - 1):
        tip = model.index(row, uncertainty).data(Qt.ItemDataRole.ToolTipRole)
        assert tip == notes[row].render("en") != notes[row].render("zh"), (row, tip)
    assert model.row_reads  # the last rows were read by the model, not with the first block


def states_of(model: InventoryModel, on: dt.date) -> dict[str, int]:
    """Checks every row's colours; returns how many rows have each state."""
    states: dict[str, int] = {}
    for row in range(model.rowCount()):
        state = expected_state(model.row(row), on)
        states[state] = states.get(state, 0) + 1
        assert_coloured(model, row, state)
    return states


@pytest.mark.parametrize("kind", ["standards", "authorisations"])
def test_inventory_results_are_coloured_like_the_record_tables(
    demo: Registry, today: dt.date, kind: str
) -> None:
    # without a date (the command line's default) every record is listed, the valid ones first
    model = inventory_model(demo, inventory.build_criteria(kind=kind))
    tester = checked(model)
    states = states_of(model, today)
    assert states.get(RowState.EXPIRED) and states.get(RowState.EXPIRING) and states.get(RowState.SUSPENDED)
    # the app always searches on a date: only what is valid then, coloured when it expires within 180 days of it
    on = today + dt.timedelta(days=60)
    later = inventory.build_criteria(kind=kind, valid_on=on)
    model.reset(inventory.count(demo, later)[0], [], Blocks.of_search(demo, later, "zh"), later.on)
    states = states_of(model, on)
    # two months on, instruments not recalibrated by then are overdue: those standards need recalibration
    assert {RowState.OK, RowState.EXPIRING} <= set(states) <= {
        RowState.OK, RowState.EXPIRING, RowState.NEEDS_RECALIBRATION}
    del tester
