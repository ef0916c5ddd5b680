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
