"""A read-only data folder (a read-only bind mount: even root cannot write there), and a log
file that cannot be written."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.dbstate import dump_home
from tests.exchange.sites import make_site
from tests.faults.conftest import clean, make_home, read_only_view, refused
from tests.ledger.ledgers import standards_good_only
from tests.test_cli_registry import GOOD_STANDARD

pytestmark = pytest.mark.sqlite_only  # about the folder holding the SQLite file


def test_a_read_only_data_folder_reads_and_refuses_writes_plainly(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home", standards=30)
    peer = make_site(tmp_path, "B", standards=4, seed=2)
    bundle = peer.export(tmp_path / "peer.xlsx")
    peer.reg.close()
    assert run_cli("--home", str(home), "trust", "add", str(bundle), "--fingerprint", peer.fingerprint()).code == 0
    ledger = standards_good_only(tmp_path / "台账.xlsx")
    expected = run_cli("--home", str(home), "list", "standards", "--json").json()
    before = dump_home(home)

    with read_only_view(home, tmp_path / "ro") as ro:
        assert not os.access(ro, os.W_OK)
        stats = run_cli("--home", str(ro), "stats", "--json")
        assert stats.code == 0, stats.err
        assert stats.json()["own"]["standards"] == 30
        listed = run_cli("--home", str(ro), "list", "standards", "--json")
        assert listed.code == 0 and listed.json() == expected, listed.err
        found = run_cli("--home", str(ro), "search", "--own", "--json", "--limit", "0")
        assert found.code == 0 and len(found.json()) == 30, found.err
        verified = run_cli("--home", str(ro), "verify", str(bundle), "--json")
        assert verified.code == 0 and verified.json()["valid"], verified.err
        assert run_cli("--home", str(ro), "check").code == 0

        for args in (["demo", "--standards", "5"],
                     ["import-excel", str(ledger), "--kind", "standards", "--valid-only"],
                     [*GOOD_STANDARD[:8], "[2024]沪量标证字第9999号", *GOOD_STANDARD[9:]],
                     ["export", str(tmp_path / "again.xlsx")],
                     ["import", str(bundle), "--yes"],
                     ["backup"],
                     ["restore", str(next((home / "backups").glob("*.db")))]):
            result = run_cli("--home", str(ro), "--lang", "en", *args)
            refused(result, str(ro), "read-only", "reading commands")
        zh = run_cli("--home", str(ro), "--lang", "zh", "demo", "--standards", "5")
        refused(zh, "只读", "查询类命令")
        assert not (tmp_path / "again.xlsx").exists()
    clean(home, before)


def test_a_log_file_that_cannot_be_written_stays_quiet(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    home = make_home(tmp_path / "home", standards=0)
    log = home / "logs" / "labregistry.log"
    for old in log.parent.glob("labregistry.log*"):
        old.unlink()
    log.mkdir()  # "the log file" is a folder: opening it fails, every time
    ok = run_cli("--home", str(home), "demo", "--standards", "5")
    assert ok.code == 0 and ok.err == "", ok.err
    failed = run_cli("--home", str(home), "--lang", "en", "export", str(home / "labregistry.db"))
    refused(failed, "labregistry.db")
    assert run_cli("--home", str(home), "stats", "--json").json()["own"]["standards"] == 5

    # what logging itself does then: nothing on the console, and it keeps working
    from labregistry.config import resolve_home, setup_logging

    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        setup_logging(resolve_home(home))
        try:
            raise OSError(28, "No space left on device")
        except OSError:
            logging.getLogger("labregistry.test").exception("an error with its traceback")
        logging.getLogger("labregistry.test").warning("and a warning")
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
