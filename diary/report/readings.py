"""A short plain-language reading printed under each chart: what it shows, in numbers.

Like the rest of the app it informs and never advises: each reading says what the diary
shows and what it rests on.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from diary.analysis import Analysis
from diary.analysis.best_response import REASON_NO_RELATION
from diary.analysis.iron_sentences import course_name, symptoms_text
from diary.analysis.summaries import CALM_LEGS_AT_MOST, SHORT_SLEEP_UNDER
from diary.charts.base import smoothing
from diary.records import DiaryContents
from diary.report.text import day, num
from diary.report.treatments import courses_in
from diary.words import count

MAX_INFUSIONS = 3


def _mask(a: Analysis, start: date, end: date) -> np.ndarray:
    d = a.series.dates
    return (d >= np.datetime64(start, "D")) & (d <= np.datetime64(end, "D"))


def _mean(values: np.ndarray) -> float | None:
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else None


def timeline(a: Analysis, contents: DiaryContents, start: date, end: date) -> str:
    m = _mask(a, start, end)
    n = int(m.sum())
    if n == 0:
        return "No nights are logged in this period."
    nights, _ = smoothing(a.series.dates[m])
    parts = [
        f"{count(n, 'night')} logged in this period, mean severity "
        f"{float(a.series.severity[m].mean()):.1f} (the line: {nights}-night average)."
    ]
    ferritin = [r for r in a.readings if start <= r.date <= end]
    if len(ferritin) == 1:
        r = ferritin[0]
        parts.append(f"One ferritin reading: {num(r.value)} ng/mL on {day(r.date)}.")
    elif ferritin:
        values = [r.value for r in ferritin]
        parts.append(
            f"Ferritin ranged from {num(min(values))} to {num(max(values))} ng/mL "
            f"in {count(len(ferritin), 'reading')}."
        )
    courses = courses_in(a, start, end)
    if courses:
        parts.append(
            f"{count(len(courses), 'infusion course')} (solid lines at each dose; hatched: "
            f"to 6 weeks after a course's last dose), the latest from {day(courses[-1].date)}."
        )
    ven = [v for v in contents.venesections if start <= v.date <= end]
    if ven:
        parts.append(
            f"{count(len(ven), 'venesection')} (dashed lines), the latest on {day(ven[-1].date)}."
        )
    return " ".join(parts)


def _worse_above(a: Analysis) -> str:
    above = a.best_response.worse_above
    if above is None:
        return ""
    return (
        f" Nights get worse again above about {num(above)} ng/mL, which can happen with too "
        "much iron."
    )


def ferritin_response(a: Analysis, contents: DiaryContents, start: date, end: date) -> str:
    br = a.best_response
    if br.ferritin is None or br.low is None or br.high is None:
        if not (br.reason or "").startswith(REASON_NO_RELATION):
            return (
                "Not enough data yet for a best-response ferritin: it needs nights at several "
                f"ferritin levels (so far {count(br.nights_used, 'night')} with an estimated "
                f"ferritin, from {count(br.readings_used, 'ferritin reading')})."
            ) + _worse_above(a)
        return f"No best-response ferritin is shown: {br.reason}." + _worse_above(a)
    text = (
        f"Nights were at their best from about {num(br.ferritin)} ng/mL (range "
        f"{num(br.low)}–{num(br.high)}), from {count(br.nights_used, 'night')} and "
        f"{count(br.readings_used, 'ferritin reading')}"
    )
    if br.below_mean is not None and br.at_best_mean is not None:
        text += (
            f"; mean severity {br.below_mean:.1f} below that level against "
            f"{br.at_best_mean:.1f} at and above it"
        )
    text += (
        ". An estimate from this diary, not a target: each night sits at the ferritin "
        "estimated between blood tests, leaving out infusion response windows."
    ) + _worse_above(a)
    if br.confounded is not None:
        text += f" {br.confounded}"
    return text


def after_infusion(a: Analysis, contents: DiaryContents, start: date, end: date) -> str:
    chosen = courses_in(a, start, end)[-MAX_INFUSIONS:]
    if not chosen:
        return ""
    parts = []
    for c in chosen:
        text = f"{course_name(c)[0].upper()}{course_name(c)[1:]}: {symptoms_text(c, a.today)}"
        if c.observed_rise is not None:
            text += (
                f"; ferritin rose {c.observed_rise:+.0f} ng/mL (expected "
                f"{num(c.expected_rise[0])}–{num(c.expected_rise[1])})"
            )
        parts.append(text + ".")
    return (
        "Symptoms settle over 4–6 weeks after an infusion; doses less than 29 days apart "
        "count as one course, judged from its last dose. " + " ".join(parts)
    )


def sleep(a: Analysis, contents: DiaryContents, start: date, end: date) -> str:
    s = a.symptoms_sleep
    m = _mask(a, start, end)
    hours = a.series.sleep_hours[m]
    recorded = ~np.isnan(hours)
    if not recorded.any():
        return "No sleep hours are recorded in this period."
    text = f"Sleep averaged {float(hours[recorded].mean()):.1f} hours over this period"
    if s.last_30.mean_sleep_hours is not None:
        text += f" and {s.last_30.mean_sleep_hours:.1f} over the last 30 nights"
        if s.previous_30.mean_sleep_hours is not None:
            text += f" ({s.previous_30.mean_sleep_hours:.1f} in the 30 before)"
    text += "."
    eff = _mean(a.series.sleep_efficiency[m])
    if eff is not None:
        text += f" Asleep for {eff:.0f} % of the time in bed, on nights with bed and wake times."
    sev = a.series.severity[m]
    calm = (sev <= CALM_LEGS_AT_MOST) & recorded & (hours < SHORT_SLEEP_UNDER)
    calm_short = int(calm.sum())
    text += (
        f" Sleep and legs are counted apart: {count(calm_short, 'night')} had calm legs "
        f"(severity {CALM_LEGS_AT_MOST} or less) but under {num(SHORT_SLEEP_UNDER)} hours "
        "of sleep."
    )
    return text


READERS = {
    "timeline": timeline,
    "ferritin_response": ferritin_response,
    "after_infusion": after_infusion,
    "sleep": sleep,
}


def all_readings(a: Analysis, contents: DiaryContents, start: date, end: date) -> dict[str, str]:
    return {kind: read(a, contents, start, end) for kind, read in READERS.items()}
