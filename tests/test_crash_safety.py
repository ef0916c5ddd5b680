"""SIGKILL at random moments of a large bundle import and a large ledger import: the database
is always sound and holds exactly the state before or the state after, never anything between.

Every kill is counted: it must find the import still running (one that had finished proves
nothing), and some must land while it writes (after its pre-import backup appeared)."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.exchange.sites import make_site

KILLS = 6
FRESH_UIDS = frozenset({"uid"})
BUDGET_SECONDS = 40


def state(db: Path, ignore: frozenset[str] = frozenset()) -> str:
    """A digest of everything an import touches; integrity is asserted on the way.

    ``ignore``: columns that differ between two runs of the same import (a ledger import
    gives new records fresh random uids)."""
    con = sqlite3.connect(db)
    try:
        assert [r[0] for r in con.execute("PRAGMA integrity_check")] == ["ok"]
        assert list(con.execute("PRAGMA foreign_key_check")) == []
        h = hashlib.sha256()
        for table in ("institute", "standard", "instrument", "service", "authorisation", "authorisation_item",
                      "staff", "credential", "credential_item", "received_bundle", "key_statement", "trusted_key",
                      "setting"):
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")
                    if r[1] not in {"id", "created_at", "updated_at", "received_at", "bundle_received_at",
                                    "standard_id", "authorisation_id", "staff_id", "credential_id"} | ignore]
            for row in con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {', '.join(cols)}"):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        con.close()


@dataclass
class Kills:
    """What the kills did: every kill must interrupt a running import (a process that had
    already finished proves nothing), some of them while it writes."""

    interrupted: int = 0
    while_writing: int = 0  # after the import's backup appeared: its write transaction runs
    finished_first: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: {"before": 0, "after": 0})
    last: str = ""  # the state the last kill left: "before" or "after"


def kill_repeatedly(command: list[str], home: Path, pristine: Path, duration: float, seed: int,
                    states: tuple[str, str], state_of: Callable[[], str]) -> Kills:
    """Start ``command`` KILLS times on a copy of ``pristine`` and SIGKILL it: half the time at
    a random moment of its run, half the time once its pre-import backup exists (so, while it
    writes); check after each that the database holds ``states`` (before, after) and nothing else.
    ``duration`` is one run's, measured once: a run that ends before its kill shortens it, so
    that a slow measurement on a loaded machine does not make every later kill come too late."""
    rng = random.Random(seed)
    kills = Kills()
    deadline = time.monotonic() + BUDGET_SECONDS
    for attempt in range(KILLS):
        if time.monotonic() > deadline:
            break
        shutil.rmtree(home)
        shutil.copytree(pristine, home)
        started = time.monotonic()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        writing = attempt % 2 == 1
        if writing:
            _wait_for_backup(home, proc, started + duration * 2)
            time.sleep(rng.uniform(0, max(0.0, duration - (time.monotonic() - started)) * 0.8))
        else:
            time.sleep(rng.uniform(0.05, duration * 0.9))
        if proc.poll() is not None:
            kills.finished_first += 1
            # the measured run was slower than this one (a loaded machine): aim within this one
            duration = min(duration, 0.8 * (time.monotonic() - started))  # not compounded: kills stay within a run
        else:
            os.kill(proc.pid, signal.SIGKILL)
            assert proc.wait() == -signal.SIGKILL
            kills.interrupted += 1
            if writing and any((home / "backups").glob("labregistry-*-*import.db")):
                kills.while_writing += 1
        got = state_of()
        assert got in states, "the database holds a state between before and after"
        kills.last = "before" if got == states[0] else "after"
        kills.outcomes[kills.last] += 1
    print("kills:", kills)
    assert kills.interrupted >= KILLS - 2 and kills.finished_first <= 2, kills
    assert kills.while_writing >= 2, kills
    return kills


def _wait_for_backup(home: Path, proc: subprocess.Popen[bytes], until: float) -> None:
    """Until the import has taken its backup (the last step before it writes), or has ended."""
    while time.monotonic() < until and proc.poll() is None:
        if any((home / "backups").glob("labregistry-*-*import.db")):
            return
        time.sleep(0.005)


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_killing_a_bundle_import_leaves_before_or_after(tmp_path: Path) -> None:
    a = make_site(tmp_path, "A", standards=1000, seed=11)
    b = make_site(tmp_path, "B", standards=20, seed=12)
    b.trust(a, tmp_path)
    bundle = a.export(tmp_path / "a.xlsx")
    b.reg.close()
    db = b.home / "labregistry.db"
    pristine = tmp_path / "pristine"
    shutil.copytree(b.home, pristine)
    before = state(db)

    # the after state, and how long an import takes as a process
    started = time.monotonic()
    done = _run_import(b.home, bundle)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    after = state(db)
    assert after != before

    kills = kill_repeatedly(_command(b.home, bundle), b.home, pristine, duration, 2024, (before, after),
                            lambda: state(db))
    # a killed import can simply be run again: killed before its commit, it imports now ...
    rerun = _run_import(b.home, bundle)
    if kills.last == "before":
        assert rerun.returncode == 0, rerun.stderr
        assert state(db) == after
        rerun = _run_import(b.home, bundle)
    # ... killed after it (or run again once done), it finds the bundle imported: the same
    # file again is said to be imported already, nothing to do (exit 0, as in a folder; the
    # same sequence number with other bytes would be refused as another bundle under it,
    # SECURITY.md: "refuses lower or equal") and nothing changes
    assert rerun.returncode == 0 and rerun.stdout.splitlines() == ["第 1 号数据包已经导入过"], rerun.stderr
    assert state(db) == after


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_killing_a_ledger_import_leaves_before_or_after(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "ledger_bench", Path(__file__).resolve().parents[1] / "benchmarks" / "ledger_import.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    site = make_site(tmp_path, "A", standards=30, seed=13)
    ledger = tmp_path / "台账.xlsx"
    bench.build_ledger(ledger, 2500)
    site.reg.close()
    db = site.home / "labregistry.db"
    pristine = tmp_path / "pristine"
    shutil.copytree(site.home, pristine)
    before = state(db, FRESH_UIDS)
    command = [sys.executable, "-m", "labregistry", "--home", str(site.home), "import-excel", str(ledger),
               "--kind", "standards"]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    after = state(db, FRESH_UIDS)
    assert after != before

    kill_repeatedly(command, site.home, pristine, duration, 7, (before, after), lambda: state(db, FRESH_UIDS))


def _command(home: Path, bundle: Path) -> list[str]:
    return [sys.executable, "-m", "labregistry", "--home", str(home), "import", str(bundle), "--yes"]


def _run_import(home: Path, bundle: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(home, bundle), capture_output=True, text=True, timeout=300)
