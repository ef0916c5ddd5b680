"""Adding a plain field touches the field registry, a migration and tests only (issue 17).

The field ``asset_no`` of an instrument (:mod:`tests.plainfield.field`) is added to the
registry of a process of its own, which runs :mod:`tests.plainfield.world`: the ORM column
and the migrated schema, a ledger row imported and one refused, the editor showing and
saving it, the history and the recycle bin keeping it, a bundle carrying it to a peer (and
an older bundle refused: a sheet column still needs a new format version). A process of its own because the registry is read once, when the modules
that derive from it are imported, and the suite's processes (xdist's workers run many test
modules) must keep the registry and the schema as shipped. It runs on the pass's engine.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from labregistry.domain import fields as registry
from labregistry.domain import records
from labregistry.storage import models
from tests.plainfield.field import ASSET_NO

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # a pytest process of its own: 5 s, and a PostgreSQL server of its own in that pass
def test_the_whole_way_of_a_field_declared_in_the_registry_only(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.plainfield.plugin", "-p", "no:cacheprovider", "-n", "0",
         "-q", "--basetemp", str(tmp_path / "world"), "tests/plainfield/world.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    assert re.search(r"^10 passed in ", proc.stdout, re.MULTILINE), proc.stdout[-2000:]  # none skipped


@pytest.mark.engine_independent
def test_this_process_keeps_the_registry_as_shipped() -> None:
    """What the process above changed stays there."""
    assert ASSET_NO not in registry.INSTRUMENT.fields
    assert records.PLAIN["instrument"] == ()
    assert "asset_no" not in models.Instrument.__table__.columns  # type: ignore[attr-defined]
