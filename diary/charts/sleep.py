"""Sleep beside symptoms: hours asleep and sleep efficiency over time, under RLS severity."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from matplotlib.ticker import MaxNLocator

from diary.analysis import Analysis
from diary.analysis.summaries import CALM_LEGS_AT_MOST, SHORT_SLEEP_UNDER
from diary.charts import style as st
from diary.charts.base import (
    ChartFigure,
    Period,
    dnum,
    dnum1,
    in_period,
    new_figure,
    night_points,
    period_mask,
    rolling_mean,
    smoothing,
    x_limits,
)
from diary.charts.empty import too_few_nights
from diary.charts.rows import severity_over_time, sleep_over_time, venesection_lines

KIND = "sleep"
HEADING = "Sleep beside symptoms"
CALM_AT_MOST = CALM_LEGS_AT_MOST


def calm_but_short(analysis: Analysis) -> np.ndarray:
    """Nights with calm legs (severity ≤ CALM_LEGS_AT_MOST) and under 5 hours asleep."""
    s = analysis.series
    with np.errstate(invalid="ignore"):
        return (s.severity <= CALM_AT_MOST) & (s.sleep_hours < SHORT_SLEEP_UNDER)


def build(
    analysis: Analysis,
    period: Period | None = None,
    style: st.Style | None = None,
    venesections: Sequence[date] = (),
) -> ChartFigure:
    """Severity, sleep and sleep efficiency over `period`; `venesections` are marked on
    every row (as on the timeline)."""
    style = style or st.Style()
    s = analysis.series
    shown = period_mask(s.dates, period)
    smooth = smoothing(s.dates[shown])
    if shown.sum() < 2:
        return too_few_nights(KIND, HEADING, int(shown.sum()), style)
    fig, (ax_sev, ax_sleep, ax_eff) = new_figure(KIND, 3, [1.6, 2.0, 1.6], sharex=False)
    st.title(fig, HEADING, style)
    x = dnum(s.dates[shown])

    severity_over_time(fig, ax_sev, analysis, shown, style, size=6, alpha=0.3, width=1.6)

    sleep_over_time(fig, ax_sleep, analysis, shown, style, size=7, alpha=0.35, label="hours asleep")
    has_bed = shown & ~np.isnan(s.time_in_bed_hours)
    if has_bed.any():
        ax_sleep.plot(
            x,
            rolling_mean(s.dates, s.time_in_bed_hours, *smooth)[shown],
            color=st.GREY,
            linewidth=1.2,
            linestyle=":",
            label=f"time in bed ({smooth[0]}-night average)",
            gid="time-in-bed",
        )
    odd = shown & calm_but_short(analysis)
    if odd.any():
        op = ax_sleep.scatter(
            dnum(s.dates[odd]),
            s.sleep_hours[odd],
            s=40,
            marker="X",
            color=st.BLACK,
            linewidths=0,
            zorder=4,
            label=f"calm legs (≤ {CALM_AT_MOST}) but under {SHORT_SLEEP_UNDER:.0f} h asleep",
            gid="calm-short",
        )
        fig.add_nights(op, s.dates[odd], by_x=False)
    top = float(np.nanmax(s.sleep_hours[shown], initial=0.0))
    top = max(top, float(np.nanmax(s.time_in_bed_hours[shown], initial=0.0)))
    ax_sleep.set_ylim(0, max(10.0, top + 0.5))
    # A fixed number of ticks: the layout measures the labels once, whatever the size.
    ax_sleep.yaxis.set_major_locator(MaxNLocator(3 if style.for_print else 4, steps=[1, 2, 5, 10]))
    st.tidy(ax_sleep, style, "sleep\n(hours)")

    has_eff = shown & ~np.isnan(s.sleep_efficiency)
    if has_eff.any():
        night_points(
            fig,
            ax_eff,
            dnum(s.dates[has_eff]),
            s.sleep_efficiency[has_eff],
            s.dates[has_eff],
            style,
            by_x=True,
            s=7,
            marker="^",
            color=st.EFFICIENCY,
            alpha=0.35,
            linewidths=0,
            label="asleep / time in bed",
            gid="efficiency",
        )
        ax_eff.plot(
            x,
            rolling_mean(s.dates, s.sleep_efficiency, *smooth)[shown],
            color=st.EFFICIENCY,
            linewidth=1.6,
            linestyle="-.",
            label=f"{smooth[0]}-night average",
            gid="efficiency-average",
        )
    else:
        ax_eff.text(
            0.5,
            0.5,
            "Sleep efficiency needs bedtime, wake time and time to fall asleep"
            + (": not recorded." if style.for_print else " on the Night entry page."),
            transform=ax_eff.transAxes,
            ha="center",
            va="center",
            fontsize=style.small,
            color=st.GREY,
        )
    ax_eff.set_ylim(0, 105)
    ax_eff.set_yticks([0, 50, 100] if style.for_print else [0, 25, 50, 75, 100])
    st.tidy(ax_eff, style, "sleep\nefficiency (%)")

    shown_ven = [dnum1(d) for d in venesections if in_period(d, period)]
    for i, ax in enumerate((ax_sev, ax_sleep, ax_eff)):
        venesection_lines(ax, shown_ven, labelled=i == 0)
    st.legend(ax_sev, style)
    st.legend(ax_sleep, style)
    st.legend(ax_eff, style)
    x_limits(ax_eff, period, s.dates)
    st.date_axis(ax_eff, style, [ax_sev, ax_sleep])
    return fig
