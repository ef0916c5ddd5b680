"""Fixtures for the desktop app's tests: offscreen Qt, real registries in temp folders.

Records are inserted with the storage models directly (``storage.bulk.insert_rows``)
so these tests do not depend on the demo generator or the ledger import.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import logging
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from sqlalchemy import text  # noqa: E402

from labregistry.registry import Registry, open_registry  # noqa: E402
from labregistry.storage.bulk import insert_returning_ids, insert_rows  # noqa: E402
from labregistry.storage.models import (  # noqa: E402
    Authorisation,
    AuthorisationItem,
    Credential,
    Institute,
    Staff,
    Standard,
    new_uid,
    utcnow,
)
from tests.exchange.sites import Site, make_site  # noqa: E402

if TYPE_CHECKING:
    from ui.widgets.passphrase import PassphraseDialog

OWN_USCC = "91310000MA1FL0XXXX"
PEER_USCC = "91320000MA1FL0YYYY"


@pytest.fixture(autouse=True)
def _collect_garbage_between_tests() -> Iterator[None]:
    """Close and delete what a test left on screen, then collect its cyclic garbage, after
    pytest-qt has closed the widgets it knew of.

    Left over, one test's windows and dialogs crashed a later test with a segmentation fault
    (tests/ui/test_start.py or tests/ui/test_faults.py run alone, and in CI): a progress
    dialog's show timer fired into a widget whose screen was gone (QWidget::screen ->
    QScreen::virtualSiblings), and wrappers collected in the middle of a later widget's
    constructor. Deleted and collected here, while no Qt code runs, they go quietly.
    (Autouse: torn down after ``qtbot``.) Which test leaves the dialog is still to be found.

    What survives the collection is then frozen (``gc.freeze``): it is kept by something
    alive (modules, caches, wider fixtures, pytest's reports), and the next test's collection
    need not walk it again. Unfrozen, every collection walked everything the test process
    had gathered in the pass: 0.3 s of CPU at first, several seconds of a loaded CI machine
    late in a pass (some 10 minutes of the PostgreSQL pass's wall time, docs/testing.md "CI
    time"). A frozen object that later becomes cyclic garbage is not collected: it stays in
    memory, it is never collected in the middle of a later widget's constructor."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():  # a progress dialog left with its timer running
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No language from the environment; log handlers added by a test are closed after it.
    (LABREGISTRY_DB stays as tests/conftest.py sets it: the PostgreSQL pass runs the app on
    the server too.)"""
    monkeypatch.delenv("LABREGISTRY_LANG", raising=False)
    monkeypatch.delenv("LABREGISTRY_HOME", raising=False)
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    yield
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture(autouse=True)
def _no_folder_memory() -> Iterator[None]:
    """The last folders a test's window remembered are not another test's start folders."""
    from ui import files

    files.remember_in(None)
    yield
    files.remember_in(None)


@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody answers fails the test instead of waiting forever
    (``dialogs`` and ``answer`` replace this for the tests that expect one)."""
    from ui import errors

    def refuse(dialog: Any) -> int:
        raise AssertionError(f"unexpected modal dialog {type(dialog).__name__}: {_dialog_text(dialog)}")

    monkeypatch.setattr(errors, "exec_dialog", refuse)


@pytest.fixture(autouse=True)
def _ui_language(qapp: Any) -> Iterator[None]:
    """Every test starts and ends without app translators (source texts, English)."""
    from ui import i18n

    translations = i18n.Translations()
    translations.install("en")
    yield
    translations.remove()
    i18n.Translations().install("en")


def institute_row(
    uscc: str, name: str, *, own: bool, province: str = "上海", city: str = "上海"
) -> dict[str, Any]:
    now = utcnow()
    return {
        "uscc": uscc,
        "name": name,
        "name_en": None,
        "province": province,
        "city": city,
        "kind": None,
        "address": None,
        "contact": None,
        "is_own": own,
        "created_at": now,
        "updated_at": now,
    }


def standard_row(institute_id: int, n: int, valid_until: dt.date, **fields: Any) -> dict[str, Any]:
    now = utcnow()
    row = {
        "uid": new_uid(),
        "institute_id": institute_id,
        "name": f"标准装置{n:06d}",
        "code": f"{n % 100000:05d}",
        "code_temporary": False,
        "grade": "public",
        "certificate_no": f"[2024]沪量标证字第{n:06d}号",
        "certificate_authority": None,
        "issued_on": valid_until - dt.timedelta(days=4 * 365),
        "valid_until": valid_until,
        "range_text": f"(0~{n % 1000 + 1}) MPa",
        "quantity": "pressure",
        "range_min": 0.0,
        "range_max": float(n % 1000 + 1) * 1e6,
        "unit": "Pa",
        "accuracy_text": "U=0.05%, k=2",
        "accuracy_kind": "Urel",
        "accuracy_value": 0.0005,
        "accuracy_relative": True,
        "accuracy_k": 2.0,
        "responsible_person": "张三",
        "operators": None,
        "environment": None,
        "status": "valid",
        "notes": None,
        "created_at": now,
        "updated_at": now,
    }
    row.update(fields)
    return row


def add_institutes(reg: Registry) -> tuple[int, int]:
    with reg.engine.begin() as conn:
        own, peer = insert_returning_ids(
            conn,
            Institute,
            [
                institute_row(OWN_USCC, "上海市计量测试技术研究院", own=True),
                institute_row(PEER_USCC, "江苏省计量科学研究院", own=False, province="江苏", city="南京"),
            ],
        )
    return own, peer


def own_institute_id(reg: Registry) -> int:
    """The id of ``reg``'s own institute, for the rows a test adds to it."""
    with reg.uow() as uow:
        own = uow.institutes.own()
        assert own is not None and own.id is not None
        return own.id


def add_standards(reg: Registry, rows: Sequence[dict[str, Any]]) -> None:
    with reg.engine.begin() as conn, _index_once(conn):
        insert_rows(conn, Standard, rows)
        conn.execute(text(_OWN_ROWS))


#: Each standard's one capability row, its own range and accuracy, as every write path stores it.
_OWN_ROWS = (
    "INSERT INTO capability (standard_id, position, range_text, quantity, range_min, range_max, unit,"
    " accuracy_text, accuracy_kind, accuracy_value, accuracy_relative, accuracy_k, accuracy_class)"
    " SELECT id, 0, range_text, quantity, range_min, range_max, unit, accuracy_text, accuracy_kind,"
    " accuracy_value, accuracy_relative, accuracy_k, accuracy_class FROM standard s"
    " WHERE NOT EXISTS (SELECT 1 FROM capability c WHERE c.standard_id = s.id)"
)


def _index_once(conn: Any) -> Any:
    """The core's bulk-insert mode for the search index (one pass at the end, not per row)."""
    from contextlib import nullcontext

    try:
        from labregistry.inventory import textindex
    except ImportError:
        return nullcontext()
    return textindex.deferred(conn) if hasattr(textindex, "deferred") else nullcontext()


def add_authorisation(
    reg: Registry, institute_id: int, cert: str, valid_until: dt.date, items: int = 2
) -> None:
    now = utcnow()
    with reg.engine.begin() as conn:
        (auth_id,) = insert_returning_ids(
            conn,
            Authorisation,
            [
                {
                    "uid": new_uid(),
                    "institute_id": institute_id,
                    "certificate_no": cert,
                    "form": "legal_verification",
                    "authority": "上海市市场监督管理局",
                    "issued_on": valid_until - dt.timedelta(days=5 * 365),
                    "valid_until": valid_until,
                    "status": "valid",
                    "notes": None,
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        )
        insert_rows(
            conn,
            AuthorisationItem,
            [
                {
                    "authorisation_id": auth_id,
                    "position": i,
                    "name": f"压力表{i}",
                    "range_text": None,
                    "quantity": None,
                    "range_min": None,
                    "range_max": None,
                    "unit": None,
                    "accuracy_text": None,
                    "procedure": "JJG 52-2013",
                }
                for i in range(items)
            ],
        )


def add_person(reg: Registry, institute_id: int, name: str, valid_until: dt.date | None) -> None:
    now = utcnow()
    with reg.engine.begin() as conn:
        (staff_id,) = insert_returning_ids(
            conn,
            Staff,
            [
                {
                    "uid": new_uid(),
                    "institute_id": institute_id,
                    "name": name,
                    "department": "力学所",
                    "title": "工程师",
                    "phone": None,
                    "id_number": None,
                    "status": "active",
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        )
        insert_rows(
            conn,
            Credential,
            [
                {
                    "staff_id": staff_id,
                    "position": 0,
                    "kind": "registered_1",
                    "certificate_no": f"ZC-{name}",
                    "registration": "initial",
                    "issued_on": None,
                    "valid_until": valid_until,
                }
            ],
        )


def make_registry(home: Path) -> Registry:
    return open_registry(home, logging=False)


def registry_in(folder: Path) -> Path:
    """``folder`` made a data folder holding a registry with the two institutes, closed: a
    folder the app is then asked to open."""
    reg = make_registry(folder)
    add_institutes(reg)
    reg.close()
    return folder


@pytest.fixture
def today() -> dt.date:
    return dt.date.today()


@pytest.fixture
def small_registry(tmp_path: Path, today: dt.date) -> Iterator[Registry]:
    """Own institute with five standards (ok, expired, expiring, suspended, revoked), one of
    a peer, two authorisations and two people."""
    reg = make_registry(tmp_path / "home")
    own, peer = add_institutes(reg)
    add_standards(
        reg,
        [
            standard_row(own, 1, today + dt.timedelta(days=800), name="活塞式压力计标准装置", code="04113"),
            standard_row(own, 2, today - dt.timedelta(days=10), name="电能表检定装置", code="12345"),
            standard_row(own, 3, today + dt.timedelta(days=30), name="砝码标准装置", code="02311"),
            standard_row(own, 4, today + dt.timedelta(days=800), name="温度计标准装置", status="suspended"),
            standard_row(own, 5, today + dt.timedelta(days=800), name="水表检定装置", status="revoked"),
            standard_row(
                peer, 6, today + dt.timedelta(days=800), name="江苏的标准", certificate_no="苏-0001"
            ),
        ],
    )
    add_authorisation(reg, own, "(沪)法计(2024)01001号", today + dt.timedelta(days=900), items=3)
    add_authorisation(reg, own, "(沪)法计(2021)00042号", today + dt.timedelta(days=100), items=1)
    add_authorisation(reg, peer, "(苏)法计(2023)00001号", today + dt.timedelta(days=900))
    add_person(reg, own, "王五", today + dt.timedelta(days=1000))
    add_person(reg, own, "李四", today - dt.timedelta(days=1))
    add_person(reg, peer, "赵六", today + dt.timedelta(days=1000))
    yield reg
    reg.close()


@contextlib.contextmanager
def shown_window(reg: Registry, tmp_path: Path, qtbot: Any) -> Iterator[Any]:
    """The main window on ``reg`` with its settings in ``tmp_path``, shown and exposed; closed after.

    The one way the window fixtures open the app, so that each test module's fixture says only
    what differs (which registry, what to tidy before the window closes).
    """
    from ui.main_window import MainWindow
    from ui.settings import Settings

    window = MainWindow(reg, Settings(tmp_path / "ui-settings.ini"))
    window.show()
    qtbot.waitExposed(window)
    try:
        yield window
    finally:
        window.close()
        window.deleteLater()


@pytest.fixture
def small_window(small_registry: Registry, tmp_path: Path, qtbot: Any, sync_workers: None) -> Iterator[Any]:
    """The main window, shown, on :func:`small_registry` (ops run inline)."""
    with shown_window(small_registry, tmp_path, qtbot) as window:
        yield window


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[Site]:
    """Institute A with 12 demo standards: the peer whose bundles the exchange modules import
    (a module whose peer holds something else defines its own ``peer``)."""
    site = make_site(tmp_path, "A", standards=12)
    yield site
    site.reg.close()


@pytest.fixture
def window(own: Site, tmp_path: Path, qtbot: Any, sync_workers: None) -> Iterator[Any]:
    """The main window, shown, on the ``own`` site of the module that asks for it (ops run inline)."""
    with shown_window(own.reg, tmp_path, qtbot) as window:
        yield window


@pytest.fixture(scope="session")
def big(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Registry]:
    """The registry with 200,000 own standards (``tests/ui/standards_200k.py``), built once
    per run: by the first xdist worker that needs it, under a lock; the others wait and open
    the same file. SQLite only (on PostgreSQL a test builds its own: see test_large_table.py)."""
    from tests.ui.standards_200k import build_home

    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the run's folder, above each worker's own
    home = shared / "standards-200k" / "home"
    built = home.parent / "built"
    with (shared / "standards-200k.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            build_home(home)
            built.touch()
    reg = open_registry(home, migrate=False, logging=False)  # no migration, no daily backup
    yield reg
    reg.close()


@pytest.fixture
def sync_workers() -> Iterator[None]:
    from ui import workers

    with workers.synchronous():
        yield


class CountingSource:
    """A record source that counts what a model asks for."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.id_queries: list[Any] = []
        self.row_requests: list[int] = []

    def ids(self, query: Any) -> list[int]:
        self.id_queries.append(query)
        return list(self.inner.ids(query))

    def rows(self, kind: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        self.row_requests.append(len(ids))
        return dict(self.inner.rows(kind, ids))


def wait_until(predicate: Any, timeout_ms: int = 5000) -> None:
    """Run the event loop until ``predicate()`` holds (AssertionError after ``timeout_ms``).

    Unlike ``qtbot.waitUntil`` (QTest.qWait, which keeps Python's GIL while it waits),
    a QEventLoop lets worker threads run Python and deliver their results.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_ms / 1000
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_ms} ms")
        loop = QEventLoop()
        QTimer.singleShot(10, loop.quit)
        loop.exec()


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Modal dialogs run through ui.errors.exec_dialog are recorded instead of shown."""
    from ui import errors

    shown: list[Any] = []

    def record(dialog: Any) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(errors, "exec_dialog", record)
    return shown


def _dialog_text(dialog: Any) -> str:
    from PySide6.QtWidgets import QMessageBox

    from ui.errors import CrashDialog

    if isinstance(dialog, QMessageBox):
        return f"{dialog.text()} {dialog.informativeText()}"
    if isinstance(dialog, CrashDialog):
        return dialog.report
    return str(dialog.windowTitle())


class Answers:
    """Answers for the modal dialogs run through ``ui.errors.exec_dialog``.

    ``on(DialogClass, handler)``: ``handler(dialog)`` drives the dialog's real widgets and
    returns what ``exec()`` would (a dialog code or a standard button). A dialog without
    a handler fails the test. ``shown`` lists every dialog in order.
    """

    def __init__(self) -> None:
        self.handlers: list[tuple[type, Any]] = []
        self.shown: list[Any] = []

    def on(self, kind: type, handler: Any) -> None:
        self.handlers.insert(0, (kind, handler))

    def __call__(self, dialog: Any) -> int:
        self.shown.append(dialog)
        for kind, handler in self.handlers:
            if isinstance(dialog, kind):
                return int(handler(dialog))
        raise AssertionError(f"unexpected dialog {type(dialog).__name__}: {_dialog_text(dialog)}")

    def of(self, kind: type) -> list[Any]:
        return [d for d in self.shown if isinstance(d, kind)]


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> Answers:
    from ui import errors

    answers = Answers()
    monkeypatch.setattr(errors, "exec_dialog", answers)
    return answers


def passphrase_answer(*typed: str) -> Any:
    """Types the given passphrases into successive passphrase dialogs (then cancels).

    ``handler.errors_shown`` lists the message each dialog showed when it opened: empty the
    first time, the reason when the app asks again after a wrong passphrase.
    """
    queue = list(typed)
    errors_shown: list[str] = []

    def handler(dialog: PassphraseDialog) -> int:
        errors_shown.append(dialog.message.text())
        if not queue:
            dialog.reject()
            return dialog.result()
        dialog.first.setText(queue.pop(0))
        dialog.accept()
        return dialog.result()

    handler.errors_shown = errors_shown  # type: ignore[attr-defined]
    return handler


def message_box_answer(button: Any) -> Any:
    """A handler that clicks a standard button of a QMessageBox (after checking it exists)."""

    def handler(box: Any) -> int:
        assert box.button(button) is not None
        return int(button)

    return handler


_HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In tests/ui, a Qt warning fails the test (pytest-qt's qt_log_level_fail), except the
    offscreen platform's notes that it cannot pass size hints to a window system, raise a
    window or let a popup (a calendar, a completer's list) grab the keyboard."""
    for item in items:
        if _HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(
                pytest.mark.qt_log_ignore(
                    "This plugin does not support propagateSizeHints",
                    "This plugin does not support raise",
                    "This plugin does not support grabbing the keyboard",
                )
            )


@pytest.fixture
def started(sync_workers: None) -> Iterator[Any]:
    """``ui.app.start`` as the app starts; every controller started is closed after the test."""
    from ui import app as ui_app

    controllers: list[Any] = []

    def start(**kw: Any) -> Any:
        controller = ui_app.start(**kw)
        if controller is not None:
            controllers.append(controller)
        return controller

    yield start
    for controller in controllers:
        controller.close()
