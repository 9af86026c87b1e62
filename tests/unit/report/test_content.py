"""What the report says: key numbers equal the analysis, tables list the period's records."""

from __future__ import annotations

from datetime import date, timedelta

from diary.analysis import analyse
from diary.demo import generate_contents
from diary.records import DiaryContents, LabResult, Night, Profile
from diary.report.content import build_content, clip, diary_span
from diary.report.figures import qt_safe_svg
from diary.report.text import day, num

END = date(2026, 3, 1)


def demo() -> DiaryContents:
    return generate_contents(seed=1, years=2, end=END)


def test_key_numbers_are_the_analysis_numbers() -> None:
    contents = demo()
    start, end = diary_span(contents)  # type: ignore[misc]
    content, _ = build_content(contents, start, end, END)
    a = analyse(contents, END)
    keys = {k.label: k for k in content.key_numbers}
    br = a.best_response
    assert br.ferritin is not None
    assert br.low is not None
    assert br.high is not None
    assert keys["Best-response ferritin"].value == f"{num(br.ferritin)} ng/mL"
    assert keys["Best-response ferritin"].detail == (
        f"range {num(br.low)}–{num(br.high)}; {br.nights_used} nights"
        + (
            ""
            if br.worse_above is None
            else f"; worse again above about {num(br.worse_above)} ng/mL"
        )
        + ("" if br.confounded is None else "; spans a change of treatment")
    )
    s = a.symptoms_sleep
    assert keys["Severity, last 30 nights"].value == f"{s.last_30.mean_severity:.1f} / 10"
    assert keys["Severe nights (7 or more)"].value == (
        f"{s.last_30.severe_nights} of {s.last_30.nights}"
    )
    assert a.latest_ferritin is not None
    assert keys["Latest ferritin"].value == f"{num(a.latest_ferritin.value)} ng/mL"
    age = (END - a.latest_ferritin.date).days
    assert keys["Latest ferritin"].detail == f"{day(a.latest_ferritin.date)} ({age} days ago)"
    assert content.patient_line == "Demo Patient (born 1968)"
    assert content.period_line == f"{day(start)} to {day(end)}"


def test_the_analysis_stops_at_the_period_end() -> None:
    contents = demo()
    end = END - timedelta(days=200)
    content, a = build_content(contents, end - timedelta(days=90), end, END)
    assert a.last_night is not None
    assert a.last_night <= end
    assert a.nights == len(clip(contents, end).nights)
    labs = next(t for t in content.tables if t.title == "Blood tests")
    dates = [r[0] for r in labs.rows]
    inside = sorted({x.date for x in contents.labs if end - timedelta(days=90) <= x.date <= end})
    assert sorted(set(dates), key=dates.index) == [day(d) for d in inside]


def test_lab_rows_show_value_as_entered_and_in_standard_unit() -> None:
    d = date(2026, 1, 5)
    contents = DiaryContents(
        nights=(Night(d, 4),),
        labs=(
            LabResult(
                d,
                "serum_iron",
                20.0,
                "umol/L",
                fasting=True,
                lab_name="City",
                canonical_value=111.7,
            ),
            LabResult(d, "crp", 12.0, "mg/L", canonical_value=12.0),
            LabResult(d, "ferritin", 310.0, "ug/L", canonical_value=310.0),
        ),
        profile=Profile("Ann Example"),
    )
    content, _ = build_content(contents, d, d, d)
    rows = {r[1]: r for r in content.tables[0].rows}
    assert rows["Serum iron"] == (
        "5 Jan 2026",
        "Serum iron",
        "20 µmol/L",
        "112 µg/dL",
        "City",
        "yes",
        "",
    )
    assert rows["Ferritin"][2:4] == ("310 µg/L", "310 ng/mL")
    assert rows["Ferritin"][6] == "inflammation: not used"
    assert rows["C-reactive protein"][6] == "above range"


