"""Timeline: severity, sleep, ferritin and TSAT, infusions and treatment bands on one date axis."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from matplotlib import markers, transforms
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator

from diary.analysis import Analysis
from diary.charts import style as st
from diary.charts.base import (
    ChartFigure,
    Period,
    dnum,
    dnum1,
    in_period,
    new_figure,
    period_mask,
    x_limits,
)
from diary.charts.empty import too_few_nights
from diary.charts.intake_bands import draw_bands, intake_bands
from diary.charts.rows import severity_over_time, sleep_over_time, venesection_lines
from diary.records import DiaryContents

KIND = "timeline"
HEADING = "Symptoms, sleep and iron over time"


def build(
    analysis: Analysis,
    contents: DiaryContents,
    period: Period | None = None,
    style: st.Style | None = None,
    summary: bool = False,
) -> ChartFigure:
    """The timeline over `period` (None: the whole diary); estimates come from `analysis`.

    `summary` keeps only the severity and ferritin rows (the report's first page, where
    four rows would be too small to read); the full timeline follows on a later page."""
    style = style or st.Style()
    s = analysis.series
    shown = period_mask(s.dates, period)
    if shown.sum() < 2:
        return too_few_nights(KIND, HEADING, int(shown.sum()), style, _period_text(period, style))
    bands, steps = ([], {}) if summary else intake_bands(contents, period)
    band_height = max(0.8, 0.32 * len(bands))
    tsat = tsat_points(contents, period)
    if summary:
        fig, (ax_sev, ax_fe) = new_figure(KIND, 2, [3.0, 2.4], sharex=False)
        rows = [ax_sev, ax_fe]
    else:
        fig, (ax_sev, ax_sleep, ax_fe, ax_bands) = new_figure(
            KIND, 4, [3.0, 1.4, 2.4, band_height], sharex=False
        )
        rows = [ax_sev, ax_sleep, ax_fe, ax_bands]
        fig.plan.named_rows.add(3)  # a line of text per medicine
    st.title(fig, HEADING, style)
    severity_over_time(fig, ax_sev, analysis, shown, style, size=7, alpha=0.35, width=1.8)

    if not summary:
        _sleep(fig, ax_sleep, analysis, shown, style)
    _ferritin(ax_fe, analysis, tsat, period, style)
    _events(fig, rows, analysis, contents, period, style)
    if not summary:
        lo, hi = period or (s.dates.min().item(), s.dates.max().item())
        draw_bands(ax_bands, bands, steps, style, (hi - lo).days + 1)

    st.legend(ax_sev, style)
    if not summary:
        st.legend(ax_sleep, style)
    x_limits(rows[-1], period, s.dates)
    st.date_axis(rows[-1], style, rows[:-1])
    return fig


def _sleep(
    fig: ChartFigure, ax: Axes, analysis: Analysis, shown: np.ndarray, style: st.Style
) -> None:
    s = analysis.series
    sleep_over_time(fig, ax, analysis, shown, style, size=6, alpha=0.3, label="each night")
    ax.set_ylim(0, max(10.0, float(np.nanmax(s.sleep_hours[shown], initial=0)) + 0.5))
    ax.set_yticks([0, 5, 10])
    st.tidy(ax, style, "asleep\n(hours)")


def _period_text(period: Period | None, style: st.Style) -> str:
    if period is None:
        return ""
    return f"between {style.day(period[0])} and {style.day(period[1])}"


def tsat_points(contents: DiaryContents, period: Period | None) -> list[tuple[date, float]]:
    """TSAT results (%) in the period, by date (a '<5' is a limit, not a point to draw)."""
    return sorted(
        (lab.date, lab.canonical_value if lab.canonical_value is not None else lab.value)
        for lab in contents.labs
        if lab.test == "tsat" and in_period(lab.date, period) and not lab.censored
    )


def _ferritin(
    ax: Axes,
    analysis: Analysis,
    tsat: list[tuple[date, float]],
    period: Period | None,
    style: st.Style,
) -> None:
    s = analysis.series
    shown = period_mask(s.dates, period)
    ax.plot(
        dnum(s.dates[shown]),
        s.ferritin[shown],
        color=st.FERRITIN,
        linestyle="--",
        linewidth=1.4,
        label="estimated" if style.for_print else "estimated between tests",
        gid="ferritin-estimate",
    )
    used = [r for r in analysis.readings if r.used and in_period(r.date, period)]
    left_out = [r for r in analysis.readings if not r.used and in_period(r.date, period)]
    ax.scatter(
        [dnum1(r.date) for r in used],
        [r.value for r in used],
        s=30,
        marker="s",
        color=st.FERRITIN,
        edgecolors=st.BLACK,
        linewidths=0.6,
        zorder=3,
        label="ferritin test",
        gid="ferritin-readings",
    )
    if left_out:
        ax.scatter(
            [dnum1(r.date) for r in left_out],
            [r.value for r in left_out],
            s=34,
            marker="s",
            facecolors="none",
            edgecolors=st.GREY,
            linewidths=1.2,
            zorder=3,
            label="left out (inflammation)",
            gid="ferritin-left-out",
        )
    br = analysis.best_response
    if br.ferritin is not None and br.low is not None and br.high is not None:
        ax.axhspan(
            br.low, br.high, color=st.LIGHT_GREY, alpha=0.45, linewidth=0, gid="best-response-range"
        )
        ax.axhline(
            br.ferritin,
            color=st.BEST,
            linestyle=":",
            linewidth=1.4,
            label=f"best response ≈ {br.ferritin:.0f}" + ("" if style.for_print else " ng/mL"),
            gid="best-response",
        )
    _venesection_trend(ax, analysis, period, style)
    top = _ferritin_top(analysis, shown, period)
    ax.set_ylim(0, top)
    ax.yaxis.set_major_locator(MaxNLocator(3 if style.for_print else 4))
    st.tidy(ax, style, "ferritin\n(ng/mL)")
    handles, labels = ax.get_legend_handles_labels()
    if tsat:
        handles.append(_tsat(ax, tsat, top, style))
        labels.append(handles[-1].get_label())
    st.legend(ax, style, handles, labels)


def _venesection_trend(
    ax: Axes, analysis: Analysis, period: Period | None, style: st.Style
) -> None:
    """The analysis' fitted ferritin trend across a venesection programme (one falling line
    from the first reading it rests on to the latest), where the period shows some of it."""
    t = analysis.trend
    if t.fitted is None or not t.venesections:
        return
    first, start, last, end = t.fitted
    if period is not None and (last < period[0] or first > period[1]):
        return
    ax.plot(
        [dnum1(first), dnum1(last)],
        [start, end],
        color=st.VENESECTION,
        linewidth=2.2,
        solid_capstyle="butt",
        label="trend across venesections"
        if style.for_print
        else f"ferritin trend across venesections ({t.slope_per_week:+.1f} ng/mL a week)",
        gid="venesection-trend",
    )


def _ferritin_top(analysis: Analysis, shown: np.ndarray, period: Period | None) -> float:
    """The ferritin axis' top: the highest estimate, reading, trend or best-response level,
    + 8 %."""
    values = [r.value for r in analysis.readings if in_period(r.date, period)]
    if analysis.trend.fitted is not None and analysis.trend.venesections:
        values += [analysis.trend.fitted[1], analysis.trend.fitted[3]]
    values.append(float(np.nanmax(analysis.series.ferritin[shown], initial=0.0)))
    br = analysis.best_response
    values.extend(v for v in (br.ferritin, br.high) if v is not None)
    return max(50.0, max(values) * 1.08)


def _tsat(ax: Axes, tsat: list[tuple[date, float]], top: float, style: st.Style) -> Line2D:
    """TSAT on the ferritin axes, scaled to fit, with its own percent labels on the right.

    Drawn this way rather than on a twin axes: a second Axes costs more to build and draw
    than everything else in the row. The scale (% per plotted unit) is in `fig.scales`."""
    tsat_top = max(60.0, max(v for _, v in tsat) * 1.1)
    per_pct = top / tsat_top
    fig = ax.figure
    assert isinstance(fig, ChartFigure)  # every chart is built on one
    fig.scales["tsat"] = 1.0 / per_pct
    line = ax.plot(
        [dnum1(d) for d, _ in tsat],
        [v * per_pct for _, v in tsat],
        color=st.TSAT,
        marker="^",
        markersize=5,
        linestyle="-.",
        linewidth=1.0,
        label="TSAT (%, right)",
        gid="tsat",
    )[0]
    step = (30 if style.for_print else 20) if tsat_top <= 100 else 50
    ticks = np.arange(0, tsat_top + 0.01, step)
    blend = transforms.blended_transform_factory(ax.transAxes, ax.transData)
    ax.plot(
        np.ones(len(ticks)),
        ticks * per_pct,
        transform=blend,
        linestyle="none",
        marker=markers.TICKRIGHT,
        markersize=3.5,
        markeredgewidth=0.8,
        color=st.BLACK,
        clip_on=False,
        gid="tsat-ticks",
    )
    ax.spines["right"].set_visible(True)
    ax.tick_params(axis="y", which="both", right=False)
    labels_at = transforms.offset_copy(blend, fig=fig, x=5, units="points")
    labels = [
        ax.text(
            1.0,
            value * per_pct,
            f"{value:.0f}",
            transform=labels_at,
            ha="left",
            va="center",
            fontsize=style.tick,
            gid="tsat-label",
        )
        for value in ticks
    ]

    def beside_labels(renderer: Any) -> transforms.Bbox:
        """The labels' drawn extent across, the axes' height (where the renderer puts them)."""
        across = transforms.Bbox.union([t.get_window_extent(renderer) for t in labels])
        return transforms.Bbox.from_extents(across.x0, ax.bbox.y0, across.x1, ax.bbox.y1)

    ax.annotate(
        "TSAT (%)",
        xy=(1.0, 0.5),
        xycoords=beside_labels,
        xytext=(4, 0),
        textcoords="offset points",
        rotation=90,
        ha="left",
        va="center",
        fontsize=style.label,
        gid="tsat-axis-label",
    )
    return line


def _events(
    fig: ChartFigure,
    axes: list[Axes],
    analysis: Analysis,
    contents: DiaryContents,
    period: Period | None,
    style: st.Style,
) -> None:
    """Every infusion dose, each course's response window (first dose to 6 weeks after the
    last), and venesections, across every row.

    One collection per row and kind (not one artist per event): a 20-year diary has dozens."""
    windows = [
        (a, b)
        for a, b in analysis.response_windows
        if period is None or not (b < period[0] or a > period[1])
    ]
    starts = [
        dnum1(d.date) for c in analysis.infusions for d in c.doses if in_period(d.date, period)
    ]
    ven = [dnum1(v.date) for v in contents.venesections if in_period(v.date, period)]
    for i, ax in enumerate(axes):
        top = i == 0
        if windows and (i < 3 or len(axes) < 4):  # not over the intake bands
            label = (
                ("6 weeks after infusion" if style.for_print else "6 weeks after an infusion")
                if top
                else None
            )
            corners = [
                [(dnum1(a), 0), (dnum1(a), 1), (dnum1(b), 1), (dnum1(b), 0)] for a, b in windows
            ]
            hatch = st.window_hatch(style)
            spans: PolyCollection | PathPatch
            if hatch:
                # On paper, one hatched shape per row: a printed page draws the hatch of each
                # shape apart (about 10 ms each), and a long diary has dozens of windows.
                spans = PathPatch(
                    Path.make_compound_path(*(Path([*c, c[0]], closed=True) for c in corners)),
                    transform=ax.get_xaxis_transform(),
                    facecolor=st.INFUSION,
                    alpha=0.15,
                    hatch=hatch,
                    edgecolor=st.INFUSION,
                    linewidth=0,
                    label=label,
                    gid="response-windows" if top else None,
                )
                ax.add_patch(spans)
            else:
                spans = PolyCollection(
                    corners,
                    transform=ax.get_xaxis_transform(),
                    facecolors=st.INFUSION,
                    alpha=0.15,
                    edgecolors=st.INFUSION,
                    linewidths=0,
                    label=label,
                    gid="response-windows" if top else None,
                )
                ax.add_collection(spans, autolim=False)
        if starts:
            ax.vlines(
                starts,
                0,
                1,
                transform=ax.get_xaxis_transform(),
                colors=st.INFUSION,
                linewidth=1.4,
                label="infusion" if top else "_nolegend_",
                gid="infusions" if top else None,
            )
        venesection_lines(ax, ven, labelled=top)
