"""The core must import without PySide6: the CLI runs on servers with no GUI stack."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import labregistry

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def all_core_modules() -> list[str]:
    names = ["labregistry"]
    for info in pkgutil.walk_packages(labregistry.__path__, "labregistry."):
        if ".migrations" in info.name or info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = all_core_modules()
    assert len(modules) > 10, modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


def test_core_imports_when_pyside6_is_absent() -> None:
    """Block PySide6 entirely, as on a machine without it, and import everything."""
    modules = all_core_modules()
    code = (
        "import importlib, sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('blocked ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
