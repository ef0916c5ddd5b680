"""The LabRegistry desktop app (PySide6) over the Qt-free core in ``labregistry``.

The app calls ``labregistry`` services only: it never runs SQL, parses Excel or signs.
Start it with ``python -m ui`` or ``labregistry gui``; the entry point is
:func:`ui.app.main`.
"""

from ui import qt_check as _qt_check

# Before any widget exists: a binding bug would otherwise abort the interpreter (see qt_check).
_qt_check.guard()
