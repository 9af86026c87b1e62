"""Ferritin readings (with the inflammation rule) and an estimated ferritin for every night.

Rules (docs/analysis.md, "Ferritin on every night"), with day-level conventions explicit:
- An infusion *course* (windows.infusion_courses: doses less than 29 days apart) breaks the
  line. A reading drawn on a course's first dose date counts as drawn *before* it; the night
  of that date counts as *after* it.
- A reading drawn after a course's first dose and less than 42 days after its last dose is
  not used: serum ferritin overshoots for weeks after an infusion before it settles.
- Between two readings with no course between them: linear interpolation ('interpolated').
- A reading's value is carried forward ('held after') up to the day before the next
  course (whether or not a usable reading follows it), or, when no reading and no course
  follows, for up to 30 days.
- A reading's value is carried backward ('held before') for up to 30 days before the first
  reading; when a course lies between the previous reading and the night, the nights in
  the 30 days before the next reading (and not before the course) take its value
  ('post-infusion back-fill'). Nothing crosses a course backwards.
- A night on the date of a reading takes that reading ('measured').
- A reading is not used when flagged `inflammation` or drawn on a date whose CRP is above
  the catalogue's reference limit, nor when it is censored (the lab wrote '<5' or '>1000':
  a limit, not a value); it is still listed, with the reason.
Several used readings on one date are averaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from diary import catalog
from diary.analysis import _prep
from diary.analysis.windows import InfusionCourse
from diary.records import LabResult

HOLD_DAYS = 30

MEASURED = "measured"
INTERPOLATED = "interpolated"
HELD_BEFORE = "held before"
HELD_AFTER = "held after"
BACKFILL = "post-infusion back-fill"
NO_ESTIMATE = ""
# Index = the code stored per night in `FerritinEstimate.basis_code`.
BASIS_LABELS: tuple[str, ...] = (
    NO_ESTIMATE,
    MEASURED,
    INTERPOLATED,
    HELD_BEFORE,
    HELD_AFTER,
    BACKFILL,
)
_CODE = {label: code for code, label in enumerate(BASIS_LABELS)}


@dataclass(frozen=True, slots=True)
class FerritinReading:
    """One ferritin result in ng/mL; `used` is False when inflammation may have raised it."""

    date: date
    value: float
    used: bool
    excluded_reason: str = ""


@dataclass(frozen=True, slots=True)
class FerritinEstimate:
    """Per-night estimated ferritin (NaN = none), its basis, and the reading it leans on most."""

    value: np.ndarray  # float64, ng/mL, NaN where nothing is estimated
    basis_code: np.ndarray  # int8 index into BASIS_LABELS
    anchor: np.ndarray  # int64 index into the used-reading arrays, -1 where none

    def basis(self, i: int) -> str:
        return BASIS_LABELS[int(self.basis_code[i])]


OVERSHOOT_REASON = (
    "it was taken during an infusion course or in the 6 weeks after its last dose, while serum "
    "ferritin overshoots"
)


def _in_course(day: date, courses: tuple[InfusionCourse, ...]) -> bool:
    # A reading on the first dose's date was drawn before it; from 42 days after the last
    # dose a reading counts again (spec §4 judges a course from that reading).
    return any(c.first < day < c.window_end for c in courses)


def ferritin_readings(
    labs: list[LabResult], courses: tuple[InfusionCourse, ...] = ()
) -> list[FerritinReading]:
    """All ferritin results in date order, each marked used or not (the inflammation rule,
    and the overshoot during an infusion course and the 42 days after its last dose)."""
    crp = catalog.lab_test("crp")
    limit = crp.reference_high if crp is not None else None
    high_crp_days: dict[date, float] = {}
    for lab in labs:
        if lab.test == "crp" and limit is not None:
            value = _prep.canonical_lab_value(lab)
            if value is not None and value > limit and lab.value_limit != "<":
                high_crp_days[lab.date] = max(value, high_crp_days.get(lab.date, 0.0))
    out: list[FerritinReading] = []
    for lab in labs:
        if lab.test != "ferritin":
            continue
        value = _prep.canonical_lab_value(lab)
        if value is None:
            continue
        if lab.censored:  # '<5' or '>1000': a limit, not a measurement
            out.append(
                FerritinReading(
                    lab.date, value, False, f"{lab.value_text} is the lab's limit, not a value"
                )
            )
        elif lab.inflammation:
            out.append(
                FerritinReading(
                    lab.date,
                    value,
                    False,
                    "it was marked as taken during inflammation, which raises ferritin",
                )
            )
        elif lab.date in high_crp_days:
            out.append(
                FerritinReading(
                    lab.date,
                    value,
                    False,
                    f"CRP was {high_crp_days[lab.date]:.1f} mg/L that day (above "
                    f"{limit:g} mg/L); inflammation raises ferritin",
                )
            )
        elif _in_course(lab.date, courses):
            out.append(FerritinReading(lab.date, value, False, OVERSHOOT_REASON))
        else:
            out.append(FerritinReading(lab.date, value, True))
    out.sort(key=lambda r: (r.date, r.value, r.used))
    return out


def used_points(readings: list[FerritinReading]) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers and values of the used readings, one per date (same-day readings averaged)."""
    by_day: dict[int, list[float]] = {}
    for r in readings:
        if r.used:
            by_day.setdefault(r.date.toordinal(), []).append(r.value)
    days = np.array(sorted(by_day), dtype=np.int64)
    values = np.array([float(np.mean(by_day[int(d)])) for d in days], dtype=np.float64)
    return days, values


