"""The corpus manifest, and the checks every hostile file must pass (used by all fuzz tests).

A refusal is checked the same way everywhere:

* through the services: ``verify_bundle`` returns a Verification (never raises) whose
  ``reason_code`` is the expected code and whose reason is a message; ``import_bundle``
  and the ledger import raise ``DomainError`` (never another exception); the database
  holds exactly what it held before (every row of every table);
* through the real CLI (a process, as a user runs it): exit code 1, exactly one line on
  stderr, starting with ``error:``, not the "internal error" line the CLI prints for an
  exception it did not expect, no ``Traceback``.
"""

from __future__ import annotations

import gc
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from labregistry import i18n
from labregistry.errors import DomainError

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST = CORPUS / "manifest.toml"
INTERNAL = ("internal error", "内部错误")


@dataclass(frozen=True)
class CorpusCase:
    file: str
    kind: str
    expect: str
    about: str
    cells: tuple[str, ...] = ()
    known_bug: str | None = None

    @property
    def path(self) -> Path:
        return CORPUS / self.file

    def param(self) -> Any:
        marks = [pytest.mark.xfail(strict=True, reason=self.known_bug)] if self.known_bug else []
        return pytest.param(self, id=self.file, marks=marks)


def load_manifest() -> list[CorpusCase]:
    data = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    out = []
    for item in data["case"]:
        out.append(CorpusCase(file=item["file"], kind=item["kind"], expect=item["expect"], about=item["about"],
                              cells=tuple(item.get("cells", ())), known_bug=item.get("known_bug")))
    return out


# ---------------------------------------------------------------- the services


def db_state(reg: Any) -> list[tuple[Any, ...]]:
    from tests.exchange.sites import db_state as state

    return state(reg)


def check_verification(check: Any, expect: str) -> None:
    """A refusal by ``verify_bundle``: not valid, the expected code, a message to show."""
    assert not check.valid, f"expected {expect}, but the bundle verified"
    assert check.reason_code == expect, f"expected {expect}, got {check.reason_code}: {check.reason}"
    assert check.reason and i18n.rendered(check.reason).strip(), "a refusal without a message"
    assert i18n.known(expect), f"{expect} has no message"


def bundle_refused(world: Any, path: Path, expect: str | None) -> str:
    """``path`` is refused by verify and import (with ``expect`` when given); B is unchanged.

    Returns the code. Any exception other than DomainError fails the test with its type.
    """
    reg = world.b.reg
    from labregistry.services import exchange

    before = db_state(reg)
    check = exchange.verify_bundle(reg, path)
    if expect is not None:
        check_verification(check, expect)
    else:
        assert not check.valid and check.reason_code and check.reason, check
    code = check.reason_code
    with pytest.raises(DomainError) as err:
        exchange.import_bundle(reg, path)
    assert err.value.code == code, (err.value.code, code)
    assert err.value.render("en").strip()
    assert db_state(reg) == before, "a refused import changed the database"
    return str(code)


def bundle_valid(world: Any, path: Path) -> Any:
    """``path`` verifies, and a dry-run import plans without writing."""
    reg = world.b.reg
    from labregistry.services import exchange

    before = db_state(reg)
    check = exchange.verify_bundle(reg, path)
    assert check.valid, f"{check.reason_code}: {check.reason}"
    result = exchange.import_bundle(reg, path, dry_run=True)
    assert not result.applied and result.plan is not None
    assert db_state(reg) == before
    return result


def ledger_outcome(world: Any, path: Path, *, dry_run: bool = False, report: Path | None = None) -> Any:
    """Run the ledger import; returns the LedgerRun or the DomainError (never anything else).

    The database is unchanged unless the import wrote (``outcome.written``).
    """
    from labregistry.services import ledger

    reg = world.ledger.reg
    before = db_state(reg)
    try:
        run = ledger.run_import(reg, path, "standards", dry_run=dry_run, report=report)
    except DomainError as err:
        if report is not None:
            err.__context__ = err.__traceback__ = None  # they hold the frames holding the open zip
            collect_leaked_report_zips()
        assert err.render("en").strip() and err.render("zh").strip()
        assert db_state(reg) == before, "a refused ledger import changed the database"
        return err
    if not run.outcome.written:
        assert db_state(reg) == before, "a ledger import that wrote nothing changed the database"
    return run


def collect_leaked_report_zips() -> int:
    """Collect the zip a failed report leaves open (a known bug: test_known_bugs.py), now.

    When openpyxl fails while saving the report, its ZipFile stays open in write mode; the
    garbage collector finalises it later, whenever, and its ``__del__`` raises "I/O operation
    on closed file", which pytest reports against whichever test runs then. Collected here,
    with that one exception swallowed, so the fuzz tests stay about new bugs.
    """
    import sys

    swallowed = 0
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        nonlocal swallowed
        if unraisable.exc_type is ValueError and "ZipFile.__del__" in repr(unraisable.object):
            swallowed += 1
            return
        previous(unraisable)

    sys.unraisablehook = hook
    try:
        gc.collect()
    finally:
        sys.unraisablehook = previous
    return swallowed


