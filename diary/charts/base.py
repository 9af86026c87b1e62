"""What every chart shares: the Figure type that knows its night points, and period helpers."""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

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
    measured: bool = False  # fit the columns to the figure by measuring the drawn legend
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
        # Least height (inches) of some rows, e.g. one line of text per intake band.
        self.min_row_heights: dict[int, float] = {}
        self.base_ratios: list[float] | None = None
        self.footnote: Text | None = None
        self.footnote_text = ""
        # Data units per plotted unit of series drawn on another series' axis (e.g. TSAT).
        self.scales: dict[str, float] = {}
        # Markers that stand for a group rather than a night (hover names the group).
        self.group_marks: Line2D | None = None
        self.group_texts: list[str] = []

    def add_nights(self, points: PathCollection, dates: np.ndarray, by_x: bool) -> None:
        self.night_layers.append(NightLayer(points, dates, by_x))

    def add_legend(
        self,
        ax: Axes,
        handles: list[Any],
        labels: list[str],
        fontsize: float,
        measured: bool = False,
    ) -> None:
        """A legend above `ax`, laid out in as many columns as the width allows at draw time."""
        self.auto_legends.append(AutoLegend(ax, handles, labels, fontsize, measured))

    def add_footnote(self, text: str, fontsize: float, color: str) -> None:
        """A note at the bottom left, wrapped to the figure's width when drawn."""
        self.footnote_text = text
        self.footnote = self.text(
            6 / 72.0, 4 / 72.0, text, fontsize=fontsize, color=color, va="bottom", ha="left"
        )
        self.footnote.set_transform(self.dpi_scale_trans)

    def _wrap_footnote(self) -> int:
        """Wrap the footnote to the width; returns its number of lines."""
        if self.footnote is None:
            return 0
        size = float(self.footnote.get_fontsize())
        width_in = self.get_size_inches()[0] - 12 / 72.0
        # 0.56 em is a generous mean glyph width for these sans-serif notes.
        chars = max(20, int(width_in * 72.0 / (0.56 * size)))
        text = textwrap.fill(self.footnote_text, chars)
        self.footnote.set_text(text)
        return text.count("\n") + 1

    def _make_legend(self, leg: AutoLegend, ncols: int) -> Any:
        leg.ncols = ncols
        return leg.ax.legend(
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

    def _place_legends(self, renderer: Any = None) -> tuple[int, int]:
        """(Re)make the legends for the current width; returns the most rows above the first
        axes and above any other axes."""
        first, other = 1, 1
        top_ax = self.axes[0] if self.axes else None
        fig_w = self.get_size_inches()[0]
        for leg in self.auto_legends:
            pos = leg.ax.get_position()
            width_in = pos.width * fig_w
            entry = max(len(t) for t in leg.labels) * 0.55 * leg.fontsize / 72.0 + 0.55
            ncols = max(1, min(len(leg.labels), int(width_in // entry)))
            if leg.measured and renderer is not None:
                # Measured: the widest row that ends inside the figure (on paper nothing
                # may run off the edge); the estimate above is only a starting point.
                ncols = len(leg.labels)
                room = (fig_w * (1 - pos.x0) - 0.2 * leg.fontsize / 72.0) * self.dpi - 4
                while True:
                    made = self._make_legend(leg, ncols)
                    if ncols == 1 or made.get_window_extent(renderer).width <= room:
                        break
                    ncols -= 1
            elif leg.ax.get_legend() is None or leg.ncols != ncols:
                self._make_legend(leg, ncols)
            rows = -(-len(leg.labels) // leg.ncols)
            if leg.ax is top_ax:
                first = max(first, rows)
            else:
                other = max(other, rows)
        return first, other

    def apply_margins(self, renderer: Any = None) -> None:
        base = self.margins
        if base is None or not self.axes:
            return
        w, h = self.get_size_inches()
        line = 1.45 * max((leg.fontsize for leg in self.auto_legends), default=0.0) / 72.0
        if self.footnote is not None:
            note_line = 1.45 * float(self.footnote.get_fontsize()) / 72.0
            lines = self._wrap_footnote()
            base = replace(base, bottom=base.bottom + (lines - 1) * note_line + 0.03 * lines)
        for _ in range(2):  # legend rows depend on the width, the width on the margins
            first, other = self._place_legends(renderer) if self.auto_legends else (1, 1)
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
        if self.min_row_heights:
            self._row_heights(usable - m.gap * (rows - 1))

    def _row_heights(self, usable: float) -> None:
        """Give rows their least height (e.g. a text line per band), taken from the others."""
        gs = self.axes[0].get_subplotspec().get_gridspec()  # type: ignore[union-attr]
        if self.base_ratios is None:
            given = gs.get_height_ratios()
            start = np.ones(gs.nrows) if given is None else np.asarray(given, dtype=np.float64)
            self.base_ratios = [float(r) for r in start]
        ratios = self.base_ratios
        fixed: dict[int, float] = {}
        while True:  # rows below their least height get it; the others share what is left
            free = sum(r for i, r in enumerate(ratios) if i not in fixed) or 1.0
            rest = max(0.1, usable - sum(fixed.values()))
            heights = [fixed.get(i, rest * r / free) for i, r in enumerate(ratios)]
            short = {
                i: h
                for i, h in self.min_row_heights.items()
                if i < len(ratios) and i not in fixed and heights[i] < h
            }
            if not short or len(fixed) + len(short) >= len(ratios):
                fixed.update(short)
                break
            fixed.update(short)
        gs.set_height_ratios([fixed.get(i, h) for i, h in enumerate(heights)])

    def draw(self, renderer: Any) -> None:
        self.apply_margins(renderer)
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
