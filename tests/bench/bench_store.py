"""Store figures: opening the 20-year diary and saving one night durably."""

from __future__ import annotations

import shutil
from datetime import timedelta

from diary.records import Dose, Night
from diary.store.gateway import Diary
from tests.bench.shared import BENCH_TODAY, best_of, demo_diary, work_dir


def bench() -> list[tuple[str, float, str]]:
    source = demo_diary(20)
    path = work_dir() / "store-bench.sqlite"
    shutil.copy(source, path)
    Diary.open(path).close()  # the first open makes the day's backup; time the usual case

    def open_and_close() -> None:
        Diary.open(path).close()

    opening = best_of(open_and_close)
    diary = Diary.open(path)
    days = iter(range(1, 1000))

    def save_one() -> None:
        day = BENCH_TODAY - timedelta(days=365 * 25 + next(days))  # before the demo starts
        diary.save_night(Night(day, 4, 6.5, tags=("bench",)), [Dose(day, "gabapentin", 300, "mg")])

    saving = best_of(save_one, repeat=20)
    nights = diary.counts()["nights"]
    diary.close()
    return [
        (f"open the 20-year diary ({nights} nights)", opening, "≤ 300 ms"),
        ("save one night with its intake (durable)", saving, "≤ 50 ms"),
    ]
