"""Iron trend (spec §5): slope of ferritin since the latest infusion course, and when a
ferritin check may be worth discussing.

Which readings: the used readings from 42 days after the latest course's last dose (serum
ferritin overshoots in the first weeks after intravenous iron and would fake a fast loss);
with no course, all used readings. Venesections do not restart the trend: a venesection
programme takes iron off step by step, and is one falling trend.
"Losing fast" means falling by 3 ng/mL per week or more (about 36 ng/mL over the three
4-weekly re-checks, the rise a 300 mg infusion gives); within ±3 it is "stable".
The projection extends the fitted line from its value at the latest reading.
A ferritin check may be worth discussing when the latest used ferritin is below the
best-response level, or when symptoms worsened: mean severity over the last 30 days at
least `WORSE_BY` points above the 30 days before, each with at least `MIN_NIGHTS` nights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from diary.analysis.ferritin import FerritinReading
from diary.analysis.summaries import SymptomSleepSummary
from diary.analysis.windows import RESPONSE_DAYS, InfusionCourse

FAST_LOSS_PER_WEEK = 3.0
WORSE_BY = 1.0  # points of mean severity (0-10)
MIN_NIGHTS = 10


@dataclass(frozen=True, slots=True)
class Trend:
    since: date | None  # the latest course's first dose, if any
    since_event: str  # 'infusion course' or '' (all readings)
    readings: int
    slope_per_week: float | None
    state: str | None  # 'rising', 'stable', 'losing fast'
    projected_below: date | None
    projected_level: float | None
    venesections: int = 0  # venesections in the span of the trend's readings
    # The fitted straight line, from the first to the latest reading it rests on (dates and
    # ng/mL), for charts to draw the trend the sentences describe.
    fitted: tuple[date, float, date, float] | None = None


@dataclass(frozen=True, slots=True)
class CheckPrompt:
    """Why a ferritin check may be worth discussing (both False: no reason in the diary)."""

    below_best: bool  # the latest used ferritin is below the best-response level
    symptoms_worse: bool  # last 30 days at least WORSE_BY points worse than the 30 before
    latest: float | None
    best_level: float | None
    severity_last_30: float | None
    severity_previous_30: float | None


def iron_trend(
    readings: list[FerritinReading],
    courses: tuple[InfusionCourse, ...],
    venesection_days: list[date],
    best_level: float | None,
) -> Trend:
    latest = courses[-1] if courses else None
    since, event, start = None, "", None
    if latest is not None:
        since, event = latest.first, "infusion course"
        start = latest.last + timedelta(RESPONSE_DAYS)
    by_day: dict[int, list[float]] = {}
    for r in readings:
        if r.used and (start is None or r.date >= start):
            by_day.setdefault(r.date.toordinal(), []).append(r.value)
    if len(by_day) < 2:
        return Trend(since, event, len(by_day), None, None, None, None)
    x = np.array(sorted(by_day), dtype=np.float64)
    y = np.array([float(np.mean(by_day[int(d)])) for d in x])
    first, last = date.fromordinal(int(x[0])), date.fromordinal(int(x[-1]))
    venesections = sum(1 for d in venesection_days if first <= d <= last)
    slope_day, intercept = (float(c) for c in np.polyfit(x - x[0], y, 1))
    per_week = round(slope_day * 7.0, 1)
    if per_week <= -FAST_LOSS_PER_WEEK:
        state = "losing fast"
    elif per_week >= FAST_LOSS_PER_WEEK:
        state = "rising"
    else:
        state = "stable"
    projected = None
    latest_day, latest_value = int(x[-1]), float(y[-1])
    if best_level is not None and slope_day < 0 and latest_value > best_level:
        # The first whole day at or below the level (rounding noise of the fit aside).
        days = math.ceil((latest_value - best_level) / -slope_day - 1e-6)
        if days < 365 * 50:
            projected = date.fromordinal(latest_day) + timedelta(days)
    return Trend(
        since,
        event,
        len(by_day),
        per_week,
        state,
        projected,
        best_level if projected else None,
        venesections,
        (first, intercept, last, intercept + slope_day * float(x[-1] - x[0])),
    )


def check_prompt(
    latest: FerritinReading | None, best_level: float | None, summary: SymptomSleepSummary
) -> CheckPrompt:
    below = latest is not None and best_level is not None and latest.value < best_level
    last, prev = summary.last_30, summary.previous_30
    worse = (
        last.mean_severity is not None
        and prev.mean_severity is not None
        and last.nights >= MIN_NIGHTS
        and prev.nights >= MIN_NIGHTS
        and last.mean_severity - prev.mean_severity >= WORSE_BY - 1e-9
    )
    return CheckPrompt(
        below,
        worse,
        None if latest is None else latest.value,
        best_level,
        last.mean_severity,
        prev.mean_severity,
    )
