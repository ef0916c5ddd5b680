"""Message catalogue of the core, in Chinese (primary) and English.

The core has no Qt, so it cannot use Qt Linguist; its user-visible texts live here,
keyed by a stable message code. ``tr(code, lang, **params)`` renders one. The UI has
its own Qt translations for widget texts and uses this module for core messages.

Two kinds of language, kept apart (docs/architecture.md, "Messages and documents"):

- the language a MESSAGE is shown in (an error, a warning, a note, a status) is the user's,
  chosen by the edges (the CLI's ``--lang``, the app's setting): the core returns a
  :class:`Message` (or a :class:`~labregistry.errors.DomainError`), a code and its values,
  and the CLI or the app renders it; core functions take no ``lang``;
- the language of a DOCUMENT the user asked for (a certificate, an exported report, a CMC
  table) is a property of that document: a :data:`DocLanguage` parameter named
  ``language``, kept by the document's modules.

Where the texts live: in catalogue files, ``messages.toml`` beside the code of each package
(one table per code, its ``zh`` and ``en``: a translator edits them without touching Python),
read all at once on the first message rendered or looked up (:func:`load_catalogues`), not at
import: parsing them costs about 20 ms of CPU, which ``--help`` never pays. :func:`register`
keeps what must stay in code: what ``--help`` prints (the argparse help texts of
``cli_lang.help_texts``, keyed by their English, and the CLI's description), texts built from
code's own tables (the verdicts' labels, from their
:class:`~labregistry.domain.choices.Choices`), and the tests' own messages. A malformed file, a
code without both languages and a code defined twice are refused with a
:class:`CatalogueError` naming the file and the code when the files are read, never a missing
text later.

Parameters are untrusted (file names, cell values, names from a peer's bundle): each text
parameter is shown with its control, bidi and invisible characters, line breaks and tabs
escaped (:func:`labregistry.textrules.visible`), so that no message can forget it.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from labregistry.textrules import visible

LANGUAGES = ("zh", "en")
DEFAULT_LANG = "zh"

DocLanguage = Literal["zh", "en"]
"""The language of a document the user asked for (a certificate in zh or en, a report's or
a table's headers): a property of the document, not the language messages are shown in."""

CATALOGUE_FILE = "messages.toml"
"""The name of a package's catalogue file (``labregistry/<package>/messages.toml``)."""

_registered: dict[str, dict[str, str]] = {}  # by register(): the messages that stay in code
_from_files: dict[str, dict[str, str]] | None = None  # the catalogue files', read on first need
_loading = threading.Lock()  # the app renders from worker threads too


class CatalogueError(ValueError):
    """A catalogue file that cannot be used: its path, the code and what is wrong, in both
    languages (the catalogue that would translate it is the broken one)."""

    def __init__(self, path: Path | str, code: str | None, zh: str, en: str) -> None:
        where = f"{path}" if code is None else f"{path}: [{code!r}]"
        super().__init__(f"{where}: {zh} / {en}")
        self.path, self.code = str(path), code


def register(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add messages ``{code: {"zh": ..., "en": ...}}`` that must stay in code (the module
    docstring says which); every other message is in its package's ``messages.toml``."""
    for code, texts in messages.items():
        if "zh" not in texts or "en" not in texts:
            raise ValueError(f"message {code} needs both zh and en")
        if _from_files is not None and code in _from_files:
            raise ValueError(f"message {code} is already in a catalogue file")
        _registered[code] = dict(texts)


#: The packages of the core with a catalogue file (``""``: ``labregistry`` itself). Named,
#: not searched for: a copy installed without its data files would otherwise read no
#: messages and show codes ("home.missing {'path': ...}"); a missing file is refused.
CATALOGUE_PACKAGES = ("", "certificates", "commands", "crypto", "demo", "domain", "exchange", "interlab",
                      "inventory", "ledger", "regionreport", "services", "storage", "xlsx")


def catalogue_files(root: Path | None = None) -> list[Path]:
    """Every catalogue file of the core (under ``root``, the ``labregistry`` folder), in a
    stable order; a :class:`CatalogueError` naming the first one missing."""
    folder = Path(__file__).resolve().parent if root is None else root
    paths = sorted(folder / package / CATALOGUE_FILE for package in CATALOGUE_PACKAGES)
    for path in paths:
        if not path.is_file():
            raise CatalogueError(path, None, "消息目录文件缺失，安装不完整",
                                 "the message catalogue file is missing: an incomplete installation")
    return paths


def read_catalogues(paths: Iterable[Path], registered: Mapping[str, object] | None = None) -> dict[str, dict[str, str]]:
    """The messages of the catalogue files ``paths``, ``{code: {"zh": ..., "en": ...}}``.

    Raises :class:`CatalogueError` naming the file (and the code, or the line of a TOML
    error) for a file that does not parse, a code without a text in both languages or with
    another key, a text that is not a string, and a code in two files or also in
    ``registered`` (the messages registered in code)."""
    import tomllib  # here: its import (3 ms) is paid by the runs that read the files only

    found: dict[str, dict[str, str]] = {}
    where: dict[str, Path] = {}
    for path in paths:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise CatalogueError(path, None, f"无法读取消息目录（{exc}）", f"cannot read the message catalogue ({exc})") from exc
        for code, texts in data.items():
            if code in where:
                raise CatalogueError(path, code, f"该代码在 {where[code]} 中已有定义",
                                     f"the code is already defined in {where[code]}")
            if registered is not None and code in registered:
                raise CatalogueError(path, code, "该代码已在代码中注册（i18n.register）",
                                     "the code is also registered in code (i18n.register)")
            found[code], where[code] = _entry(path, code, texts), path
    return found


def _entry(path: Path, code: str, texts: object) -> dict[str, str]:
    """One code's texts, checked: a table of exactly a zh and an en string."""
    if not isinstance(texts, dict):
        raise CatalogueError(path, code, "应为含 zh 与 en 的表", "must be a table with zh and en")
    if texts and all(isinstance(value, dict) for value in texts.values()):  # [a.b] is a table in a table
        raise CatalogueError(path, code, "含点的代码须加引号，如 [\"a.b\"]",
                             'a code with dots must be quoted, as in ["a.b"]')
    missing = [lang for lang in LANGUAGES if lang not in texts]
    if missing:
        raise CatalogueError(path, code, f"缺少 {'、'.join(missing)} 文本", f"has no {' and '.join(missing)} text")
    others = sorted(set(texts) - set(LANGUAGES))
    if others:
        raise CatalogueError(path, code, f"只能有 zh 与 en，不能有 {'、'.join(others)}",
                             f"may hold zh and en only, not {', '.join(others)}")
    for lang in LANGUAGES:
        if not isinstance(texts[lang], str):
            raise CatalogueError(path, code, f"{lang} 文本应为字符串", f"the {lang} text must be a string")
    return {lang: texts[lang] for lang in LANGUAGES}


def load_catalogues() -> dict[str, dict[str, str]]:
    """The catalogue files' messages, read once: on the first message rendered or looked up
    (the CLI reports a :class:`CatalogueError` as its one ``error:`` line), or by the app at
    its start, which shows one in a dialog before any window."""
    global _from_files
    if _from_files is None:
        with _loading:
            if _from_files is None:
                _from_files = read_catalogues(catalogue_files(), _registered)
    return _from_files


def _texts(code: str) -> dict[str, str] | None:
    texts = _registered.get(code)
    return texts if texts is not None else load_catalogues().get(code)


def template(code: str, lang: str) -> str:
    """The text of ``code`` in ``lang`` as written, its placeholders unfilled (the wording
    whose characters a certificate's fonts must hold); a KeyError for an unknown code."""
    texts = _texts(code)
    if texts is None:
        raise KeyError(code)
    return texts[normalise_lang(lang)]


def normalise_lang(lang: str | None) -> str:
    """Map 'zh_CN', 'en_US.UTF-8', 'EN' ... to 'zh' or 'en'; unknown means Chinese."""
    if not lang:
        return DEFAULT_LANG
    lang = lang.strip().lower()
    if lang.startswith("en"):
        return "en"
    return "zh"


def default_lang() -> str:
    """The language from LABREGISTRY_LANG, else Chinese: the users are Chinese labs."""
    return normalise_lang(os.environ.get("LABREGISTRY_LANG"))


def tr(code: str, lang: str | None = None, **params: object) -> str:
    """Render message ``code`` in ``lang``; an unknown code renders as itself."""
    texts = _texts(code)
    if texts is None:
        return code if not params else f"{code} {params}"
    template = texts[normalise_lang(lang) if lang else default_lang()]
    try:
        return template.format(**{key: _shown(value, lang) for key, value in params.items()})
    except (KeyError, IndexError, ValueError):
        return template


def doc_language(value: str | None) -> DocLanguage:
    """The document language a user's choice names (``--lang``, the app's setting): 'en...'
    is English, anything else Chinese, nothing the environment's default."""
    return "en" if (normalise_lang(value) if value else default_lang()) == "en" else "zh"


@dataclass(frozen=True)
class Message:
    """A message the core returns instead of text: its code and values. The edges (the CLI,
    the app) render it in the user's language with :meth:`render`; a parameter that is itself
    a :class:`Message` renders in the same language (:func:`tr`)."""

    code: str
    params: Mapping[str, object] = dc_field(default_factory=dict)

    @classmethod
    def of(cls, code: str, **params: object) -> Message:
        return cls(code, params)

    def render(self, lang: str | None = None) -> str:
        return tr(self.code, lang, **self.params)


@dataclass(frozen=True)
class Label:
    """A name given in both languages (a choice's label, a field's), shown in the language
    of the message or the edge that renders it."""

    zh: str
    en: str

    def render(self, lang: str | None = None) -> str:
        return self.en if (normalise_lang(lang) if lang else default_lang()) == "en" else self.zh


@runtime_checkable
class Renderable(Protocol):
    """What the core returns for the edges to render: a :class:`Message`, an
    :class:`~labregistry.errors.Issue` or its reason, a record's mark ..."""

    def render(self, lang: str | None = None) -> str: ...


_PLAIN = (str, int, float, bool, dt.date)  # never rendered: checked first, the protocol's check is slower


def render_all(value: object, lang: str | None = None) -> Any:
    """``value`` (rows, a report: dicts, lists and tuples, as JSON would hold them) with every
    :class:`Renderable` in it rendered in ``lang``: the edges' one step before printing."""
    if value is None or isinstance(value, _PLAIN):
        return value
    if isinstance(value, dict):  # before the protocol's check, which is slower
        return {key: render_all(item, lang) for key, item in value.items()}
    if isinstance(value, list):
        return [render_all(item, lang) for item in value]
    if isinstance(value, tuple):
        return tuple(render_all(item, lang) for item in value)
    if isinstance(value, Renderable):
        return value.render(lang)
    return value


def render_fields(rows: Iterable[dict[str, Any]], fields: Iterable[str], lang: str | None = None) -> None:
    """The ``fields`` of each of ``rows`` that hold a :class:`Renderable` rendered in ``lang``, in
    place: :func:`render_all` for rows whose renderables are known top-level fields (a search's
    rows: ``services.inventory.RENDERED_FIELDS``), at the cost of rendering them alone: render_all
    copies every value of every row, nested ones too, 0.9 ms of CPU for a text search's page of
    50, this 0.03 (a comparison's note then costs its own rendering, some 8 µs a row, as it did
    in the core before issue 17). One object in two fields of a row (that note) renders once.
    The rows are the caller's own (what a search returned to it)."""
    keys = tuple(fields)
    for row in rows:
        last: object = None
        text = ""
        for key in keys:
            value = row.get(key)
            if value is None or isinstance(value, str):
                continue
            if value is not last:
                last, text = value, value.render(lang)
            row[key] = text


def rendered(value: str | Renderable, lang: str | None = None) -> str:
    """A :class:`Renderable` rendered in ``lang``; a text that is the same in every language (a
    database's own diagnostic, a name) as it is."""
    return value if isinstance(value, str) else value.render(lang)


def _shown(value: object, lang: str | None) -> object:
    """A parameter as a message shows it: text (and paths) escaped, other values as they are
    (numbers keep their format specs); a nested :class:`Renderable` (a :class:`Message`, a
    :class:`Label`) renders in the same language."""
    if isinstance(value, _PLAIN):
        return visible(value) if isinstance(value, str) else value
    if isinstance(value, Renderable):
        return visible(value.render(lang))
    if isinstance(value, os.PathLike):
        return visible(os.fsdecode(value))
    return value


def known(code: str) -> bool:
    return _texts(code) is not None


def in_code(code: str) -> bool:
    """Whether ``code`` is registered in code (:func:`register`): a look-up that never reads
    the catalogue files, for ``--help``'s texts (which are all in code)."""
    return code in _registered
