"""Which night to log next, and how a night is named on screen ("Night of Mon 3 → Tue 4 March").

A night is named by its evening's date D. It can be logged from the morning of D+1, so on
day T the newest loggable night is T-1. A night is *missed* when it is not logged and lies
within the last `WINDOW_DAYS` evenings (T-14 .. T-1) and after the first night ever logged
(a new diary has no backlog). The night offered by default is the newest missed one, else
T-1 (already logged: it opens for editing).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from diary.words import MONTHS as _MONTHS
from diary.words import WEEKDAYS_SHORT as _DAYS

WINDOW_DAYS = 14


def night_span(evening: date, today: date | None = None) -> str:
    """'Mon 3 → Tue 4 March'; months (and a year other than today's) shown where needed."""
    morning = evening + timedelta(days=1)
    first = f"{_DAYS[evening.weekday()]} {evening.day}"
    second = f"{_DAYS[morning.weekday()]} {morning.day} {_MONTHS[morning.month - 1]}"
    if evening.month != morning.month:
        first += f" {_MONTHS[evening.month - 1]}"
    if evening.year != morning.year:
        first += f" {evening.year}"
        second += f" {morning.year}"
    elif today is not None and morning.year != today.year:
        second += f" {morning.year}"
    return f"{first} → {second}"


def night_label(evening: date, today: date | None = None) -> str:
    """'Night of Mon 3 → Tue 4 March'."""
    return f"Night of {night_span(evening, today)}"


def missed_nights(today: date, logged: Collection[date]) -> list[date]:
    """Unlogged evenings of the last WINDOW_DAYS after the first logged one, oldest first."""
    if not logged:
        return []
    first = min(logged)
    start = max(today - timedelta(days=WINDOW_DAYS), first + timedelta(days=1))
    days = []
    day = start
    while day <= today - timedelta(days=1):
        if day not in logged:
            days.append(day)
        day += timedelta(days=1)
    return days


def default_night(today: date, logged: Collection[date]) -> date:
    """The night the entry page opens on: the newest missed night, else yesterday evening."""
    missed = missed_nights(today, logged)
    return missed[-1] if missed else today - timedelta(days=1)


def next_after_save(saved: date, today: date, logged: Collection[date]) -> date | None:
    """Where to go after saving `saved`: the next missed night after it, else the newest
    missed one before it, else None (every night is logged)."""
    missed = [d for d in missed_nights(today, logged) if d != saved]
    later = [d for d in missed if d > saved]
    if later:
        return later[0]
    return missed[-1] if missed else None
