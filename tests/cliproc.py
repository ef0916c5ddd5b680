"""The CLI as a real process, without paying the interpreter's start-up for each one.

A test suite that runs ``labregistry`` as a process a thousand times spends most of its
time importing SQLAlchemy, pydantic and SQLModel again and again (about 0.7 s of CPU each,
more than most commands take to do their work). This module keeps one *zygote* per test
process: a Python process that has imported the CLI and its heavy libraries once and then
forks a child per command. The child is a real, separate process: its own argv, environment,
working directory, file descriptors 0/1/2 (stdin from /dev/null or a file of the test's
input, stdout and stderr into files), its own exit status; it runs ``labregistry.cli.main`` exactly as ``python -m
labregistry`` does, exits through the normal exit handlers and is gone afterwards. Nothing a
command does can leak into the next one.

What a fork cannot reproduce is the interpreter's start-up itself, so :func:`run` starts a
fresh ``python -m labregistry`` instead when the environment changes what start-up decides
(``PYTHON*``, the locale variables, ``LD_*``, ``OPENPYXL_*`` read at import), and always when
``LABREGISTRY_TEST_FRESH_CLI=1`` (the whole suite then runs every command in a fresh
interpreter, as before). Tests about start-up itself (which modules a command loads, the
console's code page, ``--version`` of an installed wheel) start their own processes.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

FRESH_ENV = "LABREGISTRY_TEST_FRESH_CLI"
_STARTUP_PREFIXES = ("PYTHON", "LC_", "LD_", "OPENPYXL_")
_STARTUP_NAMES = ("LANG", "LANGUAGE", "PATH", "TZ")  # TZ: the C library reads it once per process
_PRELOAD = (
    "labregistry.cli", "labregistry.registry", "labregistry.storage.models", "labregistry.storage.uow",
    "labregistry.services.listing", "labregistry.services.records", "labregistry.services.exchange",
    "labregistry.services.ledger", "labregistry.services.inventory", "labregistry.services.certificates",
    "labregistry.services.backups", "labregistry.services.keytrust", "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql", "psycopg", "alembic.command", "openpyxl", "reportlab.pdfgen.canvas",
    "pint", "cryptography.hazmat.primitives.asymmetric.ed25519",
)


def _startup_view(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(_STARTUP_PREFIXES) or k in _STARTUP_NAMES}


class Zygote:
    """One zygote process and the Unix socket it listens on (one per test process)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="lr-zygote-"))
        self.socket_path = self.dir / "s"
        self.env = dict(os.environ)
        log = self.dir / "zygote.log"
        with log.open("wb") as stderr:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tests.cliproc", str(self.socket_path)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=stderr, env=self.env,
                cwd=str(Path(__file__).resolve().parent.parent),
            )
        deadline = time.monotonic() + 120
        while not self.socket_path.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"the CLI zygote did not start: {log.read_text('utf-8', 'replace')}")
            time.sleep(0.01)

    def serves(self, env: dict[str, str]) -> bool:
        return self.proc.poll() is None and _startup_view(env) == _startup_view(self.env)

    def run(self, argv: list[str], env: dict[str, str], timeout: float, stdin: bytes | None = None
            ) -> tuple[int, bytes, bytes]:
        with tempfile.TemporaryDirectory(dir=self.dir) as tmp:
            out, err = Path(tmp) / "out", Path(tmp) / "err"
            request = {"argv": argv, "env": env, "cwd": os.getcwd(), "out": str(out), "err": str(err),
                       "in": os.devnull}
            if stdin is not None:
                request["in"] = str(Path(tmp) / "in")
                Path(request["in"]).write_bytes(stdin)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.connect(str(self.socket_path))
                conn.sendall(json.dumps(request).encode("utf-8") + b"\n")
                code = _await_exit(conn, timeout, argv)
            return code, out.read_bytes(), err.read_bytes()

    def close(self) -> None:
        if self.proc.poll() is None and self.proc.stdin is not None:
            self.proc.stdin.close()  # the zygote exits when its stdin closes
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def _await_exit(conn: socket.socket, timeout: float, argv: list[str]) -> int:
    """The child's pid comes first, its exit status when it has ended."""
    conn.settimeout(timeout)
    with conn.makefile("rb") as reader:
        pid = int(reader.readline())
        try:
            line = reader.readline()
        except (socket.timeout, TimeoutError):
            os.kill(pid, signal.SIGKILL)
            raise subprocess.TimeoutExpired(["labregistry", *argv], timeout) from None
    if not line:
        raise RuntimeError(f"the CLI zygote lost the child of labregistry {' '.join(argv)}")
    return int(line)


