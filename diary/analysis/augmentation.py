"""Augmentation watch for people taking dopaminergic medicine (beyond the seed; basis below).

Augmentation, the drug-induced worsening of RLS on dopaminergic treatment, shows as symptoms
starting earlier in the day and growing stronger (IRLSSG augmentation criteria, García-Borreguero
et al., Sleep Med 2016); it is most frequent on levodopa, and common on the dopamine agonists.
The diary watches two simple signs, only while a dopamine agonist or levodopa (catalogue
classes; brands such as Sifrol or Sinemet count through their generic) was taken in the last
28 days:
- onset: the mean symptom-onset time of the last 28 days is 2 hours or more earlier than
  in the 28 days before (at least 7 recorded onsets in each; onsets before 05:00 count as
  late evening of the day before);
- severity: after a good spell (the 28 days before the last 7 with at least 14 nights and
  mean severity 4 or less), 5 or more of the last 7 nights are 2 points or more above that
  spell's mean.
It is a prompt to look and talk with a clinician, not a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from diary import catalog
from diary.analysis import _prep
from diary.records import Dose, Night

WINDOW = 28
MIN_ONSETS = 7
ONSET_SHIFT_MIN = 120
RECENT = 7
WORSE_NIGHTS = 5
WORSE_BY = 2.0
GOOD_SPELL_MEAN = 4.0
MIN_SPELL_NIGHTS = 14
WRAP_BEFORE_MIN = 5 * 60


# The catalogue classes that can cause augmentation.
DOPAMINERGIC = (catalog.MedicineClass.DOPAMINE_AGONIST, catalog.MedicineClass.LEVODOPA)


@dataclass(frozen=True, slots=True)
class AugmentationWatch:
    on_dopaminergic: bool  # a dopamine agonist or levodopa in the last 28 days
    medicines: tuple[str, ...]  # which of them (generic names)
    onset_earlier_minutes: float | None  # positive = symptoms began earlier recently
    onset_flag: bool
    worse_recent_nights: int | None  # of the last 7 nights, how many were clearly worse
    spell_mean: float | None
    severity_flag: bool

    @property
    def flagged(self) -> bool:
        return self.onset_flag or self.severity_flag


def watch(
    nights: list[Night], doses: list[Dose], days: np.ndarray, sev: np.ndarray
) -> AugmentationWatch:
    if len(days) == 0:
        return AugmentationWatch(False, (), None, False, None, None, False)
    last = int(days.max())
    recent = {d.medication for d in doses if last - d.date.toordinal() < WINDOW}
    meds = _prep.medicines_by_name(recent)
    dopaminergic = sorted(
        {m.name for name in recent if (m := meds[name]) is not None and m.klass in DOPAMINERGIC}
    )
    on_da = bool(dopaminergic)
    onset = np.array(
        [
            np.nan
            if n.symptom_onset is None
            else (lambda m: m + 1440 if m < WRAP_BEFORE_MIN else m)(
                n.symptom_onset.hour * 60 + n.symptom_onset.minute
            )
            for n in nights
        ],
        dtype=np.float64,
    )
    age = last - days
    recent_on = onset[(age < WINDOW) & ~np.isnan(onset)]
    before_on = onset[(age >= WINDOW) & (age < 2 * WINDOW) & ~np.isnan(onset)]
    shift = None
    if len(recent_on) >= MIN_ONSETS and len(before_on) >= MIN_ONSETS:
        shift = round(float(before_on.mean() - recent_on.mean()), 0)
    recent_sev = sev[age < RECENT]
    spell = sev[(age >= RECENT) & (age < RECENT + WINDOW)]
    worse, spell_mean, sev_flag = None, None, False
    if len(spell) >= MIN_SPELL_NIGHTS and len(recent_sev):
        spell_mean = round(float(spell.mean()), 2)
        worse = int((recent_sev >= spell_mean + WORSE_BY).sum())
        sev_flag = on_da and spell_mean <= GOOD_SPELL_MEAN and worse >= WORSE_NIGHTS
    return AugmentationWatch(
        on_da,
        tuple(dopaminergic),
        shift,
        on_da and shift is not None and shift >= ONSET_SHIFT_MIN,
        worse,
        spell_mean,
        sev_flag,
    )
