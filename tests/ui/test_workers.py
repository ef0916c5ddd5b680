"""Background ops (ui.workers) and the error dialogs (ui.errors)."""

from __future__ import annotations

import logging
import sys
import threading
import time
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from labregistry.errors import DomainError, Issue
from tests.ui.conftest import wait_until
from ui import errors, i18n, workers


def test_a_synchronous_op_delivers_inline(sync_workers: None) -> None:
    got: list[int] = []
    op = workers.Op(lambda progress: 6 * 7).success(got.append).run()
    assert got == [42] and op.done and workers.running() == []


def test_an_op_runs_off_the_gui_thread_and_reports_back_on_it(qtbot: Any) -> None:
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def task(progress: workers.Progress) -> int:
        seen["task"] = threading.get_ident()
        return 7

    def done(value: int) -> None:
        seen["callback"] = threading.get_ident()
        seen["value"] = value

    op = workers.Op(task).success(done).run()
    assert op in workers.running()  # kept referenced while it runs
    wait_until(lambda: "value" in seen, 5000)
    assert seen["task"] != gui and seen["callback"] == gui and seen["value"] == 7
    assert workers.running() == []


def test_progress_reaches_the_gui_and_cancel_stops_the_task(qtbot: Any) -> None:
    reports: list[tuple[int, int | None, str]] = []
    outcome: list[str] = []
    started = threading.Event()

    def task(progress: workers.Progress) -> str:
        for i in range(10_000):
            progress.check()
            progress.report(i, 10_000, f"row {i}")
            started.set()
            time.sleep(0.001)
        return "finished"

    op = (
        workers.Op(task)
        .on_progress(lambda done, total, text: reports.append((done, total, text)))
        .success(outcome.append)
        .cancelled(lambda: outcome.append("cancelled"))
        .run()
    )
    wait_until(lambda: len(reports) > 0, 5000)
    op.cancel()
    wait_until(lambda: outcome != [], 5000)
    assert outcome == ["cancelled"]
    assert reports[0][1] == 10_000 and reports[0][2].startswith("row ")


def test_progress_dialog_appears_for_long_work_and_goes_away(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()
    got: list[str] = []

    def task(progress: workers.Progress) -> str:
        progress.report(1, 2, "halfway")
        release.wait(5)
        return "ok"

    op = workers.Op(task, parent=parent).with_progress("Working").success(got.append).run()
    dialog = op._dialog
    assert dialog is not None and not dialog.isVisible()  # not for quick work
    wait_until(lambda: dialog.isVisible(), 3000)
    assert dialog.labelText() == "halfway" and dialog.maximum() == 2
    release.set()
    wait_until(lambda: got == ["ok"], 5000)
    assert op._dialog is None


def test_results_for_a_closed_window_are_dropped(qtbot: Any) -> None:
    import shiboken6

    parent = QWidget()
    release = threading.Event()
    got: list[str] = []

    def task(progress: workers.Progress) -> str:
        release.wait(5)
        return "late"

    op = workers.Op(task, parent=parent).success(got.append).run()
    shiboken6.delete(parent)
    release.set()
    wait_until(lambda: op.done, 5000)
    assert got == []


def test_domain_errors_are_shown_in_the_ui_language(sync_workers: None, dialogs: list[Any]) -> None:
    def refuse(progress: workers.Progress) -> None:
        raise DomainError("db.url_invalid", url="x:/y")

    workers.Op(refuse).run()
    translations = i18n.Translations()
    translations.install("zh_CN")
    workers.Op(refuse).run()
    english, chinese = dialogs
    assert isinstance(english, QMessageBox) and english.icon() == QMessageBox.Icon.Warning
    assert english.text() == DomainError("db.url_invalid", url="x:/y").render("en")
    assert chinese.text().startswith("数据库地址无效")


def test_several_issues_are_listed_in_the_details(sync_workers: None, dialogs: list[Any]) -> None:
    issues = [Issue("validation.failed", "uscc", "123"), Issue("validation.failed", "name", "")]

    def refuse(progress: workers.Progress) -> None:
        raise DomainError.from_issues(issues)

    workers.Op(refuse).run()
    (box,) = dialogs
    assert "and 1 more" in box.text()
    assert box.detailedText().count("\n") == 1


def test_a_failure_callback_replaces_the_dialog(sync_workers: None, dialogs: list[Any]) -> None:
    failed: list[BaseException] = []
    workers.Op(lambda progress: 1 / 0).failure(failed.append).run()
    assert isinstance(failed[0], ZeroDivisionError) and dialogs == []


def test_unexpected_errors_reach_the_crash_dialog_and_the_log(
    sync_workers: None, dialogs: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    def boom(progress: workers.Progress) -> None:
        raise ValueError("boom")

    with caplog.at_level(logging.ERROR):
        workers.Op(boom).run()
    (dialog,) = dialogs
    assert isinstance(dialog, errors.CrashDialog)
    assert "Traceback" in dialog.report and "ValueError: boom" in dialog.report and "in boom" in dialog.report
    assert "LabRegistry" in dialog.report.splitlines()[0]
    assert any(r.exc_info and r.exc_info[0] is ValueError for r in caplog.records)
    dialog.copy_report()
    assert QGuiApplication.clipboard().text() == dialog.report
    assert dialog.copy_button.text() == "Copied"


def test_the_excepthook_routes_uncaught_exceptions_to_the_crash_dialog(dialogs: list[Any]) -> None:
    before = sys.excepthook
    uninstall = errors.install_excepthook()
    try:
        assert sys.excepthook is not before
        try:
            raise RuntimeError("uncaught")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # what Python does with an uncaught exception
        try:
            raise DomainError("db.newer", rev="x")
        except DomainError:
            sys.excepthook(*sys.exc_info())
    finally:
        uninstall()
    assert sys.excepthook is before
    crash, refusal = dialogs
    assert isinstance(crash, errors.CrashDialog) and "RuntimeError: uncaught" in crash.report
    assert isinstance(refusal, QMessageBox) and "newer" in refusal.text()


def test_the_crash_dialog_names_the_log(tmp_path: Any, qtbot: Any) -> None:
    errors.set_log_file(tmp_path / "labregistry.log")
    try:
        dialog = errors.CrashDialog("report text")
        qtbot.addWidget(dialog)
        assert str(tmp_path / "labregistry.log") in dialog.message.text()
        assert dialog.text.toPlainText() == "report text" and dialog.text.isReadOnly()
    finally:
        errors.set_log_file(None)
