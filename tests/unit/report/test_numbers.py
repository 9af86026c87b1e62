"""Page 1's words: day counts, plurals and the cards of a new diary (no Qt needed)."""

from __future__ import annotations

from datetime import date, timedelta

from diary.analysis import analyse, describe
from diary.records import DiaryContents, Dose, LabResult, Night
from diary.report.content import build_content
from diary.report.numbers import NOT_ENOUGH, ago, key_numbers, summary_sentence
from diary.report.sleep_diary import QUESTIONS, weeks
from tests.unit.report.patients import END, new_diary

D = date(2026, 3, 1)


def test_days_ago_in_words() -> None:
    assert ago(D, D) == "today"
    assert ago(D - timedelta(1), D) == "yesterday"
    assert ago(D - timedelta(21), D) == "21 days ago"


def test_a_ferritin_taken_today_says_today_in_the_insights_too() -> None:
    contents = DiaryContents(
        nights=(Night(D, 5),),
        labs=(LabResult(D, "ferritin", 199.0, "ng/mL", canonical_value=199.0),),
    )
    a = analyse(contents, D)
    sentence = next(s for s in describe(a) if s.startswith("Your latest ferritin"))
    assert sentence == "Your latest ferritin was 199 ng/mL on 1 March 2026 (today)."
    keys = {k.label: k for k in key_numbers(a, contents.labs)}
    assert keys["Latest ferritin"].detail == "1 Mar 2026 (today)"


def test_a_new_diary_has_plain_cards_and_one_sentence() -> None:
    contents = new_diary()
    a = analyse(contents, END)
    keys = {k.label: k for k in key_numbers(a, contents.labs)}
    best = keys["Best-response ferritin"]
    assert (best.value, best.detail) == (NOT_ENOUGH, "no ferritin reading to go on yet")
    assert keys["Severe nights (7 or more)"].value == "1 of 3"
    assert keys["Severity, last 30 nights"].detail == "no nights in the 30 before"
    assert keys["Ferritin trend"].detail == "no ferritin reading yet"
    assert summary_sentence(a, contents.labs) == (
        "Over the 3 nights logged so far, RLS severity averaged 6.0 of 10, with 4.7 hours of "
        "sleep a night; no ferritin blood test is recorded."
    )


def test_one_night_and_one_reading_are_singular() -> None:
    contents = DiaryContents(
        nights=(Night(D, 7, sleep_hours=4.0),),
        labs=(LabResult(D - timedelta(3), "ferritin", 88.0, "ng/mL", canonical_value=88.0),),
    )
    a = analyse(contents, D)
    text = " ".join(f"{k.value} {k.detail}" for k in key_numbers(a, contents.labs))
    assert "1 of 1 night logged" in text
    assert "1 nights" not in text
    assert "1 readings" not in text
    assert "Over the 1 night logged so far" in summary_sentence(a, contents.labs)


def test_the_sleep_diary_weeks_end_on_the_last_day() -> None:
    contents = new_diary()
    two = weeks(contents.nights, END, 2)
    assert [w.title for w in two] == [
        "Sleep diary, 16 Feb 2026 to 22 Feb 2026",
        "Sleep diary, 23 Feb 2026 to 1 Mar 2026",
    ]
    assert two[-1].days[-1] == "Sun 1 Mar"
    legs = dict((row[0], row[1:]) for row in two[-1].rows)["Legs: RLS severity (0–10)"]
    assert legs == ("", "", "", "", "6", "7", "5")
    assert len(two[0].rows) == len(QUESTIONS)
    assert len(weeks(contents.nights, END, 4)) == 4


def test_a_course_begun_years_before_the_period_is_already_taken_at_its_start() -> None:
    first = D - timedelta(days=3000)
    doses = tuple(
        Dose(first + timedelta(i), "pregabalin", 150 if i < 2950 else 75, "mg") for i in range(3001)
    )
    contents = DiaryContents(nights=(Night(D, 3),), doses=doses)
    content, _ = build_content(contents, D - timedelta(90), D, D)
    changes = next(t for t in content.tables if t.title == "Medicine and supplement changes")
    assert changes.rows == (
        ("1 Dec 2025", "Already taking Pregabalin, 150 mg a day"),
        ("10 Jan 2026", "Pregabalin: 150 mg a day → 75 mg a day"),
    )
    assert [(t.generic, t.daily) for t in content.taking] == [("Pregabalin", "75 mg a day")]
