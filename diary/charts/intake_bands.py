"""The timeline's bottom row: one band per medicine and iron supplement, over the days taken.

Where the daily amount changes (a taper: 900 -> 600 -> 300 mg gabapentin), the band steps:
each run of days at one daily amount is as tall as its share of the largest amount, and each
step is labelled with its amount, so the dose can be read beside the symptoms above it.
"""

from __future__ import annotations

from datetime import date

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


def _labels(contents: DiaryContents) -> tuple[dict[str, str], dict[str, str]]:
    """Each medicine name's label, and each iron product's label, looked up once per name
    (a long diary has tens of thousands of intakes but a handful of names)."""
    med_labels = {
        name: (m.label if (m := catalog.medicine(name)) else name)
        for name in {d.medication for d in contents.doses}
    }
    iron_labels = {
        name: p.label
        for name in {s.product for s in contents.supplements}
        if (p := catalog.supplement(name)) is not None and p.is_iron
    }
    return med_labels, iron_labels


def intake_rows(
    contents: DiaryContents, period: Period | None
) -> list[tuple[str, list[tuple[int, int]]]]:
    """One row per medicine and per iron supplement: its label and runs of days taken."""
    lo = period[0].toordinal() if period else None
    hi = period[1].toordinal() if period else None
    found: dict[str, list[int]] = {}
    order: dict[str, tuple[int, str]] = {}
    med_labels, iron_labels = _labels(contents)
    for dose in contents.doses:
        label = med_labels[dose.medication]
        found.setdefault(label, []).append(dose.date.toordinal())
        order.setdefault(label, (0, label))
    for sup in contents.supplements:
        iron = iron_labels.get(sup.product)
        if iron is not None:
            found.setdefault(iron, []).append(sup.date.toordinal())
            order.setdefault(iron, (1, iron))
    rows = []
    for label in sorted(found, key=lambda k: order[k]):
        days = np.unique(np.array(found[label], dtype=np.int64))
        if lo is not None and hi is not None:
            days = days[(days >= lo) & (days <= hi)]
        if len(days):
            rows.append((label, runs(days)))
    return rows


def dose_steps(contents: DiaryContents, period: Period | None) -> dict[str, tuple[list[Step], str]]:
    """Per medicine or iron supplement label: runs of consecutive days at one daily amount,
    and the unit. Labels whose amounts are in more than one unit are left out."""
    totals: dict[str, dict[int, float]] = {}
    units: dict[str, set[str]] = {}
    med_labels, iron_labels = _labels(contents)
    for dose in contents.doses:
        label = med_labels[dose.medication]
        per_day = totals.setdefault(label, {})
        day = dose.date.toordinal()
        per_day[day] = per_day.get(day, 0.0) + dose.amount
        units.setdefault(label, set()).add(dose.unit)
    for sup in contents.supplements:
        iron = iron_labels.get(sup.product)
        if iron is None:
            continue
        per_day = totals.setdefault(iron, {})
        day = sup.date.toordinal()
        per_day[day] = per_day.get(day, 0.0) + sup.amount_mg
        units.setdefault(iron, set()).add("mg")
    lo = period[0].toordinal() if period else None
    hi = period[1].toordinal() if period else None
    out: dict[str, tuple[list[Step], str]] = {}
    for label, by_day in totals.items():
        if len(units[label]) != 1:
            continue
        days = sorted(d for d in by_day if (lo is None or d >= lo) and (hi is None or d <= hi))
        steps: list[Step] = []
        for day in days:
            amount = round(by_day[day], 6)
            last = steps[-1] if steps else None
            if last is not None and last[0] + last[1] == day and last[2] == amount:
                steps[-1] = (last[0], last[1] + 1, amount)
            else:
                steps.append((day, 1, amount))
        out[label] = (steps, catalog.display_unit(next(iter(units[label]))))
    return out


def draw_bands(
    ax: Axes,
    rows: list[tuple[str, list[tuple[int, int]]]],
    steps: dict[str, tuple[list[Step], str]],
    style: st.Style,
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
            _stepped(ax, i, label, found, colour, style)
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
    bars = PolyCollection(
        list(verts), facecolors=colour, edgecolors=colour, linewidths=0.3, gid=f"band:{label}"
    )
    ax.add_collection(bars, autolim=False)


def _stepped(
    ax: Axes,
    row: int,
    label: str,
    found: tuple[list[Step], str],
    colour: str,
    style: st.Style,
) -> None:
    """Bars standing on the row's base line, as tall as the day's share of the top amount."""
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
        if days >= MIN_LABELLED_DAYS and (not changes or steps[changes[-1]][2] != amount):
            changes.append(k)
    if len(changes) > MAX_STEP_LABELS:
        changes = sorted(sorted(changes, key=lambda k: -steps[k][1])[:MAX_STEP_LABELS])
    for k in changes:
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
