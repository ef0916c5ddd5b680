"""Faults of the machine in the app: another LabRegistry writing, a server that cannot be
used. Each is a plain warning in the UI language, never the crash dialog and never the
"damaged database" dialog."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMessageBox

from labregistry.registry import Registry
from labregistry.services import listing
from tests.faults.test_concurrent_writers import Holder
from tests.ui.conftest import Answers
from ui import app as ui_app
from ui.damaged import DamagedDatabaseDialog
from ui.errors import CrashDialog
from ui.main_window import MainWindow

OK = QMessageBox.StandardButton.Ok


def _own_standards(reg: Registry) -> list[int]:
    return listing.record_ids(reg, listing.RecordQuery(kind="standards", own_only=True))


def test_deleting_while_a_command_line_import_writes_says_so_and_works_after(
    small_window: MainWindow, small_registry: Registry, answer: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LABREGISTRY_LOCK_WAIT", "1")
    page = small_window.record_pages["standards"]
    small_window.show_page("standards")
    doomed = _own_standards(small_registry)[0]
    row = page.model.row_for_id(doomed)
    assert row is not None
    page.view.selectionModel().select(page.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
    warnings: list[str] = []

    def reply(box: QMessageBox) -> int:
        if box.objectName() == "confirm_box" or box.icon() == QMessageBox.Icon.Question:
            return int(OK)
        warnings.append(box.text())
        return int(OK)

    answer.on(QMessageBox, reply)
    holder = Holder(small_registry.home.path)  # a command-line import in the middle of writing
    try:
        page.delete_selected()
    finally:
        holder.release()
    assert not answer.of(CrashDialog)
    assert len(warnings) == 1 and "another LabRegistry" in warnings[0] and "try again" in warnings[0]
    assert str(small_registry.home.path) in warnings[0]
    assert doomed in _own_standards(small_registry)

    page.delete_selected()  # the other writer is done: now it works
    assert doomed not in _own_standards(small_registry) and len(warnings) == 1


@pytest.mark.postgres
@pytest.mark.parametrize("case", ["unreachable", "no database", "denied"])
def test_a_server_that_cannot_be_used_is_explained_at_start(
    tmp_path: Path, dialogs: list[Any], pg_server: Any, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LABREGISTRY_DB_CREATE", raising=False)  # a server run would make the database
    if pg_server.external:
        pytest.skip("needs the private test server (LABREGISTRY_TEST_PG points at another one)")
    socket = f"host={pg_server.dir}&port={pg_server.port}"
    if case == "unreachable":
        url, expected = "postgresql://postgres@127.0.0.1:1/registry", "cannot reach the database server"
    elif case == "no database":
        url, expected = f"postgresql+psycopg://postgres@/nothing_here?{socket}", "has no database named"
    else:
        role, database = "lr_ui_" + uuid.uuid4().hex[:6], "ui_" + uuid.uuid4().hex[:6]
        with psycopg.connect(pg_server.admin_conninfo(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {role} LOGIN")
            conn.execute(f'CREATE DATABASE "{database}"')
            conn.execute(f'REVOKE CONNECT ON DATABASE "{database}" FROM PUBLIC')
        url, expected = f"postgresql+psycopg://{role}@/{database}?{socket}", "permission denied"
    controller = ui_app.start(home=tmp_path / "client", db_url=url, lang="en")
    if controller is not None:  # opened after all: say so, not hang in the app's event loop
        controller.close()
        pytest.fail(f"the app opened {url}")
    (box,) = dialogs
    assert isinstance(box, QMessageBox) and not isinstance(box, DamagedDatabaseDialog)
    assert "cannot be opened" in box.text()
    assert expected in box.informativeText()
    assert "damaged" not in box.informativeText() and "restore" not in box.informativeText()
