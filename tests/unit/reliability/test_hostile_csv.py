"""Garbled CSV never crashes or half-imports an import; export never writes a formula."""

from __future__ import annotations

from datetime import date

import pytest

from diary.errors import KnownError
from diary.records import DiaryContents, Night
from diary.store.csv_exchange import CsvImportError, read_import
from diary.store.gateway import Diary
from tests.reliability import hostile


@pytest.mark.slow
def test_garbled_and_random_csv_is_refused_plainly_or_imported_whole(tmp_path):
    tally = hostile.run_import_fuzz(tmp_path, examples=60)
    assert tally.problems == []
    assert tally.tried == 90
    assert tally.refused > 30


@pytest.mark.slow
def test_export_never_writes_a_formula_and_free_text_round_trips(tmp_path):
    tally = hostile.run_export_fuzz(tmp_path, examples=10)
    assert tally.problems == []
    assert tally.imported >= 8


def test_export_checker_catches_an_unescaped_formula(tmp_path, monkeypatch):
    monkeypatch.setattr("diary.store.csv_write.escape_text", lambda text: text)
    tally = hostile.HostileTally()
    contents = DiaryContents(nights=(Night(date(2025, 1, 1), 3, notes="=1+1"),))
    hostile.export_problems(contents, tmp_path, tally)
    assert any("is a formula" in p for p in tally.problems)


def test_import_checker_catches_a_half_import(tmp_path):
    class HalfImporter:
        """Writes the first night, then refuses: what the checker must never let pass."""

        def __init__(self, diary: Diary) -> None:
            self.diary = diary

        def contents(self):
            return self.diary.contents()

        def import_contents(self, contents):
            self.diary.save_night(contents.nights[0])
            raise KnownError("failed half-way")

    with Diary.open(tmp_path / "d.sqlite", auto_backup=False, today=lambda: hostile.TODAY) as d:
        tally = hostile.HostileTally()
        files = hostile.render_all(hostile.base_contents())
        hostile.try_import(HalfImporter(d), files, tally)
    assert tally.problems == ["a refused import changed the diary: failed half-way"]


def test_unicode_notes_of_10000_characters_round_trip(tmp_path):
    note = ("=ü😀\u200b\r\nنص 中文 \x00\t'" * 700)[:10_000]
    contents = DiaryContents(nights=(Night(date(2025, 1, 1), 4, tags=("-x", "@y"), notes=note),))
    tally = hostile.HostileTally()
    hostile.export_problems(contents, tmp_path, tally)
    assert tally.problems == []
    assert tally.imported == 1


def test_a_20000_row_file_with_one_bad_row_is_refused_whole(tmp_path):
    """(`make reliability` does the same with 100,000 rows.)"""
    src = tmp_path / "doses.csv"
    src.write_bytes(hostile.big_doses_csv(20_000, bad_row=19_000))
    with pytest.raises(CsvImportError) as err:
        read_import(src, today=hostile.TODAY)
    assert err.value.problems == [
        "doses.csv:19001: amount: 'eleven' is not a number (write e.g. 6.5 or 1000)"
    ]
    assert "Nothing was imported" in err.value.message
