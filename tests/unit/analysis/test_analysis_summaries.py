"""Symptoms and sleep, opioid MME, augmentation watch, iron forms, tags, JSON and sentences."""

from __future__ import annotations

import json
import math
from datetime import date, time, timedelta

import pytest

from diary.analysis import analyse, describe, to_json
from diary.records import DiaryContents, Dose, Night, Supplement
from diary.words import day_month_year
from tests.unit.analysis.analysis_synth import ferritin_lab, plateau_patient
from tests.unit.analysis.json_spec import BEST, TOP

TODAY = date(2026, 12, 31)
LAST = date(2026, 3, 31)


def day(ago: int) -> date:
    return LAST - timedelta(ago)


def test_last_30_nights_are_the_30_days_ending_at_the_latest_night() -> None:
    nights = [Night(day(i), 2, sleep_hours=7.0) for i in range(0, 30, 2)]  # 15 nights
    nights += [Night(day(1), 8, sleep_hours=4.0)]  # severe, inside the last 30
    nights += [Night(day(i), 6, sleep_hours=5.0) for i in range(30, 60)]  # the 30 before
    nights += [Night(day(60), 10, sleep_hours=0.0)]  # older: in neither
    out = to_json(analyse(DiaryContents(tuple(nights)), TODAY))
    assert out["severity"] == {
        "last_30_mean": round((15 * 2 + 8) / 16, 2),
        "previous_30_mean": 6.0,
        "severe_nights_last_30": 1,
    }
    assert out["sleep"]["last_30_mean_hours"] == round((15 * 7 + 4) / 16, 2)
    assert out["sleep"]["previous_30_mean_hours"] == 5.0


def test_time_in_bed_and_sleep_efficiency() -> None:
    nights = (
        Night(
            day(2),
            3,
            sleep_hours=6.0,
            bedtime=time(23, 0),
            wake_time=time(7, 0),
            sleep_latency_min=30,
        ),  # 8 h in bed, 75 %
        Night(
            day(1), 3, bedtime=time(22, 0), wake_time=time(6, 0), sleep_latency_min=30
        ),  # no hours asleep: (480 - 30) / 480
        Night(day(0), 3, sleep_hours=6.0, bedtime=time(23, 0)),  # incomplete: left out
    )
    a = analyse(DiaryContents(nights), TODAY)
    assert list(a.series.time_in_bed_hours[:2]) == [8.0, 8.0]
    assert list(a.series.sleep_efficiency[:2]) == [75.0, 93.75]
    assert a.symptoms_sleep.last_30.mean_sleep_efficiency == round((75 + 93.75) / 2, 2)
    assert a.symptoms_sleep.last_30.mean_time_in_bed_hours == 8.0


def test_opioid_mme_per_night() -> None:
    nights = (Night(day(1), 5), Night(day(0), 5))
    doses = (
        Dose(day(1), "oxycodone", 10.0, "mg"),  # 15
        Dose(day(1), "Oxycodone-Naloxone", 10.0, "mg"),  # oxycodone mg: 15
        Dose(day(1), "tramadol", 100.0, "mg"),  # 20
        Dose(day(1), "gabapentin", 300.0, "mg"),  # not an opioid
        Dose(day(0), "buprenorphine", 200.0, "mcg"),  # no accepted factor
        Dose(day(0), "oxycodone", 1.0, "tablet"),  # strength unknown
    )
    a = analyse(DiaryContents(nights, doses=doses), TODAY)
    assert a.series.mme[0] == 50.0
    assert math.isnan(a.series.mme[1])  # an opioid was taken, but it cannot be converted
    assert a.opioids.doses_not_converted == 2
    assert a.opioids.nights_with_opioid == 2
    assert a.opioids.nights_not_converted == 1
    assert a.opioids.max_mme == 50.0


def onset_diary(agonist: bool, recent: time, before: time) -> DiaryContents:
    nights = tuple(Night(day(i), 3, symptom_onset=recent if i < 28 else before) for i in range(56))
    med = "pramipexole" if agonist else "gabapentin"
    doses = tuple(Dose(day(i), med, 0.25, "mg") for i in range(56))
    return DiaryContents(nights, doses=doses)


