"""How the app writes counts, numbers and dates in English, whatever the machine's locale.

One place for plurals ("1 night", "3 nights"), numbers without false precision, and month
and weekday names, so the window, the analysis sentences, the charts and the report agree,
and a German or French locale never turns "March" into "März" in one corner of the app.
Never use `%B`, `%b`, `%A` or `%a` (they follow the locale): use these.
"""

from __future__ import annotations

from datetime import date

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_SHORT = tuple(m[:3] for m in MONTHS)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_SHORT = tuple(d[:3] for d in WEEKDAYS)


def plural(noun: str, count: float) -> str:
    """The noun's form for this count: plural('night', 1) -> 'night', 2 or 0 -> 'nights'."""
    if count == 1:
        return noun
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def count(n: int, noun: str) -> str:
    """'1 night', '3 nights', '0 nights'."""
    return f"{n} {plural(noun, n)}"


def number(value: float) -> str:
    """A measured or derived value as people read it: 171.0 -> '171', 6.45 -> '6.5'.

    Always a '.' decimal point (never the locale's), no exponent, no trailing zeros."""
    if abs(value - round(value)) < 0.05:
        return str(round(value))
    return f"{value:.1f}"


def day_month_year(d: date) -> str:
    """'1 March 2026': the month in words, so no reader confuses day and month."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def short_date(d: date) -> str:
    """'1 Mar 2026'."""
    return f"{d.day} {MONTHS_SHORT[d.month - 1]} {d.year}"


def weekday_day_month(d: date) -> str:
    """'Mon 3 March'."""
    return f"{WEEKDAYS_SHORT[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"


def weekday_short_date(d: date) -> str:
    """'Mon 2 Mar 2026'."""
    return f"{WEEKDAYS_SHORT[d.weekday()]} {short_date(d)}"
