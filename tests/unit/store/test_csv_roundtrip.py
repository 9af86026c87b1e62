"""Export → import → export through real diaries: byte-identical, repeat-safe, conflicts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary import catalog
from diary.errors import NightConflict
from diary.records import (
    DiaryContents,
    Dose,
    LabResult,
    Night,
    Venesection,
)
from diary.store.csv_exchange import FILE_NAMES, read_import, write_export
from diary.store.gateway import Diary
from tests.unit.helpers import make_diary, rich_contents

D = date


def export_of(diary_path: Path, dest: Path) -> dict[str, bytes]:
    with Diary.open(diary_path, create=False, read_only=True) as diary:
        written = write_export(diary.contents(), dest)
    if dest.suffix == ".zip":
        import zipfile

        with zipfile.ZipFile(written[0]) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    return {p.name: p.read_bytes() for p in written}


def without_ids(contents: DiaryContents) -> DiaryContents:
    def strip(records: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(replace(r, id=None) for r in records)

    return DiaryContents(
        *(
            strip(getattr(contents, f))
            for f in ("nights", "labs", "doses", "supplements", "infusions", "venesections")
        )
    )


@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_export_import_export_is_byte_identical(tmp_path: Path, suffix: str) -> None:
    first = export_of(make_diary(tmp_path / "a.sqlite", rich_contents()), tmp_path / f"e1{suffix}")
    imported = read_import(tmp_path / f"e1{suffix}")
    make_diary(tmp_path / "b.sqlite", imported)
    second = export_of(tmp_path / "b.sqlite", tmp_path / f"e2{suffix}")
    assert list(first) == list(FILE_NAMES)
    assert first == second
    assert first["nights.csv"].count(b"\r\n2024-03-") == 7


def test_records_survive_the_trip_unchanged(tmp_path: Path) -> None:
    source = make_diary(tmp_path / "a.sqlite", rich_contents())
    export_of(source, tmp_path / "out")
    make_diary(tmp_path / "b.sqlite", read_import(tmp_path / "out"))
    with Diary.open(source, read_only=True) as a, Diary.open(tmp_path / "b.sqlite") as b:
        assert without_ids(b.contents()) == without_ids(a.contents())
        night = b.night_on(D(2024, 3, 6))
    assert night is not None
    assert night.notes == "'=quoted on purpose"


def test_importing_the_same_export_twice_changes_nothing(tmp_path: Path) -> None:
    export_of(make_diary(tmp_path / "a.sqlite", rich_contents()), tmp_path / "out")
    target = make_diary(tmp_path / "b.sqlite", read_import(tmp_path / "out"))
    with Diary.open(target) as diary:
        before = diary.contents()
        report = diary.import_contents(read_import(tmp_path / "out"))
        after = diary.contents()
    assert after == before
    assert sum(report.added.values()) == 0
    assert report.skipped == rich_contents().counts()


def test_a_conflicting_night_changes_nothing_unless_replacing(tmp_path: Path) -> None:
    export_of(make_diary(tmp_path / "a.sqlite", rich_contents()), tmp_path / "out")
    nights = tmp_path / "out" / "nights.csv"
    nights.write_bytes(nights.read_bytes().replace(b"2024-03-03,0,", b"2024-03-03,9,"))
    target = make_diary(tmp_path / "b.sqlite", rich_contents())
    with Diary.open(target) as diary:
        before = diary.contents()
        with pytest.raises(NightConflict) as caught:
            diary.import_contents(read_import(tmp_path / "out"))
        assert caught.value.dates == ["2024-03-03"]
        assert diary.contents() == before
        report = diary.import_contents(read_import(tmp_path / "out"), replace_nights=True)
        night = diary.night_on(D(2024, 3, 3))
    assert report.replaced_nights == 1
    assert night is not None
    assert night.rls_severity == 9


# Any Unicode text repeated up to exactly 10,000 characters (hypothesis draws short text fast).
LONG_TEXT = st.text(min_size=1, max_size=300).map(lambda s: (s * (10_000 // len(s) + 1))[:10_000])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes=LONG_TEXT, custom=st.text(min_size=1, max_size=200).filter(lambda s: s.strip()))
def test_any_long_unicode_text_round_trips_through_the_csv(
    tmp_path_factory: pytest.TempPathFactory, notes: str, custom: str
) -> None:
    folder = tmp_path_factory.mktemp("long")
    name = catalog.stored_medicine(custom)[0]  # as the store keeps it
    contents = DiaryContents(
        nights=(Night(D(2024, 1, 1), 4, notes=notes),),
        labs=(
            LabResult(D(2024, 1, 1), "ferritin", 30.0, "ng/mL", notes=notes, canonical_value=30.0),
        ),
        doses=(Dose(D(2024, 1, 1), name, 1.0, "tablet", notes=notes),),
        venesections=(Venesection(D(2024, 1, 1), None, notes),),
    )
    write_export(contents, folder / "out")
    back = read_import(folder / "out", today=D(2024, 1, 1))
    assert len(notes) == 10_000
    assert back.nights[0].notes == notes
    assert back.labs[0].notes == notes
    assert back.doses[0].notes == notes
    assert back.doses[0].medication == name
    assert back.venesections[0].notes == notes


def test_a_ten_thousand_character_note_round_trips_through_a_diary(tmp_path: Path) -> None:
    notes = ('=Ünïcødé ✓ 睡眠 "quoted", comma\r\nnew line\n' * 300)[:10_000]
    source = make_diary(
        tmp_path / "a.sqlite", DiaryContents(nights=(Night(D(2024, 1, 1), 4, notes=notes),))
    )
    first = export_of(source, tmp_path / "e1.zip")
    make_diary(tmp_path / "b.sqlite", read_import(tmp_path / "e1.zip"))
    assert export_of(tmp_path / "b.sqlite", tmp_path / "e2.zip") == first
    with Diary.open(tmp_path / "b.sqlite") as diary:
        night = diary.night_on(D(2024, 1, 1))
    assert night is not None
    assert night.notes == notes


def test_the_demo_diary_round_trips_byte_identically(tmp_path: Path) -> None:
    demo = pytest.importorskip("diary.demo")
    contents = demo.generate_contents(seed=1, years=2, end=D(2025, 6, 30))
    first = export_of(make_diary(tmp_path / "a.sqlite", contents), tmp_path / "e1")
    make_diary(tmp_path / "b.sqlite", read_import(tmp_path / "e1"))
    assert export_of(tmp_path / "b.sqlite", tmp_path / "e2") == first
    assert first["nights.csv"].count(b"\r\n") > 600
