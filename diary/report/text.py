"""How the report writes dates and numbers: unambiguous day-month-year, no false precision."""

from __future__ import annotations

from datetime import date

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(d: date) -> str:
    """'1 Mar 2026': the month in words, so no reader confuses day and month."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def short_day(d: date) -> str:
    """'1 Mar 26', for crowded table cells."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year % 100:02d}"


def num(value: float) -> str:
    """A measured value as people read it: 171.0 -> '171', 13.52 -> '13.5', 1.234 -> '1.23'."""
    size = abs(value)
    if size >= 100:
        text = f"{value:.0f}"
    elif size >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
