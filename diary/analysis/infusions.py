"""Infusion courses (spec §4): expected and observed rise, judge-from date, re-checks, symptoms.

A course is what `windows.infusion_courses` groups (doses less than 29 days apart); a single
infusion is a course of one dose. Everything is judged from the course's *last* dose, since
the iron of every dose is still settling until 6 weeks after it.

Conventions: the "last reading before" a course may be drawn on its first dose's date (blood
is taken before the drip); the "first reading from 6 weeks after" must also come no later
than the next course's first dose, so one course's rise is never credited with the next
one's iron. Readings flagged for inflammation are left out of the rise but do count as a
check having been done (the blood test was taken). Symptoms "before" are the 28 nights up to
the day before the first dose; "after" are the 42 nights from 6 weeks to 12 weeks after the
last dose (days 42 to 83), cut short at the next course's first dose. A mean needs at least
`MIN_NIGHTS` logged nights, so that two nights are never read as "how it went".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from diary.analysis.ferritin import FerritinReading
from diary.analysis.windows import RESPONSE_DAYS, InfusionCourse
from diary.records import Infusion

JUDGE_AFTER_DAYS = RESPONSE_DAYS  # symptoms settle over 4-6 weeks: judge from week 6
CHECK_DAYS = (56, 84, 112)  # ferritin about 8 weeks after, then twice more 4 weeks apart
CHECK_TOLERANCE_DAYS = 7
RISE_PER_100MG = (10.0, 12.0)  # ng/mL of serum ferritin per 100 mg of infused iron
BEFORE_DAYS = 28  # symptoms in the 4 weeks before the first dose
AFTER_FROM_DAYS, AFTER_TO_DAYS = 42, 84  # against weeks 6 to 12 after the last dose
MIN_NIGHTS = 7


@dataclass(frozen=True, slots=True)
class CourseResult:
    """The numbers of one infusion course (one or more doses), as spec §4 defines them."""

    date: dt.date  # the first dose
    last_date: dt.date  # the last dose (= date for a single infusion)
    doses: tuple[Infusion, ...]  # oldest first
    dose_mg: float  # total iron of the course
    expected_rise: tuple[float, float]  # ng/mL, 10-12 per 100 mg of the total
    before: FerritinReading | None  # the last used reading on or before the first dose
    after: FerritinReading | None  # the first used reading from judge_from, before the next
    observed_rise: float | None  # after - before, ng/mL
    judge_from: dt.date  # last dose + 42 days
    checks_due: tuple[dt.date, ...]  # last dose + 56, 84, 112 days
    checks_done: tuple[bool, ...]  # a ferritin reading within 7 days of each
    next_course: dt.date | None  # the next course's first dose, if any
    before_nights: tuple[dt.date, dt.date]  # first and last day of the "before" nights
    after_nights: tuple[dt.date, dt.date] | None  # weeks 6-12 (None: next course came first)
    severity_before: float | None  # mean RLS severity 0-10 (None: fewer than MIN_NIGHTS)
    nights_before: int  # nights logged in `before_nights`
    severity_after: float | None
    nights_after: int
    after_complete: bool  # the "after" nights have all passed by today

    @property
    def products(self) -> tuple[str, ...]:
        """The products of the course, each once, in the order first given."""
        return tuple(dict.fromkeys(d.product for d in self.doses))

    @property
    def single(self) -> bool:
        return len(self.doses) == 1

    @property
    def rise_compared(self) -> str | None:
        """'below', 'within' or 'above' the expected rise; None without an observed rise."""
        if self.observed_rise is None:
            return None
        low, high = self.expected_rise
        if self.observed_rise < low:
            return "below"
        return "above" if self.observed_rise > high else "within"


def expected_rise(dose_mg: float) -> tuple[float, float]:
    low, high = (round(dose_mg / 100.0 * r, 1) for r in RISE_PER_100MG)
    return (low, high)


def _mean_between(
    night_days: np.ndarray, severity: np.ndarray, first: dt.date, last: dt.date
) -> tuple[float | None, int]:
    inside = (night_days >= first.toordinal()) & (night_days <= last.toordinal())
    n = int(inside.sum())
    if n < MIN_NIGHTS:
        return None, n
    return round(float(severity[inside].mean()), 1), n


def course_results(
    courses: tuple[InfusionCourse, ...],
    readings: list[FerritinReading],
    night_days: np.ndarray,
    severity: np.ndarray,
    today: dt.date,
) -> tuple[CourseResult, ...]:
    """Numbers for every course, oldest first. `night_days` are `date.toordinal()` numbers
    of the logged nights, `severity` their RLS severity."""
    used = [r for r in readings if r.used]
    all_days = sorted({r.date for r in readings})
    out: list[CourseResult] = []
    for k, course in enumerate(courses):
        nxt = courses[k + 1].first if k + 1 < len(courses) else None
        judge = course.last + timedelta(JUDGE_AFTER_DAYS)
        before_list = [r for r in used if r.date <= course.first]
        before = before_list[-1] if before_list else None
        after = next((r for r in used if r.date >= judge and (nxt is None or r.date <= nxt)), None)
        observed = (
            round(after.value - before.value, 1)
            if before is not None and after is not None
            else None
        )
        due = tuple(course.last + timedelta(d) for d in CHECK_DAYS)
        done = tuple(
            any(abs((day - d).days) <= CHECK_TOLERANCE_DAYS for day in all_days) for d in due
        )
        before_span = (course.first - timedelta(BEFORE_DAYS), course.first - timedelta(1))
        sev_before, n_before = _mean_between(night_days, severity, *before_span)
        after_start = course.last + timedelta(AFTER_FROM_DAYS)
        after_end = course.last + timedelta(AFTER_TO_DAYS - 1)
        if nxt is not None:
            after_end = min(after_end, nxt - timedelta(1))
        after_span = (after_start, after_end) if after_end >= after_start else None
        sev_after, n_after = (
            _mean_between(night_days, severity, *after_span) if after_span else (None, 0)
        )
        out.append(
            CourseResult(
                date=course.first,
                last_date=course.last,
                doses=course.doses,
                dose_mg=course.dose_mg,
                expected_rise=expected_rise(course.dose_mg),
                before=before,
                after=after,
                observed_rise=observed,
                judge_from=judge,
                checks_due=due,
                checks_done=done,
                next_course=nxt,
                before_nights=before_span,
                after_nights=after_span,
                severity_before=sev_before,
                nights_before=n_before,
                severity_after=sev_after,
                nights_after=n_after,
                after_complete=after_span is not None and today > after_span[1],
            )
        )
    return tuple(out)


def next_check(results: tuple[CourseResult, ...]) -> dt.date | None:
    """The earliest re-check of the latest course not yet done (overdue ones included)."""
    if not results:
        return None
    latest = results[-1]
    for due, done in zip(latest.checks_due, latest.checks_done, strict=True):
        if not done:
            return due
    return None
