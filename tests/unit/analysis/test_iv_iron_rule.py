"""The 300 ng/mL rule of thumb for intravenous iron is shown only where it is safe (spec §7),
and a venesection patient gets one falling trend (spec §5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from diary.analysis import analyse, describe, to_json
from diary.records import DiaryContents, Infusion, LabResult, Night, Venesection
from diary.report.content import key_numbers
from tests.unit.analysis.analysis_synth import ferritin_lab

TODAY = date(2026, 3, 1)
RULE = "Intravenous iron can be"


def tsat(day: date, percent: float) -> LabResult:
    return LabResult(day, "tsat", percent, "%", canonical_value=percent)


def contents(
    labs: list[LabResult],
    infusions: tuple[Infusion, ...] = (),
    venesections: tuple[Venesection, ...] = (),
) -> DiaryContents:
    nights = tuple(Night(TODAY - timedelta(i), 4) for i in range(90))
    return DiaryContents(nights, tuple(labs), infusions=infusions, venesections=venesections)


def rule_sentences(c: DiaryContents) -> list[str]:
    return [s for s in describe(analyse(c, TODAY)) if s.startswith(RULE)]


def test_shown_for_an_iron_deficient_patient_with_the_tsat_condition_and_its_source() -> None:
    c = contents([ferritin_lab(TODAY - timedelta(20), 80), tsat(TODAY - timedelta(20), 16)])
    [text] = rule_sentences(c)
    assert text.startswith(
        "Intravenous iron can be given while ferritin is below 300 ng/mL and transferrin "
        "saturation (TSAT) is below 45 %"
    )
    assert "a rule of thumb from a clinical review" in text
    assert "published" not in text
    assert "repeated" not in text
    assert "Your latest ferritin, 80 ng/mL on 9 February 2026, is below 300 ng/mL" in text
    assert "your latest TSAT was 16 % on 9 February 2026" in text
    out = to_json(analyse(c, TODAY))
    assert out["repeat_possible"] is True
    assert out["repeat_rule_withheld"] is None
    assert out["latest_tsat"] == {"date": "2026-02-09", "value": 16.0}


def test_says_given_again_once_an_infusion_is_recorded_and_not_below_at_300() -> None:
    inf = (Infusion(TODAY - timedelta(200), "ferric_carboxymaltose", 1000.0),)
    [text] = rule_sentences(contents([ferritin_lab(TODAY - timedelta(10), 300)], inf))
    assert text.startswith("Intravenous iron can be given again while ferritin is below 300")
    assert "is not below 300 ng/mL; no TSAT is recorded in the diary" in text
    out = to_json(analyse(contents([ferritin_lab(TODAY - timedelta(10), 300)], inf), TODAY))
    assert out["repeat_possible"] is False


def test_never_shown_when_venesections_are_recorded() -> None:
    c = contents(
        [ferritin_lab(TODAY - timedelta(10), 90)],
        venesections=(Venesection(TODAY - timedelta(400), 450.0),),
    )
    a = analyse(c, TODAY)
    assert rule_sentences(c) == []
    assert not any("300 ng/mL" in s for s in describe(a))
    assert a.repeat_possible is None
    assert "venesections are recorded" in (a.iv_iron.withheld or "")
    assert to_json(a)["repeat_possible"] is None


@pytest.mark.parametrize(("value", "shown"), [(999.0, True), (1000.0, False)])
def test_never_shown_once_any_ferritin_was_1000_or_more(value: float, shown: bool) -> None:
    labs = [ferritin_lab(TODAY - timedelta(700), value), ferritin_lab(TODAY - timedelta(5), 150)]
    assert bool(rule_sentences(contents(labs))) is shown
    # A reading left out of the estimates for inflammation still counts here.
    flagged = [ferritin_lab(TODAY - timedelta(700), value, inflammation=True), labs[1]]
    assert bool(rule_sentences(contents(flagged))) is shown


@pytest.mark.parametrize(("percent", "shown"), [(44.9, True), (45.0, False), (60.0, False)])
def test_never_shown_when_the_latest_tsat_is_45_percent_or_more(
    percent: float, shown: bool
) -> None:
    labs = [
        tsat(TODAY - timedelta(300), 50),  # an older high TSAT: only the latest counts
        tsat(TODAY - timedelta(30), percent),
        ferritin_lab(TODAY - timedelta(30), 100),
    ]
    sentences = rule_sentences(contents(labs))
    assert bool(sentences) is shown
    if shown:
        assert "your latest TSAT was 44.9 % on 30 January 2026" in sentences[0]
    else:
        withheld = analyse(contents(labs), TODAY).iv_iron.withheld or ""
        assert "transferrin saturation (TSAT)" in withheld
        assert "45 % or more" in withheld


@pytest.mark.parametrize(("taken", "shown"), [(date(2025, 9, 1), True), (date(2025, 8, 31), False)])
def test_never_shown_when_the_latest_ferritin_is_more_than_6_months_old(
    taken: date, shown: bool
) -> None:
    c = contents([ferritin_lab(taken, 100)])
    assert bool(rule_sentences(c)) is shown
    a = analyse(c, TODAY)
    assert (a.repeat_possible is True) is shown
    if not shown:
        assert a.iv_iron.withheld == (
            "the latest ferritin, from 31 August 2025, is more than 6 months old"
        )


def test_no_sentence_anywhere_says_published_guidance() -> None:
    inf = (Infusion(TODAY - timedelta(60), "ferric_carboxymaltose", 500.0),)
    labs = [ferritin_lab(TODAY - timedelta(70), 40), ferritin_lab(TODAY - timedelta(5), 120)]
    text = " ".join(describe(analyse(contents(labs, inf), TODAY))).lower()
    assert "published" not in text
    assert "guidance" not in text
    assert "a rule of thumb from a clinical review" in text


def venesection_patient() -> DiaryContents:
    """Haemochromatosis: ferritin 700 falling to 250 over 10 readings, 4-weekly, with a
    venesection every 2 weeks; TSAT 60 %."""
    start = TODAY - timedelta(7 * 4 * 9 + 3)
    labs = [ferritin_lab(start + timedelta(28 * k), 700 - 50 * k) for k in range(10)]
    labs.append(tsat(start, 60))
    venesections = tuple(Venesection(start + timedelta(14 * k + 1), 450.0) for k in range(19))
    nights = tuple(Night(start + timedelta(i), 3) for i in range((TODAY - start).days))
    return DiaryContents(nights, tuple(labs), venesections=venesections)


def test_a_venesection_programme_is_one_falling_trend_with_no_iv_iron_sentence() -> None:
    c = venesection_patient()
    a = analyse(c, TODAY)
    assert a.trend.readings == 10
    assert a.trend.venesections == 18  # those between the first and the last reading
    assert a.trend.slope_per_week == -12.5  # 50 ng/mL every 4 weeks
    assert a.trend.state == "losing fast"
    sentences = describe(a)
    assert any(
        s.startswith(
            "Ferritin changed by −12.5 ng/mL per week over 10 readings across the diary, "
            "with 18 venesections in that time: losing fast"
        )
        for s in sentences
    )
    joined = " ".join(sentences)
    assert "Intravenous iron" not in joined
    assert "needs two readings" not in joined
    [trend] = [k for k in key_numbers(a, c.labs) if k.label == "Ferritin trend"]
    assert trend.value == "-12.5 ng/mL a week"
    assert trend.detail == "losing fast, from 10 readings"
    out = to_json(a)
    assert out["ferritin_trend_per_week"] == -12.5
    assert out["repeat_possible"] is None
