"""A stored moment is said on the computer's clock, as the app's history tab says it.

The database holds UTC. ``history`` printed that time as it was (02:56 for a change a lab manager
in Shanghai made at 10:56) and ``region`` printed ``2026-12-08T03:00:45.419354+00:00`` for the
bundle received: one eight hours off, the other not a time anyone reads.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import run_cli
from tests.test_cli_registry import GOOD_STANDARD, INIT

SHANGHAI = {"TZ": "Asia/Shanghai"}
CERTIFICATE_NO = GOOD_STANDARD[GOOD_STANDARD.index("--certificate-no") + 1]


def _in_shanghai(iso: str) -> str:
    return dt.datetime.fromisoformat(iso).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


def test_the_history_says_when_on_the_local_clock(home: Path) -> None:
    for args in (INIT, GOOD_STANDARD):
        done = run_cli("--home", str(home), *args)
        assert done.code == 0, done.err
    [entry] = run_cli("--home", str(home), "history", "standards", CERTIFICATE_NO, "--json").json()
    shown = run_cli("--home", str(home), "history", "standards", CERTIFICATE_NO, env=SHANGHAI)
    assert shown.code == 0, shown.err
    assert shown.out.splitlines()[0].startswith(_in_shanghai(entry["at"]) + "  "), (entry["at"], shown.out)
