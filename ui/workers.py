"""Background work in one idiom: run a core function off the GUI thread, get the result back.

After Anki's ``QueryOp`` / ``CollectionOp`` builders and Picard's ``util/thread.py``::

    Op(lambda progress: ledger.import_file(reg, path, progress=progress.report), parent=self)
        .success(self._show_report)          # called on the GUI thread with the result
        .failure(self._import_failed)        # optional: default shows the error dialog
        .with_progress(self.tr("Importing ..."))   # a progress dialog with a Cancel button
        .run()

The task gets a :class:`Progress`: it calls ``progress.report(done, total, text)`` and,
between steps, ``progress.check()``, which raises :class:`Cancelled` once the user
cancelled. A core service that reports phases (``progress(phase, done, total)``, as the
exchange services do) gets :func:`phase_reporter`: it checks for Cancel at every call and
shows the phase in words; from a ``final`` phase on, the Cancel button is disabled (the
work is past the point where stopping could leave everything as it was). The task must
not touch widgets: it runs in a ``QThreadPool`` thread and its result is posted back to
the GUI thread through a queued signal.

Errors: a :class:`~labregistry.errors.DomainError` is shown in a warning dialog in the
UI language; anything else reaches the crash dialog and the log (``ui.errors``).
Running ops are kept referenced until they finish. Tests call :func:`synchronous`
(or ``set_executor(SynchronousExecutor())``) so every op runs inline, in order.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Generic, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

log = logging.getLogger(__name__)

T = TypeVar("T")

PROGRESS_INTERVAL = 0.05  # seconds between two progress updates sent to the GUI
PROGRESS_DELAY_MS = 400  # a progress dialog appears only for work that lasts longer


class Cancelled(Exception):
    """Raised in a task by :meth:`Progress.check` after the user cancelled."""


class Progress:
    """What a task uses to report progress and to notice cancellation (thread-safe)."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self._sink: Callable[[int, int | None, str, bool], None] | None = None
        self._last = 0.0
        self._cancellable = True

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def report(
        self,
        done: int,
        total: int | None = None,
        text: str = "",
        *,
        cancellable: bool = True,
        new_step: bool = False,
    ) -> None:
        """Tell the GUI how far the task is; frequent calls are thinned out, except the last
        one and the first of a ``new_step``. ``total`` None or 0: a busy indicator.
        ``cancellable`` False disables the Cancel button from now on."""
        now = time.monotonic()
        final = total is not None and done >= total
        urgent = final or new_step or cancellable != self._cancellable
        if not urgent and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        self._cancellable = cancellable
        if self._sink is not None:
            self._sink(done, total, text, cancellable)


def phase_reporter(
    progress: Progress, texts: Mapping[str, str], *, final: Collection[str] = ()
) -> Callable[[str, int, int], None]:
    """A core ``progress(phase, done, total)`` callback over ``progress``: raises
    :class:`Cancelled` once the user cancelled (the service calls it only where stopping
    leaves nothing written), and shows ``texts[phase]`` with %1 / %2 as done / total.
    Build ``texts`` on the GUI thread (translated); the callback runs on the worker's."""

    last = [""]

    def report(phase: str, done: int, total: int) -> None:
        progress.check()
        text = texts.get(phase, phase).replace("%1", str(done)).replace("%2", str(total))
        progress.report(done, total or None, text, cancellable=phase not in final, new_step=phase != last[0])
        last[0] = phase

    return report


class _Dispatcher(QObject):
    """Lives in the GUI thread; workers emit job ids and outcomes, the GUI thread delivers.

    Workers hold no reference to an :class:`Op` (nor to its widgets or callbacks), so
    nothing Qt-owned can be released on a pool thread.
    """

    finished = Signal(int, object)
    progressed = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)

    @Slot(int, object)
    def _on_finished(self, job: int, outcome: tuple[bool, Any]) -> None:
        op = _running.get(job)
        if op is not None:
            op._deliver(outcome)

    @Slot(int, object)
    def _on_progress(self, job: int, update: tuple[int, int | None, str, bool]) -> None:
        op = _running.get(job)
        if op is not None:
            op._show_progress(*update)


_dispatcher_instance: _Dispatcher | None = None


def _dispatcher() -> _Dispatcher:
    global _dispatcher_instance
    if _dispatcher_instance is None or not shiboken6.isValid(_dispatcher_instance):
        _dispatcher_instance = _Dispatcher()
    return _dispatcher_instance


class Executor(Protocol):
    def submit(self, job: int, task: Callable[[Progress], Any], progress: Progress) -> None: ...

    def wait(self, timeout_ms: int) -> bool: ...


def _execute(task: Callable[[Progress], Any], progress: Progress) -> tuple[bool, Any]:
    try:
        return True, task(progress)
    except BaseException as exc:  # noqa: BLE001 (delivered to the GUI thread, never lost in a pool thread)
        return False, exc


class _Runnable(QRunnable):
    def __init__(self, job: int, task: Callable[[Progress], Any], progress: Progress) -> None:
        super().__init__()
        self._job = job
        self._task: Callable[[Progress], Any] | None = task
        self._progress = progress

    def run(self) -> None:  # in a pool thread
        task, self._task = self._task, None
        assert task is not None
        outcome = _execute(task, self._progress)
        del task
        _dispatcher().finished.emit(self._job, outcome)


