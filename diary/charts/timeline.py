"""Timeline: severity, sleep, ferritin and TSAT, infusions and treatment bands on one date axis."""

from __future__ import annotations

from datetime import date

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection

from diary import catalog
from diary.analysis import Analysis
from diary.charts import style as st
from diary.charts.base import (
    ChartFigure,
    Margins,
    Period,
    dnum,
    dnum1,
    in_period,
    new_figure,
    period_mask,
    rolling_mean,
    runs,
    x_limits,
)
from diary.charts.empty import too_few_nights
from diary.records import DiaryContents

KIND = "timeline"
HEADING = "Symptoms, sleep and iron over time"
_ORDINAL_TO_NUM = dnum1(date(1970, 1, 1)) - date(1970, 1, 1).toordinal()


def build(
    analysis: Analysis,
    contents: DiaryContents,
    period: Period | None = None,
    style: st.Style | None = None,
) -> ChartFigure:
    """The timeline over `period` (None: the whole diary); estimates come from `analysis`."""
    style = style or st.Style()
    s = analysis.series
    shown = period_mask(s.dates, period)
    if shown.sum() < 2:
        return too_few_nights(KIND, HEADING, int(shown.sum()), style, _period_text(period, style))
    bands = intake_rows(contents, period)
    band_height = max(0.8, 0.32 * len(bands))
    tsat = tsat_points(contents, period)
    margins = Margins(
        left=st.left_margin(style, 2, 4, max((len(label) for label, _ in bands), default=0)),
        right=0.75 if tsat else 0.3,
        top=st.top_margin(style),
        bottom=st.bottom_margin(style),
        gap=st.legend_gap(style),
    )
    fig, (ax_sev, ax_sleep, ax_fe, ax_bands) = new_figure(
        KIND, 4, [3.0, 1.4, 2.4, band_height], margins=margins
    )
    st.title(fig, HEADING, style)
    x = dnum(s.dates[shown])

    avg = rolling_mean(s.dates, s.severity)[shown]
    pts = ax_sev.scatter(
        x,
        s.severity[shown],
        s=7,
        marker="o",
        color=st.SEVERITY,
        alpha=0.35,
        linewidths=0,
        label="each night",
        gid="severity",
    )
    fig.add_nights(pts, s.dates[shown], by_x=True)
    ax_sev.plot(
        x, avg, color=st.SEVERITY, linewidth=1.8, label="7-night average", gid="severity-average"
    )
    ax_sev.set_ylim(-0.5, 10.5)
    ax_sev.set_yticks([0, 2, 4, 6, 8, 10])
    st.tidy(ax_sev, style, "RLS severity\n(0–10)")

    sleep_ok = shown & ~np.isnan(s.sleep_hours)
    sp = ax_sleep.scatter(
        dnum(s.dates[sleep_ok]),
        s.sleep_hours[sleep_ok],
        s=6,
        marker="s",
        color=st.SLEEP,
        alpha=0.3,
        linewidths=0,
        label="each night",
        gid="sleep",
    )
    fig.add_nights(sp, s.dates[sleep_ok], by_x=True)
    ax_sleep.plot(
        x,
        rolling_mean(s.dates, s.sleep_hours)[shown],
        color=st.SLEEP,
        linewidth=1.6,
        linestyle="--",
        label="7-night average",
        gid="sleep-average",
    )
    ax_sleep.set_ylim(0, max(10.0, float(np.nanmax(s.sleep_hours[shown], initial=0)) + 0.5))
    st.tidy(ax_sleep, style, "asleep\n(hours)")

    _ferritin(ax_fe, analysis, tsat, period, style)
    _events(fig, [ax_sev, ax_sleep, ax_fe, ax_bands], analysis, contents, period, style)
    _bands(ax_bands, bands, style)

    st.legend(ax_sev, style)
    st.legend(ax_sleep, style)
    x_limits(ax_bands, period, s.dates)
    st.date_axis(ax_bands, style)
    return fig


def _period_text(period: Period | None, style: st.Style) -> str:
    if period is None:
        return ""
    return f"between {style.day(period[0])} and {style.day(period[1])}"


