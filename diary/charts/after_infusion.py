"""After an infusion: ferritin by weeks since it, the expected rise, re-checks, trend, 300 line."""

from __future__ import annotations

from datetime import date

import numpy as np
from matplotlib.axes import Axes

from diary import catalog
from diary.analysis import Analysis
from diary.analysis.infusions import REPEAT_BELOW, InfusionResult
from diary.charts import style as st
from diary.charts.base import ChartFigure, Margins, Period, new_figure
from diary.charts.empty import message_figure

KIND = "after_infusion"
HEADING = "After an infusion"
JUDGE_WEEKS = 6
EARLIER_SHOWN = 4  # earlier infusions drawn faintly for comparison
AHEAD_WEEKS = 8  # how far a trend without a crossing is drawn ahead
MAX_AHEAD = 52  # a crossing further ahead than this is told in words, not drawn


def weeks(day: date, since: date) -> float:
    return (day - since).days / 7.0


def focus_infusion(analysis: Analysis, period: Period | None) -> int | None:
    """Index of the infusion to show: the latest one up to the end of the period."""
    candidates = [
        i for i, inf in enumerate(analysis.infusions) if period is None or inf.date <= period[1]
    ]
    return candidates[-1] if candidates else None


def build(
    analysis: Analysis,
    period: Period | None = None,
    style: st.Style | None = None,
    infusion: int | None = None,
) -> ChartFigure:
    """The infusion at index `infusion` (default: the latest up to the period's end)."""
    style = style or st.Style()
    k = focus_infusion(analysis, period) if infusion is None else infusion
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
    inf = analysis.infusions[k]
    nxt = analysis.infusions[k + 1].date if k + 1 < len(analysis.infusions) else None
    margins = Margins(
        left=st.left_margin(style, 1, 4),
        right=0.3,
        top=st.top_margin(style),
        bottom=st.bottom_margin(style, 1) + 0.25,
    )
    fig, (ax,) = new_figure(KIND, 1, margins=margins)
    product = catalog.infusion_product(inf.product)
    st.title(
        fig,
        f"After the infusion of {style.day(inf.date)} ({inf.dose_mg:.0f} mg "
        f"{product.label if product else inf.product})",
        style,
    )

    earlier = [
        j
        for j in range(max(0, k - EARLIER_SHOWN), k)
        if period is None or analysis.infusions[j].date >= period[0]
    ]
    for n, j in enumerate(earlier):
        e = analysis.infusions[j]
        pts = _readings(analysis, e, analysis.infusions[j + 1].date)
        ax.plot(
            [weeks(d, e.date) for d, _, _ in pts],
            [v for _, v, _ in pts],
            color=st.LIGHT_GREY,
            linewidth=1.0,
            linestyle=":",
            marker=".",
            label="earlier infusions" if n == 0 else None,
            gid=f"earlier:{e.date}",
        )

    ax.axvspan(
        0,
        JUDGE_WEEKS,
        facecolor=st.INFUSION,
        alpha=0.12,
        hatch=st.WINDOW_HATCH,
        edgecolor=st.INFUSION,
        linewidth=0,
        gid="response-window",
        label=f"too early to judge (to {style.day_month(inf.judge_from)})",
    )
    pts = _readings(analysis, inf, nxt)
    xs = [weeks(d, inf.date) for d, _, _ in pts]
    right = max([18.0, *[x + 1 for x in xs]])
    if nxt is not None:
        right = min(right, weeks(nxt, inf.date))
    if inf.before is not None:
        lo, hi = (inf.before.value + r for r in inf.expected_rise)
        ax.fill_between(
            [JUDGE_WEEKS, right + AHEAD_WEEKS],
            lo,
            hi,
            facecolor=st.ORANGE,
            alpha=0.3,
            hatch="\\\\",
            edgecolor=st.ORANGE,
            linewidth=0,
            label=f"expected: +{inf.expected_rise[0]:.0f} to "
            f"+{inf.expected_rise[1]:.0f} ng/mL (10–12 per 100 mg)",
            gid="expected-rise",
        )
    used = [(x, v) for x, (_, v, ok) in zip(xs, pts, strict=True) if ok]
    ax.plot(
        [x for x, _ in used],
        [v for _, v in used],
        color=st.FERRITIN,
        marker="s",
        markersize=7,
        markeredgecolor=st.BLACK,
        linewidth=1.8,
        label="ferritin",
        gid="ferritin",
        zorder=4,
    )
    left_out = [(x, v) for x, (_, v, ok) in zip(xs, pts, strict=True) if not ok]
    if left_out:
        ax.plot(
            [x for x, _ in left_out],
            [v for _, v in left_out],
            linestyle="none",
            marker="s",
            markersize=7,
            markerfacecolor="none",
            markeredgecolor=st.GREY,
            label="left out (inflammation)",
            gid="ferritin-left-out",
        )
    right = max(right, _trend(ax, analysis, inf, style))
    left = min([-2.0, *[x - 1 for x in xs]])
    _checks(ax, inf, analysis.today, style)
    ax.axhline(
        REPEAT_BELOW,
        color=st.BLACK,
        linestyle="-.",
        linewidth=1.2,
        label=f"{REPEAT_BELOW:.0f} ng/mL",
        gid="repeat-line",
    )
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
    ax.set_xlim(left, right)
    ax.set_ylim(0, max(REPEAT_BELOW * 1.12, *[v * 1.08 for _, v, _ in pts]))
    ax.set_xticks(np.arange(np.ceil(left / 4) * 4, right + 0.01, 4))
    st.tidy(ax, style, "ferritin (ng/mL)", "weeks since the infusion")
    st.legend(ax, style)
    fig.add_footnote(
        _footnote(inf),
        style.small,
        st.GREY,
    )
    return fig


