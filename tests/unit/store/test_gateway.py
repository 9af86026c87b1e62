"""The gateway stores, reads back, replaces and deletes every kind of record."""

from __future__ import annotations

from datetime import date, time

import pytest

from diary.errors import NotFound, ReadOnlyDiary, ValidationError
from diary.records import Dose, Infusion, LabResult, Night, Profile, Supplement, Venesection
from tests.unit.store.helpers import TODAY, open_diary


def test_night_with_intake_is_stored_and_read_back(diary):
    day = date(2026, 3, 3)
    saved = diary.add_night(
        Night(
            day,
            7,
            4.5,
            time(23, 0),
            time(6, 30),
            60,
            4,
            2,
            time(18, 30),
            (" overtired ", "alcohol", "Overtired"),
            "awful",
        ),
        [Dose(day, "Gabapentin", 900, "MG", time(21, 0))],
        [Supplement(day, "Ferrous-Sulfate", 325, time(21, 0))],
    )
    assert saved.id is not None
    got = diary.night_on(day)
    assert got == saved
    assert got.tags == ("overtired", "alcohol")  # trimmed, case-insensitive duplicate dropped
    doses, sups = diary.intake_on(day)
    assert [(d.medication, d.amount, d.unit) for d in doses] == [("gabapentin", 900.0, "mg")]
    assert sups[0].product == "ferrous_sulfate"
    assert sups[0].elemental_iron_mg == 65.0  # 20 % of 325 mg, from the catalogue


def test_one_night_per_date(diary):
    diary.add_night(Night(date(2026, 3, 1), 5))
    with pytest.raises(ValidationError) as err:
        diary.add_night(Night(date(2026, 3, 1), 2))
    assert err.value.problems[0].field == "date"
    assert "already in the diary" in err.value.problems[0].message
    assert diary.night_on(date(2026, 3, 1)).rls_severity == 5


def test_save_night_replaces_night_and_intake(diary):
    day = date(2026, 3, 1)
    diary.add_night(Night(day, 5), [Dose(day, "pregabalin", 75, "mg")])
    diary.save_night(Night(day, 2, 8), [Dose(day, "gabapentin", 300, "mg")])
    assert diary.night_on(day).rls_severity == 2
    assert [d.medication for d in diary.intake_on(day)[0]] == ["gabapentin"]
    assert diary.counts()["nights"] == 1


def test_editing_a_night_can_move_it_to_a_free_date(diary):
    n = diary.add_night(Night(date(2026, 3, 1), 5))
    diary.save_night(Night(date(2026, 2, 28), 5, id=n.id))
    assert diary.night_dates() == [date(2026, 2, 28)]


def test_delete_and_restore_night_brings_back_everything(diary):
    day = date(2026, 3, 1)
    diary.add_night(
        Night(day, 5, tags=("travel",)),
        [Dose(day, "oxycodone", 10, "mg")],
        [Supplement(day, "magnesium", 400)],
    )
    bundle = diary.delete_night(day)
    assert diary.counts() == {
        "nights": 0,
        "labs": 0,
        "doses": 0,
        "supplements": 0,
        "infusions": 0,
        "venesections": 0,
    }
    diary.restore_night(bundle)
    assert diary.night_on(day).tags == ("travel",)
    assert len(diary.intake_on(day)[0]) == 1
    assert len(diary.intake_on(day)[1]) == 1
    with pytest.raises(NotFound):
        diary.delete_night(date(2020, 1, 1))


@pytest.mark.parametrize(
    ("night", "field", "words"),
    [
        (Night(date(2026, 3, 1), 11), "rls_severity", "from 0"),
        (Night(date(2026, 3, 1), -1), "rls_severity", "from 0"),
        (Night(date(2026, 3, 1), 5, 24.5), "sleep_hours", "between 0 and 24"),
        (Night(date(2026, 3, 1), 5, sleep_quality=0), "sleep_quality", "1"),
        (Night(date(2026, 3, 1), 5, awakenings=-2), "awakenings", "0 or more"),
        (Night(date(2026, 3, 1), 5, sleep_latency_min=-1), "sleep_latency_min", "0"),
        (Night(date(2026, 3, 7), 5), "date", "future"),
        (Night(date(2026, 3, 1), 5, tags=("a;b",)), "tags", "';'"),
    ],
)
def test_bad_nights_are_refused_with_a_plain_reason(diary, night, field, words):
    with pytest.raises(ValidationError) as err:
        diary.add_night(night)
    problem = err.value.problems[0]
    assert problem.field == field
    assert words in problem.message
    assert diary.counts()["nights"] == 0


def test_lab_keeps_entered_unit_and_canonical_value(diary):
    lab = diary.add(
        LabResult(
            date(2026, 2, 1), "Serum Iron", 30, "µmol/L", fasting=True, lab_name=" St Thomas "
        )
    )
    assert (lab.test, lab.value, lab.unit, lab.canonical_value) == (
        "serum_iron",
        30.0,
        "umol/L",
        167.55,
    )
    assert lab.lab_name == "St Thomas"
    ferritin = diary.add(LabResult(date(2026, 2, 1), "ferritin", 45, "ug/L"))
    assert ferritin.canonical_value == 45.0
    assert diary.ferritin_readings() == [ferritin]


