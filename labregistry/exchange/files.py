"""Small file helpers for exchange documents: atomic writes and size-capped reads."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from labregistry import i18n
from labregistry.errors import DomainError

i18n.register(
    {
        "file.write_failed": {
            "zh": "无法写入文件 {file}：{reason}",
            "en": "cannot write the file {file}: {reason}",
        },
        "file.exists": {
            "zh": "文件 {file} 已存在，未覆盖",
            "en": "the file {file} already exists and was not overwritten",
        },
        "file.unreadable": {
            "zh": "无法读取文件 {file}：{reason}",
            "en": "cannot read the file {file}: {reason}",
        },
        "file.too_large": {
            "zh": "文件 {file} 过大（上限 {limit} 字节）",
            "en": "the file {file} is too large (limit {limit} bytes)",
        },
    }
)


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def atomic_write(
    path: str | os.PathLike[str], data: bytes, *, mode: int = 0o600, overwrite: bool = True
) -> Path:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, created with ``mode`` (0600 for
    secrets), flushed and fsynced, then renamed over ``path`` with :func:`os.replace`.
    With ``overwrite=False`` an existing ``path`` is refused (``file.exists``).
    """
    target = Path(path)
    if not overwrite and target.exists():
        raise DomainError("file.exists", file=str(target))
    folder = target.parent
    tmp = folder / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        try:
            # the umask may have cleared bits of ``mode`` (POSIX only; Windows has no fchmod)
            if hasattr(os, "fchmod"):
                with contextlib.suppress(OSError):
                    os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise DomainError("file.write_failed", file=str(target), reason=_reason(exc)) from exc
    _fsync_dir(folder)
    return target


def _fsync_dir(folder: Path) -> None:
    # makes the rename durable on POSIX; not possible (nor needed) on Windows
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_capped(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of ``path``, refusing (``file.too_large``) anything above ``limit`` bytes
    without reading it all."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise DomainError("file.unreadable", file=str(path), reason=_reason(exc)) from exc
    if len(data) > limit:
        raise DomainError("file.too_large", file=str(path), limit=limit)
    return data


def read_head(path: str | os.PathLike[str], size: int) -> bytes:
    """At most the first ``size`` bytes of ``path`` (the caller refuses what is too long)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise DomainError("file.unreadable", file=str(path), reason=_reason(exc)) from exc
