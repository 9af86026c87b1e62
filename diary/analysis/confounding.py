"""Did a medicine dose or the oral iron form change during the nights a level rests on?

The nights are cut into blocks of 4 weeks. A medicine's usual nightly amount in a block is
the median over its days (0 on days without it); the iron form of a block is the product
taken on most of its days (none when iron was taken on fewer than half). A change between
consecutive blocks means that severity may have moved for that reason as well as ferritin.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np

from diary import words
from diary.records import Dose, Supplement

BLOCK_DAYS = 28
MAX_LISTED = 2


def _blocks(days: np.ndarray, values: np.ndarray, first: int, n_blocks: int) -> np.ndarray:
    """Blocks x days-in-block of the daily sums of `values`."""
    daily = np.bincount(days - first, weights=values, minlength=n_blocks * BLOCK_DAYS)
    return daily[: n_blocks * BLOCK_DAYS].reshape(n_blocks, BLOCK_DAYS)


def _changes(
    doses: list[Dose], supplements: list[Supplement], first: int, last: int
) -> list[tuple[int, str]]:
    n_blocks = (last - first) // BLOCK_DAYS + 1
    found: list[tuple[int, str]] = []
    by_medicine: dict[tuple[str, str], tuple[list[int], list[float]]] = defaultdict(
        lambda: ([], [])
    )
    for d in doses:
        day = d.date.toordinal()
        if first <= day <= last:
            days_list, amounts = by_medicine[(d.medication, d.unit)]
            days_list.append(day)
            amounts.append(d.amount)
    for (name, unit), (days_list, amounts) in sorted(by_medicine.items()):
        days = np.array(days_list, dtype=np.int64)
        usual = np.median(_blocks(days, np.array(amounts), first, n_blocks), axis=1)
        for k in np.flatnonzero(~np.isclose(usual[1:], usual[:-1], rtol=0.1)):
            before, after = float(usual[k]), float(usual[k + 1])
            found.append(
                (
                    first + (int(k) + 1) * BLOCK_DAYS,
                    f"{name} from {before:g} to {after:g} {unit} a day",
                )
            )
    iron_days: dict[str, set[int]] = defaultdict(set)
    for s in supplements:
        day = s.date.toordinal()
        if s.elemental_iron_mg and first <= day <= last:
            iron_days[s.product].add(day)
    products = sorted(iron_days)
    if products:
        taken = np.zeros((len(products), n_blocks))
        for i, product in enumerate(products):
            days = np.fromiter(iron_days[product], dtype=np.int64)
            on = _blocks(days, np.ones(len(days)), first, n_blocks) > 0
            taken[i] = on.sum(axis=1)
        mode = np.where(taken.max(axis=0) >= BLOCK_DAYS / 2, taken.argmax(axis=0), -1)
        for k in np.flatnonzero(mode[1:] != mode[:-1]):
            names = [
                products[m].replace("_", " ") if m >= 0 else "no oral iron"
                for m in (int(mode[k]), int(mode[k + 1]))
            ]
            found.append(
                (first + (int(k) + 1) * BLOCK_DAYS, f"oral iron from {names[0]} to {names[1]}")
            )
    return sorted(found)


def confounding(
    doses: list[Dose], supplements: list[Supplement], night_days: np.ndarray
) -> str | None:
    """A sentence when the nights (day numbers) span a medicine-dose or iron-form change."""
    if len(night_days) == 0:
        return None
    found = _changes(doses, supplements, int(night_days.min()), int(night_days.max()))
    if not found:
        return None
    listed = "; ".join(
        f"{what} around {words.day_month_year(date.fromordinal(day))}"
        for day, what in found[:MAX_LISTED]
    )
    more = len(found) - MAX_LISTED
    extra = f", and {words.count(more, 'other change')}" if more > 0 else ""
    return (
        f"The nights behind this level span a change of treatment ({listed}{extra}), so "
        "part of the difference between nights may come from that change rather than "
        "from ferritin."
    )
