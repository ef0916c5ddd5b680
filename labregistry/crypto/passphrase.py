"""Where the private key's passphrase comes from (CLI.md): never a command-line value.

Order: ``--passphrase-file FILE`` when given (an explicit flag beats the environment), else
env ``LABREGISTRY_PASSPHRASE`` when set, else an interactive prompt when stdin is a
terminal, else ``key.passphrase_missing``. A passphrase file holds the passphrase on its
first line; the line ending (``\\n`` or ``\\r\\n``) and a UTF-8 byte order mark are removed,
nothing else (spaces are part of the passphrase). An empty (or all-blank) passphrase is
refused from every source.

A passphrase *chosen* for a new key (``init``, the app's first run, a rotation to a new
passphrase) must also be strong enough (:func:`check_new_passphrase`): 10 characters or more,
not on the list of well-known common passwords shipped in ``common_passwords.txt``, not the
institute's own name or credit code, not one character repeated. A passphrase typed to
unlock an existing key is never judged: a key sealed with a weak one before stays usable.
"""

from __future__ import annotations

import functools
import getpass
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.crypto.jsonform import Detail, FormatError

PASSPHRASE_ENV = "LABREGISTRY_PASSPHRASE"
PASSPHRASE_FILE_LIMIT = 64 * 1024
MIN_NEW_PASSPHRASE = 10
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")

i18n.register(
    {
        "key.passphrase_empty": {
            "zh": "私钥口令不能为空",
            "en": "the private key passphrase must not be empty",
        },
        "key.passphrase_missing": {
            "zh": "需要私钥口令：请设置环境变量 LABREGISTRY_PASSPHRASE，或使用 --passphrase-file 指定口令文件，"
            "或在终端中运行以输入口令",
            "en": "the private key passphrase is needed: set LABREGISTRY_PASSPHRASE, or give --passphrase-file, "
            "or run in a terminal to type it",
        },
        "key.passphrase_mismatch": {
            "zh": "两次输入的口令不一致",
            "en": "the two passphrases typed do not match",
        },
        "key.passphrase_file_unreadable": {
            "zh": "无法读取口令文件 {file}：{reason}",
            "en": "cannot read the passphrase file {file}: {reason}",
        },
        "key.passphrase_short": {
            "zh": "口令太短：新密钥的口令至少需要 {minimum} 个字符（现为 {length} 个）",
            "en": "the passphrase is too short: a new key's passphrase needs {minimum} characters or more (it has "
            "{length})",
        },
        "key.passphrase_common": {
            "zh": "口令太常见：它在常用密码清单中，容易被猜中，请另选一个（如几个不相关的词连在一起）",
            "en": "the passphrase is too common: it is on the list of well-known passwords and easily guessed; "
            "choose another (a few unrelated words together, say)",
        },
        "key.passphrase_institute": {
            "zh": "口令不能是本机构的名称或统一社会信用代码：别人一看便知",
            "en": "the passphrase must not be the institute's name or credit code: anyone can read them",
        },
        "key.passphrase_repeated": {
            "zh": "口令不能只由同一个字符重复组成",
            "en": "the passphrase must not be one character repeated",
        },
        "key.passphrase_prompt": {"zh": "私钥口令：", "en": "Private key passphrase: "},
        "key.passphrase_prompt_again": {"zh": "再次输入私钥口令：", "en": "Type the passphrase again: "},
    }
)


def _read_file(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read(PASSPHRASE_FILE_LIMIT + 1)
    except OSError as exc:
        raise DomainError(
            "key.passphrase_file_unreadable", file=path, reason=exc.strerror or type(exc).__name__
        ) from exc
    if len(data) > PASSPHRASE_FILE_LIMIT:
        raise FormatError(
            "key.passphrase_file_unreadable",
            file=path,
            reason=Detail("json.too_large", size=len(data), limit=PASSPHRASE_FILE_LIMIT),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(
            "key.passphrase_file_unreadable", file=path, reason=Detail("json.not_utf8")
        ) from None
    first = text.split("\n", 1)[0]
    return first.removesuffix("\r")


def read_passphrase_file(path: str | os.PathLike[str]) -> str:
    """The first line of a passphrase file (a new key's, say), refused when empty."""
    return _checked(_read_file(os.fspath(path)))


def _checked(passphrase: str) -> str:
    if not passphrase.strip():
        raise DomainError("key.passphrase_empty")
    return passphrase


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lower-case (its ``#`` lines are its source and licence)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def new_passphrase_problem(passphrase: str, *, name: str | None = None, uscc: str | None = None) -> DomainError | None:
    """Why ``passphrase`` may not protect a new key (the first rule it breaks), or None."""
    if not passphrase.strip():
        return DomainError("key.passphrase_empty")
    if len(passphrase) < MIN_NEW_PASSPHRASE:
        return DomainError("key.passphrase_short", minimum=MIN_NEW_PASSPHRASE, length=len(passphrase))
    folded = "".join(passphrase.split()).casefold()
    if len(set(folded)) == 1:
        return DomainError("key.passphrase_repeated")
    if passphrase.strip().lower() in common_passwords() or folded in common_passwords():
        return DomainError("key.passphrase_common")
    own = {"".join(text.split()).casefold() for text in (name, uscc) if text and text.strip()}
    if folded in own:
        return DomainError("key.passphrase_institute")
    return None


def check_new_passphrase(passphrase: str, *, name: str | None = None, uscc: str | None = None) -> str:
    """``passphrase`` when it may protect a new key; else the reason as a :class:`DomainError`."""
    problem = new_passphrase_problem(passphrase, name=name, uscc=uscc)
    if problem is not None:
        raise problem
    return passphrase


def _getpass(message: i18n.Message) -> str:
    return getpass.getpass(message.render())


def resolve_passphrase(
    passphrase_file: str | None,
    confirm: bool = False,
    *,
    environ: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
    prompt: Callable[[i18n.Message], str] | None = None,
) -> str:
    """The passphrase from the first source that applies (see the module docstring).

    ``confirm`` asks twice at the prompt (for a new key); a file or the environment is
    taken as is. ``environ``, ``stdin`` and ``prompt`` default to ``os.environ``,
    ``sys.stdin`` and :func:`getpass.getpass` asking in the environment's language (tests
    replace them); ``prompt`` is given what to ask as a message, which the caller renders in
    the user's language (``cli.passphrase_prompt``).
    """
    if passphrase_file is not None:
        return read_passphrase_file(passphrase_file)
    env = os.environ if environ is None else environ
    if PASSPHRASE_ENV in env:
        return _checked(env[PASSPHRASE_ENV])
    stream = sys.stdin if stdin is None else stdin
    try:
        interactive = stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed or detached stdin
        interactive = False
    if not interactive:
        raise DomainError("key.passphrase_missing")
    ask = prompt if prompt is not None else _getpass
    try:
        first = _checked(ask(i18n.Message.of("key.passphrase_prompt")))
        if confirm and ask(i18n.Message.of("key.passphrase_prompt_again")) != first:
            raise DomainError("key.passphrase_mismatch")
    except EOFError:
        raise DomainError("key.passphrase_missing") from None
    return first
