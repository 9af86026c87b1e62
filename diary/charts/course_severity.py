"""The After-an-infusion chart's lower panel: RLS severity week by week around a course, with
the mean of the 4 weeks before and of weeks 6-12 after the last dose that answer "did it work?".

A week with no night logged is a gap in the line, never bridged by a straight stroke.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
from matplotlib.axes import Axes

from diary.analysis import Analysis
from diary.analysis.infusions import CourseResult
from diary.charts import style as st

SEVERITY_MAX = 10


def weekly_severity(
    analysis: Analysis, c: CourseResult, left: float, right: float
) -> tuple[np.ndarray, np.ndarray]:
    """(the middle of each whole week since the last dose within left..right, the mean
    severity of the nights logged in it, NaN for a week without any)."""
    first, last = math.floor(left), math.ceil(right)
    s = analysis.series
    since = (s.dates - np.datetime64(c.last_date, "D")).astype(np.int64)
    keep = (since >= first * 7) & (since < last * 7)
    if c.next_course is not None:
        keep &= s.dates < np.datetime64(c.next_course, "D")
    week = np.floor_divide(since[keep], 7) - first
    n = last - first
    totals = np.bincount(week, weights=s.severity[keep], minlength=n)[:n]
    nights = np.bincount(week, minlength=n)[:n]
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(nights > 0, totals / np.maximum(nights, 1), np.nan)
    return np.arange(first, last) + 0.5, means


def _weeks(day: date, since: date) -> float:
    return (day - since).days / 7.0


def draw(
    ax: Axes, analysis: Analysis, c: CourseResult, span: tuple[float, float], style: st.Style
) -> None:
    """Weekly mean severity, and the before and weeks 6-12 means as level strokes."""
    xs, means = weekly_severity(analysis, c, *span)
    ax.plot(
        xs,
        means,
        color=st.SEVERITY,
        marker="o",
        markersize=4,
        linewidth=1.4,
        label="RLS severity, weekly mean",
        gid="severity-weekly",
    )
    if c.severity_before is not None:
        a, b = (_weeks(d, c.last_date) for d in c.before_nights)
        ax.plot(
            [a, b + 1 / 7],
            [c.severity_before] * 2,
            color=st.BLACK,
            linewidth=2.6,
            solid_capstyle="butt",
            label=f"4 weeks before: {c.severity_before:.1f}",
            gid="severity-before",
        )
    if c.severity_after is not None and c.after_nights is not None:
        a, b = (_weeks(min(d, analysis.today), c.last_date) for d in c.after_nights)
        so_far = "" if c.after_complete else " so far"
        ax.plot(
            [a, b + 1 / 7],
            [c.severity_after] * 2,
            color=st.BLUE,
            linewidth=2.6,
            linestyle=(0, (4, 1.5)),
            label=f"weeks 6–12{so_far}: {c.severity_after:.1f}",
            gid="severity-after",
        )
    ax.set_ylim(0, SEVERITY_MAX)
    ax.set_yticks([0, 5, 10])
