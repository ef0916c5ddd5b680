"""Faults of the machine in the app: another LabRegistry writing, a server that cannot be
used. Each is a plain warning in the UI language, never the crash dialog and never the
"damaged database" dialog."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMessageBox, QPushButton

from labregistry import faults
from labregistry.registry import Registry, open_registry
from labregistry.services import listing
from labregistry.storage.db import sqlite_url
from tests.faults.test_concurrent_writers import Holder
from tests.ui.conftest import Answers, add_institutes, add_standards, standard_row
from ui import app as ui_app
from ui import files
from ui.cannot_open import CannotOpenBox
from ui.damaged import DamagedDatabaseDialog
from ui.errors import CrashDialog
from ui.main_window import MainWindow
from ui.settings import Settings

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
    assert faults.where_of(small_registry.home).place() in warnings[0]  # the file, or the server's database
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


def _click(name: str) -> Any:
    def handler(box: CannotOpenBox) -> int:
        box.findChild(QPushButton, name).click()
        return 0

    return handler


@pytest.mark.postgres
def test_a_server_down_at_start_offers_to_try_again_or_open_another_folder(
    tmp_path: Path, answer: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "local"
    reg = open_registry(local, sqlite_url(local / "labregistry.db"), logging=False)  # a registry on this computer
    add_institutes(reg)
    reg.close()
    monkeypatch.setattr(files, "open_folder", lambda *a: local)
    seen: list[str] = []

    def retry_once_then_open_other(box: CannotOpenBox) -> int:
        seen.append(box.informativeText())
        assert not box.findChildren(DamagedDatabaseDialog) and "restore" not in box.informativeText()
        return _click("retry" if len(seen) == 1 else "open_other")(box)

    answer.on(CannotOpenBox, retry_once_then_open_other)
    controller = ui_app.start(home=tmp_path / "client", db_url="postgresql://postgres@127.0.0.1:1/registry",
                              lang="en")
    assert controller is not None, seen
    try:
        assert len(seen) == 2 and all("cannot reach the database server 127.0.0.1:1" in text for text in seen)
        assert controller.reg.home.path == local and controller.reg.is_sqlite
    finally:
        controller.close()


@pytest.mark.postgres
def test_a_server_down_is_said_in_chinese_with_libpqs_words_as_the_detail(tmp_path: Path, answer: Answers) -> None:
    """The zh start dialog showed libpq's raw "(Connection refused)" in English: the reason is
    in Chinese, libpq's own text one click away (the dialog's details)."""
    seen: list[tuple[str, str]] = []

    def close(box: CannotOpenBox) -> int:
        seen.append((box.informativeText(), box.detailedText()))
        return _click("close")(box)

    answer.on(CannotOpenBox, close)
    controller = ui_app.start(home=tmp_path / "client", db_url="postgresql://postgres@127.0.0.1:1/registry",
                              lang="zh")
    assert controller is None
    [(text, detail)] = seen
    assert "无法连接数据库服务器 127.0.0.1:1（连接被拒绝）" in text and "Connection refused" not in text, text
    assert "Connection refused" in detail, detail


@pytest.mark.postgres
def test_a_viewer_in_the_app_is_told_it_may_only_read(
    tmp_path: Path, pg_server: Any, answer: Answers, qtbot: Any, sync_workers: None
) -> None:
    if pg_server.external:
        pytest.skip("needs the private test server (LABREGISTRY_TEST_PG points at another one)")
    database = "viewer_" + uuid.uuid4().hex[:6]
    role = "lr_view_" + uuid.uuid4().hex[:6]
    socket = f"host={pg_server.dir}&port={pg_server.port}"
    with psycopg.connect(pg_server.admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
        conn.execute(f"CREATE ROLE {role} LOGIN")
    owner = open_registry(tmp_path / "owner", f"postgresql+psycopg://postgres@/{database}?{socket}", logging=False)
    own, _peer = add_institutes(owner)
    add_standards(owner, [standard_row(own, 1, dt.date.today() + dt.timedelta(days=400))])
    with owner.engine.begin() as conn:
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    owner.close()
    viewer = open_registry(tmp_path / "viewer", f"postgresql+psycopg://{role}@/{database}?{socket}", logging=False)
    window = MainWindow(viewer, Settings(tmp_path / "ui.ini"))
    try:
        window.show()
        page = window.record_pages["standards"]
        window.show_page("standards")
        # known at start: new records and Excel imports are not offered, and say why (a viewer
        # filled a whole form before the refusal)
        for kind, records_page in window.record_pages.items():
            for button in (records_page.new_button, records_page.ledger_button):
                assert not button.isEnabled(), (kind, button.objectName())
                assert f"the user {role} may only read the database {database}" in button.toolTip(), button.toolTip()
        assert not window.new_action.isEnabled()
        (doomed,) = _own_standards(viewer)
        page.view.selectionModel().select(page.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
        warnings: list[str] = []

        def reply(box: QMessageBox) -> int:
            if box.objectName() != "confirm_box" and box.icon() != QMessageBox.Icon.Question:
                warnings.append(box.text())
            return int(OK)

        answer.on(QMessageBox, reply)
        page.delete_selected()
        assert not answer.of(CrashDialog)
        assert len(warnings) == 1 and f"the user {role} may only read the database {database}" in warnings[0]
        assert _own_standards(viewer) == [doomed]
    finally:
        window.close()
        window.deleteLater()
        viewer.close()
