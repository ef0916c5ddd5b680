"""The languages a certificate is printed in, chosen explicitly (never the UI language).

Kept apart from :mod:`.layout` so that the command line can name them without loading
reportlab. The messages about what a certificate can print live here too.
"""

from __future__ import annotations

from typing import Literal, cast

from labregistry.errors import DomainError

#: The certificate's languages (``certificate --language``, the app's control): Chinese,
#: English, or Chinese with each label's English translation in small type under it.
LANGUAGES = ("zh", "en", "zh+en")
DEFAULT_LANGUAGE = "zh"

CertificateLanguage = Literal["zh", "en", "zh+en"]
"""A certificate's language, a property of the document: an :data:`~labregistry.i18n.DocLanguage`
or both (``zh+en``); never the language of the messages about it."""


def parse_language(value: str | None) -> CertificateLanguage:
    """One of :data:`LANGUAGES` (``zh`` for None); DomainError ``cert.bad_language`` otherwise."""
    text = (value or DEFAULT_LANGUAGE).strip().lower().replace(" ", "")
    text = {"zh-cn": "zh", "cn": "zh", "en+zh": "zh+en", "bilingual": "zh+en"}.get(text, text)
    if text not in LANGUAGES:
        raise DomainError("cert.bad_language", value=value)
    return cast(CertificateLanguage, text)
