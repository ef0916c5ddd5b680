"""SIGKILL at random moments of a large bundle import and a large ledger import: the database
is always sound and holds exactly the state before or the state after, never anything between."""

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

    rng = random.Random(2024)
    outcomes = {"before": 0, "after": 0}
    deadline = time.monotonic() + BUDGET_SECONDS
    for attempt in range(KILLS):
        if time.monotonic() > deadline:
            break
        shutil.rmtree(b.home)
        shutil.copytree(pristine, b.home)
        proc = _start_import(b.home, bundle)
        # half the kills land anywhere, half near the end where the writing happens
        low = 0.05 if attempt % 2 == 0 else duration * 0.6
        time.sleep(rng.uniform(low, duration * 1.05))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        got = state(db)
        assert got in (before, after), "the database holds a state between before and after"
        outcomes["before" if got == before else "after"] += 1
    assert sum(outcomes.values()) >= 3
    print("kill outcomes:", outcomes)
    # a killed import can simply be run again
    rerun = _run_import(b.home, bundle)
    assert rerun.returncode in (0, 1)
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

    rng = random.Random(7)
    outcomes = {"before": 0, "after": 0}
    deadline = time.monotonic() + BUDGET_SECONDS
    for attempt in range(KILLS):
        if time.monotonic() > deadline:
            break
        shutil.rmtree(site.home)
        shutil.copytree(pristine, site.home)
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        low = 0.05 if attempt % 2 == 0 else duration * 0.6
        time.sleep(rng.uniform(low, duration * 1.05))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        got = state(db, FRESH_UIDS)
        assert got in (before, after), "the database holds a state between before and after"
        outcomes["before" if got == before else "after"] += 1
    assert sum(outcomes.values()) >= 3
    print("ledger kill outcomes:", outcomes)


def _command(home: Path, bundle: Path) -> list[str]:
    return [sys.executable, "-m", "labregistry", "--home", str(home), "import", str(bundle), "--yes"]


def _start_import(home: Path, bundle: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(_command(home, bundle), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _run_import(home: Path, bundle: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(home, bundle), capture_output=True, text=True, timeout=300)
