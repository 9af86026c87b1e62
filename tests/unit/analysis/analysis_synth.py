"""Synthetic patients with a known truth, for the analysis tests and the benchmark."""

from __future__ import annotations

from datetime import date, time, timedelta

import numpy as np

from diary.records import DiaryContents, Dose, Infusion, LabResult, Night, Supplement


def ferritin_lab(day: date, value: float, inflammation: bool = False) -> LabResult:
    return LabResult(
        day,
        "ferritin",
        float(value),
        "ng/mL",
        inflammation=inflammation,
        canonical_value=float(value),
    )


def plateau_patient(
    truth: float | None,
    *,
    days: int = 720,
    seed: int = 1,
    noise: float = 1.2,
    lab_every: int = 45,
    low: float = 20.0,
    high: float = 450.0,
    start: date = date(2023, 1, 2),
) -> DiaryContents:
    """Ferritin wanders between `low` and `high` (a reading every `lab_every` days, straight
    lines between); severity is about 7 below `truth` and about 2 at or above it (or random
    around 4.5 at every level when `truth` is None)."""
    rng = np.random.default_rng(seed)
    lab_days = list(range(0, days, lab_every))
    if lab_days[-1] != days - 1:
        lab_days.append(days - 1)
    values = rng.uniform(low, high, size=len(lab_days)).round(0)
    labs = tuple(
        ferritin_lab(start + timedelta(d), v) for d, v in zip(lab_days, values, strict=True)
    )
    true_f = np.interp(np.arange(days), lab_days, values)
    mean = np.full(days, 4.5) if truth is None else np.where(true_f < truth, 7.0, 2.0)
    sev = np.clip(np.round(mean + rng.normal(0, noise, days)), 0, 10).astype(int)
    sleep = np.clip(8 - 0.4 * sev + rng.normal(0, 0.5, days), 0, 24).round(1)
    nights = tuple(
        Night(
            start + timedelta(i),
            int(sev[i]),
            sleep_hours=float(sleep[i]),
            bedtime=time(22, 30),
            wake_time=time(6, 30),
            sleep_latency_min=20,
            symptom_onset=time(20, 0),
            tags=("overtired",) if i % 5 == 0 else (),
        )
        for i in range(days)
    )
    return DiaryContents(nights=nights, labs=labs)


def long_diary(years: int = 20, seed: int = 1, end: date = date(2026, 1, 1)) -> DiaryContents:
    """A ~365*years-night diary with labs, infusions, medicines and supplements."""
    days = 365 * years
    start = end - timedelta(days - 1)
    base = plateau_patient(150.0, days=days, seed=seed, start=start, lab_every=60)
    rng = np.random.default_rng(seed + 1)
    infusions = tuple(
        Infusion(start + timedelta(int(d)), "ferric_carboxymaltose", 1000.0)
        for d in range(200, days, 500)
    )
    crp = tuple(
        LabResult(
            start + timedelta(int(d)),
            "crp",
            float(rng.uniform(1, 12)),
            "mg/L",
            canonical_value=None,
        )
        for d in range(0, days, 60)
    )
    doses = tuple(
        Dose(
            start + timedelta(i),
            "pramipexole" if i % 3 else "oxycodone",
            0.25 if i % 3 else 10.0,
            "mg",
            time=time(21, 0),
        )
        for i in range(days)
    )
    sups = tuple(
        Supplement(
            start + timedelta(i),
            "ferrous_bisglycinate",
            25.0,
            time=time(8 if i % 2 else 22, 0),
            elemental_iron_mg=25.0,
        )
        for i in range(0, days, 2)
    )
    return DiaryContents(
        nights=base.nights, labs=base.labs + crp, doses=doses, supplements=sups, infusions=infusions
    )
