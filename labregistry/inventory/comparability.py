"""The search's side of docs/comparison.md: a requirement's limit, a capability row's figure in
SQL, and the order of grades.

:mod:`labregistry.domain.comparison` defines the comparison (an accuracy is an error at the
requested values; the verdict names its basis); :func:`row_figure` is the same figure as SQL
over a capability row's stored error terms, so that search filters and ranks in the database
what the page's rows then say in words. Grades and named classes (二等, E2, A级) have no
number: they compare only within one family (一等 < 二等 < 三等; E1 < E2 < F1 < F2 < M1 < M2
< M3; A < B < C < D), in recognition (:func:`labregistry.domain.grades.grade_relation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, literal, null
from sqlalchemy.sql.elements import ColumnElement


@dataclass(frozen=True)
class Limit:
    """A required maximum uncertainty: a fraction (relative) or a value in a canonical unit."""

    value: float
    relative: bool
    unit: str | None = None
    text: str = ""


def row_figure(c: Any, limit: Limit | None, low: float | None, high: float | None) -> ColumnElement[Any]:
    """:func:`labregistry.domain.comparison.judge`'s figure as SQL over capability columns ``c``
    (their error terms ``a + b·|x| + c·span``); NULL: not comparable.

    The requested ends are constants here, so the worst end is chosen in Python: against an
    absolute limit the end farthest from zero, against a relative one (or to rank) the
    nonzero end nearest to zero. Without a requested range, the row's own ends."""
    a, b, k = c.error_constant, c.error_of_reading, c.error_of_span
    span = c.range_max - c.range_min
    ends = [x for x in (low if low is not None else high, high if high is not None else low) if x is not None]
    if limit is not None and not limit.relative:
        far: Any = max(abs(x) for x in ends) if ends else _larger(func.abs(c.range_min), func.abs(c.range_max))
        return case((c.unit == literal(limit.unit), a + b * far + k * span), else_=null())
    if ends:
        nonzero = [abs(x) for x in ends if x]
        if not nonzero:
            return null()
        at_nearest: ColumnElement[Any] = (a + k * span) / literal(min(nonzero)) + b
        return at_nearest
    near = case((c.range_min == 0, func.abs(c.range_max)), (c.range_max == 0, func.abs(c.range_min)),
                else_=_smaller(func.abs(c.range_min), func.abs(c.range_max)))
    own_ends: ColumnElement[Any] = (a + k * span) / func.nullif(near, 0) + b
    return own_ends


def _larger(x: Any, y: Any) -> Any:
    return case((x >= y, x), else_=y)


def _smaller(x: Any, y: Any) -> Any:
    return case((x <= y, x), else_=y)


