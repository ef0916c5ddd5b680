"""The ``labregistry`` command line: the fixed contract of ../shared/CLI.md.

Exit codes: 0 done; 1 refused or failed, with ONE ``error:`` line on stderr and no
traceback; 2 usage error (argparse). ``--json`` prints only JSON on stdout. Commands
are thin: they parse arguments, call a service, and render its result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from labregistry import i18n
from labregistry.errors import DomainError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[Handler, str]] = {}

i18n.register(
    {
        "cli.description": {
            "zh": "LabRegistry：长三角计量标准、计量授权与人员登记及签名数据交换",
            "en": "LabRegistry: registry and signed exchange of metrology standards, authorisations and staff",
        },
        "cli.gui_missing": {
            "zh": "未安装桌面程序所需的 PySide6，请运行 README 中的启动命令",
            "en": "PySide6 for the desktop app is not installed; run the start command in the README",
        },
    }
)


class _Parser(argparse.ArgumentParser):
    """argparse that keeps exit code 2 for usage errors, with one ``error:`` line."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"error: {message}\n")
        raise SystemExit(2)


def command(name: str, help_text: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _COMMANDS[name] = (fn, help_text)
        return fn

    return register


def add_global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--home", default=default, help="data folder (env LABREGISTRY_HOME)")
    parser.add_argument("--db", default=default, help="SQLAlchemy URL or file path (env LABREGISTRY_DB)")
    parser.add_argument("--lang", choices=["zh", "en"], default=default, help="language of messages")
    parser.add_argument(
        "--passphrase-file", default=default, help="file whose first line is the key passphrase"
    )


def build_parser() -> argparse.ArgumentParser:
    from labregistry import commands  # noqa: F401  (registers the sub-commands)

    parser = _Parser(prog="labregistry", description=i18n.tr("cli.description", "en"))
    add_global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name, (fn, help_text) in _COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_global_options(p, suppress=True)
        configure = getattr(fn, "configure", None)
        if configure is not None:
            configure(p)
        p.set_defaults(handler=fn)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _force_utf8()
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = i18n.normalise_lang(args.lang) if args.lang else i18n.default_lang()
    args.lang = lang
    if args.command is None or args.command == "gui":
        return _run_gui(args)
    try:
        from labregistry.exchange.preflight import ensure_defusedxml

        ensure_defusedxml()  # Excel files are never parsed without it (SECURITY.md)
        return int(args.handler(args))
    except DomainError as exc:
        return fail(exc.render(lang))
    except KeyboardInterrupt:
        return fail("interrupted")
    except BrokenPipeError:  # output piped into `head` and friends: not an error
        _silence_stdout()
        return 0
    except Exception as exc:  # the user never sees a traceback; the log has it
        log.exception("unexpected error in %s", args.command)
        return fail(i18n.tr("error.unexpected", lang, detail=_one_line(exc), log=_log_hint(args)))


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def fail(message: str) -> int:
    sys.stderr.write(f"error: {_one_line(message)}\n")
    return 1


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _log_hint(args: argparse.Namespace) -> str:
    try:
        from labregistry.config import resolve_home

        return str(resolve_home(args.home, args.db).log_file)
    except Exception:
        return "labregistry.log"


def _force_utf8() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass


def _run_gui(args: argparse.Namespace) -> int:
    try:
        app = importlib.import_module("ui.app")
    except ImportError:
        return fail(i18n.tr("cli.gui_missing", args.lang))
    return int(app.main([], home=args.home, db_url=args.db, lang=args.lang))


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
    sys.stdout.write("\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


if __name__ == "__main__":
    raise SystemExit(main())
