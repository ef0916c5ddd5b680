"""Text that deceives or acts is refused on the command line, with one error line, the database as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.dbstate import dump_home
from tests.test_cli_registry import GOOD_STANDARD, INIT, _option

RAW = ("\u202e", "\u200b", "\x1b", "\x07")


def refused(args: list[str]) -> str:
    result = run_cli(*args)
    assert result.code == 1, (result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in result.err, result.err
    assert not any(char in result.err or char in result.out for char in RAW)
    return lines[0]


@pytest.mark.parametrize(("option", "value", "shown"), [
    ("--name", "\u202e浙江\u202c省计量科学研究院", "U+202E"),
    ("--city", "杭\u200b州", "U+200B"),
    ("--address", "西湖区\x1b[2J", "U+001B"),
    ("--operator", "王\u202e质量", "U+202E"),
])
def test_init_refuses_text_that_deceives(home: Path, option: str, value: str, shown: str) -> None:
    args = ["--home", str(home), "--lang", "en", *INIT]
    args = _option(args, option, value) if option in args else [*args, option, value]
    line = refused(args)
    assert shown in line, line
    assert not (home / "labregistry.db").exists() and not (home / "keys").exists()  # refused before any file
    assert run_cli("--home", str(home), *INIT).code == 0  # nothing half-made is in the way


def test_add_standard_refuses_a_zero_width_space_in_the_certificate_number(home: Path) -> None:
    assert run_cli("--home", str(home), *INIT).code == 0
    before = dump_home(home)
    line = refused(["--home", str(home), "--lang", "en",
                    *_option(GOOD_STANDARD, "--certificate-no", "[2023]沪量标证字第0123号\u200b")])
    assert "certificate number" in line and "U+200B (ZERO WIDTH SPACE)" in line, line
    assert "'[2023]沪量标证字第0123号\\u200b'" in line  # the value, shown escaped
    zh = refused(["--home", str(home), *_option(GOOD_STANDARD, "--name", "精密\u202e压力表标准装置")])
    assert "含有文字方向控制字符 U+202E" in zh, zh
    assert dump_home(home) == before
    assert run_cli("--home", str(home), *GOOD_STANDARD).code == 0


def test_a_revocation_reason_that_deceives_is_refused_before_any_key_changes(home: Path) -> None:
    """The reason travels to every peer in the statement: the same rule, checked first."""
    assert run_cli("--home", str(home), *INIT).code == 0
    key = run_cli("--home", str(home), "keys", "show", "--json").json()
    keys_before = sorted(p.name for p in home.rglob("*") if p.is_file() and "key" in str(p.relative_to(home)))
    before = dump_home(home)
    line = refused(["--home", str(home), "--lang", "en", "keys", "rotate", "--revoke-old", "key \u202ecompromised"])
    assert "reason" in line and "U+202E" in line, line
    assert run_cli("--home", str(home), "keys", "show", "--json").json() == key
    assert sorted(p.name for p in home.rglob("*") if p.is_file() and "key" in str(p.relative_to(home))) == keys_before
    assert dump_home(home) == before
