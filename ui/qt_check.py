"""A guard against a broken Qt binding: PySide6 6.12.0 on CPython 3.11.

That build releases a reference to ``None`` it never took on every call of a method
that returns nothing (``QTimer.stop``, ``QWidget.show``, ``processEvents`` ...). After
a few thousand calls ``None``'s reference count reaches zero and the interpreter
aborts ("Fatal Python error: none_dealloc"). CPython 3.12+ is immune (``None`` is
immortal there) and PySide6 6.11 does not have the bug; the project pins around it.

:func:`guard` detects the bug and, only then, gives ``None``, ``True`` and ``False``
a reference count that cannot run out, which is what CPython 3.12 does for them.
"""

from __future__ import annotations

import ctypes
import logging
import platform
import sys

log = logging.getLogger(__name__)

_BALLAST = 1 << 40
_applied = False


def none_refcount_drift(calls: int = 200) -> int:
    """How much ``None``'s reference count changes over ``calls`` void binding calls (0 if sound)."""
    from PySide6.QtCore import QTimer

    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(calls):
        timer.stop()
    return sys.getrefcount(None) - before


def binding_is_broken() -> bool:
    if platform.python_implementation() != "CPython" or sys.version_info >= (3, 12):
        return False
    return none_refcount_drift() < -100


def guard() -> bool:
    """Neutralise the bug if present; True if the workaround was (or already is) applied."""
    global _applied
    if _applied:
        return True
    if not binding_is_broken():
        return False
    from PySide6 import __version__

    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _BALLAST
    _applied = True
    log.warning(
        "PySide6 %s on Python %s releases references to None it does not own; "
        "working around it (install PySide6 != 6.12.0 or use Python >= 3.12)",
        __version__,
        platform.python_version(),
    )
    return True


def applied() -> bool:
    return _applied
