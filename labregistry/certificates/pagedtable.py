"""A long table laid out one page at a time, in linear time.

reportlab splits a long table at a page break by making a new table of the rows left and
measuring it again, with every SPAN command of those rows: for a statement of thousands of
standards, each with capability rows spanning columns beneath it, that was quadratic (a
statement of 2,800 standards took 145 s of CPU instead of 6). :class:`PagedTable` measures
each row once, and at a page break hands reportlab a small table of the rows that fit on the
page (header first), keeping each group of rows (a standard and its capability rows) on one
page unless the group alone is taller than a page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from reportlab.platypus import Flowable, Table

TableMaker = Callable[[Sequence["Row"]], Table]
"""Makes a table (header included) of the given body rows."""


@dataclass(frozen=True)
class Row:
    """One table row: its cells (flowables) and the column ranges it spans, first to last."""

    cells: Sequence[Flowable]
    spans: Sequence[tuple[int, int]] = ()


class PagedTable(Flowable):  # type: ignore[misc]
    """``groups`` of rows under a header, split at page breaks between groups.

    ``make`` builds a table of some rows (with the header, grid and spans);
    ``row_height(row)`` is a row's height, padding included; ``head_height`` the header's;
    ``page_height`` the height of a page's frame (a group taller than that is split by rows).
    """

    def __init__(self, groups: Sequence[Sequence[Row]], make: TableMaker, row_height: Callable[[Row], float],
                 head_height: float, page_height: float, *, heights: Sequence[float] | None = None) -> None:
        super().__init__()
        kept = [i for i, g in enumerate(groups) if g]
        self.groups = [list(groups[i]) for i in kept]
        self.make = make
        self.row_height = row_height
        self.head_height = head_height
        self.page_height = page_height
        self._heights = [heights[i] for i in kept] if heights is not None else None  # of the groups, once measured
        self._table: Table | None = None

    def _group_heights(self) -> list[float]:
        if self._heights is None:
            self._heights = [sum(self.row_height(r) for r in g) for g in self.groups]
        return self._heights

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        height = self.head_height + sum(self._group_heights())
        if height <= availHeight:  # the rest fits: it is drawn as one table
            self._table = self.make([r for g in self.groups for r in g])
            width, height = self._table.wrap(availWidth, availHeight)
            return float(width), float(height)
        self.width, self.height = availWidth, height
        return availWidth, height

    def draw(self) -> None:
        assert self._table is not None, "drawn without fitting"
        self._table.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        ends = list(accumulate(self._group_heights(), initial=self.head_height))
        k = sum(1 for end in ends[1:] if end <= availHeight)
        if k == 0:
            return self._split_group(availWidth, availHeight)
        while k > 0:  # the estimate is checked against the table itself
            part = self.make([r for g in self.groups[:k] for r in g])
            if part.wrap(availWidth, availHeight)[1] <= availHeight:
                rest = self._rest(self.groups[k:], self._group_heights()[k:])
                return [part, rest] if rest is not None else [part]
            k -= 1
        return []

    def _split_group(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """A first group taller than a page is split by rows; otherwise it starts the next page."""
        first = self.groups[0]
        if self._group_heights()[0] + self.head_height <= self.page_height:
            return []
        ends = list(accumulate((self.row_height(r) for r in first), initial=self.head_height))
        n = sum(1 for end in ends[1:] if end <= availHeight)
        if n == 0:
            return []
        left = first[n:]
        rest = self._rest([left, *self.groups[1:]],
                          [sum(self.row_height(r) for r in left), *self._group_heights()[1:]])
        part = self.make(first[:n])
        return [part, rest] if rest is not None else [part]

    def _rest(self, groups: Sequence[Sequence[Row]], heights: Sequence[float]) -> PagedTable | None:
        if not groups or not any(groups):
            return None
        return PagedTable(groups, self.make, self.row_height, self.head_height, self.page_height, heights=heights)


def span_commands(rows: Sequence[Row], first_row: int = 1) -> list[tuple[Any, ...]]:
    """The SPAN commands of ``rows`` in a table where they start at row ``first_row``."""
    return [("SPAN", (a, first_row + i), (b, first_row + i)) for i, r in enumerate(rows) for a, b in r.spans]
