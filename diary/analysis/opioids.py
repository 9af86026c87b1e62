"""Oral morphine milligram equivalents (MME) per night, from the catalogue's factors.

Factors are `catalog.Medicine.mme_per_unit` (CDC 2022 opioid guideline conversion table,
documented in the catalogue). Oxycodone-naloxone is entered as its oxycodone mg, so it takes
oxycodone's factor. Only doses in the medicine's usual unit are converted; others (tablets,
ml, drops) and buprenorphine (no accepted factor) are counted as not converted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from diary import catalog
from diary.analysis import _prep
from diary.records import Dose


@dataclass(frozen=True, slots=True)
class OpioidSummary:
    nights_with_opioid: int
    mean_mme_last_30: float | None  # over the last-30 nights that had an opioid
    max_mme: float | None
    doses_not_converted: int


def mme_per_night(doses: list[Dose], night_days: np.ndarray) -> tuple[np.ndarray, int]:
    """MME for each night day (0 where no opioid), and the count of unconvertible doses."""
    per_day: dict[int, list[float]] = {}
    skipped = 0
    meds = _prep.medicines_by_name(d.medication for d in doses)
    for dose in doses:
        med = meds[dose.medication]
        if med is None or med.klass != catalog.MedicineClass.OPIOID:
            continue
        if med.mme_per_unit is None or dose.unit != med.usual_unit:
            skipped += 1
            continue
        day = dose.date.toordinal()
        per_day.setdefault(day, []).append(dose.amount * med.mme_per_unit)
    # fsum is exactly rounded, so the totals do not depend on the order of the doses.
    totals = {day: math.fsum(parts) for day, parts in per_day.items()}
    out = np.array([totals.get(int(d), 0.0) for d in night_days], dtype=np.float64)
    return out, skipped


def summarise_mme(mme: np.ndarray, last_30: np.ndarray, skipped: int) -> OpioidSummary:
    taken = mme > 0
    recent = mme[last_30 & taken]
    return OpioidSummary(
        nights_with_opioid=int(taken.sum()),
        mean_mme_last_30=round(float(recent.mean()), 1) if len(recent) else None,
        max_mme=round(float(mme.max()), 1) if taken.any() else None,
        doses_not_converted=skipped,
    )
