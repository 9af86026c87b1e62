"""The demo patient's iron and treatment day by day: ferritin, infusions, blood tests, medicines."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial

from diary import catalog
from diary.demo import model
from diary.records import Infusion, LabResult

# Days after an infusion on which ferritin is re-checked (the seed's 8, 12 and 16 weeks).
POST_INFUSION_CHECKS = (56, 84, 112)
CHECK_LABELS = ("8-week check", "12-week check", "16-week check")
# Days between routine ferritin tests: every one to three months.
ROUTINE_GAP = (35, 85)
TRANSIENT_DAYS = 15.0

GP_LAB = "GP surgery"  # reports serum iron in ug/dL and haemoglobin in g/dL
HOSPITAL_LAB = "City Hospital"  # reports serum iron in umol/L and haemoglobin in g/L


@dataclass
class Timeline:
    """Everything that happened to the patient, day by day (index 0 is `start`)."""

    start: date
    days: int
    ferritin: list[float]  # true serum ferritin, ng/mL
    brain: list[float]  # the lagged ferritin that symptoms follow
    oral_iron: list[str | None]
    alpha2: list[tuple[str, float, int]]  # medicine, mg, level (0 low .. 2 full)
    opioid: list[bool]
    magnesium: list[bool]
    ill: list[bool]
    infusions: list[Infusion] = field(default_factory=list)
    labs: list[LabResult] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)
    for_doctor: set[int] = field(default_factory=set)

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)


def simulate_timeline(rng: random.Random, start: date, days: int) -> Timeline:
    return _Simulator(rng, start, days).run()


class _Simulator:
    def __init__(self, rng: random.Random, start: date, days: int) -> None:
        self.rng = rng
        self.n = days
        self.t = Timeline(
            start=start,
            days=days,
            ferritin=[0.0] * days,
            brain=[0.0] * days,
            oral_iron=[None] * days,
            alpha2=[("gabapentin", 0.0, 0)] * days,
            opioid=[False] * days,
            magnesium=[False] * days,
            ill=[False] * days,
        )
        self.actions: dict[int, list[Callable[[int], None]]] = defaultdict(list)
        self.checks: dict[int, str] = {}
        self.base = rng.uniform(27.0, 33.0)
        self.transient = 0.0
        self.brain = self.base
        self.k = rng.uniform(0.0035, 0.0045)
        self.oral: str | None = "ferrous_sulfate"
        self.alpha2_name = "gabapentin"
        self.level = 2
        self.level_changed = 0
        self.opioid = False
        self.magnesium = False
        self.last_infusion: int | None = None
        self.booked: int | None = None
        self.quiet = (-1, -1)
        self.trigger = rng.uniform(85.0, 95.0)
        self.next_routine = rng.randint(*ROUTINE_GAP)
        self.crp_from = int(days * 0.4)
        self.crp_done = False

    # -- planning ------------------------------------------------------------------------

    def at(self, day: int, action: Callable[[int], None]) -> None:
        if 0 <= day < self.n:
            self.actions[day].append(action)

    def note(self, day: int, text: str, for_doctor: bool = False) -> None:
        if not 0 <= day < self.n:
            return
        old = self.t.notes.get(day)
        self.t.notes[day] = f"{old} {text}" if old else text
        if for_doctor:
            self.t.for_doctor.add(day)

    def plan(self) -> None:
        rng = self.rng
        first = min(230, self.n // 2) + rng.randint(-10, 10)
        self.checks[0] = "baseline"
        self.at(first - rng.randint(90, 110), self.switch_to_bisglycinate)
        self.checks[first - rng.randint(10, 20)] = "pre-infusion"
        self.book(first, booked_on=first - 30, product="ferric_carboxymaltose", dose=1000.0)
        self.at(first - rng.randint(50, 60), self.start_opioid)
        self.at(first + rng.randint(45, 55), self.stop_opioid)
        magnesium = rng.randint(25, 40)
        self.at(magnesium, self.start_magnesium)
        self.at(magnesium + rng.randint(50, 70), self.stop_magnesium)
        if self.n > 7 * 365:
            self.at(rng.randint(5 * 365, 6 * 365), self.switch_to_pregabalin)

    def book(self, day: int, booked_on: int, product: str, dose: float) -> None:
        self.booked = day
        self.quiet = (booked_on, day + POST_INFUSION_CHECKS[-1] + 3)
        self.at(day, lambda d: self.infuse(d, product, dose))
        for offset, label in zip(POST_INFUSION_CHECKS, CHECK_LABELS, strict=True):
            self.checks[day + offset + self.rng.randint(-3, 3)] = label

    # -- treatment events ----------------------------------------------------------------

    def infuse(self, day: int, product: str, dose: float) -> None:
        floor = model.FLOOR_BY_ORAL_IRON[self.oral]
        # Rise so that the 8-week check shows 10-12 ng/mL per 100 mg over the level before:
        # at day 56 the level is floor + (base + rise - floor) * keep + 0.8 * rise * fade.
        target = dose / 100.0 * self.rng.uniform(10.2, 11.8)
        weeks8 = POST_INFUSION_CHECKS[0]
        keep = (1.0 - self.k) ** weeks8
        fade = math.exp(-weeks8 / TRANSIENT_DAYS)
        rise = (self.base + target - floor - (self.base - floor) * keep) / (keep + 0.8 * fade)
        self.base += rise
        self.transient += 0.8 * rise
        self.t.infusions.append(Infusion(self.t.day(day), product, dose))
        self.last_infusion = day
        self.booked = None
        self.trigger = self.rng.uniform(85.0, 95.0)
        self.k = self.rng.uniform(0.0035, 0.0045)
        label = catalog.infusion_product(product)
        name = label.label.lower() if label else product
        self.note(
            day, f"Iron infusion today ({name} {dose:g} mg). Told not to judge it before six weeks."
        )
        self.at(day + 42, self.six_weeks_on)

    def six_weeks_on(self, day: int) -> None:
        if self.brain >= model.TRUE_BEST_RESPONSE_FERRITIN:
            self.note(day, "Six weeks since the infusion: legs much calmer.", for_doctor=True)
        else:
            self.note(day, "Six weeks since the infusion; not much change yet.")

    def set_level(self, day: int, level: int, why: str) -> None:
        if level == self.level or not 0 <= level <= 2:
            return
        self.level = level
        self.level_changed = day
        mg = model.ALPHA2_LEVELS[self.alpha2_name][level]
        self.note(day, f"{why} {self.alpha2_name.capitalize()} now {mg:g} mg at night.")

    def switch_to_bisglycinate(self, day: int) -> None:
        self.oral = "ferrous_bisglycinate"
        self.note(
            day,
            "Stopped ferrous sulfate twice a day (stomach); switched to ferrous "
            "bisglycinate at night.",
        )

    def switch_to_pregabalin(self, day: int) -> None:
        self.alpha2_name = "pregabalin"
        mg = model.ALPHA2_LEVELS["pregabalin"][self.level]
        self.note(day, f"Dizzy on gabapentin; switched to pregabalin {mg:g} mg at night.")

    def start_opioid(self, day: int) -> None:
        self.opioid = True
        self.note(
            day,
            "Neurologist added oxycodone 5 mg at night until the infusion has had time to work.",
            for_doctor=True,
        )

    def stop_opioid(self, day: int) -> None:
        if self.opioid:
            self.opioid = False
            self.note(day, "Stopped the oxycodone.")

    def start_magnesium(self, day: int) -> None:
        self.magnesium = True
        self.note(day, "Started magnesium at night, hoping it helps me sleep.")

    def stop_magnesium(self, day: int) -> None:
        self.magnesium = False
        self.note(day, "Stopped magnesium: I slept worse on it, not better.")

    # -- blood tests ---------------------------------------------------------------------

    def purposes(self, day: int) -> list[str]:
        found = []
        if day == self.next_routine:
            if self.quiet[0] < day <= self.quiet[1]:
                self.next_routine = self.quiet[1] + self.rng.randint(*ROUTINE_GAP)
            else:
                found.append("routine")
                self.next_routine = day + self.rng.randint(*ROUTINE_GAP)
        check = self.checks.pop(day, None)
        if check:
            found.append(check)
        return found

    def draw(self, day: int, purposes: list[str]) -> None:
        rng = self.rng
        when = self.t.day(day)
        hospital = any(p not in ("routine", "baseline") for p in purposes)
        lab = HOSPITAL_LAB if hospital else GP_LAB
        full = "baseline" in purposes or "pre-infusion" in purposes
        inflamed = purposes == ["routine"] and not self.crp_done and day >= self.crp_from
        true = self.t.ferritin[day]
        factor = rng.uniform(1.5, 1.8) if inflamed else 1.0
        measured = float(max(5, round(true * factor * (1.0 + rng.gauss(0.0, 0.03)))))
        tsat = full or inflamed or rng.random() < 0.5
        iron = full or rng.random() < 0.35
        labs = [_lab(when, "ferritin", measured, "ng/mL", lab)]
        if tsat:
            pct = 6.0 + 0.085 * true + rng.gauss(0.0, 3.0) - (6.0 if inflamed else 0.0)
            labs.append(_lab(when, "tsat", float(min(60, max(3, round(pct)))), "%", lab))
        if iron:
            tibc = min(480.0, max(230.0, 420.0 - 0.6 * true + rng.gauss(0.0, 20.0)))
            serum = tibc * (6.0 + 0.085 * true + rng.gauss(0.0, 3.0)) / 100.0
            serum = max(15.0, serum)
            labs.append(_iron_lab(when, "serum_iron", serum, lab))
            if full or rng.random() < 0.5:
                labs.append(_iron_lab(when, "tibc", tibc, lab))
        if full or rng.random() < 0.3:
            hb = 12.4 + 0.006 * min(true, 200.0) + rng.gauss(0.0, 0.35)
            if hospital:
                labs.append(_lab(when, "hemoglobin", float(round(hb * 10)), "g/L", lab))
            else:
                labs.append(_lab(when, "hemoglobin", round(hb, 1), "g/dL", lab))
        if inflamed:
            crp = round(rng.uniform(18.0, 45.0), 1)
            labs.append(_lab(when, "crp", crp, "mg/L", lab, "Chest infection that week."))
            self.crp_done = True
            for d in range(max(0, day - 4), min(self.n, day + 3)):
                self.t.ill[d] = True
            self.note(
                day,
                "Bloods while I have a chest infection; ferritin probably not reliable this time.",
            )
        elif full or rng.random() < 0.2:
            crp = max(0.3, round(rng.lognormvariate(0.3, 0.6), 1))
            labs.append(_lab(when, "crp", min(crp, 4.5), "mg/L", lab))
        fasting = True if tsat or iron else None
        self.t.labs.extend(replace(x, fasting=fasting) for x in labs)
        if "baseline" in purposes:
            self.note(
                day,
                f"Starting this diary. Ferritin {measured:g} at the GP; started "
                "ferrous sulfate 325 mg twice a day.",
                for_doctor=True,
            )
        if not inflamed:
            self.decide(day, purposes, measured)

    def decide(self, day: int, purposes: list[str], ferritin: float) -> None:
        rng = self.rng
        if "8-week check" in purposes and ferritin >= 110 and self.level > 0:
            for step in range(self.level):
                target = self.level - 1 - step
                why = "Iron working: tapering as agreed with the neurologist."
                self.at(day + 7 + 28 * step, partial(self.set_level, level=target, why=why))
        if "routine" not in purposes or self.last_infusion is None:
            return
        since = day - self.last_infusion
        if ferritin < 105 and self.level < 2 and day - self.level_changed >= 60 and since > 150:
            self.at(
                day + 3,
                lambda d: self.set_level(d, self.level + 1, "Legs worse again as ferritin falls."),
            )
        due = (since >= 180 and ferritin < self.trigger) or (since >= 540 and ferritin < 110)
        if self.booked is None and due:
            product = "ferric_carboxymaltose" if rng.random() < 0.75 else "ferric_derisomaltose"
            self.book(day + rng.randint(14, 35), booked_on=day, product=product, dose=1000.0)

    # -- the loop ------------------------------------------------------------------------

    def run(self) -> Timeline:
        self.plan()
        t = self.t
        fade = math.exp(-1.0 / TRANSIENT_DAYS)
        for day in range(self.n):
            for action in self.actions.pop(day, []):
                action(day)
            t.ferritin[day] = self.base + self.transient
            self.brain += (self.base - self.brain) / model.BRAIN_LAG_DAYS
            t.brain[day] = self.brain
            t.oral_iron[day] = self.oral
            mg = model.ALPHA2_LEVELS[self.alpha2_name][self.level]
            t.alpha2[day] = (self.alpha2_name, mg, self.level)
            t.opioid[day] = self.opioid
            t.magnesium[day] = self.magnesium
            purposes = self.purposes(day)
            if purposes:
                self.draw(day, purposes)
            floor = model.FLOOR_BY_ORAL_IRON[self.oral]
            self.base -= self.k * (self.base - floor)
            self.transient *= fade
        t.labs.sort(key=lambda x: (x.date, x.test))
        return t


def _lab(
    when: date, test: str, value: float, unit: str, lab_name: str, notes: str = ""
) -> LabResult:
    info = catalog.lab_test(test)
    assert info is not None
    canonical = round(catalog.to_canonical(info, value, unit), 6)
    return LabResult(
        when, test, value, unit, lab_name=lab_name, notes=notes, canonical_value=canonical
    )


def _iron_lab(when: date, test: str, ug_dl: float, lab_name: str) -> LabResult:
    if lab_name == HOSPITAL_LAB:
        return _lab(when, test, round(ug_dl / 5.585, 1), "umol/L", lab_name)
    return _lab(when, test, float(round(ug_dl)), "ug/dL", lab_name)
