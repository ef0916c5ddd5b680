"""The frozen-pane rule of :mod:`labregistry.xlsx.sheetframe`, case by case: a frozen pane
keeps out of reach only what lies before the view's first cell along what is frozen."""

from __future__ import annotations

import pytest

from labregistry.xlsx.sheetframe import MAIN_NS, frame_problem


def sheet(corner: str, pane: str) -> bytes:
    view = f' topLeftCell="{corner}"' if corner else ""
    return (f'<worksheet xmlns="{MAIN_NS}"><sheetViews><sheetView workbookViewId="0"{view}>'
            f'<pane {pane} activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            '<sheetData/></worksheet>').encode()


@pytest.mark.parametrize(("corner", "pane"), [
    ("", 'ySplit="1" topLeftCell="A2"'),
    ("A1", 'xSplit="1" ySplit="1" topLeftCell="B2"'),
    ("C1", 'ySplit="1" topLeftCell="C2"'),  # rows frozen, the view scrolled right: A and B reachable
    ("A3", 'xSplit="1" topLeftCell="B3"'),  # a column frozen, the view scrolled down: rows 1-2 reachable
    ("$AB$1", 'ySplit="2" topLeftCell="AB3"'),
])
def test_a_view_scrolled_along_what_is_not_frozen_is_shown(corner: str, pane: str) -> None:
    assert frame_problem(sheet(corner, pane)) is None


@pytest.mark.parametrize(("corner", "pane"), [
    ("A4", 'ySplit="1" topLeftCell="A5"'),  # rows 1-3 out of reach
    ("C1", 'xSplit="1" topLeftCell="D1"'),  # columns A-B out of reach
    ("C3", 'xSplit="1" ySplit="1" topLeftCell="D4"'),
    ("B1", 'xSplit="1" ySplit="1" topLeftCell="C2"'),
    ("R1C3", 'ySplit="1" topLeftCell="A2"'),  # not a cell reference: nothing says what it keeps away
])
def test_a_view_scrolled_along_what_is_frozen_is_refused(corner: str, pane: str) -> None:
    problem = frame_problem(sheet(corner, pane))
    assert problem is not None and problem[0] == "bundle.sheet_display"
    assert problem[1]["how"] == ("bundle.hide.frozen_away", {"cell": corner})
