"""What is taken now, one row per generic medicine: the names as typed and the daily dose.

Doses are grouped by the catalogue's generic medicine before courses are worked out, so one
opioid logged under its generic name some nights and a brand name on others is one medicine
at its true daily dose, never two. A name the catalogue does not know groups with the same
name however it was spelled (case, spaces, hyphens).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from diary import catalog
from diary.analysis.medicine_courses import Course, medicine_courses, supplement_courses
from diary.records import Dose, Supplement


@dataclass(frozen=True, slots=True)
class TakingRow:
    kind: str  # "medicine" or "supplement"
    generic: str  # the catalogue label, or the name as typed
    as_typed: str  # the other names it was logged under ("" when only the generic)
    daily: str  # "10 mg a day"


def typed_name(dose: Dose) -> str:
    """The name the person typed for this dose: the brand as typed, else the stored name."""
    return dose.as_typed or dose.medication


def generic_key(name: str) -> str:
    known = catalog.medicine(name)
    return known.name if known else catalog.fold(name)


def by_generic(doses: Iterable[Dose]) -> tuple[list[Dose], dict[str, set[str]]]:
    """The doses renamed to their generic medicine, and per generic the names as typed."""
    typed: dict[str, set[str]] = defaultdict(set)
    first_spelling: dict[str, str] = {}
    generic: dict[str, str] = {}  # each name looked up once: a long diary has many doses
    out: list[Dose] = []
    for d in doses:
        name = generic.get(d.medication)
        if name is None:
            known = catalog.medicine(d.medication)
            key = generic_key(d.medication)
            name = known.name if known else first_spelling.setdefault(key, d.medication.strip())
            generic[d.medication] = name
        typed[name].add(typed_name(d))
        out.append(d if d.medication == name else replace(d, medication=name))
    return out, {k: {" ".join(n.split()) for n in v} for k, v in typed.items()}


def courses_by_generic(
    doses: Iterable[Dose], supplements: Iterable[Supplement]
) -> tuple[list[Course], dict[str, set[str]]]:
    """Every medicine (by generic) and supplement course, and the names typed per medicine."""
    grouped, typed = by_generic(doses)
    return medicine_courses(grouped) + supplement_courses(supplements), typed


def _other_names(course: Course, typed: dict[str, set[str]]) -> str:
    names = typed.get(course.name, set())
    label = catalog.fold(course.label)
    shown = sorted({n for n in names if catalog.fold(n) != label}, key=str.lower)
    return ", ".join(shown)


def taking_now(courses: list[Course], typed: dict[str, set[str]], at: date) -> list[TakingRow]:
    """Medicines first, then supplements, each by name; only courses current at `at`."""
    current = sorted((c for c in courses if c.is_current(at)), key=lambda c: (c.kind, c.label))
    # Two courses of one medicine can both count as current (a change in the last 2 weeks):
    # the later one is what is taken now.
    latest: dict[tuple[str, str], Course] = {}
    for c in current:
        key = (c.kind, c.name)
        if key not in latest or c.start > latest[key].start:
            latest[key] = c
    return [
        TakingRow(
            c.kind, c.label, _other_names(c, typed) if c.kind == "medicine" else "", c.amount_text()
        )
        for c in sorted(latest.values(), key=lambda c: (c.kind, c.label.lower()))
    ]
