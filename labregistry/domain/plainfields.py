"""What a plain field's declaration checks that no other rule did: a number typed as text.

A plain field (``domain.records.plain_fields``) is checked by its declared type: a text,
a choice and a date by the rules the written-out fields use (``validation``), a number
here. Excel gives a number cell as a number; a form or a text cell gives text, read as a
Chinese lab writes it: '.' is the decimal point and ',' (or a full-width '，') groups
thousands, ``1,500`` is 1500, as the ledger's ranges read it (``domain.quantities``). Any
other comma is refused, not guessed: ``1,5`` may be a German 1.5 or a mistyped 15.
"""

from __future__ import annotations

import math
import re

from labregistry.domain.text import GROUPED_THOUSANDS, clean, normalise
from labregistry.errors import DomainError, Issue

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(rf"[+-]?{GROUPED_THOUSANDS}(\.\d*)?([eE][+-]?\d+)?")

#: The largest whole number an int field holds either side of 0: its column is the models'
#: ``Integer`` (``storage.models.registry_column``), 4 bytes on PostgreSQL. SQLite would take
#: 8 bytes and then fail with an internal error; the two engines keep the same records.
INT_LIMIT = 2**31 - 1


def parse_number(value: object, field: str, integer: bool = False) -> float | int:
    """The number ``value`` says; DomainError naming ``field`` when it says none."""
    if isinstance(value, bool):
        raise _refused("value.not_a_number", field, value)
    if isinstance(value, float) and not math.isfinite(value):
        raise _refused("value.not_finite", field, value)
    if isinstance(value, int) or (isinstance(value, float) and not integer):
        return _bounded(value, field, value, integer)
    if isinstance(value, float):
        if value.is_integer():
            return _bounded(int(value), field, value, integer)
        raise _refused("value.not_an_integer", field, value)
    text = normalise(clean(value) or "").replace(" ", "")  # half-width: '，' and '１' too
    if "," in text:
        if not _GROUPED.fullmatch(text):
            raise _refused("value.comma", field, value)
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        raise _refused("value.not_a_number", field, value)
    number = float(text)
    if not math.isfinite(number):  # 1e400: no number a column holds
        raise _refused("value.not_finite", field, value)
    if not integer:
        return number
    if not number.is_integer():
        raise _refused("value.not_an_integer", field, value)
    return _bounded(int(number), field, value, integer)


def _bounded(number: float | int, field: str, value: object, integer: bool) -> float | int:
    """``number``, when its column holds it (an int field's: ±:data:`INT_LIMIT`)."""
    if integer and abs(number) > INT_LIMIT:
        raise DomainError.from_issues([Issue("value.out_of_range", field, value,
                                             {"value": str(value), "limit": str(INT_LIMIT)})])
    return number


def _refused(code: str, field: str, value: object) -> DomainError:
    return DomainError.from_issues([Issue(code, field, value, {"value": str(value)})])
