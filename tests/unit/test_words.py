"""The one place the app writes counts, numbers and dates: English whatever the locale."""

from __future__ import annotations

import locale
from datetime import date

import pytest

from diary import words


@pytest.mark.parametrize(
    ("n", "noun", "text"),
    [
        (0, "night", "0 nights"),
        (1, "night", "1 night"),
        (2, "reading", "2 readings"),
        (1, "entry", "1 entry"),
        (3, "entry", "3 entries"),
        (2, "day", "2 days"),
        (2, "venesection", "2 venesections"),
        (4, "box", "4 boxes"),
    ],
)
def test_counts_take_the_right_plural(n: int, noun: str, text: str) -> None:
    assert words.count(n, noun) == text


@pytest.mark.parametrize(
    ("value", "text"), [(171.0, "171"), (6.45, "6.5"), (0.25, "0.2"), (1000.0, "1000")]
)
def test_numbers_have_no_false_precision(value: float, text: str) -> None:
    assert words.number(value) == text


@pytest.mark.needs_locale("de_DE.UTF-8")
def test_dates_stay_english_under_a_foreign_locale() -> None:
    before = locale.setlocale(locale.LC_TIME)
    locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    try:
        assert words.day_month_year(date(2026, 3, 1)) == "1 March 2026"
        assert words.short_date(date(2026, 3, 1)) == "1 Mar 2026"
        assert words.weekday_day_month(date(2026, 3, 2)) == "Mon 2 March"
    finally:
        locale.setlocale(locale.LC_TIME, before)
