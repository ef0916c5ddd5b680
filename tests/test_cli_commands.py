"""The CLI's static command table, ``--version``, and output that survives any console.

The table in ``labregistry.cli`` is what a frozen build (PyInstaller) collects and what
makes a command import only its own module; a command missing from it would be missing
from the installed app, so it is checked against the modules and against CLI.md.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from labregistry import __version__, cli

ROOT = Path(__file__).resolve().parents[1]
COMMANDS_DIR = ROOT / "labregistry" / "commands"

# Named in CLI.md but not written yet (other issues): the day one is added to a module it
# must be added to cli.COMMANDS, and then taken off this list (a test below insists).
NOT_YET_IMPLEMENTED: set[str] = set()


def _pyproject_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def _cli_md() -> Path | None:
    """The contract lives in ../shared/ beside the clone (a worktree sits one level deeper)."""
    for folder in (ROOT.parent, ROOT.parent.parent):
        candidate = folder / "shared" / "CLI.md"
        if candidate.is_file():
            return candidate
    return None


def _registered() -> dict[str, str]:
    """Every command the modules register, with the module (short name) that does."""
    for path in sorted(COMMANDS_DIR.glob("*_cmds.py")):
        importlib.import_module(f"labregistry.commands.{path.stem}")
    return {name: fn.__module__.rsplit(".", 1)[1] for name, (fn, _help) in cli._COMMANDS.items()}


def test_the_table_lists_every_command_module_and_every_command() -> None:
    modules = {p.stem for p in COMMANDS_DIR.glob("*_cmds.py")}  # the others are their helpers
    assert set(cli.COMMANDS.values()) == modules
    assert {m.rsplit(".", 1)[1] for m in cli.COMMAND_MODULES} == modules
    assert _registered() == cli.COMMANDS


def test_every_command_of_the_contract_is_in_the_table() -> None:
    contract = _cli_md()
    if contract is None:
        pytest.skip("../shared/CLI.md is not beside this checkout")
    named: set[str] = set()
    for line in contract.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        first_cell = re.split(r"(?<!\\)\|", line)[1]  # a cell may hold an escaped \|
        for snippet in re.findall(r"`([^`]+)`", first_cell):
            word = snippet.split()[0]
            if re.fullmatch(r"[a-z][a-z-]*", word) and word != "labregistry":
                named.add(word)
    assert {"init", "export", "verify", "certificate", "check", "backup", "restore"} <= named  # the parse works
    assert named - NOT_YET_IMPLEMENTED <= set(cli.COMMANDS)
    assert not NOT_YET_IMPLEMENTED & set(cli.COMMANDS), "implemented now: take it off NOT_YET_IMPLEMENTED"


def test_the_commands_package_imports_no_command_module() -> None:
    """Importing one command module must not import the others (the package's __init__
    used to import them all, which a stand-in module had to work around)."""
    probe = (
        "import sys\n"
        "import labregistry.commands.maintenance_cmds\n"
        "print(sorted(m for m in sys.modules if m.startswith('labregistry.commands.')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['labregistry.commands.maintenance_cmds']"


def test_a_command_loads_only_its_own_module(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from labregistry.cli import main\n"
        f"code = main(['--home', {str(tmp_path / 'home')!r}, 'template', {str(tmp_path / 't.xlsx')!r},"
        " '--kind', 'staff'])\n"
        "print(code, sorted(m for m in sys.modules if m.startswith('labregistry.commands.')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "0 ['labregistry.commands.ledger_cmds']"
    assert (tmp_path / "t.xlsx").stat().st_size > 0


def test_version_prints_the_version_of_pyproject() -> None:
    assert __version__ == _pyproject_version(), "labregistry/__init__.py's fallback lags pyproject.toml"
    for argv in (["--version"], ["--home", "/nonexistent", "--version"]):
        proc = subprocess.run([sys.executable, "-m", "labregistry", *argv], capture_output=True, text=True,
                              timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == f"labregistry {_pyproject_version()}\n"
        assert proc.stderr == ""


def _stats_in(home: Path, env: dict[str, str], **popen: object) -> subprocess.CompletedProcess[bytes]:
    subprocess.run([sys.executable, "-m", "labregistry", "--home", str(home), "init", "--name", "上海市计量测试技术研究院",
                    "--uscc", "12310000425011296P", "--province", "上海", "--city", "上海"],
                   check=True, capture_output=True, timeout=120,
                   env={**os.environ, "LABREGISTRY_PASSPHRASE": "a passphrase long enough",
                        "LABREGISTRY_TEST_FAST_KDF": "1"})
    return subprocess.run([sys.executable, "-m", "labregistry", "--home", str(home), "--lang", "zh", "stats"],
                          timeout=120, env={**os.environ, **env}, **popen)  # type: ignore[call-overload,no-any-return]


def test_a_latin_console_encoding_shows_question_marks_and_does_not_fail(tmp_path: Path) -> None:
    """PYTHONIOENCODING=cp437 (an English Windows console): Chinese becomes '?', the rest is
    readable, the command succeeds."""
    proc = _stats_in(tmp_path / "home", {"PYTHONIOENCODING": "cp437"}, capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    text = proc.stdout.decode("cp437")
    assert "?" in text and "1" in text and "Traceback" not in text
    wrong = subprocess.run([sys.executable, "-m", "labregistry", "--home", str(tmp_path / "home"), "--lang", "zh",
                            "verify", str(tmp_path / "没有这个文件.xlsx")],
                           capture_output=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "cp437"})
    assert wrong.returncode == 1
    line = wrong.stderr.decode("cp437")
    assert line.startswith("error:") and line.count("\n") == 1 and ".xlsx" in line


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_chinese_console_shows_chinese_in_its_own_code_page(tmp_path: Path) -> None:
    """A terminal in GBK (cp936, a Chinese Windows console) gets GBK, not UTF-8 mojibake."""
    leader, follower = os.openpty()
    try:
        proc = _stats_in(tmp_path / "home", {"PYTHONIOENCODING": "gbk"}, stdout=follower, stderr=subprocess.PIPE)
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)
    assert proc.returncode == 0, proc.stderr
    assert "本机构" in b"".join(chunks).decode("gbk")


def test_a_pipe_gets_utf8_whatever_the_locale(tmp_path: Path) -> None:
    proc = _stats_in(tmp_path / "home", {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0",
                                         "PYTHONUTF8": "0"}, capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert "本机构" in proc.stdout.decode("utf-8")
