"""The command line in the chosen language: ``--help``, usage and argparse's own messages.

The language is decided before the parser is built (:func:`requested_lang`): ``--lang zh|en``
on the command line, else ``LABREGISTRY_LANG``, else Chinese. The system locale (``LANG``)
is deliberately not consulted: the users are Chinese laboratories whose computers are often
set up in English, and the issue asks for Chinese unless asked otherwise.

Three kinds of text are translated:

- argparse's fixed strings ("usage: ", "options", "the following arguments are required: %s",
  "invalid choice: ..."): argparse renders them through gettext's ``_()``; while the CLI builds
  and runs its parser, :func:`argparse_language` gives argparse a ``_()`` that looks them up
  in :data:`ARGPARSE_ZH` (the gettext way, without a compiled catalogue on disk);
- every option's help: written in English where the option is defined (the source string is
  the key, as with gettext), its Chinese registered through :func:`help_texts` by the module
  that defines the option; :func:`localise` puts each in the chosen language once the parser
  is built (tests/test_cli_lang.py fails on an option without both);
- the commands' descriptions, written "english / 中文" (:func:`in_lang` picks one).
"""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence

from labregistry import i18n

HELP_PREFIX = "cli.help:"

ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "subcommands": "子命令",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的子命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的参数值 %r",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
}
"""argparse's user-facing msgids and their Chinese. The ones argparse raises only for a
programmer's mistake (conflicting options, a bad ``add_argument``) stay English, and so does
its "%(prog)s: error:" line, which the CLI's own ``error:`` line replaces (CLI.md)."""

_current = i18n.DEFAULT_LANG


def requested_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """``--lang X`` / ``--lang=X`` anywhere in ``argv`` (the last one wins, as argparse's
    would), else ``LABREGISTRY_LANG``, else Chinese. An unknown value is left to argparse to
    refuse (in the language of the environment)."""
    env = os.environ if environ is None else environ
    chosen: str | None = None
    for i, token in enumerate(argv):
        if token == "--":
            break
        if token == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif token.startswith("--lang="):
            chosen = token.split("=", 1)[1]
    if chosen in i18n.LANGUAGES:
        return chosen
    return i18n.normalise_lang(env.get("LABREGISTRY_LANG"))


def current_lang() -> str:
    """The language of the parse in progress (for messages of argument types)."""
    return _current


def help_texts(translations: Mapping[str, str]) -> None:
    """Register the Chinese of option help texts: ``{english help: Chinese help}``. Both are
    argparse help strings (``%%`` for a percent sign)."""
    i18n.register({HELP_PREFIX + en: {"zh": zh, "en": en} for en, zh in translations.items()})


def has_help(text: str | None) -> bool:
    """Whether ``text`` is a help text with both languages registered."""
    return bool(text) and i18n.in_code(HELP_PREFIX + str(text))  # help texts are in code: --help reads no file


def in_lang(text: str, lang: str) -> str:
    """A text written "english / 中文" in ``lang``; any other text as it is."""
    if " / " not in text:
        return text
    en, zh = text.rsplit(" / ", 1)
    return zh if lang == "zh" else en


def localise(parser: argparse.ArgumentParser, lang: str) -> None:
    """Every help text of ``parser`` and its sub-parsers in ``lang`` (those without a
    translation stay as written; the test of every option catches them)."""
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS and has_help(action.help):
            action.help = i18n.tr(HELP_PREFIX + action.help, lang)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if has_help(choice.help):
                    choice.help = i18n.tr(HELP_PREFIX + str(choice.help), lang)
            for sub in dict.fromkeys(action.choices.values()):
                if sub.description and has_help(sub.description):
                    sub.description = i18n.tr(HELP_PREFIX + sub.description, lang)
                localise(sub, lang)


def _gettext(lang: str) -> tuple[object, object]:
    def gettext(message: str | None) -> str | None:
        if message is None or lang != "zh":
            return message
        return ARGPARSE_ZH.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return str(gettext(singular if n == 1 else plural))

    return gettext, ngettext


@contextlib.contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """argparse's own strings in ``lang`` while the parser is built and run."""
    global _current
    saved = argparse._, argparse.ngettext, _current  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext(lang)  # type: ignore[attr-defined]
    _current = lang
    try:
        yield
    finally:
        argparse._, argparse.ngettext, _current = saved  # type: ignore[attr-defined]


def arg_error(code: str, **params: object) -> argparse.ArgumentTypeError:
    """An argument's usage error (exit 2) in the language of the parse."""
    return argparse.ArgumentTypeError(i18n.tr(code, current_lang(), **params))


def whole_number(text: str, minimum: int = 0) -> int:
    """An option's whole number, ``minimum`` or more (a usage error otherwise)."""
    try:
        value = int(text)
    except ValueError:
        raise arg_error("cli.arg.not_whole", text=text) from None
    if value < minimum:
        raise arg_error("cli.arg.below", minimum=minimum, text=text)
    return value


help_texts(
    {
        "print the version and exit": "显示版本号并退出",
        "data folder (env LABREGISTRY_HOME)": "数据文件夹（或环境变量 LABREGISTRY_HOME）",
        "SQLAlchemy URL or file path (env LABREGISTRY_DB)": "数据库：SQLAlchemy URL 或文件路径（或环境变量 LABREGISTRY_DB）",
        "language of messages and help (default zh; env LABREGISTRY_LANG)":
            "提示信息和帮助的语言（默认 zh；或环境变量 LABREGISTRY_LANG）",
        "file whose first line is the key passphrase": "口令文件：其第一行为私钥口令",
        "JSON on stdout": "以 JSON 格式输出到标准输出",
        "the file to write": "要写入的文件",
    }
)
