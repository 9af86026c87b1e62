"""Per-infusion numbers (spec §4): expected and observed rise, judge-from date, re-checks.

Conventions: the "last reading before" an infusion may be drawn on the infusion's date
(blood is taken before the drip); the "first reading from 6 weeks after" must also come no
later than the next infusion's date, so one infusion's rise is never credited with the next
one's iron. Readings flagged for inflammation are left out of the rise but do count as a
check having been done (the blood test was taken).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from diary.analysis.ferritin import FerritinReading
from diary.records import Infusion

JUDGE_AFTER_DAYS = 42
CHECK_DAYS = (56, 84, 112)
CHECK_TOLERANCE_DAYS = 7
RISE_PER_100MG = (10.0, 12.0)
REPEAT_BELOW = 300.0


@dataclass(frozen=True, slots=True)
class InfusionResult:
    date: dt.date
    product: str
    dose_mg: float
    expected_rise: tuple[float, float]
    before: FerritinReading | None
    after: FerritinReading | None
    observed_rise: float | None
    judge_from: dt.date
    checks_due: tuple[dt.date, ...]
    checks_done: tuple[bool, ...]
    repeat_possible: bool | None


def infusion_results(
    infusions: list[Infusion],
    readings: list[FerritinReading],
    latest_used: float | None,
) -> tuple[InfusionResult, ...]:
    """Numbers for every infusion, oldest first; `latest_used` is the latest used ferritin."""
    used = [r for r in readings if r.used]
    all_days = sorted({r.date for r in readings})
    repeat = None if latest_used is None else latest_used < REPEAT_BELOW
    out: list[InfusionResult] = []
    ordered = sorted(infusions, key=lambda i: (i.date, i.product, i.dose_mg))
    for k, inf in enumerate(ordered):
        nxt = next((o.date for o in ordered[k + 1 :] if o.date > inf.date), None)
        judge = inf.date + timedelta(JUDGE_AFTER_DAYS)
        before_list = [r for r in used if r.date <= inf.date]
        before = before_list[-1] if before_list else None
        after = next((r for r in used if r.date >= judge and (nxt is None or r.date <= nxt)), None)
        observed = (
            round(after.value - before.value, 1)
            if before is not None and after is not None
            else None
        )
        due = tuple(inf.date + timedelta(d) for d in CHECK_DAYS)
        done = tuple(
            any(abs((day - d).days) <= CHECK_TOLERANCE_DAYS for day in all_days) for d in due
        )
        low, high = (round(inf.dose_mg / 100.0 * r, 1) for r in RISE_PER_100MG)
        out.append(
            InfusionResult(
                inf.date,
                inf.product,
                inf.dose_mg,
                (low, high),
                before,
                after,
                observed,
                judge,
                due,
                done,
                repeat,
            )
        )
    return tuple(out)


def next_check(results: tuple[InfusionResult, ...]) -> dt.date | None:
    """The earliest re-check of the latest infusion not yet done (overdue ones included)."""
    if not results:
        return None
    latest = results[-1]
    for due, done in zip(latest.checks_due, latest.checks_done, strict=True):
        if not done:
            return due
    return None