@pytest.mark.parametrize(
    ("lab", "field", "words"),
    [
        (LabResult(date(2026, 2, 1), "ferritin", 30, "%"), "unit", "does not fit ferritin"),
        (LabResult(date(2026, 2, 1), "ferritin", 0, "ng/mL"), "value", "greater than 0"),
        (LabResult(date(2026, 2, 1), "ferritin", 20000, "ng/mL"), "value", "not a plausible"),
        (LabResult(date(2026, 2, 1), "tsat", 120, "%"), "value", "not a plausible"),
        (LabResult(date(2026, 2, 1), "vitamin_k", 3, "mg"), "test", "not a known test"),
        (LabResult(date(2026, 2, 1), "ferritin", float("nan"), "ng/mL"), "value", "number"),
    ],
)
def test_bad_labs_are_refused(diary, lab, field, words):
    with pytest.raises(ValidationError) as err:
        diary.add(lab)
    assert any(p.field == field and words in p.message for p in err.value.problems)
    assert diary.labs() == []


def test_update_and_delete_each_simple_kind(diary):
    cases = [
        (LabResult(date(2026, 2, 1), "ferritin", 45, "ng/mL"), diary.labs, {"value": 50}),
        (Dose(date(2026, 2, 1), "gabapentin", 300, "mg"), diary.doses, {"amount": 600}),
        (
            Supplement(date(2026, 2, 1), "ferrous_gluconate", 300),
            diary.supplements,
            {"amount_mg": 600},
        ),
        (Infusion(date(2026, 2, 1), "iron_sucrose", 200), diary.infusions, {"dose_mg": 500}),
        (Venesection(date(2026, 2, 1), 450), diary.venesections, {"volume_ml": 500}),
    ]
    from dataclasses import replace

    for record, listed_now, change in cases:
        added = diary.add(record)
        updated = diary.update(replace(added, **change))
        listed = listed_now()
        assert listed == [updated]
        assert getattr(listed[0], next(iter(change))) == float(next(iter(change.values())))
        assert diary.delete(added) == updated
        assert listed_now() == []
        with pytest.raises(NotFound):
            diary.delete(added)


def test_gluconate_and_fumarate_derive_elemental_iron(diary):
    g = diary.add(Supplement(date(2026, 2, 1), "ferrous gluconate", 300))
    f = diary.add(Supplement(date(2026, 2, 1), "ferrous_fumarate", 325))
    b = diary.add(Supplement(date(2026, 2, 1), "ferrous_bisglycinate", 125))
    assert (g.elemental_iron_mg, f.elemental_iron_mg, b.elemental_iron_mg) == (36.0, 107.25, None)


def test_profile_is_stored(diary):
    assert diary.profile() == Profile()
    diary.set_profile(Profile(" Grace ", 1944, "Dr Buchfuhrer"))
    assert diary.profile() == Profile("Grace", 1944, "Dr Buchfuhrer")
    with pytest.raises(ValidationError) as err:
        diary.set_profile(Profile("Grace", 1850))
    assert "Birth year" in err.value.problems[0].message
    assert diary.profile().birth_year == 1944


def test_read_only_refuses_writes(tmp_path):
    path = tmp_path / "d.sqlite"
    open_diary(path).close()
    ro = open_diary(path, read_only=True)
    try:
        with pytest.raises(ReadOnlyDiary):
            ro.add_night(Night(date(2026, 3, 1), 3))
        assert ro.counts()["nights"] == 0
    finally:
        ro.close()


def test_today_decides_what_is_in_the_future(diary):
    assert diary.today() == TODAY
    diary.add_night(Night(TODAY, 1))
    with pytest.raises(ValidationError):
        diary.add(LabResult(date(2026, 3, 7), "ferritin", 30, "ng/mL"))


def test_usual_intake_is_kept_in_order_and_dated_for_the_night_asked(tmp_path):
    from datetime import date, time

    from diary.records import Dose, Supplement
    from diary.store.gateway import Diary

    today = date(2026, 3, 5)
    with Diary.open(tmp_path / "u.sqlite", today=lambda: today, auto_backup=False) as diary:
        assert diary.usual_intake(today) == ([], [])
        diary.set_usual_intake(
            [
                Dose(date.min, "pregabalin", 50, "mg", time(21, 0)),
                Dose(date.min, "oxycodone", 10, "mg"),
            ],
            [Supplement(date.min, "ferrous_bisglycinate", 25, time(22, 0))],
        )
        doses, sups = diary.usual_intake(date(2026, 2, 1))
        assert [(d.date, d.medication, d.amount, d.time) for d in doses] == [
            (date(2026, 2, 1), "pregabalin", 50.0, time(21, 0)),
            (date(2026, 2, 1), "oxycodone", 10.0, None),
        ]
        assert [(s.product, s.amount_mg, s.time) for s in sups] == [
            ("ferrous_bisglycinate", 25.0, time(22, 0))
        ]
        with pytest.raises(ValidationError):
            diary.set_usual_intake([Dose(date.min, "pregabalin", 0, "mg")], [])
        assert len(diary.usual_intake(today)[0]) == 2  # a refused list changes nothing
