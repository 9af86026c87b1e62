"""Synthetic patients whose best-response ferritin T is known, for the simulation study.

Serum ferritin drifts towards a floor below T; when it has fallen low, an infusion course
(one dose, two a week apart, or five over two weeks) lifts it well above T, with a serum
overshoot for the first weeks. The brain follows serum with an exponential lag; severity
follows the brain on a plateau-slope-plateau curve (best at and above T), plus nightly noise,
slow day-to-day swings, and whole missed weeks. Ferritin is measured every 4 to 8 weeks.
Null families break the link in the ways real diaries do (flares, seasons, drift, ferritin
that hardly moves).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from diary.records import DiaryContents, Infusion, LabResult, Night

START = date(2022, 1, 3)


@dataclass(frozen=True)
class Patient:
    """What a cell of the study varies; `family` is 'signal', 'u_shape' or a null's name."""

    family: str = "signal"
    truth: float = 120.0
    width: float = 0.3  # the slope's width as a share of T (small = near-step)
    noise: float = 1.5  # nightly noise SD (points)
    years: float = 2.0
    drop: float = 3.0  # points worse at the bottom of the slope than on the plateau
    missed_weeks: float = 0.1  # share of weeks with no nights logged


def _ar(rng: np.random.Generator, n: int, sd: float, days: float) -> np.ndarray:
    """Day-to-day swings: an AR(1) series with this SD and correlation time."""
    phi = float(np.exp(-1.0 / days))
    e = rng.normal(0.0, sd * np.sqrt(1 - phi * phi), n)
    out = np.empty(n)
    acc = rng.normal(0.0, sd)
    for i in range(n):
        acc = phi * acc + e[i]
        out[i] = acc
    return out


def _serum(
    rng: np.random.Generator, n: int, truth: float, overload: bool
) -> tuple[np.ndarray, list[Infusion]]:
    """Daily serum ferritin with infusion courses and their overshoot."""
    floor = truth * rng.uniform(0.25, 0.45)
    tau = rng.uniform(100, 220)
    settled = np.empty(n)
    level = truth * rng.uniform(0.4, 1.6)
    overshoot = np.zeros(n)
    infusions: list[Infusion] = []
    next_allowed = int(rng.integers(20, 120))
    trigger = truth * rng.uniform(0.5, 0.8)
    for i in range(n):
        level = floor + (level - floor) * np.exp(-1.0 / tau)
        if i >= next_allowed and level < trigger:
            rise = truth * (rng.uniform(3.0, 5.0) if overload else rng.uniform(1.2, 2.2))
            dose = rise / 11.0 * 100.0
            kind = rng.integers(0, 3)
            split = (1,) if kind == 0 else ((2,) if kind == 1 else (5,))
            parts = split[0]
            gaps = [0] if parts == 1 else ([0, 7] if parts == 2 else [0, 3, 7, 10, 14])
            product = "iron_sucrose" if parts == 5 else "ferric_carboxymaltose"
            for g in gaps:
                if i + g < n:
                    day = START + timedelta(i + g)
                    infusions.append(Infusion(day, product, float(round(dose / parts))))
            level += rise
            t = np.arange(n - i)
            overshoot[i:] += rise * rng.uniform(0.8, 1.5) * np.exp(-t / 14.0)
            next_allowed = i + int(rng.integers(120, 240))
            trigger = truth * rng.uniform(0.4, 0.8)
        settled[i] = level
    return settled + overshoot, infusions


def _brain(serum: np.ndarray, lag: float) -> np.ndarray:
    a = np.exp(-1.0 / lag)
    out = np.empty_like(serum)
    acc = serum[0]
    for i, v in enumerate(serum):
        acc = a * acc + (1 - a) * v
        out[i] = acc
    return out


def _readings(rng: np.random.Generator, serum: np.ndarray) -> list[LabResult]:
    labs = []
    day = int(rng.integers(0, 20))
    while day < len(serum):
        value = float(round(serum[day] * rng.normal(1.0, 0.05)))
        labs.append(
            LabResult(START + timedelta(day), "ferritin", value, "ng/mL", canonical_value=value)
        )
        day += int(rng.integers(28, 57))
    return labs


