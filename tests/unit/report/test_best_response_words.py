"""The report says when nights get worse again above a level, and when the estimate spans
a change of treatment, in the key number and in the reading under the chart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from diary.analysis import Analysis, analyse
from diary.analysis.best_response import REASON_NO_RELATION
from diary.demo import generate_contents
from diary.records import DiaryContents
from diary.report.numbers import key_numbers
from diary.report.readings import ferritin_response

END = date(2026, 3, 1)
CHANGE = (
    "The nights behind this level span a change of treatment (pramipexole from 0.25 to 0.5 "
    "mg a day around 3 March 2025), so part of the difference between nights may come from "
    "that change rather than from ferritin."
)


def _demo_analysis() -> tuple[DiaryContents, Analysis]:
    contents = generate_contents(seed=1, years=2, end=END)
    return contents, analyse(contents, END)


def test_worse_above_and_a_treatment_change_reach_the_key_number_and_reading() -> None:
    contents, a = _demo_analysis()
    br = replace(a.best_response, worse_above=400.0, confounded=CHANGE)
    assert br.ferritin is not None
    a = replace(a, best_response=br)
    key = {k.label: k for k in key_numbers(a, contents.labs)}["Best-response ferritin"]
    assert key.detail.endswith("; worse again above about 400 ng/mL; spans a change of treatment")
    text = ferritin_response(a, contents, END.replace(year=2024), END)
    assert "Nights get worse again above about 400 ng/mL, which can happen with too much " in (text)
    assert text.endswith(CHANGE)


def test_without_them_the_words_say_neither() -> None:
    contents, a = _demo_analysis()
    a = replace(a, best_response=replace(a.best_response, worse_above=None, confounded=None))
    key = {k.label: k for k in key_numbers(a, contents.labs)}["Best-response ferritin"]
    text = ferritin_response(a, contents, END.replace(year=2024), END)
    assert "worse again" not in key.detail + text
    assert "change of treatment" not in key.detail + text


def test_worse_above_is_said_when_no_level_is_named() -> None:
    contents, a = _demo_analysis()
    reason = f"{REASON_NO_RELATION}: the level is not stable"
    br = replace(a.best_response, ferritin=None, low=None, high=None, reason=reason)
    a = replace(a, best_response=replace(br, worse_above=350.0))
    key = {k.label: k for k in key_numbers(a, contents.labs)}["Best-response ferritin"]
    assert (key.value, key.detail) == (
        "no clear level",
        "nights worse again above about 350 ng/mL",
    )
    text = ferritin_response(a, contents, END.replace(year=2024), END)
    assert text == (
        f"No best-response ferritin is shown: {reason}. Nights get worse again above about "
        "350 ng/mL, which can happen with too much iron."
    )
