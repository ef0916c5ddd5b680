"""A progress bar on a terminal (issue 21): demo, export, import-excel and import draw one on
stderr when it is a terminal (a pseudo-terminal here: what the user sees), and print nothing
of it into a pipe or with ``--json``."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from labregistry.cli import ProgressBar
from labregistry.services import listing
from tests.conftest import run_cli
from tests.exchange.sites import make_site
from tests.ledger import ledgers as L


def on_a_terminal(home: Path, *args: str) -> tuple[int, str, str]:
    """``labregistry ARGS`` with stderr on a pseudo-terminal, stdout into a pipe: the exit
    code, stdout, and what the terminal was shown (a fresh interpreter: the zygote of
    tests/cliproc.py writes stderr to a file)."""
    leader, follower = pty.openpty()
    try:
        with subprocess.Popen([sys.executable, "-m", "labregistry", *where(home), *args],
                              stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL) as proc:
            os.close(follower)
            shown = b""
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the terminal closed: the process has ended
                    break
                if not chunk:
                    break
                shown += chunk
            out = proc.stdout.read() if proc.stdout else b""
            code = proc.wait(timeout=120)
    finally:
        os.close(leader)
    return code, out.decode("utf-8"), shown.decode("utf-8", "replace")


def where(home: Path) -> list[str]:
    """The home and its SQLite file, named (the bar is the CLI's, not the engine's: one pass)."""
    return ["--home", str(home), "--db", f"sqlite:///{home / 'labregistry.db'}"]


def bar(shown: str, label: str, total: int) -> bool:
    """Whether the terminal was shown ``label``'s bar reaching ``total`` of ``total``."""
    return f"{label} [{'#' * 24}] {total}/{total}" in shown


@pytest.mark.engine_independent
def test_the_long_commands_draw_a_bar_on_a_terminal_and_nothing_into_a_pipe(tmp_path: Path) -> None:
    a = make_site(tmp_path, "A", sqlite=True)
    b = make_site(tmp_path, "B", standards=3, sqlite=True)
    a.trust(b, tmp_path)
    peer_bundle = b.export(tmp_path / "b.xlsx")

    code, out, shown = on_a_terminal(a.home, "demo", "--standards", "12")
    assert code == 0 and "已为" in out, shown
    assert bar(shown, "生成计量标准", 12) and "\r" in shown and shown.endswith("\r\n"), shown
    assert out not in shown  # the summary on stdout, the bar alone on the terminal

    code, out, shown = on_a_terminal(a.home, "--lang", "en", "export", str(tmp_path / "a.xlsx"))
    assert code == 0 and out.startswith("signed bundle written to"), shown
    assert "unlocking the key …" in shown and "writing …" in shown

    code, out, shown = on_a_terminal(a.home, "import", str(peer_bundle), "--yes")
    assert code == 0 and out.startswith("已合并"), shown
    assert "\r核验签名 …" in shown and "\r比对记录 …" in shown and bar(shown, "合并记录", 6), shown

    ledger = L.standards_good_only(tmp_path / "台账.xlsx")
    before = len(listing.list_records(a.reg, listing.RecordQuery(kind="standards", own_only=True)))
    code, out, shown = on_a_terminal(a.home, "import-excel", str(ledger), "--kind", "standards")
    assert code == 0, shown
    added = len(listing.list_records(a.reg, listing.RecordQuery(kind="standards", own_only=True))) - before
    assert "读取 …" in shown and bar(shown, "写入记录", added), shown

    code, out, shown = on_a_terminal(a.home, "export", str(tmp_path / "c.xlsx"), "--json")
    assert code == 0 and shown == "" and out.startswith("{")  # --json: nothing on the terminal

    for args in (["export", str(tmp_path / "d.xlsx")], ["demo", "--standards", "2"]):  # not a terminal: no bar
        piped = run_cli(*where(b.home), *args)
        assert piped.err == "" or (piped.code == 1 and piped.err.count("\n") == 1), piped.err


@pytest.mark.engine_independent
def test_a_shorter_line_covers_a_longer_one_and_a_disabled_bar_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressBar("zh", enabled=True) as shown:
        shown.phase("writing")  # 写入文件 … : 10 columns (a Chinese character takes two)
        shown.show("ab", 1, 2)
    assert capsys.readouterr().err == "\r写入文件 …\rab [############............] 1/2\n"
    with ProgressBar("zh", enabled=True) as shown:
        shown.show("ab", 3, 4)
        shown.show("ab")
    assert capsys.readouterr().err == "\rab [##################......] 3/4\rab …" + " " * 29 + "\n"
    with ProgressBar("zh", enabled=False) as quiet:
        quiet.phase("writing")
    assert capsys.readouterr().err == ""
