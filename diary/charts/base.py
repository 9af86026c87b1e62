"""What every chart shares: the Figure type that knows its night points, and period helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

Period = tuple[date, date]

# A comfortable size for the window and for an A4 page (inches; the window resizes it).
FIGSIZE = (10.0, 6.5)
ROLLING_NIGHTS = 7
ROLLING_MIN = 4


@dataclass(frozen=True, slots=True)
class NightLayer:
    """Plotted points that each stand for one night, so hover and click can find the night."""

    points: PathCollection
    dates: np.ndarray  # datetime64[D], one per point
    by_x: bool  # time axes: the night nearest the pointer's date, at any height


@dataclass(frozen=True, slots=True)
class Margins:
    """Space around and between the axes, in inches, kept whatever the figure's size."""

    left: float = 1.0
    right: float = 0.25
    top: float = 0.6
    bottom: float = 0.55
    gap: float = 0.4


class ChartFigure(Figure):
    """A matplotlib Figure plus what the window needs: the night points and any message.

    Margins are fixed in inches and applied on every draw: a fixed layout is several times
    faster than matplotlib's constrained layout and keeps labels in place when resized."""

    def __init__(self, *, message: str | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.night_layers: list[NightLayer] = []
        self.message = message  # set when the chart shows a message instead of data
        self.chart_kind = ""
        self.margins: Margins | None = None

    def add_nights(self, points: PathCollection, dates: np.ndarray, by_x: bool) -> None:
        self.night_layers.append(NightLayer(points, dates, by_x))

    def apply_margins(self) -> None:
        m = self.margins
        if m is None or not self.axes:
            return
        w, h = self.get_size_inches()
        rows = max(1, self.axes[0].get_subplotspec().get_gridspec().nrows)  # type: ignore[union-attr]
        usable = max(0.5, h - m.top - m.bottom)
        avg_height = max(0.1, (usable - m.gap * (rows - 1)) / rows)
        self.subplots_adjust(left=min(0.45, m.left / w), right=max(0.55, 1 - m.right / w),
                             top=max(0.5, 1 - m.top / h), bottom=min(0.4, m.bottom / h),
                             hspace=m.gap / avg_height)

    def draw(self, renderer: Any) -> None:
        self.apply_margins()
        super().draw(renderer)


def new_figure(kind: str, nrows: int = 1, height_ratios: list[float] | None = None,
               sharex: bool = True, margins: Margins | None = None
               ) -> tuple[ChartFigure, list[Axes]]:
    fig = ChartFigure(figsize=FIGSIZE)
    fig.chart_kind = kind
    fig.margins = margins or Margins()
    axes = fig.subplots(nrows, 1, sharex=sharex, squeeze=False,
                        gridspec_kw={"height_ratios": height_ratios} if height_ratios else None)
    return fig, [a for a in axes[:, 0]]


def dnum(days: np.ndarray) -> np.ndarray:
    """datetime64[D] array -> matplotlib date numbers."""
    return np.asarray(mdates.date2num(days.astype("datetime64[D]")), dtype=np.float64)


def dnum1(day: date) -> float:
    return float(mdates.date2num(np.datetime64(day, "D")))


def period_mask(dates: np.ndarray, period: Period | None) -> np.ndarray:
    if period is None:
        return np.ones(len(dates), dtype=bool)
    lo, hi = np.datetime64(period[0], "D"), np.datetime64(period[1], "D")
    return (dates >= lo) & (dates <= hi)


def in_period(day: date, period: Period | None) -> bool:
    return period is None or period[0] <= day <= period[1]


def x_limits(ax: Axes, period: Period | None, dates: np.ndarray) -> None:
    """Show exactly the period (or the diary's span), with a day's margin either side."""
    if period is not None:
        lo, hi = period
    else:
        lo = date.fromisoformat(str(dates.min()))
        hi = date.fromisoformat(str(dates.max()))
    ax.set_xlim(dnum1(lo - timedelta(1)), dnum1(hi + timedelta(1)))


def rolling_mean(dates: np.ndarray, values: np.ndarray, window: int = ROLLING_NIGHTS,
                 min_count: int = ROLLING_MIN) -> np.ndarray:
    """Mean of the values recorded in the `window` calendar days ending on each night (NaN
    where fewer than `min_count` are recorded), a display smoothing of the plotted points."""
    if len(dates) == 0:
        return np.zeros(0)
    day = dates.astype("datetime64[D]").astype(np.int64)
    first = int(day.min())
    span = int(day.max()) - first + 1
    ok = ~np.isnan(values)
    total = np.zeros(span + window)
    count = np.zeros(span + window)
    np.add.at(total, day[ok] - first + window, values[ok])
    np.add.at(count, day[ok] - first + window, 1)
    ctot, ccount = np.cumsum(total), np.cumsum(count)
    idx = day - first + window
    sums = ctot[idx] - ctot[idx - window]
    counts = ccount[idx] - ccount[idx - window]
    with np.errstate(invalid="ignore", divide="ignore"):
        out = sums / counts
    out[counts < min_count] = np.nan
    return out


def runs(days: np.ndarray) -> list[tuple[int, int]]:
    """Sorted unique day numbers -> (first day, length) of each run of consecutive days."""
    if len(days) == 0:
        return []
    breaks = np.flatnonzero(np.diff(days) > 1)
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [len(days) - 1]])
    return [(int(days[s]), int(days[e] - days[s] + 1)) for s, e in zip(starts, ends, strict=True)]
