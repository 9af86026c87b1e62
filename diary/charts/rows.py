"""Rows that more than one chart draws: each night's severity, and hours asleep, over time,
and the venesection lines across them."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from diary.analysis import Analysis
from diary.charts import style as st
from diary.charts.base import ChartFigure, dnum, night_points, rolling_mean, smoothing


def severity_over_time(
    fig: ChartFigure,
    ax: Axes,
    analysis: Analysis,
    shown: np.ndarray,
    style: st.Style,
    *,
    size: float,
    alpha: float,
    width: float,
) -> None:
    """Each night's severity as a faint point and its rolling average as a line, on 0–10."""
    s = analysis.series
    smooth = smoothing(s.dates[shown])
    x = dnum(s.dates[shown])
    night_points(
        fig,
        ax,
        x,
        s.severity[shown],
        s.dates[shown],
        style,
        by_x=True,
        s=size,
        marker="o",
        color=st.SEVERITY,
        alpha=alpha,
        linewidths=0,
        label="each night",
        gid="severity",
    )
    ax.plot(
        x,
        rolling_mean(s.dates, s.severity, *smooth)[shown],
        color=st.SEVERITY,
        linewidth=width,
        label=f"{smooth[0]}-night average",
        gid="severity-average",
    )
    ax.set_ylim(-0.5, 10.5)
    ax.set_yticks([0, 5, 10])
    st.tidy(ax, style, "RLS severity\n(0–10)")


def sleep_over_time(
    fig: ChartFigure,
    ax: Axes,
    analysis: Analysis,
    shown: np.ndarray,
    style: st.Style,
    *,
    size: float,
    alpha: float,
    label: str,
) -> None:
    """Hours asleep on each night that has them, and their rolling average as a dashed line."""
    s = analysis.series
    smooth = smoothing(s.dates[shown])
    has_sleep = shown & ~np.isnan(s.sleep_hours)
    night_points(
        fig,
        ax,
        dnum(s.dates[has_sleep]),
        s.sleep_hours[has_sleep],
        s.dates[has_sleep],
        style,
        by_x=True,
        s=size,
        marker="s",
        color=st.SLEEP,
        alpha=alpha,
        linewidths=0,
        label=label,
        gid="sleep",
    )
    ax.plot(
        dnum(s.dates[shown]),
        rolling_mean(s.dates, s.sleep_hours, *smooth)[shown],
        color=st.SLEEP,
        linewidth=1.6,
        linestyle="--",
        label=f"{smooth[0]}-night average",
        gid="sleep-average",
    )


def venesection_lines(ax: Axes, days: list[float], labelled: bool) -> None:
    """A dashed line at each venesection (matplotlib date numbers) across the whole row; the
    legend entry and the element id only on the labelled row."""
    if not days:
        return
    ax.vlines(
        days,
        0,
        1,
        transform=ax.get_xaxis_transform(),
        colors=st.VENESECTION,
        linewidth=1.4,
        linestyles=(0.0, (4.0, 2.0)),
        label="venesection" if labelled else "_nolegend_",
        gid="venesections" if labelled else None,
    )
