"""No migration imports the registry's code: a revision runs the DDL it ran, written into it.

A revision that imports live code (revision 0003 called the search index's ``install``
until it was frozen) does something else each time that code changes: databases brought
forward at different times get different schemas, and no revision says so. import-linter
cannot see the revisions (``migrations/versions/`` is no package, and its module names
start with digits), so this test reads them: each may import the standard library, Alembic
and SQLAlchemy, and the one module as frozen as they are, ``migrations/frozen_ops.py`` (the
operations several revisions run the same way; its functions never change), which itself
imports the standard library, Alembic and SQLAlchemy only. ``migrations/env.py`` is the
runner, not history: it loads the models and the engine of today, as it must.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from labregistry.storage import db

pytestmark = pytest.mark.engine_independent  # reads files; never opens the pass's database

VERSIONS = Path(db.MIGRATIONS) / "versions"
FROZEN_OPS = Path(db.MIGRATIONS) / "frozen_ops.py"
#: What a revision may import: nothing that changes with the registry's code.
ALLOWED_ROOTS = frozenset({"__future__", "alembic", "sqlalchemy"}) | sys.stdlib_module_names
#: The registry's one module a revision may import: frozen like the revisions.
FROZEN_MODULE = "labregistry.storage.migrations.frozen_ops"


def _own_imports(source: str, where: str) -> list[str]:
    """Each import of ``source`` outside :data:`ALLOWED_ROOTS`, as ``where:line module``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = ["." * node.level + (node.module or "")]
            if modules == ["labregistry.storage.migrations"] and [a.name for a in node.names] == ["frozen_ops"]:
                modules = [FROZEN_MODULE]
        else:
            continue
        found += [f"{where}:{node.lineno} {m}" for m in modules if m.split(".")[0] not in ALLOWED_ROOTS]
    return found


def _revision_imports(source: str, where: str) -> list[str]:
    """What :func:`_own_imports` finds, but for the frozen module."""
    return [line for line in _own_imports(source, where) if not line.endswith(f" {FROZEN_MODULE}")]


def test_no_revision_imports_the_registrys_code() -> None:
    revisions = sorted(VERSIONS.glob("*.py"))
    assert len(revisions) >= 6  # the revisions were found
    found = [line for p in revisions for line in _revision_imports(p.read_text(encoding="utf-8"), p.name)]
    assert found == [], "a revision runs the DDL it ran, written into it (see 0003, 0005):\n" + "\n".join(found)


def test_the_frozen_module_imports_no_registry_code() -> None:
    """``frozen_ops`` serves the revisions: it imports what they may, not even itself again."""
    assert _own_imports(FROZEN_OPS.read_text(encoding="utf-8"), FROZEN_OPS.name) == []


def test_the_import_check_sees_the_registrys_code() -> None:
    """The scan is not blind: the import revision 0003 used to make, and the other ways to write it."""
    sample = ("from alembic import op\nimport sqlalchemy as sa\nimport logging\n"
              "from labregistry.inventory import textindex\n"
              "def upgrade():\n    import labregistry.storage.searchindex\n    from . import helpers\n")
    assert _own_imports(sample, "x.py") == ["x.py:4 labregistry.inventory", "x.py:6 labregistry.storage.searchindex",
                                            "x.py:7 ."]


def test_a_revision_may_import_the_frozen_module_and_nothing_beside_it() -> None:
    """Only ``from labregistry.storage.migrations import frozen_ops``: not the package's other
    modules (``env``, or anything added later), nor live code imported alongside."""
    sample = ("from labregistry.storage.migrations import frozen_ops\n"
              "from labregistry.storage.migrations import env\n"
              "from labregistry.storage.migrations import frozen_ops, env\n"
              "from labregistry.storage import models\n")
    assert _revision_imports(sample, "x.py") == ["x.py:2 labregistry.storage.migrations",
                                                 "x.py:3 labregistry.storage.migrations",
                                                 "x.py:4 labregistry.storage"]
