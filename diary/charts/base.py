"""What every chart shares: the Figure type that knows its night points, and period helpers."""

from __future__ import annotations

from dataclasses import dataclass, replace
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


@dataclass(slots=True)
class AutoLegend:
    ax: Axes
    handles: list[Any]
    labels: list[str]
    fontsize: float
    ncols: int = 0


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
        self.auto_legends: list[AutoLegend] = []

    def add_nights(self, points: PathCollection, dates: np.ndarray, by_x: bool) -> None:
        self.night_layers.append(NightLayer(points, dates, by_x))

    def add_legend(self, ax: Axes, handles: list[Any], labels: list[str], fontsize: float) -> None:
        """A legend above `ax`, laid out in as many columns as the width allows at draw time."""
        self.auto_legends.append(AutoLegend(ax, handles, labels, fontsize))

    def _place_legends(self) -> tuple[int, int]:
        """(Re)make the legends for the current width; returns the most rows above the first
        axes and above any other axes."""
        first, other = 1, 1
        top_ax = self.axes[0] if self.axes else None
        for leg in self.auto_legends:
            width_in = leg.ax.get_position().width * self.get_size_inches()[0]
            entry = max(len(t) for t in leg.labels) * 0.55 * leg.fontsize / 72.0 + 0.55
            ncols = max(1, min(len(leg.labels), int(width_in // entry)))
            if leg.ax.get_legend() is None or leg.ncols != ncols:
                leg.ncols = ncols
                leg.ax.legend(
                    leg.handles,
                    leg.labels,
                    loc="lower left",
                    bbox_to_anchor=(0.0, 1.0),
                    ncols=ncols,
                    frameon=False,
                    fontsize=leg.fontsize,
                    borderaxespad=0.2,
                    handlelength=2.2,
                    columnspacing=1.2,
                )
            rows = -(-len(leg.labels) // ncols)
            if leg.ax is top_ax:
                first = max(first, rows)
            else:
                other = max(other, rows)
        return first, other

    def apply_margins(self) -> None:
        base = self.margins
        if base is None or not self.axes:
            return
        w, h = self.get_size_inches()
        line = 1.45 * max((leg.fontsize for leg in self.auto_legends), default=0.0) / 72.0
        for _ in range(2):  # legend rows depend on the width, the width on the margins
            first, other = self._place_legends() if self.auto_legends else (1, 1)
            self._adjust(
                replace(base, top=base.top + (first - 1) * line, gap=base.gap + (other - 1) * line),
                w,
                h,
            )

    def _adjust(self, m: Margins, w: float, h: float) -> None:
        rows = max(1, self.axes[0].get_subplotspec().get_gridspec().nrows)  # type: ignore[union-attr]
        usable = max(0.5, h - m.top - m.bottom)
        avg_height = max(0.1, (usable - m.gap * (rows - 1)) / rows)
        self.subplots_adjust(
            left=min(0.45, m.left / w),
            right=max(0.55, 1 - m.right / w),
            top=max(0.5, 1 - m.top / h),
            bottom=min(0.4, m.bottom / h),
            hspace=m.gap / avg_height,
        )

    def draw(self, renderer: Any) -> None:
        self.apply_margins()
        super().draw(renderer)


def new_figure(
    kind: str,
    nrows: int = 1,
    height_ratios: list[float] | None = None,
    sharex: bool = True,
    margins: Margins | None = None,
) -> tuple[ChartFigure, list[Axes]]:
    fig = ChartFigure(figsize=FIGSIZE)
    fig.chart_kind = kind
    fig.margins = margins or Margins()
    axes = fig.subplots(
        nrows,
        1,
        sharex=sharex,
        squeeze=False,
        gridspec_kw={"height_ratios": height_ratios} if height_ratios else None,
    )
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


def rolling_mean(
    dates: np.ndarray,
    values: np.ndarray,
    window: int = ROLLING_NIGHTS,
    min_count: int = ROLLING_MIN,
) -> np.ndarray:
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
