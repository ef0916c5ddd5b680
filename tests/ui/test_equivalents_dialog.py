"""The equivalents dialog says how each standard compares with the reference, and over what range.

Trial 9: the dialog showed no relation at all while the CLI called a standard "准确度更高" over a
range it cannot measure; the hand-made region's A1 ((0~60) MPa 0.05级) has C2 ((0.1~6) MPa
0.02级), which covers a part of it only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labregistry import i18n as core_i18n
from labregistry.services import inventory
from tests.inventory.region import ON, Region, build_region
from ui.i18n import core_lang
from ui.pages.inventory_page import EquivalentsDialog


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Region]:
    region = build_region(tmp_path_factory.mktemp("equivalents"), None)
    yield region
    region.close()


def test_the_dialog_says_the_part_of_the_range_a_standard_covers(hand_made: Region, qtbot: Any,
                                                                tmp_path: Path) -> None:
    result = inventory.equivalents(hand_made.home, "[2022]沪量标证字第0001号", valid_on=ON)
    dialog = EquivalentsDialog(result)
    qtbot.addWidget(dialog)
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert len(headers) == 7 and headers[5]  # the comparison has a column of its own
    shown = {table.item(r, 1).text(): table.item(r, 5).text() for r in range(table.rowCount())}
    partial = core_i18n.tr("recognition.accuracy.partial", core_lang(), part="(0.1~6)MPa",
                           in_part=core_i18n.Message.of("recognition.accuracy.better"))
    assert "(0.1~6)MPa" in partial
    assert shown["[2024]浙量标证字第0202号"] == partial
    assert shown["[2023]苏量标证字第0102号"] == core_i18n.tr("recognition.accuracy.worse", core_lang())
