"""Which night the entry page offers, and how nights are named."""

from datetime import date, time, timedelta

import pytest

from diary.night_dates import (
    default_night,
    missed_nights,
    next_after_save,
    night_label,
    night_span,
)
from diary.records import LabResult
from diary.ui import input_parse as p
from diary.ui.lab_text import conversion_text, inflamed_days, possibly_inflamed, readable

TODAY = date(2026, 3, 5)  # a Thursday


def test_label_within_a_month():
    assert night_label(date(2026, 3, 2)) == "Night of Mon 2 → Tue 3 March"


def test_label_across_months_names_both():
    assert night_span(date(2026, 2, 28)) == "Sat 28 February → Sun 1 March"


def test_label_across_years_names_both_years():
    assert night_span(date(2025, 12, 31)) == "Wed 31 December 2025 → Thu 1 January 2026"


def test_label_of_another_year_shows_the_year():
    assert night_span(date(2024, 3, 4), today=TODAY) == "Mon 4 → Tue 5 March 2024"
    assert night_span(date(2026, 3, 2), today=TODAY) == "Mon 2 → Tue 3 March"


def test_new_diary_offers_yesterday_evening_and_no_backlog():
    assert missed_nights(TODAY, []) == []
    assert default_night(TODAY, []) == date(2026, 3, 4)


def test_all_logged_offers_yesterday_evening():
    logged = {date(2026, 3, 1) + timedelta(days=i) for i in range(4)}
    assert missed_nights(TODAY, logged) == []
    assert default_night(TODAY, logged) == date(2026, 3, 4)


def test_missed_nights_are_the_gaps_after_the_first_logged_night():
    logged = {date(2026, 3, 1), date(2026, 3, 3)}
    assert missed_nights(TODAY, logged) == [date(2026, 3, 2), date(2026, 3, 4)]
    assert default_night(TODAY, logged) == date(2026, 3, 4)


def test_backlog_is_limited_to_fourteen_evenings():
    logged = {date(2026, 1, 1)}
    missed = missed_nights(TODAY, logged)
    assert missed[0] == TODAY - timedelta(days=14)
    assert missed[-1] == TODAY - timedelta(days=1)
    assert len(missed) == 14


def test_tonight_is_not_missed_yet():
    logged = {date(2026, 3, 3), date(2026, 3, 4)}
    assert TODAY not in missed_nights(TODAY, logged)
    assert missed_nights(TODAY, logged) == []


def test_after_saving_the_oldest_go_forward_through_the_gaps():
    logged = {date(2026, 2, 28)}
    # 1, 2, 3, 4 March are missed; the user saved the 1st
    assert next_after_save(date(2026, 3, 1), TODAY, logged | {date(2026, 3, 1)}) == date(2026, 3, 2)


def test_after_saving_the_newest_go_back_to_an_earlier_gap():
    logged = {date(2026, 2, 28), date(2026, 3, 2), date(2026, 3, 4)}
    assert next_after_save(date(2026, 3, 4), TODAY, logged) == date(2026, 3, 3)


def test_after_saving_the_last_gap_nothing_is_left():
    logged = {date(2026, 3, 1) + timedelta(days=i) for i in range(4)}
    assert next_after_save(date(2026, 3, 4), TODAY, logged) is None


@pytest.mark.parametrize(
    ("typed", "value"), [("7,5", 7.5), ("7.5", 7.5), (" 7 ", 7.0), ("", None), ("0", 0.0)]
)
def test_decimals_accept_comma_or_point(typed, value):
    assert p.parse_decimal(typed, "Sleep hours") == value


@pytest.mark.parametrize("typed", ["abc", "7..5", "nan", "inf", "7h"])
def test_unreadable_decimals_say_what_is_allowed(typed):
    with pytest.raises(p.InputError, match="Sleep hours must be a number"):
        p.parse_decimal(typed, "Sleep hours")


def test_whole_numbers():
    assert p.parse_whole(" 12 ", "Awakenings") == 12
    assert p.parse_whole("", "Awakenings") is None
    with pytest.raises(p.InputError, match="Awakenings must be a whole number"):
        p.parse_whole("1.5", "Awakenings")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("23:30", time(23, 30)),
        ("23.30", time(23, 30)),
        ("2330", time(23, 30)),
        ("7", time(7, 0)),
        ("07:05", time(7, 5)),
        ("11pm", time(23, 0)),
        ("11:15 pm", time(23, 15)),
        ("12am", time(0, 0)),
        ("24:00", time(0, 0)),
        ("", None),
    ],
)
def test_times(typed, value):
    assert p.parse_time(typed, "Bedtime") == value


@pytest.mark.parametrize("typed", ["25:00", "23:61", "13pm", "half past", "9:5"])
def test_bad_times(typed):
    with pytest.raises(p.InputError, match="Bedtime must be a time of day"):
        p.parse_time(typed, "Bedtime")


def test_number_and_time_formatting():
    assert p.format_number(7.0) == "7"
    assert p.format_number(7.25) == "7.25"
    assert p.format_number(None) == ""
    assert p.format_time(time(6, 5)) == "06:05"


def test_conversion_line_uses_the_canonical_unit_and_micro_sign():
    assert conversion_text("serum_iron", 30, "umol/L") == "30 µmol/L = 168 µg/dL"
    assert conversion_text("ferritin", 45, "ug/L") == "45 µg/L = 45 ng/mL"
    assert conversion_text("hemoglobin", 135, "g/L") == "135 g/L = 13.5 g/dL"
    assert conversion_text("ferritin", None, "ug/L") == ""
    assert conversion_text("ferritin", 45, "mmol/L") == ""


def test_readable_rounding():
    assert readable(167.55) == "168"
    assert readable(13.52) == "13.5"
    assert readable(1.234) == "1.23"
    assert readable(12.0) == "12"


def _lab(day, test, canonical, inflammation=False):
    return LabResult(
        day, test, canonical, "x", inflammation=inflammation, canonical_value=canonical
    )


def test_ferritin_on_a_high_crp_day_is_flagged():
    labs = [
        _lab(date(2026, 3, 1), "crp", 12.0),
        _lab(date(2026, 3, 2), "crp", 5.0),  # at the limit: not high
        _lab(date(2026, 3, 1), "ferritin", 80.0),
        _lab(date(2026, 3, 2), "ferritin", 70.0),
        _lab(date(2026, 3, 3), "ferritin", 60.0, inflammation=True),
        _lab(date(2026, 3, 1), "tsat", 20.0),
    ]
    hot = inflamed_days(labs)
    assert hot == {date(2026, 3, 1)}
    assert [possibly_inflamed(lab, hot) for lab in labs] == [
        False,
        False,
        True,
        False,
        True,
        False,
    ]
