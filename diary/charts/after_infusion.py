"""After an infusion course: ferritin by weeks since its last dose, the expected rise, the
re-checks, the trend and, where it applies, the 300 ng/mL line; below it, RLS severity over
the same weeks (course_severity).

Readings from the first dose to 6 weeks after the last are drawn as single open marks, not
joined to the line: serum ferritin overshoots then, and the course is not judged yet. The
line starts at the first reading from week 6, so it never runs straight across weeks whose
ferritin nobody knows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from diary.analysis import Analysis
from diary.analysis.infusions import CourseResult
from diary.analysis.iron_sentences import dose_text, products_text
from diary.analysis.iv_iron import REPEAT_BELOW
from diary.charts import course_severity
from diary.charts import style as st
from diary.charts.base import ChartFigure, Period, new_figure
from diary.charts.empty import message_figure
from diary.charts.rows import venesection_lines
from diary.words import number

KIND = "after_infusion"
HEADING = "After an infusion"
JUDGE_WEEKS = 6
EARLIER_SHOWN = 4  # earlier courses drawn faintly for comparison
AHEAD_WEEKS = 8  # how far a trend without a crossing is drawn ahead
MAX_AHEAD = 52  # a crossing further ahead than this is told in words, not drawn

Point = tuple[date, float, bool]  # date, ferritin ng/mL, used for the estimates


def weeks(day: date, since: date) -> float:
    return (day - since).days / 7.0


def focus_course(analysis: Analysis, period: Period | None) -> int | None:
    """Index of the course to show: the latest one begun by the end of the period."""
    candidates = [
        i for i, c in enumerate(analysis.infusions) if period is None or c.date <= period[1]
    ]
    return candidates[-1] if candidates else None


def course_title(c: CourseResult, style: st.Style) -> str:
    if c.single:
        return f"After the infusion of {style.day(c.date)} ({dose_text(c)})"
    return f"After the course of {style.day(c.date)} to {style.day(c.last_date)} ({dose_text(c)})"


def build(
    analysis: Analysis,
    period: Period | None = None,
    style: st.Style | None = None,
    course: int | None = None,
    venesections: Sequence[date] = (),
) -> ChartFigure:
    """The course at index `course` (default: the latest begun by the period's end), with
    any of the `venesections` that fall within the weeks shown."""
    style = style or st.Style()
    k = focus_course(analysis, period) if course is None else course
    if k is None:
        return message_figure(
            KIND,
            HEADING,
            (
                "No iron infusion is recorded"
                + (" up to the end of this period" if period else "")
                + (
                    "."  # paper carries no instructions for using the app
                    if style.for_print
                    else ". After an infusion (Treatments page) this chart follows ferritin "
                    "week by week against the rise expected from the dose, with the re-checks "
                    "due at 8, 12 and 16 weeks."
                )
            ),
            style,
        )
    c = analysis.infusions[k]
    fig, (ax, ax_sev) = new_figure(KIND, 2, [2.4, 1.3], sharex=False)
    st.title(fig, course_title(c, style), style)
    start = weeks(c.date, c.last_date)
    for on, gid in ((ax, "response-window"), (ax_sev, "response-window-severity")):
        on.axvspan(
            start,
            JUDGE_WEEKS,
            facecolor=st.INFUSION,
            alpha=0.12,
            hatch=st.WINDOW_HATCH,
            edgecolor=st.INFUSION,
            linewidth=0,
            gid=gid,
            label=f"too early to judge (to {style.day_month(c.judge_from)})" if on is ax else None,
        )
    _doses(ax, c)
    pts = _readings(analysis, c)
    xs = [weeks(d, c.last_date) for d, _, _ in pts]
    right = max([18.0, *[x + 1 for x in xs]])
    if c.next_course is not None:
        right = min(right, weeks(c.next_course, c.last_date))
    _ferritin(ax, c, pts, xs)
    right = max(right, _trend(ax, analysis, c, style))
    left = min([start - 2.0, *[x - 1 for x in xs]])
    # Nothing is drawn past the axes' edges: the printed report's SVG renderer does not clip.
    earlier = _earlier(ax, analysis, k, period, (left, right))
    band = _expected(ax, c, right)
    _checks(ax, c, analysis.today, style)
    top = max([v * 1.08 for v in [*(v for _, v, _ in pts), *earlier, *band]], default=100.0)
    if analysis.iv_iron.withheld is None:
        ax.axhline(
            REPEAT_BELOW,
            color=st.BLACK,
            linestyle="-.",
            linewidth=1.2,
            label=f"{REPEAT_BELOW:.0f} ng/mL rule of thumb",
            gid="repeat-line",
        )
        top = max(top, REPEAT_BELOW * 1.12)
    br = analysis.best_response
    if br.ferritin is not None:
        ax.axhline(
            br.ferritin,
            color=st.BLUE,
            linestyle="--",
            linewidth=1.4,
            label=f"best response ≈ {br.ferritin:.0f} ng/mL",
            gid="best-response",
        )
        top = max(top, br.ferritin * 1.12)
    venesection_lines(
        ax,
        [w for d in venesections if left <= (w := weeks(d, c.last_date)) <= right],
        labelled=True,
    )
    ax.set_xlim(left, right)
    ax.set_ylim(0, top)
    # A fixed number of ticks: the layout measures the labels once, whatever the size.
    ax.yaxis.set_major_locator(MaxNLocator(4 if style.for_print else 6))
    xlabel = "weeks since the infusion" if c.single else "weeks since the last dose"
    st.tidy(ax, style, "ferritin (ng/mL)")
    st.legend(ax, style)
    course_severity.draw(ax_sev, analysis, c, (left, right), style)
    st.tidy(ax_sev, style, "RLS severity (0–10)", xlabel)
    ax_sev.set_xlim(left, right)
    ax_sev.set_xticks(np.arange(np.ceil(left / 4) * 4, right + 0.01, 4))
    st.stacked(ax_sev, [ax])
    st.legend(ax_sev, style)
    fig.add_footnote(_footnote(c), style.small, st.GREY)
    return fig


def _earlier(
    ax: Axes, analysis: Analysis, k: int, period: Period | None, span: tuple[float, float]
) -> list[float]:
    """Earlier courses' readings from their week 6, faintly, for comparison; their values."""
    values: list[float] = []
    for n, j in enumerate(range(max(0, k - EARLIER_SHOWN), k)):
        e = analysis.infusions[j]
        if period is not None and e.date < period[0]:
            continue
        judged = [
            (weeks(d, e.last_date), v)
            for d, v, used in _readings(analysis, e)
            if used and d >= e.judge_from and span[0] <= weeks(d, e.last_date) <= span[1]
        ]
        ax.plot(
            [x for x, _ in judged],
            [v for _, v in judged],
            color=st.LIGHT_GREY,
            linewidth=1.0,
            linestyle=":",
            marker=".",
            label="earlier courses (from week 6)" if n == 0 else None,
            gid=f"earlier:{e.date}",
        )
        values += [v for _, v in judged]
    return values


def _expected(ax: Axes, c: CourseResult, right: float) -> list[float]:
    """The expected rise over the reading before, from week 6 on; its bounds (or none)."""
    if c.before is None or right <= JUDGE_WEEKS:
        return []
    lo, hi = (c.before.value + r for r in c.expected_rise)
    ax.fill_between(
        [JUDGE_WEEKS, right],
        lo,
        hi,
        facecolor=st.ORANGE,
        alpha=0.3,
        hatch="..",
        edgecolor=st.ORANGE,
        linewidth=0,
        label=f"expected: +{c.expected_rise[0]:.0f} to "
        f"+{c.expected_rise[1]:.0f} ng/mL (10–12 per 100 mg)",
        gid="expected-rise",
    )
    return [lo, hi]


def _doses(ax: Axes, c: CourseResult) -> None:
    """Each dose as an orange mark at the foot of the chart; the amounts in the legend."""
    for n, d in enumerate(c.doses):
        ax.plot(
            [weeks(d.date, c.last_date)],
            [0.0],
            marker="^",
            markersize=10,
            color=st.INFUSION,
            markeredgecolor=st.BLACK,
            linestyle="none",
            clip_on=False,
            zorder=5,
            label=f"{'dose' if c.single else 'doses'}: {dose_text(c)}" if n == 0 else None,
            gid=f"dose:{d.date.isoformat()}",
        )


def _ferritin(ax: Axes, c: CourseResult, pts: list[Point], xs: list[float]) -> None:
    """The reading before (a lone mark), the unjudged ones (open marks), the line from week 6."""
    groups: dict[str, list[tuple[float, float]]] = {
        "before": [],
        "early": [],
        "judged": [],
        "left-out": [],
    }
    for x, (d, v, used) in zip(xs, pts, strict=True):
        if c.date < d < c.judge_from:
            groups["early"].append((x, v))
        elif not used:
            groups["left-out"].append((x, v))
        elif d <= c.date:
            groups["before"].append((x, v))
        else:
            groups["judged"].append((x, v))
    mark: dict[str, Any] = {"marker": "s", "markersize": 7, "markeredgecolor": st.BLACK}
    if groups["before"]:
        ax.plot(
            *zip(*groups["before"], strict=True),
            color=st.FERRITIN,
            linestyle="none",
            label=None if groups["judged"] else "ferritin",
            gid="ferritin-before",
            zorder=4,
            **mark,
        )
    if groups["early"]:
        ax.plot(
            *zip(*groups["early"], strict=True),
            linestyle="none",
            markerfacecolor="white",
            label="not yet judged (overshoot)",
            gid="ferritin-early",
            zorder=4,
            **mark,
        )
    if groups["judged"]:
        ax.plot(
            *zip(*groups["judged"], strict=True),
            color=st.FERRITIN,
            linewidth=1.8,
            label="ferritin",
            gid="ferritin",
            zorder=4,
            **mark,
        )
    if groups["left-out"]:
        ax.plot(
            *zip(*groups["left-out"], strict=True),
            linestyle="none",
            marker="s",
            markersize=7,
            markerfacecolor="none",
            markeredgecolor=st.GREY,
            label="left out (inflammation)",
            gid="ferritin-left-out",
        )


def _readings(analysis: Analysis, c: CourseResult) -> list[Point]:
    """The reading before the course and every reading after its first dose, up to the
    next course."""
    start = c.before.date if c.before is not None else c.date
    return [
        (r.date, r.value, r.used)
        for r in analysis.readings
        if start <= r.date and (c.next_course is None or r.date < c.next_course)
    ]


def _trend(ax: Axes, analysis: Analysis, c: CourseResult, style: st.Style) -> float:
    """The iron trend since this course and its projection; returns the last week drawn."""
    t = analysis.trend
    if t.since != c.date or t.slope_per_week is None:
        return 0.0
    after = [r for r in analysis.readings if r.used and r.date >= c.judge_from]
    if len(after) < 2:
        return 0.0
    w0, w1 = weeks(after[0].date, c.last_date), weeks(after[-1].date, c.last_date)
    y1 = after[-1].value
    ax.plot(
        [w0, w1],
        [y1 + t.slope_per_week * (w0 - w1), y1],
        color=st.VERMILLION,
        linewidth=1.6,
        label=f"trend {t.slope_per_week:+.1f} ng/mL a week ({t.state})",
        gid="trend",
    )
    end = w1 + AHEAD_WEEKS
    below, level = t.projected_below, t.projected_level
    if below is not None and level is not None and weeks(below, c.last_date) <= w1 + MAX_AHEAD:
        end = weeks(below, c.last_date)
        ax.plot(
            [end],
            [level],
            marker="X",
            markersize=9,
            color=st.VERMILLION,
            linestyle="none",
            gid="projected-crossing",
            label=f"below {level:.0f} around {style.day(below)}",
        )
    ax.plot(
        [w1, end],
        [y1, y1 + t.slope_per_week * (end - w1)],
        color=st.VERMILLION,
        linewidth=1.4,
        linestyle=(0, (2, 2)),
        gid="projection",
    )
    return end + 1


def _checks(ax: Axes, c: CourseResult, today: date, style: st.Style) -> None:
    """The 8-, 12- and 16-week re-checks: done (solid, ✓) or due (dashed, with the date).

    Each label stands upright just left of its own line: the lines are 4 weeks apart, far
    more than a line of text is high, so a label never crosses another week's line."""
    for due, done in zip(c.checks_due, c.checks_done, strict=True):
        w = weeks(due, c.last_date)
        if done:
            text, colour = f"week {w:.0f} ✓", st.GREEN
        else:
            text = f"week {w:.0f}: {'was due' if due < today else 'due'} {style.day_month(due)}"
            colour = st.GREY
        ax.axvline(
            w,
            color=colour,
            linestyle="-" if done else (0, (3, 3)),
            linewidth=1.2,
            gid=f"check:{due.isoformat()}:{'done' if done else 'due'}",
        )
        ax.annotate(
            text,
            (w, 0.03),
            xycoords=ax.get_xaxis_transform(),
            xytext=(-3, 0),
            textcoords="offset points",
            rotation=90,
            ha="right",
            va="bottom",
            fontsize=style.small,
            color=st.BLACK,
            bbox={
                "boxstyle": "square,pad=0.15",
                "facecolor": "white",
                "linewidth": 0,
                "alpha": 0.8,
            },
        )


def _footnote(c: CourseResult) -> str:
    low, high = c.expected_rise
    text = f"{products_text(c)}, {number(c.dose_mg)} mg" + ("" if c.single else " in all") + ". "
    if c.before is None:
        text += (
            f"No ferritin test before this course, so the expected rise (+{low:.0f} to "
            f"+{high:.0f} ng/mL) cannot be placed."
        )
    elif c.observed_rise is None:
        text += (
            f"Before: {c.before.value:.0f} ng/mL. Expected rise +{low:.0f} to "
            f"+{high:.0f} ng/mL; no test from week 6 yet to compare."
        )
    else:
        text += (
            f"Before: {c.before.value:.0f} ng/mL. Rise from week 6: {c.observed_rise:+.0f} "
            f"ng/mL (expected +{low:.0f} to +{high:.0f})."
        )
    if c.severity_before is not None and c.severity_after is not None:
        text += (
            f" Severity {c.severity_before:.1f} in the 4 weeks before, "
            f"{c.severity_after:.1f} in weeks 6–12" + ("." if c.after_complete else " so far.")
        )
    return text
