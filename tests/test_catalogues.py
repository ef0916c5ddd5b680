"""The core's message catalogues (issue 17): ``labregistry/<package>/messages.toml`` files a
translator edits, read by :mod:`labregistry.i18n`. Every file reads, every code has both
languages and the same placeholders in each, no code is defined twice, and a malformed file
is refused naming the file and the code, at once, not as a missing text later."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from labregistry import i18n
from tests.test_core_has_no_qt import all_core_modules

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

ROOT = Path(__file__).resolve().parents[1]


def _write(folder: Path, text: str, name: str = "messages.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(paths: list[Path], registered: dict[str, dict[str, str]] | None = None) -> str:
    with pytest.raises(i18n.CatalogueError) as caught:
        i18n.read_catalogues(paths, registered)
    return str(caught.value)


def test_a_catalogue_reads_as_codes_with_their_texts_byte_for_byte(tmp_path: Path) -> None:
    path = _write(tmp_path, '["a.b"]\nzh = "文件 {file}：\\"引号\\"\\n第二行"\nen = \'the file {file}\'\n')
    assert i18n.read_catalogues([path]) == {"a.b": {"zh": '文件 {file}："引号"\n第二行', "en": "the file {file}"}}


@pytest.mark.parametrize(("text", "says"), [
    ('["a.b"]\nzh = "甲"\n', ["['a.b']", "has no en text"]),
    ('["a.b"]\nen = "a"\n', ["['a.b']", "has no zh text"]),
    ('[a.b]\nzh = "甲"\nen = "a"\n', ["['a']", "must be quoted"]),
    ('["a.b"]\nzh = "甲"\nen = "a"\nfr = "un"\n', ["['a.b']", "not fr"]),
    ('["a.b"]\nzh = 1\nen = "a"\n', ["['a.b']", "zh text must be a string"]),
    ('"a.b" = "甲"\n', ["['a.b']", "must be a table"]),
    ('["a.b"]\nzh = "甲\nen = "a"\n', ["line 2", "cannot read the message catalogue"]),
])
def test_a_malformed_catalogue_is_refused_naming_the_file_and_the_code(tmp_path: Path, text: str,
                                                                       says: list[str]) -> None:
    path = _write(tmp_path / "pkg", text)
    message = _refusal([path])
    assert message.startswith(str(path))
    for words in says:
        assert words in message


def test_a_code_in_two_files_or_also_in_code_is_refused(tmp_path: Path) -> None:
    first = _write(tmp_path / "one", '["a.b"]\nzh = "甲"\nen = "a"\n')
    second = _write(tmp_path / "two", '["c.d"]\nzh = "丙"\nen = "c"\n\n["a.b"]\nzh = "乙"\nen = "b"\n')
    message = _refusal([first, second])
    assert message.startswith(f"{second}: ['a.b']") and f"already defined in {first}" in message
    message = _refusal([second], registered={"c.d": {"zh": "丙", "en": "c"}})
    assert message.startswith(f"{second}: ['c.d']") and "also registered in code" in message


def test_the_cli_reports_a_malformed_catalogue_in_one_line_naming_file_and_code(tmp_path: Path) -> None:
    """A translator's slip (a missing en) stops the first command that shows a message with
    the CLI's one ``error:`` line, not a traceback nor a code shown in place of its text."""
    broken = _write(tmp_path / "broken", '["zz.broken"]\nzh = "只有中文"\n')
    script = ("import sys; from pathlib import Path; from labregistry import i18n; real = i18n.catalogue_files; "
              f"i18n.catalogue_files = lambda: [*real(), Path({str(broken)!r})]; "
              "from labregistry.cli import main; sys.exit(main(sys.argv[1:]))")
    run = subprocess.run([sys.executable, "-c", script, "--home", str(tmp_path / "empty"), "certificate", "--standard", "1", "-o",
                          str(tmp_path / "x.pdf")], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {broken}: ['zz.broken']"), run.stderr
    assert "has no en text" in lines[0] and "Traceback" not in run.stderr


def _placeholders(text: str) -> set[str]:
    """The names a text's placeholders stand for: ``x_zh`` and ``x_en`` name the same value
    in each language (a choice's label, a list of kinds), so both count as ``x``."""
    return {re.sub(r"_(zh|en)$", "", name) for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _every_message() -> dict[str, dict[str, str]]:
    for name in all_core_modules():
        importlib.import_module(name)
    return {**i18n._registered, **i18n.load_catalogues()}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    messages = _every_message()
    assert len(messages) > 1000
    differ = {code: (texts["zh"], texts["en"]) for code, texts in messages.items()
              if _placeholders(texts["zh"]) != _placeholders(texts["en"])}
    assert differ == {}


def test_every_catalogue_file_of_the_core_reads_and_holds_its_packages_messages() -> None:
    files = i18n.catalogue_files()
    assert len(files) >= 10
    messages = i18n.read_catalogues(files, i18n._registered)  # no code in two files, nor in a file and in code
    assert all(i18n.read_catalogues([path]) for path in files)  # no empty file
    assert messages["record.no_own_institute"] == i18n.load_catalogues()["record.no_own_institute"]
    with pytest.raises(ValueError, match="record.no_own_institute"):
        i18n.register({"record.no_own_institute": {"zh": "另一个", "en": "another"}})


def test_help_reads_no_catalogue_file() -> None:
    """``--help`` prints texts kept in code only (the help texts, the description): it never
    pays the catalogue files' parse (about 20 ms of CPU), in either language."""
    script = ("import sys, io, contextlib; from labregistry import i18n, cli\n"
              "i18n.read_catalogues = None  # any read fails\n"
              "for args in (['--help'], ['--lang', 'en', '--help'], *[[c, '--help'] for c in sorted(cli.COMMANDS)],\n"
              "             *[['--lang', 'en', c, '--help'] for c in sorted(cli.COMMANDS)]):\n"
              "    with contextlib.redirect_stdout(io.StringIO()):\n"
              "        try:\n            cli.main(args)\n        except SystemExit as end:\n"
              "            assert end.code == 0, args\n"
              "print(len(cli.COMMANDS))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) > 20


def test_an_installed_copy_without_its_catalogue_files_is_refused_naming_the_first_missing(tmp_path: Path) -> None:
    """With the messages.toml files left out of an installed copy, `list` printed
    "error: home.missing {'path': ...}": codes, not text, and no word why."""
    shutil.copytree(ROOT / "labregistry", tmp_path / "site" / "labregistry",
                    ignore=shutil.ignore_patterns("__pycache__", i18n.CATALOGUE_FILE))
    run = subprocess.run([sys.executable, "-m", "labregistry", "--home", str(tmp_path / "empty"), "list", "standards"],
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 1
    missing = tmp_path / "site" / "labregistry" / "certificates" / i18n.CATALOGUE_FILE
    assert run.stderr.splitlines() == [
        f"error: {missing}: 消息目录文件缺失，安装不完整 / the message catalogue file is missing: an incomplete installation"]


def test_one_missing_catalogue_file_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "labregistry"
    for package in i18n.CATALOGUE_PACKAGES:
        _write(root / package, "")
    assert i18n.catalogue_files(root) == sorted(root / p / i18n.CATALOGUE_FILE for p in i18n.CATALOGUE_PACKAGES)
    (root / "domain" / i18n.CATALOGUE_FILE).unlink()
    with pytest.raises(i18n.CatalogueError) as caught:
        i18n.catalogue_files(root)
    assert caught.value.path == str(root / "domain" / i18n.CATALOGUE_FILE)


def test_the_packages_with_a_catalogue_are_listed() -> None:
    """A new package's file must be named in i18n.CATALOGUE_PACKAGES, or it would not be read."""
    found = {p.parent.relative_to(ROOT / "labregistry").as_posix() for p in (ROOT / "labregistry").rglob("messages.toml")}
    assert {p or "." for p in i18n.CATALOGUE_PACKAGES} == found
