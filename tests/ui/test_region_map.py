"""The overview's map of the region's cities, shaded by their valid public standards."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from labregistry.registry import Registry
from labregistry.storage.bulk import insert_returning_ids
from labregistry.storage.models import Institute
from tests.ui.conftest import add_standards, institute_row, standard_row
from tests.ui.test_overview_charts import hover_text
from ui.main_window import MainWindow
from ui.widgets.region_map import CLASS_COLOURS, ZERO_COLOUR, Classes, RegionMapView

SUZHOU, WUXI, NANJING, SHANGHAI = "320500", "320200", "320100", "310100"


@pytest.fixture
def peers(small_registry: Registry, today: dt.date) -> Registry:
    """Beside the small registry's (Shanghai 2 valid public, Nanjing 1): Suzhou with 3 valid
    public standards, and Wuxi with none that counts (one ended, one not public); 火星 no city."""
    later, ended = today + dt.timedelta(days=400), today - dt.timedelta(days=1)
    with small_registry.engine.begin() as conn:
        suzhou, wuxi, mars = insert_returning_ids(conn, Institute, [
            institute_row("91320500MA1MAP0001", "苏州计量", own=False, province="江苏", city="苏州市"),
            institute_row("91320200MA1MAP0002", "无锡计量", own=False, province="江苏", city="Wuxi"),
            institute_row("91320000MA1MAP0003", "火星计量", own=False, province="江苏", city="火星"),
        ])
    add_standards(small_registry, [
        *(standard_row(suzhou, 100 + n, later, certificate_no=f"苏州-{n}") for n in range(3)),
        standard_row(suzhou, 110, ended, certificate_no="苏州-过期"),
        standard_row(wuxi, 120, ended, certificate_no="无锡-过期"),
        standard_row(wuxi, 121, later, certificate_no="无锡-部门", grade="department"),
        standard_row(mars, 130, later, certificate_no="火星-1"),
    ])
    return small_registry


def city_colour(view: RegionMapView, adcode: str) -> Any:
    """The colour most of the city's pixels have (its name, drawn on it, is a few of them)."""
    image = view.grab().toImage()
    ratio = image.devicePixelRatio()
    path = view.transform().map(view.city_paths[adcode])
    box = path.boundingRect()
    seen: Counter[str] = Counter()
    for i in range(1, 20):
        for j in range(1, 20):
            point = QPointF(box.left() + box.width() * i / 20, box.top() + box.height() * j / 20)
            if path.contains(point):
                seen[image.pixelColor(int(point.x() * ratio), int(point.y() * ratio)).name()] += 1
    return seen.most_common(1)[0][0]


def shown_map(window: MainWindow) -> RegionMapView:
    window.show_page("overview")
    page = window.overview
    page.refresh()
    assert page.overview is not None
    return page.region_map


def test_the_map_shades_each_city_by_its_valid_public_standards(peers: Registry, small_window: MainWindow) -> None:
    view = shown_map(small_window)
    assert len(view.city_paths) == 41
    # expired, suspended, revoked or not public: not counted (Shanghai's own 5 hold 2, Wuxi's 2 none)
    assert {code: view.count(code) for code in (SUZHOU, WUXI, NANJING, SHANGHAI)} == {
        SUZHOU: 3, WUXI: 0, NANJING: 1, SHANGHAI: 2}
    suzhou, wuxi = city_colour(view, SUZHOU), city_colour(view, WUXI)
    assert wuxi == ZERO_COLOUR.name()
    assert suzhou == view.classes.colour(3).name() and suzhou in {c.name() for c in CLASS_COLOURS}
    assert view.classes.colour(3).lightness() < view.classes.colour(1).lightness() < ZERO_COLOUR.lightness()
    unplaced = small_window.overview.map_unplaced
    assert unplaced.isVisibleTo(small_window) and "火星 (1)" in unplaced.text()


def test_hovering_a_city_names_it_and_its_count(peers: Registry, small_window: MainWindow) -> None:
    view = shown_map(small_window)
    assert hover_text(view, view.city_point(SUZHOU)) == "Suzhou, Jiangsu: 3 valid public standards"
    assert hover_text(view, view.city_point(WUXI)) == "Wuxi, Jiangsu: 0 valid public standards"
    assert view.city_at(QPoint(1, 1)) is None  # the corner: no city


def test_clicking_a_city_lists_its_valid_public_standards(peers: Registry, small_window: MainWindow, qtbot: Any) -> None:
    view = shown_map(small_window)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.city_point(SUZHOU))
    page = small_window.inventory_page
    assert small_window.stack.currentWidget() is page
    assert page.grade.currentData() == "public" and page.city.text() == "苏州市"
    assert [k for k, box in page.provinces.items() if box.isChecked()] == ["江苏"]
    qtbot.waitUntil(lambda: not page.searching and page.total == 3, timeout=5000)
    assert sorted(row["certificate_no"] for row in page.model.rows()) == ["苏州-0", "苏州-1", "苏州-2"]


def test_the_classes_and_their_legend() -> None:
    assert Classes.for_largest(0).labels() == ["1", "2", "3", "4", "5"]
    assert Classes.for_largest(3).index(3) == 2
    big = Classes.for_largest(260)
    assert big.labels() == ["1–100", "101–200", "201–300", "301–400", "401–500"]
    assert (big.index(0), big.index(1), big.index(101), big.index(260)) == (None, 0, 1, 2)
