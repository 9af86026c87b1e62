"""`analyse()`: every result the window, charts, report and CLI show, in one frozen tree."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from diary.analysis import _prep
from diary.analysis.augmentation import AugmentationWatch, watch
from diary.analysis.best_response import BestResponse, best_response
from diary.analysis.confounding import confounding
from diary.analysis.ferritin import (
    BASIS_LABELS,
    FerritinEstimate,
    FerritinReading,
    course_starts,
    estimate,
    ferritin_readings,
    used_points,
)
from diary.analysis.infusions import CourseResult, course_results, next_check
from diary.analysis.iron_forms import IronForms, iron_forms
from diary.analysis.iv_iron import IvIronRule, iv_iron_rule
from diary.analysis.opioids import OpioidSummary, mme_per_night, summarise_mme
from diary.analysis.summaries import (
    WINDOW_DAYS,
    SymptomSleepSummary,
    summarise,
    time_in_bed_and_efficiency,
)
from diary.analysis.tags import TagComparison, compare_tags
from diary.analysis.trend import CheckPrompt, Trend, check_prompt, iron_trend
from diary.analysis.windows import InfusionCourse, infusion_courses, response_window_mask
from diary.records import DiaryContents

_EPOCH = date(1970, 1, 1).toordinal()


@dataclass(frozen=True, slots=True, eq=False)
class NightSeries:
    """Per-night arrays, one entry per logged night in date order (for charts)."""

    dates: np.ndarray  # datetime64[D]
    severity: np.ndarray  # float64 0..10
    sleep_hours: np.ndarray  # float64, NaN = not recorded
    ferritin: np.ndarray  # estimated ferritin ng/mL, NaN = none
    basis_code: np.ndarray  # int8 index into `basis_labels`
    basis_labels: tuple[str, ...]
    in_response_window: np.ndarray  # bool
    used_for_best_response: np.ndarray  # bool: has an estimate and outside windows
    time_in_bed_hours: np.ndarray  # float64, NaN = not recorded
    sleep_efficiency: np.ndarray  # percent, NaN = not recorded
    mme: np.ndarray  # oral morphine mg equivalents, 0 = none, NaN = a dose not converted

    def basis(self, i: int) -> str:
        return self.basis_labels[int(self.basis_code[i])]


@dataclass(frozen=True, slots=True, eq=False)
class Analysis:
    today: date
    nights: int
    first_night: date | None
    last_night: date | None
    series: NightSeries
    readings: tuple[FerritinReading, ...]  # every ferritin reading, used or not
    latest_ferritin: FerritinReading | None  # latest used reading
    best_response: BestResponse
    infusions: tuple[CourseResult, ...]  # infusion courses (spec §4), oldest first
    response_windows: tuple[tuple[date, date], ...]  # per course: first dose, last + 42 days
    trend: Trend
    check_prompt: CheckPrompt
    next_ferritin_check: date | None
    iv_iron: IvIronRule

    @property
    def repeat_possible(self) -> bool | None:
        """The 300 ng/mL rule of thumb: None when it is withheld or there is no ferritin."""
        return self.iv_iron.repeat_possible

    symptoms_sleep: SymptomSleepSummary
    opioids: OpioidSummary
    augmentation: AugmentationWatch
    iron_forms: IronForms
    tags: tuple[TagComparison, ...]


def nightly_ferritin_and_best(
    days: np.ndarray,
    sev: np.ndarray,
    readings: list[FerritinReading],
    courses: tuple[InfusionCourse, ...],
    cache: MutableMapping[str, BestResponse] | None = None,
) -> tuple[FerritinEstimate, np.ndarray, BestResponse]:
    """The estimated ferritin of each night, the response-window mask, and the best-response
    level from the nights with an estimate outside the windows (sections 1-3)."""
    r_days, r_values = used_points(readings)
    starts = course_starts(courses)
    est = estimate(days, r_days, r_values, starts)
    in_window = response_window_mask(days, courses)
    eligible = ~np.isnan(est.value) & ~in_window
    if len(days):
        calendar = np.arange(days[0], days[-1] + 1, dtype=np.int64)
        serum = estimate(calendar, r_days, r_values, starts).value
    else:
        serum = np.zeros(0)
    first = int(days[0]) if len(days) else 0
    best = best_response(
        days[eligible], sev[eligible], est.anchor[eligible], first, serum, cache=cache
    )
    return est, in_window, best


def analyse(
    contents: DiaryContents,
    today: date,
    cache: MutableMapping[str, BestResponse] | None = None,
) -> Analysis:
    """Work out everything in docs/analysis.md from the plain records (pure, deterministic).

    `cache`, owned by the caller, keeps best-response results by the content they rest on
    (best_response.content_key), so analysing an unchanged diary again skips its bootstrap."""
    nights = _prep.nights(contents)
    labs = _prep.labs(contents)
    infusions = _prep.infusions(contents)
    venesections = _prep.venesections(contents)
    doses = _prep.doses(contents)
    supplements = _prep.supplements(contents)

    days = _prep.day_numbers(n.date for n in nights)
    sev = np.fromiter((n.rls_severity for n in nights), dtype=np.float64, count=len(nights))
    sleep = np.array(
        [np.nan if n.sleep_hours is None else n.sleep_hours for n in nights], dtype=np.float64
    )
    courses = infusion_courses(infusions)
    readings = ferritin_readings(labs, courses)
    est, in_window, best = nightly_ferritin_and_best(days, sev, readings, courses, cache)
    eligible = ~np.isnan(est.value) & ~in_window
    if best.ferritin is not None:
        best = replace(best, confounded=confounding(doses, supplements, days[eligible]))

    used = [r for r in readings if r.used]
    latest = used[-1] if used else None
    course_list = course_results(courses, readings, days, sev, today)
    trend = iron_trend(readings, courses, [v.date for v in venesections], best.ferritin)

    tib, eff = time_in_bed_and_efficiency(nights)
    summary = summarise(days, sev, sleep, tib, eff)
    mme, skipped = mme_per_night(doses, days)
    last_30 = (days.max() - days < WINDOW_DAYS) if len(days) else np.zeros(0, dtype=bool)

    series = NightSeries(
        dates=(days - _EPOCH).astype("datetime64[D]"),
        severity=sev,
        sleep_hours=sleep,
        ferritin=est.value,
        basis_code=est.basis_code,
        basis_labels=BASIS_LABELS,
        in_response_window=in_window,
        used_for_best_response=eligible,
        time_in_bed_hours=tib,
        sleep_efficiency=eff,
        mme=mme,
    )
    return Analysis(
        today=today,
        nights=len(nights),
        first_night=nights[0].date if nights else None,
        last_night=nights[-1].date if nights else None,
        series=series,
        readings=tuple(readings),
        latest_ferritin=latest,
        best_response=best,
        infusions=course_list,
        response_windows=tuple((c.first, c.window_end) for c in courses),
        trend=trend,
        check_prompt=check_prompt(latest, best.ferritin, summary),
        next_ferritin_check=next_check(course_list),
        iv_iron=iv_iron_rule(readings, latest, labs, venesections, bool(infusions), today),
        symptoms_sleep=summary,
        opioids=summarise_mme(mme, last_30, skipped),
        augmentation=watch(nights, doses, days, sev),
        iron_forms=iron_forms(supplements, doses, days, sev, in_window),
        tags=compare_tags(nights, days, sev),
    )
