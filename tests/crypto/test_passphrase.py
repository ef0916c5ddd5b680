"""Where the passphrase comes from: file, environment, prompt, or a clear refusal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from labregistry.errors import DomainError
from labregistry.i18n import Message
from labregistry.crypto.passphrase import PASSPHRASE_ENV, resolve_passphrase

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _code(excinfo: pytest.ExceptionInfo[DomainError]) -> str:
    return excinfo.value.code


def test_file_first_line_without_line_ending(tmp_path: Path) -> None:
    path = tmp_path / "pass.txt"
    path.write_bytes("\ufeff口令 with spaces \r\nsecond line\n".encode())
    assert resolve_passphrase(str(path), environ={}) == "口令 with spaces "


def test_file_beats_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "pass.txt"
    path.write_text("from-file\n", "utf-8")
    assert resolve_passphrase(str(path), environ={PASSPHRASE_ENV: "from-env"}) == "from-file"


def test_environment_when_no_file() -> None:
    assert resolve_passphrase(None, environ={PASSPHRASE_ENV: "from-env"}) == "from-env"


def test_real_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "秘密")
    assert resolve_passphrase(None) == "秘密"


@pytest.mark.parametrize("content", ["", "\n", "   \nsecret\n"])
def test_empty_file_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "pass.txt"
    path.write_text(content, "utf-8")
    with pytest.raises(DomainError) as err:
        resolve_passphrase(str(path), environ={})
    assert _code(err) == "key.passphrase_empty"


def test_empty_environment_is_refused() -> None:
    with pytest.raises(DomainError) as err:
        resolve_passphrase(None, environ={PASSPHRASE_ENV: ""})
    assert _code(err) == "key.passphrase_empty"


def test_unreadable_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "none.txt"
    with pytest.raises(DomainError) as err:
        resolve_passphrase(str(missing), environ={})
    assert _code(err) == "key.passphrase_file_unreadable" and str(missing) in err.value.render("zh")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(DomainError) as err:
        resolve_passphrase(str(binary), environ={})
    assert "UTF-8" in err.value.render("zh") and "UTF-8" in err.value.render("en")


def test_no_source_and_no_terminal_is_refused() -> None:
    with pytest.raises(DomainError) as err:
        resolve_passphrase(None, environ={}, stdin=io.StringIO("typed\n"))
    assert _code(err) == "key.passphrase_missing"
    assert "LABREGISTRY_PASSPHRASE" in err.value.render("zh")


def test_prompt_on_a_terminal_with_confirmation() -> None:
    answers = iter(["口令", "口令"])
    prompts: list[str] = []

    def ask(prompt: Message) -> str:
        prompts.append(prompt.render("zh"))  # the caller renders it in the user's language
        return next(answers)

    assert resolve_passphrase(None, confirm=True, environ={}, stdin=FakeTty(), prompt=ask) == "口令"
    assert prompts == ["私钥口令：", "再次输入私钥口令："]


def test_prompt_mismatch_and_empty_are_refused() -> None:
    answers = iter(["one", "two"])
    with pytest.raises(DomainError) as err:
        resolve_passphrase(None, confirm=True, environ={}, stdin=FakeTty(), prompt=lambda _p: next(answers))
    assert _code(err) == "key.passphrase_mismatch"
    with pytest.raises(DomainError) as err:
        resolve_passphrase(None, environ={}, stdin=FakeTty(), prompt=lambda _p: "")
    assert _code(err) == "key.passphrase_empty"


def test_the_command_line_asks_in_the_users_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core names what to ask; the CLI's prompt shows it in --lang."""
    import getpass

    from labregistry.cli import passphrase_prompt

    shown: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda text: shown.append(text) or "口令")
    for lang in ("en", "zh"):
        assert resolve_passphrase(None, confirm=True, environ={}, stdin=FakeTty(), prompt=passphrase_prompt(lang)) \
            == "口令"
    assert shown == ["Private key passphrase: ", "Type the passphrase again: ", "私钥口令：", "再次输入私钥口令："]
