"""Dates as they arrive from ledgers, forms and certificates.

Excel cells give ``datetime`` objects, serial numbers (when a column is formatted as a
number) or text typed in many ways: 2025-03-01, 2025/3/1, 2025.03.01, 2025年3月1日,
20250301, full-width digits, and on printed certificates 二〇二五年三月一日. All become a
``datetime.date``. Day-first and two-digit-year forms (01/03/25) are refused: the
reading is ambiguous and a wrong validity date is worse than a question.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from labregistry.domain.text import normalise
from labregistry.errors import DomainError, Issue

# Excel's 1900 date system counts 1900-01-01 as day 1 and, copying Lotus 1-2-3, also
# counts a 29 February 1900 that never was (serial 60). From serial 61 on, the day is
# 1899-12-30 + serial; below 60 it is 1899-12-31 + serial.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_BUG_SERIAL = 60
_MAX_SERIAL = 2958465  # 9999-12-31

_YMD = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"  # a time part from a datetime as text
)
_CHINESE_DATE = re.compile(
    r"(?P<y>[〇零○O一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_CHINESE_DIGITS = dict(zip("〇零○O一二三四五六七八九", "0000123456789"))


def excel_serial_to_date(serial: float) -> dt.date:
    """A 1900-system serial (time fraction ignored) as a date; ValueError for serial 60 and out of range."""
    day = int(serial)
    if day < 1 or day > _MAX_SERIAL or day == _EXCEL_BUG_SERIAL:
        raise ValueError(serial)
    if day < _EXCEL_BUG_SERIAL:
        return dt.date(1899, 12, 31) + dt.timedelta(days=day)
    return _EXCEL_EPOCH + dt.timedelta(days=day)


def _chinese_number(text: str) -> str:
    """'二〇二五' -> '2025'; '十二' -> '12'; '二十一' -> '21'; '三十' -> '30'."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return str(int(_CHINESE_DIGITS.get(tens, "1")) * 10 + int(_CHINESE_DIGITS.get(ones, "0")))
    return "".join(_CHINESE_DIGITS.get(ch, ch) for ch in text)


def _from_chinese(text: str) -> str:
    m = _CHINESE_DATE.fullmatch(text)
    if m is None:
        return text
    return f"{_chinese_number(m['y'])}年{_chinese_number(m['m'])}月{_chinese_number(m['d'])}日"


class _NoSuchDay(ValueError):
    """A date in a known form naming a day the calendar lacks (2028-02-30, month 13)."""

    def __init__(self, year: int, month: int, day: int) -> None:
        super().__init__(f"{year}-{month}-{day}")
        self.year, self.month, self.day = year, month, day

    def issue(self, value: object, field: str) -> Issue:
        params: dict[str, object] = {"year": self.year, "month": self.month, "day": self.day}
        if not 1 <= self.month <= 12:
            return Issue("date.no_such_month", field, value, params)
        last = calendar.monthrange(self.year, self.month)[1] if self.year >= 1 else 31
        return Issue("date.no_such_day", field, value, {**params, "last": last})


def _from_text(text: str) -> dt.date:
    s = _from_chinese(normalise(text).replace(" ", "")) if "年" in text else normalise(text)
    m = _YMD.match(s) or _COMPACT.match(s.replace(" ", ""))
    if m is None:
        raise ValueError(text)
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    try:
        return dt.date(year, month, day)
    except ValueError:  # a form we read, a day that does not exist: say so, not "unrecognised"
        raise _NoSuchDay(year, month, day) from None


def parse_date(value: object, field: str = "date") -> dt.date:
    """A date from a date/datetime, an Excel serial number or text; DomainError otherwise.

    An 8-digit number (20250301, typed into a cell formatted as a number) is read as
    yyyymmdd: no Excel serial is that large.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_number(value, field)
    try:
        if value is None:
            raise ValueError("no date")
        return _from_text(str(value))
    except _NoSuchDay as err:
        raise DomainError.from_issues([err.issue(value, field)]) from None
    except ValueError:
        raise DomainError.from_issues([Issue("date.format", field, value)]) from None


def _from_number(value: float, field: str) -> dt.date:
    try:
        if 10000101 <= value <= 99991231 and float(value).is_integer():
            return _from_text(str(int(value)))
        return excel_serial_to_date(value)
    except _NoSuchDay as err:  # 20280230 typed into a cell formatted as a number
        raise DomainError.from_issues([err.issue(value, field)]) from None
    except (ValueError, OverflowError):
        raise DomainError.from_issues([Issue("date.serial", field, value)]) from None


def date_issues(value: object, field: str = "date") -> list[Issue]:
    try:
        parse_date(value, field)
    except DomainError as err:
        return err.issues
    return []


def check_validity(
    issued: dt.date | None, valid_until: dt.date | None, field: str = "valid_until"
) -> list[Issue]:
    """``valid_until`` must be later than ``issued`` (``date.order``); missing dates pass."""
    if issued is None or valid_until is None or valid_until > issued:
        return []
    params = {"issued_on": issued.isoformat(), "valid_until": valid_until.isoformat()}
    return [Issue("date.order", field, valid_until.isoformat(), params)]
