"""The ``labregistry`` command line: the fixed contract of ../shared/CLI.md.

Exit codes: 0 done; 1 refused or failed, with ONE ``error:`` line on stderr and no
traceback; 2 usage error (argparse). ``--json`` prints only JSON on stdout. Commands
are thin: they parse arguments, call a service, and render its result.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from labregistry import cli_lang, i18n
from labregistry.errors import DomainError
from labregistry.textrules import json_safe, visible_output

if TYPE_CHECKING:
    from labregistry.registry import Registry

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[Handler, str]] = {}

# stays in code: `--help` prints it, and reads no catalogue file (labregistry/i18n.py)
i18n.register(
    {
        "cli.description": {
            "zh": "LabRegistry：长三角计量标准、计量授权与人员登记及签名数据交换",
            "en": "LabRegistry: registry and signed exchange of metrology standards, authorisations and staff",
        },
    }
)


class _Formatter(argparse.HelpFormatter):
    """argparse's help with a Chinese section title ended by a full-width colon (位置参数：),
    wrapped by display width: a Chinese character takes two columns of a terminal, and
    argparse's own wrapping (by characters, at spaces) ran Chinese help past the edge."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_display(" ".join(text.split()), width)

    class _Section(argparse.HelpFormatter._Section):
        def format_help(self) -> str:
            text = str(super().format_help())
            heading = self.heading
            if text and isinstance(heading, str) and heading != argparse.SUPPRESS and not heading.isascii():
                text = text.replace(f"{heading}:\n", f"{heading}：\n", 1)
            return text


class _Parser(argparse.ArgumentParser):
    """argparse that keeps exit code 2 for usage errors, with one ``error:`` line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"error: {message}\n")
        raise SystemExit(2)


class _VersionAction(argparse.Action):
    """``--version``: ``labregistry X.Y.Z`` on stdout, exit 0 (the metadata is read only then)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from labregistry import app_version

        sys.stdout.write(f"labregistry {app_version()}\n")
        parser.exit(0)


def command(name: str, help_text: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _COMMANDS[name] = (fn, help_text)
        return fn

    return register


def add_global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--home", default=default, help="data folder (env LABREGISTRY_HOME)")
    parser.add_argument("--db", default=default, help="SQLAlchemy URL or file path (env LABREGISTRY_DB)")
    parser.add_argument("--lang", choices=["zh", "en"], default=default,
                        help="language of messages and help (default zh; env LABREGISTRY_LANG)")
    parser.add_argument(
        "--passphrase-file", default=default, help="file whose first line is the key passphrase"
    )


def json_only(p: argparse.ArgumentParser) -> None:
    """The options of a command whose only one is ``--json`` (``stats``, ``check``, ``region``)."""
    p.add_argument("--json", action="store_true", help="JSON on stdout")


def action_parser(p: argparse.ArgumentParser, name: str, text: str, *, described: bool = False) -> argparse.ArgumentParser:
    """The parser of one action of the command ``p`` (``db upgrade``, ``keys revoke``), under
    the sub-parsers ``p`` added: its help ``text`` (with ``described``, also the description
    its own ``--help`` shows), and the global options, accepted after the action too (their
    defaults suppressed: the ones given before the command stand)."""
    subs = p._subparsers._group_actions[0] if p._subparsers is not None else None
    if not isinstance(subs, argparse._SubParsersAction):
        raise ValueError(f"{p.prog} has no sub-parsers for its actions")
    sub: argparse.ArgumentParser = subs.add_parser(name, help=text, description=text if described else None)
    add_global_options(sub, suppress=True)
    return sub


_COMMANDS_PACKAGE = "labregistry.commands"
# Every sub-command and the module of labregistry.commands that defines it, in the order
# ``--help`` lists them. A table, not a scan of the package: a frozen build (PyInstaller)
# finds every module from it, and a command imports only its own module, so that ``stats``
# never pays for openpyxl or reportlab. tests/test_cli_commands.py checks it against the
# modules' @command registrations and against CLI.md.
COMMANDS: dict[str, str] = {
    "gui": "registry_cmds",
    "stats": "registry_cmds",
    "list": "registry_cmds",
    "init": "registry_cmds",
    "demo": "registry_cmds",
    "add-standard": "registry_cmds",
    "history": "registry_cmds",
    "keys": "exchange_cmds",
    "trust": "exchange_cmds",
    "export": "exchange_cmds",
    "verify": "exchange_cmds",
    "import": "exchange_cmds",
    "export-received": "exchange_cmds",
    "endorse": "endorse_cmds",
    "certificate": "certificate_cmds",
    "verify-certificate": "certificate_cmds",
    "import-excel": "ledger_cmds",
    "template": "ledger_cmds",
    "check": "maintenance_cmds",
    "backup": "maintenance_cmds",
    "restore": "maintenance_cmds",
    "db": "db_cmds",
    "search": "inventory_cmds",
    "region": "inventory_cmds",
    "recognition": "inventory_cmds",
    "coverage": "inventory_cmds",
    "trace": "inventory_cmds",
    "search-index": "inventory_cmds",
    "cmc-table": "inventory_cmds",
    "catalogue": "catalogue_cmds",
    "institutes": "region_cmds",
    "region-report": "region_cmds",
    "comparisons": "comparison_cmds",
    "decisions": "decision_cmds",
}
COMMAND_MODULES: tuple[str, ...] = tuple(f"{_COMMANDS_PACKAGE}.{m}" for m in dict.fromkeys(COMMANDS.values()))
_VALUE_OPTIONS = ("--home", "--db", "--lang", "--passphrase-file")


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
        if token == "--version":
            return ""  # answered by the bare parser
        if token.startswith("-"):
            return None  # --help, -h, an abbreviation...: build the whole parser
        return token
    return ""


def _load_commands(command: str | None) -> None:
    """Import the module that registers ``command`` (and not the others: each area's
    module pulls in its services, and a command needs only its own); every module for
    None or an unknown name (argparse then lists them all); none for "" (no command:
    the desktop app, or ``--version``)."""
    if command == "":
        return
    module = COMMANDS.get(command or "")
    modules = [f"{_COMMANDS_PACKAGE}.{module}"] if module else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name)


