"""Small file helpers: atomic writes (0600 for secrets) and size-capped reads of user-named files."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

from labregistry.errors import DomainError


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
        raise write_failed(exc, target) from exc
    _fsync_dir(folder)
    return target


def write_failed(exc: OSError, target: Path) -> DomainError:
    """Why ``target`` could not be written: a full disk, a read-only folder, no permission
    (:func:`labregistry.faults.os_error`), else the system's own reason."""
    from labregistry.faults import os_error

    return os_error(exc, path=target) or DomainError("file.write_failed", file=str(target), reason=_reason(exc))


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
            data = read_at_most(fh, limit, _size_of(fh))
    except OSError as exc:
        raise DomainError("file.unreadable", file=str(path), reason=_reason(exc)) from exc
    if len(data) > limit:
        raise DomainError("file.too_large", file=str(path), limit=limit)
    return data


READ_CHUNK = 1024 * 1024


def read_at_most(fh: BinaryIO, limit: int, size_hint: int | None = None) -> bytes:
    """At most ``limit + 1`` bytes of ``fh`` (the caller refuses more than ``limit``), in an
    allocation that follows the real size.

    ``fh.read(limit + 1)`` allocates ``limit + 1`` bytes up front whatever the file holds
    (100 MiB for every small bundle; the pages are not touched, but tracemalloc and the
    allocator count them, and a busy process pays for them). Here the first read asks for
    the size the file says it has (plus one byte, to see growth), and anything beyond comes
    in chunks of :data:`READ_CHUNK`: a file that grew or a pipe still ends at ``limit + 1``.
    """
    want = min(max(size_hint or 0, 0), limit) + 1
    pieces: list[bytes] = []
    total = 0
    while total <= limit:
        piece = fh.read(want)
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
        want = min(READ_CHUNK, limit + 1 - total)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def _size_of(fh: BinaryIO) -> int | None:
    try:
        info = os.fstat(fh.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def read_head(path: str | os.PathLike[str], size: int) -> bytes:
    """At most the first ``size`` bytes of ``path`` (the caller refuses what is too long)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise DomainError("file.unreadable", file=str(path), reason=_reason(exc)) from exc
