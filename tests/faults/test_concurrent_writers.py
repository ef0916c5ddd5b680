"""Two writers at once, as real processes, on SQLite and on PostgreSQL.

A writer takes the write lock before it reads (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL
advisory lock), so a second one waits for the first instead of failing half-way with
"database is locked"; when it has waited LABREGISTRY_LOCK_WAIT seconds it gives up with one
line saying that another LabRegistry is writing and to try again, having written nothing.
"""

from __future__ import annotations

import re

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labregistry.registry import open_registry
from labregistry.services import exchange
from tests.conftest import Result, run_cli
from tests.dbstate import dump_home
from tests.exchange.sites import make_site
from tests.faults.conftest import clean, make_home, refused
from tests.faults.ledgers import cert, numbered_ledger


class Holder:
    """Another LabRegistry process in the middle of writing (see :mod:`tests.faults.holder`)."""

    def __init__(self, home: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.faults.holder", str(home)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, cwd=Path(__file__).resolve().parents[2])
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line.strip() == "locked", (line, self.proc.stderr.read() if self.proc.stderr else "")

    def release(self) -> None:
        out, err = self.proc.communicate("\n", timeout=60)
        assert self.proc.returncode == 0 and out.strip() == "released", err


@pytest.fixture
def holding(tmp_path: Path) -> Iterator[Any]:
    holders: list[Holder] = []

    def hold(home: Path) -> Holder:
        holder = Holder(home)
        holders.append(holder)
        return holder

    yield hold
    for holder in holders:
        if holder.proc.poll() is None:
            holder.proc.kill()
            holder.proc.wait()


def _start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    import os

    return subprocess.Popen([sys.executable, "-m", "labregistry", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env={**os.environ, **(env or {})})


def _finish(proc: subprocess.Popen[str]) -> Result:
    out, err = proc.communicate(timeout=300)
    return Result(proc.returncode, out, err)


def _certificates(home: Path) -> set[str]:
    rows = run_cli("--home", str(home), "list", "standards", "--json").json()
    return {r["certificate_no"] for r in rows}


def test_a_writer_kept_waiting_too_long_says_another_is_writing(tmp_path: Path, holding: Any) -> None:
    home = make_home(tmp_path / "home", standards=0)
    ledger = numbered_ledger(tmp_path / "a.xlsx", 1, 20)
    before = dump_home(home)
    holder = holding(home)
    started = time.monotonic()
    result = run_cli("--home", str(home), "--lang", "en", "import-excel", str(ledger), "--kind", "standards",
                     env={"LABREGISTRY_LOCK_WAIT": "1.5"})
    assert time.monotonic() - started >= 1.5  # it did wait
    refused(result, "another LabRegistry", "is writing", "try again")
    zh = run_cli("--home", str(home), "--lang", "zh", "demo", "--standards", "5", env={"LABREGISTRY_LOCK_WAIT": "0.5"})
    refused(zh, "另一个 LabRegistry", "正在写入", "重试")
    holder.release()
    assert dump_home(home) != before  # the holder's own write landed; the refused ones wrote nothing
    assert not _certificates(home)
    again = run_cli("--home", str(home), "import-excel", str(ledger), "--kind", "standards")
    assert again.code == 0, again.err
    assert _certificates(home) == {cert(n) for n in range(1, 21)}
    clean(home)


def test_a_bundle_import_waits_too_and_then_merges(tmp_path: Path, holding: Any) -> None:
    peer = make_site(tmp_path, "B", standards=15, seed=8)
    bundle = peer.export(tmp_path / "b.xlsx")
    peer.reg.close()
    home = make_home(tmp_path / "home", standards=0)
    reg = open_registry(home, logging=False)
    exchange.trust_add(reg, bundle, peer.fingerprint())
    reg.close()
    holder = holding(home)
    blocked = run_cli("--home", str(home), "--lang", "en", "import", str(bundle), "--yes",
                      env={"LABREGISTRY_LOCK_WAIT": "1"})
    refused(blocked, "another LabRegistry", "try again")
    waiting = _start("--home", str(home), "import", str(bundle), "--yes", "--json")
    time.sleep(2)
    assert waiting.poll() is None
    holder.release()
    done = _finish(waiting)
    assert done.code == 0, done.err
    assert done.json()["applied"] is True
    stats = run_cli("--home", str(home), "stats", "--json").json()
    assert stats["region"]["standards"] == 15
    clean(home)


def test_a_second_writer_waits_for_the_first_and_then_writes(tmp_path: Path, holding: Any) -> None:
    home = make_home(tmp_path / "home", standards=0)
    ledger = numbered_ledger(tmp_path / "a.xlsx", 1, 10)
    holder = holding(home)
    waiting = _start("--home", str(home), "import-excel", str(ledger), "--kind", "standards")
    time.sleep(3)
    assert waiting.poll() is None, "the second writer did not wait"
    # readers are not held up by a writer
    stats = run_cli("--home", str(home), "stats", "--json", env={"LABREGISTRY_LOCK_WAIT": "0"})
    assert stats.code == 0 and stats.json()["own"]["standards"] == 0, stats.err
    holder.release()
    done = _finish(waiting)
    assert done.code == 0, done.err
    assert _certificates(home) == {cert(n) for n in range(1, 11)}
    clean(home)


def test_two_imports_and_demo_at_once_all_land(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home", standards=0)
    ledgers = [numbered_ledger(tmp_path / f"{i}.xlsx", 1 + 100 * i, 60) for i in range(2)]
    procs = [_start("--home", str(home), "import-excel", str(path), "--kind", "standards") for path in ledgers]
    procs.append(_start("--home", str(home), "demo", "--standards", "150"))
    *imports, demo = [_finish(p) for p in procs]
    for result in imports:
        assert result.code == 0 and result.err == "", result.err
    got = _certificates(home)
    assert {cert(n) for i in range(2) for n in range(1 + 100 * i, 61 + 100 * i)} <= got
    if demo.code == 0:  # the demo took the lock before either import wrote
        assert demo.err == "" and len(got) == 120 + 150
    else:  # an import wrote first: the demo fills only an empty institute (its rule), and wrote nothing
        assert re.fullmatch(r"error: 本机构已有 (60|120) 项计量标准、0 份授权证书、0 名人员；演示数据只能填入空的本机构\n",
                            demo.err), demo.err
        assert demo.code == 1 and len(got) == 120
    clean(home)


def test_the_app_and_a_command_line_import(tmp_path: Path) -> None:
    """The app's process writing (its unit of work holds the lock) while the CLI imports."""
    home = make_home(tmp_path / "home", standards=0)
    ledger = numbered_ledger(tmp_path / "a.xlsx", 1, 5)
    reg = open_registry(home, logging=False)
    try:
        with reg.uow("app", "ui", write=True) as uow:
            blocked = run_cli("--home", str(home), "--lang", "en", "import-excel", str(ledger), "--kind",
                              "standards", env={"LABREGISTRY_LOCK_WAIT": "1"})
            uow.commit()
        refused(blocked, "another LabRegistry", "is writing", "try again")
        waiting = _start("--home", str(home), "import-excel", str(ledger), "--kind", "standards")
        with reg.uow("app", "ui", write=True) as uow:
            time.sleep(2)
            uow.commit()
        assert _finish(waiting).code == 0
    finally:
        reg.close()
    assert _certificates(home) == {cert(n) for n in range(1, 6)}
    clean(home)
