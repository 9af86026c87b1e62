"""Sleep typed as hours and minutes, and the night that has not ended yet."""

from __future__ import annotations

from datetime import date

import pytest

from diary.errors import ValidationError
from diary.records import Night
from diary.store.validation import normalise_night
from diary.ui.input_parse import InputError, parse_hours


@pytest.mark.parametrize(
    ("typed", "hours"),
    [("7:30", 7.5), ("7h30", 7.5), ("7 h 15", 7.25), ("6h", 6.0), ("7,5", 7.5), ("8", 8.0)],
)
def test_hours_and_minutes(typed: str, hours: float) -> None:
    assert parse_hours(typed, "Sleep hours") == hours


@pytest.mark.parametrize("typed", ["7:75", "seven", "7:3x"])
def test_bad_hours_say_what_is_allowed(typed: str) -> None:
    with pytest.raises(InputError, match="Sleep hours"):
        parse_hours(typed, "Sleep hours")


def test_tonight_keeps_its_severity_but_not_its_sleep() -> None:
    today = date(2026, 3, 5)
    assert normalise_night(Night(today, 6), today).rls_severity == 6
    with pytest.raises(ValidationError) as caught:
        normalise_night(Night(today, 6, sleep_hours=7.5, awakenings=2), today)
    fields = {p.field: p.message for p in caught.value.problems}
    assert set(fields) == {"sleep_hours", "awakenings"}
    assert "has not ended yet" in fields["sleep_hours"]
    yesterday = date(2026, 3, 4)
    assert normalise_night(Night(yesterday, 6, sleep_hours=7.5), today).sleep_hours == 7.5
