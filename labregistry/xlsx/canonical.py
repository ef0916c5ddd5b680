"""The canonical form of a data sheet's rows: what a bundle's signature really covers.

A bundle is opened and saved by people in Excel, WPS and LibreOffice; a sheet that was
not edited must still give the same digest, a sheet in which any value was changed must
not. What those programs do to values, and what this form does about it (see
``docs/bundle-format.md`` for the observations behind each line):

========================  ==============================  =====================================
value written             what comes back                 canonical form
========================  ==============================  =====================================
``None``, ``""``          no cell                         ``null``
text                      the same text, except that      the text with ``\\r\\n`` and ``\\r``
                          ``\\r\\n``/``\\r`` become ``\\n``     turned into ``\\n``; nothing else
                          (XML end-of-line handling)      changed: no strip, no Unicode
                                                          normalisation, trailing spaces kept
int / float / Decimal     a number, possibly int where    ``{"n": "<15 significant digits>"}``
                          a float was written, floats     (``format(float(x), ".15g")``, ``-0``
                          rounded to 15 digits            is ``0``): 60000000, 60000000.0 and
                                                          6e7 all give ``{"n": "60000000"}``
date / datetime           a datetime (dates at midnight)  ``{"d": "YYYY-MM-DD"}`` at midnight,
                                                          else ``{"d": "YYYY-MM-DDTHH:MM:SS"}``
                                                          rounded to the nearest second
booleans, times, errors   (never written)                 ``TypeError``
========================  ==============================  =====================================

Numbers and dates are tagged so that a number cell replaced by a text cell showing the
same digits (or a date replaced by the text ``2024-01-02``) changes the digest: the
signature covers each cell's type as well as its text.

The writer (:mod:`.workbook`) writes only values whose canonical form survives: floats
already rounded to 15 significant digits, integers of at most 15 digits, text without
control characters, dates from 1900-03-01 on.

:func:`sheet_digest` hashes, with SHA-256, the canonical JSON (:mod:`.jsonform`) of a
format tag and the column keys, then of each row's list of canonical cells, one line each.
Rows are compared by position; trailing rows that are wholly empty are ignored
(spreadsheet programs drop them); an extra or missing column changes the digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, cast

from labregistry.crypto.jsonform import canonical_json

SHEET_DIGEST_FORMAT = "labregistry/sheet-rows/v1"
SIGNIFICANT_DIGITS = 15
CELL_MAX_CHARS = 32767
"""Longest cell text in Excel, counted in UTF-16 code units (a CJK extension-B character
or an emoji counts twice)."""

Canonical = None | str | dict[str, str]

# exactly jsonform.canonical_json, without its per-value type walk: the cells below are
# None, str or {str: str} by construction (canonical_cell), so only UTF-8 encoding can fail
_encode_json = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode


def _no_default(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not a canonical cell")


try:  # the C encoder json.JSONEncoder.encode builds for each call, built once (same output)
    from json.encoder import c_encode_basestring, c_make_encoder  # type: ignore[attr-defined]

    _c_encoder = (
        c_make_encoder(None, _no_default, c_encode_basestring, None, ":", ",", True, False, False)
        if c_make_encoder is not None and c_encode_basestring is not None
        else None
    )
except ImportError:  # pragma: no cover - CPython always has it
    _c_encoder = None


def _line(cells: list[Canonical]) -> bytes:
    try:
        if _c_encoder is not None:
            return "".join(_c_encoder(cells, 0)).encode("utf-8") + b"\n"
        return _encode_json(cells).encode("utf-8") + b"\n"
    except UnicodeEncodeError as exc:
        raise ValueError("text is not encodable as UTF-8 (lone surrogate)") from exc


class SheetDigest(NamedTuple):
    """The row count and SHA-256 (hex) of a sheet's canonical rows."""

    row_count: int
    sha256: str


def normalise_text(text: str) -> str:
    """Line breaks as spreadsheet files keep them: ``\\r\\n`` and ``\\r`` become ``\\n``."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def utf16_length(text: str) -> int:
    """The length of ``text`` as Excel counts it (UTF-16 code units)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def canonical_number(value: int | float | Decimal) -> str:
    """``value`` rounded to 15 significant digits, as text: ``format(float(value), ".15g")``.

    ``ValueError`` for NaN and infinities (no spreadsheet cell holds them).
    """
    cls = value.__class__
    if cls is float or cls is int:  # remembered: bundles repeat a few hundred numbers
        # cast: the exact-class test above (faster than isinstance, and it keeps out
        # bool and Decimal) is not a narrowing mypy understands
        known = _NUMBERS.get(cast("int | float", value))
        if known is not None:
            return known
    if isinstance(value, bool):
        raise TypeError("booleans are never written to a bundle")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{value!r} is too large for a spreadsheet number") from None
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    text = format(number, f".{SIGNIFICANT_DIGITS}g")
    text = "0" if text == "-0" else text
    if cls is float or cls is int:
        # equal keys (1 and 1.0, 0.0 and -0.0, 10**20 and 1e20) have the same float, so
        # the same form; NaN is never equal to itself, and refused above anyway
        if len(_NUMBERS) >= 65536:
            _NUMBERS.clear()
        _NUMBERS[cast("int | float", value)] = text  # cast: exact int or float, as above
    return text


