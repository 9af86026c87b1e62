"""Oral morphine milligram equivalents (MME) per night, from the catalogue's factors.

Factors are `catalog.Medicine.mme_per_unit` (CDC 2022 opioid guideline conversion table,
documented in the catalogue). Brands count through their generic (OxyContin is oxycodone).
Oxycodone-naloxone is entered as its oxycodone mg, so it takes oxycodone's factor. Only doses
in the medicine's usual unit are converted. An opioid dose that cannot be converted is never
dropped silently: it is counted as *not converted*, with its name and the reason, and its
night is left out of the MME figures (an MME for it would be too low):
- buprenorphine: the guideline gives no single factor (a partial agonist);
- a dose in another unit (tablets, ml, drops): the strength is unknown;
- a custom medicine whose name holds an opioid's stem or brand (fentanyl, hydromorphone,
  co-codamol, Palexia …): not in the catalogue, so no factor.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from diary import catalog
from diary.analysis import _prep
from diary.records import Dose

# Parts of opioid names and brands, matched inside a custom medicine's folded name.
_OPIOID_PARTS = re.compile(
    "morph|codon|codein|codamol|dydramol|fentan|tramad|tapentad|methad|bupren|pethid|meperid"
    "|levorphan|tilidin|piritram|nalbuph|butorph|pentazoc|dextroprop|opium|opioid|opiate"
    "|suboxone|subutex|butrans|norspan|durogesic|palexia|nucynta|percocet|vicodin|dilaudid"
    "|zaldiar|ultram|kapanol|palladone"
)

NO_FACTOR = "no accepted conversion factor"
NOT_IN_CATALOGUE = "not in the catalogue"


@dataclass(frozen=True, slots=True)
class NotConverted:
    """Opioid doses of one name that could not be turned into morphine equivalents."""

    name: str  # the generic, or the custom name as stored
    reason: str
    doses: int


@dataclass(frozen=True, slots=True)
class OpioidSummary:
    nights_with_opioid: int  # nights with any opioid dose, converted or not
    mean_mme_last_30: float | None  # over the last-30 nights whose opioid doses all converted
    max_mme: float | None  # over the nights whose opioid doses all converted
    doses_not_converted: int
    nights_not_converted: int  # nights with a dose not converted: left out of the MME figures
    not_converted: tuple[NotConverted, ...]


def opioid_sounding(name: str) -> bool:
    """True for a custom medicine name that holds an opioid's stem or brand."""
    return bool(_OPIOID_PARTS.search(catalog.fold(name)))


def _why_not(dose: Dose, med: catalog.Medicine | None) -> str | None:
    """Why an opioid dose cannot be converted; None when it can, or is no opioid."""
    if med is None:
        return NOT_IN_CATALOGUE if opioid_sounding(dose.medication) else None
    if med.klass != catalog.MedicineClass.OPIOID:
        return None
    if med.mme_per_unit is None:
        return NO_FACTOR
    if dose.unit != med.usual_unit:
        return (
            f"entered in {catalog.display_unit(dose.unit)}, not "
            f"{catalog.display_unit(med.usual_unit)}, so the strength is unknown"
        )
    return None


def mme_per_night(
    doses: list[Dose], night_days: np.ndarray
) -> tuple[np.ndarray, tuple[NotConverted, ...]]:
    """MME for each night day (0 where no opioid, NaN where an opioid dose could not be
    converted), and the doses not converted, by name and reason."""
    per_day: dict[int, list[float]] = {}
    blocked: set[int] = set()
    skipped: dict[tuple[str, str], int] = {}
    meds = _prep.medicines_by_name(d.medication for d in doses)
    for dose in doses:
        med = meds[dose.medication]
        day = dose.date.toordinal()
        why = _why_not(dose, med)
        if why is not None:
            key = (med.name if med else dose.medication, why)
            skipped[key] = skipped.get(key, 0) + 1
            blocked.add(day)
        elif med is not None and med.klass == catalog.MedicineClass.OPIOID:
            assert med.mme_per_unit is not None
            per_day.setdefault(day, []).append(dose.amount * med.mme_per_unit)
    # fsum is exactly rounded, so the totals do not depend on the order of the doses.
    totals = {day: math.fsum(parts) for day, parts in per_day.items()}
    out = np.array(
        [math.nan if int(d) in blocked else totals.get(int(d), 0.0) for d in night_days],
        dtype=np.float64,
    )
    listed = tuple(NotConverted(name, why, n) for (name, why), n in sorted(skipped.items()))
    return out, listed


def summarise_mme(
    mme: np.ndarray, last_30: np.ndarray, not_converted: tuple[NotConverted, ...]
) -> OpioidSummary:
    blocked = np.isnan(mme)
    taken = mme > 0  # NaN compares False: converted nights only
    recent = mme[last_30 & taken]
    return OpioidSummary(
        nights_with_opioid=int((taken | blocked).sum()),
        mean_mme_last_30=round(float(recent.mean()), 1) if len(recent) else None,
        max_mme=round(float(mme[taken].max()), 1) if taken.any() else None,
        doses_not_converted=sum(n.doses for n in not_converted),
        nights_not_converted=int(blocked.sum()),
        not_converted=not_converted,
    )
