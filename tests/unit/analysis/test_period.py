"""The sentences about a chosen period: what was logged in it, in plain words."""

from __future__ import annotations

from datetime import date, timedelta

from diary.analysis.period import period_sentences
from diary.records import DiaryContents, Infusion, LabResult, Night


def _contents(first: date, days: int) -> DiaryContents:
    nights = tuple(Night(first + timedelta(i), 9 if i % 4 == 0 else 3, 7.0) for i in range(days))
    labs = (LabResult(first + timedelta(3), "ferritin", 80.0, "ng/mL"),)
    infusions = (Infusion(first + timedelta(5), "ferric_carboxymaltose", 1000.0),)
    return DiaryContents(nights=nights, labs=labs, infusions=infusions)


def test_a_period_the_nights_fill_says_only_its_span() -> None:
    c = _contents(date(2026, 1, 1), 8)
    head, sleep, events = period_sentences(c, (date(2026, 1, 1), date(2026, 1, 8)))
    assert head == (
        "8 nights logged between 1 Jan 2026 and 8 Jan 2026: mean RLS severity 4.5, "
        "2 of them 7 or worse."
    )
    assert sleep == "Mean sleep 7 hours, over the 8 nights with sleep recorded."
    assert events == "In this period: 1 ferritin result, 1 infusion, 0 venesections."


def test_nights_that_start_or_end_inside_the_period_say_where() -> None:
    c = _contents(date(2026, 1, 5), 3)
    head = period_sentences(c, (date(2026, 1, 1), date(2026, 1, 31)))[0]
    assert head.startswith(
        "3 nights logged between 1 Jan 2026 and 31 Jan 2026 "
        "(the first on 5 Jan 2026 and the last on 7 Jan 2026): "
    )
    assert period_sentences(c, (date(2026, 2, 1), date(2026, 2, 28))) == [
        "No nights are logged between 1 Feb 2026 and 28 Feb 2026."
    ]
    assert period_sentences(c, None) == []
