"""Dates from Excel cells, forms and certificates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labregistry.domain import check_validity, date_issues, excel_serial_to_date, parse_date
from labregistry.errors import DomainError

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

MARCH_1 = dt.date(2025, 3, 1)


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2025, 3, 1),
        dt.datetime(2025, 3, 1, 14, 30),
        45717,  # Excel serial
        45717.75,  # with a time of day
        20250301,  # 8 digits typed into a number cell
        "2025-03-01",
        "2025/3/1",
        "2025.03.01",
        "2025年3月1日",
        "20250301",
        "２０２５年３月１日",
        " 2025 年 3 月 1 日 ",
        " 2025 - 03 - 01 ",
        "2025-03-01 00:00:00",
        "2025-03-01T08:00:00",
        "二〇二五年三月一日",
    ],
)
def test_accepted_forms(value: object) -> None:
    assert parse_date(value) == MARCH_1


def test_chinese_numerals_with_tens() -> None:
    assert parse_date("二〇二四年十二月三十一日") == dt.date(2024, 12, 31)
    assert parse_date("二〇二四年十月十日") == dt.date(2024, 10, 10)


def test_excel_1900_leap_year_bug() -> None:
    assert excel_serial_to_date(1) == dt.date(1900, 1, 1)
    assert excel_serial_to_date(59) == dt.date(1900, 2, 28)
    assert excel_serial_to_date(61) == dt.date(1900, 3, 1)  # serial 60 is Excel's 29 Feb 1900
    with pytest.raises(DomainError) as exc:
        parse_date(60, field="valid_until")
    issue = exc.value.issues[0]
    assert (issue.code, issue.field, issue.value) == ("date.serial", "valid_until", 60)
    assert "60" in issue.message("zh") and "1900" in issue.message("en")


@given(st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)))
def test_excel_serials_agree_with_the_1899_12_30_epoch(day: dt.date) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == day
    assert parse_date(float(serial) + 0.5) == day


@pytest.mark.parametrize(
    "value,code",
    [
        ("2025-02-30", "date.no_such_day"),  # the form is right, the day is not
        ("2025-13-01", "date.no_such_month"),
        ("01/03/2025", "date.format"),  # day-first: ambiguous
        ("25-3-1", "date.format"),  # two-digit year
        ("2025年3月", "date.format"),
        ("next week", "date.format"),
        ("", "date.format"),
        (None, "date.format"),
        (True, "date.format"),
        (0, "date.serial"),
        (-5, "date.serial"),
        (3_000_000, "date.serial"),
    ],
)
def test_refused(value: object, code: str) -> None:
    with pytest.raises(DomainError) as exc:
        parse_date(value, field="issued_on")
    assert [(i.code, i.field) for i in exc.value.issues] == [(code, "issued_on")]
    assert [i.code for i in date_issues(value)] == [code]


@pytest.mark.parametrize("value", ["2028年2月30日", "2028-02-30", "2028.2.30", "2028/2/30", "20280230", 20280230,
                                   "二〇二八年二月三十日"])
def test_a_day_that_does_not_exist_is_named_not_called_an_unknown_format(value: object) -> None:
    """'2028年2月30日' was 'not a recognised date; expected e.g. 2025-03-01': the user wrote a
    recognised form and was told to write another."""
    with pytest.raises(DomainError) as exc:
        parse_date(value, field="valid_until")
    [issue] = exc.value.issues
    assert (issue.code, issue.field, issue.value) == ("date.no_such_day", "valid_until", value)
    assert issue.message("zh") == "2028 年 2 月没有 30 日（该月只有 29 天）"
    assert issue.message("en") == "there is no day 30 in 2028-2 (that month has 29 days)"


def test_format_message_in_both_languages() -> None:
    with pytest.raises(DomainError) as exc:
        parse_date("01/03/2025")
    assert "2025年3月1日" in exc.value.render("zh")
    assert "not a recognised date" in exc.value.render("en")


def test_validity_order() -> None:
    assert check_validity(dt.date(2023, 5, 10), dt.date(2028, 5, 9)) == []
    assert check_validity(None, dt.date(2028, 5, 9)) == []
    [issue] = check_validity(dt.date(2025, 1, 1), dt.date(2025, 1, 1))
    assert (issue.code, issue.field) == ("date.order", "valid_until")
    [issue] = check_validity(dt.date(2025, 1, 1), dt.date(2024, 1, 1))
    assert issue.message("zh") == "有效期至 2024-01-01 应晚于发证日期 2025-01-01"
    assert issue.message("en") == "valid until 2024-01-01 must be later than the issue date 2025-01-01"


@given(
    st.dates(dt.date(1950, 1, 1), dt.date(2199, 12, 31)),
    st.sampled_from(
        [
            "{:%Y-%m-%d}",
            "{d.year}/{d.month}/{d.day}",
            "{d.year}年{d.month}月{d.day}日",
            "{:%Y%m%d}",
            "{:%Y.%m.%d}",
        ]
    ),
)
def test_text_forms_round_trip(day: dt.date, pattern: str) -> None:
    assert parse_date(pattern.format(day, d=day)) == day
