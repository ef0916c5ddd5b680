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


# ---------------------------------------------------------------- the writer's widths


def sized(cols: str, format_pr: str = '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>') -> bytes:
    return (f'<worksheet xmlns="{MAIN_NS}">{format_pr}<cols>{cols}</cols><sheetData/></worksheet>').encode()


WRITER = (34.0, 10.0, 24.0)
"""Three columns as a data sheet's spec sizes them."""


@pytest.mark.parametrize("cols", [
    '<col width="34" customWidth="1" min="1" max="1"/><col width="10" customWidth="1" min="2" max="2"/>'
    '<col width="24" customWidth="1" min="3" max="3"/>',  # as the writer writes them
    '<col width="34.57" min="1" max="1"/><col width="10" min="2" max="2"/><col width="24" min="3" max="3"/>'
    '<col width="3" min="4" max="1024"/>',  # wider, columns past the writer's narrow
    '<col width="34" min="1" max="1"/><col width="9.6" min="2" max="2"/><col width="23.5" min="3" max="3"/>',
    '<col width="34" min="1" max="1"/><col width="24" min="2" max="3"/>',  # merged into a range
])
def test_columns_as_wide_as_the_writer_makes_them_are_shown(cols: str) -> None:
    assert frame_problem(sized(cols), widths=WRITER) is None


@pytest.mark.parametrize(("cols", "format_pr", "column", "width"), [
    ('<col width="34" min="1" max="1"/><col width="4" min="2" max="2"/><col width="24" min="3" max="3"/>', "",
     "B", "4"),
    ('<col width="34" min="1" max="2"/><col width="24" min="3" max="3"/><col width="3" min="2" max="2"/>', "",
     "B", "3"),  # two <col> for B: the narrower counts
    ('<col width="34" min="1" max="1"/><col width="24" min="3" max="3"/>', "", "B", "8.43"),  # Excel's default
    ('<col width="34" min="1" max="1"/><col min="2" max="2"/><col width="24" min="3" max="3"/>',
     '<sheetFormatPr defaultColWidth="3"/>', "B", "3"),
    ('<col width="34" min="1" max="1"/><col width="24" min="3" max="3"/>',
     '<sheetFormatPr baseColWidth="4"/>', "B", "4.43"),
    ('<col width="34" min="1" max="1"/><col width="ten" min="2" max="2"/><col width="24" min="3" max="3"/>', "",
     "B", "0"),
    ('<col width="33" min="1" max="1"/><col width="10" min="2" max="2"/><col width="24" min="3" max="3"/>', "",
     "A", "33"),
])
def test_a_column_narrower_than_the_writer_makes_it_is_refused(cols: str, format_pr: str, column: str,
                                                             width: str) -> None:
    problem = frame_problem(sized(cols, format_pr) if format_pr else sized(cols), widths=WRITER)
    assert problem == ("bundle.column_width", {"column": column, "width": width,
                                               "expected": f"{WRITER[ord(column) - 65]:g}"})


def test_without_the_writer_s_widths_only_slivers_are_refused() -> None:
    """A sheet the reader knows no widths for keeps the earlier rule (2 characters)."""
    assert frame_problem(sized('<col width="3" min="1" max="3"/>')) is None
    problem = frame_problem(sized('<col width="1" min="1" max="3"/>'))
    assert problem is not None and problem[0] == "bundle.hidden_column"
