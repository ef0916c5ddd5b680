"""The languages a certificate is printed in, chosen explicitly (never the UI language).

Kept apart from :mod:`.layout` so that the command line can name them without loading
reportlab. The messages about what a certificate can print live here too.
"""

from __future__ import annotations

from typing import Literal, cast

from labregistry import i18n
from labregistry.errors import DomainError

#: The certificate's languages (``certificate --language``, the app's control): Chinese,
#: English, or Chinese with each label's English translation in small type under it.
LANGUAGES = ("zh", "en", "zh+en")
DEFAULT_LANGUAGE = "zh"

CertificateLanguage = Literal["zh", "en", "zh+en"]
"""A certificate's language, a property of the document: an :data:`~labregistry.i18n.DocLanguage`
or both (``zh+en``); never the language of the messages about it."""

i18n.register(
    {
        "cert.bad_language": {
            "zh": "证书语言应为 zh（中文）、en（英文）或 zh+en（中英文对照），而不是 {value}",
            "en": "the certificate language must be zh (Chinese), en (English) or zh+en (bilingual), not {value}",
        },
        "cert.no_glyph": {
            "zh": "{where} 的记录值“{value}”（{field}）含有字符“{char}”（{codepoint}），所有可用字体中都没有它的字形，"
            "未出具证书（所记录的字符不会被省略或替换）；请安装含该字符的字体，或用环境变量 LABREGISTRY_SYMBOL_FONT 指定",
            "en": "the recorded value '{value}' ({field}) of {where} holds the character '{char}' ({codepoint}), "
            "which no available font has; no certificate issued (a recorded character is never dropped or "
            "replaced). Install a font that has it, or name one in LABREGISTRY_SYMBOL_FONT",
        },
    }
)


def parse_language(value: str | None) -> CertificateLanguage:
    """One of :data:`LANGUAGES` (``zh`` for None); DomainError ``cert.bad_language`` otherwise."""
    text = (value or DEFAULT_LANGUAGE).strip().lower().replace(" ", "")
    text = {"zh-cn": "zh", "cn": "zh", "en+zh": "zh+en", "bilingual": "zh+en"}.get(text, text)
    if text not in LANGUAGES:
        raise DomainError("cert.bad_language", value=value)
    return cast(CertificateLanguage, text)
