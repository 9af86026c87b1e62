"""What the printed report says, read back from the PDF as a GP would (whitespace normalised).

Four test diaries (the demo, an opioid patient, a venesection patient, a 3-night new diary),
on A4 and US Letter: page 1 holds the whole summary, the words and counts are right, the
detail pages hold the tables, and paper never carries instructions for using the app.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import matplotlib.text
import pytest

from diary import catalog, cli
from diary.analysis import analyse
from diary.analysis.summaries import CALM_LEGS_AT_MOST
from diary.charts import sleep as sleep_chart
from diary.charts.style import Style
from diary.records import DiaryContents, Night
from diary.report.content import build_content
from diary.report.document import Paper, ReportDocument, default_period, write_pdf
from diary.report.figures import PRINT_STYLE, chart_image, print_figure
from diary.report.text import day, num
from diary.store.gateway import Diary
from diary.words import count
from tests.unit.report.patients import END, PATIENTS, opioid_patient


def flat(text: str) -> str:
    """Whitespace normalised, ligatures ("ﬁ") as letters."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_pages(path: Path) -> list[str]:
    """Each page's text in the order it is drawn (a card's label, value, detail)."""
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [flat(p) for p in out.split("\f")[:-1]]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, qapp: Any) -> dict[tuple[str, Paper], Any]:
    """Each test diary printed on each paper: (pages' text, the analysis, the contents)."""
    out = {}
    folder = tmp_path_factory.mktemp("reports")
    for name, make in PATIENTS.items():
        contents = make()
        period = default_period(contents, END)
        for paper in Paper:
            document = ReportDocument(contents, period.start, period.end, END)
            path = folder / f"{name}-{paper.value}.pdf"
            write_pdf(document, path, paper)
            out[(name, paper)] = (pdf_pages(path), document.analysis, contents, document)
    return out


CASES = [(name, paper) for name in PATIENTS for paper in Paper]
IDS = [f"{name}-{paper.value}" for name, paper in CASES]


@pytest.mark.parametrize(("name", "paper"), CASES, ids=IDS)
def test_page_one_holds_the_whole_summary(
    printed: dict[tuple[str, Paper], Any], name: str, paper: Paper
) -> None:
    pages, _a, _contents, document = printed[(name, paper)]
    c = document.content
    page1 = pages[0]
    assert "RLS Diary report" in page1
    assert c.patient_line in page1
    assert f"Period: {c.period_line}" in page1
    assert flat(c.summary) in page1
    for key in c.key_numbers:
        assert flat(f"{key.label} {key.value} {key.detail}") in page1, key
    assert "Taking now" in page1
    for row in c.taking:
        assert flat(f"{row.generic} {row.as_typed} {row.daily}") in page1
    for f in c.flags:
        assert flat(f) in page1
    # Both charts' readings are on page 1, so both charts are; none comes back later.
    for kind in ("timeline", "ferritin_response"):
        reading = flat(c.readings[kind])
        assert reading in page1
        assert all(reading not in p for p in pages[1:])
    assert "Page 1 of" in page1


@pytest.mark.parametrize(("name", "paper"), CASES, ids=IDS)
def test_words_and_counts_read_right(
    printed: dict[tuple[str, Paper], Any], name: str, paper: Paper
) -> None:
    pages, a, _contents, document = printed[(name, paper)]
    c = document.content
    every = " ".join(pages)
    for wrong in (r"\b1 readings", r"\b1 nights", r"\b1 infusions", r"\b[01] days ago"):
        assert not re.search(wrong, every), wrong
    assert "Treatments page" not in every
    assert "Night entry page" not in every
    assert "Blood tests page" not in every
    assert every.count("Name not given") <= 1
    assert every.count("No iron infusion in this period") <= 1
    assert every.count("No infusions in this period") == 0
    if "hatched" in every:  # said only where there is a hatched response window
        assert any(c.start <= i.date <= c.end for i in a.infusions)


