"""Importing records is all or nothing, skips repeats, and reports conflicting nights."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from diary.errors import NightConflict, ValidationError
from diary.records import DiaryContents, Dose, Night
from tests.unit.store.helpers import sample_contents, without_ids


def test_import_into_empty_diary_stores_everything(diary):
    contents = sample_contents()
    report = diary.import_contents(contents)
    assert report.added == {
        "nights": 3,
        "labs": 3,
        "doses": 4,
        "supplements": 2,
        "infusions": 1,
        "venesections": 1,
    }
    got = diary.contents()
    assert without_ids(got.nights) == without_ids(contents.nights)
    assert got.nights[0].tags == ("overtired", "caffeine")
    assert got.profile == contents.profile
    assert [d.medication for d in got.doses].count("gabapentin") == 3


def test_importing_twice_changes_nothing(diary):
    diary.import_contents(sample_contents())
    before = diary.contents()
    report = diary.import_contents(sample_contents())
    assert sum(report.added.values()) == 0
    assert report.skipped["doses"] == 4
    assert report.skipped["nights"] == 3
    assert diary.contents() == before


def test_a_bad_record_means_nothing_is_imported(diary):
    contents = sample_contents()
    bad = replace(contents, doses=(*contents.doses, Dose(date(2026, 1, 1), "gabapentin", -5, "mg")))
    with pytest.raises(ValidationError) as err:
        diary.import_contents(bad)
    assert "amount" in str(err.value)
    assert diary.counts() == dict.fromkeys(diary.counts(), 0)


def test_conflicting_night_is_reported_unless_replacing(diary):
    diary.add_night(Night(date(2026, 1, 10), 9, notes="mine"))
    with pytest.raises(NightConflict) as err:
        diary.import_contents(sample_contents())
    assert err.value.dates == ["2026-01-10"]
    assert diary.counts()["nights"] == 1
    assert diary.counts()["labs"] == 0
    report = diary.import_contents(sample_contents(), replace_nights=True)
    assert report.replaced_nights == 1
    assert diary.night_on(date(2026, 1, 10)).rls_severity == 6


def test_duplicate_dates_inside_an_import_are_refused(diary):
    twice = DiaryContents(nights=(Night(date(2026, 1, 1), 3), Night(date(2026, 1, 1), 4)))
    with pytest.raises(ValidationError) as err:
        diary.import_contents(twice)
    assert "appears more than once" in str(err.value)
    assert diary.counts()["nights"] == 0


def test_import_keeps_an_existing_profile(diary):
    from diary.records import Profile

    diary.set_profile(Profile("Own name"))
    diary.import_contents(sample_contents())
    assert diary.profile().name == "Own name"


def test_fast_whole_read_matches_the_gateways_lists(diary):
    from diary.records import DiaryContents
    from diary.store.snapshot import read_diary

    diary.import_contents(sample_contents())
    listed = DiaryContents(
        nights=tuple(diary.nights()),
        labs=tuple(diary.labs()),
        doses=tuple(diary.doses()),
        supplements=tuple(diary.supplements()),
        infusions=tuple(diary.infusions()),
        venesections=tuple(diary.venesections()),
        profile=diary.profile(),
    )
    assert diary.contents() == listed
    assert read_diary(diary.path) == listed
