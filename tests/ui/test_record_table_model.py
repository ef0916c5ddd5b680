"""The lazy record table model, without a window (after Vorta's model tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from labregistry.registry import Registry
from tests.ui.conftest import CountingSource, add_person, add_standards, standard_row
from ui import i18n
from ui.models.record_table import (
    STATE_COLOURS,
    ColumnKeyRole,
    RawValueRole,
    RecordTableModel,
    RegistrySource,
    RowIdRole,
    RowState,
    RowStateRole,
    row_state,
)

DISPLAY = Qt.ItemDataRole.DisplayRole


def make_model(
    reg: Registry, kind: str, today: dt.date, **kw: Any
) -> tuple[RecordTableModel, CountingSource]:
    source = CountingSource(RegistrySource(reg))
    model = RecordTableModel(source, kind, today=today, **kw)
    return model, source


def column(model: RecordTableModel, key: str) -> list[Any]:
    col = model.column_index(key)
    return [model.index(row, col).data(DISPLAY) for row in range(model.rowCount())]


def raw(model: RecordTableModel, key: str) -> list[Any]:
    col = model.column_index(key)
    return [model.index(row, col).data(RawValueRole) for row in range(model.rowCount())]


@pytest.fixture
def standards(small_registry: Registry, today: dt.date) -> tuple[RecordTableModel, CountingSource]:
    model, source = make_model(small_registry, "standards", today)
    model.refresh()
    return model, source


def test_nothing_is_queried_until_refresh(small_registry: Registry, today: dt.date) -> None:
    model, source = make_model(small_registry, "standards", today)
    model.sort(model.column_index("name"), Qt.SortOrder.DescendingOrder)
    model.set_text("标准")
    assert model.rowCount() == 0 and source.id_queries == [] and source.row_requests == []
    model.refresh()
    assert len(source.id_queries) == 1
    assert source.id_queries[0].sort == "name" and source.id_queries[0].text == "标准"


def test_lists_the_own_institutes_standards_in_certificate_order(standards: Any) -> None:
    model, _ = standards
    assert model.rowCount() == 5
    assert model.columnCount() == len(model.columns)
    certificates = column(model, "certificate_no")
    assert certificates == sorted(certificates)
    assert "苏-0001" not in certificates  # the peer's standard
    assert column(model, "name")[0] == "活塞式压力计标准装置"


def test_row_id_role_gives_ids_without_fetching_rows(standards: Any) -> None:
    model, source = standards
    ids = [model.index(row, 0).data(RowIdRole) for row in range(model.rowCount())]
    assert ids == list(model.ids()) and all(isinstance(i, int) for i in ids)
    assert source.row_requests == []
    assert model.row_for_id(ids[3]) == 3 and model.id_at(3) == ids[3]


def test_rows_are_fetched_a_page_at_a_time_and_cached(standards: Any) -> None:
    model, source = standards
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            model.index(row, col).data(DISPLAY)
    assert source.row_requests == [5]  # one page, then the cache
    assert model.fetch_calls == 1 and model.fetched_rows == 5


def test_dates_are_iso_and_enumerations_use_core_labels(standards: Any, today: dt.date) -> None:
    model, _ = standards
    assert column(model, "valid_until")[0] == (today + dt.timedelta(days=800)).isoformat()
    assert raw(model, "valid_until")[0] == today + dt.timedelta(days=800)
    assert column(model, "grade")[0] == "public measurement standard"
    assert column(model, "status")[0] == "valid"
    i18n.Translations().install("zh_CN")
    assert column(model, "grade")[0] == "社会公用计量标准"
    assert column(model, "status")[3] == "暂停"


def test_header_titles_translate_and_name_their_keys(standards: Any) -> None:
    model, _ = standards
    col = model.column_index("certificate_no")
    assert model.headerData(col, Qt.Orientation.Horizontal, DISPLAY) == "Certificate no."
    assert model.headerData(col, Qt.Orientation.Horizontal, ColumnKeyRole) == "certificate_no"
    translations = i18n.Translations()
    assert translations.install("zh_CN")
    assert model.headerData(col, Qt.Orientation.Horizontal, DISPLAY) == "证书编号"


def test_sorting_requeries_the_ids(standards: Any) -> None:
    model, source = standards
    model.sort(model.column_index("valid_until"), Qt.SortOrder.DescendingOrder)
    dates = raw(model, "valid_until")
    assert dates == sorted(dates, reverse=True)
    assert source.id_queries[-1].sort == "valid_until" and source.id_queries[-1].descending
    assert model.sort_column() == model.column_index("valid_until")
    assert model.sort_order() == Qt.SortOrder.DescendingOrder
    model.sort(model.column_index("name"), Qt.SortOrder.AscendingOrder)
    names = column(model, "name")
    assert names == sorted(names)
    queries = len(source.id_queries)
    model.sort(model.column_index("name"), Qt.SortOrder.AscendingOrder)  # unchanged: no query
    assert len(source.id_queries) == queries


def test_text_filter(standards: Any) -> None:
    model, _ = standards
    model.set_text("砝码")
    assert column(model, "name") == ["砝码标准装置"]
    model.set_text("  000002 ")  # a part of the certificate number
    assert column(model, "name") == ["电能表检定装置"]
    model.set_text("")
    assert model.rowCount() == 5


def test_expiring_filter_keeps_rows_ending_within_180_days(standards: Any) -> None:
    model, _ = standards
    model.set_expiring_within(180)
    # ending within 180 days, or already ended (still to renew); the revoked one is no reminder
    assert column(model, "name") == ["电能表检定装置", "砝码标准装置"]
    model.set_expiring_within(None)
    assert model.rowCount() == 5


def test_status_colours(standards: Any) -> None:
    model, _ = standards
    name = model.column_index("name")
    states = {}
    for row in range(model.rowCount()):
        index = model.index(row, name)
        state = index.data(RowStateRole)
        states[index.data(DISPLAY)] = state
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if state == RowState.OK:
            assert background is None and foreground is None
        else:
            assert background.color().name() == STATE_COLOURS[state][0]
            assert foreground.color().name() == STATE_COLOURS[state][1]
    assert states == {
        "活塞式压力计标准装置": RowState.OK,
        "电能表检定装置": RowState.EXPIRED,
        "砝码标准装置": RowState.EXPIRING,
        "温度计标准装置": RowState.SUSPENDED,
        "水表检定装置": RowState.REVOKED,
    }
    expiring = model.index(column(model, "name").index("砝码标准装置"), name)
    assert expiring.data(Qt.ItemDataRole.ToolTipRole) == "砝码标准装置\nExpires in 30 days"  # whole text, state


ROLES = [DISPLAY, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
         Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.CheckStateRole]  # what a paint asks


def test_a_rows_state_is_worked_out_once_per_row_and_day_however_many_cells_are_painted(
    small_registry: Registry, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.models import record_table

    days = [today]
    model, _ = make_model(small_registry, "standards", lambda: days[0])
    model.refresh()
    judged: list[str] = []
    real = record_table.row_state
    monkeypatch.setattr(record_table, "row_state", lambda row, day: judged.append(row["name"]) or real(row, day))
    name = model.column_index("name")
    weights = column(model, "name").index("砝码标准装置")  # expires in 30 days

    def paint() -> None:
        for row in range(model.rowCount()):
            for col in range(model.columnCount()):
                for role in ROLES:
                    model.index(row, col).data(role)

    paint()
    paint()
    assert sorted(judged) == sorted(column(model, "name"))  # once each: it was once per cell and colour role
    assert model.index(weights, name).data(RowStateRole) == RowState.EXPIRING
    days[0] = today + dt.timedelta(days=31)  # past midnight a month later: judged again
    assert model.index(weights, name).data(RowStateRole) == RowState.EXPIRED


@pytest.mark.parametrize(
    ("status", "days", "expected"),
    [
        ("valid", -1, RowState.EXPIRED),
        ("valid", 0, RowState.EXPIRING),  # the last valid day
        ("valid", 180, RowState.EXPIRING),
        ("valid", 181, RowState.OK),
        ("expired", 400, RowState.EXPIRED),  # the status says so
        ("suspended", 10, RowState.SUSPENDED),
        ("suspended", -10, RowState.EXPIRED),
        ("revoked", -10, RowState.REVOKED),
        ("active", None, RowState.OK),  # a person without a dated credential
    ],
)
def test_row_state(status: str, days: int | None, expected: str) -> None:
    today = dt.date(2025, 3, 1)
    valid_until = None if days is None else today + dt.timedelta(days=days)
    assert row_state({"status": status, "valid_until": valid_until}, today) == expected


def test_a_standard_whose_main_instrument_is_overdue_needs_recalibration() -> None:
    today = dt.date(2025, 3, 1)
    row = {"status": "valid", "valid_until": dt.date(2027, 1, 1), "main_calibration_due": dt.date(2025, 2, 28)}
    assert row_state(row, today) == RowState.NEEDS_RECALIBRATION
    assert row_state({**row, "main_calibration_due": today}, today) == RowState.OK  # due today: still fine
    assert row_state({**row, "status": "suspended"}, today) == RowState.SUSPENDED
    assert row_state({**row, "ancillary_calibration_due": dt.date(2025, 1, 1), "main_calibration_due": None},
                     today) == RowState.OK  # ancillary equipment overdue: a warning elsewhere, not this state
    assert RowState.NEEDS_RECALIBRATION in STATE_COLOURS


def test_authorisations_model(small_registry: Registry, today: dt.date) -> None:
    model, _ = make_model(small_registry, "authorisations", today)
    model.refresh()
    assert model.rowCount() == 2
    assert sorted(column(model, "item_count")) == ["1", "3"]
    assert set(column(model, "form")) == {"authorised as a legal metrology verification institution"}
    model.set_expiring_within(180)
    assert column(model, "certificate_no") == ["(沪)法计(2021)00042号"]


def test_staff_model(small_registry: Registry, today: dt.date) -> None:
    model, _ = make_model(small_registry, "staff", today)
    model.refresh()
    assert column(model, "name") == sorted(["王五", "李四"])
    assert set(column(model, "credential_kind")) == {"registered metrologist, level 1"}
    name = model.column_index("name")
    states = {model.index(r, name).data(DISPLAY): model.index(r, name).data(RowStateRole) for r in range(2)}
    assert states == {"王五": RowState.OK, "李四": RowState.EXPIRED}


def test_refresh_sees_new_rows_and_rereads_cached_ones(small_registry: Registry, today: dt.date) -> None:
    model, source = make_model(small_registry, "standards", today)
    model.refresh()
    column(model, "name")
    own_id = 1
    add_standards(small_registry, [standard_row(own_id, 7, today + dt.timedelta(days=999), name="新标准")])
    assert model.rowCount() == 5  # until refreshed
    model.refresh()
    assert model.rowCount() == 6 and "新标准" in column(model, "name")
    assert source.row_requests[-1] == 6  # the cache was dropped: every row read again


def test_the_row_cache_is_bounded(small_registry: Registry, today: dt.date) -> None:
    model, source = make_model(small_registry, "standards", today, page_size=2, cache_rows=4)
    model.refresh()
    column(model, "name")
    assert model.cached_rows() <= 4
    assert source.row_requests == [2, 2, 1]
    with pytest.raises(ValueError):
        RecordTableModel(source, "standards", page_size=200, cache_rows=100)


def test_a_row_deleted_after_the_id_query_shows_as_deleted(today: dt.date) -> None:
    class Source:
        def ids(self, query: Any) -> list[int]:
            return [1, 2]

        def rows(self, kind: str, ids: Any) -> dict[int, dict[str, Any]]:
            return {1: {"id": 1, "certificate_no": "A", "status": "valid", "valid_until": None}}

    model = RecordTableModel(Source(), "standards", today=today)
    model.refresh()
    assert column(model, "certificate_no") == ["A", "(deleted)"]
    assert model.index(1, 1).data(DISPLAY) is None
    assert model.index(1, 0).data(RowIdRole) == 2


def test_staff_names_sort_by_pinyin_not_by_code_point(small_registry: Registry, today: dt.date) -> None:
    """张 (U+5F20) comes before 李 (U+674E) by code point; a Chinese reader expects 李 (li)
    before 张 (zhang). Either direction, in either UI language."""
    for name in ("张伟", "安娜", "赵六"):
        add_person(small_registry, 1, name, today + dt.timedelta(days=400))
    model, _ = make_model(small_registry, "staff", today)
    model.refresh()
    pinyin = ["安娜", "李四", "王五", "张伟", "赵六"]
    assert column(model, "name") == pinyin
    model.sort(model.column_index("name"), Qt.SortOrder.DescendingOrder)
    assert column(model, "name") == pinyin[::-1]
    model.sort(model.column_index("certificate_no"))  # other columns: the database's order
    model.sort(model.column_index("name"))
    assert column(model, "name") == pinyin