def test_a_value_below_the_labs_limit_is_printed_as_the_lab_wrote_it() -> None:
    d = date(2026, 1, 5)
    contents = DiaryContents(
        nights=(Night(d, 4),),
        labs=(
            LabResult(d, "crp", 5.0, "mg/L", canonical_value=5.0, value_limit="<"),
            LabResult(d, "ferritin", 45.0, "ng/mL", canonical_value=45.0),
        ),
    )
    content, _ = build_content(contents, d, d, d)
    rows = {r[1]: r for r in content.tables[0].rows}
    assert rows["C-reactive protein"][2:4] == ("<5 mg/L", "<5 mg/L")
    assert rows["C-reactive protein"][6] == ""  # below its limit: not above range
    assert rows["Ferritin"][6] == ""  # so the ferritin of that day is not flagged


def test_only_notes_marked_for_the_doctor_are_listed() -> None:
    d = date(2026, 1, 5)
    contents = DiaryContents(
        nights=(
            Night(d, 8, sleep_hours=3.5, notes="Up at 2 am again.", for_doctor=True),
            Night(d + timedelta(1), 2, notes="Private."),
            Night(d + timedelta(2), 3, for_doctor=True),  # marked, but nothing written
        )
    )
    content, _ = build_content(contents, d, d + timedelta(2), d + timedelta(2))
    notes = content.tables[-1]
    assert notes.rows == (("5 Jan 2026", "8", "3.5 h", "Up at 2 am again."),)


def test_empty_diary_reports_plainly() -> None:
    content, _ = build_content(DiaryContents(), END, END, END)
    keys = {k.label: k for k in content.key_numbers}
    assert keys["Best-response ferritin"].value == "not enough data yet"
    assert keys["Best-response ferritin"].detail == "no ferritin reading to go on yet"
    assert all(t.rows == () for t in content.tables)
    assert content.readings["timeline"] == "No nights are logged in this period."


def test_svg_cleanup_drops_only_empty_paths() -> None:
    svg = (
        b'<defs><path id="G-20" transform="scale(0.1)"/>\n<path id="G-31" d="M 0 0 L 1 1"/>'
        b'</defs><path style="fill: none"/>\n<use xlink:href="#G-20" x="1"/>'
        b'<use xlink:href="#G-31" x="2"/>'
    )
    assert qt_safe_svg(svg) == (
        b'<defs><path id="G-31" d="M 0 0 L 1 1"/></defs><use xlink:href="#G-31" x="2"/>'
    )


def test_infusions_are_listed_by_course_with_symptoms_before_and_after() -> None:
    from diary.records import Infusion

    first = date(2025, 6, 2)
    last = first + timedelta(7)
    nights = tuple(
        Night(first + timedelta(i), 6 if i < 0 else (2 if i >= 49 else 4)) for i in range(-40, 150)
    )
    labs = (
        LabResult(first - timedelta(5), "ferritin", 40, "ng/mL", canonical_value=40.0),
        LabResult(last + timedelta(56), "ferritin", 205, "ng/mL", canonical_value=205.0),
    )
    doses = (
        Infusion(first, "ferric_carboxymaltose", 750.0),
        Infusion(last, "ferric_carboxymaltose", 750.0),
    )
    contents = DiaryContents(nights=nights, labs=labs, infusions=doses)
    content, _ = build_content(contents, first - timedelta(40), first + timedelta(149), END)
    table = next(t for t in content.tables if t.title == "Iron infusions, by course")
    assert table.columns[4] == "Severity before → weeks 6–12"
    assert table.rows == (
        (
            "2 Jun 2025 to 9 Jun 2025",
            "1500 mg ferric carboxymaltose (2 × 750 mg)",
            "150–180",
            "+165",
            "6.0 → 2.0",
            "4 Aug 25 done, 1 Sep 25 missed, 29 Sep 25 missed",
        ),
    )
    reading = content.readings["after_infusion"]
    assert (
        "The course of 2 doses, 1500 mg in all, from 2 June 2025 to 9 June 2025: mean RLS "
        "severity 6.0 in the 4 weeks before (28 nights); 2.0 in weeks 6–12 after the last "
        "dose (42 nights); ferritin rose +165 ng/mL (expected 150–180)." in reading
    )
