"""Files the desktop app loads at run time, shipped as package data of ``ui``.

Built artefacts only: the compiled translations (``translations/*.qm``, from the .ts
sources in the top-level ``resources/translations``) and the application icon as PNGs
and a Windows .ico (``icons/``, rendered from ``resources/icons/labregistry.svg``). They
are found through :mod:`importlib.resources`, so the same code finds them in a checkout,
an editable install, an installed wheel and a PyInstaller build.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib import resources
from pathlib import Path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

_extracted = contextlib.ExitStack()  # files a zip import had to put on disk, removed at exit
atexit.register(_extracted.close)


def path(*parts: str) -> Path:
    """A file of this package on disk (Qt opens files by name), whether or not it exists."""
    resource = resources.files(__name__).joinpath(*parts)
    if isinstance(resource, Path):  # a folder on disk: a checkout, a wheel, PyInstaller
        return resource
    if not resource.is_file():
        return Path(__file__).parent.joinpath(*parts)  # reported as missing by the caller
    return _extracted.enter_context(resources.as_file(resource))


def translation(catalogue: str, language: str) -> Path:
    return path("translations", f"{catalogue}_{language}.qm")


def icon_files() -> list[Path]:
    """The application icon, one PNG per size (those present)."""
    return [p for size in ICON_SIZES if (p := path("icons", f"labregistry-{size}.png")).is_file()]


def icons_dir() -> Path:
    """Where ``python -m ui.icon_build`` writes (a checkout's source folder)."""
    return Path(__file__).resolve().parent / "icons"


def translations_dir() -> Path:
    """Where ``python -m ui.i18n_build`` writes the .qm files (a checkout's source folder)."""
    return Path(__file__).resolve().parent / "translations"
