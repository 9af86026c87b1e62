"""Split infusion doses less than 29 days apart form one course (spec §4)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from diary.analysis.windows import infusion_courses, response_window_mask
from diary.records import Infusion


def _doses(start: date, gaps: list[int], mg: float, product: str) -> list[Infusion]:
    out, day = [Infusion(start, product, mg)], start
    for g in gaps:
        day += timedelta(g)
        out.append(Infusion(day, product, mg))
    return out


def test_two_750_mg_a_week_apart_are_one_course_of_1500_mg() -> None:
    (course,) = infusion_courses(_doses(date(2025, 6, 2), [7], 750, "ferric_carboxymaltose"))
    assert (course.first, course.last, course.dose_mg) == (date(2025, 6, 2), date(2025, 6, 9), 1500)
    assert course.window_end == date(2025, 7, 21)


def test_five_200_mg_iron_sucrose_over_two_weeks_are_one_course() -> None:
    (course,) = infusion_courses(_doses(date(2025, 1, 6), [3, 4, 3, 4], 200, "iron_sucrose"))
    assert len(course.doses) == 5
    assert course.dose_mg == 1000


def test_a_dose_28_days_later_joins_and_29_days_later_starts_a_new_course() -> None:
    assert len(infusion_courses(_doses(date(2025, 1, 1), [28], 500, "other"))) == 1
    assert len(infusion_courses(_doses(date(2025, 1, 1), [29], 500, "other"))) == 2


def test_response_window_runs_from_first_dose_to_42_days_after_the_last() -> None:
    courses = infusion_courses(_doses(date(2025, 6, 2), [7], 750, "ferric_carboxymaltose"))
    days = np.array([date(2025, 6, 1), date(2025, 6, 2), date(2025, 7, 21), date(2025, 7, 22)])
    mask = response_window_mask(np.array([d.toordinal() for d in days]), courses)
    assert mask.tolist() == [False, True, True, False]
