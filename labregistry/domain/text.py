"""Text clean-up shared by the domain parsers.

Lab ledgers are typed on Chinese keyboards and pasted from Word, PDFs and web pages:
full-width digits and letters (ＪＪＧ５２), full-width punctuation (（）：，～), the
micro sign and the Greek mu, the ohm sign and the Greek omega, superscript exponents
(10⁻⁶, m²), several dashes and tildes. Every parser first passes its input through
:func:`normalise` so that the grammar it matches against stays small.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import unicodedata
from functools import lru_cache
from typing import Any

GROUPED_THOUSANDS = r"[1-9]\d{0,2}(?:,\d{3})+"
"""A whole number with its thousands grouped by commas, as Chinese labs write it: 1,500 and
2,000,000; not 1234,567, 1,50 nor 0,100 (a first group of one to three digits, not 0). The one
rule of a grouping comma, for the ranges (``quantities``) and the plain number fields
(``plainfields``): anything else with a comma between digits is refused, not guessed."""

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_SUPERSCRIPT_RUN = re.compile(r"[⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")

# Characters NFKC leaves alone but that mean the same thing to a lab manager.
_AFTER_NFKC = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2012": "-",  # figure dash
        "\u00a0": " ",
        "\u3000": " ",
        "\u30fb": "·",  # katakana middle dot, often used for N・m
        "\u2027": "·",
        "\u22c5": "·",  # dot operator
        "\u301c": "~",  # wave dash
        "\u223c": "~",  # tilde operator
        "\u2053": "~",
        "\u00d7": "×",
    }
)


def _superscripts(match: re.Match[str]) -> str:
    return "^" + match.group(0).translate(_SUPERSCRIPTS)


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Half-width, single-spaced text with superscript exponents written as ``^n``.

    ``'ＪＪＧ 52－2013'`` -> ``'JJG 52-2013'``; ``'1×10⁻⁶'`` -> ``'1×10^-6'``;
    ``'（0～60）㎫'`` -> ``'(0~60)MPa'``; ``'℃'`` -> ``'°C'``; ``'µ'`` -> ``'μ'``.
    """
    text = _SUPERSCRIPT_RUN.sub(_superscripts, text)
    text = unicodedata.normalize("NFKC", text).translate(_AFTER_NFKC)
    return " ".join(text.split())


def is_blank(value: object) -> bool:
    """True for None and for strings that are empty once stripped."""
    return value is None or (isinstance(value, str) and not value.strip())


def clean(value: object) -> str | None:
    """A stripped string, or None for a blank value.

    Free text (names, certificate numbers, authorities) keeps its own characters:
    Chinese names use full-width brackets on purpose, so no NFKC here. A whole float
    from a spreadsheet cell (``123.0``) reads as ``'123'``.
    """
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) or None


def local_time(value: Any) -> str:
    """A moment stored in UTC (a datetime or its ISO text) as the computer's local time, to
    the minute; anything else as it is. The app and the command line say every stored moment
    (a change in the history, a bundle received) so: a lab manager in Shanghai reads 10:56, not
    the 02:56 UTC the database holds nor ``2026-12-08T02:56:12.038313+00:00``."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if not isinstance(value, dt.datetime):
        return str(value or "")
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return str(value.astimezone().strftime("%Y-%m-%d %H:%M"))


def printable(value: Any) -> str:
    """A value as a printed page shows it: None as nothing, a time to the minute, a date as
    ``2026-12-07``. The region report's PDF and the app's printed lists share it, so the
    same value reads the same on both."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_TO_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def figure(value: float, digits: int = 6) -> str:
    """A worked-out number as a certificate writes it: ``digits`` significant digits, plain
    from 10⁻⁴ up to below 10⁶ (``3000``, ``0.0002``), beyond that ``2×10⁻⁹`` and ``1×10⁶``,
    never Python's ``2e-09`` or ``1e+06``, which no ledger or certificate uses."""
    rounded = float(f"{value:.{digits}g}")
    if rounded == 0:
        return "0"
    if 1e-4 <= abs(rounded) < 1e6:
        return _without_trailing_zeros(format(decimal.Decimal(repr(rounded)), "f"))
    mantissa, _e, exponent = f"{rounded:.{digits - 1}e}".partition("e")
    return f"{_without_trailing_zeros(mantissa)}×10{str(int(exponent)).translate(_TO_SUPERSCRIPT)}"


def _without_trailing_zeros(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number
