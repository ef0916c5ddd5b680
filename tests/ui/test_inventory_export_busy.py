"""The regional search's report button while a report is being written."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from labregistry.errors import DomainError
from labregistry.services import inventory, records
from tests.exchange.sites import make_site
from tests.ui.conftest import shown_window, wait_until
from ui import files


def test_a_failed_trace_does_not_offer_a_second_report_while_one_is_written(
    tmp_path: Path, qtbot: Any, monkeypatch: Any
) -> None:
    """A trace that failed while the report was still being written turned the report button
    back on: a second click started a second report over the same file (review finding)."""
    site = make_site(tmp_path, "B", standards=6, seed=5)
    with shown_window(site.reg, tmp_path, qtbot) as window:
        window.show_page("inventory")
        _report_while_a_trace_fails(window.inventory_page, site, tmp_path, monkeypatch)
    site.reg.close()


def _report_while_a_trace_fails(page: Any, site: Any, tmp_path: Path, monkeypatch: Any) -> None:
    wait_until(lambda: page.criteria is not None and not page.searching and page.model.rowCount() > 0)

    gone = None
    for row in range(page.model.rowCount()):  # a standard nothing depends on, deleted since the search
        page.view.selectRow(row)
        try:
            records.delete(site.reg, "standard", int(page.selected_row()["id"]))
        except DomainError:
            continue
        gone = row
        break
    assert gone is not None

    release = threading.Event()
    real_export = inventory.export_report

    def slow_export(*args: Any, **kwargs: Any) -> Any:  # the real report, written once released
        assert release.wait(30)
        return real_export(*args, **kwargs)

    monkeypatch.setattr(inventory, "export_report", slow_export)
    monkeypatch.setattr(files, "save_path", lambda *_a: tmp_path / "report.xlsx")
    page.export_button.click()
    assert not page.export_button.isEnabled()

    page.view.selectRow(gone)
    page.trace_button.click()  # its standard is gone: the trace fails
    wait_until(lambda: page.message.isVisible() and page.message.text() != "")
    assert not page.export_button.isEnabled()  # the report is still being written

    release.set()
    wait_until(lambda: page.last_report is not None, 10000)
    assert page.export_button.isEnabled()
    assert (tmp_path / "report.xlsx").exists()