def build_parser(command: str | None = None, lang: str | None = None) -> argparse.ArgumentParser:
    """The parser, with every sub-command, or with the one ``command`` names (see
    :func:`_load_commands`: the others are not imported); its help texts in ``lang`` (None:
    as written, English, with the commands' descriptions in both languages). argparse's own
    strings follow :func:`.cli_lang.argparse_language`, around the building and the parsing."""
    _load_commands(command)

    parser = _Parser(prog="labregistry", description=i18n.tr("cli.description", lang or "en"))
    parser.add_argument("--version", action=_VersionAction, help="print the version and exit")
    add_global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name, (fn, help_text) in sorted(_COMMANDS.items(), key=lambda item: _help_order(item[0])):
        shown = cli_lang.in_lang(help_text, lang) if lang else help_text
        p = sub.add_parser(name, help=shown, description=shown)
        add_global_options(p, suppress=True)
        configure = getattr(fn, "configure", None)
        if configure is not None:
            configure(p)
        p.set_defaults(handler=fn)
    if lang:
        cli_lang.localise(parser, lang)
    return parser


def _help_order(name: str) -> int:
    order = list(COMMANDS)
    return order.index(name) if name in COMMANDS else len(order)


class VisibleStream:
    r"""An output stream that shows control, bidi and invisible characters escaped.

    Everything a command prints goes through it (``sys.stdout`` and ``sys.stderr`` while
    :func:`main` runs), so no command can echo a file name, a cell value or a peer's
    institute name that clears the terminal (``\x1b[2J``), rewrites the line (``\r``) or
    reorders what is read (U+202E): each shows as its escape (``\x1b``, ``\u202e``).
    Line feeds and tabs are the output's own and stay.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(visible_output(text))

    def writelines(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding, buffer ...
        return getattr(self.stream, name)


def progress_line(text: str) -> None:
    """Rewrite the terminal's current line of stderr with ``text`` (a progress count): the
    one place a carriage return is written, since :class:`VisibleStream` shows any other."""
    stream = sys.stderr.stream if isinstance(sys.stderr, VisibleStream) else sys.stderr
    stream.write("\r" + visible_output(text))
    stream.flush()


BAR_WIDTH = 24


class ProgressBar:
    """A progress bar on the terminal's stderr line (:func:`progress_line`), ended by a line
    feed; nothing at all when stderr is not a terminal or the output is ``--json`` (a script's
    stderr holds the one ``error:`` line and nothing else).

    ``show(label, done, total)`` draws ``label [#####.......] done/total``, or ``label …``
    without a total (a step whose length is not known)."""

    def __init__(self, lang: str, enabled: bool) -> None:
        self.lang = lang
        self.enabled = enabled
        self._width = 0  # of the line shown: a shorter one is padded over it

    @classmethod
    def for_args(cls, args: argparse.Namespace) -> ProgressBar:
        return cls(args.lang, sys.stderr.isatty() and not getattr(args, "json", False))

    def show(self, label: str, done: int = 0, total: int = 0) -> None:
        if not self.enabled:
            return
        if total > 0:
            filled = BAR_WIDTH * min(done, total) // total
            text = f"{label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}"
        else:
            text = f"{label} …"
        width = _display_width(text)
        progress_line(text + " " * max(self._width - width, 0))
        self._width = width

    def phase(self, phase: str, done: int = 0, total: int = 0) -> None:
        """A service's ``progress(phase, done, total)``, the phase named in words."""
        self.show(i18n.tr(f"progress.{phase}", self.lang) if i18n.known(f"progress.{phase}") else phase, done, total)

    def end(self) -> None:
        """Leave the bar's line (before other output, and at the end)."""
        if self._width:
            sys.stderr.write("\n")
            sys.stderr.flush()
        self._width = 0

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.end()


_NO_LINE_START = set("，。、；：？！）》」』】,.;:?!)]")  # punctuation that may not begin a line


def _wrap_units(text: str) -> list[str]:
    """Pieces a line may break between: a run of Latin text up to its space, or one wide character."""
    return re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+\s*|\S\s*|\s+", text)


def wrap_display(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (a wide character counts two),
    breaking at spaces or between Chinese characters; closing punctuation never begins a
    line: it takes the piece before it along to the next one."""
    lines: list[str] = []
    line: list[str] = []
    for unit in _wrap_units(text):
        if line and _display_width("".join(line + [unit]).rstrip()) > width:
            carried = [line.pop()] if unit[0] in _NO_LINE_START and len(line) > 1 else []
            lines.append("".join(line).rstrip())
            line = carried
        line.append(unit.lstrip() if not line else unit)
    if "".join(line).strip():
        lines.append("".join(line).rstrip())
    return lines


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@contextlib.contextmanager
def _visible_output() -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout = VisibleStream(saved[0])
    sys.stderr = VisibleStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def main(argv: Sequence[str] | None = None) -> int:
    _robust_output()
    _no_console_logging()
    with _visible_output():
        try:
            return _main(argv)
        except i18n.CatalogueError as exc:  # a translator's slip in a messages.toml: say where
            return fail(str(exc))


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang = cli_lang.requested_lang(arguments)  # before the parser: its help and errors speak it
    with cli_lang.argparse_language(lang):
        parser = build_parser(_requested_command(arguments), lang)
        args = parser.parse_args(arguments)
    if args.command is None or args.command == "gui":
        return _run_gui(args)  # its language: --lang, else the one saved in its settings, ...
    args.lang = lang
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
        from labregistry.xlsx.preflight import ensure_defusedxml

        ensure_defusedxml()
        return
    import importlib.util

    if os.environ.get("OPENPYXL_DEFUSEDXML", "True") != "True" or importlib.util.find_spec("defusedxml") is None:
        raise DomainError("xlsx.no_defusedxml")


def _silence_stdout() -> None:
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


def _robust_output() -> None:
    """stdout and stderr that never fail on a character they cannot encode.

    Pipes and files get UTF-8 (what ``--json`` promises, whatever the platform's code
    page). A terminal keeps its own encoding, so that a Chinese console (cp936) shows
    Chinese, and shows ``?`` for what it cannot encode (a cp437 console) instead of the
    command failing half-way; so does an encoding the user chose with PYTHONIOENCODING.
    (A real Windows console is written in UTF-16 by Python and shows everything.)
    """
    chosen = bool(os.environ.get("PYTHONIOENCODING"))
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # None: a windowed program has no stdout
        if reconfigure is None:
            continue
        try:
            if chosen or stream.isatty():
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):
            pass


def _run_gui(args: argparse.Namespace) -> int:
    try:
        app = importlib.import_module("ui.app")
    except ImportError:
        return fail(i18n.tr("cli.gui_missing", args.lang))
    lang = i18n.normalise_lang(args.lang) if args.lang else None
    return int(app.main([], home=args.home, db_url=args.db, lang=lang))


def open_from(args: argparse.Namespace, *, create: bool = False) -> Registry:
    """The registry named by ``--home`` / ``--db``; only ``init`` may ``create`` a new one:
    for every other command a home without its database is a mistyped ``--home``.

    Here rather than in a command module, so that a command loads no other command's module."""
    from labregistry.registry import open_registry

    return open_registry(getattr(args, "home", None), getattr(args, "db", None), must_exist=not create)


def passphrase_prompt(lang: str | None) -> Callable[[i18n.Message], str]:
    """The terminal's hidden prompt asking in the user's language (the prompt of
    :func:`labregistry.crypto.passphrase.resolve_passphrase`)."""
    import getpass

    return lambda message: getpass.getpass(message.render(lang))


def print_json(data: Any) -> None:
    """``data`` as JSON on stdout; unsafe characters in its strings as ``\\uXXXX`` escapes (the same data)."""
    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)))
    sys.stdout.write("\n")


def print_list(
    rows: Sequence[dict[str, Any]], args: argparse.Namespace, none: str, text: Callable[[dict[str, Any]], str]
) -> None:
    """A list command's output: ``rows`` as JSON with ``--json``; else each row's ``text``
    (a line, or lines), after the message ``none`` when there is no row."""
    if args.json:
        print_json(rows)
        return
    if not rows:
        print(i18n.tr(none, args.lang))
    for row in rows:
        print(text(row))


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


if __name__ == "__main__":
    raise SystemExit(main())