def test_a_new_diary_says_not_enough_data_yet(printed: dict[tuple[str, Paper], Any]) -> None:
    pages, a, _, _ = printed[("new", Paper.A4)]
    assert a.nights == 3
    assert "Best-response ferritin not enough data yet no ferritin reading to go on yet" in pages[0]
    assert "Over the 3 nights logged so far, RLS severity averaged 6.0 of 10" in pages[0]
    assert "Name not given" in pages[0]
    assert "Latest ferritin – none recorded" in pages[0]


def test_the_demo_shows_the_latest_ferritin_as_a_day_count(
    printed: dict[tuple[str, Paper], Any],
) -> None:
    pages, a, _, _ = printed[("demo", Paper.A4)]
    lf = a.latest_ferritin
    assert lf is not None
    when = "today" if lf.date == END else f"{(END - lf.date).days} days ago"
    assert f"Latest ferritin {num(lf.value)} ng/mL {day(lf.date)} ({when})" in pages[0]


@pytest.mark.parametrize("name", ["demo", "venesection", "opioid"])
def test_the_trend_card_shows_the_analysis_trend(
    printed: dict[tuple[str, Paper], Any], name: str
) -> None:
    pages, a, _, _ = printed[(name, Paper.A4)]
    t = a.trend
    if t.slope_per_week is not None:
        shown = f"Ferritin trend {t.slope_per_week:+.1f} ng/mL a week {t.state}, from " + count(
            t.readings, "reading"
        )
    else:
        shown = f"Ferritin trend – {count(t.readings, 'reading')}"
    assert shown in pages[0]
    if t.since is not None:
        assert f"since the {t.since_event} of {day(t.since)}" in pages[0]


def test_the_opioid_patient_page_one(printed: dict[tuple[str, Paper], Any]) -> None:
    pages, a, _, _ = printed[("opioid", Paper.LETTER)]
    page1 = pages[0]
    assert a.opioids.mean_mme_last_30 is not None
    assert f"Opioids: about {num(a.opioids.mean_mme_last_30)} mg oral morphine equivalent" in page1
    assert "Augmentation check (pramipexole): symptoms began about" in page1
    assert "Pregabalin 50 mg a day" in page1
    assert "Pramipexole 0.25 mg a day" in page1
    assert "Picol Example (born 1946)" in page1
    assert "Clinician: Dr Lee, general practice" in page1