def error_cells(run: Any) -> list[str]:
    from labregistry.xlsx.refs import column_letter

    return sorted({f"{column_letter(i.column)}{i.row}" if i.column else f"?{i.row}" for i in run.check.errors})


def check_ledger_case(world: Any, case: CorpusCase, tmp: Path) -> None:
    if case.expect == "valid":
        run = ledger_outcome(world, case.path, dry_run=True)
        assert not isinstance(run, DomainError), f"{run.code}: {run.render('en')}"
        assert run.check.invalid == 0 and run.check.valid > 0 and not run.check.missing_columns, \
            [i18n.render_all(i.to_json(), "en") for i in run.check.errors]
        return
    if case.expect == "report":
        report = tmp / "report.xlsx"
        run = ledger_outcome(world, case.path, report=report)
        assert not isinstance(run, DomainError), f"{run.code}: {run.render('en')}"
        assert run.check.invalid > 0 and not run.outcome.written
        assert error_cells(run) == sorted(case.cells), [i18n.render_all(i.to_json(), "en") for i in run.check.errors]
        assert report.is_file()
        return
    err = ledger_outcome(world, case.path)
    assert isinstance(err, DomainError), f"expected {case.expect}, the ledger was read: " + (
        f"{err.check.valid} valid, {err.check.invalid} invalid")
    assert err.code == case.expect, f"expected {case.expect}, got {err.code}: {err.render('en')}"


# ---------------------------------------------------------------- the CLI as a process


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    max_rss_mb: float = field(default=0.0)


# Runs the command given after the two arguments and writes its peak RSS (KiB, from wait4) to
# the file named first, after setting the address-space limit (MiB) given second. A launcher is
# needed because Linux keeps the peak of the memory a process had before exec: a CLI forked
# straight from a test worker that has grown to 300 MB would "peak" at 300 MB whatever it did.
# Forked from this small launcher, the figure is the CLI's own.
_LAUNCHER = """
import os, resource, subprocess, sys
out, limit, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit << 20, limit << 20))
proc = subprocess.Popen(cmd)
_, status, usage = os.wait4(proc.pid, 0)
with open(out, "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_cli_measured(*args: str, timeout: float = 600, memory_limit_mb: int | None = 4096) -> Run:
    """``tests.conftest.run_cli`` with the CLI process's own peak RSS and an address-space limit
    (a runaway fails with MemoryError instead of exhausting the machine)."""
    with tempfile.TemporaryDirectory() as tmp:
        out, err, peak = (Path(tmp) / name for name in ("out", "err", "peak"))
        cmd = [sys.executable, "-c", _LAUNCHER, str(peak), str(memory_limit_mb or 0),
               sys.executable, "-m", "labregistry", *args]
        started = time.monotonic()
        with out.open("wb") as fout, err.open("wb") as ferr:
            proc = subprocess.Popen(cmd, stdout=fout, stderr=ferr, env=dict(os.environ), start_new_session=True)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise AssertionError(f"labregistry {' '.join(args)} ran longer than {timeout} s (a hang?)") from None
        seconds = time.monotonic() - started
        return Run(proc.returncode, out.read_bytes().decode("utf-8", "replace"),
                   err.read_bytes().decode("utf-8", "replace"), seconds, int(peak.read_text()) / 1024)


def one_error_line(run: Run) -> str:
    """The run failed cleanly: exit 1, one ``error:`` line, no traceback, not an internal error."""
    assert "Traceback" not in run.err and "Traceback" not in run.out, run.err
    lines = run.err.strip().splitlines()
    assert run.code == 1, (run.code, run.err)
    assert len(lines) == 1, run.err
    assert lines[0].startswith("error:"), run.err
    assert not any(word in lines[0] for word in INTERNAL), f"an unexpected exception: {lines[0]}"
    return lines[0]


def cli_bundle(world: Any, case: CorpusCase) -> None:
    home = str(world.b.home)
    path = str(case.path)
    before = db_state(world.b.reg)
    verify = run_cli_measured("--home", home, "--lang", "en", "verify", path, "--json")
    if case.expect == "valid":
        assert verify.code == 0, verify.err
        return
    line = one_error_line(verify)
    assert re.search(r'"reason_code":\s*"' + re.escape(case.expect) + '"', verify.out), (verify.out, line)
    imported = run_cli_measured("--home", home, "--lang", "en", "import", path, "--yes")
    one_error_line(imported)
    assert db_state(world.b.reg) == before


def cli_ledger(world: Any, case: CorpusCase, tmp: Path) -> None:
    home = str(world.ledger.home)
    before = db_state(world.ledger.reg)
    args = ["--home", home, "--lang", "en", "import-excel", str(case.path), "--kind", "standards"]
    if case.expect == "valid":
        run = run_cli_measured(*args, "--dry-run")
        assert run.code == 0, run.err
    elif case.expect == "report":
        report = tmp / "cli-report.xlsx"
        run = run_cli_measured(*args, "--report", str(report))
        line = one_error_line(run)
        assert str(report) in line and report.is_file()
        for cell in case.cells:
            assert f"!{cell}" in run.out, (cell, run.out)
    else:
        run = run_cli_measured(*args)
        one_error_line(run)
    assert db_state(world.ledger.reg) == before
