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

Parameters are untrusted (file names, cell values, names from a peer's bundle): each text
parameter is shown with its control, bidi and invisible characters, line breaks and tabs
escaped (:func:`labregistry.textrules.visible`), so that no message can forget it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Literal, Protocol, runtime_checkable

from labregistry.textrules import visible

LANGUAGES = ("zh", "en")
DEFAULT_LANG = "zh"

DocLanguage = Literal["zh", "en"]
"""The language of a document the user asked for (a certificate in zh or en, a report's or
a table's headers): a property of the document, not the language messages are shown in."""

_catalogue: dict[str, dict[str, str]] = {}


def register(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add messages ``{code: {"zh": ..., "en": ...}}``; each module registers its own."""
    for code, texts in messages.items():
        if "zh" not in texts or "en" not in texts:
            raise ValueError(f"message {code} needs both zh and en")
        _catalogue[code] = dict(texts)


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
    texts = _catalogue.get(code)
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
    return code in _catalogue
