"""Mean severity by oral iron product and by the time of day it was taken.

A night counts for a product when that product was taken on the night's date; nights with
no iron at all form their own group for comparison. Times of day: morning 05:00-11:59,
afternoon 12:00-16:59, evening 17:00-20:59, night 21:00-04:59, else unknown. Uncertainty is
a 95 % interval of the mean (1.96 standard errors). These are plain comparisons: ferritin,
season and other medicines differ between the groups, so they show what happened, not why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import numpy as np

from diary import catalog
from diary.analysis import _prep
from diary.records import Supplement

NO_IRON = "no iron"
MIN_NIGHTS = 7


@dataclass(frozen=True, slots=True)
class GroupMean:
    name: str
    nights: int
    mean_severity: float
    ci_low: float | None  # None with fewer than MIN_NIGHTS nights
    ci_high: float | None


@dataclass(frozen=True, slots=True)
class IronForms:
    by_product: tuple[GroupMean, ...]
    by_time_of_day: tuple[GroupMean, ...]


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


def group_mean(name: str, values: np.ndarray) -> GroupMean:
    n = len(values)
    mean = round(float(values.mean()), 2)
    if n < MIN_NIGHTS:
        return GroupMean(name, n, mean, None, None)
    half = 1.96 * float(values.std(ddof=1)) / np.sqrt(n)
    return GroupMean(name, n, mean, round(mean - half, 2), round(mean + half, 2))


def iron_forms(supplements: list[Supplement], days: np.ndarray, sev: np.ndarray) -> IronForms:
    index = dict(zip(days.tolist(), range(len(days)), strict=True))
    products: dict[str, set[int]] = {}
    times: dict[str, set[int]] = {}
    any_iron: set[int] = set()
    known = _prep.supplements_by_name(s.product for s in supplements)
    for sup in supplements:
        prod = known[sup.product]
        i = index.get(sup.date.toordinal())
        if prod is None or not prod.is_iron or i is None:
            continue
        products.setdefault(prod.name, set()).add(i)
        times.setdefault(time_of_day(sup.time), set()).add(i)
        any_iron.add(i)
    sevf = sev.astype(np.float64)

    def groups(found: dict[str, set[int]], order: list[str]) -> tuple[GroupMean, ...]:
        return tuple(group_mean(k, sevf[sorted(found[k])]) for k in order if k in found)

    no_iron = np.ones(len(days), dtype=bool)
    no_iron[list(any_iron)] = False
    by_product = list(groups(products, [p.name for p in catalog.SUPPLEMENTS if p.is_iron]))
    if no_iron.any() and any_iron:
        by_product.append(group_mean(NO_IRON, sevf[no_iron]))
    by_time = groups(times, ["morning", "afternoon", "evening", "night", "unknown"])
    return IronForms(tuple(by_product), by_time)
