"""The command line speaks the chosen language (issue 21): ``--help``, usage and argparse's own
messages in Chinese by default (``--lang zh``), in English with ``--lang en``; every option of
every command has its help in both."""

from __future__ import annotations

import argparse
import ast
import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from labregistry import cli_lang, i18n
from labregistry.cli import build_parser
from tests.conftest import run_cli

pytestmark = pytest.mark.engine_independent

# argparse's msgids that only a programmer's mistake (or a feature the CLI does not use) shows.
NOT_SHOWN_TO_USERS = {
    ".__call__() not defined", "conflicting subparser: %s", "conflicting subparser alias: %s",
    'argument "-" with mode %r', "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals", "dest= is required for options like %r",
    "invalid conflict_resolution value: %r", "conflicting option string: %s", "conflicting option strings: %s",
    "mutually exclusive arguments must be optional", "cannot have multiple subparser arguments", "%r is not callable",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "show program's version number and exit", "%(prog)s: error: %(message)s\n",  # the CLI's own error: line
}


def parsers(parser: argparse.ArgumentParser, path: str = "") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, f"{path} {name}".strip())


def test_every_option_and_command_has_help_in_both_languages() -> None:
    missing = []
    for path, parser in parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction) or action.help == argparse.SUPPRESS:
                continue
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    text = str(choice.help)
                    bilingual = " / " in text and not text.rsplit(" / ", 1)[1].isascii()
                    if not (bilingual or cli_lang.has_help(text)):
                        missing.append(f"{path} {choice.dest}: {text!r}")
                continue
            if not cli_lang.has_help(action.help):
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}: {action.help!r}")
    assert not missing, "options without help in zh and en (cli_lang.help_texts):\n" + "\n".join(missing)


def test_every_help_renders_in_chinese_and_english() -> None:
    """A translation that breaks argparse's %-formatting (a lone %) fails here, not at a user's --help."""
    for lang in i18n.LANGUAGES:
        with cli_lang.argparse_language(lang):
            for path, parser in parsers(build_parser(lang=lang)):
                text = parser.format_help()
                assert text.startswith("用法：" if lang == "zh" else "usage: "), (lang, path)


def test_chinese_help_fits_an_80_column_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Chinese character takes two columns: help wrapped by character count ran past the edge."""
    monkeypatch.setenv("COLUMNS", "80")
    too_wide = []
    with cli_lang.argparse_language("zh"):
        for path, parser in parsers(build_parser(lang="zh")):
            for line in parser.format_help().splitlines():
                if display_width(line) > 80 and " " in line.strip():  # one long word (the commands' list) may not break
                    too_wide.append(f"{path}: {line}")
    assert not too_wide, "\n".join(too_wide[:10])
    text = build_parser(lang="zh").format_help()
    assert "\n" not in text.split("数据文件夹", 1)[1].split("LABREGISTRY_HOME", 1)[0]  # broke, and at the right place


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_argparse_messages_a_user_can_see_are_translated() -> None:
    """Every msgid of this Python's argparse is translated or known to be a programmer's error
    (a new Python with new messages fails here until they are added)."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    msgids = {
        arg.value for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id in ("_", "ngettext") for arg in node.args
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    }
    assert msgids - NOT_SHOWN_TO_USERS - set(cli_lang.ARGPARSE_ZH) == set()


def test_the_language_is_read_before_the_parser_runs() -> None:
    assert cli_lang.requested_lang([], {}) == "zh"
    assert cli_lang.requested_lang(["--lang", "en", "stats"], {}) == "en"
    assert cli_lang.requested_lang(["stats", "--lang=en"], {"LABREGISTRY_LANG": "zh"}) == "en"
    assert cli_lang.requested_lang(["stats"], {"LABREGISTRY_LANG": "en"}) == "en"
    assert cli_lang.requested_lang(["stats"], {"LANG": "en_US.UTF-8"}) == "zh"  # the locale is not asked
    assert cli_lang.requested_lang(["search", "--", "--lang", "en"], {}) == "zh"  # a search text


def test_help_is_chinese_by_default_and_english_with_lang_en() -> None:
    zh = run_cli("--help")
    assert zh.code == 0 and zh.out.startswith("用法：labregistry"), zh.out[:200]
    for text in ("位置参数：", "选项：", "显示本帮助并退出", "导出签名数据包", "数据文件夹"):
        assert text in zh.out
    for english in ("usage:", "options:", "positional arguments", "show this help", "data folder"):
        assert english not in zh.out
    en = run_cli("--lang", "en", "--help")
    assert en.code == 0 and en.out.startswith("usage: labregistry")
    assert "options:" in en.out and "write the signed bundle of the own institute" in en.out and "导出" not in en.out

    export = run_cli("export", "--help")
    assert export.out.startswith("用法：labregistry export") and "要写入的数据包文件" in export.out
    assert "数据包的有效期，1 至 3650 天" in export.out and "JSON on stdout" not in export.out
    in_english = run_cli("export", "--help", env={"LABREGISTRY_LANG": "en"})
    assert "the bundle file to write" in in_english.out and "--valid-days" in in_english.out


def test_usage_errors_are_in_the_chosen_language(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    wrong = run_cli("--home", home, "list", "gadgets")
    assert wrong.code == 2 and wrong.out == ""
    last = wrong.err.splitlines()[-1]
    assert last.startswith("error: 参数 kind：无效的选择：'gadgets'"), wrong.err
    assert wrong.err.startswith("用法：labregistry list")
    missing = run_cli("--home", home, "init", "--name", "x")
    assert missing.code == 2 and missing.err.splitlines()[-1] == "error: 缺少必需的参数：--uscc, --province, --city"
    count = run_cli("--home", home, "demo", "--standards", "many")
    assert count.code == 2 and count.err.splitlines()[-1] == "error: 参数 --standards：不是整数：“many”"
    english = run_cli("--lang", "en", "--home", home, "demo", "--standards", "0")
    assert english.code == 2 and english.err.splitlines()[-1] == "error: argument --standards: must be 1 or more: '0'"
    assert not os.path.exists(home)
