"""Wrong search input on the inventory page is explained with the form's words, not CLI options."""

from __future__ import annotations

from typing import Any

import pytest

from labregistry.registry import Registry
from ui import i18n
from ui.pages.inventory_page import InventoryPage


@pytest.fixture
def page(small_registry: Registry, qtbot: Any, sync_workers: None) -> InventoryPage:
    page = InventoryPage(small_registry)
    qtbot.addWidget(page)
    return page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "the lower limit of the required range must be a number, not 'abc'"),
        ("zh_CN", "所需测量范围的下限应为数值，实际为“abc”"),
    ],
)
def test_a_wrong_number_names_the_field_in_the_users_language(
    page: InventoryPage, language: str, expected: str
) -> None:
    i18n.Translations().install(language)
    page.quantity.setCurrentIndex(page.quantity.findData("pressure"))
    page.low.setText("abc")
    page.run_search()
    assert page.message.text() == expected


def test_a_range_without_quantity_or_unit_says_what_is_missing(page: InventoryPage) -> None:
    page.high.setText("5")
    page.run_search()
    assert page.message.text() == "the required range needs a quantity or a unit"
    page.unit.setText("MPa")
    page.run_search()
    assert page.message.text() == "" and page.criteria is not None
