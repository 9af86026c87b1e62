"""The report's course table and the window's course sentence say the same about symptoms
before and after an infusion course, in every state a course can be in."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from diary.analysis import analyse, describe
from diary.analysis.iron_sentences import course_name, latest_course_text
from diary.records import DiaryContents, Infusion, Night
from diary.report.content import build_content

FIRST = date(2025, 6, 2)  # the course's only dose


def _night(i: int) -> Night:
    """Severity 6 before the dose, 2 from week 6 after it, 4 between."""
    return Night(FIRST + timedelta(i), 6 if i < 0 else (2 if i >= 42 else 4))


def _case(
    days: range, today_offset: int, second_dose: int | None = None
) -> tuple[DiaryContents, date]:
    infusions = [Infusion(FIRST, "ferric_carboxymaltose", 1000.0)]
    if second_dose is not None:
        infusions.append(Infusion(FIRST + timedelta(second_dose), "ferric_carboxymaltose", 500.0))
    nights = tuple(_night(i) for i in days)
    return DiaryContents(nights=nights, infusions=tuple(infusions)), FIRST + timedelta(today_offset)


CASES = {
    "judged": _case(range(-40, 150), 150),
    "so far": _case(range(-40, 49), 49),
    "not started": _case(range(-40, 20), 20),
    "running": _case(range(-40, 48), 48),
    "too few after": _case([*range(-40, 0), 50, 51, 52], 150),  # type: ignore[arg-type]
    "next course": _case(range(-40, 150), 150, second_dose=35),
    "too few before": _case(range(0, 150), 150),
}


def _report_cells(contents: DiaryContents, today: date) -> list[str]:
    content, _ = build_content(contents, FIRST - timedelta(40), today, today)
    table = next(t for t in content.tables if t.title == "Iron infusions, by course")
    assert table.columns[4] == "Severity before → weeks 6–12"
    return [row[4] for row in table.rows]


def _symptoms(text: str) -> str:
    found = re.search(r"(mean RLS severity .*?)\.(?: |$)", text)
    assert found, text
    return found.group(1)


def _window_sentences(contents: DiaryContents, today: date) -> list[str]:
    """Each course's symptoms as the Insights page says them (checked against the summary
    the Treatments page shows for the latest course)."""
    a = analyse(contents, today)
    insights = describe(a)
    out = []
    for c in a.infusions:
        name = course_name(c)
        [said] = [s for s in insights if s.startswith(name[0].upper() + name[1:])]
        out.append(_symptoms(said))
    latest = latest_course_text(a)
    assert latest is not None
    assert _symptoms(latest) == out[-1]
    return out


def _agree(cell: str, sentence: str) -> tuple[str, str]:
    """The states (before, after) the two agree on; fails when they differ."""
    before_cell, after_cell = cell.split(" → ")
    before, after = sentence.removeprefix("mean RLS severity ").split("; ", 1)
    if before_cell == "–":
        assert before.startswith("too few nights logged in the 4 weeks before"), sentence
    else:
        assert before.startswith(f"{before_cell} in the 4 weeks before"), sentence
    before_state = "too few nights" if before_cell == "–" else "judged"
    value = re.fullmatch(r"(\d+\.\d)( so far)?", after_cell)
    if value:
        after_what = ("the infusion", "the last dose")
        assert after.startswith(
            tuple(f"{value.group(1)} in weeks 6–12 after {w}" for w in after_what)
        ), sentence
        assert ("so far" in after) == (value.group(2) is not None), sentence
        return before_state, "so far" if value.group(2) else "judged"
    assert after_cell in ("not yet", "too few nights", "next course"), cell
    assert after_cell in after, (cell, sentence)
    return before_state, after_cell


@pytest.mark.parametrize("case", CASES)
def test_the_report_cell_and_the_window_sentence_agree(case: str) -> None:
    contents, today = CASES[case]
    cells = _report_cells(contents, today)
    sentences = _window_sentences(contents, today)
    assert len(cells) == len(sentences) >= 1
    for cell, sentence in zip(cells, sentences, strict=True):
        _agree(cell, sentence)


def test_the_cases_cover_every_state_a_course_can_be_in() -> None:
    seen = {}
    for case, (contents, today) in CASES.items():
        cells = _report_cells(contents, today)
        sentences = _window_sentences(contents, today)
        seen[case] = _agree(cells[0], sentences[0])
    assert seen == {
        "judged": ("judged", "judged"),
        "so far": ("judged", "so far"),
        "not started": ("judged", "not yet"),
        "running": ("judged", "not yet"),
        "too few after": ("judged", "too few nights"),
        "next course": ("judged", "next course"),
        "too few before": ("too few nights", "judged"),
    }


def test_a_single_infusion_is_called_the_infusion_not_the_last_dose() -> None:
    contents, today = CASES["not started"]
    [sentence] = _window_sentences(contents, today)
    assert "weeks 6–12 after the infusion start on 14 July 2025" in sentence
    contents, today = _case(range(-40, 150), 150, second_dose=7)  # one course of two doses
    [sentence] = _window_sentences(contents, today)
    assert "in weeks 6–12 after the last dose" in sentence