def estimate(
    night_days: np.ndarray,
    reading_days: np.ndarray,
    reading_values: np.ndarray,
    course_starts: np.ndarray,
) -> FerritinEstimate:
    """Estimated ferritin for each night day (all day numbers are sorted int64 ordinals);
    `course_starts` are the first-dose days of the infusion courses, and the readings given
    are the used ones (none inside a course or its 42 days after)."""
    n = len(night_days)
    value = np.full(n, np.nan)
    code = np.zeros(n, dtype=np.int8)
    anchor = np.full(n, -1, dtype=np.int64)
    k = len(reading_days)
    if n == 0 or k == 0:
        return FerritinEstimate(value, code, anchor)
    inf = np.sort(course_starts)

    def count_le(x: np.ndarray) -> np.ndarray:
        return np.searchsorted(inf, x, side="right")

    def count_lt(x: np.ndarray) -> np.ndarray:
        return np.searchsorted(inf, x, side="left")

    d = night_days
    ip = np.searchsorted(reading_days, d, side="right") - 1
    has_prev = ip >= 0
    ipc = np.clip(ip, 0, k - 1)
    inx = ip + 1
    has_next = inx < k
    inc = np.clip(inx, 0, k - 1)
    prev_day, prev_val = reading_days[ipc], reading_values[ipc]
    next_day, next_val = reading_days[inc], reading_values[inc]

    measured = has_prev & (prev_day == d)
    # Courses starting at I with prev <= I <= night, and with night < I < next.
    inf_since_prev = np.where(has_prev, count_le(d) - count_lt(prev_day), count_le(d))
    inf_until_next = np.where(has_next, count_lt(next_day) - count_le(d), 0)

    forward_ok = has_prev & (inf_since_prev == 0) & ~measured
    interp = forward_ok & has_next & (inf_until_next == 0)
    course_follows = count_le(d) < len(inf)
    held_after = forward_ok & ~interp & (has_next | course_follows | (d - prev_day <= HOLD_DAYS))
    backward = (
        ~measured & ~forward_ok & has_next & (inf_until_next == 0) & (next_day - d <= HOLD_DAYS)
    )
    backfill = backward & (inf_since_prev > 0)
    held_before = backward & ~backfill

    value[measured] = prev_val[measured]
    code[measured] = _CODE[MEASURED]
    anchor[measured] = ipc[measured]

    span = np.where(interp, next_day - prev_day, 1).astype(np.float64)
    frac = (d - prev_day) / span
    value[interp] = (prev_val + (next_val - prev_val) * frac)[interp]
    code[interp] = _CODE[INTERPOLATED]
    anchor[interp] = np.where(frac <= 0.5, ipc, inc)[interp]

    value[held_after] = prev_val[held_after]
    code[held_after] = _CODE[HELD_AFTER]
    anchor[held_after] = ipc[held_after]

    value[held_before] = next_val[held_before]
    code[held_before] = _CODE[HELD_BEFORE]
    anchor[held_before] = inc[held_before]

    value[backfill] = next_val[backfill]
    code[backfill] = _CODE[BACKFILL]
    anchor[backfill] = inc[backfill]
    return FerritinEstimate(value, code, anchor)


def course_starts(courses: tuple[InfusionCourse, ...]) -> np.ndarray:
    """The first-dose day of each course: where the line of estimates breaks."""
    return np.array(sorted({c.first.toordinal() for c in courses}), dtype=np.int64)
