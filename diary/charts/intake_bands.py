"""The timeline's bottom row: one band per medicine and iron supplement, over the days taken.

Where the daily amount changes (a taper: 900 -> 600 -> 300 mg gabapentin), the band steps:
each run of days at one daily amount is as tall as its share of the largest amount, and each
step is labelled with its amount, so the dose can be read beside the symptoms above it.
"""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import NamedTuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection

from diary import catalog
from diary.charts import style as st
from diary.charts.base import Period, dnum1, runs
from diary.records import DiaryContents

_ORDINAL_TO_NUM = dnum1(date(1970, 1, 1)) - date(1970, 1, 1).toordinal()
Step = tuple[int, int, float]  # first day (ordinal), number of days, daily amount
MAX_STEP_LABELS = 12  # more steps than this in one band: label only the longest
MIN_LABELLED_DAYS = 4  # a dose kept at least this many days in a row gets its label
# ... and at least this share of the days shown: a shorter step is too narrow to see.
MIN_LABELLED_SHARE = 0.01


class _Intakes(NamedTuple):
    """One medicine's or iron supplement's intakes: days (ordinals), amounts and units."""

    order: tuple[int, str]
    days: np.ndarray
    amounts: np.ndarray
    units: set[str]


def _intakes(contents: DiaryContents) -> dict[str, _Intakes]:
    """Every intake by label, in arrays (a long diary has tens of thousands of intakes but
    a handful of names, each looked up in the catalogue once)."""
    found: dict[str, _Intakes] = {}
    doses = contents.doses
    names = {d.medication for d in doses}
    med_labels = {n: (m.label if (m := catalog.medicine(n)) else n) for n in names}
    sups = contents.supplements
    iron_labels = {
        name: p.label
        for name in {s.product for s in sups}
        if (p := catalog.supplement(name)) is not None and p.is_iron
    }
    # Record by record only in C (map, attrgetter): a 20-year diary has ~40 000 intakes.
    sources = (
        (0, doses, med_labels, list(map(attrgetter("medication"), doses)), attrgetter("amount")),
        (1, sups, iron_labels, list(map(attrgetter("product"), sups)), attrgetter("amount_mg")),
    )
    for kind, records, labels, keys, amount_of in sources:
        index = {label: k for k, label in enumerate(sorted(set(labels.values())))}
        code = {n: index.get(labels.get(n, ""), -1) for n in set(keys)}
        which = np.fromiter(map(code.__getitem__, keys), np.int64, len(keys))
        days = np.fromiter(
            map(date.toordinal, map(attrgetter("date"), records)), np.int64, len(records)
        )
        amount = np.fromiter(map(amount_of, records), np.float64, len(records))
        # The units each name is logged in (a medicine's; iron supplements are in mg).
        name_units: dict[str, set[str]] = {}
        if kind == 0:
            for name, unit in set(zip(keys, map(attrgetter("unit"), records), strict=True)):
                name_units.setdefault(name, set()).add(unit)
        for label, k in index.items():
            sel = which == k
            unit_set = (
                {u for n, units in name_units.items() if code[n] == k for u in units}
                if kind == 0
                else {"mg"}
            )
            known = found.get(label)
            if known is None:
                found[label] = _Intakes((kind, label), days[sel], amount[sel], unit_set)
            else:  # a supplement with a medicine's name: one band
                found[label] = _Intakes(
                    known.order,
                    np.concatenate([known.days, days[sel]]),
                    np.concatenate([known.amounts, amount[sel]]),
                    known.units | unit_set,
                )
    return found


def _in_period(found: _Intakes, period: Period | None) -> tuple[np.ndarray, np.ndarray]:
    if period is None:
        return found.days, found.amounts
    keep = (found.days >= period[0].toordinal()) & (found.days <= period[1].toordinal())
    return found.days[keep], found.amounts[keep]


def intake_bands(
    contents: DiaryContents, period: Period | None
) -> tuple[list[tuple[str, list[tuple[int, int]]]], dict[str, tuple[list[Step], str]]]:
    """`intake_rows` and `dose_steps` from one pass over the intakes."""
    found = _intakes(contents)
    return _rows(found, period), _steps(found, period)


def intake_rows(
    contents: DiaryContents, period: Period | None
) -> list[tuple[str, list[tuple[int, int]]]]:
    """One row per medicine and per iron supplement: its label and runs of days taken."""
    return _rows(_intakes(contents), period)


def dose_steps(contents: DiaryContents, period: Period | None) -> dict[str, tuple[list[Step], str]]:
    """Per medicine or iron supplement label: runs of consecutive days at one daily amount,
    and the unit. Labels whose amounts are in more than one unit are left out."""
    return _steps(_intakes(contents), period)


def _rows(
    found: dict[str, _Intakes], period: Period | None
) -> list[tuple[str, list[tuple[int, int]]]]:
    rows = []
    for label in sorted(found, key=lambda k: found[k].order):
        days = np.unique(_in_period(found[label], period)[0])
        if len(days):
            rows.append((label, runs(days)))
    return rows


