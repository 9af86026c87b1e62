"""Infusion courses and their response windows (spec §2 and §4).

Iron is often infused in split doses: a dose less than 29 days after the previous one joins
its course; a single infusion is a course of one dose. The response window of a course runs
from its first dose to 42 days after its last: symptoms are still changing then, and serum
ferritin is still overshooting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from diary.records import Infusion

RESPONSE_DAYS = 42
COURSE_GAP_DAYS = 29  # a dose this many days or more after the previous one starts a new course


@dataclass(frozen=True, slots=True)
class InfusionCourse:
    """One course: its doses, oldest first (at least one)."""

    doses: tuple[Infusion, ...]

    @property
    def first(self) -> date:
        return self.doses[0].date

    @property
    def last(self) -> date:
        return self.doses[-1].date

    @property
    def dose_mg(self) -> float:
        return sum(d.dose_mg for d in self.doses)

    @property
    def window_end(self) -> date:
        """The last night of the response window (last dose + 42 days)."""
        return self.last + timedelta(RESPONSE_DAYS)


def infusion_courses(infusions: Iterable[Infusion]) -> tuple[InfusionCourse, ...]:
    """The infusions grouped into courses, oldest first."""
    ordered = sorted(infusions, key=lambda i: (i.date, i.product, i.dose_mg))
    groups: list[list[Infusion]] = []
    for inf in ordered:
        if groups and (inf.date - groups[-1][-1].date).days < COURSE_GAP_DAYS:
            groups[-1].append(inf)
        else:
            groups.append([inf])
    return tuple(InfusionCourse(tuple(g)) for g in groups)


def response_window_mask(night_days: np.ndarray, courses: Iterable[InfusionCourse]) -> np.ndarray:
    """True for each night (a `date.toordinal()` day number) inside any course's window."""
    mask = np.zeros(len(night_days), dtype=bool)
    for c in courses:
        mask |= (night_days >= c.first.toordinal()) & (night_days <= c.window_end.toordinal())
    return mask
