"""How the report writes dates and numbers: unambiguous day-month-year, no false precision."""

from __future__ import annotations

from datetime import date

from diary.catalog import readable
from diary.words import MONTHS_SHORT as _MONTHS

# A measured value as people read it (171.0 -> '171'), as the Blood tests page writes it.
num = readable


def day(d: date) -> str:
    """'1 Mar 2026': the month in words, so no reader confuses day and month."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def short_day(d: date) -> str:
    """'1 Mar 26', for crowded table cells."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year % 100:02d}"
