"""LabRegistry core: the registry of a metrology institute, free of any GUI toolkit.

Everything under this package must import without PySide6 installed; the desktop
app in ``ui/`` and the command line both call :mod:`labregistry.services`.
"""

__version__ = "0.1.0"