def test_one_medicine_under_a_brand_and_its_generic_is_one_row(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The catalogue learns brand names separately; here "Oxycontin" is taught to it as
    # oxycodone, as a brand entry will, to check that the report groups by generic.
    oxycodone = catalog.medicine("oxycodone")
    assert oxycodone is not None
    monkeypatch.setitem(catalog._MEDICINES, catalog.fold("Oxycontin"), oxycodone)
    contents = opioid_patient()
    document = ReportDocument(contents, contents.nights[0].date, END, END)
    path = tmp_path / "r.pdf"
    write_pdf(document, path, Paper.A4)
    page1 = pdf_pages(path)[0]
    # Taken every night, logged as oxycodone one night and Oxycontin the next: 10 mg a day.
    assert "Oxycodone Oxycontin 10 mg a day" in page1
    assert page1.count("10 mg a day") == 1
    assert "Oxycontin 10 mg a day" not in page1.replace("Oxycodone Oxycontin 10 mg a day", "")


def test_detail_pages_list_infusion_courses_with_severity_before_and_after(
    printed: dict[tuple[str, Paper], Any],
) -> None:
    pages, a, _, document = printed[("demo", Paper.A4)]
    detail = " ".join(pages[1:])
    assert "Iron infusions, by course" in detail
    assert "Severity before → weeks 6–12" in detail
    assert a.infusions
    for c in a.infusions:
        before, after = c.severity_before, c.severity_after
        assert before is not None
        assert after is not None
        assert f"{day(c.date)} {num(c.dose_mg)} mg" in detail
        assert f"{before:.1f} → {after:.1f}" in detail
    assert "Blood tests" in detail
    assert "Medicine and supplement changes" in detail
    changes = next(t for t in document.content.tables if t.title.startswith("Medicine"))
    assert any("mg a day →" in text for _, text in changes.rows)  # changes with their doses
    for when, text in changes.rows:
        assert flat(f"{when} {text}") in detail
    assert "Night notes marked “for my doctor”" in detail
    assert "Venesections" not in detail  # this diary has none: no empty table


def test_venesections_are_a_table_with_ferritin_before_and_after(
    printed: dict[tuple[str, Paper], Any],
) -> None:
    pages, _a, contents, _ = printed[("venesection", Paper.A4)]
    detail = " ".join(pages[1:])
    assert "Venesections Ferritin in ng/mL: before is the latest reading" in detail
    assert "Date Volume Ferritin before Ferritin after Note" in detail
    first = contents.venesections[0]
    assert f"{day(first.date)} 450 mL 686 (16 Mar 25) 535 (13 Apr 25) first venesection" in detail
    assert "12 venesections" not in detail
    assert f"{count(len(contents.venesections), 'venesection')} (dashed lines)" in pages[0]
    assert "No iron infusion in this period." in detail


def test_no_infusion_means_no_infusion_chart(printed: dict[tuple[str, Paper], Any]) -> None:
    _pages, _, _, document = printed[("venesection", Paper.A4)]
    kinds = {
        item.kind
        for page in document.pages_for(510.2, 770.0)
        for item in page.items
        if hasattr(item, "kind")
    }
    assert "after_infusion" not in kinds
    assert "timeline" not in kinds  # page 1's chart is never repeated in full
    assert {"timeline_summary", "ferritin_response", "sleep"} <= kinds


def test_one_calm_legs_threshold_for_the_text_and_the_chart(qapp: Any) -> None:
    start = date(2026, 1, 1)
    nights = tuple(
        Night(start + timedelta(i), CALM_LEGS_AT_MOST if i % 2 else 6, sleep_hours=3.0 + i % 3)
        for i in range(20)
    )
    contents = DiaryContents(nights=nights)
    content, a = build_content(contents, start, nights[-1].date, nights[-1].date)
    assert f"(severity {CALM_LEGS_AT_MOST} or less)" in content.readings["sleep"]
    fig = sleep_chart.build(a, (start, nights[-1].date), Style(for_print=True))
    labels = [label for ax in fig.axes for label in ax.get_legend_handles_labels()[1]]
    assert any(f"calm legs (≤ {CALM_LEGS_AT_MOST})" in label for label in labels), labels


def test_print_charts_have_hatched_windows_and_no_app_instructions(qapp: Any) -> None:
    contents = PATIENTS["demo"]()
    a = analyse(contents, END)
    period = (contents.nights[0].date, END)
    svg = chart_image("timeline_summary", a, contents, period, 510, 230, PRINT_STYLE).svg
    assert b"<pattern" in svg  # the response windows are hatched on paper
    # An empty diary: every chart is a message; on paper none tells the GP where to click.
    empty = analyse(DiaryContents(), END)
    for kind in ("after_infusion", "ferritin_response", "sleep", "timeline_summary"):
        fig = print_figure(kind, empty, DiaryContents(), (END, END), 510, 230)
        words = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
        assert "No" in words, kind  # the message is there
        assert "page" not in words.lower(), words
        assert "add your" not in words.lower(), words


@pytest.mark.parametrize("weeks", [2, 4])
def test_the_sleep_diary_pages_two_weeks_a_page(tmp_path: Path, weeks: int) -> None:
    path = tmp_path / "diary.sqlite"
    contents = opioid_patient()
    with Diary.open(path, create=True) as diary:
        diary.import_contents(contents)
        diary.set_profile(contents.profile)
    out = tmp_path / "r.pdf"
    argv = ["report", "--diary", str(path), "--out", str(out), "--sleep-diary", str(weeks)]
    assert cli.main(argv) == 0
    pages = pdf_pages(out)
    diary_pages = [p for p in pages if "Sleep diary, " in p]
    assert len(diary_pages) == weeks // 2
    for p in diary_pages:
        assert p.count("Sleep diary, ") == 2
        for row in (
            "Time into bed",
            "Minutes to fall asleep",
            "Times woken in the night",
            "Final wake time",
            "Hours asleep",
            "Legs: RLS severity (0–10)",
        ):
            assert p.count(row) == 2
    last = diary_pages[-1]
    assert "Sun 1 Mar" in last
    assert "22:45" in last
    assert "06:15" in last
