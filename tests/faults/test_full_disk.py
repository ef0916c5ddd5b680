"""A full disk, for real: the home on a 2 MB tmpfs filled to the last byte.

Every command says "the disk holding ... is full" in one line, or (a reading command)
just works; none shows a traceback or advises restoring a backup; afterwards, with space
freed, ``check`` is clean and every row is as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.dbstate import dump_home
from tests.faults.conftest import INIT, clean, fill, make_home, refused, tmpfs
from tests.ledger.ledgers import standards_good_only
from tests.test_cli_registry import GOOD_STANDARD

pytestmark = pytest.mark.sqlite_only  # about the file system holding the SQLite file


def test_every_command_on_a_full_disk_says_so_and_loses_nothing(tmp_path: Path) -> None:
    ledger = standards_good_only(tmp_path / "台账.xlsx")
    with tmpfs(tmp_path / "disk", size="2m") as disk:
        home = make_home(disk / "home", standards=0)
        assert run_cli("--home", str(home), *GOOD_STANDARD).code == 0
        before = dump_home(home)
        filler = fill(disk)

        writers = {
            "demo": ["demo", "--standards", "300"],
            "import-excel": ["import-excel", str(ledger), "--kind", "standards", "--valid-only"],
            "add-standard": [*GOOD_STANDARD[:8], "[2024]沪量标证字第9999号", *GOOD_STANDARD[9:]],
            "export": ["export", str(disk / "out.xlsx")],
            "backup": ["backup"],
            "template": ["template", str(disk / "模板.xlsx"), "--kind", "staff"],
            "certificate": ["certificate", "--standard", "[2023]沪量标证字第0123号", "-o", str(disk / "c.pdf")],
        }
        for name, args in writers.items():
            result = run_cli("--home", str(home), "--lang", "en", *args)
            line = refused(result, "the disk holding", str(disk), "is full")
            assert "free some space" in line, name
        init = run_cli("--home", str(disk / "other"), "--lang", "zh", *INIT)
        refused(init, "所在的磁盘已满", str(disk))

        # reading needs no space (or says plainly that it does)
        for args in (["stats"], ["list", "standards"], ["search", "压力"], ["check"]):
            result = run_cli("--home", str(home), "--lang", "en", *args)
            if result.code != 0:
                refused(result, "the disk holding", "is full")
            else:
                assert "Traceback" not in result.err and "error" not in result.err

        assert not list(disk.glob("*.xlsx")) and not list(disk.glob("*.pdf")), "half-written files"
        filler.unlink()
        clean(home, before)
        again = run_cli("--home", str(home), "import-excel", str(ledger), "--kind", "standards", "--valid-only")
        assert again.code == 0, again.err  # and it works again
