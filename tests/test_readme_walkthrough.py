"""The README's walkthrough, two demo institutes exchanging bundles, run as written.

Every ``labregistry`` line of the README block marked ``walkthrough: two demo institutes``
runs as a real process in a scratch folder, in order (on PostgreSQL runs, each home gets its
own database from the test server, as the conftest arranges); the fingerprint placeholders get the
fingerprint the other institute's ``keys show`` printed (what a lab manager reads out on
the phone). Each command must succeed, and the region must end up holding both institutes.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import run_cli

README = Path(__file__).resolve().parents[1] / "README.md"
MARK = "<!-- walkthrough: two demo institutes"


def walkthrough() -> tuple[dict[str, str], list[list[str]]]:
    """(environment set by ``export`` lines, the ``labregistry`` command lines as argument lists)."""
    text = README.read_text(encoding="utf-8")
    block = text[text.index(MARK):]
    block = block[block.index("```sh") + len("```sh"):]
    block = block[: block.index("```")]
    env: dict[str, str] = {}
    commands: list[list[str]] = []
    for line in block.strip().splitlines():
        words = shlex.split(line, comments=True)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            env[name] = value
        else:
            assert words[0] == "labregistry", line
            commands.append(words[1:])
    return env, commands


def test_the_readme_walkthrough_works_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env, commands = walkthrough()
    assert len(commands) >= 15
    monkeypatch.chdir(tmp_path)  # the README's file names are relative to where the user stands
    fingerprints: dict[str, str] = {}
    for args in commands:
        home = args[args.index("--home") + 1]
        args = [re.sub(r"<(\w+)的指纹[^>]*>", lambda m: fingerprints[m.group(1)], a) for a in args]
        result = run_cli(*args, env=env)
        assert result.code == 0, f"{shlex.join(args)}\n{result.err}"
        if args[-2:] == ["keys", "show"]:
            found = re.search(r"((?:\d{5} ){7}\d{5})", result.out)
            assert found, result.out
            fingerprints[home] = found.group(1)
    stats = run_cli("--home", "上海", "stats", "--json", env=env).json()
    assert stats["region"]["institutes"] == 2 and stats["region"]["standards"] == 400
    assert stats["own"]["standards"] == 200
    jiangsu = run_cli("--home", "江苏", "stats", "--json", env=env).json()
    assert jiangsu["region"]["standards"] == 400
    found = run_cli("--home", "上海", "search", "压力", "--province", "江苏", "--json", env=env).json()
    assert found and all(r["institute_uscc"] == "12320000466002712H" for r in found)
