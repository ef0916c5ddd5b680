"""LabRegistry core: the registry of a metrology institute, free of any GUI toolkit.

Everything under this package must import without PySide6 installed; the desktop
app in ``ui/`` and the command line both call :mod:`labregistry.services`.
"""

# The version of pyproject.toml, for where no package metadata ships (a checkout on
# sys.path without an install); tests/test_cli_commands.py keeps the two equal.
__version__ = "0.1.0"


def app_version() -> str:
    """The installed distribution's version (from pyproject.toml), else ``__version__``."""
    from importlib import metadata

    try:
        return metadata.version("labregistry")
    except metadata.PackageNotFoundError:
        return __version__
