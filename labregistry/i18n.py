"""Message catalogue of the core, in Chinese (primary) and English.

The core has no Qt, so it cannot use Qt Linguist; its user-visible texts live here,
keyed by a stable message code. ``tr(code, lang, **params)`` renders one. The UI has
its own Qt translations for widget texts and uses this module for core messages.

Parameters are untrusted (file names, cell values, names from a peer's bundle): each text
parameter is shown with its control, bidi and invisible characters, line breaks and tabs
escaped (:func:`labregistry.textrules.visible`), so that no message can forget it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from labregistry.textrules import visible

LANGUAGES = ("zh", "en")
DEFAULT_LANG = "zh"

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
        return template.format(**{key: _shown(value) for key, value in params.items()})
    except (KeyError, IndexError, ValueError):
        return template


def _shown(value: object) -> object:
    """A parameter as a message shows it: text (and paths) escaped, other values as they are
    (numbers keep their format specs; a nested message renders itself through :func:`tr`)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, os.PathLike):
        return visible(os.fsdecode(value))
    return value


def known(code: str) -> bool:
    return code in _catalogue
