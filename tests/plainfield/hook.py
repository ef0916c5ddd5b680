"""Adds the test-only field to the registry of the process it runs in (:mod:`tests.plainfield.plugin`).

Imports nothing of LabRegistry: it must run before the registry's package is imported.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

#: The module of the registry that declares an instrument's fields.
DECLARING = "labregistry.domain.fields.standards"


def add_asset_no() -> None:
    """Add the field to the registry of this process as a ``Field`` written in
    ``domain/fields/standards.py`` would be: once that module has run, before any other
    module reads it (``labregistry.domain`` imports the records, which derive from it, so
    the field is added by a hook on that module's import). In place, since every module
    holds the one ``INSTRUMENT`` record type (its dataclass is frozen against accidents,
    not this). Only in a process of its own: :mod:`tests.plainfield.plugin`."""
    if "labregistry" in sys.modules:
        raise RuntimeError("the registry was imported before the field could be added")
    sys.meta_path.insert(0, _AddedOnImport())


class _AddedOnImport(importlib.abc.MetaPathFinder):
    """Runs :data:`DECLARING` as usual, then adds the field to its ``INSTRUMENT``."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname != DECLARING:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        assert spec is not None and spec.loader is not None
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            from tests.plainfield.field import ASSET_NO  # the registry's model is loaded by now

            instrument: Any = module.INSTRUMENT
            object.__setattr__(instrument, "fields", (*instrument.fields, ASSET_NO))

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec
