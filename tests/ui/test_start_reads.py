"""What the app reads on its worker threads at start (the overview, the reminders) is counted
in the database: only the few instrument rows it shows are read.

At 200,000 standards about 100,000 instruments fall due within 60 days; reading them all, twice,
on worker threads held the interpreter for seconds after start, and scrolling the standards
table then took 100-400 ms a jump instead of 25 (docs/benchmarks.md, "Speed fixes").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from labregistry.registry import Registry
from labregistry.services import listing
from tests.ui.test_pages import piston_with_instruments
from ui import core_reads
from ui.pages import overview

# 12 instruments due within 60 days, 9 of them overdue, 6 of those ancillary; one due later
INSTRUMENTS = [("main", f"主标准器{n}", -30 + n) for n in range(3)] + [
    ("ancillary", f"配套设备{n}", -20 + n) for n in range(6)
] + [("main", f"主标准器{n}", 10 + n) for n in range(3, 6)] + [("ancillary", "温湿度计", 300)]


@pytest.fixture
def rows_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many instrument rows each listing of instruments returned (the real listing runs)."""
    counts: list[int] = []
    real = listing.list_instruments

    def counting(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        rows = real(*args, **kwargs)
        counts.append(len(rows))
        return rows

    monkeypatch.setattr(listing, "list_instruments", counting)
    yield counts


def test_the_overview_counts_instruments_due_and_reads_only_those_it_shows(
    small_registry: Registry, today: dt.date, rows_read: list[int]
) -> None:
    piston_with_instruments(small_registry, today, *INSTRUMENTS)
    due = overview.load_overview(small_registry, today).instruments
    assert (due.due, due.overdue, due.ancillary_overdue) == (12, 9, 6)
    assert [i["name"] for i in due.first] == ["主标准器0", "主标准器1", "主标准器2"] + [f"配套设备{n}" for n in range(5)]
    assert [i["name"] for i in due.ancillary_late] == ["配套设备0", "配套设备1", "配套设备2"]
    assert sum(rows_read) == overview.REMINDER_ROWS + overview.ANCILLARY_NAMED  # not the 12 (100,000) due


def test_the_reminders_at_start_count_instruments_without_reading_them(
    small_registry: Registry, today: dt.date, rows_read: list[int]
) -> None:
    piston_with_instruments(small_registry, today, *INSTRUMENTS)
    reminders = core_reads.reminders(small_registry, 60, today)
    assert (reminders.soon.instruments, reminders.overdue.instruments_overdue) == (3, 9)
    assert reminders.overdue.ancillary_overdue == 6
    assert rows_read == []


def test_the_overview_names_the_first_overdue_ancillary_items_and_counts_the_rest(
    small_window: Any, small_registry: Registry, today: dt.date
) -> None:
    piston_with_instruments(small_registry, today, *INSTRUMENTS)
    small_window.reload_records()
    small_window.show_page("overview")
    summary = small_window.overview.instruments_summary.text()
    assert "12 instruments due, 9 overdue." in summary
    assert all(f"配套设备{n}" in summary for n in range(3)) and "配套设备3" not in summary
    assert "3 more." in summary
