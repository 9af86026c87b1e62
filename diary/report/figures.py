"""The report's charts: the window's own chart builders, drawn at paper size as SVG (no Qt).

Each Figure is resized to the box it fills on the page, so its text prints at the size the
style sets (at least 9 pt) instead of being shrunk to fit, and is saved as SVG: vector paths
that the page painter draws without turning them into pixels.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from matplotlib.figure import Figure

from diary.analysis import Analysis
from diary.charts import after_infusion, ferritin_response, sleep, timeline
from diary.charts.base import ChartFigure
from diary.charts.style import Style
from diary.records import DiaryContents

# The chart styles' smallest text is 8 pt at scale 1; the detail pages' charts keep every
# label at 9 pt or more.
PRINT_STYLE = Style(text_scale=1.15)
# Page 1 holds two charts in about 3.4 and 2.5 inches of height: the window's layout (legend
# rows, stacked panels) needs the screen's text size to fit there (8 to 11 pt).
SUMMARY_STYLE = Style(text_scale=1.0)
POINTS_PER_INCH = 72.0

Builder = Callable[[Analysis, DiaryContents, tuple[date, date], Style], Figure]


def _timeline(a: Analysis, c: DiaryContents, period: tuple[date, date], s: Style) -> Figure:
    return timeline.build(a, c, period, s)


def _ferritin_response(
    a: Analysis, c: DiaryContents, period: tuple[date, date], s: Style
) -> Figure:
    return ferritin_response.build(a, period, s)


def _after_infusion(a: Analysis, c: DiaryContents, period: tuple[date, date], s: Style) -> Figure:
    return after_infusion.build(a, period, s)


def _sleep(a: Analysis, c: DiaryContents, period: tuple[date, date], s: Style) -> Figure:
    return sleep.build(a, period, s)


BUILDERS: dict[str, Builder] = {
    "timeline": _timeline,
    "ferritin_response": _ferritin_response,
    "after_infusion": _after_infusion,
    "sleep": _sleep,
}


@dataclass(frozen=True, slots=True)
class ChartImage:
    kind: str
    svg: bytes
    width_pt: float
    height_pt: float


_EMPTY_PATH = re.compile(rb"<path(?![^>]*\sd=)[^>]*/>\s*")
_ID = re.compile(rb'\sid="([^"]*)"')


def qt_safe_svg(svg: bytes) -> bytes:
    """Drop the empty paths matplotlib writes (the space glyph, lines outside the view).

    QSvgRenderer warns about each one ("Invalid path data", "link ... is undefined"); they
    draw nothing, so leaving them out changes nothing on the page.
    """
    empty_ids: list[bytes] = []

    def drop(match: re.Match[bytes]) -> bytes:
        ident = _ID.search(match.group(0))
        if ident:
            empty_ids.append(ident.group(1))
        return b""

    svg = _EMPTY_PATH.sub(drop, svg)
    for ident in set(empty_ids):
        svg = re.sub(rb"<use xlink:href=\"#" + re.escape(ident) + rb"\"[^>]*/>\s*", b"", svg)
    return svg


def _legend_width_in(labels: list[str], ncols: int, size: float) -> float:
    """Estimated width of a legend laid out in `ncols` columns (column-major, as matplotlib)."""
    rows = math.ceil(len(labels) / ncols)
    cols = [labels[c * rows : (c + 1) * rows] for c in range(ncols)]
    em = size / 72.0
    # 0.52 em per character: measured for DejaVu Sans on these labels (text_width_in's
    # 0.6 is a deliberately generous bound).
    widths = [max(len(t) for t in col) * 0.52 * em + 3.0 * em for col in cols if col]
    return sum(widths) + 1.2 * em * (len(widths) - 1)


def fit_legends(fig: Figure, style: Style) -> None:
    """Give a legend more rows when its one row is wider than the paper allows.

    The charts put each legend in one row above its axes, sized for the window; at print
    size with 9 pt text a row can run past the figure's edge. Extra rows get extra space
    above the axes, so nothing overlaps.
    """
    if not isinstance(fig, ChartFigure) or fig.margins is None:
        return
    m = fig.margins
    available = fig.get_size_inches()[0] - m.left - 0.05
    extra_rows = 0
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        labels = [t.get_text() for t in legend.get_texts()]
        ncols = int(getattr(legend, "_ncols", 1))  # no public getter
        if not labels or _legend_width_in(labels, ncols, style.small) <= available:
            continue
        fit = next(
            (
                k
                for k in range(ncols - 1, 0, -1)
                if _legend_width_in(labels, k, style.small) <= available
            ),
            1,
        )
        rows_before = math.ceil(len(labels) / ncols)
        ax.legend(
            [h for h in legend.legend_handles if h is not None],
            labels,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=fit,
            frameon=False,
            fontsize=style.small,
            borderaxespad=0.2,
            handlelength=2.2,
            columnspacing=1.2,
        )
        extra_rows = max(extra_rows, math.ceil(len(labels) / fit) - rows_before)
    if extra_rows:
        more = extra_rows * 1.45 * style.small / 72.0
        fig.margins = replace(m, top=m.top + more, gap=m.gap + more)


def render_svg(fig: Figure, width_pt: float, height_pt: float) -> bytes:
    """The figure at exactly width x height points, as SVG bytes QSvgRenderer draws cleanly."""
    fig.set_size_inches(width_pt / POINTS_PER_INCH, height_pt / POINTS_PER_INCH)
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return qt_safe_svg(buf.getvalue())


def chart_image(
    kind: str,
    analysis: Analysis,
    contents: DiaryContents,
    period: tuple[date, date],
    width_pt: float,
    height_pt: float,
    style: Style = PRINT_STYLE,
) -> ChartImage:
    fig = BUILDERS[kind](analysis, contents, period, style)
    fig.set_size_inches(width_pt / POINTS_PER_INCH, height_pt / POINTS_PER_INCH)
    if style.text_scale > 1.0:
        fit_legends(fig, style)
    return ChartImage(kind, render_svg(fig, width_pt, height_pt), width_pt, height_pt)
