"""The report's treatment tables: infusion courses with severity before and after, venesections.

The numbers are the analysis's infusion courses (spec §4): severity "before" is the mean of
the nights in the 4 weeks up to a course's first dose, "after" the mean in weeks 6 to 12
after its last dose, once the 4–6 week response lag has passed. No Qt, no SQL.
"""

from __future__ import annotations

from datetime import date

from diary.analysis import Analysis
from diary.analysis.ferritin import FerritinReading
from diary.analysis.infusions import CourseResult
from diary.analysis.iron_sentences import dose_text, products_text, severity_words
from diary.records import Venesection
from diary.report.text import day, num, short_day


def _observed_cell(c: CourseResult) -> str:
    if c.before is None:
        return "no reading before"
    if c.after is None or c.observed_rise is None:
        return "no reading yet"
    return f"{c.observed_rise:+.0f}"


def courses_in(a: Analysis, start: date, end: date) -> list[CourseResult]:
    """The infusion courses whose first dose lies in [start, end]."""
    return [c for c in a.infusions if start <= c.date <= end]


def course_table_rows(a: Analysis, start: date, end: date) -> tuple[tuple[str, ...], ...]:
    """One row per infusion course begun in the period (a single infusion is a course)."""
    out = []
    for c in courses_in(a, start, end):
        dates = day(c.date) if c.single else f"{day(c.date)} to {day(c.last_date)}"
        total = f"{num(c.dose_mg)} mg {products_text(c).lower()}"
        if not c.single:
            total += f" ({dose_text(c)})"
        checks = ", ".join(
            f"{short_day(d)} {'done' if done else ('due' if d >= a.today else 'missed')}"
            for d, done in zip(c.checks_due, c.checks_done, strict=True)
        )
        out.append(
            (
                dates,
                total,
                f"{num(c.expected_rise[0])}–{num(c.expected_rise[1])}",
                _observed_cell(c),
                severity_words(c, a.today).cell,
                checks,
            )
        )
    return tuple(out)


def _reading_text(r: FerritinReading | None) -> str:
    return "–" if r is None else f"{num(r.value)} ({short_day(r.date)})"


def venesection_rows(
    a: Analysis, venesections: tuple[Venesection, ...], start: date, end: date
) -> tuple[tuple[str, ...], ...]:
    """Date, volume, ferritin before (on or before the day: blood is taken first) and after
    (the first reading after it, up to the next venesection's day)."""
    used = [r for r in a.readings if r.used]
    ordered = sorted(venesections, key=lambda v: v.date)
    rows = []
    for k, v in enumerate(ordered):
        if not start <= v.date <= end:
            continue
        nxt = ordered[k + 1].date if k + 1 < len(ordered) else None
        before = next((r for r in reversed(used) if r.date <= v.date), None)
        after = next((r for r in used if r.date > v.date and (nxt is None or r.date <= nxt)), None)
        rows.append(
            (
                day(v.date),
                "–" if v.volume_ml is None else f"{num(v.volume_ml)} mL",
                _reading_text(before),
                _reading_text(after),
                v.notes.strip(),
            )
        )
    return tuple(rows)