def _steps(found: dict[str, _Intakes], period: Period | None) -> dict[str, tuple[list[Step], str]]:
    out: dict[str, tuple[list[Step], str]] = {}
    for label, intakes in found.items():
        if len(intakes.units) != 1:
            continue
        day, amount = _in_period(intakes, period)
        # The amount per day (several intakes on one day add up), day by day in order.
        unique, where = np.unique(day, return_inverse=True)
        per_day = np.round(np.bincount(where, weights=amount, minlength=len(unique)), 6)
        # A new step wherever a day does not follow the one before or its amount changes.
        new = np.ones(len(unique), dtype=bool)
        new[1:] = (np.diff(unique) != 1) | (per_day[1:] != per_day[:-1])
        starts = np.flatnonzero(new)
        lengths = np.diff(np.append(starts, len(unique)))
        steps = [
            (int(unique[s]), int(n), float(per_day[s]))
            for s, n in zip(starts, lengths, strict=True)
        ]
        out[label] = (steps, catalog.display_unit(next(iter(intakes.units))))
    return out


def draw_bands(
    ax: Axes,
    rows: list[tuple[str, list[tuple[int, int]]]],
    steps: dict[str, tuple[list[Step], str]],
    style: st.Style,
    days_shown: int = 0,
) -> None:
    st.tidy(ax, style)
    ax.grid(False)
    ax.spines["left"].set_visible(False)
    if not rows:
        ax.set_yticks([])
        ax.text(
            0.5,
            0.5,
            "no medicines or iron supplements logged",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=style.small,
            color=st.GREY,
        )
        return
    for i, (label, spans) in enumerate(rows):
        colour = st.BAND_COLOURS[i % len(st.BAND_COLOURS)]
        found = steps.get(label)
        amounts = {a for _, _, a in found[0]} if found else set()
        if found and len(amounts) > 1:
            least = max(MIN_LABELLED_DAYS, MIN_LABELLED_SHARE * days_shown)
            _stepped(ax, i, label, found, colour, style, least)
            continue
        # One collection per row, built directly (broken_barh costs more per bar).
        start = np.array([s for s, _ in spans], dtype=np.float64) + _ORDINAL_TO_NUM - 0.5
        end = start + np.array([n for _, n in spans], dtype=np.float64)
        low, high = np.full(len(spans), i - 0.35), np.full(len(spans), i + 0.35)
        _add_bars(ax, start, end, low, high, colour, label)
    ax.set_yticks(range(len(rows)), [label for label, _ in rows], fontsize=style.small)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)


def _add_bars(
    ax: Axes,
    start: np.ndarray,
    end: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    colour: str,
    label: str,
) -> None:
    verts = np.stack(
        [np.column_stack(c) for c in ((start, low), (start, high), (end, high), (end, low))],
        axis=1,
    )
    # One (n, 4, 2) array: matplotlib's fast path makes all the bars' paths at once.
    bars = PolyCollection(
        verts,  # type: ignore[arg-type]
        facecolors=colour,
        edgecolors=colour,
        linewidths=0.3,
        gid=f"band:{label}",
    )
    ax.add_collection(bars, autolim=False)


def _stepped(
    ax: Axes,
    row: int,
    label: str,
    found: tuple[list[Step], str],
    colour: str,
    style: st.Style,
    least_days: float = MIN_LABELLED_DAYS,
) -> None:
    """Bars standing on the row's base line, as tall as the day's share of the top amount;
    a label where a dose kept at least `least_days` begins."""
    steps, unit = found
    top = max(a for _, _, a in steps)
    start = np.array([s for s, _, _ in steps], dtype=np.float64) + _ORDINAL_TO_NUM - 0.5
    end = start + np.array([n for _, n, _ in steps], dtype=np.float64)
    share = np.array([a / top for _, _, a in steps])
    base = np.full(len(steps), row + 0.4)
    _add_bars(ax, start, end, base - 0.75 * share, base, colour, label)
    # A label where a lasting dose begins (short day-to-day changes would only crowd).
    changes: list[int] = []
    if style.for_print:  # on paper the bar heights show the steps; labels would crowd it
        return
    for k, (_, days, amount) in enumerate(steps):
        if days >= least_days and (not changes or steps[changes[-1]][2] != amount):
            changes.append(k)
    if len(changes) > MAX_STEP_LABELS:
        changes = sorted(sorted(changes, key=lambda k: -steps[k][1])[:MAX_STEP_LABELS])
    texts = [
        ax.text(
            start[k],
            row + 0.4 - 0.75 * share[k],
            f"{steps[k][2]:g} {unit}",
            fontsize=style.small,
            color=st.GREY,
            ha="left",
            va="bottom",
            gid=f"step:{label}",
        )
        for k in changes
    ]
    plan = getattr(ax.figure, "plan", None)
    if plan is not None:  # when drawn, a label that would overlap the one before is left out
        plan.thinned.append(texts)
