"""Chart style: a colour-blind-safe palette, markers and line styles, text size, date labels."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from matplotlib import dates as mdates
from matplotlib import markers, rcParams
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, Formatter, NullFormatter, NullLocator

from diary.words import MONTHS_SHORT

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Each series also has its own marker or line style so it survives grey printing.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#767676"
LIGHT_GREY = "#BBBBBB"
GRID = "#DDDDDD"
GRID_WIDTH = 0.6

SEVERITY = VERMILLION
SLEEP = BLUE
EFFICIENCY = GREEN
FERRITIN = GREEN
TSAT = PURPLE
INFUSION = ORANGE
VENESECTION = SKY_BLUE
BEST = BLACK
BAND_COLOURS = (BLUE, ORANGE, GREEN, PURPLE, SKY_BLUE, VERMILLION, BLACK)

# Hatching makes shaded windows visible in grey print as well as in colour.
WINDOW_HATCH = "///"

_ENGLISH_MONTHS = MONTHS_SHORT  # calendar.month_abbr would follow the locale


@dataclass(frozen=True, slots=True)
class Style:
    """How charts look for this user: text size and how their locale writes dates.

    `for_print` asks for the paper layout: hatched windows (for grey print), legends that
    wrap to the paper's width, short labels, and dense night points as one raster layer."""

    text_scale: float = 1.0
    month_names: tuple[str, ...] = field(default=_ENGLISH_MONTHS)
    day_first: bool = True
    for_print: bool = False

    @property
    def tick(self) -> float:
        return 8.5 * self.text_scale

    @property
    def label(self) -> float:
        return 9.5 * self.text_scale

    @property
    def title(self) -> float:
        return 11.0 * self.text_scale

    @property
    def small(self) -> float:
        return 8.0 * self.text_scale

    def day(self, day: date | np.datetime64) -> str:
        """A date the way the user's locale orders it, e.g. '14 Oct 2026' or 'Oct 14, 2026'."""
        d = _as_date(day)
        month = self.month_names[d.month - 1]
        return f"{d.day} {month} {d.year}" if self.day_first else f"{month} {d.day}, {d.year}"

    def day_month(self, d: date) -> str:
        month = self.month_names[d.month - 1]
        return f"{d.day} {month}" if self.day_first else f"{month} {d.day}"


def _as_date(day: date | np.datetime64) -> date:
    if isinstance(day, np.datetime64):
        return date.fromisoformat(str(day.astype("datetime64[D]")))
    return day


def _day_of(x: float) -> date:
    """The day of a matplotlib date number (ordinal arithmetic: redrawn often, on 4 axes)."""
    return date.fromordinal(math.floor(x - _ordinal_offset(mdates.get_epoch())))


@functools.cache
def _ordinal_offset(epoch: str) -> float:
    return float(mdates.date2num(np.datetime64("1970-01-01"))) - date(1970, 1, 1).toordinal()


class DateLabels(Formatter):
    """Concise date tick labels from the user's month names: years, months or days, with the
    year written once where it changes (like matplotlib's ConciseDateFormatter)."""

    def __init__(self, style: Style) -> None:
        self.style = style

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.style.day(_day_of(x))

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        days = [_day_of(v) for v in values]
        if not days:
            return []
        step = (values[-1] - values[0]) / max(1, len(values) - 1)
        names = self.style.month_names
        out: list[str] = []
        last_year: int | None = None
        for d in days:
            new_year = d.year != last_year
            last_year = d.year
            if step >= 300:
                out.append(str(d.year))
            elif step >= 27:
                out.append(f"{names[d.month - 1]}\n{d.year}" if new_year else names[d.month - 1])
            else:
                text = self.style.day_month(d)
                out.append(f"{text}\n{d.year}" if new_year else text)
        return out


def window_hatch(style: Style) -> str | None:
    """Hatching for shaded windows on paper; on screen the colour alone (hatches are slow)."""
    return WINDOW_HATCH if style.for_print else None


def dense(points: Artist, style: Style) -> None:
    """On paper, thousands of night points print as one image layer (at the PDF's raster
    resolution) instead of thousands of vector marks; axes and text stay vectors."""
    if style.for_print:
        points.set_rasterized(True)


def date_axis(ax: Axes, style: Style, above: Sequence[Axes] = ()) -> None:
    """Date ticks for the axes' current limits, worked out once: the charts are never zoomed,
    and an automatic locator would redo it on every draw. The rows `above` show the same
    dates (see `stacked`)."""
    lo, hi = ax.get_xlim()
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ticks = [
        t for t in locator.tick_values(mdates.num2date(lo), mdates.num2date(hi)) if lo <= t <= hi
    ]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(DateLabels(style))
    stacked(ax, above)


def stacked(ax: Axes, above: Sequence[Axes]) -> None:
    """The rows `above` `ax` show its x range and ticks without labels: the same limits, and
    their tick marks and grid lines as one artist each (a matplotlib tick is five artists,
    made, kept in step and drawn apart; rows sharing an axis would have a set per row)."""
    lo, hi = ax.get_xlim()
    ticks = [t for t in ax.xaxis.get_majorticklocs() if lo <= t <= hi]
    for row in above:
        row.set_xlim(lo, hi)
        row.xaxis.set_major_locator(NullLocator())
        row.xaxis.set_major_formatter(NullFormatter())
        row.xaxis.set_label_coords(0.5, 0.0)  # no label: nothing to place beside the ticks
        along = row.get_xaxis_transform()
        grid = LineCollection(
            [[(t, 0.0), (t, 1.0)] for t in ticks],
            transform=along,
            colors=GRID,
            linewidths=GRID_WIDTH,
            zorder=0.5,  # beneath the data, as the grid of the axes that show the ticks
        )
        row.add_collection(grid, autolim=False)
        marks = Line2D(
            ticks,
            np.zeros(len(ticks)),
            transform=along,
            linestyle="none",
            marker=markers.MarkerStyle(markers.TICKDOWN),
            markersize=rcParams["xtick.major.size"],
            markeredgewidth=rcParams["xtick.major.width"],
            color=rcParams["xtick.color"],
            clip_on=False,
        )
        row.add_artist(marks)  # not a data line: the limits are already set


def tidy(ax: Axes, style: Style, ylabel: str | None = None, xlabel: str | None = None) -> None:
    """Label sizes, light grid, no top/right frame."""
    ax.tick_params(labelsize=style.tick)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=style.label)
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=style.label)
    ax.grid(True, color=GRID, linewidth=GRID_WIDTH)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def legend(
    ax: Axes, style: Style, handles: list[Any] | None = None, labels: list[str] | None = None
) -> None:
    """A frameless legend above the axes, so it never hides data; its columns are chosen
    for the figure's width when drawn (see ChartFigure.add_legend)."""
    if handles is None or labels is None:
        handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    add = getattr(ax.get_figure(), "add_legend", None)
    if add is not None:
        add(ax, handles, labels, style.small)
    else:
        ax.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=min(4, len(labels)),
            frameon=False,
            fontsize=style.small,
        )


def title(fig: Figure, text: str, style: Style) -> None:
    """The chart's heading at the top left (the layout keeps room for it)."""
    heading = fig.suptitle(
        text, fontsize=style.title, x=0.01, y=0.99, ha="left", va="top", fontweight="bold"
    )
    plan = getattr(fig, "plan", None)
    if plan is not None:
        plan.heading = heading
