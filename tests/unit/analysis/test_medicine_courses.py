"""Medicine and supplement courses: what the report's change list and FHIR statements show."""

from __future__ import annotations

from datetime import date, timedelta

from diary.analysis.medicine_courses import changes, medicine_courses, supplement_courses
from diary.records import Dose, Supplement

START = date(2026, 1, 1)


def doses(name: str, amounts: list[float | None], start: date = START) -> list[Dose]:
    """One dose a day from `start`; None = nothing logged that day."""
    return [
        Dose(start + timedelta(i), name, a, "mg") for i, a in enumerate(amounts) if a is not None
    ]


def test_a_missed_dose_does_not_split_a_course() -> None:
    days = [300.0] * 10 + [150.0] + [300.0] * 10
    (course,) = medicine_courses(doses("gabapentin", days))
    assert (course.label, course.daily_amount, course.days_logged) == ("Gabapentin", 300.0, 21)
    assert course.amount_text() == "300 mg a day"


def test_a_lasting_new_amount_is_a_change() -> None:
    courses = medicine_courses(doses("pregabalin", [75.0] * 10 + [150.0] * 10))
    assert [(c.start, c.end, c.daily_amount) for c in courses] == [
        (START, START + timedelta(9), 75.0),
        (START + timedelta(10), START + timedelta(19), 150.0),
    ]
    assert [c.text for c in changes(courses, START + timedelta(19))] == [
        "Started Pregabalin, 75 mg a day",
        "Pregabalin: 75 mg a day → 150 mg a day",
    ]


def test_a_long_gap_is_stopped_then_restarted() -> None:
    courses = medicine_courses(doses("oxycodone", [5.0] * 5 + [None] * 30 + [5.0] * 5))
    texts = [(c.date, c.text) for c in changes(courses, START + timedelta(60))]
    assert texts == [
        (START, "Started Oxycodone, 5 mg a day"),
        (START + timedelta(4), "Stopped Oxycodone (last taken)"),
        (START + timedelta(35), "Restarted Oxycodone, 5 mg a day"),
        (START + timedelta(39), "Stopped Oxycodone (last taken)"),
    ]


def test_a_course_still_running_is_current_and_not_stopped() -> None:
    (course,) = medicine_courses(doses("gabapentin", [300.0] * 20))
    end = START + timedelta(25)
    assert course.is_current(end)
    assert not course.is_current(START + timedelta(40))
    assert [c.text for c in changes([course], end)] == ["Started Gabapentin, 300 mg a day"]


def test_twice_daily_iron_is_one_course_with_its_elemental_iron() -> None:
    sups = [
        Supplement(START + timedelta(i), "ferrous_sulfate", 325.0, elemental_iron_mg=65.0)
        for i in range(8)
        for _ in range(2)
    ]
    (course,) = supplement_courses(sups)
    assert course.daily_amount == 650.0
    assert course.doses_per_day == 2
    assert course.amount_text() == "650 mg a day (2 doses; 130 mg iron)"
