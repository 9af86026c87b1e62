"""The report's test diaries: the demo, an opioid patient, a venesection patient, a new diary.

Each is built from plain records with a known story, so that a test can say what the
printed report must show (the medicines, the venesections, the flags) and check it.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from diary.demo import generate_contents
from diary.records import (
    DiaryContents,
    Dose,
    LabResult,
    Night,
    Profile,
    Venesection,
)

END = date(2026, 3, 1)


def lab(day: date, test: str, value: float, unit: str = "ng/mL") -> LabResult:
    return LabResult(day, test, float(value), unit, canonical_value=float(value))


def demo() -> DiaryContents:
    return generate_contents(seed=1, years=2, end=END)


def opioid_patient() -> DiaryContents:
    """An 80-year-old on pregabalin, oxycodone entered under two names, and pramipexole
    whose symptoms began over two hours earlier in the last four weeks (augmentation)."""
    rng = random.Random(7)
    start = END - timedelta(days=299)
    nights, doses = [], []
    for i in range(300):
        d = start + timedelta(i)
        late = i >= 300 - 28
        onset = time(17, 0) if late else time(21, 30)
        sev = min(10, max(0, round(rng.gauss(7.5 if late else 5.0, 1.2))))
        nights.append(
            Night(
                d,
                sev,
                sleep_hours=round(rng.uniform(2.5, 6.5), 1),
                bedtime=time(22, 45),
                wake_time=time(6, 15),
                sleep_latency_min=rng.choice((20, 45, 90)),
                awakenings=rng.randint(1, 5),
                symptom_onset=onset,
                notes="Legs kept me up until 3 am." if i % 61 == 0 else "",
                for_doctor=i % 61 == 0,
            )
        )
        doses.append(Dose(d, "pregabalin", 50, "mg", time(20, 0)))
        doses.append(Dose(d, "pramipexole", 0.25, "mg", time(19, 0)))
        # The same opioid, logged under its generic name some nights and the brand others.
        doses.append(Dose(d, "oxycodone" if i % 2 else "Oxycontin", 10, "mg", time(21, 0)))
    labs = (
        lab(start + timedelta(20), "ferritin", 109),
        lab(start + timedelta(20), "tsat", 24, "%"),
        lab(start + timedelta(150), "ferritin", 104),
        lab(start + timedelta(280), "ferritin", 98),
        lab(start + timedelta(280), "tsat", 21, "%"),
    )
    return DiaryContents(
        nights=tuple(nights),
        labs=labs,
        doses=tuple(sorted(doses, key=lambda x: x.date)),
        profile=Profile("Picol Example", 1946, "Dr Lee, general practice"),
    )


def venesection_patient() -> DiaryContents:
    """Haemochromatosis: ferritin brought down from 686 by venesections every 4 weeks."""
    rng = random.Random(11)
    start = END - timedelta(days=364)
    sessions = [start + timedelta(14 + 28 * k) for k in range(11)]
    ferritin = 686.0
    labs, venesections = [], []
    for k, d in enumerate(sessions):
        if k < 10:
            labs.append(lab(d, "ferritin", round(ferritin)))
        venesections.append(Venesection(d, 450, "routine" if k else "first venesection"))
        ferritin = max(60.0, ferritin * 0.78)
    labs.append(lab(sessions[-1] + timedelta(7), "tsat", 31, "%"))
    nights = tuple(
        Night(
            start + timedelta(i),
            min(10, max(0, round(rng.gauss(3.0 + i / 120, 1.3)))),
            sleep_hours=round(rng.uniform(5.0, 7.5), 1),
        )
        for i in range(365)
    )
    doses = tuple(Dose(n.date, "gabapentin", 300, "mg", time(21, 0)) for n in nights[200:])
    return DiaryContents(
        nights=nights,
        labs=tuple(sorted(labs, key=lambda x: x.date)),
        doses=doses,
        venesections=tuple(venesections),
        profile=Profile("Madlegs Example", 1956),
    )


def new_diary() -> DiaryContents:
    """Three nights, nothing else: the first report someone prints."""
    nights = tuple(
        Night(END - timedelta(2 - i), s, sleep_hours=h)
        for i, (s, h) in enumerate(((6, 4.5), (7, 4.0), (5, 5.5)))
    )
    return DiaryContents(nights=nights)


PATIENTS = {
    "demo": demo,
    "opioid": opioid_patient,
    "venesection": venesection_patient,
    "new": new_diary,
}