def tsat_points(contents: DiaryContents, period: Period | None) -> list[tuple[date, float]]:
    """TSAT results (%) in the period, by date."""
    return sorted(
        (lab.date, lab.canonical_value if lab.canonical_value is not None else lab.value)
        for lab in contents.labs
        if lab.test == "tsat" and in_period(lab.date, period)
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
        label="estimated between tests",
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
            label=f"best response ≈ {br.ferritin:.0f} ng/mL",
            gid="best-response",
        )
    st.tidy(ax, style, "ferritin\n(ng/mL)")
    ax.set_ylim(bottom=0)
    handles, labels = ax.get_legend_handles_labels()
    if tsat:
        twin = ax.twinx()
        line = twin.plot(
            [dnum1(d) for d, _ in tsat],
            [v for _, v in tsat],
            color=st.TSAT,
            marker="^",
            markersize=5,
            linestyle="-.",
            linewidth=1.0,
            label="TSAT (%, right)",
            gid="tsat",
        )[0]
        twin.set_ylim(0, max(60.0, max(v for _, v in tsat) * 1.1))
        twin.set_ylabel("TSAT (%)", fontsize=style.label, color=st.BLACK)
        twin.tick_params(labelsize=style.tick)
        twin.spines["top"].set_visible(False)
        handles.append(line)
        labels.append(line.get_label())
    st.legend(ax, style, handles, labels)


def _events(
    fig: ChartFigure,
    axes: list[Axes],
    analysis: Analysis,
    contents: DiaryContents,
    period: Period | None,
    style: st.Style,
) -> None:
    """Infusions with their 6-week response window, and venesections, across every row.

    One collection per row and kind (not one artist per event): a 20-year diary has dozens."""
    windows = [
        (a, b)
        for a, b in analysis.response_windows
        if period is None or not (b < period[0] or a > period[1])
    ]
    starts = [dnum1(a) for a, _ in windows]
    ven = [dnum1(v.date) for v in contents.venesections if in_period(v.date, period)]
    for i, ax in enumerate(axes):
        top = i == 0
        if windows and i < 3:
            spans = PolyCollection(
                [[(dnum1(a), 0), (dnum1(a), 1), (dnum1(b), 1), (dnum1(b), 0)] for a, b in windows],
                transform=ax.get_xaxis_transform(),
                facecolors=st.INFUSION,
                alpha=0.15,
                hatch=st.WINDOW_HATCH,
                edgecolors=st.INFUSION,
                linewidths=0,
                label="6 weeks after an infusion" if top else None,
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
        if ven:
            ax.vlines(
                ven,
                0,
                1,
                transform=ax.get_xaxis_transform(),
                colors=st.VENESECTION,
                linewidth=1.4,
                linestyles=(0.0, (4.0, 2.0)),
                label="venesection" if top else "_nolegend_",
                gid="venesections" if top else None,
            )


def intake_rows(
    contents: DiaryContents, period: Period | None
) -> list[tuple[str, list[tuple[int, int]]]]:
    """One row per medicine and per iron supplement: its label and runs of days taken."""
    lo = period[0].toordinal() if period else None
    hi = period[1].toordinal() if period else None
    found: dict[str, set[int]] = {}
    order: dict[str, tuple[int, str]] = {}
    med_labels = {
        name: (m.label if (m := catalog.medicine(name)) else name)
        for name in {d.medication for d in contents.doses}
    }
    iron_labels = {
        name: p.label
        for name in {s.product for s in contents.supplements}
        if (p := catalog.supplement(name)) is not None and p.is_iron
    }
    for dose in contents.doses:
        label = med_labels[dose.medication]
        found.setdefault(label, set()).add(dose.date.toordinal())
        order.setdefault(label, (0, label))
    for sup in contents.supplements:
        iron = iron_labels.get(sup.product)
        if iron is not None:
            found.setdefault(iron, set()).add(sup.date.toordinal())
            order.setdefault(iron, (1, iron))
    rows = []
    for label in sorted(found, key=lambda k: order[k]):
        days = np.array(sorted(found[label]), dtype=np.int64)
        if lo is not None and hi is not None:
            days = days[(days >= lo) & (days <= hi)]
        if len(days):
            rows.append((label, runs(days)))
    return rows


def _bands(ax: Axes, rows: list[tuple[str, list[tuple[int, int]]]], style: st.Style) -> None:
    st.tidy(ax, style)
    ax.grid(False)
    ax.spines["left"].set_visible(False)
    if not rows:
        ax.set_yticks([])
        ax.text(
            0.5,
            0.5,
            "no medicines or iron supplements logged",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=style.small,
            color=st.GREY,
        )
        return
    for i, (label, spans) in enumerate(rows):
        colour = st.BAND_COLOURS[i % len(st.BAND_COLOURS)]
        ax.broken_barh(
            [(start + _ORDINAL_TO_NUM - 0.5, length) for start, length in spans],
            (i - 0.35, 0.7),
            facecolors=colour,
            edgecolors=colour,
            linewidth=0.3,
            gid=f"band:{label}",
        )
    ax.set_yticks(range(len(rows)), [label for label, _ in rows], fontsize=style.small)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
