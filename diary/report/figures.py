"""The report's charts: the window's own chart builders, drawn at paper size as SVG (no Qt).

Each Figure is built in the charts' paper layout (PRINT_STYLE: text of 9 pt or more, legends
wrapped to the paper's width, hatched windows) and resized to the box it fills on the page,
so its text prints at that size instead of being shrunk to fit. It is saved as SVG: vector
paths that the page painter draws without turning them into pixels, except the thousands of
night points, which are one embedded image per chart (far faster to print, same look).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import matplotlib
from matplotlib.figure import Figure

from diary.analysis import Analysis
from diary.charts import after_infusion, ferritin_response, sleep, timeline
from diary.charts.style import Style
from diary.records import DiaryContents

# The charts' paper layout with the smallest text (legends, notes) at exactly 9 pt.
PRINT_STYLE = Style(text_scale=9.0 / 8.0, for_print=True)
# Night points are one image layer per chart at this resolution (see style.dense).
RASTER_DPI = 200
POINTS_PER_INCH = 72.0

Period = tuple[date, date]
Builder = Callable[[Analysis, DiaryContents, Period, Style], Figure]


def _timeline(a: Analysis, c: DiaryContents, period: Period, s: Style) -> Figure:
    return timeline.build(a, c, period, s)


def _timeline_summary(a: Analysis, c: DiaryContents, period: Period, s: Style) -> Figure:
    return timeline.build(a, c, period, s, summary=True)


def _ferritin_response(a: Analysis, c: DiaryContents, period: Period, s: Style) -> Figure:
    return ferritin_response.build(a, period, s, [v.date for v in c.venesections])


def _after_infusion(a: Analysis, c: DiaryContents, period: Period, s: Style) -> Figure:
    return after_infusion.build(a, period, s, venesections=[v.date for v in c.venesections])


def _sleep(a: Analysis, c: DiaryContents, period: Period, s: Style) -> Figure:
    return sleep.build(a, period, s, [v.date for v in c.venesections])


# "timeline_summary" is page 1's timeline: severity and ferritin only.
BUILDERS: dict[str, Builder] = {
    "timeline": _timeline,
    "timeline_summary": _timeline_summary,
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


def render_svg(fig: Figure, width_pt: float, height_pt: float) -> bytes:
    """The figure at exactly width x height points, as SVG bytes QSvgRenderer draws cleanly.

    Text stays text (`svg.fonttype: none`): the PDF then holds each font once and the
    chart's words are searchable, instead of a copy of every glyph's outline at each use,
    which made each chart's PDF content ten times larger and slower to write."""
    fig.set_size_inches(width_pt / POINTS_PER_INCH, height_pt / POINTS_PER_INCH)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None}, dpi=RASTER_DPI)
    return qt_safe_svg(buf.getvalue())


def print_figure(
    kind: str,
    analysis: Analysis,
    contents: DiaryContents,
    period: Period,
    width_pt: float,
    height_pt: float,
    style: Style = PRINT_STYLE,
) -> Figure:
    """The chart in its paper layout, sized to the box it fills on the page."""
    fig = BUILDERS[kind](analysis, contents, period, style)
    fig.set_size_inches(width_pt / POINTS_PER_INCH, height_pt / POINTS_PER_INCH)
    return fig


def chart_image(
    kind: str,
    analysis: Analysis,
    contents: DiaryContents,
    period: Period,
    width_pt: float,
    height_pt: float,
    style: Style = PRINT_STYLE,
) -> ChartImage:
    fig = print_figure(kind, analysis, contents, period, width_pt, height_pt, style)
    return ChartImage(kind, render_svg(fig, width_pt, height_pt), width_pt, height_pt)
