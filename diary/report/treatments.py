"""The report's treatment tables: infusion courses with severity before and after, venesections.

Severity "before" is the mean of the nights in the 4 weeks up to a course's first dose;
"after" the mean in weeks 6 to 12 after its last dose, once the 4–6 week response lag has
passed (the seed's rule). Pure Python and numpy: no Qt, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from diary import catalog
from diary.analysis import Analysis
from diary.analysis.ferritin import FerritinReading
from diary.records import Venesection
from diary.report.text import day, num, short_day
from diary.words import count

BEFORE_DAYS = 28  # "before": the 4 weeks up to the first dose
AFTER_FROM, AFTER_TO = 42, 84  # "after": weeks 6 to 12 after the last dose


@dataclass(frozen=True, slots=True)
class CourseRow:
    """One infusion course as the report prints it."""

    first: date
    last: date
    doses: int
    total_mg: float
    product: str
    expected: tuple[float, float]  # ng/mL
    observed: float | None  # ng/mL
    observed_note: str  # why there is no observed rise
    checks: str


def mean_severity(a: Analysis, first: date, last: date) -> float | None:
    """Mean severity of the nights from `first` to `last` (inclusive), None without nights."""
    d = a.series.dates
    m = (d >= np.datetime64(first, "D")) & (d <= np.datetime64(last, "D"))
    return float(a.series.severity[m].mean()) if m.any() else None


def before_after(a: Analysis, first: date, last: date) -> tuple[float | None, float | None]:
    """Mean severity in the 4 weeks before the first dose and in weeks 6–12 after the last."""
    before = mean_severity(a, first - timedelta(BEFORE_DAYS), first - timedelta(1))
    after = mean_severity(a, last + timedelta(AFTER_FROM), last + timedelta(AFTER_TO))
    return before, after


def course_rows(a: Analysis, start: date, end: date) -> list[CourseRow]:
    """The infusions of [start, end] as table rows: the one adapter from the analysis.

    Today's analysis gives one result per infusion, so each row is a course of one dose;
    when the analysis reports courses, this function maps those instead."""
    rows = []
    for i in a.infusions:
        if not start <= i.date <= end:
            continue
        product = catalog.infusion_product(i.product)
        checks = ", ".join(
            f"{short_day(d)} {'done' if done else ('due' if d >= a.today else 'missed')}"
            for d, done in zip(i.checks_due, i.checks_done, strict=True)
        )
        note = ""
        if i.before is None:
            note = "no reading before"
        elif i.after is None:
            note = "no reading yet"
        rows.append(
            CourseRow(
                i.date,
                i.date,
                1,
                i.dose_mg,
                product.label if product else i.product,
                i.expected_rise,
                i.observed_rise,
                note,
                checks,
            )
        )
    return rows


def _severity(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def course_table_rows(a: Analysis, start: date, end: date) -> tuple[tuple[str, ...], ...]:
    out = []
    for c in course_rows(a, start, end):
        before, after = before_after(a, c.first, c.last)
        dates = day(c.first) if c.first == c.last else f"{day(c.first)} to {day(c.last)}"
        out.append(
            (
                dates,
                f"{num(c.total_mg)} mg {c.product.lower()} ({count(c.doses, 'dose')})",
                f"{num(c.expected[0])}–{num(c.expected[1])}",
                c.observed_note if c.observed is None else f"{c.observed:+.0f}",
                f"{_severity(before)} → {_severity(after)}",
                c.checks,
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