_NUMBERS: dict[int | float, str] = {}


def round_float(value: int | float | Decimal) -> float:
    """The float a spreadsheet program gives back for ``value``: 15 significant digits."""
    return float(canonical_number(value))


def _round_seconds(value: dt.datetime) -> dt.datetime:
    rounded = value.replace(microsecond=0)
    if value.microsecond >= 500_000 and rounded < dt.datetime.max.replace(microsecond=0):
        rounded += dt.timedelta(seconds=1)
    return rounded


def canonical_cell(value: Any) -> Canonical:
    """The canonical, JSON-able form of one cell value (see the module docstring)."""
    if value is None:
        return None
    if isinstance(value, str):
        return normalise_text(value) if value else None
    if isinstance(value, bool):
        raise TypeError("booleans are never written to a bundle (spreadsheet programs turn them into formulas)")
    if isinstance(value, (int, float, Decimal)):
        return {"n": canonical_number(value)}
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise TypeError("spreadsheet cells hold no time zone: pass naive datetimes")
        value = _round_seconds(value)
        if value.time() == dt.time(0, 0):
            return {"d": value.date().isoformat()}
        return {"d": value.isoformat(timespec="seconds")}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    raise TypeError(f"{type(value).__name__} has no canonical cell form")


def canonical_row(row: Sequence[Any], width: int) -> list[Canonical]:
    """The canonical cells of ``row``, padded with ``null`` to ``width`` columns.

    ``ValueError`` when the row has a value beyond ``width`` columns.
    """
    cells = [canonical_cell(v) for v in row]
    if len(cells) > width:
        if any(c is not None for c in cells[width:]):
            raise ValueError(f"row has {len(cells)} values for {width} columns")
        del cells[width:]
    cells.extend([None] * (width - len(cells)))
    return cells


class SheetHasher:
    """Incremental :func:`sheet_digest`: ``add(row)`` for each row, then ``result()``."""

    def __init__(self, header_keys: Sequence[str]) -> None:
        keys = list(header_keys)
        if not keys or not all(isinstance(k, str) and k for k in keys):
            raise ValueError("header keys must be non-empty strings")
        if len(set(keys)) != len(keys):
            raise ValueError("header keys must be distinct")
        self.width = len(keys)
        self._hash = hashlib.sha256()
        self._hash.update(canonical_json({"format": SHEET_DIGEST_FORMAT, "columns": keys}) + b"\n")
        self._empty_line = _line([None] * self.width)
        self._pending = 0  # empty rows not yet known to be followed by data
        self._count = 0

    def add(self, row: Sequence[Any]) -> None:
        self.add_canonical(canonical_row(row, self.width))

    def add_canonical(self, cells: list[Canonical]) -> None:
        """``add`` of a row already in canonical form (:func:`canonical_row`, ``width`` cells)."""
        line = _line(cells)
        if line == self._empty_line:
            self._pending += 1
            return
        if self._pending:
            self._flush_pending()
        self._count += 1
        self._hash.update(line)

    def add_empty(self) -> None:
        """``add`` of a row without any value (cheaper)."""
        self._pending += 1

    def _flush_pending(self) -> None:
        left = self._pending
        block = self._empty_line * min(left, 1024)
        while left >= 1024:
            self._hash.update(block)
            left -= 1024
        self._hash.update(self._empty_line * left)
        self._count += self._pending
        self._pending = 0

    def result(self) -> SheetDigest:
        return SheetDigest(self._count, self._hash.copy().hexdigest())


def sheet_digest(header_keys: Sequence[str], rows: Iterable[Sequence[Any]]) -> SheetDigest:
    """``(row_count, sha256 hex)`` of the canonical rows; trailing empty rows ignored."""
    hasher = SheetHasher(header_keys)
    for row in rows:
        hasher.add(row)
    return hasher.result()


__all__ = [
    "CELL_MAX_CHARS",
    "Canonical",
    "SHEET_DIGEST_FORMAT",
    "SheetDigest",
    "SheetHasher",
    "canonical_cell",
    "canonical_number",
    "canonical_row",
    "normalise_text",
    "round_float",
    "sheet_digest",
    "utf16_length",
]
