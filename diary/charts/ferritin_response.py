"""Symptoms against ferritin: nights at their estimated ferritin, grouped means, best response."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from diary.analysis import Analysis
from diary.charts import style as st
from diary.charts.base import (
    ChartFigure,
    Period,
    in_period,
    new_figure,
    night_points,
    period_mask,
)
from diary.charts.empty import message_figure, too_few_nights
from diary.words import count

KIND = "ferritin_response"
HEADING = "Symptoms against ferritin"
JITTER = 0.18  # severity is whole numbers; a small fixed spread keeps the nights visible


def jitter(dates: np.ndarray) -> np.ndarray:
    """A fixed, date-derived vertical spread in ±JITTER (the same night always lands the same)."""
    days = dates.astype("datetime64[D]").astype(np.int64)
    return ((days * 0.6180339887) % 1.0 - 0.5) * 2 * JITTER


def build(
    analysis: Analysis,
    period: Period | None = None,
    style: st.Style | None = None,
    venesections: Sequence[date] = (),
) -> ChartFigure:
    """Each night in `period` at its estimated ferritin, with the whole diary's group means.

    This chart has no dates, so `venesections` in the period are told in its footnote."""
    style = style or st.Style()
    s = analysis.series
    shown = period_mask(s.dates, period)
    if shown.sum() < 2:
        return too_few_nights(KIND, HEADING, int(shown.sum()), style)
    has_f = shown & ~np.isnan(s.ferritin)
    br = analysis.best_response
    if not has_f.any() and not br.groups:
        return message_figure(
            KIND,
            HEADING,
            (
                "No night here has an estimated ferritin: no ferritin blood test is recorded "
                "near these nights."
                if style.for_print  # paper carries no instructions for using the app
                else "No night here has an estimated ferritin yet. Add your ferritin blood "
                "tests on the Blood tests page: nights within 30 days of a test, and nights "
                "between two tests, are then placed at their ferritin level."
            ),
            style,
        )
    fig, (ax,) = new_figure(KIND, 1)
    st.title(fig, HEADING, style)

    used = has_f & s.used_for_best_response
    window = has_f & ~s.used_for_best_response
    night_points(
        fig,
        ax,
        s.ferritin[used],
        s.severity[used] + jitter(s.dates[used]),
        s.dates[used],
        style,
        by_x=False,
        s=8,
        marker="o",
        color=st.SEVERITY,
        alpha=0.25,
        linewidths=0,
        label="a night",
        gid="nights",
    )
    if window.any():
        night_points(
            fig,
            ax,
            s.ferritin[window],
            s.severity[window] + jitter(s.dates[window]),
            s.dates[window],
            style,
            by_x=False,
            s=10,
            marker="x",
            color=st.GREY,
            alpha=0.4,
            linewidths=0.7,
            label=(
                "≤ 6 weeks after an infusion (left out)"
                if style.for_print
                else "within 6 weeks of an infusion (left out)"
            ),
            gid="window-nights",
        )

    if br.groups:
        mid = np.array([(g.low + g.high) / 2 for g in br.groups])
        mean = np.array([g.mean_severity for g in br.groups])
        bars = ax.errorbar(
            mid,
            mean,
            xerr=[mid - [g.low for g in br.groups], [g.high for g in br.groups] - mid],
            yerr=[mean - [g.ci_low for g in br.groups], [g.ci_high for g in br.groups] - mean],
            fmt="D",
            color=st.BLACK,
            markersize=6,
            markerfacecolor="white",
            markeredgewidth=1.5,
            elinewidth=1.2,
            capsize=3,
            zorder=4,
            label=(
                "group mean (whole diary), 95 % interval"
                if style.for_print
                else "mean of a ferritin group over the whole diary, 95 % interval"
            ),
        )
        for part in (*bars.lines[1], *bars.lines[2]):
            part.set_gid("group-means-interval")
        bars.lines[0].set_gid("group-means")
        fig.group_marks = bars.lines[0]
        fig.group_texts = [
            f"Ferritin {g.low:.0f}–{g.high:.0f} ng/mL, the whole diary: mean RLS severity "
            f"{g.mean_severity:.1f} (95 % interval {g.ci_low:.1f}–{g.ci_high:.1f}), "
            f"{count(g.nights, 'night')}, {count(g.readings, 'ferritin test')}"
            for g in br.groups
        ]

    if br.ferritin is not None and br.low is not None and br.high is not None:
        ax.axvspan(
            br.low,
            br.high,
            color=st.BLUE,
            alpha=0.15,
            hatch="\\\\",
            linewidth=0,
            # what the diary found, not a level to aim for
            label=f"nights as good as the best: {br.low:.0f}–{br.high:.0f} ng/mL",
            gid="best-response-range",
        )
        ax.axvline(
            br.ferritin,
            color=st.BLUE,
            linestyle="--",
            linewidth=2,
            label=f"best response ≈ {br.ferritin:.0f} ng/mL",
            gid="best-response",
        )
        note = (
            f"Nights were at their best from about {br.ferritin:.0f} ng/mL "
            f"({count(br.nights_used, 'night')}, {count(br.readings_used, 'ferritin test')})."
        )
    else:
        note = f"No best-response level: {br.reason}."
    ax.set_ylim(-0.6, 10.6)
    ax.set_yticks([0, 5, 10] if style.for_print else [0, 2, 4, 6, 8, 10])  # paper: short axes
    ax.set_xlim(left=0)
    # A fixed number of ticks: the layout measures the labels once, whatever the size.
    ax.xaxis.set_major_locator(MaxNLocator(8))
    if not style.for_print:  # on paper the report's reading under the chart says this
        # the note sits on the side away from the shaded range, never over it
        left, right = ax.get_xlim()
        middle = (br.low + br.high) / 2 if br.low is not None and br.high is not None else 0.0
        _note(ax, note, style, on_left=middle > (left + right) / 2)
    # On paper the chart is short: the axis label in two lines, so it fits beside it.
    ylabel = "RLS severity\n(0–10)" if style.for_print else "RLS severity (0–10)"
    st.tidy(ax, style, ylabel, "estimated ferritin on the night (ng/mL)")
    st.legend(ax, style)
    shown_ven = sum(1 for d in venesections if in_period(d, period))
    ven_note = (
        f"{count(shown_ven, 'venesection')} in this time: the timeline and sleep charts "
        "mark their dates."
        if shown_ven
        else ""
    )
    if not style.for_print:  # on paper the report's reading under the chart says this
        fig.add_footnote(
            "Points: the nights shown. Groups and level: the whole diary, leaving out "
            "the 6 weeks after each infusion; ferritin between tests is estimated by "
            f"straight lines. {ven_note}".strip(),
            style.small,
            st.GREY,
        )
    elif ven_note:
        fig.add_footnote(ven_note, style.small, st.GREY)
    return fig


def _note(ax: Axes, note: str, style: st.Style, on_left: bool = False) -> None:
    text = ax.text(
        0.01 if on_left else 0.99,
        0.98,
        note,
        transform=ax.transAxes,
        ha="left" if on_left else "right",
        va="top",
        multialignment="left",
        fontsize=style.small,
        gid="best-response-note",
        bbox={
            "boxstyle": "round,pad=0.4",
            "facecolor": "white",
            "edgecolor": st.LIGHT_GREY,
            "alpha": 0.9,
        },
    )
    fig = ax.figure
    assert isinstance(fig, ChartFigure)  # every chart is built on one
    fig.add_note(text, 0.45)  # wrapped, when drawn, to under half the axes' width
