"""The week table behind the iron comparisons: each week's iron form, timing and medicines.

A week (Monday to Sunday) counts with at least `MIN_WEEK_NIGHTS` nights logged outside
infusion response windows. Its form is the one iron product taken on at least half of those
nights ("no iron" when none was taken at all; None when mixed or irregular); its timing the
times of day used on at least half of its iron nights; its medicines the ones taken on at
least half of its nights, with their usual (lower median) nightly amount. A week touching a
response window is marked `broken`: comparisons never reach across an infusion course.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import numpy as np

from diary import catalog
from diary.analysis import _prep, weekly
from diary.records import Dose, Supplement

NO_IRON = "no iron"
MIN_WEEK_NIGHTS = 4
TIMES = ("morning", "afternoon", "evening", "night")
_IRON = tuple(p.name for p in catalog.SUPPLEMENTS if p.is_iron)


def time_of_day(t: time | None) -> str:
    if t is None:
        return "unknown"
    h = t.hour
    if 5 <= h < 12:
        return "morning"
    if 12 <= h < 17:
        return "afternoon"
    if 17 <= h < 21:
        return "evening"
    return "night"


@dataclass
class Week:
    first: date
    form: str | None
    timing: str | None  # "morning and evening"; None when not recorded or irregular
    mean: float
    nights: int
    medicines: dict[str, float]  # "gabapentin mg" -> usual nightly amount
    broken: bool = False  # touches an infusion response window


def _positions(days: np.ndarray, when: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Night index of each record's date, and which records fall on a logged night."""
    at = np.array(when, dtype=np.int64)
    pos = np.minimum(np.searchsorted(days, at), len(days) - 1)
    return pos, days[pos] == at


def _night_masks(supplements: list[Supplement], days: np.ndarray) -> tuple[np.ndarray, ...]:
    products = np.zeros(len(days), dtype=np.int64)
    times = np.zeros(len(days), dtype=np.int64)
    known = _prep.supplements_by_name(s.product for s in supplements)
    when, codes, slots = [], [], []
    for sup in supplements:
        prod = known[sup.product]
        if prod is not None and prod.is_iron:
            when.append(sup.date.toordinal())
            codes.append(1 << _IRON.index(prod.name))
            tod = time_of_day(sup.time)
            slots.append(1 << TIMES.index(tod) if tod in TIMES else 0)
    if when:
        pos, ok = _positions(days, when)
        np.bitwise_or.at(products, pos[ok], np.array(codes, dtype=np.int64)[ok])
        np.bitwise_or.at(times, pos[ok], np.array(slots, dtype=np.int64)[ok])
    return products, times


def _night_medicines(doses: list[Dose], days: np.ndarray) -> tuple[list[str], np.ndarray]:
    names = _prep.medicines_by_name(d.medication for d in doses)
    keys: dict[str, int] = {}
    when, which, amount = [], [], []
    for dose in doses:
        med = names[dose.medication]
        key = f"{med.name if med else dose.medication} {dose.unit}"
        when.append(dose.date.toordinal())
        which.append(keys.setdefault(key, len(keys)))
        amount.append(dose.amount)
    totals = np.zeros((len(keys), len(days)))
    if when:
        pos, ok = _positions(days, when)
        np.add.at(totals, (np.array(which)[ok], pos[ok]), np.array(amount)[ok])
    return list(keys), totals


def _usual(values: np.ndarray, week: np.ndarray, weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """Per week: how many nights had a value > 0, and the lower median of those values."""
    taken = values > 0
    v, w = values[taken], week[taken]
    order = np.lexsort((v, w))
    v, w = v[order], w[order]
    starts = np.searchsorted(w, np.arange(weeks))
    counts = np.bincount(w, minlength=weeks)
    middle = np.minimum(starts + np.maximum(counts - 1, 0) // 2, max(len(v) - 1, 0))
    usual = v[middle] if len(v) else np.zeros(weeks)
    return counts, usual


def week_table(
    supplements: list[Supplement],
    doses: list[Dose],
    days: np.ndarray,
    sev: np.ndarray,
    in_window: np.ndarray,
) -> list[tuple[int, Week]]:
    """(week number, week) for every week that counts or is broken, oldest first."""
    if len(days) == 0:
        return []
    products, times = _night_masks(supplements, days)
    med_keys, med_totals = _night_medicines(doses, days)
    slots = weekly.week_numbers(days)
    use = np.flatnonzero(~in_window)
    broken = set(slots[in_window].tolist())
    out: list[tuple[int, Week]] = []
    if len(use):
        week_slots, starts, counts = np.unique(slots[use], return_index=True, return_counts=True)
        week_of = np.repeat(np.arange(len(week_slots)), counts)
        sev_mean = np.add.reduceat(sev[use], starts) / counts
        iron = products[use] > 0
        iron_n = np.add.reduceat(iron.astype(np.int64), starts)
        forms = np.bitwise_or.reduceat(products[use], starts)
        time_n = [
            np.add.reduceat((((times[use] >> k) & 1) * iron).astype(np.int64), starts)
            for k in range(len(TIMES))
        ]
        meds = [_usual(med_totals[k, use], week_of, len(week_slots)) for k in range(len(med_keys))]
        for w, slot in enumerate(week_slots.tolist()):
            n = int(counts[w])
            if n < MIN_WEEK_NIGHTS:
                continue
            form: str | None = None
            timing = None
            mask = int(forms[w])
            if iron_n[w] == 0:
                form = NO_IRON
            elif mask & (mask - 1) == 0 and iron_n[w] * 2 >= n:
                form = _IRON[mask.bit_length() - 1]
                regular = [t for k, t in enumerate(TIMES) if 0 < time_n[k][w] * 2 >= iron_n[w]]
                timing = " and ".join(regular) or None
            usual = {
                key: float(meds[k][1][w])
                for k, key in enumerate(med_keys)
                if meds[k][0][w] * 2 >= n
            }
            first = date.fromordinal(int(days[use[starts[w]]]))
            week = Week(first, form, timing, float(sev_mean[w]), n, usual, slot in broken)
            out.append((slot, week))
    counted = {slot for slot, _ in out}
    for slot in broken - counted:
        first = date.fromordinal(int(slot * 7 + 1))
        out.append((slot, Week(first, None, None, 0.0, 0, {}, broken=True)))
    return sorted(out, key=lambda pair: pair[0])
