"""Symptoms and sleep (spec §6), kept apart: a night can have calm legs and no sleep.

"Last 30 nights" are the 30 calendar days ending at the latest logged night (days without
an entry simply have none); "the 30 before" are the 30 calendar days before those.
Time in bed runs from bedtime to wake time (past midnight when the wake time is earlier);
sleep efficiency is hours asleep / time in bed, where hours asleep are the entered sleep
hours or, when missing, time in bed minus the minutes taken to fall asleep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import numpy as np

from diary.records import Night

WINDOW_DAYS = 30
SEVERE_FROM = 7
# "Calm legs but little sleep": nights shown apart, so that poor sleep with calm legs is seen.
# One threshold for the sleep chart's legend and the report's sleep text.
CALM_LEGS_AT_MOST = 2
SHORT_SLEEP_UNDER = 5.0


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    nights: int
    mean_severity: float | None
    severe_nights: int
    mean_sleep_hours: float | None
    mean_time_in_bed_hours: float | None
    mean_sleep_efficiency: float | None  # percent


@dataclass(frozen=True, slots=True)
class SymptomSleepSummary:
    last_30: PeriodSummary
    previous_30: PeriodSummary
    all_nights: PeriodSummary


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def time_in_bed_and_efficiency(nights: list[Night]) -> tuple[np.ndarray, np.ndarray]:
    """Per night: hours in bed and sleep efficiency in percent (NaN where not recorded)."""
    tib = np.full(len(nights), np.nan)
    eff = np.full(len(nights), np.nan)
    for i, n in enumerate(nights):
        if n.bedtime is None or n.wake_time is None or n.sleep_latency_min is None:
            continue
        minutes = (_minutes(n.wake_time) - _minutes(n.bedtime)) % (24 * 60)
        if minutes == 0:
            continue
        tib[i] = minutes / 60.0
        asleep = (
            n.sleep_hours * 60.0
            if n.sleep_hours is not None
            else max(0.0, minutes - n.sleep_latency_min)
        )
        eff[i] = min(100.0, 100.0 * asleep / minutes)
    return tib, eff


def _mean(values: np.ndarray) -> float | None:
    values = values[~np.isnan(values)]
    return round(float(values.mean()), 2) if len(values) else None


def _period(
    mask: np.ndarray, sev: np.ndarray, sleep: np.ndarray, tib: np.ndarray, eff: np.ndarray
) -> PeriodSummary:
    return PeriodSummary(
        nights=int(mask.sum()),
        mean_severity=_mean(sev[mask]),
        severe_nights=int((sev[mask] >= SEVERE_FROM).sum()),
        mean_sleep_hours=_mean(sleep[mask]),
        mean_time_in_bed_hours=_mean(tib[mask]),
        mean_sleep_efficiency=_mean(eff[mask]),
    )


def summarise(
    days: np.ndarray, sev: np.ndarray, sleep: np.ndarray, tib: np.ndarray, eff: np.ndarray
) -> SymptomSleepSummary:
    """Summaries over the last 30 days, the 30 before, and the whole diary."""
    sev = sev.astype(np.float64)
    if len(days) == 0:
        last = np.zeros(0, dtype=bool)
        prev = last
    else:
        age = int(days.max()) - days
        last = age < WINDOW_DAYS
        prev = (age >= WINDOW_DAYS) & (age < 2 * WINDOW_DAYS)
    every = np.ones(len(days), dtype=bool)
    return SymptomSleepSummary(
        _period(last, sev, sleep, tib, eff),
        _period(prev, sev, sleep, tib, eff),
        _period(every, sev, sleep, tib, eff),
    )
