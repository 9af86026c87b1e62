"""Long imports report progress and can be cancelled without changing the diary."""

from __future__ import annotations

import itertools

import pytest

from diary.errors import ImportCancelled
from diary.store.csv_exchange import read_import
from diary.store.gateway import Diary
from tests.reliability import hostile

ROWS = 20_000  # `make reliability` imports and cancels 100,000 rows


@pytest.fixture
def big_export(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "doses.csv").write_bytes(hostile.big_doses_csv(ROWS))
    return folder


@pytest.fixture
def diary(tmp_path):
    with Diary.open(tmp_path / "d.sqlite", auto_backup=False, today=lambda: hostile.TODAY) as d:
        d.import_contents(hostile.base_contents())
        yield d


def test_reading_reports_progress_and_cancelling_a_write_changes_nothing(big_export, diary):
    seen: list[tuple[int, int]] = []
    contents = read_import(big_export, today=hostile.TODAY, progress=lambda *p: [seen.append(p)])
    assert len(contents.doses) == ROWS
    assert seen[0] == (0, ROWS)
    assert seen[-1] == (ROWS, ROWS)
    steps = [b - a for (a, _), (b, _) in itertools.pairwise(seen)]
    assert all(0 <= step <= 1000 for step in steps)  # in order, at least every 1,000 rows

    before = diary.contents()
    written: list[tuple[int, int]] = []

    def stop_half_way(done: int, total: int) -> bool:
        written.append((done, total))
        return done < total // 2

    with pytest.raises(ImportCancelled) as err:
        diary.import_contents(contents, progress=stop_half_way)
    assert "Nothing was imported" in str(err.value)
    assert written[-1][0] >= ROWS // 2
    assert written[-1][1] == ROWS
    steps = [b - a for (a, _), (b, _) in itertools.pairwise(written)]
    assert all(0 < step <= 2000 for step in steps)  # every statement of 2,000 rows
    assert diary.contents() == before
    assert diary.counts()["nights"] == len(before.nights)


def test_cancelling_while_reading_stops_with_a_plain_message(big_export):
    calls = []

    def cancel_at_3000(done: int, total: int) -> bool:
        calls.append(done)
        return done < 3000

    with pytest.raises(ImportCancelled) as err:
        read_import(big_export, today=hostile.TODAY, progress=cancel_at_3000)
    assert calls[-1] == 3000
    assert err.value.message == "The import was cancelled."


def test_a_small_import_with_progress_reports_the_end(diary, tmp_path):
    seen = []
    contents = hostile.base_contents()
    with Diary.open(tmp_path / "e.sqlite", auto_backup=False, today=lambda: hostile.TODAY) as d:
        report = d.import_contents(contents, progress=lambda *p: seen.append(p) or True)
    assert report.added["nights"] == 2
    total = sum(contents.counts().values())
    assert seen[0] == (0, total)
    assert seen[-1] == (total, total)