class ThreadPoolExecutor:
    """Runs ops in a QThreadPool of its own (so shutdown can wait for just ours)."""

    def __init__(self, max_threads: int = 2) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(max_threads)

    def submit(self, job: int, task: Callable[[Progress], Any], progress: Progress) -> None:
        dispatcher = _dispatcher()  # created here, on the GUI thread
        progress._sink = lambda done, total, text, cancellable: dispatcher.progressed.emit(
            job, (done, total, text, cancellable)
        )
        self.pool.start(_Runnable(job, task, progress))

    def wait(self, timeout_ms: int) -> bool:
        return bool(self.pool.waitForDone(timeout_ms))


class SynchronousExecutor:
    """Runs each op inline on the calling (GUI) thread: deterministic tests."""

    def submit(self, job: int, task: Callable[[Progress], Any], progress: Progress) -> None:
        op = _running[job]
        progress._sink = op._show_progress
        op._deliver(_execute(task, progress))

    def wait(self, timeout_ms: int) -> bool:
        return True


_executor: Executor | None = None
_running: dict[int, Op[Any]] = {}
_next_job = itertools.count(1)


def executor() -> Executor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor()
    return _executor


def set_executor(new: Executor | None) -> Executor | None:
    """Swap the executor (None: back to the thread pool); returns the previous one."""
    global _executor
    previous = _executor
    _executor = new
    return previous


@contextmanager
def synchronous() -> Iterator[None]:
    previous = set_executor(SynchronousExecutor())
    try:
        yield
    finally:
        set_executor(previous)


def running() -> list[Op[Any]]:
    return list(_running.values())


def shutdown(timeout_ms: int = 5000) -> bool:
    """Ask every running op to cancel and wait for the threads (at quit)."""
    for op in list(_running.values()):
        op.cancel()
    return executor().wait(timeout_ms)


class Op(Generic[T]):
    """One piece of background work; build it, then :meth:`run` it (on the GUI thread)."""

    def __init__(self, task: Callable[[Progress], T], *, parent: QWidget | None = None) -> None:
        self._task: Callable[[Progress], T] | None = task
        self._parent = parent
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_cancel: Callable[[], None] | None = None
        self._on_progress: Callable[[int, int | None, str], None] | None = None
        self._label: str | None = None
        self._cancellable = True
        self._progress = Progress()
        self._dialog: QProgressDialog | None = None
        self._reveal_timer: QTimer | None = None
        self.job = 0
        self.done = False

    # -- building --------------------------------------------------------------

    def success(self, fn: Callable[[T], None]) -> Op[T]:
        self._on_success = fn
        return self

    def failure(self, fn: Callable[[BaseException], None]) -> Op[T]:
        self._on_failure = fn
        return self

    def cancelled(self, fn: Callable[[], None]) -> Op[T]:
        self._on_cancel = fn
        return self

    def on_progress(self, fn: Callable[[int, int | None, str], None]) -> Op[T]:
        self._on_progress = fn
        return self

    def with_progress(self, label: str, *, cancellable: bool = True) -> Op[T]:
        """Show a progress dialog (after a short delay) over the parent while running."""
        self._label = label
        self._cancellable = cancellable
        return self

    # -- running ---------------------------------------------------------------

    def run(self) -> Op[T]:
        if self.job:
            raise RuntimeError("an op runs once")
        self.job = next(_next_job)
        _running[self.job] = self
        if self._label is not None:
            self._open_dialog()
        task, self._task = self._task, None  # the worker owns it from here
        assert task is not None
        executor().submit(self.job, task, self._progress)
        return self

    def cancel(self) -> None:
        self._progress.cancel()

    @property
    def progress(self) -> Progress:
        return self._progress

    def _deliver(self, outcome: tuple[bool, Any]) -> None:  # on the GUI thread
        self.done = True
        _running.pop(self.job, None)
        self._close_dialog()
        ok, value = outcome
        if self._parent is not None and not shiboken6.isValid(self._parent):
            log.debug("op finished after its window was closed; result dropped")
            return
        if ok:
            if self._on_success is not None:
                self._on_success(value)
            return
        if isinstance(value, Cancelled):
            if self._on_cancel is not None:
                self._on_cancel()
            return
        if self._on_failure is not None:
            self._on_failure(value)
            return
        from ui import errors

        errors.show_exception(self._parent, value)

    def _show_progress(self, done: int, total: int | None, text: str, cancellable: bool = True) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, text)
        dialog = self._dialog
        if dialog is not None and shiboken6.isValid(dialog):
            if total:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))
            else:
                dialog.setRange(0, 0)  # busy: a phase whose length is not known
            if text:
                dialog.setLabelText(text)
            if not cancellable:
                cancel = dialog.findChild(QPushButton)
                if cancel is not None:
                    cancel.setEnabled(False)

    def _open_dialog(self) -> None:
        from PySide6.QtCore import QCoreApplication

        cancel_text = QCoreApplication.translate("Op", "Cancel") if self._cancellable else ""
        dialog = QProgressDialog(self._label or "", cancel_text, 0, 0, self._parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.hide()
        if self._cancellable:
            dialog.canceled.connect(self._progress.cancel)
        self._dialog = dialog
        # A timer owned by the dialog: deleted with it, so it never fires for a closed op
        # (a context-object singleShot crashed PySide when the parent went away first).
        timer = QTimer(dialog)
        timer.setSingleShot(True)
        timer.setInterval(PROGRESS_DELAY_MS)
        timer.timeout.connect(self._reveal_dialog)
        timer.start()
        self._reveal_timer = timer

    def _reveal_dialog(self) -> None:
        if not self.done and self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.show()

    def _close_dialog(self) -> None:
        dialog, self._dialog = self._dialog, None
        timer, self._reveal_timer = self._reveal_timer, None
        if timer is not None and shiboken6.isValid(timer):
            timer.stop()
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.hide()
            dialog.deleteLater()
