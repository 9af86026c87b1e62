"""The demo patient's nights: severity, sleep, tags and notes, and the intake logged with them."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from datetime import time

from diary.demo import model
from diary.demo.timeline import Timeline
from diary.records import Dose, Night, Supplement

DAY = 24 * 60
MISSED_FRACTION = 0.05


@dataclass
class NightLog:
    """The logged nights and intake; `insomnia` holds the indexes of sleepless calm nights."""

    nights: list[Night] = field(default_factory=list)
    doses: list[Dose] = field(default_factory=list)
    supplements: list[Supplement] = field(default_factory=list)
    insomnia: set[int] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _Sleep:
    bedtime: int  # minutes after the evening's midnight (may pass the next midnight)
    latency: int
    awakenings: int
    wake: int
    hours: float
    quality: int


def simulate_nights(rng: random.Random, t: Timeline) -> NightLog:
    log = NightLog()
    missing = _gaps(rng, t.days, MISSED_FRACTION)
    travel = _runs(rng, t.days, start=3 / 365, length=(3, 8))
    for day in t.notes:
        missing[day] = False
    missing[0] = False
    noise = 0.0
    insomnia_before = False
    for i in range(t.days):
        when = t.day(i)
        weekend = when.weekday() in (4, 5)
        name, mg, level = t.alpha2[i]
        forgot = rng.random() < 0.02
        tags = _tags(rng, weekend, travel[i], t.ill[i])
        mean = model.ferritin_severity(t.brain[i]) + sum(model.TAG_EFFECTS[x] for x in tags)
        if not forgot:
            mean -= model.ALPHA2_RELIEF[level]
        if t.opioid[i]:
            mean -= model.OPIOID_RELIEF
        noise = 0.5 * noise + rng.gauss(0.0, 0.9)
        severity = round(min(10.0, max(0.0, mean + noise)))
        # Sleeplessness with calm legs, in short runs; magnesium made it worse for her.
        chance = 0.35 if insomnia_before else (0.15 if t.magnesium[i] else 0.06)
        insomnia = severity <= 3 and rng.random() < chance
        insomnia_before = insomnia
        sleep = _sleep(rng, severity, insomnia, weekend, travel[i], "alcohol" in tags)
        if missing[i]:
            continue
        if insomnia:
            log.insomnia.add(i)
        notes = t.notes.get(i) or _note(rng, severity, insomnia, tags, forgot, name, sleep)
        detail = rng.random()
        log.nights.append(
            _night(rng, t, i, severity, sleep, detail, tuple(tags), notes, forgot, name)
        )
        if not forgot:
            slot = rng.choice(((20, 45), (21, 0), (21, 0), (21, 15), (21, 30)))
            log.doses.append(Dose(when, name, mg, "mg", time(*slot)))
        if t.opioid[i]:
            log.doses.append(Dose(when, "oxycodone", 5.0, "mg", time(22, 0)))
        log.supplements.extend(_supplements(rng, t, i))
    log.doses.sort(key=lambda d: (d.date, d.time or time(0), d.medication))
    log.supplements.sort(key=lambda s: (s.date, s.time or time(0), s.product))
    return log


def _gaps(rng: random.Random, n: int, fraction: float) -> list[bool]:
    """About `fraction` of the days left unlogged: single nights, and runs of 3-8 nights."""
    missed = [False] * n
    count, target = 0, round(fraction * n)
    while count < target:
        first = rng.randrange(n)
        length = 1 if rng.random() < 0.6 else rng.randint(3, 8)
        for day in range(first, min(n, first + length)):
            count += not missed[day]
            missed[day] = True
    return missed


def _runs(rng: random.Random, n: int, start: float, length: tuple[int, int]) -> list[bool]:
    """Runs of several days in a row, each starting on a day with chance `start`."""
    marked = [False] * n
    i = 0
    while i < n:
        if rng.random() < start:
            stop = min(n, i + rng.randint(*length))
            marked[i:stop] = [True] * (stop - i)
            i = stop
        else:
            i += 1
    return marked


def _tags(rng: random.Random, weekend: bool, travel: bool, ill: bool) -> list[str]:
    tags = ["travel"] if travel else []
    if ill:
        tags.append("ill")
    for tag, rate in model.TAG_RATES.items():
        if tag == "alcohol" and weekend:
            rate *= 2.5
        elif tag == "overtired" and travel:
            rate *= 3.0
        if rng.random() < rate:
            tags.append(tag)
    return tags


def _sleep(
    rng: random.Random, severity: int, insomnia: bool, weekend: bool, travel: bool, alcohol: bool
) -> _Sleep:
    bed = 22 * 60 + 45 + rng.gauss(0.0, 25.0) + (35 if weekend else 0)
    if travel:
        bed += rng.gauss(0.0, 40.0)
    wake = DAY + 6 * 60 + 50 + rng.gauss(0.0, 20.0) + (50 if weekend else 0)
    bed_min, wake_min = 5 * round(bed / 5), 5 * round(wake / 5)
    if insomnia:
        latency = rng.randint(18, 48) * 5
    else:
        latency = max(2, round(6 + 6 * severity + rng.gauss(0.0, 8.0)))
        if latency > 15:
            latency = 5 * round(latency / 5)
    awakenings = _poisson(
        rng, 0.3 + 0.25 * severity + (1.0 if alcohol else 0.0) + (0.5 if insomnia else 0.0)
    )
    # Minutes awake in the night: each awakening, plus walking about on bad nights.
    awake = sum(rng.randint(5, 20) for _ in range(awakenings))
    if awakenings:
        awake += max(0, severity - 5) * 10
    in_bed = wake_min - bed_min
    latency = min(latency, in_bed - 60)
    awake = min(awake, in_bed - latency - 30)
    hours = round((in_bed - latency - awake) / 60, 1)
    quality = round(1 + (hours - 3.5) * 0.9 - 0.12 * severity + rng.gauss(0.0, 0.5))
    quality = min(5, max(1, quality))
    if insomnia:
        quality = min(quality, 2)
    return _Sleep(bed_min, latency, awakenings, wake_min, hours, quality)


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _clock(minutes: float) -> time:
    m = round(minutes) % DAY
    return time(m // 60, m % 60)


def _night(
    rng: random.Random,
    t: Timeline,
    i: int,
    severity: int,
    sleep: _Sleep,
    detail: float,
    tags: tuple[str, ...],
    notes: str,
    forgot: bool,
    medicine: str,
) -> Night:
    onset = None
    if severity > 0 and detail < 0.94 and rng.random() < 0.8:
        at = 22 * 60 - (severity - 3) * 25 + rng.gauss(0.0, 30.0)
        onset = _clock(5 * round(min(25 * 60, max(14 * 60, at)) / 5))
    for_doctor = i in t.for_doctor or (severity >= 9 and bool(notes) and rng.random() < 0.5)
    night = Night(
        date=t.day(i),
        rls_severity=severity,
        symptom_onset=onset,
        tags=tags,
        notes=notes,
        for_doctor=for_doctor,
    )
    if detail < 0.86:  # the full record
        return replace(
            night,
            sleep_hours=sleep.hours,
            bedtime=_clock(sleep.bedtime),
            wake_time=_clock(sleep.wake),
            sleep_latency_min=sleep.latency,
            awakenings=sleep.awakenings,
            sleep_quality=sleep.quality,
        )
    if detail < 0.94:  # a tired evening: just hours and how it felt
        return replace(night, sleep_hours=sleep.hours, sleep_quality=sleep.quality)
    return night


_BAD = (
    "Up walking the hall at 2 am.",
    "Legs awful all evening; could not sit through a film.",
    "Had to get up three times; a hot bath helped a little.",
    "Worst night in weeks. Kept out of bed by my legs.",
)
_SLEEPLESS = (
    "Legs calm but wide awake until {asleep}.",
    "No RLS tonight, and still could not sleep. It's not the legs keeping me awake.",
    "Mind racing, not the legs. Awake for hours.",
)
_GOOD = ("Best night in weeks.", "Hardly noticed my legs.")


def _note(
    rng: random.Random,
    severity: int,
    insomnia: bool,
    tags: list[str],
    forgot: bool,
    medicine: str,
    sleep: _Sleep,
) -> str:
    r = rng.random()
    if insomnia and r < 0.4:
        asleep = _clock(sleep.bedtime + sleep.latency).strftime("%H:%M")
        return rng.choice(_SLEEPLESS).format(asleep=asleep)
    if forgot and r < 0.6:
        return f"Forgot my {medicine} tonight."
    if severity >= 8 and r < 0.35:
        return rng.choice(_BAD)
    if "alcohol" in tags and severity >= 6 and r < 0.3:
        return "Two glasses of wine at dinner; paid for it."
    if "travel" in tags and r < 0.1:
        return "Long car journey; legs restless in the car."
    if "overtired" in tags and r < 0.1:
        return "Far too tired: RLS is always worse when I let myself get over-tired."
    if severity <= 1 and r < 0.15:
        return rng.choice(_GOOD)
    return ""


def _supplements(rng: random.Random, t: Timeline, i: int) -> list[Supplement]:
    when = t.day(i)
    out = []
    if t.oral_iron[i] == "ferrous_sulfate":
        for hour, vitamin_c in ((8, True), (20, False)):
            if rng.random() >= 0.05:
                at = time(hour, rng.choice((0, 15, 30)))
                out.append(Supplement(when, "ferrous_sulfate", 325.0, at, 65.0, vitamin_c))
    elif t.oral_iron[i] == "ferrous_bisglycinate" and rng.random() >= 0.06:
        at = time(22, rng.choice((0, 15, 30)))
        out.append(Supplement(when, "ferrous_bisglycinate", 25.0, at, 25.0, True))
    if t.magnesium[i]:
        out.append(Supplement(when, "magnesium", 250.0, time(21, 30)))
    return out