def test_augmentation_watch_flags_earlier_onset_on_a_dopamine_agonist() -> None:
    a = analyse(onset_diary(True, time(18, 30), time(21, 0)), TODAY)
    assert a.augmentation.on_dopaminergic
    assert a.augmentation.medicines == ("pramipexole",)
    assert a.augmentation.onset_earlier_minutes == 150
    assert a.augmentation.flagged
    assert any("augmentation" in s for s in describe(a))
    # The same drift without an agonist, or a smaller one, is not flagged.
    assert not analyse(onset_diary(False, time(18, 30), time(21, 0)), TODAY).augmentation.flagged
    assert not analyse(onset_diary(True, time(19, 30), time(21, 0)), TODAY).augmentation.flagged
    # Onsets after midnight count as late evening, not as the morning.
    late = analyse(onset_diary(True, time(23, 0), time(1, 0)), TODAY).augmentation
    assert late.onset_earlier_minutes == 120
    assert late.flagged


def test_augmentation_watch_flags_worse_nights_after_a_good_spell() -> None:
    nights = [Night(day(i), 2) for i in range(7, 35)]
    nights += [Night(day(i), 6 if i < 5 else 2) for i in range(7)]
    doses = (Dose(day(0), "ropinirole", 1.0, "mg"),)
    watch = analyse(DiaryContents(tuple(nights), doses=doses), TODAY).augmentation
    assert watch.spell_mean == 2.0
    assert watch.worse_recent_nights == 5
    assert watch.severity_flag
    fewer = [n if n.date != day(4) else Night(day(4), 2) for n in nights]
    assert not analyse(DiaryContents(tuple(fewer), doses=doses), TODAY).augmentation.flagged


def test_iron_by_product_and_time_of_day_counts_weeks() -> None:
    # 10 weeks of ferrous sulfate in the morning, then 10 of bisglycinate at night, then
    # 10 weeks without iron; a week with both forms is mixed and left out.
    first = LAST - timedelta(days=LAST.weekday() + 7 * 30)  # a Monday, 30 weeks back
    nights, sups = [], []
    for i in range(7 * 31):
        when = first + timedelta(i)
        week = i // 7
        severity = 6 if week < 10 else (2 if week < 20 else 4)
        nights.append(Night(when, severity))
        if week < 10 or week == 30:
            sups.append(Supplement(when, "ferrous_sulfate", 325.0, time=time(8, 0)))
        if 10 <= week < 20 or week == 30:
            sups.append(Supplement(when, "ferrous_bisglycinate", 25.0, time=time(22, 0)))
    sups.append(Supplement(first + timedelta(7 * 25), "vitamin_c", 500.0))  # not iron
    forms = analyse(DiaryContents(tuple(nights), supplements=tuple(sups)), TODAY).iron_forms
    by_product = {g.name: (g.weeks, g.nights, g.mean_severity) for g in forms.by_product}
    assert by_product == {
        "ferrous sulfate": (10, 70, 6.0),
        "ferrous bisglycinate": (10, 70, 2.0),
        "no iron": (10, 70, 4.0),
    }
    by_time = {g.name: (g.weeks, g.mean_severity) for g in forms.by_time_of_day}
    assert by_time == {"morning": (10, 6.0), "night": (10, 2.0)}


def test_tags_need_enough_weeks_with_nights_on_both_sides() -> None:
    # 'Caffeine' on 2 nights of each of 10 weeks; 'travel' on one whole week and 3 nights
    # of another: only 1 week holds travel and other nights, too few to compare.
    first = LAST - timedelta(days=LAST.weekday() + 7 * 10)
    nights = []
    for i in range(7 * 11):
        tags = ("Caffeine",) if i % 7 in (2, 5) else ()
        if 14 <= i < 21 or 28 <= i < 31:
            tags += ("travel",)
        nights.append(Night(first + timedelta(i), 7 if "Caffeine" in tags else 3, tags=tags))
    tags = {t.tag: t for t in analyse(DiaryContents(tuple(nights)), TODAY).tags}
    caffeine, travel = tags["Caffeine"], tags["travel"]
    assert (caffeine.nights_with, caffeine.nights_without, caffeine.weeks) == (22, 55, 11)
    assert (caffeine.mean_with, caffeine.mean_without, caffeine.difference) == (7.0, 3.0, 4.0)
    assert caffeine.p_value is not None
    assert caffeine.p_value < 0.01
    assert caffeine.finding
    assert (travel.nights_with, travel.weeks, travel.p_value, travel.finding) == (
        10,
        1,
        None,
        False,
    )


