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
import re
import sys
import types
from collections.abc import Callable, Sequence
from pathlib import Path
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

    def error(self, message: str) -> Any:
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


_COMMANDS_PACKAGE = "labregistry.commands"
_COMMANDS_DIR = Path(__file__).with_name("commands")
_INIT_LINE = re.compile(r"from labregistry\.commands import (\w+)(?:\s+#.*)?")
_COMMAND_DECORATOR = re.compile(r"""^@command\(\s*["']([^"']+)["']""", re.M)
_VALUE_OPTIONS = ("--home", "--db", "--lang", "--passphrase-file")


def _command_modules() -> list[str] | None:
    """The modules ``labregistry/commands/__init__.py`` imports, in its order, when that is
    all it does (docstring, comments and ``from labregistry.commands import X`` lines);
    None otherwise (then the package is imported as such)."""
    try:
        text = (_COMMANDS_DIR / "__init__.py").read_text(encoding="utf-8")
    except OSError:
        return None
    body = text.strip()
    if body.startswith('"""'):
        end = body.find('"""', 3)
        if end < 0:
            return None
        body = body[end + 3:]
    modules = []
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _INIT_LINE.fullmatch(line)
        if match is None:
            return None
        modules.append(match.group(1))
    return modules


def _requested_command(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` ("" for none at all, None when not plain to see:
    help, or an option this cheap look does not know)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in _VALUE_OPTIONS:
            skip = True
            continue
        if any(token.startswith(option + "=") for option in _VALUE_OPTIONS):
            continue
        if token.startswith("-"):
            return None  # --help, -h, an abbreviation...: build the whole parser
        return token
    return ""


def _load_commands(command: str | None) -> None:
    """Import the module that registers ``command`` (and not the others: each area's
    module pulls in its services, and a command needs only its own); every module for
    None; none for "" (no command: the desktop app)."""
    if command == "":
        return
    modules = _command_modules()
    if modules is None:
        importlib.import_module(_COMMANDS_PACKAGE)
        return
    if command is not None:
        for module in modules:
            try:
                source = (_COMMANDS_DIR / f"{module}.py").read_text(encoding="utf-8")
            except OSError:
                break
            if command in _COMMAND_DECORATOR.findall(source):
                modules = [module]
                break
    if _COMMANDS_PACKAGE not in sys.modules:
        # the package's __init__ only imports every module; stand in for it, so that
        # importing one module does not import them all
        package = types.ModuleType(_COMMANDS_PACKAGE, (_COMMANDS_DIR / "__init__.py").read_text(encoding="utf-8"))
        package.__path__ = [str(_COMMANDS_DIR)]
        package.__file__ = str(_COMMANDS_DIR / "__init__.py")
        package.__package__ = _COMMANDS_PACKAGE
        sys.modules[_COMMANDS_PACKAGE] = package
        import labregistry

        labregistry.commands = package  # type: ignore[attr-defined]
    for module in modules:
        importlib.import_module(f"{_COMMANDS_PACKAGE}.{module}")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser, with every sub-command, or with the one ``command`` names (see
    :func:`_load_commands`: the others are not imported)."""
    _load_commands(command)

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
    _no_console_logging()
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_requested_command(arguments))
    args = parser.parse_args(arguments)
    lang = i18n.normalise_lang(args.lang) if args.lang else i18n.default_lang()
    args.lang = lang
    if args.command is None or args.command == "gui":
        return _run_gui(args)
    try:
        _check_defusedxml()  # Excel files are never parsed without it (SECURITY.md)
        return int(args.handler(args))
    except DomainError as exc:
        return fail(exc.render(lang))
    except KeyboardInterrupt:
        return fail("interrupted")
    except BrokenPipeError:  # output piped into `head` and friends: not an error
        _silence_stdout()
        return 0
    except Exception as exc:  # the user never sees a traceback; the log has it
        explained = _explained(exc, args)
        if explained is not None:  # a full disk, a read-only folder, another writer...
            log.warning("%s: %s", args.command, explained.render("en"), exc_info=exc)
            return fail(explained.render(lang))
        log.exception("unexpected error in %s", args.command)
        return fail(i18n.tr("error.unexpected", lang, detail=_one_line(exc), log=_log_hint(args)))


_OUTPUT_ARGS = ("out", "output", "out_dir", "report", "dir")
"""Arguments that name files or folders a command writes (for "the disk holding ... is full")."""


def _explained(exc: Exception, args: argparse.Namespace) -> DomainError | None:
    from labregistry import faults
    from labregistry.config import resolve_home

    targets = [Path(v) for name in _OUTPUT_ARGS if isinstance(v := getattr(args, name, None), str) and v]
    try:
        where = faults.where_of(resolve_home(getattr(args, "home", None), getattr(args, "db", None)), targets)
    except Exception:  # noqa: BLE001 - a bad --db: explain without it
        where = faults.Where(targets=targets)
    return faults.explain(exc, where)


def _no_console_logging() -> None:
    """stderr carries the one ``error:`` line: without a handler of its own, logging would
    print warnings and tracebacks there (``logging.lastResort``) before the log file is set up."""
    root = logging.getLogger()
    if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
        root.addHandler(logging.NullHandler())


def _check_defusedxml() -> None:
    """The start-up check that openpyxl will parse through defusedxml (SECURITY.md).

    When openpyxl is loaded already, the full :func:`.preflight.ensure_defusedxml`. Otherwise
    the two conditions openpyxl decides ``openpyxl.xml.DEFUSEDXML`` by when it is imported
    (defusedxml importable, ``OPENPYXL_DEFUSEDXML`` not switched off), without importing
    openpyxl for commands that never read Excel: every path that does parses nothing before
    ``ensure_defusedxml`` has run (the pre-flight every Excel reader starts with calls it).
    """
    if "openpyxl" in sys.modules:
        from labregistry.exchange.preflight import ensure_defusedxml

        ensure_defusedxml()
        return
    import importlib.util
    import os

    if os.environ.get("OPENPYXL_DEFUSEDXML", "True") != "True" or importlib.util.find_spec("defusedxml") is None:
        from labregistry.exchange import preflight  # noqa: F401  (registers the message)

        raise DomainError("xlsx.no_defusedxml")


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
