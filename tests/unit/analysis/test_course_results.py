"""Infusion courses judged as courses (spec §4): split doses, symptoms before and after.

The seed's rules pinned here: symptoms settle over 4-6 weeks, so a course is judged from 42
days after its last dose; ferritin is checked about 8 weeks after, then twice 4 weeks apart;
every 100 mg of iron raises ferritin by about 10-12 ng/mL.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from diary.analysis import analyse, describe, to_json
from diary.records import DiaryContents, Infusion, LabResult, Night
from tests.unit.analysis.analysis_synth import ferritin_lab

FIRST = date(2025, 6, 2)


def doses(gaps: list[int], mg: float, product: str = "ferric_carboxymaltose") -> list[Infusion]:
    out, day = [Infusion(FIRST, product, mg)], FIRST
    for g in gaps:
        day += timedelta(g)
        out.append(Infusion(day, product, mg))
    return out


def diary(
    infusions: list[Infusion], labs: list[LabResult], nights: tuple[Night, ...] = ()
) -> DiaryContents:
    if not nights:
        nights = tuple(Night(FIRST + timedelta(i), 4) for i in range(-40, 200))
    return DiaryContents(nights, tuple(labs), infusions=tuple(infusions))


def course_json(contents: DiaryContents, today: date) -> tuple[dict[str, Any], list[str]]:
    a = analyse(contents, today)
    out = to_json(a)
    [course] = out["infusions"]
    return course, describe(a)


TODAY = date(2025, 11, 1)


def test_two_750_mg_a_week_apart_are_judged_as_1500_mg_a_normal_response() -> None:
    last = FIRST + timedelta(7)
    labs = [
        ferritin_lab(FIRST - timedelta(5), 40),
        ferritin_lab(last + timedelta(13), 420),  # overshoot: before judge-from, not the rise
        ferritin_lab(last + timedelta(56), 205),
    ]
    course, sentences = course_json(diary(doses([7], 750), labs), TODAY)
    # The spec's example, key for key.
    assert course["date"] == "2025-06-02"
    assert course["last_date"] == "2025-06-09"
    assert course["doses"] == [
        {"date": "2025-06-02", "product": "ferric_carboxymaltose", "dose_mg": 750.0},
        {"date": "2025-06-09", "product": "ferric_carboxymaltose", "dose_mg": 750.0},
    ]
    assert course["dose_mg"] == 1500.0
    assert course["expected_rise"] == [150.0, 180.0]
    assert course["observed_rise"] == 165.0  # 205 - 40: within 150-180, not "over" 75-90
    assert course["rise_compared"] == "within"
    assert course["judge_from"] == "2025-07-21"
    assert course["checks_due"] == ["2025-08-04", "2025-09-01", "2025-09-29"]
    assert course["checks_done"] == [True, False, False]
    text = " ".join(sentences)
    assert "+165 ng/mL" in text
    assert "as expected" in text
    assert "more than expected" not in text
    assert "no usable ferritin reading yet" not in text
    assert "The course of 2 doses, 1500 mg in all, from 2 June 2025 to 9 June 2025" in text


def test_two_1000_mg_show_an_under_response_to_2000_mg() -> None:
    last = FIRST + timedelta(7)
    labs = [ferritin_lab(FIRST, 50), ferritin_lab(last + timedelta(60), 160)]
    course, sentences = course_json(diary(doses([7], 1000), labs), TODAY)
    assert course["dose_mg"] == 2000.0
    assert course["expected_rise"] == [200.0, 240.0]
    assert course["observed_rise"] == 110.0  # 110 would pass for 1000 mg alone
    assert course["rise_compared"] == "below"
    assert any("+110 ng/mL" in s and "less than expected" in s for s in sentences)


def test_five_200_mg_iron_sucrose_are_one_course_with_its_reading_from_six_weeks() -> None:
    gaps = [3, 4, 3, 4]  # five doses over two weeks
    last = FIRST + timedelta(sum(gaps))
    labs = [
        ferritin_lab(FIRST - timedelta(3), 30),
        ferritin_lab(FIRST + timedelta(8), 200),  # between doses: not the after reading
        ferritin_lab(last + timedelta(45), 135),
    ]
    course, sentences = course_json(diary(doses(gaps, 200, "iron_sucrose"), labs), TODAY)
    assert [d["date"] for d in course["doses"]] == [
        "2025-06-02",
        "2025-06-05",
        "2025-06-09",
        "2025-06-12",
        "2025-06-16",
    ]
    assert course["dose_mg"] == 1000.0
    assert course["expected_rise"] == [100.0, 120.0]
    assert course["observed_rise"] == 105.0
    assert course["judge_from"] == (last + timedelta(42)).isoformat()
    assert course["checks_due"] == [(last + timedelta(d)).isoformat() for d in (56, 84, 112)]
    assert course["checks_done"] == [False, False, False]  # day 45 is 11 days from day 56
    text = " ".join(sentences)
    assert "no usable ferritin reading yet" not in text
    assert "The course of 5 doses, 1000 mg in all" in text


def test_no_reading_from_six_weeks_yet_is_said_only_when_there_is_none() -> None:
    last = FIRST + timedelta(7)
    labs = [ferritin_lab(FIRST - timedelta(5), 40), ferritin_lab(last + timedelta(41), 300)]
    course, sentences = course_json(diary(doses([7], 750), labs), last + timedelta(50))
    assert course["observed_rise"] is None  # 41 days after the last dose is too early
    assert any(
        "there is no usable ferritin reading yet from 21 July 2025, 6 weeks after the last dose"
        in s
        for s in sentences
    )


def test_the_rise_is_never_credited_with_the_next_courses_iron() -> None:
    infusions = [*doses([7], 500), Infusion(FIRST + timedelta(40), "iron_sucrose", 500.0)]
    labs = [ferritin_lab(FIRST, 40), ferritin_lab(FIRST + timedelta(7 + 56), 300)]
    out = to_json(analyse(diary(infusions, labs), TODAY))
    first, second = out["infusions"]
    assert first["observed_rise"] is None  # the only later reading follows the next course
    assert second["date"] == "2025-07-12"
    assert second["observed_rise"] is None
    assert out["next_ferritin_check"] == "2025-09-06"  # 56 days after the latest course


def severity_diary(gaps: list[int]) -> tuple[DiaryContents, date]:
    """Severity 9 everywhere except 6 in the 28 nights before the first dose and 2 in
    days 42-83 after the last: the edges show exactly which nights are counted."""
    last = FIRST + timedelta(sum(gaps))
    nights = []
    for i in range(-60, 150):
        day = FIRST + timedelta(i)
        sev = 9
        if -28 <= i <= -1:
            sev = 6
        elif 42 <= (day - last).days <= 83:
            sev = 2
        nights.append(Night(day, sev))
    return diary(doses(gaps, 750), [], tuple(nights)), last


def test_symptoms_four_weeks_before_against_weeks_6_to_12_after_the_last_dose() -> None:
    contents, last = severity_diary([7])
    course, sentences = course_json(contents, last + timedelta(120))
    assert (course["severity_before"], course["nights_before"]) == (6.0, 28)
    assert (course["severity_after"], course["nights_after"]) == (2.0, 42)
    assert course["after_complete"] is True
    assert any(
        "mean RLS severity 6.0 in the 4 weeks before (28 nights); 2.0 in weeks 6–12 after "
        "the last dose (42 nights)" in s
        for s in sentences
    )


def up_to(contents: DiaryContents, today: date) -> DiaryContents:
    nights = tuple(n for n in contents.nights if n.date <= today)
    return DiaryContents(nights, infusions=contents.infusions)


def test_symptoms_after_are_so_far_until_week_12_and_need_a_week_of_nights() -> None:
    contents, last = severity_diary([7])
    today = last + timedelta(48)
    course, sentences = course_json(up_to(contents, today), today)
    assert course["nights_after"] == 7
    assert course["severity_after"] == 2.0
    assert course["after_complete"] is False
    assert any("2.0 in weeks 6–12 after the last dose (7 nights so far)" in s for s in sentences)
    today = last + timedelta(47)
    course, sentences = course_json(up_to(contents, today), today)
    assert course["nights_after"] == 6
    assert course["severity_after"] is None
    assert any("(6 nights logged so far)" in s for s in sentences)
    today = last + timedelta(20)
    course, sentences = course_json(up_to(contents, today), today)
    assert any("weeks 6–12 after the last dose start on 21 July 2025" in s for s in sentences)


def test_weeks_6_to_12_stop_at_the_next_course() -> None:
    contents, last = severity_diary([7])
    nxt = Infusion(last + timedelta(60), "ferric_carboxymaltose", 500.0)
    contents = DiaryContents(contents.nights, infusions=(*contents.infusions, nxt))
    out = to_json(analyse(contents, last + timedelta(200)))
    assert out["infusions"][0]["nights_after"] == 18  # days 42-59
    early = Infusion(last + timedelta(35), "ferric_carboxymaltose", 500.0)
    contents = DiaryContents(contents.nights, infusions=(*contents.infusions[:2], early))
    a = analyse(contents, last + timedelta(200))
    assert a.infusions[0].after_nights is None
    assert a.infusions[0].severity_after is None
    assert any("before week 6, so there are no weeks 6–12 to compare" in s for s in describe(a))
