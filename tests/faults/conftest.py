"""Faults of the machine, for real: a second process, a small tmpfs, a read-only mount.

Mounting needs root (CI runs the suite as root). A test that needs a mount fails with
the reason when it is not root: it is never skipped silently.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, Result, run_cli
from tests.dbstate import dump_home

USCC = "12310000425011296P"
INIT = ["init", "--name", "上海市计量测试技术研究院", "--uscc", USCC, "--province", "上海", "--city", "上海"]


def make_home(home: Path, standards: int = 20) -> Path:
    """A home set up by ``init`` (and ``demo`` with ``standards``), through the CLI."""
    done = run_cli("--home", str(home), *INIT, env={"LABREGISTRY_PASSPHRASE": PASSPHRASE})
    assert done.code == 0, done.err
    if standards:
        done = run_cli("--home", str(home), "demo", "--standards", str(standards))
        assert done.code == 0, done.err
    return home


def refused(result: Result, *words: str) -> str:
    """Exit 1 with one ``error:`` line on stderr, no traceback, holding every one of ``words``;
    and no advice to restore a backup. Returns the line."""
    lines = result.err.splitlines()
    assert result.code == 1, (result.code, result.err)
    assert len(lines) == 1 and lines[0].startswith("error: "), result.err
    assert "Traceback" not in result.err and "internal error" not in result.err and "内部错误" not in result.err
    assert not any(advice in lines[0] for advice in ("labregistry restore", "from a backup", "从备份恢复")), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def clean(home: Path, before: list[tuple[object, ...]] | None = None) -> None:
    """``check`` passes, and (with ``before``) every row is as it was."""
    check = run_cli("--home", str(home), "check")
    assert check.code == 0, check.err
    if before is not None:
        assert dump_home(home) == before


def require_root(what: str) -> None:
    if os.geteuid() != 0:
        pytest.fail(f"this test mounts {what} and must run as root (CI does; run it with sudo)")


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "2m") -> Iterator[Path]:
    """A real small file system at ``folder`` (unmounted at the end, whatever happened)."""
    require_root("a tmpfs")
    folder.mkdir(parents=True, exist_ok=True)
    _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _unmount(folder)


@contextlib.contextmanager
def read_only_view(source: Path, view: Path) -> Iterator[Path]:
    """``source`` seen read-only at ``view`` (a read-only bind mount: even root cannot write)."""
    require_root("a read-only bind mount")
    view.mkdir(parents=True, exist_ok=True)
    _run("mount", "--bind", str(source), str(view))
    try:
        _run("mount", "-o", "remount,ro,bind", str(view))
        yield view
    finally:
        _unmount(view)


def _unmount(folder: Path) -> None:
    if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path) -> Path:
    """Fill the file system holding ``folder`` to the last byte; returns the filler to delete."""
    filler = folder / "filler.bin"
    chunk = b"\0" * (64 * 1024)
    with filler.open("wb", buffering=0) as f:
        for size in (len(chunk), 4096, 512, 1):
            try:
                while True:
                    f.write(chunk[:size])
            except OSError:
                continue
    assert shutil.disk_usage(folder).free < 4096
    return filler