def curve(brain: np.ndarray, truth: float, width: float, drop: float) -> np.ndarray:
    """Mean severity above the plateau: 0 from T upwards, `drop` at T*(1-width) and below."""
    w = max(width * truth, 1e-6)
    return drop * np.clip((truth - brain) / w, 0.0, 1.0)


def patient(p: Patient, seed: int) -> tuple[DiaryContents, dict[str, float]]:
    """One synthetic diary and its hidden truth (T, lag, worse_above where there is one)."""
    rng = np.random.default_rng(seed)
    n = round(365 * p.years)
    lag = float(rng.choice([7.0, 14.0, 21.0]))
    t = np.arange(n)
    truth: dict[str, float] = {"T": p.truth, "lag": lag}
    infusions: list[Infusion] = []
    if p.family == "drift":
        serum = np.linspace(p.truth * 0.3, p.truth * 2.0, n) * np.exp(_ar(rng, n, 0.08, 30))
        mean = 2.0 + p.drop * (1 - t / n)
    elif p.family == "narrow":
        serum = 109.0 + _ar(rng, n, 2.0, 40)
        mean = np.full(n, 4.0)
    else:
        serum, infusions = _serum(rng, n, p.truth, overload=p.family == "u_shape")
        brain = _brain(serum, lag)
        if p.family in ("signal", "u_shape"):
            mean = 2.0 + curve(brain, p.truth, p.width, p.drop)
            if p.family == "u_shape":
                over = p.truth * 2.5
                truth["worse_above"] = over
                mean = mean + np.clip((brain - over) / p.truth, 0.0, 1.0) * 3.0
        elif p.family == "none":
            mean = np.full(n, 4.0)
        elif p.family == "seasonal":
            mean = 4.0 + 1.5 * np.sin(2 * np.pi * (t / 365.0 + rng.uniform()))
        elif p.family == "flares":
            weeks = n // 7 + 1
            flare = np.zeros(weeks)
            w = 0
            while w < weeks:
                if rng.uniform() < 0.06:
                    length = int(rng.integers(2, 7))
                    flare[w : w + length] = 3.0
                    w += length
                w += 1
            mean = 3.0 + np.repeat(flare, 7)[:n]
        else:
            raise ValueError(p.family)
    sev = mean + _ar(rng, n, 0.6, 5.0) + rng.normal(0.0, p.noise, n)
    sev = np.clip(np.round(sev), 0, 10).astype(int)
    keep = np.repeat(rng.uniform(size=n // 7 + 1) >= p.missed_weeks, 7)[:n]
    nights = tuple(Night(START + timedelta(int(i)), int(sev[i])) for i in np.flatnonzero(keep))
    return DiaryContents(
        nights=nights, labs=tuple(_readings(rng, serum)), infusions=tuple(infusions)
    ), truth


def gap_patient(seed: int) -> tuple[DiaryContents, dict[str, float]]:
    """Ferritin 30 with bad nights, a long stretch with no nights logged while ferritin rose,
    then ferritin 170 with good nights: the level cannot be placed inside the gap."""
    rng = np.random.default_rng(seed)
    low_days, gap, high_days = int(rng.integers(120, 240)), 150, int(rng.integers(120, 240))
    n = low_days + gap + high_days
    serum = np.concatenate(
        [np.full(low_days, 30.0), np.linspace(30, 170, gap), np.full(high_days, 170.0)]
    )
    truth = float(rng.uniform(60, 160))
    mean = np.where(serum < truth, 6.0, 2.0)
    sev = np.clip(np.round(mean + rng.normal(0, 1.2, n)), 0, 10).astype(int)
    logged = [i for i in range(n) if i < low_days or i >= low_days + gap]
    nights = tuple(Night(START + timedelta(i), int(sev[i])) for i in logged)
    labs = []
    for day in [*range(0, low_days, 40), *range(low_days + gap, n, 40)]:
        value = float(serum[day])
        labs.append(
            LabResult(START + timedelta(day), "ferritin", value, "ng/mL", canonical_value=value)
        )
    return DiaryContents(nights=nights, labs=tuple(labs)), {"T": truth, "bad": 30.0, "good": 170.0}