def test_json_has_the_spec_shape_and_no_nan() -> None:
    contents = plateau_patient(150.0, seed=1, days=900, lab_every=30, low=20, high=400)
    out = to_json(analyse(contents, TODAY))
    assert set(out) >= set(TOP)
    assert list(out["best_response"])[: len(BEST)] == BEST
    assert {"last_30_mean", "previous_30_mean", "severe_nights_last_30"} <= set(out["severity"])
    assert {"last_30_mean_hours", "previous_30_mean_hours"} <= set(out["sleep"])
    assert out["nights"] == 900
    assert out["first_night"] == "2023-01-02"
    assert out["last_night"] == "2025-06-19"
    text = json.dumps(out, indent=2, allow_nan=False)
    assert json.loads(text) == out


def test_empty_diary() -> None:
    a = analyse(DiaryContents(), TODAY)
    out = to_json(a)
    assert out["nights"] == 0
    assert out["first_night"] is None
    assert out["latest_ferritin"] is None
    assert out["best_response"]["ferritin"] is None
    assert out["best_response"]["reason"]
    assert out["severity"]["last_30_mean"] is None
    assert describe(a)[0].startswith("The diary has no nights yet")


@pytest.mark.parametrize("truth", [150.0, None])
def test_sentences_inform_and_never_prescribe(truth: float | None) -> None:
    contents = plateau_patient(truth, seed=1, days=900, lab_every=30, low=20, high=400)
    a = analyse(contents, TODAY)
    sentences = describe(a)
    joined = " ".join(sentences).lower()
    for word in ("you should", "you must", "we recommend", "increase your", "stop taking"):
        assert word not in joined
    if truth is None:
        assert any("No best-response ferritin yet: no clear relation" in s for s in sentences)
    else:
        br = a.best_response
        assert any(
            s.startswith(
                f"Your nights were at their best from about {br.ferritin:.0f} ng/mL upward "
                f"(90 % range {br.low:.0f}–{br.high:.0f} ng/mL). This rests on 900 nights"
            )
            for s in sentences
        )


def test_augmentation_watch_says_when_there_is_no_sign_or_nothing_to_watch() -> None:
    calm = analyse(onset_diary(True, time(21, 0), time(21, 0)), TODAY)
    assert any(s.startswith("Augmentation watch (pramipexole): no sign") for s in describe(calm))
    none = analyse(onset_diary(False, time(21, 0), time(21, 0)), TODAY)
    assert any("no dopaminergic medicine" in s for s in describe(none))


def test_older_infusions_are_summed_up_and_the_latest_two_told_in_full() -> None:
    from diary.records import Infusion

    labs = tuple(ferritin_lab(day(700 - 30 * k), 40.0 + k % 5) for k in range(24))
    infusions = tuple(
        Infusion(day(650 - 150 * k), "ferric_carboxymaltose", 500.0) for k in range(4)
    )
    nights = tuple(Night(day(i), 3) for i in range(700))
    sentences = describe(analyse(DiaryContents(nights, labs, infusions=infusions), TODAY))
    assert sum(s.startswith("The infusion of 500 mg") for s in sentences) == 2
    assert any(s.startswith("2 earlier infusion courses, from ") for s in sentences)


def test_iron_products_are_compared_in_sentences() -> None:
    from diary.records import Supplement

    # 12 weeks of bisglycinate, then 12 of ferrous sulfate, both taken at 21:00.
    first = LAST - timedelta(days=LAST.weekday() + 7 * 23)
    nights, sups = [], []
    for i in range(7 * 24):
        product = "ferrous_bisglycinate" if i < 7 * 12 else "ferrous_sulfate"
        nights.append(Night(first + timedelta(i), 2 + (i % 3 == 0) if i < 84 else 6))
        sups.append(Supplement(first + timedelta(i), product, 325.0, time=time(21, 0)))
    sentences = describe(analyse(DiaryContents(tuple(nights), supplements=tuple(sups)), TODAY))
    switch = day_month_year(first + timedelta(84))
    assert any(
        s.startswith(
            f"After switching iron from ferrous bisglycinate to ferrous sulfate on {switch}, "
            "nights were 3.7 points worse after it (mean severity 2.3 before and 6 after; "
            "12 weeks before, 12 weeks after, compared week by week)."
        )
        for s in sentences
    )
