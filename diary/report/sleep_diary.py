"""The printed sleep diary: the last 2 or 4 weeks in the Consensus Sleep Diary layout.

Days run across, questions down (Carney et al., Sleep 2012): time into bed, minutes to fall
asleep, times woken, final wake time, hours asleep and sleep quality, with rows for the
legs (RLS severity and when symptoms began). One table per week, two weeks a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from diary.records import Night
from diary.report.sizes import SLEEP_DIARY_WEEKS as WEEKS_CHOICES
from diary.words import MONTHS_SHORT, WEEKDAYS_SHORT, short_date

QUALITY = {1: "very poor", 2: "poor", 3: "fair", 4: "good", 5: "very good"}
QUESTIONS = (
    "Time into bed",
    "Minutes to fall asleep",
    "Times woken in the night",
    "Final wake time",
    "Hours asleep",
    "Sleep quality",
    "Legs: RLS severity (0–10)",
    "Legs: symptoms began",
)


@dataclass(frozen=True, slots=True)
class Week:
    """One printed week: seven day headings and one row of answers per question."""

    title: str
    days: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # (question, answer for each day)


def _clock(t: time | None) -> str:
    return "" if t is None else f"{t.hour:02d}:{t.minute:02d}"


def _answers(n: Night | None) -> tuple[str, ...]:
    if n is None:
        return ("",) * len(QUESTIONS)
    return (
        _clock(n.bedtime),
        "" if n.sleep_latency_min is None else f"{n.sleep_latency_min}",
        "" if n.awakenings is None else f"{n.awakenings}",
        _clock(n.wake_time),
        "" if n.sleep_hours is None else f"{n.sleep_hours:g}",
        "" if n.sleep_quality is None else f"{n.sleep_quality} {QUALITY.get(n.sleep_quality, '')}",
        f"{n.rls_severity}",
        _clock(n.symptom_onset),
    )


def _heading(d: date) -> str:
    """'Mon 2 Feb': short enough for seven columns at the largest text size."""
    return f"{WEEKDAYS_SHORT[d.weekday()]} {d.day} {MONTHS_SHORT[d.month - 1]}"


def weeks(nights: tuple[Night, ...], end: date, count: int) -> list[Week]:
    """The `count` weeks ending on `end`, oldest first; days without an entry stay blank."""
    if count not in WEEKS_CHOICES:
        raise ValueError(f"the sleep diary covers {WEEKS_CHOICES} weeks, not {count}")
    by_day = {n.date: n for n in nights}
    out = []
    for w in range(count):
        first = end - timedelta(days=7 * (count - w) - 1)
        days = [first + timedelta(i) for i in range(7)]
        answers = [_answers(by_day.get(d)) for d in days]
        rows = tuple((question, *(a[q] for a in answers)) for q, question in enumerate(QUESTIONS))
        title = f"Sleep diary, {short_date(days[0])} to {short_date(days[-1])}"
        out.append(Week(title, tuple(_heading(d) for d in days), rows))
    return out
