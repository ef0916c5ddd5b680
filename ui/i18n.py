"""The UI language: which Qt translations are loaded, and the matching core language.

Widget texts are written in English in the source (``self.tr("Standards")``) and
translated with Qt Linguist files in ``resources/translations`` (compiled to
``ui/resources/translations``, package data); Chinese (zh_CN) is the primary language
and the default. Core messages (``DomainError.render``) use
``labregistry.i18n`` with the matching code from :func:`core_lang`.

The language is chosen, first match wins, from: the ``lang`` given to ``main`` (the
CLI's ``--lang``), the language saved in the settings, ``LABREGISTRY_LANG``, Chinese.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase

from labregistry import i18n as core_i18n
from ui import resources

if TYPE_CHECKING:  # PySide's stub types the result as object; it returns the text unchanged

    def QT_TRANSLATE_NOOP(context: str, source: str) -> str: ...
else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

__all__ = ["QT_TRANSLATE_NOOP"]

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "zh_CN"
# Shown in their own language in the language chooser: never translated.
LANGUAGES: dict[str, str] = {"zh_CN": "中文（简体）", "en": "English"}
CATALOGUE = "labregistry"

_current = DEFAULT_LANGUAGE


def ui_language(lang: str | None) -> str:
    """Map 'zh', 'zh_CN', 'en', 'en_US.UTF-8' ... to a UI language ('zh_CN' or 'en')."""
    return "en" if core_i18n.normalise_lang(lang) == "en" else "zh_CN"


def resolve_language(explicit: str | None, saved: str | None) -> str:
    for candidate in (explicit, saved, os.environ.get("LABREGISTRY_LANG")):
        if candidate:
            return ui_language(candidate)
    return DEFAULT_LANGUAGE


def current_language() -> str:
    return _current


def core_lang() -> str:
    """The ``labregistry.i18n`` language code ('zh' or 'en') for the current UI language."""
    return "en" if _current == "en" else "zh"


def shown(value: str | core_i18n.Renderable | None) -> str:
    """A value the core returned for the edge to render (a refusal's reason, a message), in
    the app's language; "" for none."""
    return "" if value is None else core_i18n.rendered(value, core_lang())


def doc_language() -> core_i18n.DocLanguage:
    """The language of a document asked for in the app (a report, a table, a certificate):
    the UI's, as a property of the document (:data:`labregistry.i18n.DocLanguage`)."""
    return "en" if _current == "en" else "zh"


def locale_for(language: str) -> QLocale:
    if language == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.Chinese, QLocale.Country.China)


class Translations:
    """The translators installed on the application for one language; swappable."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = DEFAULT_LANGUAGE

    def install(self, language: str) -> bool:
        """Load the app's and Qt's own catalogues for ``language``; False if ours is missing."""
        global _current
        self.remove()
        language = ui_language(language)
        self.language = language
        _current = language
        QLocale.setDefault(locale_for(language))
        app = QCoreApplication.instance()
        # English is the source language; its catalogue only holds the plural forms.
        ours = resources.translation(CATALOGUE, language)
        found = self._load(app, ours)
        if not found:
            log.warning("no compiled translation %s", ours)
        # Qt's own texts (standard buttons, context menus of line edits).
        qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        self._load(app, qt_folder / f"qtbase_{language}.qm")
        return found

    def _load(self, app: QCoreApplication | None, file: Path) -> bool:
        translator = QTranslator()
        if not translator.load(str(file)):
            return False
        if app is not None:
            app.installTranslator(translator)
        self._installed.append(translator)
        return True

    def remove(self) -> None:
        app = QCoreApplication.instance()
        for translator in self._installed:
            if app is not None:
                app.removeTranslator(translator)
        self._installed.clear()


def cjk_families() -> list[str]:
    """Installed font families that can show Simplified Chinese (empty: Chinese shows as boxes)."""
    return list(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