_zygote: Zygote | None = None
_lock = threading.Lock()


def run(argv: list[str], env: dict[str, str], timeout: float, stdin: bytes | None = None
        ) -> tuple[int, bytes, bytes] | None:
    """Run ``labregistry argv`` as a forked child (``stdin``: what it reads on descriptor 0,
    /dev/null when None); None when a fresh interpreter is needed."""
    global _zygote
    if os.environ.get(FRESH_ENV) == "1" or sys.platform == "win32":
        return None
    with _lock:
        if _zygote is None or not _zygote.serves(env):
            if _zygote is not None and _zygote.proc.poll() is None:
                return None  # start-up differs from the zygote's: a fresh process
            _zygote = Zygote()
        zygote = _zygote
    return zygote.run(argv, env, timeout, stdin)


def close() -> None:
    global _zygote
    with _lock:
        if _zygote is not None:
            _zygote.close()
            _zygote = None


# --- the zygote process -------------------------------------------------------------------


def _serve(socket_path: str) -> None:
    import importlib

    for name in _PRELOAD:
        importlib.import_module(name)
    importlib.import_module("labregistry.i18n").load_catalogues()  # read once, not in every run
    from tests import pgserver, sqlite_template

    sqlite_template.install()  # new SQLite homes by a copy, as in the test process
    pgserver.copy_new_databases_by_file()  # new PostgreSQL homes by a copy of files, likewise
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # finished children are reaped by the kernel
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path + ".tmp")
    listener.listen(64)
    os.rename(socket_path + ".tmp", socket_path)
    while True:
        ready, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in ready and not os.read(sys.stdin.fileno(), 1):
            return  # the test process has gone or closed us
        if listener in ready:
            conn, _ = listener.accept()
            if os.fork() == 0:
                listener.close()
                _supervise(conn)
            conn.close()


def _supervise(conn: socket.socket) -> None:
    """In a fork of the zygote: start the command's process, report its pid and exit status."""
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        request = json.loads(conn.makefile("rb").readline())
        pid = os.fork()
        if pid == 0:
            conn.close()
            _become_command(request)
        conn.sendall(f"{pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        conn.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
    finally:
        os._exit(0)


def _become_command(request: dict[str, Any]) -> None:
    """The child: the command's own descriptors, environment and folder, then the CLI."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as the interpreter sets them
        for signum in (signal.SIGTERM, signal.SIGCHLD):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        os.dup2(os.open(request["in"], os.O_RDONLY), 0)
        for fd, path in ((1, request["out"]), (2, request["err"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        _fresh_std_streams()
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        sys.argv = [str(Path(__import__("labregistry").__file__).with_name("__main__.py")), *request["argv"]]
        code = _main(request["argv"])
    finally:
        _exit(code)


def _fresh_std_streams() -> None:
    """New text streams on descriptors 0/1/2, configured as the interpreter configured the
    zygote's (the same start-up environment: the zygote serves no other)."""
    import io

    for name, fd, mode in (("stdin", 0, "r"), ("stdout", 1, "w"), ("stderr", 2, "w")):
        old = getattr(sys, name)
        raw = io.FileIO(fd, mode, closefd=False)
        buffered = io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)
        stream = io.TextIOWrapper(buffered, encoding=old.encoding, errors=old.errors,
                                  line_buffering=old.line_buffering, write_through=name == "stderr")
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def _main(argv: list[str]) -> int:
    import traceback

    from labregistry.cli import main

    try:
        return int(main(argv) or 0)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return int(exc.code or 0)
        print(exc.code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1


def _exit(code: int) -> None:
    """What the interpreter does at exit: exit handlers, then flushed streams."""
    import atexit
    import logging

    try:
        atexit._run_exitfuncs()
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    except BaseException:
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    _serve(sys.argv[1])
