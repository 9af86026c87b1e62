"""Iron trend (spec §5): slope of ferritin since the latest infusion or venesection.

Which readings: the used readings drawn after the latest venesection, or from 42 days after
the latest infusion (serum ferritin spikes in the first weeks after intravenous iron and
would fake a fast loss), whichever event is later; with neither, all used readings.
"Losing fast" means falling by 3 ng/mL per week or more (about 36 ng/mL over the three
4-weekly re-checks, the rise a 300 mg infusion gives); within ±3 it is "stable".
The projection extends the fitted line from its value at the latest reading.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from diary.analysis.ferritin import FerritinReading
from diary.records import Infusion, Venesection

FAST_LOSS_PER_WEEK = 3.0
AFTER_INFUSION_DAYS = 42


@dataclass(frozen=True, slots=True)
class Trend:
    since: date | None  # the event the readings follow, if any
    since_event: str  # 'infusion', 'venesection' or '' (all readings)
    readings: int
    slope_per_week: float | None
    state: str | None  # 'rising', 'stable', 'losing fast'
    projected_below: date | None
    projected_level: float | None


def iron_trend(
    readings: list[FerritinReading],
    infusions: list[Infusion],
    venesections: list[Venesection],
    best_level: float | None,
) -> Trend:
    last_inf = max((i.date for i in infusions), default=None)
    last_ven = max((v.date for v in venesections), default=None)
    since, event, start = None, "", None
    if last_inf is not None and (last_ven is None or last_inf >= last_ven):
        since, event, start = last_inf, "infusion", last_inf + timedelta(AFTER_INFUSION_DAYS)
    elif last_ven is not None:
        since, event, start = last_ven, "venesection", last_ven + timedelta(1)
    by_day: dict[int, list[float]] = {}
    for r in readings:
        if r.used and (start is None or r.date >= start):
            by_day.setdefault(r.date.toordinal(), []).append(r.value)
    if len(by_day) < 2:
        return Trend(since, event, len(by_day), None, None, None, None)
    x = np.array(sorted(by_day), dtype=np.float64)
    y = np.array([float(np.mean(by_day[int(d)])) for d in x])
    slope_day = float(np.polyfit(x - x[0], y, 1)[0])
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
        since, event, len(by_day), per_week, state, projected, best_level if projected else None
    )
