"""What every chart shares: the Figure type that knows its night points, and period helpers."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from diary.charts.layout import ChartLayout, LegendBand, Note, Plan
from diary.charts.style import Style, dense

Period = tuple[date, date]

# A comfortable size for the window and for an A4 page (inches; the window resizes it).
FIGSIZE = (10.0, 6.5)
ROLLING_NIGHTS = 7
ROLLING_MIN = 4
# Over more than about 18 months a 7-night line is a blur: the average spans a month.
LONG_VIEW_DAYS = 550
LONG_ROLLING_NIGHTS = 30
LONG_ROLLING_MIN = 10


@dataclass(frozen=True, slots=True)
class NightLayer:
    """Plotted points that each stand for one night, so hover and click can find the night."""

    points: PathCollection
    dates: np.ndarray  # datetime64[D], one per point
    by_x: bool  # time axes: the night nearest the pointer's date, at any height


class ChartFigure(Figure):
    """A matplotlib Figure plus what the window needs: the night points and any message.

    Its layout engine (charts/layout.py) places the axes around their measured text."""

    def __init__(self, *, message: str | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.night_layers: list[NightLayer] = []
        self.message = message  # set when the chart shows a message instead of data
        self.chart_kind = ""
        self.plan = Plan()
        # Data units per plotted unit of series drawn on another series' axis (e.g. TSAT).
        self.scales: dict[str, float] = {}
        # Markers that stand for a group rather than a night (hover names the group).
        self.group_marks: Line2D | None = None
        self.group_texts: list[str] = []

    @property
    def footnote(self) -> Text | None:
        return self.plan.footnote

    def add_nights(self, points: PathCollection, dates: np.ndarray, by_x: bool) -> None:
        self.night_layers.append(NightLayer(points, dates, by_x))

    def add_legend(self, ax: Axes, handles: list[Any], labels: list[str], fontsize: float) -> None:
        """A legend above `ax`, in as many columns as the width allows when drawn."""
        self.plan.legends.append(LegendBand(ax, handles, labels, fontsize))

    def add_footnote(self, text: str, fontsize: float, color: str) -> None:
        """A note along the bottom, wrapped to the figure's width when drawn."""
        self.plan.footnote_words = text
        self.plan.footnote = self.text(
            0.0, 0.0, text, fontsize=fontsize, color=color, va="bottom", ha="left", gid="footnote"
        )

    def add_note(self, text: Text, share: float) -> None:
        """Wrap `text` (an axes text) to `share` of its axes' width when drawn."""
        self.plan.notes.append(Note(text, text.get_text(), share))


def new_figure(
    kind: str,
    nrows: int = 1,
    height_ratios: list[float] | None = None,
    sharex: bool = True,
) -> tuple[ChartFigure, list[Axes]]:
    fig = ChartFigure(figsize=FIGSIZE)
    fig.chart_kind = kind
    axes = fig.subplots(nrows, 1, sharex=sharex, squeeze=False)
    fig.set_layout_engine(ChartLayout(fig.plan, height_ratios or [1.0] * nrows))
    return fig, [a for a in axes[:, 0]]


def dnum(days: np.ndarray) -> np.ndarray:
    """datetime64[D] array -> matplotlib date numbers."""
    return np.asarray(mdates.date2num(days.astype("datetime64[D]")), dtype=np.float64)


def dnum1(day: date) -> float:
    """A date -> its matplotlib date number (ordinal arithmetic: no per-call conversion)."""
    return day.toordinal() + _ordinal_offset(mdates.get_epoch())


@functools.cache
def _ordinal_offset(epoch: str) -> float:
    return float(mdates.date2num(np.datetime64("1970-01-01"))) - date(1970, 1, 1).toordinal()


def night_points(
    fig: ChartFigure,
    ax: Axes,
    x: Any,
    y: Any,
    dates: np.ndarray,
    style: Style,
    *,
    by_x: bool,
    **scatter: Any,
) -> PathCollection:
    """A scatter of points that each stand for one night of `dates`: hover and click find
    the night, and on paper they print as one image layer."""
    points = ax.scatter(x, y, **scatter)
    dense(points, style)
    fig.add_nights(points, dates, by_x=by_x)
    return points


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


def smoothing(shown_dates: np.ndarray) -> tuple[int, int]:
    """(nights, least recorded) for the average line over the nights shown."""
    if len(shown_dates) == 0:
        return ROLLING_NIGHTS, ROLLING_MIN
    days = shown_dates.astype("datetime64[D]").astype(np.int64)
    if int(days.max() - days.min()) > LONG_VIEW_DAYS:
        return LONG_ROLLING_NIGHTS, LONG_ROLLING_MIN
    return ROLLING_NIGHTS, ROLLING_MIN


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
    at = day[ok] - first + window
    total = np.bincount(at, weights=values[ok], minlength=span + window)
    count = np.bincount(at, minlength=span + window).astype(np.float64)
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
