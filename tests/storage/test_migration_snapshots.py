"""Each revision does to a database exactly what it did: the schema and the rows after every
step, up from nothing to head and down again, compared with a committed snapshot.

Migrations are frozen history (docs/architecture.md). Their code may still be restructured
(issue 17: the blocks they repeated now come from ``migrations/frozen_ops.py``), but only if
what they make stays the same to the byte. This is the oracle of such a change: a database on
the engine of the pass goes up revision by revision (0001, 0002, ... head), seeded at the
revisions whose successors move data (the rows of ``test_frozen_migrations`` and
``test_migrations``), then down revision by revision to nothing. After each step it records
the full schema (SQLite: ``sqlite_master``'s type, name, table and SQL; PostgreSQL:
``pg_dump --schema-only``, comments and the random ``\\restrict`` key left out) and every
row of every table (a full-text table's rows through the table itself, not its shadow
tables' binary pages). The record is compared with
``tests/storage/data/migration_snapshots/<engine>.txt.gz`` (gzip: about 1 MB of text each),
written before the migrations were restructured; a difference is a revision doing something
else, which no refactor may cause. On a difference both texts are left in the test's temp
folder for ``diff``.

The steps go up to :data:`SNAPSHOT_HEAD` and back from it, so that a revision added later
leaves this test as it was. To take a new revision in, raise :data:`SNAPSHOT_HEAD` and run
with ``LABREGISTRY_WRITE_MIGRATION_SNAPSHOT=1``, which writes the file instead of comparing:
the old revisions' lines must come out unchanged (``zdiff`` the old and new files).
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from labregistry.storage import db, pgdump
from tests.conftest import BACKEND
from tests.storage.test_frozen_migrations import _add_capability_rows
from tests.storage.test_migrations import STANDARDS_AT_0005, _standard_at_0005
from tests.storage.test_schema_matches_models import _fill_at_0003

SNAPSHOTS = Path(__file__).parent / "data" / "migration_snapshots"
#: The newest revision the snapshot holds.
SNAPSHOT_HEAD = "0019"
#: The major version of the pg_dump that wrote ``postgres.txt.gz``: another one prints the
#: same schema in other words (its header, its SET lines), so it is not compared.
PG_DUMP_MAJOR = 15
WRITE = os.environ.get("LABREGISTRY_WRITE_MIGRATION_SNAPSHOT") == "1"


def _seed_0005(engine: Engine) -> None:
    """Standards of every accuracy kind revision 0006 reads into capability rows."""
    with engine.begin() as conn:
        for row in STANDARDS_AT_0005:
            _standard_at_0005(conn, *row)


def _seed_0013(engine: Engine) -> None:
    """A comparison and its results, which revision 0014's downgrade copies on SQLite."""
    now = dt.datetime(2026, 1, 1)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO comparison (id, uid, institute_id, kind, scheme_no, name, measurand, criterion, "
                          "reference_value, reference_uncertainty, created_at, updated_at) VALUES (1, 'c1', 1, "
                          "'comparison', 'CSJ-DCV-2026-01', '直流电压比对', '直流电压', 'en', 1.000001, 2e-6, :n, :n)"),
                     {"n": now})
        conn.execute(text("INSERT INTO comparison_result (comparison_id, position, institute_name, value, "
                          "uncertainty, score, verdict) VALUES (1, 0, '江苏省计量科学研究院', 1.0, 4e-6, 0.19, "
                          "'satisfactory')"))


#: Rows written at a revision (as that revision's schema took them), before the next runs.
SEEDS: dict[str, Callable[[Engine], None]] = {
    "0002": _fill_at_0003, "0005": _seed_0005, "0006": _add_capability_rows, "0013": _seed_0013}


def _sqlite_state(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        schema = sorted((tuple(r) for r in conn.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master")), key=repr)
        virtual = {name for kind, name, _, sql in schema if kind == "table" and sql and sql.startswith("CREATE VIRTUAL")}
        shadow = {f"{v}_{s}" for v in virtual for s in ("data", "idx", "docsize", "config", "content")}
        lines = [f"schema {r!r}" for r in schema]
        for kind, name, _, _ in schema:
            if kind == "table" and name not in shadow:
                select = f'SELECT rowid, * FROM "{name}"' if name in virtual else f'SELECT * FROM "{name}"'
                lines += sorted(f"row {name} {tuple(r)!r}" for r in conn.exec_driver_sql(select))
    return lines


def _pg_dump_major() -> int:
    out = subprocess.run([str(pgdump.find_pg_dump()), "--version"], capture_output=True, text=True, check=True).stdout
    return int(re.findall(r"(\d+)(?:\.\d+)*", out)[0])


def _pg_state(engine: Engine) -> list[str]:
    connection, env = pgdump.connection(engine.url.render_as_string(hide_password=False))
    dumped = subprocess.run([str(pgdump.find_pg_dump()), "--schema-only", "--no-owner", "--no-privileges",
                             connection], env={**os.environ, **env}, capture_output=True, text=True, check=True)
    lines = [f"schema {line}" for line in dumped.stdout.splitlines()
             if line.strip() and not line.startswith(("--", "\\restrict", "\\unrestrict"))]
    with engine.connect() as conn:
        tables = sorted(r[0] for r in conn.exec_driver_sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE'"))
        for name in tables:
            lines += sorted(f"row {name} {tuple(r)!r}" for r in conn.exec_driver_sql(f'SELECT * FROM "{name}"'))
    return lines


def _revisions(engine: Engine) -> list[str]:
    """Every revision id up to :data:`SNAPSHOT_HEAD`, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config(engine))
    return [s.revision for s in reversed(list(script.walk_revisions("base", SNAPSHOT_HEAD)))]


def _steps(url: str) -> list[str]:
    """The record of every step, up and down: a header line per step, then its state."""
    engine = db.make_engine(url)
    state = _sqlite_state if engine.dialect.name == "sqlite" else _pg_state
    record: list[str] = []
    try:
        revisions = _revisions(engine)
        for rev in revisions:
            db.migrate(engine, rev)
            if rev in SEEDS:
                SEEDS[rev](engine)
            record += [f"== up {rev}", *state(engine)]
        for rev, below in zip(reversed(revisions), ["base", *revisions][-2::-1], strict=True):
            db.downgrade(engine, below)
            record += [f"== down {rev} (to {below})", *state(engine)]
    finally:
        engine.dispose()
    return record


@pytest.fixture
def empty_url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new, empty database on the engine of this pass (SQLite file, or PostgreSQL)."""
    if BACKEND == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'r.db'}"


def test_each_revision_makes_what_it_made_up_and_down(tmp_path: Path, empty_url: str) -> None:
    if BACKEND == "postgres" and not WRITE and _pg_dump_major() != PG_DUMP_MAJOR:
        pytest.skip(f"the snapshot was written by pg_dump {PG_DUMP_MAJOR}, this machine's is {_pg_dump_major()}")
    snapshot = SNAPSHOTS / f"{BACKEND}.txt.gz"
    got = "\n".join(_steps(empty_url)) + "\n"
    if WRITE:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_bytes(gzip.compress(got.encode("utf-8"), compresslevel=9, mtime=0))
    expected = gzip.decompress(snapshot.read_bytes()).decode("utf-8")
    if got != expected:
        (tmp_path / "expected.txt").write_text(expected, encoding="utf-8")
        (tmp_path / "got.txt").write_text(got, encoding="utf-8")
    assert got == expected, f"a revision makes something else: diff {tmp_path / 'expected.txt'} {tmp_path / 'got.txt'}"