def _readings(
    analysis: Analysis, inf: InfusionResult, nxt: date | None
) -> list[tuple[date, float, bool]]:
    """The reading before the infusion and every reading after it, up to the next infusion."""
    start = inf.before.date if inf.before is not None else inf.date
    return [
        (r.date, r.value, r.used)
        for r in analysis.readings
        if start <= r.date and (nxt is None or r.date < nxt)
    ]


def _trend(ax: Axes, analysis: Analysis, inf: InfusionResult, style: st.Style) -> float:
    """The iron trend since this infusion and its projection; returns the last week drawn."""
    t = analysis.trend
    if t.since != inf.date or t.slope_per_week is None:
        return 0.0
    after = [r for r in analysis.readings if r.used and weeks(r.date, inf.date) >= JUDGE_WEEKS]
    if len(after) < 2:
        return 0.0
    w0, w1 = weeks(after[0].date, inf.date), weeks(after[-1].date, inf.date)
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
    if below is not None and level is not None and weeks(below, inf.date) <= w1 + MAX_AHEAD:
        end = weeks(below, inf.date)
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


def _checks(ax: Axes, inf: InfusionResult, today: date, style: st.Style) -> None:
    """The 8-, 12- and 16-week re-checks: done (solid, ✓) or due (dashed, with the date).

    Each label stands upright just left of its own line: the lines are 4 weeks apart, far
    more than a line of text is high, so a label never crosses another week's line."""
    for due, done in zip(inf.checks_due, inf.checks_done, strict=True):
        w = weeks(due, inf.date)
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


def _footnote(inf: InfusionResult) -> str:
    low, high = inf.expected_rise
    if inf.before is None:
        return (
            f"No ferritin test before this infusion, so the expected rise (+{low:.0f} to "
            f"+{high:.0f} ng/mL) cannot be placed."
        )
    if inf.observed_rise is None:
        return (
            f"Before: {inf.before.value:.0f} ng/mL. Expected rise +{low:.0f} to "
            f"+{high:.0f} ng/mL; no test from week 6 yet to compare."
        )
    return (
        f"Before: {inf.before.value:.0f} ng/mL. Rise from week 6: {inf.observed_rise:+.0f} "
        f"ng/mL (expected +{low:.0f} to +{high:.0f})."
    )
